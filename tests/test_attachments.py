"""Attachments [GB/T 9704-2012 7.3.4, 7.3.7]: 附件说明, a page each, tables whose
header row repeats, measured in the DOCX, in WeasyPrint's PDF and in LibreOffice's."""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn

from reportgen.layout import STANDARD
from tests.conftest import ROOT
from tests.libreoffice import build_all
from tests.measure import TypeArea, footer_chars, grid_char_pt, lines, open_pdf, visible_chars
from tests.variants import write_variant

EXAMPLE_2012 = ROOT / "inputs" / "nanchang-waiqiao" / "2012.yaml"
AREA = TypeArea.of(STANDARD)
ADVANCE = grid_char_pt(STANDARD)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The formal 2012 example, and a variant with one attachment (no number) whose
    60-row table crosses pages; LibreOffice renders both in one run."""
    tmp = tmp_path_factory.mktemp("att")
    table = {"columns": ["序号", "团组", "国家", "人数"],
             "rows": [[i, f"第{i}批来访团组", "日本", i * 3] for i in range(1, 61)]}
    long_input = write_variant(tmp / "long", EXAMPLE_2012, set={"attachments": [{"title": "来访团组明细表",
                                                                                "table": table}]})
    return build_all({"example": EXAMPLE_2012, "long": long_input}, tmp)


@pytest.fixture(scope="module")
def example(built):
    return built["example"]


@pytest.fixture(scope="module")
def long_table(built):
    return built["long"]


def test_attachment_notes_in_the_docx(example):
    result, _ = example
    document = docx.Document(str(result.files["docx"]))
    notes = [p for p in document.paragraphs if p.style.name == "附件说明"]
    assert [p.text for p in notes] == ["附件：1.2012年外事侨务工作统计表", "2.南昌市国际友好城市一览表"]
    cell = grid_char_pt(STANDARD) * 20  # twips of one cell of the 28-character grid
    # 左空二字 "附件：1." then the name; the second name stands under the first's first character.
    assert [p.paragraph_format.left_indent.twips for p in notes] == [round(6 * cell)] * 2
    assert [p.paragraph_format.first_line_indent.twips for p in notes] == [round(-4 * cell), round(-1 * cell)]


def test_each_attachment_starts_a_page_with_its_label_and_title(example):
    result, lo_pdf = example
    document = docx.Document(str(result.files["docx"]))
    labels = [p for p in document.paragraphs if p.style.name == "附件标识"]
    assert [p.text for p in labels] == ["附件1", "附件2"]
    assert all(p.paragraph_format.page_break_before for p in labels)
    for pdf_path in (result.files["pdf"], lo_pdf):
        with open_pdf(pdf_path) as pdf:
            pages = [lines(page, AREA) for page in pdf.pages]
        starts = [i for i, found in enumerate(pages) if found[0].text.startswith("附件")]
        assert [pages[i][0].text for i in starts] == ["附件1", "附件2"], pdf_path
        for i in starts:
            label, title = pages[i][0], pages[i][1]
            pitch = STANDARD.line_pitch.pt
            assert label.x0 == pytest.approx(AREA.left, abs=1)  # flush left, line 1
            assert label.baseline - AREA.top < pitch
            assert title.size == 22
            assert (title.x0 + title.x1) / 2 == pytest.approx((AREA.left + AREA.right) / 2, abs=2)
            assert int((title.baseline - AREA.top) // pitch) == 2  # line 3


def test_statistics_table_from_the_ledger(example):
    result, _ = example
    document = docx.Document(str(result.files["docx"]))
    table = document.tables[0]
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0] == ["项目", "批次", "人数", "单位", "人数同比"]
    assert cells[1] == ["接待来访（党宾外宾）", "30", "414", "人次", "增长12.5%"]
    assert cells[-1] == ["邀请外国人来华（外专）", "160", "301", "人次", "增长8.3%"]
    # Numbers right-aligned, text left.
    assert table.rows[1].cells[1].paragraphs[0].alignment.name == "RIGHT"
    assert table.rows[1].cells[0].paragraphs[0].alignment is None
    # The table spans the type area in fixed columns.
    widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert sum(widths) == pytest.approx(8844, abs=len(widths))
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"


def test_sister_city_table(example):
    result, _ = example
    table = docx.Document(str(result.files["docx"])).tables[1]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["序号", "国家", "城市", "类别", "级别", "建立时间"]
    assert rows[5] == ["5", "美国", "圣查尔斯市（示例）", "友好城市", "市级", "2012年10月"]
    assert [r[3] for r in rows[1:]].count("友好交流城市") == 3


def test_tables_stay_inside_the_type_area(example):
    result, lo_pdf = example
    for pdf_path in (result.files["pdf"], lo_pdf):
        with open_pdf(pdf_path) as pdf:
            # The attachments' pages (LibreOffice hangs a comma past the edge in the body).
            for page in [p for p in pdf.pages if lines(p, AREA)[0].text.startswith("附件")]:
                footer = {id(c) for c in footer_chars(page, AREA)}
                for char in visible_chars(page):
                    if id(char) not in footer:
                        assert AREA.left - 0.5 <= char["x0"] and char["x1"] <= AREA.right + 0.5, char["text"]
            for rect in pdf.pages[-1].rects + pdf.pages[-1].lines:
                assert AREA.left - 1 <= rect["x0"] and rect["x1"] <= AREA.right + 1


def test_numbers_right_aligned_in_the_pdf(example):
    result, _ = example
    with open_pdf(result.files["pdf"]) as pdf:
        page = next(p for p in pdf.pages if "人数同比" in p.extract_text())
        rows = [line for line in lines(page, AREA) if line.text.startswith(("接待来访", "因公出国", "邀请外国人"))]
    # The 人数 column: each number's last digit ends at the same x.
    ends = {round(next(c for c in reversed(row.chars) if c["text"].isdigit() and c["x0"] < 400)["x1"], 0)
            for row in rows}
    assert len(rows) == 6 and len(ends) == 1, ends


def test_a_single_attachment_has_no_number(long_table):
    result, _ = long_table
    document = docx.Document(str(result.files["docx"]))
    assert [p.text for p in document.paragraphs if p.style.name == "附件说明"] == ["附件：来访团组明细表"]
    assert [p.text for p in document.paragraphs if p.style.name == "附件标识"] == ["附件"]


def test_the_header_row_repeats_on_every_page_the_table_crosses(long_table):
    result, lo_pdf = long_table
    header_row = document_header = docx.Document(str(result.files["docx"])).tables[0].rows[0]
    assert header_row._tr.trPr.find(qn("w:tblHeader")) is not None
    assert document_header.cells[1].text == "团组"
    for pdf_path in (result.files["pdf"], lo_pdf):
        with open_pdf(pdf_path) as pdf:
            table_pages = [p for p in pdf.pages if "第1批来访团组" in p.extract_text()
                           or "第60批来访团组" in p.extract_text() or "第30批来访团组" in p.extract_text()]
            assert len(table_pages) >= 2, pdf_path
            for page in table_pages:
                text = page.extract_text().replace(" ", "")
                assert "序号团组国家人数" in text, pdf_path
            # Every row is there once.
            body = "".join(p.extract_text().replace(" ", "") for p in pdf.pages)
            assert all(body.count(f"第{i}批来访团组") == 1 for i in range(1, 61))
