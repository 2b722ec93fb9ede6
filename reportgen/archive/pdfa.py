"""The archival PDF: PDF/A-3b carrying its input set and a manifest.

PDF/A-3 allows any file to be embedded as an "associated file" (catalog /AF,
each file specification with /AFRelationship). The YAML and the files it
reads (ledgers, catalogue, previous year) are the report's Source, each named
by its path within the input set; the manifest is Data about the report and
says which file is the YAML. WeasyPrint writes the XMP identification, the
sRGB output intent and the /AF entries (render/pdf.py passes the options
through); reading back is pypdf's job.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from reportgen import limits
from reportgen.archive.inputs import INPUT_DIR, InputSet, check_relative
from reportgen.archive.manifest import Manifest
from reportgen.errors import Problem, ReportError
from reportgen.render.pdf import EmbeddedFile, PdfOptions

PDFA_VARIANT = "pdf/a-3b"
MANIFEST_ATTACHMENT = "manifest.json"


def pdfa_options(inputs: InputSet, manifest_draft: bytes) -> PdfOptions:
    # The file identifier PDF/A requires: derived from what the PDF carries (the
    # draft has the time), so two archivings of the same input differ.
    digest = hashlib.sha256()
    for name in sorted(inputs.files):
        digest.update(name.encode("utf-8") + b"\x00" + hashlib.sha256(inputs.files[name]).digest())
    digest.update(manifest_draft)
    files = tuple(
        EmbeddedFile(name, data, "报告的输入文件（YAML），可用 reportgen extract 取出后重新生成"
                     if name == inputs.main else "输入文件引用的文件（台账、目录或上年的输入）", "Source")
        for name, data in sorted(inputs.files.items(), key=lambda item: item[0] != inputs.main)
    )
    manifest = EmbeddedFile(MANIFEST_ATTACHMENT, manifest_draft, "归档清单（不含本 PDF 自身的摘要）", "Data")
    return PdfOptions(variant=PDFA_VARIANT, identifier=digest.digest()[:16], attachments=(*files, manifest))


def attachments(pdf_path: Path) -> dict[str, bytes]:
    """The embedded files of a PDF by name; ReportError if it is no readable PDF."""
    import pypdf
    from pypdf.errors import PyPdfError

    # A regular file within DOCUMENT_FILE_BYTES (a FIFO blocked pypdf forever); pypdf bounds each stream itself.
    with limits.open_file(pdf_path, "文件", limits.DOCUMENT_FILE_BYTES) as handle:
        try:
            reader = pypdf.PdfReader(handle)
            if reader.is_encrypted and not reader.decrypt(""):
                raise ReportError(Problem("PDF 设有打开密码，无法取出附件", file=str(pdf_path),
                                          hint="归档 PDF 不加密；请使用 reportgen 生成的原文件。"))
            return {name: contents[0] for name, contents in reader.attachments.items() if contents}
        except (PyPdfError, ValueError, KeyError, TypeError, OSError, NotImplementedError) as err:
            raise ReportError(Problem(f"无法读取 PDF（{type(err).__name__}: {err}）", file=str(pdf_path),
                                      hint="文件可能不是 PDF，或已损坏。")) from None


def extract_inputs(pdf_path: Path) -> InputSet:
    """The input set embedded in an archived PDF."""
    found = attachments(pdf_path)
    raw = found.pop(MANIFEST_ATTACHMENT, None)
    manifest = Manifest.from_json(raw, f"{pdf_path} 中的 {MANIFEST_ATTACHMENT}") if raw is not None else None
    if manifest is None or not manifest.input:
        raise ReportError(Problem(
            "这个 PDF 中没有嵌入输入文件", file=str(pdf_path),
            hint="只有用 reportgen build --archive 生成的归档 PDF 才带有输入文件。",
        ))
    main = manifest.input.removeprefix(f"{INPUT_DIR}/")
    for name in found:
        try:
            check_relative(name)
        except ValueError:  # a crafted PDF must not make extract write outside its folder
            raise ReportError(Problem(f"PDF 中附件的名称“{name}”不安全，未取出", file=str(pdf_path))) from None
    if main not in found:
        raise ReportError(Problem(f"PDF 中缺少清单所列的输入文件“{main}”", file=str(pdf_path)))
    return InputSet(main, found)


def extract_input(pdf_path: Path) -> bytes:
    """The report's YAML embedded in an archived PDF."""
    inputs = extract_inputs(pdf_path)
    return inputs.files[inputs.main]
