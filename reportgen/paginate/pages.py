"""Placing the lines on pages: the grid, kept-together lines, repeated table heads, the 版记.

The flow is cut into units that cannot be split (a line, a table row), each
with its height and whether it must stay on the page of the unit after it.
Pages are filled in order; when a unit does not fit, the page ends at the
last place the glue allows. The 版记 then goes to the foot of the last page,
which must be even and have room for it [7.4].
"""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.document import Paragraph
from reportgen.paginate.model import EndNotesPlace, Line, Page, ParagraphSlice, Slice, TableSlice
from reportgen.units import Length

_EPSILON = 0.01  # pt: rounding in the renderers


@dataclass(frozen=True)
class Unit:
    block: int
    index: int  # line index in a paragraph; row index in a table (-1: its header row)
    height: float  # pt
    glue_next: bool = False  # no page break between this unit and the next
    break_before: bool = False  # starts a page


@dataclass(frozen=True)
class TableRows:
    """A table's rows broken into lines, and their heights."""

    header: tuple[tuple[str, ...], ...]  # per cell: its lines
    rows: tuple[tuple[tuple[str, ...], ...], ...]
    header_height: float  # with the rule above it
    heights: tuple[float, ...]
    rule: float = 0.0  # the table's rule, above the header row


def paragraph_units(block: int, paragraph: Paragraph, lines: tuple[Line, ...], pitch: float,
                    first_extra: float, last_extra: float) -> list[Unit]:
    units = []
    count = len(lines)
    for i in range(count):
        last = i == count - 1
        height = pitch + (first_extra if i == 0 else 0) + (last_extra if last else 0)
        # Keep-with-next keeps the whole paragraph together too: LibreOffice moves
        # such a paragraph to the next page whole rather than split it (measured,
        # docs/libreoffice.md), unless it starts a page.
        keep = paragraph.keep_with_next
        # Widow control: the first two lines stay together, and so do the last two.
        widow = paragraph.widow_control and count >= 2 and i in (0, count - 2)
        units.append(Unit(block, i, height, glue_next=keep or widow,
                          break_before=i == 0 and paragraph.page_break_before))
    return units


def table_units(block: int, rows: TableRows) -> list[Unit]:
    # The header never ends a page alone: it keeps with the first row.
    return [Unit(block, -1, rows.header_height, glue_next=bool(rows.heights)),
            *(Unit(block, i, height) for i, height in enumerate(rows.heights))]


def fill_pages(units: list[Unit], page_height: float, tables: dict[int, TableRows]) -> list[list[Unit]]:
    """The units of each page, the repeated table headers among them."""
    pages: list[list[Unit]] = [[]]
    used = 0.0
    i = 0
    while i < len(units):
        unit = units[i]
        page = pages[-1]
        if unit.break_before and page:
            pages.append([])
            used = 0.0
            continue
        if used + unit.height <= page_height + _EPSILON or not page:
            page.append(unit)
            used += unit.height
            i += 1
            continue
        # Does not fit: end the page where the glue allows, as late as possible.
        cut = len(page)
        while cut > 0 and page[cut - 1].glue_next:
            cut -= 1
        if cut == 0:  # glued from the page's top: nothing to do but break here
            cut = len(page)
        moved, pages[-1] = page[cut:], page[:cut]
        pages.append([])
        used = 0.0
        first = moved[0] if moved else unit
        if first.block in tables and first.index >= 0:
            header = tables[first.block]
            pages[-1].append(Unit(first.block, -1, header.header_height, glue_next=True))
            used += header.header_height
        for carried in moved:
            pages[-1].append(carried)
            used += carried.height
    return [page for page in pages if page]


def slices_of(page_units: list[Unit], lines: dict[int, tuple[Line, ...]],
              tables: dict[int, TableRows]) -> tuple[Slice, ...]:
    """Consecutive units of one block on a page become one slice."""
    slices: list[Slice] = []
    groups: list[list[Unit]] = []
    for unit in page_units:
        if groups and groups[-1][0].block == unit.block:
            groups[-1].append(unit)
        else:
            groups.append([unit])
    for group in groups:
        block = group[0].block
        if block in tables:
            rows = tuple(u.index for u in group if u.index >= 0)
            table = tables[block]
            heights = (table.header_height - table.rule, *(table.heights[r] for r in rows))
            slices.append(TableSlice(block, rows, (table.header, *(table.rows[r] for r in rows)), heights))
        else:
            indices = [u.index for u in group]
            all_lines = lines[block]
            slices.append(ParagraphSlice(block, tuple(all_lines[i] for i in indices),
                                         first=indices[0] == 0, last=indices[-1] == len(all_lines) - 1))
    return tuple(slices)


def paginate_units(units: list[Unit], page_height: Length, lines: dict[int, tuple[Line, ...]],
                   tables: dict[int, TableRows]) -> tuple[tuple[Page, ...], float]:
    """The pages, and the height used on the last one (pt)."""
    filled = fill_pages(units, page_height.pt, tables)
    pages = tuple(Page(n, slices_of(page, lines, tables)) for n, page in enumerate(filled, 1))
    last_used = sum(unit.height for unit in filled[-1]) if filled else 0.0
    return pages, last_used


def place_end_notes(pages: int, last_used: float, page_height: Length, copy_to_lines: tuple[Line, ...],
                    height: Length) -> EndNotesPlace:
    """7.4: on the last page, which is even, below the text: otherwise one or two pages more."""
    breaks = 0
    if last_used > page_height.pt - height.pt + _EPSILON:
        breaks, pages = 1, pages + 1
    if pages % 2:
        breaks, pages = breaks + 1, pages + 1
    return EndNotesPlace(page=pages, breaks_before=breaks, copy_to_lines=copy_to_lines, height=height)
