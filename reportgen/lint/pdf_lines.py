"""A PDF page as lines of text, and the type area those lines occupy.

A PDF keeps no paragraphs, styles or margins: only glyphs at positions. The type
area (版心) is what the text fills, so it is measured from the glyphs: the
leftmost line start, the rightmost justified line end, and the grid slots of the
first and last lines (a line's slot is one pitch high, centred on its glyphs).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from reportgen.typography import HANGING_MARKS

# Glyphs whose baselines differ by less than this sit on one line.
SAME_LINE_PT = 2.0


@dataclass
class Line:
    page: int  # 1-based
    baseline: float  # from the page's top, in pt
    chars: list[dict]
    end_notes: bool = False  # between the 版记's rules [7.4]

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def x0(self) -> float:
        return self.chars[0]["x0"]

    @property
    def x1(self) -> float:
        return self.chars[-1]["x1"]

    @property
    def x1_unhung(self) -> float:
        """The line's end without closing punctuation set past the edge."""
        chars = self.chars
        if len(chars) > 1 and chars[-1]["text"] in HANGING_MARKS:
            return chars[-2]["x1"]
        return chars[-1]["x1"]

    @property
    def centre_x(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def centre_y(self) -> float:
        """The middle of the glyphs' boxes: both WeasyPrint and LibreOffice centre a
        line's glyphs in its exact-height slot to within 0.2 pt (measured)."""
        tops = [c["top"] for c in self.chars]
        bottoms = [c["bottom"] for c in self.chars]
        return (min(tops) + max(bottoms)) / 2

    @property
    def size(self) -> float:
        """The size most of the line's glyphs have (a note mark does not count)."""
        sizes = Counter(round(c["size"], 1) for c in self.chars)
        return sizes.most_common(1)[0][0]


def page_lines(page, number: int) -> list[Line]:
    """Upright visible glyphs grouped into lines, top to bottom, left to right."""
    chars = [c for c in page.chars if c["text"].strip() and c.get("upright", True)]
    # Text inside a ruled table (an attachment's) is not body text: its size and
    # pitch are the table's own, as in the DOCX, where tables are not checked either.
    # The 版记 is set between full-width rules with no rule across them: a word
    # processor draws it as lines, not as a table (LibreOffice's rendering of the DOCX).
    notes = _end_notes_band(page)
    tables = [table.bbox for table in page.find_tables()] if page.rects or page.lines else []
    tables = [box for box in tables if notes is None or not (notes[0] - 2 <= box[1] and box[3] <= notes[1] + 2)]
    chars = [c for c in chars if not any(_inside(c, box) for box in tables)]
    height = page.height
    found: list[Line] = []
    for char in sorted(chars, key=lambda c: (_baseline(c, height), c["x0"])):
        y = _baseline(char, height)
        if found and abs(found[-1].baseline - y) < SAME_LINE_PT:
            found[-1].chars.append(char)
        else:
            found.append(Line(number, y, [char]))
    for line in found:
        line.chars = _without_doubles(sorted(line.chars, key=lambda c: c["x0"]))
        if notes is not None:
            line.end_notes = notes[0] < line.chars[0]["top"] and line.chars[0]["bottom"] < notes[1]
    return found


def _end_notes_band(page) -> tuple[float, float] | None:
    """(top, bottom) of the space between the highest and the lowest of two or more
    long horizontal rules in the lower half of a page that no vertical rule crosses."""
    rules = [(o["top"], o["x0"], o["x1"]) for o in [*page.lines, *page.rects]
             if o["bottom"] - o["top"] < 2 and o["x1"] - o["x0"] > page.width / 2 and o["top"] > page.height / 2]
    if len(rules) < 2:
        return None
    top, bottom = min(r[0] for r in rules), max(r[0] for r in rules)
    crossing = [o for o in [*page.lines, *page.rects]
                if o["x1"] - o["x0"] < 2 and o["top"] < bottom and o["bottom"] > top]
    if crossing or bottom - top < 10:
        return None
    return top, bottom


def _inside(char: dict, box) -> bool:
    x0, top, x1, bottom = box
    return x0 - 1 <= char["x0"] and char["x1"] <= x1 + 1 and top - 1 <= char["top"] and char["bottom"] <= bottom + 1


def _baseline(char: dict, page_height: float) -> float:
    # The text matrix's translation is the glyph origin, on the baseline.
    return page_height - char["matrix"][5]


def _without_doubles(chars: list[dict]) -> list[dict]:
    """A glyph drawn twice at one place (synthetic bold) is one character."""
    kept: list[dict] = []
    for char in chars:
        if kept and kept[-1]["text"] == char["text"] and abs(kept[-1]["x0"] - char["x0"]) < 0.5:
            continue
        kept.append(char)
    return kept


@dataclass(frozen=True)
class Edge:
    """One side of the measured type area: its position and the line that set it."""

    pt: float
    line: Line


@dataclass(frozen=True)
class MeasuredArea:
    left: Edge
    right: Edge | None  # None when no two lines end together (no full lines)
    top: Edge | None  # None when no page shows where its first line sits
    bottom: Edge
    # With more than one page some page ran full, so the lowest line shows where
    # the type area ends; a single page may simply end early.
    bottom_is_full: bool
    page_width: float

    @property
    def centre_x(self) -> float:
        if self.right is None:
            return self.page_width / 2
        return (self.left.pt + self.right.pt) / 2


# Lines that end (or start) within this of each other share an edge: justified
# lines end together to 0.1 pt, LibreOffice's within 1 pt (measured)…
SHARED_EDGE_PT = 1.2
# …and an edge is the type area's when this many lines share it: two short lines
# of the same length (two 6-character headings) share an end by chance.
SHARED_EDGE_LINES = 3


def _shared_edge(lines: list[Line], position, outermost) -> Line | None:
    """The outermost line whose edge at least SHARED_EDGE_LINES lines share.

    A paragraph's last line ends anywhere and a stray line (a table, a long
    address) may stick out; full lines end together at the type area's edge.
    """
    ordered = sorted(lines, key=position, reverse=outermost is max)
    for i, line in enumerate(ordered):
        near = sum(1 for other in ordered[i:] if abs(position(other) - position(line)) <= SHARED_EDGE_PT)
        if near >= SHARED_EDGE_LINES:
            return line
    return None


def measure_area(pages: list[list[Line]], pitch: float, body_size: float, page_width: float,
                 skip_top_of: set[int], lines_per_page: int = 22) -> MeasuredArea | None:
    """The type area the text fills. `skip_top_of`: pages whose first line is not on
    the first grid line by design (page 1 under a 版头).

    The top is taken from a page that starts with a body line when there is one:
    a larger title's glyphs sit up to 1 mm higher in their slot (LibreOffice).
    """
    # The 版记 stands at the type area's foot, off the grid of a pitch that does not fill it.
    pages = [[line for line in lines if not line.end_notes] for lines in pages]
    every = [line for lines in pages for line in lines]
    if not every:
        return None
    left = _shared_edge(every, lambda line: line.x0, min) or min(every, key=lambda line: line.x0)
    right = _shared_edge(every, lambda line: line.x1_unhung, max)
    firsts = [lines[0] for lines in pages if lines and lines[0].page not in skip_top_of]
    firsts = [line for line in firsts if abs(line.size - body_size) < 0.05] or firsts
    top = min(firsts, key=lambda line: line.centre_y, default=None)
    # The bottom is read off a full page: text from its first grid line to its last.
    # A page under a 版头 is off the grid, and a page that ends short says nothing.
    span = (lines_per_page - 1) * pitch - pitch / 2
    full = [lines for lines in pages if lines and lines[0].page not in skip_top_of
            and lines[-1].centre_y - lines[0].centre_y >= span]
    bottom = max((lines[-1] for lines in (full or [p for p in pages if p])), key=lambda line: line.centre_y)
    return MeasuredArea(
        Edge(left.x0, left),
        None if right is None else Edge(right.x1_unhung, right),
        None if top is None else Edge(top.centre_y - pitch / 2, top),
        Edge(bottom.centre_y + pitch / 2, bottom),
        bottom_is_full=bool(full),
        page_width=page_width,
    )
