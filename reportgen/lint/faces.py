"""Which font names count as the official face of a role.

A DOCX made by hand names a face the way its author's Word or WPS spells it:
仿宋_GB2312, 仿宋 and FangSong are the same style of letter. The names come from
the profile's own candidates (layout.FontFace), so a face added there is known
here too; the free Fandol faces are left out, as Word users don't have them and
would see a fallback instead.
"""

from __future__ import annotations

from reportgen.layout import FontRole, LayoutProfile

# Spellings of the official faces that the profile's candidates lack (it never
# asks the system for them): Founder's English name of the GBK 小标宋.
_EXTRA: dict[FontRole, tuple[str, ...]] = {
    FontRole.XIAOBIAOSONG: ("FZXiaoBiaoSong-B05",),
}

_FREE_SUBSTITUTE_PREFIX = "fandol"


def normalise(name: str) -> str:
    return "".join(name.split()).casefold()


def accepted_names(profile: LayoutProfile, role: FontRole) -> frozenset[str]:
    face = profile.fonts[role]
    names = (face.docx_name, *face.candidates, *_EXTRA.get(role, ()))
    return frozenset(normalise(n) for n in names if not normalise(n).startswith(_FREE_SUBSTITUTE_PREFIX))


def is_face(profile: LayoutProfile, role: FontRole, name: str | None) -> bool:
    return name is not None and normalise(name) in accepted_names(profile, role)


def describe(profile: LayoutProfile, role: FontRole) -> str:
    """"仿宋（仿宋_GB2312）": the style of letter and the name the DOCX should carry."""
    official = profile.fonts[role].docx_name
    return role.value if official == role.value else f"{role.value}（{official}）"


# 字号 names staff choose from in Word's and WPS's size box.
SIZE_NAMES = {42: "初号", 36: "小初", 26: "一号", 24: "小一", 22: "二号", 18: "小二", 16: "三号",
              15: "小三", 14: "四号", 12: "小四", 10.5: "五号", 9: "小五"}


def size_text(points: float) -> str:
    name = SIZE_NAMES.get(points)
    shown = f"{points:g} 磅"
    return f"{shown}（{name}）" if name else shown
