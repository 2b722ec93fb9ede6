"""The text of a report written before reportgen, for the search index.

DOCX through python-docx, PDF through pdfplumber. A PDF's text comes line by
line as it was set on the page, so a word broken at the line's end
("外事侨务工" / "作") would hide from a search for 工作: lines are joined back
into paragraphs, and page-number lines ("— 3 —") dropped.
"""

from __future__ import annotations

import re
from pathlib import Path

from reportgen import limits, readers
from reportgen.errors import Problem, ReportError

SUPPORTED = {".docx": b"PK\x03\x04", ".pdf": b"%PDF-"}

# A line ending in one of these closes its paragraph; any other line runs on.
_PARAGRAPH_END = "。！？；：…”』」）)!?;:"
# A line that is only a page number ("— 3 —", "第 3 页 共 9 页"): left out of extracted text
# (here, and by the importer's PDF reader).
PAGE_NUMBER_LINE = re.compile(r"^\s*(?:[—–-]\s*\d+\s*[—–-]|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+)\s*$")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def file_kind(path: Path, head: bytes) -> str:
    """".docx" or ".pdf", checked against the file's first bytes; ReportError otherwise."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        hint = "请在 Word 或 WPS 中另存为 .docx 后再导入。" if suffix in (".doc", ".wps") else None
        raise ReportError(Problem(
            f"不支持的文件类型“{path.suffix or '（无扩展名）'}”：只能导入 .docx 或 .pdf 文件",
            file=str(path), hint=hint,
        ))
    if not head.startswith(SUPPORTED[suffix]):
        raise ReportError(Problem(f"文件内容不是 {suffix[1:].upper()}（扩展名与内容不符或文件已损坏）", file=str(path)))
    return suffix


def extract_text(path: Path, kind: str) -> str:
    """The text, within limits.py's bounds (reportgen/readers.py): time, size, paragraphs, pages."""
    try:
        with limits.time_limit(limits.READ_SECONDS, file=path):
            return docx_text(path) if kind == ".docx" else pdf_text(path)
    except ReportError:
        raise
    except Exception as err:  # the parsers raise many kinds of errors on damaged files
        raise ReportError(Problem(
            f"无法读取文件中的文字（{readers.describe(err)}）", file=str(path),
            hint="文件可能已损坏或加了密码；请用 Word、WPS 或 PDF 阅读器打开确认。",
        )) from None


def docx_text(path: Path) -> str:
    import docx
    from docx.oxml.ns import qn

    readers.check_docx(path)  # python-docx loads every part: their sizes and the paragraphs first
    document = docx.Document(str(path))
    lines = []
    # Every w:p in document order, those inside tables and text boxes included.
    for paragraph in document.element.body.iter(qn("w:p")):
        text = "".join(node.text or "" for node in paragraph.iter(qn("w:t")))
        if text.strip():
            lines.append(text.strip())
    return "\n".join(lines)


def pdf_text(path: Path) -> str:
    pages = []
    with readers.open_pdf(path) as pdf:  # a password, too many pages, a Flate bomb: refused there
        for page in readers.pages(pdf):
            pages.append(page.extract_text() or "")
    return join_lines("\n".join(pages).splitlines())


def join_lines(lines: list[str]) -> str:
    """PDF lines back into paragraphs, one a line."""
    paragraphs: list[str] = []
    current = ""
    for raw in lines:
        line = raw.strip()
        if not line or PAGE_NUMBER_LINE.match(line):
            continue
        if not current:
            current = line
        elif _CJK.match(current[-1]) or _CJK.match(line[0]):
            current += line  # Chinese has no space at a line break
        else:
            current += " " + line
        if current.endswith(tuple(_PARAGRAPH_END)):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n".join(paragraphs)
