"""Adding revisions: a reportgen build (`build --archive`), an older report (`archive import`),
or any set of files (store_revision, which both use and the benchmark calls directly)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen import limits
from reportgen.archive import manifest as manifests
from reportgen.archive import store
from reportgen.archive.manifest import Manifest, sha256_bytes
from reportgen.archive.service import Archive
from reportgen.errors import Problem, ReportError
from reportgen.publish import output_paths, temporary_folder, write_all

if TYPE_CHECKING:
    from reportgen.build import BuildResult
    from reportgen.document import Document
    from reportgen.layout import LayoutProfile


@dataclass(frozen=True)
class ArchivedRevision:
    office: str
    year: int
    revision: int
    path: Path  # the revision folder
    manifest: Manifest
    text_chars: int  # characters of searchable text (0: a scanned PDF, findable by office and year only)
    build: BuildResult | None = None  # for build --archive: the document and the files written to -o
    notes: tuple[str, ...] = ()  # what happened to the index on the way (Chinese), for stderr


def store_revision(
    root: Path,
    *,
    office: str,
    year: int,
    title: str,
    files: dict[str, bytes],
    text: str,
    created: str | None = None,
    reportgen_version: str | None = None,
    template_digest: str | None = None,
    profile_digest: str | None = None,
    imported: bool = False,
    source_name: str | None = None,
    input: str | None = None,
    before: Callable[[Path], None] | None = None,
) -> ArchivedRevision:
    """Commit `files` plus text.txt and manifest.json as the next revision of (office, year), and index it."""
    office = office.strip()
    if not office:
        raise ReportError(Problem("机关名称是空的", hint="请写出发文机关的全称。"))
    store.year_dir(root, office, year)  # refuses a bad year or office before anything is written
    created = created or manifests.utc_now()
    try:
        return _store(root, files, text, before, Manifest(
            office=office, year=year, title=title, revision=None, created=created,
            reportgen_version=reportgen_version or manifests.reportgen_version(), template_digest=template_digest,
            profile_digest=profile_digest, input=input, imported=imported, source_name=source_name,
        ))
    except PermissionError as err:
        raise ReportError(Problem(f"没有权限写入归档：{err.strerror}", file=err.filename or str(root),
                                  hint="请检查归档目录的权限，或用 --archive-root 指定另一个目录。")) from None


def _store(root: Path, files: dict[str, bytes], text: str, before: Callable[[Path], None] | None,
           template: Manifest) -> ArchivedRevision:
    """Stage, commit and index; `template` is the manifest but for its number and digests."""
    with Archive.open(root, create=True, sync=False) as archive, store.staging(root) as stage:
        for name, data in files.items():
            stage.add(name, data)
        stage.add(store.TEXT_NAME, text.encode("utf-8"))
        ref, manifest = store.commit(
            stage, template.office, template.year,
            lambda number, digests: dataclasses.replace(template, revision=number, files=digests),
            before=before, after=lambda ref, manifest: archive.record(ref, manifest, text),
        )
        notes = tuple(archive.notes)
    return ArchivedRevision(template.office, template.year, ref.revision, ref.path, manifest, len(text), notes=notes)


def searchable_text(document: Document) -> str:
    """One paragraph (or table row) a line; a title's forced line breaks removed so that a search spans them."""
    from reportgen.document import Paragraph

    lines = []
    for block in document.paragraphs:
        if isinstance(block, Paragraph):
            lines.append(block.text.replace("\n", ""))
        else:  # a table: one row a line, cells apart
            lines.extend(block.text.replace("\t", " ").splitlines())
    return "\n".join(line for line in lines if line.strip())


def archive_build(input_path: Path, root: Path, *, out_dir: Path = Path("output"),
                  formats: Iterable[str] | None = None, profile: LayoutProfile | None = None,
                  templates_dir: Path | None = None, fonts_dir: Path | None = None,
                  strict: bool = False) -> ArchivedRevision:
    """`reportgen build INPUT --archive`: build, archive as a new revision, then write the usual outputs.

    The options are reportgen.build.build's; formats must be both (None: both),
    and pdf_options are archive_build's own (PDF/A-3b). The report is composed once; the
    input set (the files that composition read) is archived under input/ and
    embedded in the PDF, and is first checked to compose the same text on its own
    (which also proves no file changed while it was read). The DOCX is rendered
    before the PDF so that the manifest embedded in the PDF can carry its
    digest; the PDF's own digest only the archived manifest.json can carry.
    Nothing reaches the archive or the output folder unless both formats
    rendered; the output folder is written after the commit.
    """
    from reportgen.archive import previous_lookup
    from reportgen.archive.inputs import INPUT_DIR, input_set
    from reportgen.archive.pdfa import pdfa_options
    from reportgen.build import FORMATS, BuildResult, compose_input, lay_out, render

    input_path, out_dir = Path(input_path), Path(out_dir)
    if formats is not None and set(formats) != set(FORMATS):
        raise ReportError(Problem("归档需要同时生成 DOCX 和 PDF", hint="请去掉 --format，或写 --format docx,pdf。"))

    lookup = previous_lookup(root)
    # Input errors surface here, naming the user's file.
    composed = compose_input(input_path, profile, templates_dir, lookup)
    if strict and composed.warnings:
        raise ReportError(list(composed.warnings))
    inputs = input_set(input_path, composed.inputs)
    with temporary_folder("archive") as work:
        _check_rebuilds(inputs.write(work / INPUT_DIR), composed.document, input_path, profile, templates_dir, lookup)
    laid = lay_out(composed, fonts_dir)  # one pagination for both files
    docx_result = render(composed, ("docx",), fonts_dir, laid=laid)
    docx, document = docx_result.files["docx"], docx_result.document
    text = searchable_text(document)
    stored = {f"{INPUT_DIR}/{name}": data for name, data in inputs.files.items()}
    # The draft embedded in the PDF: no revision number yet (claimed at commit)
    # and no digest of the PDF itself, which cannot contain its own digest.
    draft = Manifest(
        office=document.office, year=document.year, title=document.title, revision=None,
        created=manifests.utc_now(), reportgen_version=manifests.reportgen_version(),
        template_digest=manifests.template_digest(templates_dir),
        profile_digest=manifests.profile_digest(composed.profile),
        files={**{name: sha256_bytes(data) for name, data in stored.items()},
               store.DOCX_NAME: sha256_bytes(docx), store.TEXT_NAME: sha256_bytes(text.encode("utf-8"))},
        input=f"{INPUT_DIR}/{inputs.main}",
    )
    pdf_result = render(composed, ("pdf",), fonts_dir, pdfa_options(inputs, draft.to_json()), laid=laid)
    pdf = pdf_result.files["pdf"]

    archived = store_revision(
        root, office=draft.office, year=draft.year, title=draft.title, text=text, created=draft.created,
        files={**stored, store.DOCX_NAME: docx, store.PDF_NAME: pdf}, input=draft.input,
        reportgen_version=draft.reportgen_version, template_digest=draft.template_digest,
        profile_digest=draft.profile_digest,
    )
    paths = output_paths(out_dir, document.office, document.year, document.title, FORMATS)
    write_all({paths["docx"]: docx, paths["pdf"]: pdf})
    result = BuildResult(document=document, files=paths, font_notes=pdf_result.font_notes,
                         warnings=composed.warnings, layout_notes=(*docx_result.layout_notes, *pdf_result.layout_notes),
                         pages=laid.layout.page_count)
    return dataclasses.replace(archived, build=result)


def _check_rebuilds(copy: Path, document: Document, input_path: Path, profile, templates, lookup) -> None:
    """The archived input set must compose the same text without the original folder."""
    from reportgen.build import compose_input

    try:
        again = compose_input(copy, profile, templates, lookup).document
    except ReportError as err:
        reason = err.problems[0].message
    else:
        if again == document:
            return
        reason = "生成的文字与原文不同"
    raise ReportError(Problem(
        f"归档的输入文件不能单独重新生成这份报告（{reason}），未归档", file=str(input_path),
        hint="输入文件可能引用了本程序未能识别的文件；请把台账、目录等文件放在输入文件所在的文件夹中，用相对路径引用。",
    ))


def import_report(root: Path, file: Path, office: str, year: int, title: str | None = None) -> ArchivedRevision:
    """`reportgen archive import`: keep a report written before reportgen, with its text indexed.

    The same file (same SHA-256) imported twice for one office and year is
    refused, naming the revision that already holds it.
    """
    from reportgen.archive.textextract import extract_text, file_kind

    file = Path(file)
    store.check_year(year)
    data = limits.read_file(file, "要导入的文件", limits.DOCUMENT_FILE_BYTES)  # a regular file, not too large
    kind = file_kind(file, data[:8])
    text = extract_text(file, kind)
    name = f"{store.ORIGINAL_STEM}{kind}"
    digest = sha256_bytes(data)
    office = office.strip()

    def refuse_duplicate(folder: Path) -> None:
        for number in store.revisions_in(folder):
            try:
                manifest = store.read_manifest(folder / f"r{number}")
            except ReportError:
                continue
            if manifest.imported and manifest.office == office and manifest.files.get(name) == digest:
                raise ReportError(Problem(
                    f"这个文件已导入为{office} {year} 年第 {number} 版，未重复导入", file=str(file),
                    hint="内容（SHA-256）完全相同；要看已导入的版本：reportgen archive show。",
                ))

    return store_revision(
        root, office=office, year=year, title=(title or file.stem).strip() or file.name, files={name: data},
        text=text, imported=True, source_name=file.name, before=refuse_duplicate,
    )
