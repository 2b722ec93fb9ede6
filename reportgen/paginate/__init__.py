"""Stage 5: decide every line and page, once, for both renderers.

Between compose and render: the document model's paragraphs are broken into
lines with the faces' own advances (metrics.py, lines.py), placed on the
22-line grid page by page (pages.py), and every indent and position is turned
into lengths (geometry.py). The PDF renderer draws exactly these lines and
pages; the DOCX renderer takes the positions and the 版记's page, and its word
processor, breaking lines by the same rules with the same faces, arrives at
the same lines. No renderer decides a layout or writes into the document model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from reportgen.document import Document, Paragraph, Placement, Table
from reportgen.errors import Problem, ReportError
from reportgen.layout import Align, FontRole, LayoutProfile, Style
from reportgen.paginate.geometry import Geometry, geometry_for
from reportgen.paginate.lines import Broken, break_lines
from reportgen.paginate.metrics import NOMINAL, FaceMetrics
from reportgen.paginate.model import Box, Layout, Line
from reportgen.paginate.pages import TableRows, Unit, paginate_units, paragraph_units, place_end_notes, table_units
from reportgen.units import ZERO, Length, Pt

__all__ = ["Geometry", "Layout", "MissingCharacters", "Typesetter", "geometry_for", "paginate"]

# The characters a profile's Latin face takes (digits, Latin letters, ASCII marks): their
# advances are counted in it here, and the PDF sets them in it (render/pdf.py's spans,
# render/css.py's unicode-range), so the lines drawn are the lines counted.
LATIN_RANGE = (0x0020, 0x024F)


class MissingCharacters(ReportError):
    """Characters no face of the document can show: the PDF would print empty boxes."""

    def __init__(self, chars: dict[str, str]):
        self.chars = chars  # character → an excerpt of the text it stands in
        super().__init__([
            Problem(f"“{char}”（U+{ord(char):04X}）在所有字体中都没有，PDF 中会印成空白方框（出现在“{excerpt}”）",
                    hint="请安装含有这个字的字体（放入 fonts/ 文件夹），或改用常用字、在括号中注明读音。")
            for char, excerpt in chars.items()
        ])


@dataclass(frozen=True)
class Typesetter:
    """Character advances of each role's face at each size, as the lines are set."""

    profile: LayoutProfile
    faces: dict[FontRole, FaceMetrics]
    geometry: Geometry

    def face_for(self, char: str, role: FontRole) -> FontRole:
        if FontRole.LATIN in self.faces and LATIN_RANGE[0] <= ord(char) <= LATIN_RANGE[1]:
            return FontRole.LATIN
        return role

    def advance(self, char: str, role: FontRole, size: Length) -> float:
        face = self.faces.get(self.face_for(char, role), NOMINAL)
        return face.advance_em(char) * size.pt + self.geometry.tracking_for(size).pt

    def missing(self, text: str, role: FontRole) -> list[str]:
        """Characters of `text` that neither the role's face nor any other CJK face of the document has."""
        if not self.faces or all(face is NOMINAL for face in self.faces.values()):
            return []
        found = []
        for char in set(text):
            if char.isspace() or self.faces.get(self.face_for(char, role), NOMINAL).covers(char):
                continue
            if not any(face.covers(char) for r, face in self.faces.items() if r is not FontRole.LATIN):
                found.append(char)
        return found


def paginate(document: Document, profile: LayoutProfile, faces: dict[FontRole, FaceMetrics],
             geometry: Geometry) -> Layout:
    """The lines and pages of `document`. `geometry` is the PDF's, whose pages are drawn as decided."""
    setter = Typesetter(profile, faces, geometry)
    boxes: dict[int, Box] = {}
    lines: dict[int, tuple[Line, ...]] = {}
    tables: dict[int, TableRows] = {}
    units: list[Unit] = []
    forced: list[str] = []
    missing: dict[str, str] = {}
    for index, block in enumerate(document.paragraphs):
        if isinstance(block, Table):
            tables[index] = _table_rows(setter, block, missing)
            units += table_units(index, tables[index])
            continue
        pitch, above, below = _heights(profile, geometry, block)
        box = replace(paragraph_box(profile, geometry, block), above=Pt(above), below=Pt(below))
        boxes[index] = box
        broken = _lines(setter, block, box, missing)
        forced += broken.forced
        lines[index] = broken.lines
        units += paragraph_units(index, block, broken.lines, pitch, above, below)
    end_notes_lines: tuple[Line, ...] = ()
    if document.end_notes is not None and document.end_notes.copy_to:
        end_notes_lines = _end_notes_lines(setter, document.end_notes.copy_to, missing)
    if missing:
        raise MissingCharacters(missing)
    pages, last_used = paginate_units(units, geometry.type_height, lines, tables)
    end_notes = None
    if document.end_notes is not None:
        count = len(end_notes_lines) + 1  # the copy-to lines and the 印发 line
        rules = geometry.end_notes_outer_rule * 2 + geometry.end_notes_inner_rule * (1 if end_notes_lines else 0)
        end_notes = place_end_notes(len(pages), last_used, geometry.type_height, end_notes_lines,
                                    geometry.line_pitch * count + rules)
    return Layout(pages, boxes, end_notes, tuple(dict.fromkeys(forced)))


def paragraph_box(profile: LayoutProfile, geometry: Geometry, paragraph: Paragraph) -> Box:
    """Indents of a paragraph: the style's, or its placement's [7.3.4, 7.3.5]."""
    spec = profile.element(paragraph.style)
    size = paragraph.size or spec.size
    char = geometry.char(size)
    placement: Placement | None = paragraph.placement
    if placement is None:
        return Box(spec.align, first_line=char * spec.first_line_chars)
    at = char * placement.chars
    right = geometry.header_inset if paragraph.right else ZERO
    if placement.edge is Align.RIGHT:
        return Box(Align.RIGHT, right=at, first_line=char * placement.first_line)
    return Box(Align.LEFT, left=at, right=right, first_line=char * placement.first_line)


def _runs(paragraph: Paragraph, style_font: FontRole):
    return [(run.text, run.font or style_font, run.bold) for run in paragraph.runs]


def _lines(setter: Typesetter, paragraph: Paragraph, box: Box, missing: dict[str, str]) -> Broken:
    spec = setter.profile.element(paragraph.style)
    size = paragraph.size or spec.size
    runs = _runs(paragraph, spec.font)
    right_runs = [(run.text, run.font or spec.font) for run in paragraph.right]
    for text, font, *_ in [*runs, *right_runs]:
        for char in setter.missing(text, font):
            missing.setdefault(char, text[:30])
    width = setter.geometry.type_width - box.left - box.right
    if paragraph.right:
        # The 发文字号 and the 签发人 share one line, each against its own edge.
        runs = [*runs, (" ", spec.font), *right_runs]
    return break_lines(
        runs, lambda char, font: setter.advance(char, font or spec.font, size),
        first_width=(width - box.first_line).pt, width=width.pt,
        justify=spec.align is Align.JUSTIFY and paragraph.placement is None and not paragraph.right,
        gap=setter.geometry.script_gap(size).pt,
    )


def _heights(profile: LayoutProfile, geometry: Geometry, paragraph: Paragraph) -> tuple[float, float, float]:
    """(line pitch, extra above the first line, extra below the last), in pt."""
    spec = profile.element(paragraph.style)
    pitch = (paragraph.size or spec.line_pitch or profile.line_pitch).pt
    below = 0.0
    if paragraph.rule_below is not None:
        below = (geometry.rule_space + paragraph.rule_below.thickness).pt
    return pitch, paragraph.space_before.pt, below


def _table_rows(setter: Typesetter, table: Table, missing: dict[str, str]) -> TableRows:
    """Each cell's lines in its column, and each row's height: its tallest cell, its padding, its rule."""
    profile, geometry = setter.profile, setter.geometry
    heights = []
    broken_rows = []
    for row_index, row in enumerate((table.header, *table.rows)):
        spec = profile.element(Style.TABLE_HEAD if row_index == 0 else table.style)
        cells = []
        for text, share in zip(row, table.widths, strict=True):
            for char in setter.missing(text, spec.font):
                missing.setdefault(char, text[:30])
            room = (geometry.type_width * share - geometry.table_padding * 2 - geometry.table_rule).pt
            broken = break_lines([(text, spec.font)], lambda c, f, s=spec.size: setter.advance(c, f, s),
                                 first_width=room, width=room, justify=False,
                                 gap=geometry.script_gap(spec.size).pt)
            cells.append(tuple(line.text for line in broken.lines))
        broken_rows.append(tuple(cells))
        pitch = (spec.line_pitch or profile.line_pitch).pt
        tallest = max(len(cell) for cell in cells) if cells else 1
        heights.append(tallest * pitch + (geometry.table_padding * 2 + geometry.table_rule).pt)
    # Every row takes whole lines of the page's grid (the header with the rule above
    # it), so the text after a table, in the body or on the next page, stays on the grid.
    grid = geometry.line_pitch.pt
    rule = geometry.table_rule.pt
    header_height = _on_grid(heights[0] + rule, grid)
    rows = tuple(_on_grid(height, grid) for height in heights[1:])
    return TableRows(broken_rows[0], tuple(broken_rows[1:]), header_height, rows, rule)


def _on_grid(height: float, grid: float) -> float:
    """`height` rounded up to whole lines of `grid` (a hair's tolerance for rounding)."""
    return math.ceil(height / grid - 1e-6) * grid


def _end_notes_lines(setter: Typesetter, copy_to: str, missing: dict[str, str]) -> tuple[Line, ...]:
    """抄送 wraps under its first name, one character in on both sides [7.4]."""
    geometry = setter.geometry
    role = setter.profile.element(Style.END_NOTES).font
    for char in setter.missing(copy_to, role):
        missing.setdefault(char, copy_to[:30])
    width = geometry.type_width - geometry.end_notes_inset * 2
    broken = break_lines([(copy_to, role)], lambda c, f: setter.advance(c, f, geometry.end_notes_size),
                         first_width=width.pt, width=(width - geometry.end_notes_hang).pt, justify=False,
                         gap=geometry.script_gap(geometry.end_notes_size).pt)
    return broken.lines


def nominal_faces(profile: LayoutProfile) -> dict[FontRole, FaceMetrics]:
    """No face on this machine (a DOCX-only build): each role counted at the official faces' widths."""
    return dict.fromkeys(profile.fonts, NOMINAL)
