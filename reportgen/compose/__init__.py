"""Stage 4: compose the document model from the input, the figures and the templates."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from reportgen.compose import markup
from reportgen.compose.templates import MAIN_TEMPLATE, environment, template_problem
from reportgen.compose.text import expand_texts
from reportgen.document import Document
from reportgen.errors import Problem, ReportError
from reportgen.figures import Figures, FigureView, Note
from reportgen.layout import LayoutProfile
from reportgen.load import SourceMap
from reportgen.quantity import UnknownFigure
from reportgen.schema import ReportInput


@dataclass(frozen=True)
class Composition:
    document: Document
    # Caveats of the figures the texts printed, each at the text that printed it.
    warnings: tuple[Problem, ...]


def text_values(office: str, figures: Figures) -> dict[str, object]:
    """What the templates and the input's own text may read besides `figures` (which is
    given to each text with a list of its own for the notes of what it printed)."""
    return {
        "office": office,
        "year": figures.year,
        "next_year": figures.next_year,
        "previous_year": figures.previous_year,
    }


def compose(
    report: ReportInput,
    figures: Figures,
    source: SourceMap,
    profile: LayoutProfile,
    templates_dir: Path | None = None,
) -> Composition:
    values = text_values(report.office, figures)
    report, warnings = expand_texts(report, values, figures, source)
    env = environment(templates_dir)
    notes: list[Note] = []
    try:
        template = env.get_template(MAIN_TEMPLATE)
        text = template.render(report=report, figures=FigureView(figures, notes), **values)
    except (jinja2.TemplateError, UnknownFigure) as err:
        raise ReportError(template_problem(err)) from None
    except ValueError as err:
        # A figure the template asked for that cannot be given (a table of an unknown dimension, …).
        problem = template_problem(err)
        raise ReportError(Problem(f"模板中的数字有误：{err}", file=problem.file, line=problem.line)) from None
    filename = template.filename or MAIN_TEMPLATE
    warnings += [Problem(note.message, file=filename, hint=note.hint) for note in notes]
    title, paragraphs, end_notes = markup.parse(text, profile, filename, report.office)
    document = Document(
        office=report.office, year=report.year, title=title, paragraphs=tuple(paragraphs), end_notes=end_notes
    )
    return Composition(document, tuple(dict.fromkeys(warnings)))
