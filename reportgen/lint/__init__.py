"""`reportgen lint`: check an existing DOCX or PDF against a layout profile.

The document may be reportgen's own or one made by hand in Word or WPS. Each
finding names its GB/T 9704-2012 clause, its place (paragraph or page, with the
text there) and a severity: "error" breaks the standard, "warning" is local
practice the standard words otherwise (e.g. "1、" for "1.").

    from reportgen.lint import lint
    findings = lint(Path("报告.docx"), STANDARD)
"""

from __future__ import annotations

from pathlib import Path

from reportgen import limits
from reportgen.errors import Problem, ReportError, describe_os_error
from reportgen.layout import LayoutProfile
from reportgen.lint.model import Finding, merge_repeats

__all__ = ["Finding", "lint"]

_HINT = "lint 只检查 .docx（Word 2007 及以后的格式）和 .pdf；.doc、.wps 请先在 Word 或 WPS 中另存为 .docx。"


def lint(path: Path, profile: LayoutProfile, declared: tuple = ()) -> list[Finding]:
    """Findings for the document at `path`, sorted by place, repeats merged.

    `declared`: the headings as the report's input numbers them
    (reportgen.lint.declared.declared_headings), so that its choices — a start
    at 三、, numbers continuing across sections, headings without a number —
    are accepted; a skipped level stays a 提醒 [7.3.3].
    Raises ReportError when the file is missing or is neither a DOCX nor a PDF.
    """
    path = Path(path)
    if not path.exists():
        raise ReportError(Problem("找不到要检查的文件", file=str(path), hint=_HINT))
    kind = _kind(path)
    # A crafted file must not keep lint busy for minutes: see reportgen/readers.py for the other bounds.
    with limits.time_limit(limits.READ_SECONDS, file=path):
        if kind == "pdf":
            from reportgen.lint.pdf import check_pdf

            findings = check_pdf(path, profile, declared)
        elif kind == "docx":
            from reportgen.lint.docx import check_docx

            findings = check_docx(path, profile, declared)
        else:
            raise ReportError(Problem("这不是 DOCX 或 PDF 文件，无法检查", file=str(path), hint=_HINT))
    return merge_repeats(findings)


def _kind(path: Path) -> str | None:
    """By content, not by name: a report renamed .doc or saved without a suffix still counts."""
    with limits.open_file(path, "要检查的文件", limits.DOCUMENT_FILE_BYTES) as handle:  # not a folder or a pipe
        try:
            head = handle.read(1024)
            if head.startswith(b"PK"):
                from reportgen.readers import check_zip_entries

                check_zip_entries(handle, str(path))  # before zipfile reads a directory of millions
        except OSError as err:
            raise ReportError(Problem(f"无法读取文件：{describe_os_error(err)}", file=str(path))) from err
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK"):
        from reportgen.lint.docx_package import is_docx

        return "docx" if is_docx(path) else None
    return None
