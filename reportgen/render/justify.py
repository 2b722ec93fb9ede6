"""Inter-character justification for the PDF.

WeasyPrint justifies a line by widening its spaces, and a line of Chinese has
none, so a line holding half-width digits ("共计接待28批368人次") would end short
of the right edge. Word and WPS spread such a line's slack over its characters;
so does this module, in two passes: WeasyPrint lays the page out once, the
slack of every full line of a justified paragraph is read from its line boxes,
and the second layout sets each of those lines on its own, with its slack added
to its letter spacing. The line breaks themselves stay Pango's.
"""

from __future__ import annotations

from dataclasses import dataclass

PX_PER_PT = 4 / 3  # WeasyPrint's boxes are measured in CSS pixels
PARAGRAPH_KEY = "data-p"  # attribute naming the model paragraph a <p> renders


@dataclass(frozen=True)
class LineFit:
    text: str
    slack_pt: float  # how far the line falls short of the type area's width
    last: bool  # a paragraph's last line is never stretched


def measure_lines(rendered, available_pt: float) -> dict[int, list[LineFit]]:
    """The lines of every paragraph of a rendered WeasyPrint document."""
    from reportgen.render.weasyprint_loader import load_weasyprint

    boxes = load_weasyprint().formatting_structure.boxes

    found: dict[int, list[tuple[str, float]]] = {}
    for page in rendered.pages:
        for box in page._page_box.descendants():
            if not isinstance(box, boxes.LineBox) or box.element is None:
                continue
            key = box.element.get(PARAGRAPH_KEY)
            if key is None:
                continue
            texts = [t.text for t in box.descendants() if isinstance(t, boxes.TextBox)]
            right = max((c.position_x + c.margin_width() for c in box.children), default=box.position_x)
            used_pt = (right - box.position_x) / PX_PER_PT
            found.setdefault(int(key), []).append(("".join(texts), available_pt - used_pt))
    return {
        key: [LineFit(text, slack, i == len(lines) - 1) for i, (text, slack) in enumerate(lines)]
        for key, lines in found.items()
    }


def split_runs(runs: list[tuple[str, object]], lines: list[LineFit]):
    """Cut the paragraph's runs at the line breaks: for each line, its (text, font) pieces.

    Returns None when the lines do not spell the paragraph (white space the
    layout collapsed in an unexpected place): that paragraph then keeps
    WeasyPrint's own setting rather than risk a wrong text.
    """
    text = "".join(t for t, _ in runs)
    owners = [font for t, font in runs for _ in t]
    position = 0
    result = []
    for line in lines:
        while position < len(text) and text[position].isspace() and not line.text[:1].isspace():
            position += 1
        if not text.startswith(line.text, position):
            return None
        pieces: list[tuple[str, object]] = []
        for offset, char in enumerate(line.text):
            font = owners[position + offset]
            if pieces and pieces[-1][1] is font:
                pieces[-1] = (pieces[-1][0] + char, font)
            else:
                pieces.append((char, font))
        result.append(pieces)
        position += len(line.text)
    if text[position:].strip():
        return None
    return result
