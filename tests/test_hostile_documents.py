"""Hostile DOCX and PDF files given to `lint`, `archive import` and `extract` (issue 9):
each is refused in Chinese with exit status 2, in bounded time, with nothing written.

The files are made here, small: the bounds (limits.py) are lowered instead of the files
grown. benchmarks/bench_hostile.py runs the full-size ones (a 6 GiB part, 20 million
paragraphs, a 4 GiB Flate bomb, 100,000 pages).
"""

from __future__ import annotations

import os
import threading
import zipfile
import zlib
from pathlib import Path

import pytest

from reportgen import limits
from reportgen.archive.manifest import Manifest
from reportgen.archive.textextract import extract_text
from reportgen.errors import ReportError
from tests.handmade_pdf import write_pdf
from tests.test_hostile import files_under, lower, run

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="word/document.xml"/></Relationships>')
TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
         'wordprocessingml.document.main+xml"/></Types>')


def make_docx(path: Path, paragraphs: int = 3, extra: dict[str, bytes] | None = None) -> Path:
    body = "<w:p><w:r><w:t>南昌市外事侨务办公室2010年工作总结</w:t></w:r></w:p>" + "<w:p/>" * (paragraphs - 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", TYPES)
        package.writestr("_rels/.rels", RELS)
        package.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body>'
                                              "</w:document>")
        for name, data in (extra or {}).items():
            package.writestr(name, data)
    return path


def make_pdf(path: Path, pages: int = 1, content: bytes = b"BT /F1 12 Tf 72 720 Td (report) Tj ET") -> Path:
    """A plain PDF by hand: every page shows `content`, Flate-compressed."""
    return write_pdf(path, zlib.compress(content, 9), pages)


def lint_and_import_refuse(capsys, tmp_path: Path, document: Path, *phrases: str) -> None:
    """`lint`, `archive import` and `import` all refuse `document` (exit 2, the phrases); nothing written."""
    for args in (["lint", document],
                 ["archive", "import", document, "--office", "某市外事办公室", "--year", "2010",
                  "--archive-root", tmp_path / "archive"],
                 ["import", document, "-o", tmp_path / "imported.yaml"]):
        result = run(capsys, *args)
        assert result.status == 2, result.err
        for phrase in phrases:
            assert phrase in result.err, result.err
        assert result.seconds < 5
    assert files_under(tmp_path / "archive") == []
    assert not (tmp_path / "imported.yaml").exists()


# --- DOCX -----------------------------------------------------------------------------------


def test_a_docx_part_expanding_past_the_limit_is_a_zip_bomb(capsys, tmp_path, monkeypatch):
    lower(monkeypatch, "PART_BYTES", 1_000_000)
    bomb = make_docx(tmp_path / "炸弹.docx", extra={"word/media/image1.bin": bytes(3_000_000)})
    assert bomb.stat().st_size < 20_000
    lint_and_import_refuse(capsys, tmp_path, bomb, "解压后的大小（word/media/image1.bin）超过上限（3 MB）",
                           "上限为 1 MB", "压缩炸弹")


def test_a_docx_of_too_many_paragraphs(capsys, tmp_path, monkeypatch):
    lower(monkeypatch, "DOCX_PARAGRAPHS", 100)
    lint_and_import_refuse(capsys, tmp_path, make_docx(tmp_path / "段落.docx", paragraphs=1000),
                           "DOCX 的段落数超过上限", "上限为 100 段")


def test_a_docx_of_too_many_entries(capsys, tmp_path, monkeypatch):
    lower(monkeypatch, "ZIP_ENTRIES", 10)
    extra = {f"word/media/{i}.bin": b"x" for i in range(50)}
    lint_and_import_refuse(capsys, tmp_path, make_docx(tmp_path / "条目.docx", extra=extra),
                           "DOCX 压缩包中的文件数超过上限（53 个）：上限为 10 个")


def test_an_ordinary_docx_still_reads(tmp_path):
    text = extract_text(make_docx(tmp_path / "正常.docx"), ".docx")
    assert text == "南昌市外事侨务办公室2010年工作总结"


# --- PDF -------------------------------------------------------------------------------------


def test_a_flate_bomb_in_a_pdf(capsys, tmp_path, monkeypatch):
    lower(monkeypatch, "PART_BYTES", 1_000_000)
    bomb = make_pdf(tmp_path / "炸弹.pdf", content=b" " * 20_000_000)
    assert bomb.stat().st_size < 100_000
    lint_and_import_refuse(capsys, tmp_path, bomb, "数据流（PDF）解压后的大小超过上限：上限为 1 MB")


def test_a_pdf_of_too_many_pages(capsys, tmp_path, monkeypatch):
    lower(monkeypatch, "PDF_PAGES", 3)
    lint_and_import_refuse(capsys, tmp_path, make_pdf(tmp_path / "页数.pdf", pages=5),
                           "PDF 的页数超过上限（5 页）：上限为 3 页")


def test_an_encrypted_pdf_says_it_has_a_password(capsys, tmp_path):
    import pypdf

    writer = pypdf.PdfWriter(clone_from=make_pdf(tmp_path / "plain.pdf"))
    writer.encrypt(user_password="机密", owner_password="owner")
    locked = tmp_path / "加密.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    lint_and_import_refuse(capsys, tmp_path, locked, "PDF 设有打开密码，无法读取", "输入密码")


def test_reading_stops_at_the_time_limit(capsys, tmp_path, monkeypatch):
    lower(monkeypatch, "READ_SECONDS", 0.001)  # on the main thread: a timer signal interrupts the parser
    lint_and_import_refuse(capsys, tmp_path, make_pdf(tmp_path / "慢.pdf", pages=3),
                           "读取文件的时间超过上限", "上限为 0.001 秒")


def test_off_the_main_thread_the_time_limit_stops_between_pages(tmp_path, monkeypatch):
    lower(monkeypatch, "READ_SECONDS", 0.0)  # the web editor's threads get no signal
    caught = []
    thread = threading.Thread(target=lambda: caught.append(_error_of(extract_text, make_pdf(tmp_path / "x.pdf"),
                                                                     ".pdf")))
    thread.start()
    thread.join(10)
    assert "读取文件的时间超过上限" in str(caught[0])


def returns_within(seconds: float, call):
    """What `call()` returns; a failure, instead of a suite that never ends, when it has
    not returned after `seconds` (opening a FIFO for reading waits for a writer forever)."""
    outcome: list = []

    def target() -> None:
        try:
            outcome.append((True, call()))
        except BaseException as err:  # raised again below, on the test's thread
            outcome.append((False, err))

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, f"still reading after {seconds} s: it blocked"
    returned, value = outcome[0]
    if not returned:
        raise value
    return value


def _error_of(function, *args):
    try:
        function(*args)
    except ReportError as err:
        return err
    return None


@pytest.mark.parametrize("command", ["lint", "import", "extract", "import-as-input"])
def test_a_fifo_or_a_folder_given_as_the_document(capsys, tmp_path, command):
    fifo = tmp_path / "管道.pdf"
    os.mkfifo(fifo)
    folder = tmp_path / "文件夹.pdf"
    folder.mkdir()
    extra = {"lint": [], "extract": ["-o", tmp_path / "out"], "import-as-input": ["-o", tmp_path / "out" / "x.yaml"],
             "import": ["--office", "某市外事办公室", "--year", "2010", "--archive-root", tmp_path / "archive"]}
    for given, phrase in ((fifo, "这不是普通文件（而是管道、设备或套接字）"), (folder, "目录")):
        args = {"import": ["archive", "import", given], "import-as-input": ["import", given]}.get(command,
                                                                                               [command, given])
        result = returns_within(60, lambda args=args: run(capsys, *args, *extra[command]))
        assert result.status == 2 and phrase in result.err, result.err
    assert files_under(tmp_path / "out") == [] and files_under(tmp_path / "archive") == []


# --- extract -----------------------------------------------------------------------------------


def archived_pdf(path: Path, files: dict[str, bytes]) -> Path:
    """A PDF carrying an input set and its manifest, as build --archive embeds them."""
    import pypdf

    manifest = Manifest(office="某市外事办公室", year=2011, title="标题", revision=None, created="2024-01-01T00:00:00Z",
                        reportgen_version="0.1.0", template_digest=None, profile_digest=None, input="input/2011.yaml")
    writer = pypdf.PdfWriter(clone_from=make_pdf(path.with_suffix(".plain.pdf")))
    for name, data in {**files, "manifest.json": manifest.to_json()}.items():
        writer.add_attachment(name, data)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def test_extract_checks_every_name_before_the_first_write(capsys, tmp_path):
    long_name = "附件" * 50 + ".csv"  # 304 bytes
    pdf = archived_pdf(tmp_path / "归档.pdf", {"2011.yaml": b"office: x\n", "a.csv": b"1", long_name: b"2"})
    out = tmp_path / "out"
    result = run(capsys, "extract", pdf, "-o", out)
    assert result.status == 2
    assert "有 304 字节，超过文件系统的上限 255 字节" in result.err
    assert files_under(out) == []


def test_extract_refuses_to_write_through_a_symbolic_link(capsys, tmp_path):
    pdf = archived_pdf(tmp_path / "归档.pdf", {"2011.yaml": b"office: x\n", "sub/ledger.csv": b"1"})
    out, outside = tmp_path / "out", tmp_path / "outside"
    out.mkdir()
    outside.mkdir()
    (out / "sub").symlink_to(outside)
    result = run(capsys, "extract", pdf, "-o", out)
    assert result.status == 2
    assert "是一个符号链接：extract 不会通过它写到文件夹之外" in result.err
    assert list(outside.iterdir()) == []
    assert sorted(p.name for p in out.iterdir()) == ["sub"]


def test_extract_of_a_good_archived_pdf_still_works(capsys, tmp_path):
    pdf = archived_pdf(tmp_path / "归档.pdf", {"2011.yaml": b"office: x\n", "sub/ledger.csv": b"1"})
    result = run(capsys, "extract", pdf, "-o", tmp_path / "out")
    assert result.status == 0, result.err
    assert (tmp_path / "out" / "sub" / "ledger.csv").read_bytes() == b"1"


def test_limits_stay_at_their_documented_values():
    """docs/limits.md lists every limit with its value: a change to one must change the other."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "limits.md").read_text(encoding="utf-8")
    found = {name: value for name, value in vars(limits).items() if isinstance(value, limits.Limit)}
    assert len(found) >= 20
    for name, limit in found.items():
        row = next((line for line in text.splitlines() if f"`{name}`" in line), None)
        assert row is not None, f"docs/limits.md does not list {name}"
        assert limit.shown(limit.value) in row, f"docs/limits.md gives another value for {name}: {row}"
