"""Opening DOCX and PDF files made elsewhere (`lint`, `archive import`) within limits.py's bounds.

Such a file may be anything: a 6 MB DOCX whose part expands to 6 GiB, one of
20 million empty paragraphs, a 4 GiB Flate bomb in a PDF, a PDF of 100,000
pages, a PDF with a password. The parsers (python-docx, lxml, pdfminer) read
whatever they are given; here each is given only what fits:

- a DOCX's ZIP directory is looked at before anything is unpacked: its number
  of entries (ZIP_ENTRIES) and each part's size as declared, which zipfile
  then holds the inflating to (PART_BYTES); the main part's paragraphs are
  counted in its bytes before it is parsed (DOCX_PARAGRAPHS);
- a PDF's pages are counted by PDFium (pypdfium2) before pdfminer parses the
  page tree, a password is said to be one, and pdfminer's Flate decoding
  stops at PART_BYTES (pdfminer has no limit of its own; the hook is
  `_BoundedZlib` below);
- the callers run all of it under limits.time_limit(READ_SECONDS).
"""

from __future__ import annotations

import contextlib
import contextvars
import itertools
import re
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from reportgen import limits
from reportgen.errors import Problem, ReportError

if TYPE_CHECKING:
    import pdfplumber

# --- DOCX ----------------------------------------------------------------------------------

_END_OF_DIRECTORY = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
# <w:p>, <w:p …/>, with any namespace prefix: an upper bound of the paragraphs, counted in C.
_PARAGRAPH_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?p[\s/>]")


def zip_entries(handle: BinaryIO) -> int | None:
    """The number of entries a ZIP's end record declares (None: no end record found).

    zipfile reads the whole central directory into objects when it opens an
    archive: a crafted one of millions of entries takes gigabytes before any
    size can be checked. The end record is in the last 64 KiB.
    """
    handle.seek(0, 2)
    size = handle.tell()
    handle.seek(max(0, size - 65_557))
    tail = handle.read()
    at = tail.rfind(_END_OF_DIRECTORY)
    if at < 0 or len(tail) < at + 22:
        return None
    (entries,) = struct.unpack_from("<H", tail, at + 10)
    locator = at - 20
    if entries == 0xFFFF and locator >= 0 and tail[locator:locator + 4] == _ZIP64_LOCATOR:
        (offset,) = struct.unpack_from("<Q", tail, locator + 8)
        handle.seek(offset)
        record = handle.read(56)
        if len(record) == 56:
            (entries,) = struct.unpack_from("<Q", record, 32)
    return entries


def check_zip_entries(handle: BinaryIO, name: str) -> None:
    """ZIP_ENTRIES, from the end record, before zipfile reads the directory; the handle is left at 0."""
    entries = zip_entries(handle)
    handle.seek(0)
    if entries is not None:
        limits.ZIP_ENTRIES.check(entries, file=name)


def check_docx(path: Path, main_part: str | None = None) -> None:
    """Refuse a DOCX (any OOXML package) that would be too large or too long to read.

    Checks the number of entries, the declared size of every part (python-docx
    loads them all), and the paragraphs of the main part (`main_part`, or the
    usual word/document.xml).
    """
    import zipfile

    name = str(path)
    with limits.open_file(path, "文件", limits.DOCUMENT_FILE_BYTES) as handle:
        check_zip_entries(handle, name)
        try:
            package = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, OSError, ValueError):
            return  # not a ZIP: the reader says so in its own words
        with package:
            infos = package.infolist()
            limits.ZIP_ENTRIES.check(len(infos), file=name)
            for info in infos:
                limits.PART_BYTES.check(info.file_size, file=name, detail=f"（{info.filename}）")
            main = main_part or "word/document.xml"
            if main in package.namelist():
                count_docx_paragraphs(package.read(main), name)


def count_docx_paragraphs(xml: bytes, file: str) -> int:
    """The paragraphs of a main part, counted before it is parsed; DOCX_PARAGRAPHS enforced."""
    count = 0
    for count, _ in enumerate(_PARAGRAPH_TAG.finditer(xml), 1):
        if count > limits.DOCX_PARAGRAPHS.value:  # counted no further: how many there are is not known
            raise limits.DOCX_PARAGRAPHS.error(file=file)
    return count


# --- PDF -----------------------------------------------------------------------------------


class _Inflated(BaseException):
    """A Flate stream inflated past PART_BYTES. A BaseException: pdfminer and pdfplumber
    catch Exception in places and would carry on with an empty stream."""


# Inside bounded_inflating() only: elsewhere pdfminer inflates as it always did, so that no
# caller meets an _Inflated it does not expect.
_bounded: contextvars.ContextVar[bool] = contextvars.ContextVar("reportgen_bounded_inflating", default=False)


class _BoundedDecompressor:
    def __init__(self, wrapped: Any):
        self._wrapped = wrapped
        self._out = 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        if not _bounded.get():
            return self._wrapped.decompress(data, max_length)
        room = int(limits.PART_BYTES.value) + 1 - self._out
        out = self._wrapped.decompress(data, min(max_length, room) if max_length else room)
        self._out += len(out)
        if self._out > limits.PART_BYTES.value:
            raise _Inflated
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self._wrapped, name)


class _BoundedZlib:
    """What pdfminer.pdftypes calls `zlib`: the module, with inflating bounded by PART_BYTES."""

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)

    def decompressobj(self, *args: Any, **kwargs: Any) -> _BoundedDecompressor:
        return _BoundedDecompressor(zlib.decompressobj(*args, **kwargs))

    def decompress(self, data: bytes, wbits: int = zlib.MAX_WBITS, bufsize: int = zlib.DEF_BUF_SIZE) -> bytes:
        if not _bounded.get():
            return zlib.decompress(data, wbits, bufsize)
        inflater = zlib.decompressobj(wbits)
        limit = int(limits.PART_BYTES.value)
        out = inflater.decompress(data, limit + 1)
        if len(out) > limit or inflater.unconsumed_tail:
            raise _Inflated
        out += inflater.flush()
        if len(out) > limit:
            raise _Inflated
        if not inflater.eof:  # as zlib.decompress: pdfminer then tries its repair for damaged streams
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        return out


@contextlib.contextmanager
def bounded_inflating(path: Path) -> Iterator[None]:
    """Inside: pdfminer inflates no stream past PART_BYTES (that limit's error, naming `path`)."""
    import pdfminer.pdftypes

    if not isinstance(pdfminer.pdftypes.zlib, _BoundedZlib):
        pdfminer.pdftypes.zlib = _BoundedZlib()
    token = _bounded.set(True)
    try:
        yield
    except _Inflated:
        raise limits.PART_BYTES.error(file=str(path)) from None
    finally:
        _bounded.reset(token)


def _password_error(name: str) -> ReportError:
    return ReportError(Problem(
        "PDF 设有打开密码，无法读取", file=name,
        hint="请在 PDF 阅读器中输入密码打开后，另存（或打印）为不加密的 PDF 再试。"))


def _pdfium_page_count(path: Path) -> int | None:
    """The page count from PDFium (pypdfium2, which pdfplumber brings): 0.15 s for 100,000
    pages, where pdfminer parses the page tree's arrays for minutes. None if PDFium
    cannot read the file (pdfminer is more lenient with damaged ones)."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as err:
        if "password" in str(err).lower():
            raise _password_error(str(path)) from None
        return None
    try:
        return len(document)
    finally:
        document.close()


@contextlib.contextmanager
def open_pdf(path: Path) -> Iterator[pdfplumber.PDF]:
    """A PDF opened with pdfplumber, refused in Chinese if it has a password or too many pages.

    Inside, pages are read with `pages()`; a stream inflating past PART_BYTES
    stops the reading with that limit's error.
    """
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.utils.exceptions import PdfminerException

    name = str(path)
    with limits.open_file(path, "文件", limits.DOCUMENT_FILE_BYTES) as handle, bounded_inflating(path):
        count = _pdfium_page_count(path)
        if count is not None:
            limits.PDF_PAGES.check(count, file=name)
        try:
            pdf = pdfplumber.open(handle)
        except PdfminerException as err:
            cause = err.args[0] if err.args else err
            if isinstance(cause, PDFPasswordIncorrect):
                raise _password_error(name) from None
            if isinstance(cause, PDFEncryptionError):
                raise ReportError(Problem(
                    "PDF 已加密，且加密方式无法读取", file=name,
                    hint="请在 PDF 阅读器中另存（或打印）为不加密的 PDF 再试。")) from None
            raise
        try:
            if count is None:  # counted by pdfminer then, lazily: not to the end of 100,000 pages
                pages = itertools.islice(PDFPage.create_pages(pdf.doc), limits.PDF_PAGES.value + 1)
                if sum(1 for _ in pages) > limits.PDF_PAGES.value:
                    raise limits.PDF_PAGES.error(file=name)
            yield pdf
        finally:
            # Not pdf.close(): it makes every page (all 100,000 of them) to close each.
            # The pages read are closed by pages(); the file by open_file.
            pdf.flush_cache()


def pages(pdf: pdfplumber.PDF) -> Iterator[Any]:
    """The pages of an open PDF, each closed after use (pdfplumber caches every character of a page)."""
    for page in pdf.pages:
        limits.check_time()
        try:
            yield page
        finally:
            page.close()


def describe(err: BaseException) -> str:
    """A parser's exception, for a message: pdfplumber wraps pdfminer's, often with no text."""
    cause = err.args[0] if type(err).__name__ == "PdfminerException" and err.args else err
    if isinstance(cause, BaseException):
        err = cause
    text = str(err).strip()
    return f"{type(err).__name__}: {text}" if text else f"{type(err).__name__}，文件结构有误"
