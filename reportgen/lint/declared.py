"""The headings a report's input declares, for `reportgen lint --input`.

The input chooses how its headings are numbered (numbering: a start at 三、,
part labels, numbers continuing across sections, headings without a number);
a document made from it carries those numbers, which the standard's plain
sequence would call wrong. Composing the input the way `build` does gives
every heading with its number, text and level, which lint then accepts.
"""

from __future__ import annotations

from pathlib import Path

from reportgen.layout import HEADING_STYLES, Style
from reportgen.lint.text import DeclaredHeading, heading_of, label_end


def declared_headings(input_path: Path) -> tuple[DeclaredHeading, ...]:
    """Every heading of the report `input_path` describes, in order (ReportError
    when the input has errors, as `check` would say them)."""
    from reportgen.build import compose_input  # lint alone never composes

    document = compose_input(Path(input_path)).document
    found = []
    levels = {Style.PART_HEADING: 0, **{style: n for n, style in enumerate(HEADING_STYLES, 1)}}
    for paragraph in document.paragraphs:
        level = levels.get(getattr(paragraph, "style", None))
        if level is None:
            continue
        text = paragraph.runs[0].text if paragraph.runs else ""
        heading = heading_of(text)
        if heading is None:
            found.append(DeclaredHeading("", text, level))
        else:
            found.append(DeclaredHeading(heading.label, text[label_end(text, heading):], level))
    return tuple(found)
