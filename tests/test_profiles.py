"""Layout profiles: each variant changes the numbers and names it says, in the DOCX and the PDF."""

from __future__ import annotations

import itertools

import docx
import pytest
from docx.oxml.ns import qn

from reportgen.build import build, check
from reportgen.errors import ReportError
from reportgen.layout import PROFILES, STANDARD, VARIANTS, Align, FontRole, Style, profile_named
from tests.conftest import EXAMPLE
from tests.measure import TypeArea, footer_chars, lines, open_pdf
from tests.variants import line_of, write_variant


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The example built once per variant: {name: BuildResult}."""
    results = {}
    for name in VARIANTS:
        results[name] = build(EXAMPLE, out_dir=tmp_path_factory.mktemp(name), profile=PROFILES[name])
    return results


def _style(document, name):
    return document.styles[name]


def test_variants_are_listed_and_combine():
    assert set(PROFILES) == {"standard", *VARIANTS}
    combined = profile_named(["times-digits", "fangzheng-gbk", "bold-headings"])
    assert combined.name == "times-digits+fangzheng-gbk+bold-headings"
    assert combined.fonts[FontRole.LATIN].docx_name == "Times New Roman"
    assert combined.fonts[FontRole.FANGSONG].docx_name == "方正仿宋_GBK"
    assert combined.elements[Style.HEADING2].bold and not combined.elements[Style.BODY].bold
    # Variants never touch the standard itself.
    assert STANDARD.line_pitch.pt == 28.95 and FontRole.LATIN not in STANDARD.fonts


def test_lines_28pt(built):
    result = built["lines-28pt"]
    document = docx.Document(str(result.files["docx"]))
    # 22 lines of 28 pt do not fill the type area: no line grid, which LibreOffice
    # would centre in it, lowering every line 3.8 mm.
    grid = document.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "default" and grid.get(qn("w:linePitch")) is None
    assert document.styles["Normal"].paragraph_format.line_spacing.pt == pytest.approx(28)
    area = TypeArea.of(STANDARD)
    with open_pdf(result.files["pdf"]) as pdf:
        body = [line for line in lines(pdf.pages[1], area) if line.size == 16]
        gaps = {round(b.baseline - a.baseline, 2) for a, b in itertools.pairwise(body)}
    assert gaps <= {28.0, 56.0}, gaps


def test_bold_headings(built):
    result = built["bold-headings"]
    document = docx.Document(str(result.files["docx"]))
    # Fandol has no bold 楷体 or 仿宋 and WeasyPrint cannot embolden a face: both outputs
    # set those headings regular (Word would fake bold in the DOCX alone), and the build
    # says so once. With faces that have a bold, see tests/test_bold.py.
    for name in ("二级标题", "三级标题", "一级标题", "Normal"):
        b = document.styles[name].element.rPr.find(qn("w:b"))
        assert b is None or b.get(qn("w:val")) != "1", name
    notes = [note for note in result.layout_notes if "加粗" in note]
    assert len(notes) == 1 and "FandolKai" in notes[0] and "FandolFang" in notes[0], result.layout_notes


def test_centred_page_numbers(built):
    result = built["centred-page-numbers"]
    section = docx.Document(str(result.files["docx"])).sections[0]
    for footer in (section.footer, section.even_page_footer):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment.name == "CENTER"
        assert paragraph.paragraph_format.left_indent.twips == 0
        assert paragraph.paragraph_format.right_indent.twips == 0
    area = TypeArea.of(STANDARD)
    with open_pdf(result.files["pdf"]) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            chars = footer_chars(page, area)
            middle = (chars[0]["x0"] + chars[-1]["x1"]) / 2
            assert middle == pytest.approx((area.left + area.right) / 2, abs=1.5), number


def test_times_digits(built):
    result = built["times-digits"]
    document = docx.Document(str(result.files["docx"]))
    rfonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert rfonts.get(qn("w:ascii")) == rfonts.get(qn("w:hAnsi")) == "Times New Roman"
    assert rfonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    with open_pdf(result.files["pdf"]) as pdf:
        chars = pdf.pages[0].chars
        digits = {c["fontname"].split("+")[1] for c in chars if c["text"].isdigit()}
        quotes = {c["fontname"].split("+")[1] for c in chars if c["text"] in "“”"}
        hanzi = {c["fontname"].split("+")[1] for c in chars if c["text"] == "年" and c["size"] == 16}
    assert digits == {"rg-LiberationSerif-Regular"}
    # Ambiguous-width punctuation stays with the Chinese face, as w:hint="eastAsia" does in Word.
    assert quotes == {"rg-FandolFang-Regular"}
    assert "rg-LiberationSerif-Regular" not in hanzi


def test_fangzheng_gbk_names(built):
    document = docx.Document(str(built["fangzheng-gbk"].files["docx"]))
    expected = {
        "Normal": "方正仿宋_GBK", "Title": "方正小标宋_GBK", "一级标题": "方正黑体_GBK", "二级标题": "方正楷体_GBK",
    }
    for name, face in expected.items():
        assert document.styles[name].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == face


def test_page_number_alignment_is_data(built):
    # Not a code path per profile: the standard's alignments are values too.
    assert (STANDARD.page_number_odd, STANDARD.page_number_even) == (Align.RIGHT, Align.LEFT)
    assert PROFILES["centred-page-numbers"].page_number_odd is Align.CENTER


def test_profile_chosen_in_the_input(tmp_path):
    good = write_variant(tmp_path / "good", EXAMPLE, set={"profile": ["times-digits"]})
    assert check(good).profile.name == "times-digits"
    bad = write_variant(tmp_path / "bad", EXAMPLE, set={"profile": ["times-digit"]})
    with pytest.raises(ReportError) as caught:
        check(bad)
    message = str(caught.value)
    line = line_of(bad, "profile:")
    assert f"第 {line} 行" in message and "times-digit" in message and "是不是“times-digits”" in message
