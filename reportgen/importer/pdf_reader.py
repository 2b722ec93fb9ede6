"""Read a PDF's text layer into SourceBlocks: best effort.

A PDF keeps lines, not paragraphs: a line starts a new paragraph when it is
indented (the first line's two characters), centred, set against the right
edge (the signature), or follows a line that ended short of the right margin.
Faces come from the embedded fonts' names (FandolHei, SimHei → 黑体, …), so
headings set apart by their face are found as in a DOCX. Page numbers
("— 3 —") are dropped; ruled tables are read as tables.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from reportgen import readers
from reportgen.archive.textextract import PAGE_NUMBER_LINE
from reportgen.importer.source import Align, SourceBlock, SourceDocument, SourceParagraph, SourceTable, Span, face_of

if TYPE_CHECKING:
    import pdfplumber


def read_pdf(pdf: pdfplumber.PDF, name: str) -> SourceDocument:
    """The blocks of a PDF opened by readers.open_pdf (which bounds its pages, streams and
    password), page by page through readers.pages."""
    lines, tables = [], []
    for page_index, page in enumerate(readers.pages(pdf)):
        boxes = []
        for table in page.find_tables():
            boxes.append(table.bbox)
            rows = tuple(tuple((c or "").replace("\n", "") for c in row) for row in table.extract())
            tables.append((page_index, table.bbox[1], rows))
        for line in page.extract_text_lines(return_chars=True, strip=True):
            if any(b[0] - 1 <= line["x0"] and line["x1"] <= b[2] + 1 and b[1] - 1 <= line["top"] <= b[3] + 1
                   for b in boxes):
                continue
            lines.append((page_index, line))
    return SourceDocument(name=name, blocks=tuple(_paragraphs(lines, tables)), application="PDF")


def _is_page_number(text: str) -> bool:
    return PAGE_NUMBER_LINE.match(text) is not None


def _spans(chars) -> tuple[Span, ...]:
    spans: list[Span] = []
    before = None
    for char in chars:
        name = char.get("fontname", "")
        # Subset prefixes (ABCDEF+FandolHei-Regular) say nothing about the face.
        family = name.split("+", 1)[-1]
        text = char["text"]
        # A PDF draws no space between Latin words, it leaves a gap (or a line break): put the space back.
        if before is not None and before["text"].isalnum() and before["text"].isascii() \
                and text.isalnum() and text.isascii() \
                and (abs(before["top"] - char["top"]) > 1 or char["x0"] - before["x1"] > 0.2 * float(char["size"])):
            text = " " + text
        before = char
        span = Span(text, face_of(family), "bold" in family.lower(), round(float(char["size"]), 1))
        last = spans[-1] if spans else None
        if last and (last.face, last.bold, last.size_pt) == (span.face, span.bold, span.size_pt):
            spans[-1] = Span(last.text + span.text, last.face, last.bold, last.size_pt)
        else:
            spans.append(span)
    return tuple(spans)


def _centred(line, left: float, right: float, size: float) -> bool:
    """Centred in the type area (not on the page: the margins differ), short of both edges.
    A line of body text indented two characters that happens to end as far short of the
    right edge looks the same: only a line in another size (a title's) may start there."""
    margin_left, margin_right = line["x0"] - left, right - line["x1"]
    if min(margin_left, margin_right) < size / 2 or abs(margin_left - margin_right) > size / 2:
        return False
    body_indent = abs(margin_left - 2 * size) < 1
    return not body_indent or abs(float(line["chars"][0]["size"]) - size) > 1


def _paragraphs(lines, tables) -> list[SourceBlock]:
    body = [line for _, line in lines if not _is_page_number(line["text"])]
    if not body:
        return []
    size = Counter(round(float(c["size"])) for line in body for c in line["chars"]).most_common(1)[0][0] or 16
    # The type area's edges: where lines that recur start and end (first lines are indented,
    # last lines short, so neither edge is simply the commonest position).
    starts_at = Counter(round(line["x0"]) for line in body)
    ends_at = Counter(round(line["x1"]) for line in body)
    left = min((x for x, n in starts_at.items() if n >= 2), default=min(starts_at))
    right = max((x for x, n in ends_at.items() if n >= 2), default=max(ends_at))
    blocks: list[SourceBlock] = []
    current: list = []
    align: Align | None = None
    count = 0
    table_queue = sorted(tables, key=lambda t: (t[0], t[1]))

    def close() -> None:
        nonlocal current, count
        if current:
            count += 1
            chars = [c for line in current for c in line["chars"]]
            blocks.append(SourceParagraph(number=count, spans=_spans(chars), align=align))
        current = []

    previous = None
    for page_index, line in lines:
        if _is_page_number(line["text"]):
            continue
        while table_queue and (table_queue[0][0], table_queue[0][1]) <= (page_index, line["top"]):
            close()
            blocks.append(SourceTable(number=count, rows=table_queue.pop(0)[2]))
        centred = _centred(line, left, right, size)
        flush_right = abs(line["x1"] - right) < size and line["x0"] > left + 6 * size
        indented = line["x0"] > left + 0.8 * size
        line_align = Align.CENTER if centred else Align.RIGHT if flush_right else None
        starts = (
            previous is None or centred or flush_right or indented or align in (Align.CENTER, Align.RIGHT)
            or previous["x1"] < right - 1.5 * size
        )
        if starts:  # consecutive centred lines (a long title) are joined by the recogniser
            close()
            align = line_align
        current.append(line)
        previous = line
    close()
    for _, _, rows in table_queue:
        blocks.append(SourceTable(number=count, rows=rows))
    return blocks
