"""The document model: what both renderers draw, and nothing about how.

The compose stage builds it from the templates' output; the paginate stage
decides its lines and pages; render/docx.py and render/pdf.py each turn it into
a file. Because both read the same model, the DOCX and the PDF carry the same
text by construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportgen.layout import Align, FontRole, Style
from reportgen.units import ZERO, Length


@dataclass(frozen=True)
class Run:
    """A stretch of text; `font` overrides the paragraph style's face.

    A run-in heading ("1.交流层面进一步拓宽。2011年……") is one paragraph of two
    runs: the heading in its level's face up to the first "。", the rest in the
    body face.
    """

    # "\n" is a line break inside the paragraph (a title over several lines).
    text: str
    font: FontRole | None = None
    bold: bool | None = None  # None: the paragraph style's weight (a run-in heading's text: the body's)


@dataclass(frozen=True)
class Placement:
    """A line set against one edge, `chars` characters in from it (the signature
    block's 右空二字, 右空四字, …). Against the right edge the renderer aligns
    right, so the position holds whatever width the word processor gives digits.
    `first_line` (against the left edge) indents or, negative, hangs the first line:
    the 附件说明's names wrap under their first character."""

    edge: Align  # Align.LEFT or Align.RIGHT
    chars: float
    first_line: float = 0


@dataclass(frozen=True)
class Rule:
    """A rule across the type area, `gap` below the paragraph's (last) baseline."""

    color: str  # RRGGBB
    thickness: Length
    gap: Length
    visible: bool = True  # False: keeps its place, draws nothing (a preprinted letterhead)


@dataclass(frozen=True)
class Paragraph:
    style: Style
    runs: tuple[Run, ...] = ()
    # Text on the same line set against the right edge, one character in (the
    # 签发人 beside the 发文字号 [7.2.6]).
    right: tuple[Run, ...] = ()
    placement: Placement | None = None  # None keeps the style's alignment and indents
    # On the same page as the next paragraph: the signature block never starts a
    # page alone, so the body's last line goes along with it [7.3.5.5].
    keep_with_next: bool = False
    # Two lines at least at the foot of a page and at the head of the next (Word's
    # widow control): the text after a heading never leaves one line under it.
    widow_control: bool = False
    page_break_before: bool = False  # each attachment starts a page [7.3.7]
    space_before: Length = ZERO  # the issuer's mark, placed 35 mm down [7.2.4]
    size: Length | None = None  # overrides the style's size (a long issuer's name)
    rule_below: Rule | None = None  # the red rule under the 发文字号 [7.2.5]
    invisible: bool = False  # takes its space, prints nothing (a preprinted letterhead's mark)

    @property
    def text(self) -> str:
        """The paragraph's text; a tab parts what stands at the left from what at the right."""
        left = "".join(run.text for run in self.runs)
        return f"{left}\t{''.join(run.text for run in self.right)}" if self.right else left


@dataclass(frozen=True)
class Table:
    """A table: a header row (repeated on every page it crosses) and body rows;
    `numeric` columns are aligned right."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    widths: tuple[float, ...]  # fractions of the type area's width, one per column
    style: Style = Style.TABLE_TEXT

    @property
    def text(self) -> str:
        return "\n".join("\t".join(row) for row in (self.header, *self.rows))


Block = Paragraph | Table


@dataclass(frozen=True)
class EndNotes:
    """版记 [7.4], drawn at the foot of the last page (which page: reportgen/paginate)."""

    copy_to: str  # "抄送：市委办公厅，市政府办公厅。", or "" when there is none
    printed_by: str  # 印发机关
    printed_on: str  # "2012年2月27日印发"

    @property
    def text(self) -> str:
        return "\n".join(t for t in (self.copy_to, f"{self.printed_by}\t{self.printed_on}") if t)


@dataclass(frozen=True)
class Document:
    office: str
    year: int
    title: str
    paragraphs: tuple[Block, ...] = field(default_factory=tuple)  # paragraphs and tables, in order
    end_notes: EndNotes | None = None

    @property
    def text(self) -> str:
        """The document's text, one paragraph a line (blank lines kept)."""
        lines = [p.text for p in self.paragraphs]
        if self.end_notes is not None:
            lines.append(self.end_notes.text)
        return "\n".join(lines)
