"""版头 [GB/T 9704-2012 7.2]: measured on WeasyPrint's PDF and LibreOffice's rendering of the DOCX."""

from __future__ import annotations

import pytest

from reportgen.build import build, check
from reportgen.errors import ReportError
from reportgen.layout import STANDARD
from reportgen.units import Mm
from tests.conftest import EXAMPLE, libreoffice_pdf
from tests.measure import TypeArea, lines, open_pdf
from tests.variants import line_of, write_variant

AREA = TypeArea.of(STANDARD)
def _input(folder, number: str = "洪外侨字〔2012〕5号", copy_number: str = "000012", **header):
    fields = {"copy_number": copy_number, "urgency": "特急", "issuer": "南昌市外事侨务办公室文件",
              "number": number, "signer": "张三", **header}
    return write_variant(folder, EXAMPLE, set={"header": fields, "recipient": "南昌市人民政府"})


@pytest.fixture(scope="module")
def formal(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("formal")
    result = build(_input(tmp / "in"), out_dir=tmp / "out")
    return [result.files["pdf"], libreoffice_pdf(result.files["docx"], tmp)]


@pytest.fixture(scope="module")
def letterhead(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("letterhead")
    result = build(_input(tmp / "in", letterhead=True), out_dir=tmp / "out", formats=("pdf",))
    return result.files["pdf"]


def _red_rows(page, top: float, bottom: float, resolution: int = 288):
    """Rows (pt from the page top) where red ink crosses the type area."""
    scale = resolution / 72
    image = page.crop((AREA.left + 5, top, AREA.right - 5, bottom)).to_image(resolution=resolution)
    image = image.original.convert("RGB")
    pixels = image.load()
    width, height = image.size
    samples = range(0, width, 20)
    red = [y for y in range(height)
           if sum(pixels[x, y][0] > 150 and pixels[x, y][1] < 90 for x in samples) >= 0.9 * len(samples)]
    return [top + y / scale for y in red]


def _measure(pdf_path):
    with open_pdf(pdf_path) as pdf:
        page = pdf.pages[0]
        found = lines(page, AREA)
        issuer = next(line for line in found if line.text == "南昌市外事侨务办公室文件")
        number = next(line for line in found if line.text.startswith("洪外侨字"))
        title = next(line for line in found if line.size == 22)
        rows = _red_rows(page, number.baseline, number.baseline + 30)
        return found, issuer, number, title, rows


def test_header_geometry(formal):
    pitch = STANDARD.line_pitch.pt
    for pdf_path in formal:
        found, issuer, number, title, rows = _measure(pdf_path)
        # 7.2.1-7.2.3: 份号 and 紧急程度 on lines 1 and 2, flush left.
        assert [line.text for line in found[:2]] == ["000012", "特急"], pdf_path
        assert all(abs(line.x0 - AREA.left) < 1 for line in found[:2])
        # 7.2.4: the mark's top 35 mm below the type area, red, centred.
        top = min(c["top"] for c in issuer.chars)
        assert (top - AREA.top) / Mm(1).pt == pytest.approx(35, abs=0.5), pdf_path
        assert issuer.size == 36
        red, green, _ = issuer.chars[0]["non_stroking_color"][:3]
        assert red > 0.8 and green < 0.1
        assert (issuer.x0 + issuer.x1) / 2 == pytest.approx((AREA.left + AREA.right) / 2, abs=2)
        # 7.2.5/7.2.6: 发文字号 one character in at the left, 签发人 one in at the right.
        assert number.text.replace(" ", "").startswith("洪外侨字〔2012〕5号")
        assert number.text.replace(" ", "").endswith("签发人：张三")
        assert number.x0 == pytest.approx(AREA.left + 16, abs=1.5)
        assert number.x1 == pytest.approx(AREA.right - 16, abs=1.5)
        # The red rule 4 mm below the 发文字号, across the type area (rows found across it).
        assert rows, pdf_path
        rule = (rows[0] + rows[-1]) / 2
        assert (rule - number.baseline) / Mm(1).pt == pytest.approx(4, abs=0.5), pdf_path
        # The title two blank lines below the rule.
        assert 2.5 < (title.baseline - rule) / pitch < 3.0, pdf_path


def test_letterhead_mode_keeps_the_space_and_prints_nothing_red(formal, letterhead):
    _, _, _, printed_title, _ = _measure(formal[0])
    with open_pdf(letterhead) as pdf:
        page = pdf.pages[0]
        found = lines(page, AREA)
        assert "南昌市外事侨务办公室文件" not in [line.text for line in found]
        assert _red_rows(page, AREA.top, AREA.bottom) == []
        title = next(line for line in found if line.size == 22)
    assert title.baseline == pytest.approx(printed_title.baseline, abs=0.5)


@pytest.mark.parametrize(("number", "hint"), [
    ("洪外侨字[2012]5号", "六角括号"),
    ("洪外侨字〔12〕5号", "4 位"),
    ("洪外侨字〔2012〕第5号", "第"),
    ("洪外侨字〔2012〕05号", "虚位"),
])
def test_a_wrong_document_number_names_its_line(tmp_path, number, hint):
    path = _input(tmp_path / "in", number=number)
    with pytest.raises(ReportError) as caught:
        check(path)
    message = str(caught.value)
    line = line_of(path, number)
    assert f"第 {line} 行" in message and "header.number" in message and hint in message


def test_copy_number_has_six_digits(tmp_path):
    path = _input(tmp_path / "in", copy_number="12")
    with pytest.raises(ReportError) as caught:
        check(path)
    assert "份号“12”应为 6 位阿拉伯数字" in str(caught.value)
