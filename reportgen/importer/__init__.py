"""`reportgen import`: an existing report (DOCX, or a PDF's text layer) as reportgen's input.

read (docx_reader, pdf_reader) → SourceDocument → recognise → ImportedReport
(the structure model) → emit → commented YAML. Recognition knows every
numbering scheme offices use; the emitter maps what today's schema can hold
and keeps the rest as paragraphs with warnings.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportgen import limits
from reportgen.errors import Problem, ReportError, describe_os_error
from reportgen.importer.model import ImportedReport, Warning


@dataclass(frozen=True)
class Imported:
    yaml: str  # the input, commented
    warnings: tuple[Warning, ...]
    structure: ImportedReport


def read_source(path: Path):
    """The file's blocks, by what its content is (not its name): a DOCX (ZIP) or a PDF."""
    from reportgen.importer.source import SourceDocument

    # A regular file (a pipe would block) within limits.DOCUMENT_FILE_BYTES, as lint and archive import read.
    with limits.open_file(path, "要导入的文件", limits.DOCUMENT_FILE_BYTES) as handle:
        try:
            head = handle.read(8)
        except OSError as err:
            raise ReportError(Problem(f"无法读取文件：{describe_os_error(err)}", file=str(path))) from None
    document: SourceDocument
    if head.startswith((b"PK\x03\x04", b"%PDF-")):
        document = _read(path, head)
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReportError(Problem(
            "这是旧的 Word 97-2003 (.doc) 或 WPS (.wps) 格式，不能直接导入", file=str(path),
            hint="请在 Word 或 WPS 中打开，另存为 .docx 后再导入。",
        ))
    else:
        raise ReportError(Problem("文件既不是 DOCX 也不是 PDF", file=str(path),
                                  hint="请导入 Word/WPS 保存的 .docx，或带文字层的 PDF。"))
    if not any(getattr(b, "text", "").strip() for b in document.blocks):
        raise ReportError(Problem("文件中没有可读的文字", file=str(path),
                                  hint="扫描件没有文字层，无法导入；请用原始的 Word 文件。"))
    return document


def _read(path: Path, head: bytes):
    from reportgen import readers
    from reportgen.importer.docx_reader import read_docx
    from reportgen.importer.pdf_reader import read_pdf

    try:
        # A crafted file must not hang reportgen or exhaust the machine: bounded as lint's are (docs/limits.md).
        with limits.time_limit(limits.READ_SECONDS, file=path):
            if head.startswith(b"PK"):
                readers.check_docx(path)
                return read_docx(path)
            # A password, 100,000 pages or a Flate bomb refused there; the file opened once.
            with readers.open_pdf(path) as pdf:
                return read_pdf(pdf, path.name)
    except ReportError:
        raise
    except Exception as err:  # lxml, zipfile and pdfminer raise many kinds on a damaged file
        raise ReportError(Problem(
            f"无法读取文件中的内容（{type(err).__name__}: {err}）", file=str(path),
            hint="文件可能已损坏；请用 Word、WPS 或 PDF 阅读器打开确认，必要时另存一份再导入。",
        )) from None


def import_report(path: Path) -> Imported:
    """Recognise the report in `path` and write it as a YAML input (not yet saved)."""
    from reportgen.importer.emit import emit
    from reportgen.importer.recognise import recognise

    structure = recognise(read_source(path))
    text, warnings = emit(structure)
    _check(text, path)
    return Imported(text, tuple(warnings), structure)


def _check(text: str, path: Path) -> None:
    """What import writes must be a valid input, its numbering choices included (the
    checks a build makes): anything else is a bug here, said plainly."""
    from ruamel.yaml import YAML

    from reportgen.load import LoadedInput, SourceMap
    from reportgen.validate import validate

    try:
        data = YAML().load(text)  # round trip: positions for the messages
        validate(LoadedInput(data=data, source=SourceMap(file=f"{path.stem}.yaml", root=data)))
    except Exception as err:  # ReportError from validation, or YAML the emitter got wrong
        raise ReportError(Problem(
            f"导入结果未通过校验（这是 reportgen 的缺陷，请报告）：{err}", file=str(path),
        )) from None


def write_import(path: Path, output: Path | None = None) -> tuple[Path, Imported]:
    """Import `path` into `output` (default: beside it, same name .yaml); never overwrites."""
    from reportgen.json_schema import write_beside

    imported = import_report(path)
    target = output or path.with_suffix(".yaml")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as handle:  # "x": never over an existing file
            handle.write(imported.yaml)
    except FileExistsError:
        raise ReportError(Problem(f"文件已存在，未覆盖：{target}", hint="请用 -o 指定另一个文件名。")) from None
    write_beside(target)
    return target, imported
