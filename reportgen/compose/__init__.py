"""Stage 4: compose the document model from the input, the figures and the templates."""

from __future__ import annotations

from pathlib import Path

import jinja2

from reportgen.compose import markup
from reportgen.compose.templates import MAIN_TEMPLATE, environment, template_problem
from reportgen.compose.text import expand_texts
from reportgen.document import Document
from reportgen.errors import ReportError
from reportgen.figures import Figures
from reportgen.layout import LayoutProfile
from reportgen.load import SourceMap
from reportgen.schema import ReportInput


def compose(
    report: ReportInput,
    figures: Figures,
    source: SourceMap,
    profile: LayoutProfile,
    templates_dir: Path | None = None,
) -> Document:
    # What the templates and the input's own text may read.
    values = {
        "office": report.office,
        "year": figures.year,
        "next_year": figures.next_year,
        "previous_year": figures.previous_year,
        "figures": figures,
    }
    report = expand_texts(report, values, source)
    env = environment(templates_dir)
    try:
        template = env.get_template(MAIN_TEMPLATE)
        text = template.render(report=report, **values)
    except jinja2.TemplateError as err:
        raise ReportError(template_problem(err)) from None
    title, paragraphs, end_notes = markup.parse(
        text, profile, template.filename or MAIN_TEMPLATE, report.office
    )
    return Document(
        office=report.office, year=report.year, title=title, paragraphs=tuple(paragraphs), end_notes=end_notes
    )
