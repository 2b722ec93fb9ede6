"""The library API: the pipeline, one stage after another.

load → validate → figures (catalogue, ledger, previous year) → compose →
render DOCX | PDF → publish. The CLI and the tests call these functions;
nothing here prints.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.catalogue import load_catalogue
from reportgen.compose import compose
from reportgen.document import Document
from reportgen.errors import Problem, ReportError
from reportgen.figures import Figures, compute
from reportgen.layout import LayoutProfile, profile_named
from reportgen.ledger import read_ledger
from reportgen.load import LoadedInput, expect_keys, load_input
from reportgen.publish import output_paths, write_all
from reportgen.schema import ReportInput
from reportgen.stale import stale_references
from reportgen.validate import validate

if TYPE_CHECKING:
    from reportgen.render.pdf import PdfOptions

FORMATS = ("docx", "pdf")


@dataclass(frozen=True)
class Composed:
    document: Document
    figures: Figures
    warnings: tuple[Problem, ...]
    profile: LayoutProfile


@dataclass(frozen=True)
class BuildResult:
    document: Document
    files: dict[str, Path]
    font_notes: tuple[str, ...]
    warnings: tuple[Problem, ...] = ()


def figures_for(input_path: Path, loaded: LoadedInput, report: ReportInput, with_previous: bool = True) -> Figures:
    """The year's figures; with the previous year's, when its input can be found."""
    beside = input_path.parent
    catalogue = load_catalogue(report.catalogue, beside)
    check_targets(report, loaded, catalogue)
    ledger = read_ledger(report, loaded.source, catalogue, beside)
    previous = previous_input(input_path, report) if with_previous else None
    if previous is None:
        return compute(report, loaded.source, catalogue, ledger)
    prev_loaded = load_input(previous, "上年的输入文件")
    expect_keys(prev_loaded, ("office", "year"), "上年的输入文件")
    prev_report = validate(prev_loaded)
    if prev_report.year != report.year - 1 or prev_report.office != report.office:
        raise ReportError(Problem(
            f"上年的输入是 {prev_report.office} {prev_report.year} 年的，"
            f"应为 {report.office} {report.year - 1} 年的", file=str(previous),
            hint="请检查 previous 所指的文件，或上年文件中的 office 和 year。",
        ))
    prev_figures = figures_for(previous, prev_loaded, prev_report, with_previous=False)
    return compute(report, loaded.source, catalogue, ledger, previous=prev_figures,
                   previous_targets=prev_report.targets(), previous_source=prev_loaded.source)


def check_targets(report: ReportInput, loaded: LoadedInput, catalogue) -> None:
    """A plan target must name a type of the catalogue: checked when the plan is
    written, not a year later when it is measured."""
    problems = []
    for path, target in report.targets():
        kind = target.count.activity
        if kind is not None and kind not in catalogue.types:
            close = difflib.get_close_matches(kind, list(catalogue.types), n=1, cutoff=0.3)
            hint = f"是不是“{close[0]}”？" if close else f"可选：{'、'.join(catalogue.types)}。"
            problems.append(loaded.source.problem((*path, "count", "activity"), f"活动类型“{kind}”不在目录中", hint))
    if problems:
        raise ReportError(problems)


def previous_input(input_path: Path, report: ReportInput) -> Path | None:
    """The previous year's input: named in `previous:`, else <year-1>.yaml beside
    this one, else the latest revision of that year in the archive
    ($REPORTGEN_ARCHIVE, or output/archive)."""
    if report.previous is not None:
        path = input_path.parent / report.previous
        if not path.exists():  # a folder or a pipe is said to be one when it is read
            raise ReportError(Problem(f"找不到上年的输入文件“{report.previous}”", file=str(input_path),
                                      field="previous", hint="路径相对于本输入文件所在的文件夹。"))
        return path
    path = input_path.parent / f"{report.year - 1}{input_path.suffix}"
    if path.is_file():
        return path
    from reportgen.archive.store import archive_root

    root = archive_root(None)
    if not root.is_dir():
        return None
    from reportgen.archive.service import previous_year_input  # sqlite3 and more: only when there is an archive

    return previous_year_input(root, report.office, report.year)


def compose_input(
    input_path: Path, profile: LayoutProfile | None = None, templates_dir: Path | None = None
) -> Composed:
    """Everything up to the document model. `profile` overrides the input's own."""
    loaded = load_input(input_path)
    report = validate(loaded)
    profile = profile or profile_named(report.profile)
    figures = figures_for(input_path, loaded, report)
    document = compose(report, figures, loaded.source, profile, templates_dir)
    # Read after composing: the templates' and the text's look-ups add their own.
    warnings = (*stale_references(report, loaded.source), *figures.warnings)
    return Composed(document, figures, tuple(dict.fromkeys(warnings)), profile)


def compose_document(
    input_path: Path, profile: LayoutProfile | None = None, templates_dir: Path | None = None
) -> Document:
    return compose_input(input_path, profile, templates_dir).document


def check(input_path: Path, templates_dir: Path | None = None, strict: bool = False) -> Composed:
    """Everything a build checks, short of rendering: WeasyPrint is not imported."""
    composed = compose_input(input_path, templates_dir=templates_dir)
    if strict and composed.warnings:
        raise ReportError(list(composed.warnings))
    return composed


def build(
    input_path: Path,
    out_dir: Path = Path("output"),
    formats: tuple[str, ...] = FORMATS,
    profile: LayoutProfile | None = None,
    templates_dir: Path | None = None,
    fonts_dir: Path | None = None,
    pdf_options: PdfOptions | None = None,
    strict: bool = False,
) -> BuildResult:
    """Build the report; with `strict`, any warning stops the build before a file is written."""
    composed = compose_input(input_path, profile, templates_dir)
    if strict and composed.warnings:
        raise ReportError(list(composed.warnings))
    document, profile = composed.document, composed.profile
    rendered: dict[str, bytes] = {}
    notes: tuple[str, ...] = ()
    laid = None
    # The PDF needs a first layout; so does a 版记, whose page both formats take from it.
    if "pdf" in formats or document.end_notes is not None:
        # Fonts first: a missing CJK face must stop the build before anything is written.
        from reportgen.fonts import resolve_fonts
        from reportgen.render.pdf import PdfOptions, lay_out, render_pdf

        fonts = resolve_fonts(profile, fonts_dir)
        notes = tuple(font.describe() for font in fonts.values()) if "pdf" in formats else ()
        laid = lay_out(document, profile, fonts)
        document = laid.document
    if "docx" in formats:
        from reportgen.render.docx import render_docx

        rendered["docx"] = render_docx(document, profile)
    if "pdf" in formats:
        rendered["pdf"] = render_pdf(document, profile, fonts, pdf_options or PdfOptions(), laid)
    paths = output_paths(out_dir, document.office, document.year, document.title, formats)
    write_all({paths[fmt]: rendered[fmt] for fmt in formats})
    return BuildResult(document=document, files=paths, font_notes=notes, warnings=composed.warnings)
