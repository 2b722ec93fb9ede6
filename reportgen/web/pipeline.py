"""Every call the web editor makes into reportgen's library, in one module.

The editor adds no validation, figures or layout of its own: it calls what the
command line calls (load, validate, compose_input, build, the PDF renderer, the
archive, lint, the ledger reader). When the pipeline's shape changes, this is
the file to adapt.

A preview of unsaved edits is composed from a draft written beside the input
(a hidden temporary file, removed at once), so that the ledger, the catalogue
and last year's input are found exactly as for the saved file; messages that
name the draft are given back the input's name.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import io
import os
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reportgen.errors import Problem, ReportError

DRAFT_PREFIX = ".~reportgen-draft-"


# --- reading inputs ----------------------------------------------------------------------


def round_trip_yaml(indent: tuple[int, int, int] = (2, 4, 2)):
    """The YAML reader of load.py (its date handling, no duplicate keys), set to write back what it read."""
    from reportgen.load import _yaml

    yaml = _yaml()
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never fold a long paragraph onto new lines
    mapping, sequence, offset = indent
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def parse_for_editing(raw: bytes, name: str, text: str) -> Any:
    """The round-trip tree of `text` (the input `raw`, line endings made \\n); ReportError (as `check`
    reports it) when load.py refuses the file."""
    with _file_beside(None, raw, ".yaml") as path:
        load_input_named(path, name)
    return round_trip_yaml().load(text)


def load_input_named(path: Path, name: str):
    from reportgen.load import load_input

    try:
        return load_input(path)
    except ReportError as err:
        raise ReportError([_renamed(p, {str(path): name}) for p in err.problems]) from None


def peek_input(path: Path) -> tuple[str | None, int | None, str | None] | None:
    """(office, year, problem) of a YAML that looks like a year's input; None for other YAML files
    (catalogues, ledgers)."""
    from reportgen.load import load_input

    try:
        data = load_input(path).data
    except ReportError as err:
        return None, _year_from_name(path), err.problems[0].message
    if not isinstance(data, dict) or not ({"office", "year", "summary", "plan", "parts"} & set(data)):
        return None
    office = data.get("office") if isinstance(data.get("office"), str) else None
    year = data.get("year") if isinstance(data.get("year"), int) else _year_from_name(path)
    return office, year, None


def _year_from_name(path: Path) -> int | None:
    stem = path.stem[:4]
    return int(stem) if stem.isdigit() else None


def schema_model():
    from reportgen.schema import ReportInput

    return ReportInput


def field_labels() -> dict[str, str]:
    """The Chinese names validate.py uses for fields, until the schema carries them itself."""
    from reportgen.validate import FIELD_LABELS

    return FIELD_LABELS


def ledger_column_names() -> dict[str, str]:
    """CSV header → record field, as the ledger reader understands them."""
    from reportgen.ledger.csv_file import BASE_COLUMNS

    return BASE_COLUMNS


def profile_choices() -> list[tuple[str, str]]:
    """(name, Chinese label) of the layout profile and its variants."""
    from reportgen.layout import STANDARD, VARIANTS

    return [(STANDARD.name, "标准"), *((name, label) for name, (label, _) in VARIANTS.items())]


def format_path(path: tuple) -> str:
    from reportgen.load import format_path as fmt

    return fmt(path)


def plan_check_heading() -> str:
    """The heading of the section the templates add when last year's targets are checked."""
    from reportgen.compose.templates import PLAN_CHECK_HEADING

    return PLAN_CHECK_HEADING


def max_heading_level() -> int:
    from reportgen.schema import MAX_LEVEL

    return MAX_LEVEL


# --- numbering, lists and tables in the body -------------------------------------------------


def parse_numbering(raw: Any) -> tuple[Any, str | None]:
    """(schema.Numbering or None, None) for a numbering choice as the input writes it
    (第一部分, "1.", {start: 3}, {continue: true}); (None, the Chinese reason `check` gives,
    naming the field: 起始序号“0”不能小于 1) when validation would refuse it."""
    from pydantic import TypeAdapter, ValidationError

    from reportgen.messages import translate
    from reportgen.schema import Numbering, NumberingChoice
    from reportgen.validate import allowed_keys, field_label

    try:
        return TypeAdapter(NumberingChoice).validate_python(raw), None
    except ValidationError as err:
        error = err.errors()[0]
        loc = tuple(error["loc"])
        name = next((p for p in reversed(loc) if isinstance(p, str)), "")
        label = field_label(Numbering, loc) if name else str(Numbering.model_config["title"])
        allowed = allowed_keys(Numbering, ()) if error["type"] == "extra_forbidden" else ()
        return None, translate(error, label, name, allowed).message


def numbering_defaults() -> dict[str, Any]:
    """What each key of a numbering choice is when it is not written (schema.Numbering's
    defaults), by the key the input writes (`continue`): a choice of these is the standard one."""
    from reportgen.schema import Numbering

    return {info.alias or name: info.default for name, info in Numbering.model_fields.items()}


def number_tree(numbering: Any, tops: list) -> tuple:
    """The numbers compose gives the headings (compose.numbering.number_tree)."""
    from reportgen.compose.numbering import number_tree as numbered

    return numbered(numbering, tops)


def numbering_options(parent: Any) -> list[tuple[str, str]]:
    """(value, label) of the numbering choices the input may make for the headings under
    `parent` (a compose.numbering.Numbered; None for the report's parts), as validation
    accepts them (numbering_check, typography.children_numbering). The first is the
    standard sequence (value "")."""
    from reportgen.typography import TOP_SCHEMES, LabelScheme, NumberingError, children_numbering

    scheme, level = (None, 0) if parent is None else (parent.scheme, parent.level)

    def allowed(style):
        if parent is None and style is not None and style not in TOP_SCHEMES:
            return None
        try:
            return children_numbering(scheme, level, style)[0]
        except NumberingError:
            return None

    options = []
    standard = allowed(None)
    if standard is not None:
        options.append(("", f"标准（{scheme_label(standard)}）"))
    options += [(style.value, scheme_label(style)) for style in LabelScheme if allowed(style) is not None]
    return options


def scheme_label(style: Any) -> str:
    """How a numbering scheme reads in a list of choices: 一、二、…… or 不编号."""
    from reportgen.typography import LabelScheme, label

    if style is LabelScheme.NONE:
        return "不编号"
    if style is LabelScheme.PART:
        return "第一部分、第二部分……"
    gap = " " if style is LabelScheme.LEVEL3 else ""  # 1. 2. reads apart; 一、二、 and （一）（二） do
    return f"{label(style, 1)}{gap}{label(style, 2)}{gap}……"


def block_models() -> dict[str, Any]:
    """The key a paragraph of the body is written under → its model (schema.Block)."""
    from reportgen.schema import ListBlock, TableBlock

    return {"list": ListBlock, "table": TableBlock}


def block_kind(value: Any) -> str | None:
    """"text", "list" or "table" for a paragraph of the body as validation tells them apart; None
    for something it refuses."""
    from reportgen.schema import block_kind as kind  # the discriminator of schema.Block

    return kind(value)


def list_marker(marker: Any, n: int) -> str:
    """The marker of a list's `n`th item (一是, 第一，) as the report prints it."""
    from reportgen.typography import EnumerationScheme, enumeration_marker

    try:
        scheme = EnumerationScheme(marker) if marker is not None else EnumerationScheme.YISHI
    except ValueError:
        return ""
    return enumeration_marker(scheme, n)


# --- the draft beside its input ------------------------------------------------------------


@contextlib.contextmanager
def _file_beside(target: Path | None, data: bytes, suffix: str) -> Iterator[Path]:
    """`data` in a hidden temporary file in `target`'s folder (or the temp folder), removed afterwards."""
    folder = target.parent if target is not None else None
    fd, name = tempfile.mkstemp(prefix=DRAFT_PREFIX, suffix=suffix, dir=folder)
    path = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        yield path
    finally:
        path.unlink(missing_ok=True)


def _renamed(problem: Problem, names: dict[str, str]) -> Problem:
    if problem.file in names:
        return dataclasses.replace(problem, file=names[problem.file])
    return problem


def referenced_outside(data: Any, input_path: Path, root: Path) -> list[Problem]:
    """Files the input names (ledgers, a catalogue file, last year's input) that lie outside `root`.

    The editor shows nothing from outside its folder, not even in an error message, so
    such an input is not built at all.
    """
    if not isinstance(data, dict):
        return []
    beside = input_path.parent
    named: list[tuple[str, str]] = []
    ledgers = data.get("ledger_files")
    if isinstance(ledgers, list):
        named += [(f"ledger_files[{i}]", name) for i, name in enumerate(ledgers) if isinstance(name, str)]
    catalogue = data.get("catalogue")
    if isinstance(catalogue, str) and catalogue.endswith((".yaml", ".yml")):
        named.append(("catalogue", catalogue))
    if isinstance(data.get("previous"), str):
        named.append(("previous", data["previous"]))
    problems = []
    for field, name in named:
        if not (beside / name).resolve().is_relative_to(root):
            problems.append(Problem(f"引用的文件“{name}”在工作文件夹之外，网页中不能读取", file=str(input_path),
                                    field=field, hint="请把它放进工作文件夹，用相对路径引用。"))
    return problems


# --- composing and rendering ---------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Composition:
    """What a preview shows besides the pages."""

    composed: Any | None  # build.Composed; None when the input has errors
    problems: tuple[Problem, ...]  # errors that stop the build
    warnings: tuple[Problem, ...]
    loaded: Any = None  # load.LoadedInput of the draft, for expanded_texts()


def compose_draft(draft: bytes, input_path: Path, root: Path, archive: Path | None = None) -> Composition:
    """Compose the report from `draft` (the YAML as edited) as if it were `input_path`;
    last year's input is looked up in `archive` as the command line does, when not beside it."""
    from reportgen.archive import previous_lookup
    from reportgen.build import compose_input

    names = {}
    try:
        with _file_beside(input_path, draft, input_path.suffix or ".yaml") as path:
            names[str(path)] = str(input_path)
            loaded = load_input_named(path, str(input_path))
            outside = referenced_outside(loaded.data, input_path, root)
            if outside:
                return Composition(None, tuple(outside), ())
            composed = compose_input(path, previous_lookup=previous_lookup(archive) if archive else None)
    except ReportError as err:
        return Composition(None, tuple(_renamed(p, names) for p in err.problems), ())
    warnings = tuple(_renamed(p, names) for p in composed.warnings)
    return Composition(composed, (), warnings, loaded)


def expanded_texts(composition: Composition) -> dict[tuple, str]:
    """Each text that holds an expression, as the report states it (compose.text.expand_texts)."""
    from reportgen.compose.text import DOCUMENT_FIELDS, expand_texts
    from reportgen.validate import validate

    if composition.composed is None or composition.loaded is None:
        return {}
    loaded, figures = composition.loaded, composition.composed.figures
    try:
        report = validate(loaded)
    except ReportError:
        return {}
    expanded, _ = expand_texts(report, text_values(report.office, figures), figures, loaded.source)
    found: dict[tuple, str] = {}

    def walk(raw, done, path):
        if isinstance(raw, str):
            if ("{{" in raw or "{%" in raw) and isinstance(done, str):
                found[path] = done
        elif isinstance(raw, list) and isinstance(done, list):
            for i, (a, b) in enumerate(zip(raw, done, strict=False)):
                walk(a, b, (*path, i))
        elif isinstance(raw, dict) and done is not None:
            for key, value in raw.items():
                name = field_name(type(done), key)
                if name is not None:
                    walk(value, getattr(done, name), (*path, key))

    for name in DOCUMENT_FIELDS:
        walk(loaded.data.get(name), getattr(expanded, name), (name,))
    return found


def field_name(model: type, key: Any) -> str | None:
    """The field of the model `model` that the YAML key `key` sets, by its name or its alias
    (`list` → `enumeration`, `continue` → `continued`); None if it has none."""
    if not isinstance(key, str):
        return None
    fields = getattr(model, "model_fields", {})
    if key in fields:
        return key
    return next((name for name, info in fields.items() if info.alias == key), None)


class Renderer:
    """The PDF renderer kept warm in the server: WeasyPrint imported once, the faces
    resolved and the stylesheet parsed once per profile (render/pdf.pdf_styles).

    There is one rendering: the PDF `build` writes (the paginate stage decides its
    lines and pages, WeasyPrint draws them in one pass). Both stages of the preview
    (preview.py) read it, the newest composition's PDF kept for the second. One render
    at a time (WeasyPrint is not meant for threads).
    """

    def __init__(self, fonts_dir: Path | None = None):
        self.fonts_dir = fonts_dir
        self.lock = threading.Lock()
        self._last: tuple[int, Any, bytes] | None = None  # (id, composition, PDF) of the newest rendering

    def warm_up(self) -> None:
        from reportgen.layout import STANDARD
        from reportgen.render.weasyprint_loader import load_weasyprint

        with self.lock:
            load_weasyprint()  # paid at start rather than at the first preview
            from reportgen.document import Document

            self._laid_out(_StandIn(STANDARD, Document(office="", year=2000, title="")))

    def _laid_out(self, composed):
        from reportgen.build import lay_out

        return lay_out(composed, self.fonts_dir)

    def render(self, composed) -> bytes:
        """The PDF of `composed` (build.Composed), as `build` writes it."""
        from reportgen.calibration import Renderer as Target
        from reportgen.render.pdf import render_pdf

        with self.lock:
            if self._last is not None and self._last[0] == id(composed) and self._last[1] is composed:
                return self._last[2]
            laid = self._laid_out(composed)
            geometry = laid.geometry[Target.PDF]
            # laid.profile: the profile as the faces allow it (no bold where they have none), as build renders.
            pdf = render_pdf(composed.document, laid.layout, geometry, laid.profile, laid.fonts)
            self._last = (id(composed), composed, pdf)
            return pdf


@dataclasses.dataclass(frozen=True)
class _StandIn:
    """An empty composition of `profile`, to resolve its faces and metrics before the first preview."""

    profile: Any
    document: Any
    inputs: tuple = ()


# --- building, archiving, searching, linting ---------------------------------------------


def _refuse_outside(input_path: Path, workspace: Path) -> None:
    outside = referenced_outside(load_input_named(input_path, str(input_path)).data, input_path, workspace)
    if outside:
        raise ReportError(outside)


def build_report(input_path: Path, out_dir: Path, fonts_dir: Path | None, workspace: Path,
                 archive: Path | None = None):
    from reportgen.archive import previous_lookup
    from reportgen.build import build

    _refuse_outside(input_path, workspace)
    return build(input_path, out_dir=out_dir, fonts_dir=fonts_dir,
                 previous_lookup=previous_lookup(archive) if archive else None)


def archive_report(input_path: Path, root: Path, out_dir: Path, fonts_dir: Path | None, workspace: Path):
    from reportgen.archive import archive_build

    _refuse_outside(input_path, workspace)
    return archive_build(input_path, root, out_dir=out_dir, fonts_dir=fonts_dir)


def archive_root(workspace: Path) -> Path:
    """Where the editor archives and finds last year's input: where the command line would
    (archive.archive_root: $REPORTGEN_ARCHIVE), its default output/archive taken in the workspace."""
    from reportgen.archive.root import DEFAULT_ROOT
    from reportgen.archive.root import archive_root as chosen

    found = chosen(None)
    return workspace / found if found == DEFAULT_ROOT else found


def search_archive(root: Path, query: str, limit: int = 50):
    from reportgen.archive import Archive

    if not root.is_dir():
        return None
    with Archive.open(root) as archive:
        return archive.search(query, limit=limit)


def revision_files(folder: Path) -> tuple[Any, list[tuple[str, int | None]]]:
    """(manifest, [(file name, size in bytes or None when missing)]) of an archived revision's
    folder, from its manifest as `archive show` reads it; ReportError if that cannot be read."""
    from reportgen.archive.store import read_manifest

    manifest = read_manifest(folder)
    return manifest, [(name, (folder / name).stat().st_size if (folder / name).is_file() else None)
                      for name in manifest.files]


def lint_document(path: Path, profile_name: str):
    from reportgen.layout import PROFILES
    from reportgen.lint import lint
    from reportgen.lint.cli import SEVERITY

    return lint(path, PROFILES[profile_name]), SEVERITY


def lint_profiles() -> dict[str, str]:
    """Profile name → its Chinese label, the standard first."""
    from reportgen.layout import PROFILES

    labels = dict(profile_choices())
    return {name: labels.get(name, name) for name in sorted(PROFILES, key=lambda n: (n != "standard", n))}


def scaffold_next_year(input_path: Path) -> Path:
    """Next year's input from this year's (reportgen.scaffold, the `new` command)."""
    from reportgen.scaffold import scaffold_next_year as scaffold

    return scaffold(input_path)


# --- the ledger ------------------------------------------------------------------------------


def write_atomically(path: Path, data: bytes) -> None:
    from reportgen.publish import write_all

    write_all({path: data})


def catalogue_for(data: Any, input_path: Path):
    """The activity-type catalogue the input names (None if it cannot be read)."""
    from reportgen.catalogue import load_catalogue

    name = data.get("catalogue", "foreign-affairs") if isinstance(data, dict) else "foreign-affairs"
    try:
        return load_catalogue(str(name), input_path.parent)
    except ReportError:
        return None


@dataclasses.dataclass(frozen=True)
class LedgerCheck:
    located: tuple[tuple[Problem, int | None, bool], ...]  # (problem, grid row, is an error rather than a warning)
    totals: tuple[tuple[str, str, str], ...]  # (type, label, "28批368人次") over the rows without errors


def check_ledger(header: list[str], rows: list[list[str]], catalogue, year: int) -> LedgerCheck:
    """Read the grid as the ledger reader reads a CSV file, and add up each type."""
    located, records = _read_grid(header, rows, catalogue, year)
    bad = {row for _, row, error in located if row is not None and error}
    if bad:  # the totals of the rows that are right, while the others are being fixed
        _, records = _read_grid(header, [r for i, r in enumerate(rows) if i not in bad], catalogue, year)
    from reportgen.figures.tally import add_up

    totals = []
    for name, kind in catalogue.types.items():
        of_type = [r for r in records if r.type == name]
        if of_type:
            totals.append((name, kind.label, _total_text(add_up(of_type, kind.person_unit))))
    return LedgerCheck(tuple(located), tuple(totals))


def _total_text(tally) -> str:
    """A type's total as the report words it; a measure with an empty cell is unknown, not 0,
    and is said to be so rather than printed."""
    from reportgen.quantity import UnknownFigure

    try:
        return str(tally)
    except UnknownFigure:
        missing = [what for what, quantity in (("数量", tally.batches), ("人数", tally.persons))
                   if not quantity.known]
        return f"{'、'.join(missing)}有空格，合计未知（空白不等于0）"


def _read_grid(header, rows, catalogue, year):
    from reportgen.ledger import read_ledger
    from reportgen.schema import ReportInput

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    starts: dict[int, int] = {}  # CSV line → grid row
    for index, row in enumerate(rows):
        starts[out.getvalue().count("\n") + 1] = index
        writer.writerow(row)
    with tempfile.TemporaryDirectory(prefix="reportgen-ledger-") as tmp:
        (Path(tmp) / "ledger.csv").write_text(out.getvalue(), encoding="utf-8")
        report = ReportInput.model_construct(activities=[], ledger_files=["ledger.csv"], year=year)
        try:
            ledger = read_ledger(report, None, catalogue, Path(tmp))
        except ReportError as err:
            return [(p, starts.get(p.line), True) for p in err.problems], ()
    return [(p, starts.get(p.line), False) for p in ledger.warnings], ledger.records


def ledger_records_from(path: Path) -> list[dict[str, str]]:
    """The records of a ledger file the page uploads, each as {record field or dimension: text}.

    A CSV is read here; an Excel workbook (.xlsx, .xls) by the ledger reader's
    reportgen.ledger.workbook, with its problems (ReportError)."""
    from reportgen.ledger.csv_file import BASE_COLUMNS
    from reportgen.ledger.workbook import read_workbook

    if path.suffix.lower() == ".csv":
        text = path.read_bytes().decode("utf-8-sig")
        rows = [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]
        if not rows:
            return []
        keys = [BASE_COLUMNS.get(h.strip(), h.strip()) for h in rows[0]]
        return [{k: cell.strip() for k, cell in zip(keys, row, strict=False) if cell.strip()} for row in rows[1:]]
    problems: list[Problem] = []
    located = read_workbook(path, problems)
    if problems:
        raise ReportError(problems)
    records = []
    for activity, *_ in located:
        record = {"type": activity.type, "batches": str(activity.batches), "persons": str(activity.persons)}
        if activity.date is not None:
            record["date"] = activity.date.isoformat()
        for name in ("counterpart", "country"):
            if getattr(activity, name):
                record[name] = getattr(activity, name)
        if activity.amount:
            record["amount"] = str(activity.amount)
        if activity.tags:
            record["tags"] = "、".join(activity.tags)
        record.update({key: str(value) for key, value in (activity.model_extra or {}).items()})
        records.append(record)
    return records


# --- figures -----------------------------------------------------------------------------------


def text_values(office: str, figures) -> dict[str, Any]:
    """The values the input's text may read besides `figures` (compose.text_values)."""
    from reportgen.compose import text_values as values

    return values(office, figures)


def figure_text(expression: str, figures, office: str) -> tuple[str | None, list[str], str | None]:
    """(what `expression` prints, the warnings it gives, the error instead) when the build
    renders it in the input's text: the same sandbox, the same figures, the same notes."""
    from reportgen.compose.text import expand_texts
    from reportgen.load import SourceMap
    from reportgen.schema import ReportInput

    # A report of one opening paragraph: the only text rendered is the expression.
    model = ReportInput.model_construct(opening=[expression])
    try:
        expanded, warnings = expand_texts(model, text_values(office, figures), figures, SourceMap("", None))
    except ReportError as err:
        return None, [], err.problems[0].message
    return expanded.opening[0], [w.message for w in warnings], None


def record_columns(figures, type_: str) -> list[str]:
    """What a records table of `type_` can show: the ledger's columns by their Chinese names,
    the type's dimensions and the notes columns its records have (figures/tables.py)."""
    from reportgen.schema import LEDGER_NAMES

    seen: dict[str, str] = {}
    for name, field in LEDGER_NAMES.items():
        if field != "type":
            seen.setdefault(field, name)
    kind = figures.catalogue.types.get(type_)
    dimensions = list(kind.dimensions) if kind is not None else []
    notes = sorted({name for r in figures.ledger.records if r.type == type_ for name, _ in r.notes})
    return list(dict.fromkeys([*seen.values(), *dimensions, *notes]))


def records_preview(figures, spec: dict):
    """(the table a records spec gives — header, rows —, None) or (None, the Chinese error)."""
    from pydantic import ValidationError

    from reportgen.schema import RecordsSpec

    try:
        return figures.records(RecordsSpec.model_validate(spec)), None
    except ValidationError as err:
        return None, str(err.errors()[0].get("msg", err))
    except (ValueError, ReportError) as err:
        return None, str(err)


def title_text_type():
    """The annotation of a text whose line breaks count (a title)."""
    from reportgen.schema import TitleText

    return TitleText


def measure_labels() -> dict[str, str]:
    from reportgen.figures import MEASURE_LABELS

    return {**MEASURE_LABELS, "records": "记录数"}
