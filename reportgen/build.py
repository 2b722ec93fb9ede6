"""The library API: the pipeline, one stage after another.

load → validate → figures (catalogue, ledger, previous year) → compose →
render DOCX | PDF → publish. The CLI, the web editor, the archive and the
tests call these functions; nothing here prints. Imports go one way: this
module knows the stages, no stage knows it; the archive is reached only
through the `previous_lookup` a caller passes in.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.catalogue import load_catalogue, office_catalogue_file
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
    from reportgen.paginate import Layout
    from reportgen.render.pdf import PdfOptions

FORMATS = ("docx", "pdf")

# Where last year's input is when it is neither beside this one nor named in
# `previous:` — (office, year of that input) → its path, or None. The CLI passes
# the archive's (reportgen.archive.previous_lookup); the library alone has none.
PreviousLookup = Callable[[str, int], Path | None]


@dataclass(frozen=True)
class Composed:
    document: Document
    figures: Figures
    warnings: tuple[Problem, ...]
    profile: LayoutProfile
    # Every file the composition read: the input, its ledgers and catalogue, and
    # last year's input with its own. What the archive keeps to rebuild the report.
    inputs: tuple[Path, ...] = ()


@dataclass(frozen=True)
class BuildResult:
    document: Document
    files: dict[str, Path]
    font_notes: tuple[str, ...]
    warnings: tuple[Problem, ...] = ()
    layout_notes: tuple[str, ...] = ()
    pages: int = 0  # as the paginate stage laid them out


# How many earlier years figures.cumulative may add up (each year's input, found as the previous year's is).
HISTORY_YEARS = 30


def figures_for(
    input_path: Path, loaded: LoadedInput, report: ReportInput, previous_lookup: PreviousLookup | None = None,
    with_previous: bool = True, history: int | None = None,
) -> tuple[Figures, tuple[Path, ...]]:
    """The year's figures (with the previous year's, when its input can be found),
    and the files they were computed from. When the input asks for a cumulative
    total, the earlier years' inputs are read too, as far as they go (`history`
    years back at most); one of those that cannot be read ends the chain there."""
    beside = input_path.parent
    catalogue = load_catalogue(report.catalogue, beside)
    check_targets(report, loaded, catalogue)
    ledger = read_ledger(report, loaded.source, catalogue, beside)
    own_catalogue = office_catalogue_file(report.catalogue, beside)
    files = (input_path, *ledger.files, *([own_catalogue] if own_catalogue else []))
    if history is None:
        history = HISTORY_YEARS if _asks_for_history(input_path) else 1
    previous = previous_input(input_path, report, previous_lookup) if with_previous and history > 0 else None
    if previous is None:
        return compute(report, loaded.source, catalogue, ledger), files
    prev_loaded = load_input(previous, "上年的输入文件")
    expect_keys(prev_loaded, ("office", "year"), "上年的输入文件")
    prev_report = validate(prev_loaded)
    if prev_report.year != report.year - 1 or prev_report.office != report.office:
        raise ReportError(Problem(
            f"上年的输入是 {prev_report.office} {prev_report.year} 年的，"
            f"应为 {report.office} {report.year - 1} 年的", file=str(previous),
            hint="请检查 previous 所指的文件，或上年文件中的 office 和 year。",
        ))
    prev_figures, prev_files = _earlier_figures(previous, prev_loaded, prev_report, previous_lookup, history - 1)
    figures = compute(report, loaded.source, catalogue, ledger, previous=prev_figures,
                      previous_targets=prev_report.targets(), previous_source=prev_loaded.source)
    return figures, (*files, *prev_files)


def _asks_for_history(input_path: Path) -> bool:
    """Whether the input's text adds up earlier years (figures.cumulative)."""
    try:
        return "cumulative" in input_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False


def _earlier_figures(path: Path, loaded: LoadedInput, report: ReportInput, lookup: PreviousLookup | None,
                     history: int) -> tuple[Figures, tuple[Path, ...]]:
    """Last year's figures, with the years before it when cumulative totals need them:
    last year's input must be right (its figures are compared); an error further back
    only ends the chain (the cumulative total then says which years it adds up)."""
    if history <= 0:
        return figures_for(path, loaded, report, with_previous=False)
    try:
        return figures_for(path, loaded, report, lookup, history=history)
    except ReportError:
        return figures_for(path, loaded, report, with_previous=False)


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


def previous_input(input_path: Path, report: ReportInput, lookup: PreviousLookup | None = None) -> Path | None:
    """The previous year's input: named in `previous:`, else <year-1>.yaml beside
    this one, else what `lookup` finds (the archive's latest revision of that year)."""
    if report.previous is not None:
        path = input_path.parent / report.previous
        if not path.exists():  # a folder or a pipe is said to be one when it is read
            raise ReportError(Problem(f"找不到上年的输入文件“{report.previous}”", file=str(input_path),
                                      field="previous", hint="路径相对于本输入文件所在的文件夹。"))
        return path
    path = input_path.parent / f"{report.year - 1}{input_path.suffix}"
    if path.is_file():
        return path
    return lookup(report.office, report.year - 1) if lookup is not None else None


def compose_input(
    input_path: Path, profile: LayoutProfile | None = None, templates_dir: Path | None = None,
    previous_lookup: PreviousLookup | None = None,
) -> Composed:
    """Everything up to the document model. `profile` overrides the input's own."""
    loaded = load_input(input_path)
    report = validate(loaded)
    profile = profile or profile_named(report.profile)
    figures, inputs = figures_for(input_path, loaded, report, previous_lookup)
    composition = compose(report, figures, loaded.source, profile, templates_dir)
    warnings = (*stale_references(report, loaded.source), *figures.warnings, *composition.warnings)
    return Composed(composition.document, figures, tuple(dict.fromkeys(warnings)), profile,
                    tuple(dict.fromkeys(inputs)))


def check(
    input_path: Path, templates_dir: Path | None = None, strict: bool = False,
    previous_lookup: PreviousLookup | None = None,
) -> Composed:
    """Everything a build checks, short of rendering: WeasyPrint is not imported."""
    composed = compose_input(input_path, templates_dir=templates_dir, previous_lookup=previous_lookup)
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
    previous_lookup: PreviousLookup | None = None,
) -> BuildResult:
    """Build the report; with `strict`, any warning stops the build before a file is written."""
    composed = compose_input(input_path, profile, templates_dir, previous_lookup)
    if strict and composed.warnings:
        raise ReportError(list(composed.warnings))
    rendered = render(composed, formats, fonts_dir, pdf_options)
    document = rendered.document
    paths = output_paths(out_dir, document.office, document.year, document.title, formats)
    write_all({paths[fmt]: rendered.files[fmt] for fmt in formats})
    return BuildResult(document=document, files=paths, font_notes=rendered.font_notes, warnings=composed.warnings,
                       layout_notes=rendered.layout_notes, pages=rendered.layout.page_count)


@dataclass(frozen=True)
class Rendered:
    document: Document
    layout: Layout
    files: dict[str, bytes]  # format → the file's bytes
    # What stood in for what: faces for the PDF, measurements for unmeasured faces,
    # lines broken inside a word. Said to the user, not errors.
    font_notes: tuple[str, ...]
    layout_notes: tuple[str, ...] = ()


def lay_out(composed: Composed, fonts_dir: Path | None = None, need_faces: bool = True) -> Laid:
    """The paginate stage: faces, their metrics, both renderers' geometry, and the
    lines and pages. Without `need_faces` (a DOCX-only build) a machine with no
    CJK face still gets a layout, counted at the official faces' nominal widths."""
    from reportgen.calibration import Renderer, load_calibration
    from reportgen.errors import FontError
    from reportgen.fonts import resolve_fonts, without_missing_bold
    from reportgen.paginate import MissingCharacters, geometry_for, nominal_faces, paginate
    from reportgen.paginate.metrics import face_metrics

    profile = composed.profile
    calibration = load_calibration(fonts_dir)
    try:
        fonts = resolve_fonts(profile, fonts_dir)
    except FontError:
        if need_faces:
            raise
        fonts = {}
    # Bold only where this machine's face has a bold: the same in both outputs.
    profile, bold_note = without_missing_bold(profile, fonts)
    faces = {role: face_metrics(font.file, font.index) for role, font in fonts.items()} or nominal_faces(profile)
    names = {role: face.name for role, face in faces.items()}
    geometry = {renderer: geometry_for(profile, names, calibration, renderer) for renderer in Renderer}
    try:
        layout = paginate(composed.document, profile, faces, geometry[Renderer.PDF])
    except MissingCharacters as err:
        locate = _locator(composed.inputs)
        raise ReportError([locate(char, problem)
                           for char, problem in zip(err.chars, err.problems, strict=True)]) from None
    return Laid(layout, geometry, fonts, profile, (bold_note,) if bold_note else ())


@dataclass(frozen=True)
class Laid:
    layout: Layout
    geometry: dict  # Renderer → Geometry
    fonts: dict  # FontRole → ResolvedFont (empty when none was needed and none was found)
    # The profile as the faces allow it (no bold where they have none): what the
    # pages were laid out with, and what every renderer of them must be given.
    profile: LayoutProfile
    notes: tuple[str, ...] = ()


def _locator(files: tuple[Path, ...]) -> Callable[[str, Problem], Problem]:
    """locate(text, problem): `problem` placed where `text` (a character, or a piece of a
    paragraph) first stands in the input files; as it was where no input holds it (it
    came from a template). Each file is read once, when first needed: a report may
    have thousands of characters to place, and its ledgers may be large."""
    texts: dict[Path, str | None] = {}

    def read(path: Path) -> str | None:
        if path not in texts:
            try:
                texts[path] = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                texts[path] = None
        return texts[path]

    def locate(text_: str, problem: Problem) -> Problem:
        for path in files:
            text = read(path)
            at = text.find(text_) if text is not None else -1
            if at >= 0:
                line = text.count("\n", 0, at) + 1
                column = at - (text.rfind("\n", 0, at) + 1) + 1
                return Problem(problem.message, file=str(path), line=line, column=column, hint=problem.hint)
        return problem

    return locate


def render(
    composed: Composed, formats: tuple[str, ...] = FORMATS, fonts_dir: Path | None = None,
    pdf_options: PdfOptions | None = None, laid: Laid | None = None,
) -> Rendered:
    """The composed report as the files of `formats`, in memory. A `laid` layout
    (from lay_out) is reused, so that several renderings share one pagination."""
    from reportgen.calibration import Renderer

    document = composed.document
    # Faces first: a missing CJK face must stop a PDF before anything is written.
    laid = laid or lay_out(composed, fonts_dir, need_faces="pdf" in formats)
    profile = laid.profile
    files: dict[str, bytes] = {}
    locate = _locator(composed.inputs)
    notes: list[str] = [*(str(locate(run[:10], Problem(
        f"“…{run}…”中没有可以断行的地方，已在行尾处强行断开", hint="数字或西文之间加空格，或改写这段文字。")))
        for run in laid.layout.forced_breaks), *laid.notes]
    if "docx" in formats:
        from reportgen.render.docx import render_docx

        geometry = laid.geometry[Renderer.DOCX]
        files["docx"] = render_docx(document, laid.layout, geometry, profile)
        notes += geometry.notes
    font_notes: tuple[str, ...] = ()
    if "pdf" in formats:
        from reportgen.render.pdf import PdfOptions, render_pdf

        geometry = laid.geometry[Renderer.PDF]
        files["pdf"] = render_pdf(document, laid.layout, geometry, profile, laid.fonts, pdf_options or PdfOptions())
        notes += geometry.notes
        font_notes = tuple(font.describe() for font in laid.fonts.values())
    return Rendered(document, laid.layout, files, font_notes, tuple(dict.fromkeys(notes)))
