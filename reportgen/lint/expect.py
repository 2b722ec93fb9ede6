"""What a profile asks for, where lint needs more than reading one field.

Profile variants change the page-number side (centred page numbers), the face of
digits (Times New Roman) and the line pitch (28 pt): the checks read those here,
so a new variant in layout.PROFILES is judged by its own numbers.
"""

from __future__ import annotations

import math

from reportgen.layout import Align, FontRole, LayoutProfile

# Profiles made before the page-number side and the Latin face were settable
# have the standard's: odd pages right, even pages left; digits in the role's face.
_DEFAULT_SIDE = {True: Align.RIGHT, False: Align.LEFT}

_LATIN = getattr(FontRole, "LATIN", None)


def page_number_align(profile: LayoutProfile, odd: bool) -> Align:
    return getattr(profile, "page_number_odd" if odd else "page_number_even", _DEFAULT_SIDE[odd])


def page_number_rule(profile: LayoutProfile, odd: bool) -> str:
    """"单页码应居右空一字": what a reader is told when the number is elsewhere."""
    align = page_number_align(profile, odd)
    kind = "单页码" if odd else "双页码"
    if align is Align.CENTER:
        return f"{kind}应居中"
    side = "右" if align is Align.RIGHT else "左"
    return f"{kind}应居{side}空{_chars(profile.standard.page_number_indent_chars)}字"


def _chars(count: float) -> str:
    return {1: "一", 2: "二"}.get(count, f"{count:g} 个")


def digit_role(profile: LayoutProfile, role: FontRole) -> FontRole:
    """The role whose face digits and Latin letters take inside text of `role`."""
    if _LATIN is not None and _LATIN in profile.fonts:
        return _LATIN
    return role


def text_bottom_mm(profile: LayoutProfile) -> float:
    """Distance from the paper's bottom to the last grid line's bottom edge.

    The grid holds as many whole lines as fit the type area; with 28.95 pt that
    fills it (22 lines), with a smaller pitch the rest stays empty at the bottom.
    """
    height = profile.standard.type_height.pt
    lines = math.floor(height / profile.line_pitch.pt + 1e-6)
    used = lines * profile.line_pitch.pt
    return profile.standard.margin_bottom.mm + (height - used) * 25.4 / 72
