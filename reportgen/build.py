"""The library API: the pipeline, one stage after another.

load → validate → figures → compose → render DOCX | PDF → publish.
The CLI and the tests call these functions; nothing here prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen import figures as figures_stage
from reportgen.compose import compose
from reportgen.document import Document
from reportgen.layout import STANDARD, LayoutProfile
from reportgen.load import load_input
from reportgen.publish import output_paths, write_all
from reportgen.validate import validate

if TYPE_CHECKING:
    from reportgen.render.pdf import PdfOptions

FORMATS = ("docx", "pdf")


@dataclass(frozen=True)
class BuildResult:
    document: Document
    files: dict[str, Path]
    font_notes: tuple[str, ...]


def check(input_path: Path, templates_dir: Path | None = None) -> Document:
    """Everything a build checks, short of rendering: WeasyPrint is not imported."""
    return compose_document(input_path, templates_dir=templates_dir)


def compose_document(
    input_path: Path, profile: LayoutProfile = STANDARD, templates_dir: Path | None = None
) -> Document:
    loaded = load_input(input_path)
    report = validate(loaded)
    figures = figures_stage.compute(report)
    return compose(report, figures, loaded.source, profile, templates_dir)


def build(
    input_path: Path,
    out_dir: Path = Path("output"),
    formats: tuple[str, ...] = FORMATS,
    profile: LayoutProfile = STANDARD,
    templates_dir: Path | None = None,
    fonts_dir: Path | None = None,
    pdf_options: PdfOptions | None = None,
) -> BuildResult:
    document = compose_document(input_path, profile, templates_dir)
    rendered: dict[str, bytes] = {}
    notes: tuple[str, ...] = ()
    if "pdf" in formats:
        # Fonts first: a missing CJK face must stop the build before anything is written.
        from reportgen.fonts import resolve_fonts
        from reportgen.render.pdf import PdfOptions, render_pdf

        fonts = resolve_fonts(profile, fonts_dir)
        notes = tuple(font.describe() for font in fonts.values())
    if "docx" in formats:
        from reportgen.render.docx import render_docx

        rendered["docx"] = render_docx(document, profile)
    if "pdf" in formats:
        rendered["pdf"] = render_pdf(document, profile, fonts, pdf_options or PdfOptions())
    paths = output_paths(out_dir, document.office, document.year, document.title, formats)
    write_all({paths[fmt]: rendered[fmt] for fmt in formats})
    return BuildResult(document=document, files=paths, font_notes=notes)
