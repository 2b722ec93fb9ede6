"""Which installed face the PDF embeds for each font role, and what stood in for what.

Official faces come first (a `fonts/` folder the user fills, then the system's),
then the free Fandol faces. A role with no CJK face at all stops the build: a
PDF of blank boxes must never leave the office (pitfalls, WeasyPrint 1).
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

from reportgen.errors import FontError, Problem
from reportgen.layout import FontRole, LayoutProfile

FONT_SUFFIXES = {".ttf", ".otf", ".ttc", ".otc"}
INSTALL_HINT = (
    "请把正式字体（仿宋_GB2312、黑体、楷体_GB2312、宋体、方正小标宋简体，以及所选版式要求的字体）"
    "放入 fonts/ 文件夹，或安装免费的替代字体（Fandol 中文字体、Liberation Serif）："
    "运行 make demo（Debian 上以 root 身份）会自动安装。"
)


@dataclass(frozen=True)
class InstalledFace:
    families: tuple[str, ...]
    style: str
    file: Path
    index: int = 0  # face index inside a .ttc collection

    @property
    def bold(self) -> bool:
        return "bold" in self.style.lower() or "粗" in self.style

    @property
    def italic(self) -> bool:
        return any(word in self.style.lower() for word in ("italic", "oblique")) or "斜" in self.style


@dataclass(frozen=True)
class ResolvedFont:
    role: FontRole
    wanted: str  # the official face the DOCX names
    family: str  # the family actually used
    file: Path
    index: int
    bold: bool
    # The same family's bold face, for elements a profile sets in bold; None when
    # the family has none (WeasyPrint cannot embolden a face itself).
    bold_file: Path | None = None
    needs_bold: bool = False

    @property
    def substituted(self) -> bool:
        return self.family != self.wanted

    def describe(self) -> str:
        shown = f"{self.family}{' Bold' if self.bold else ''}"
        return f"{self.role.value}：{shown}" if not self.substituted else \
            f"{self.role.value}：未找到 {self.wanted}，以 {shown} 代替"


def without_missing_bold(profile: LayoutProfile, fonts: dict[FontRole, ResolvedFont]
                         ) -> tuple[LayoutProfile, str | None]:
    """The profile with bold taken off the elements whose face has no bold file,
    and a note saying so. WeasyPrint cannot embolden a face itself, so such an
    element would be bold in the DOCX (Word and LibreOffice fake it) and regular
    in the PDF: both outputs set it regular instead, and the user is told once."""
    lacking = {role for role, font in fonts.items() if font.needs_bold and font.bold_file is None}
    dropped = [style for style, spec in profile.elements.items() if spec.bold and spec.font in lacking]
    if not dropped:
        return profile, None
    elements = {style: replace(spec, bold=False) if style in dropped else spec
                for style, spec in profile.elements.items()}
    names = "、".join(profile.element(style).docx_name for style in dropped)
    faces = "、".join(dict.fromkeys(fonts[profile.element(style).font].family for style in dropped))
    return replace(profile, elements=elements), (
        f"版式要求{names}加粗，但 {faces} 没有粗体字形：PDF 和 DOCX 中都以常规字重排出"
        f"（放入带粗体的字体后重新生成即可加粗）"
    )


def resolve_fonts(profile: LayoutProfile, user_dir: Path | None) -> dict[FontRole, ResolvedFont]:
    faces = list(_faces_in(user_dir)) if user_dir else []
    faces += _system_faces()
    resolved: dict[FontRole, ResolvedFont] = {}
    missing: list[FontRole] = []
    bold_roles = {spec.font for spec in profile.elements.values() if spec.bold}
    for role, spec in profile.fonts.items():
        choice = _choose(faces, spec.candidates, spec.docx_name, spec.bold_fallback)
        if choice is None:
            missing.append(role)
            continue
        family, face = choice
        bold_face = next((f for f in faces if family in f.families and f.bold and not f.italic), None)
        resolved[role] = ResolvedFont(
            role=role, wanted=spec.docx_name, family=family, file=face.file,
            index=face.index, bold=face.bold and family != spec.docx_name,
            bold_file=bold_face.file if bold_face and role in bold_roles else None,
            needs_bold=role in bold_roles,
        )
    if missing:
        names = "、".join(f"{r.value}（{profile.fonts[r].docx_name}）" for r in missing)
        raise FontError(Problem(f"本机没有可用于 {names} 的字体，无法生成 PDF", hint=INSTALL_HINT))
    return resolved


def _choose(faces, candidates, official, bold_fallback):
    for family in candidates:
        matches = [f for f in faces if family in f.families]
        if not matches:
            continue
        upright = [f for f in matches if not f.italic] or matches
        want_bold = family != official and bold_fallback
        weighted = [f for f in upright if f.bold == want_bold] or upright
        return family, weighted[0]
    return None


@functools.cache
def _system_faces() -> list[InstalledFace]:
    if shutil.which("fc-list") is None:
        return []
    out = subprocess.run(
        # Every face, not only Chinese ones: a profile may ask for a Latin face too.
        ["fc-list", "-f", "%{family}\t%{style}\t%{index}\t%{file}\n"],
        capture_output=True, text=True, check=False,
    ).stdout
    faces = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 4:
            continue
        families, style, index, file = parts
        faces.append(InstalledFace(
            families=tuple(f.strip() for f in families.split(",")),
            style=style.split(",")[0], file=Path(file), index=int(index or 0),
        ))
    # A stable order, so the same machine always embeds the same file.
    return sorted(faces, key=lambda f: (str(f.file), f.index))


def _faces_in(directory: Path):
    """Faces in a folder the user filled with official fonts (read with fontTools)."""
    if not directory.is_dir():
        return
    from fontTools.ttLib import TTCollection, TTFont  # only when such a folder exists

    for path in sorted(directory.rglob("*")):
        if path.suffix.lower() not in FONT_SUFFIXES:
            continue
        try:
            if path.suffix.lower() in {".ttc", ".otc"}:
                fonts = list(TTCollection(str(path), lazy=True).fonts)
            else:
                fonts = [TTFont(str(path), lazy=True)]
        except Exception:  # not a font after all: skip it like fontconfig would
            continue
        for index, font in enumerate(fonts):
            name = font["name"]
            families = {r.toUnicode() for r in name.names if r.nameID in (1, 16)}
            style = next((r.toUnicode() for r in name.names if r.nameID in (2, 17)), "Regular")
            yield InstalledFace(tuple(sorted(families)), style, path, index)
