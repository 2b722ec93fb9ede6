"""Every position and width the renderers set, computed once from the profile.

`geometry_for` turns the standard's numbers, the office's choices and the
renderer's calibration into lengths; the DOCX and the PDF renderer each ask
for their own and only convert its lengths to twips or CSS points. A number
that differs between the two renderers differs only through the calibration.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportgen.calibration import Calibration, Quantity, Renderer
from reportgen.layout import Align, FontRole, LayoutProfile, Standard, Style
from reportgen.typography import SCRIPT_GAP_EM
from reportgen.units import ZERO, Length, Pt


@dataclass(frozen=True)
class Geometry:
    renderer: Renderer
    page_width: Length
    page_height: Length
    margin_top: Length
    margin_bottom: Length
    margin_left: Length
    margin_right: Length
    type_width: Length
    type_height: Length
    line_pitch: Length
    chars_per_line: int
    # 5.2.3: 28 三号 characters fill 442.2 pt only if each gives up a little. The
    # DOCX can say it in twentieths of a point only, so both renderers take that
    # step: the same characters then fit the same lines.
    tracking: Length
    body_size: Length
    page_number_size: Length
    page_number_inset: Length  # one 四号 character in from the type area's edge [7.5]
    page_number_odd: Align
    page_number_even: Align
    # PDF: padding-top of the page number's margin box; DOCX: the footer distance.
    page_number_drop: Length
    header_distance: Length
    # From the bottom of the 发文字号's line box to the top edge of the red rule [7.2.5].
    rule_space: Length
    issuer_extra_per_pt: Length  # more space above the issuer's mark (DOCX), per point of its size
    header_inset: Length  # 发文字号 and 签发人, one character in [7.2.5, 7.2.6]
    end_notes_size: Length
    end_notes_inset: Length  # one 四号 character in on both sides [7.4]
    end_notes_hang: Length  # 抄送 names wrap under the first, after "抄送："
    end_notes_outer_rule: Length
    end_notes_inner_rule: Length
    table_padding: Length
    table_rule: Length
    notes: tuple[str, ...] = ()  # calibrations that stood in for an unmeasured face

    def tracking_for(self, size: Length) -> Length:
        """Only 三号 text needs to give up width; smaller text keeps its advances."""
        return self.tracking if size == self.body_size else ZERO

    def issuer_extra_space(self, size: Length) -> Length:
        """How much more space the DOCX puts above an issuer's mark of `size` (calibrated
        at the profile's size, scaled to a mark shrunk to fit its line)."""
        return self.issuer_extra_per_pt * size.pt

    def script_gap(self, size: Length) -> Length:
        """What LibreOffice sets between an East Asian letter and a Latin letter or
        digit: a fifth of the font size in whole twips (sw/source/core/text/itrform2.cxx:
        "the distance between two different scripts is set to 20% of the fontheight").
        A DOCX cannot switch it off, so the PDF sets the same (docs/libreoffice.md)."""
        return Pt(math.floor(size.twips * SCRIPT_GAP_EM) / 20)

    def char(self, size: Length) -> Length:
        """One character of `size` for indents and placements ("右空二字"): for 三号
        text a cell of the 28-character grid, so that a position counted from the
        left and one counted from the right agree; otherwise the size itself."""
        return self.type_width / self.chars_per_line if size == self.body_size else size

    def chars(self, count: float, size: Length | None = None) -> Length:
        return self.char(size or self.body_size) * count


def body_tracking(standard: Standard) -> Length:
    """5.2.3: what each 三号 character gives up so that 28 fill a line, in whole
    twentieths of a point (the DOCX's unit), rounded down so that 28 still fit."""
    per_char = standard.type_width.pt / standard.chars_per_line - standard.body_size.pt
    return Pt(math.floor(per_char * 20) / 20)


def geometry_for(
    profile: LayoutProfile, faces: dict[FontRole, str], calibration: Calibration, renderer: Renderer
) -> Geometry:
    """`faces`: the face name (file stem) each role is set in, for the calibration's keys."""
    standard = profile.standard
    notes: list[str] = []

    def measured(quantity: Quantity, role: FontRole, at: Length) -> Length:
        found = calibration.value(renderer, quantity, faces.get(role, "nominal"), at)
        if found.warning:
            notes.append(found.warning)
        return found.value

    tracking = body_tracking(standard)
    page_number = Quantity.PAGE_NUMBER_PADDING if renderer is Renderer.PDF else Quantity.FOOTER_DISTANCE
    header = profile.element(Style.DOC_NUMBER)
    below_baseline = measured(Quantity.BASELINE_TO_LINE_BOTTOM, header.font, profile.line_pitch)
    issuer = profile.element(Style.ISSUER)
    extra = measured(Quantity.ISSUER_EXTRA_SPACE, issuer.font, issuer.size) / issuer.size.pt \
        if renderer is Renderer.DOCX else ZERO
    notes_char = standard.end_notes_size
    body_char = standard.type_width / standard.chars_per_line
    return Geometry(
        renderer=renderer,
        page_width=standard.page_width, page_height=standard.page_height,
        margin_top=standard.margin_top, margin_bottom=standard.margin_bottom,
        margin_left=standard.margin_left, margin_right=standard.margin_right,
        type_width=standard.type_width, type_height=standard.type_height,
        line_pitch=profile.line_pitch, chars_per_line=standard.chars_per_line,
        tracking=tracking, body_size=standard.body_size,
        page_number_size=standard.page_number_size,
        page_number_inset=standard.page_number_size * standard.page_number_indent_chars,
        page_number_odd=profile.page_number_odd, page_number_even=profile.page_number_even,
        page_number_drop=measured(page_number, FontRole.SONGTI, standard.page_number_size),
        header_distance=profile.header_distance,
        rule_space=standard.header_rule_gap - below_baseline - profile.header_rule * 0.5,
        issuer_extra_per_pt=extra,
        header_inset=body_char * standard.header_indent_chars,
        end_notes_size=notes_char,
        end_notes_inset=notes_char * standard.end_notes_indent_chars,
        end_notes_hang=notes_char * len("抄送："),
        end_notes_outer_rule=standard.end_notes_outer_rule,
        end_notes_inner_rule=standard.end_notes_inner_rule,
        table_padding=profile.table_cell_padding, table_rule=profile.table_rule,
        notes=tuple(dict.fromkeys(notes)),
    )
