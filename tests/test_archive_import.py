"""`archive import`: reports written before reportgen, kept as they are and made searchable."""

from __future__ import annotations

import hashlib
import shutil

import docx
import pypdf
import pytest

from reportgen.archive import Archive, import_report
from reportgen.archive.textextract import join_lines
from reportgen.errors import ReportError
from tests.test_archive_store import OFFICE, add

KUNMING = "昆明市外事办公室"


@pytest.fixture()
def old_docx(tmp_path):
    """A 2009 report as an office wrote it in Word: a title, paragraphs and a table."""
    document = docx.Document()
    document.add_paragraph("昆明市外事办公室2009年工作总结")
    document.add_paragraph("一年来，我办积极拓展对外交往，与老挝琅勃拉邦省缔结友城关系。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "出访国家"
    table.cell(1, 0).text = "越南、缅甸"
    document.add_paragraph("全年接待外宾团组二十批。")
    path = tmp_path / "2009年工作总结.docx"
    document.save(path)
    return path


def test_import_a_docx(tmp_path, old_docx):
    root = tmp_path / "archive"
    archived = import_report(root, old_docx, KUNMING, 2009)

    assert archived.revision == 1 and archived.path == root / KUNMING / "2009" / "r1"
    assert sorted(p.name for p in archived.path.iterdir()) == ["manifest.json", "original.docx", "text.txt"]
    assert (archived.path / "original.docx").read_bytes() == old_docx.read_bytes()  # the original, untouched
    manifest = archived.manifest
    assert manifest.imported and manifest.source_name == "2009年工作总结.docx" and manifest.input is None
    assert manifest.files["original.docx"] == hashlib.sha256(old_docx.read_bytes()).hexdigest()
    assert manifest.template_digest is None and manifest.profile_digest is None
    assert manifest.title == "2009年工作总结"
    text = (archived.path / "text.txt").read_text(encoding="utf-8")
    assert text.splitlines() == [
        "昆明市外事办公室2009年工作总结", "一年来，我办积极拓展对外交往，与老挝琅勃拉邦省缔结友城关系。",
        "出访国家", "越南、缅甸", "全年接待外宾团组二十批。",
    ]  # document order, tables included
    with Archive.open(root) as archive:
        (hit,) = archive.search("缅甸").hits
        assert (hit.row.office, hit.row.year, hit.row.kind) == (KUNMING, 2009, "imported")
        assert archive.verify().ok


def test_a_search_spans_the_years_before_the_tool(tmp_path, old_docx):
    root = tmp_path / "archive"
    add(root, office=KUNMING, year=2011, text="与老挝有关方面加强交流，新结友城两个。")
    import_report(root, old_docx, KUNMING, 2009, title="昆明市外事办公室2009年工作总结")
    with Archive.open(root) as archive:
        result = archive.search("老挝", office="昆明")
    assert [(h.row.year, h.row.kind) for h in result.hits] == [(2011, "built"), (2009, "imported")]


def test_import_a_pdf_joins_lines_broken_on_the_page(tmp_path, example_pdf):
    root = tmp_path / "archive"
    archived = import_report(root, example_pdf, OFFICE, 2011, title="南昌市外事侨务办公室2011年工作总结（旧版）")

    assert (archived.path / "original.pdf").read_bytes() == example_pdf.read_bytes()
    text = (archived.path / "text.txt").read_text(encoding="utf-8")
    # On the page: "…充分发挥外事侨务工" / "作在对外开放…", and "— 1 —" under the first page.
    assert "充分发挥外事侨务工作在对外开放的前沿优势" in text
    assert "— 1 —" not in text
    assert archived.text_chars > 3000
    with Archive.open(root) as archive:
        (hit,) = archive.search("侨务工作").hits
        assert hit.row.kind == "imported" and "【侨务工作】" in hit.snippet


def test_the_same_file_twice_is_refused(tmp_path, old_docx):
    root = tmp_path / "archive"
    import_report(root, old_docx, KUNMING, 2009)
    with pytest.raises(ReportError, match="已导入为昆明市外事办公室 2009 年第 1 版，未重复导入"):
        import_report(root, old_docx, KUNMING, 2009)
    copy = tmp_path / "副本.docx"
    shutil.copy(old_docx, copy)
    with pytest.raises(ReportError, match="未重复导入"):
        import_report(root, copy, KUNMING, 2009)  # same content under another name
    assert import_report(root, old_docx, KUNMING, 2010).revision == 1  # another year is another report
    assert import_report(root, old_docx, OFFICE, 2009).revision == 1


def test_a_changed_file_is_a_new_revision(tmp_path, old_docx):
    root = tmp_path / "archive"
    import_report(root, old_docx, KUNMING, 2009)
    document = docx.Document(old_docx)
    document.add_paragraph("补充：全年出访六批。")
    document.save(old_docx)
    assert import_report(root, old_docx, KUNMING, 2009).revision == 2


def test_a_pdf_without_text_is_kept_but_not_searchable(tmp_path):
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)  # what a scan without OCR looks like to a text extractor
    scan = tmp_path / "扫描件.pdf"
    with scan.open("wb") as handle:
        writer.write(handle)
    archived = import_report(tmp_path / "archive", scan, KUNMING, 2005)
    assert archived.text_chars == 0 and (archived.path / "original.pdf").is_file()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("旧报告.doc", b"\xd0\xcf\x11\xe0", "不支持的文件类型“.doc”"),
    ("旧报告.txt", "文字".encode(), "不支持的文件类型“.txt”"),
    ("旧报告", b"%PDF-1.4", "不支持的文件类型“（无扩展名）”"),
    ("假的.pdf", "其实是文字".encode(), "文件内容不是 PDF"),
    ("假的.docx", b"%PDF-1.4\n", "文件内容不是 DOCX"),
    ("坏的.pdf", b"%PDF-1.4\n" + b"\x00" * 100, "无法读取文件中的文字"),
    ("坏的.docx", b"PK\x03\x04" + b"\x00" * 100, "无法读取文件中的文字"),
])
def test_unsupported_or_damaged_files_are_refused(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReportError, match=message) as caught:
        import_report(tmp_path / "archive", path, KUNMING, 2009)
    assert caught.value.problems[0].file == str(path)
    assert not (tmp_path / "archive").exists()


def test_doc_files_get_a_hint(tmp_path):
    path = tmp_path / "旧报告.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ReportError) as caught:
        import_report(tmp_path / "archive", path, KUNMING, 2009)
    assert "另存为 .docx" in caught.value.problems[0].hint


def test_missing_file_and_bad_year(tmp_path, old_docx):
    with pytest.raises(ReportError, match="找不到要导入的文件"):
        import_report(tmp_path / "archive", tmp_path / "没有这个文件.pdf", KUNMING, 2009)
    with pytest.raises(ReportError, match="这是一个目录"):
        import_report(tmp_path / "archive", tmp_path, KUNMING, 2009)
    with pytest.raises(ReportError, match="年度"):
        import_report(tmp_path / "archive", old_docx, KUNMING, 209)
    assert not (tmp_path / "archive").exists()


def test_pdf_lines_are_joined_into_paragraphs():
    lines = ["南昌市外事侨务办公室2011年工作总结", "和2012年工作打算", "一、2011年工作总结", "今年以来，我办在市委",
             "的关心指导下。", "— 1 —", "为企业开展", "商务活动提供便利。", "Sister cities of", "Nanchang.", "第 2 页"]
    assert join_lines(lines).splitlines() == [
        "南昌市外事侨务办公室2011年工作总结和2012年工作打算一、2011年工作总结今年以来，我办在市委的关心指导下。",
        "为企业开展商务活动提供便利。",
        "Sister cities of Nanchang.",
    ]
