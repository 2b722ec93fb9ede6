"""What the paginate stage decides, for both renderers to follow."""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.layout import Align, FontRole
from reportgen.units import ZERO, Length


@dataclass(frozen=True)
class Piece:
    """Text of one face within a line."""

    text: str
    font: FontRole | None = None  # None: the paragraph style's face
    bold: bool | None = None  # None: the paragraph style's weight


@dataclass(frozen=True)
class Line:
    pieces: tuple[Piece, ...]
    width: Length  # the advances of its characters, tracking included
    available: Length  # the room the line had
    justify: bool = False  # a full line of a justified paragraph: its slack goes between its characters

    @property
    def text(self) -> str:
        return "".join(piece.text for piece in self.pieces)

    @property
    def slack(self) -> Length:
        return self.available - self.width


@dataclass(frozen=True)
class Box:
    """Where a paragraph's lines stand across the type area: renderer-neutral lengths."""

    align: Align
    left: Length = ZERO
    right: Length = ZERO
    first_line: Length = ZERO  # added to `left` on the first line (negative hangs it)
    # Heights beyond its lines that the pages were filled with: space above the
    # first line (the issuer's mark) and below the last (the 版头's rule). A
    # renderer that needs other amounts takes the difference back (render/docx.py).
    above: Length = ZERO
    below: Length = ZERO


@dataclass(frozen=True)
class ParagraphSlice:
    """The lines of one paragraph that stand on one page."""

    block: int  # index into Document.paragraphs
    lines: tuple[Line, ...]
    first: bool  # holds the paragraph's first line
    last: bool  # holds its last line


@dataclass(frozen=True)
class TableSlice:
    """The rows of one table that stand on one page, under its header row."""

    block: int
    rows: tuple[int, ...]  # indices into Table.rows
    cells: tuple[tuple[tuple[str, ...], ...], ...]  # per row (header first), per cell: its lines
    # Per row (header first): its height from rule to rule, whole lines of the grid
    # (the header's without the rule above it).
    heights: tuple[float, ...] = ()


Slice = ParagraphSlice | TableSlice


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    slices: tuple[Slice, ...]


@dataclass(frozen=True)
class EndNotesPlace:
    """The 版记 at the foot of the last page, an even one [7.4]."""

    page: int
    breaks_before: int  # pages started after the text so that the 版记 lands on an even page with room
    copy_to_lines: tuple[Line, ...]
    height: Length  # its lines and rules


@dataclass(frozen=True)
class Layout:
    pages: tuple[Page, ...]
    boxes: dict[int, Box]  # per paragraph block: its indents
    end_notes: EndNotesPlace | None
    # Where a run with no break point (a long number or word) was broken at the line's
    # end: the characters around each break, for a warning at its place in the input.
    forced_breaks: tuple[str, ...] = ()

    @property
    def page_count(self) -> int:
        return len(self.pages) + (self.end_notes.breaks_before if self.end_notes else 0)
