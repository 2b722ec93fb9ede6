"""版记 [GB/T 9704-2012 7.4]: at the foot of the last page, an even page, between
its rules; measured on WeasyPrint's PDF and LibreOffice's rendering of the DOCX."""

from __future__ import annotations

import pytest

from reportgen.layout import STANDARD
from reportgen.units import Mm
from tests.conftest import EXAMPLE, ROOT
from tests.libreoffice import build_all
from tests.measure import TypeArea, lines, open_pdf
from tests.variants import write_variant

AREA = TypeArea.of(STANDARD)
END_NOTES = {"end_notes": {"copy_to": "省外事侨务办公室、市委办公厅", "printed_by": "南昌市外事侨务办公室",
                           "printed_on": "2012年2月27日"}}


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The 2011 example with a 版记 (its text ends on page 8, an even page with room) and a
    one-page report whose 版记 must go on to page 2; LibreOffice renders both in one run."""
    tmp = tmp_path_factory.mktemp("notes")
    return build_all({
        "report": write_variant(tmp / "report", EXAMPLE, set=END_NOTES),
        "short": write_variant(tmp / "short", ROOT / "tests" / "fixtures" / "compose" / "nested.yaml", set=END_NOTES),
    }, tmp)


@pytest.fixture(scope="module")
def report(reports):
    return reports["report"]


@pytest.fixture(scope="module")
def short_report(reports):
    return reports["short"]


def _rules(page, resolution: int = 288):
    """Horizontal rules drawn across the type area, top to bottom, as (centre y,
    thickness) in pt: read from the rendered page, as a reader sees them (the two
    renderers draw rules differently, as strokes or as filled outlines)."""
    scale = resolution / 72
    image = page.to_image(resolution=resolution).original.convert("L")
    pixels = image.load()
    left, right = int((AREA.left + 20) * scale), int((AREA.right - 20) * scale)
    step = max((right - left) // 60, 1)
    dark = [y for y in range(image.size[1])
            if all(pixels[x, y] < 128 for x in range(left, right, step))]
    rules, start = [], None
    for y, following in zip(dark, [*dark[1:], None], strict=False):
        start = y if start is None else start
        if following != y + 1:
            rules.append(((start + y + 1) / 2 / scale, (y + 1 - start) / scale))
            start = None
    return rules


def test_weasyprint_puts_the_end_notes_on_the_foot_of_an_even_last_page(report):
    result, _ = report
    with open_pdf(result.files["pdf"]) as pdf:
        assert len(pdf.pages) % 2 == 0
        last = pdf.pages[-1]
        rules = _rules(last)
        found = lines(last, AREA)
    # Three rules: 0.35 mm, 0.25 mm, 0.35 mm; the last on the type area's foot.
    assert len(rules) == 3, rules
    assert [t / Mm(1).pt for _, t in rules] == pytest.approx([0.35, 0.25, 0.35], abs=0.1)
    assert rules[-1][0] + rules[-1][1] / 2 == pytest.approx(AREA.bottom, abs=0.5)
    copy_to, printed = found[-2], found[-1]
    assert copy_to.text == "抄送：省外事侨务办公室，市委办公厅。" and copy_to.size == 14
    assert copy_to.x0 == pytest.approx(AREA.left + 14, abs=1)  # one character in
    assert printed.text.startswith("南昌市外事侨务办公室") and printed.text.endswith("2012年2月27日印发")
    assert printed.x1 == pytest.approx(AREA.right - 14, abs=1.5)
    assert rules[0][0] < copy_to.baseline < rules[1][0] < printed.baseline < rules[2][0]


def test_libreoffice_lays_the_docx_out_the_same_way(report):
    result, lo_pdf = report
    with open_pdf(result.files["pdf"]) as ours, open_pdf(lo_pdf) as theirs:
        assert len(theirs.pages) == len(ours.pages)
        last = theirs.pages[-1]
        rules = _rules(last)
        texts = [line.text.replace(" ", "") for line in lines(last, AREA)]
    assert len(rules) == 3, rules
    # A text box anchored to the foot of the type area (LibreOffice ignores frames
    # and floating tables anchored there): the last rule within 0.7 mm of the foot.
    assert rules[-1][0] + rules[-1][1] / 2 == pytest.approx(AREA.bottom, abs=Mm(0.7).pt)
    assert texts[-2:] == ["抄送：省外事侨务办公室，市委办公厅。", "南昌市外事侨务办公室2012年2月27日印发"]


def test_a_report_ending_on_an_odd_page_gets_its_end_notes_on_the_next(short_report):
    result, lo_pdf = short_report
    for pdf_path in (result.files["pdf"], lo_pdf):
        with open_pdf(pdf_path) as pdf:
            assert len(pdf.pages) == 2, pdf_path
            first, last = pdf.pages
            assert not _rules(first)
            assert len(_rules(last)) == 3
            body = [line.text for line in lines(last, AREA)]
        assert body[-2].replace(" ", "").startswith("抄送：")


def test_after_an_attachment_table_too(corpus):
    # The formal 2012 example ends with a table on page 5: the 版记 goes to page 6,
    # at its foot, in both renderers.
    (built,) = corpus.with_libreoffice([corpus.build(ROOT / "inputs" / "nanchang-waiqiao" / "2012.yaml", "standard")])
    for pdf_path in (built.pdf, built.libreoffice_pdf):
        with open_pdf(pdf_path) as pdf:
            assert len(pdf.pages) == 6, pdf_path
            rules = _rules(pdf.pages[-1])
            text = "".join(line.text for line in lines(pdf.pages[-1], AREA)).replace(" ", "")
        assert len(rules) == 3, pdf_path
        assert rules[-1][0] + rules[-1][1] / 2 == pytest.approx(AREA.bottom, abs=Mm(0.7).pt), pdf_path
        assert "抄送：省外事侨务办公室，市委办公厅，市人大常委会办公厅，市政协办公厅。" in text
