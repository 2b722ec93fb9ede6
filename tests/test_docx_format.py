"""The example's DOCX read back with python-docx and lxml, against GB/T 9704-2012."""

from __future__ import annotations

import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from reportgen.layout import STANDARD, Style
from tests.measure import grid_char_pt

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def document(example_docx):
    return docx.Document(str(example_docx))


def _style_chain(style):
    while style is not None:
        yield style
        style = style.base_style


def effective(paragraph, run, tag, attr):
    """The value a word processor uses: run, then the style chain, then docDefaults."""
    elements = [run._r.rPr] + [s.element.rPr for s in _style_chain(paragraph.style)]
    for rpr in elements:
        if rpr is None:
            continue
        found = rpr.find(qn(tag))
        if found is not None and found.get(qn(attr)) is not None:
            return found.get(qn(attr))
    defaults = paragraph.part.document.styles.element.find(qn("w:docDefaults"))
    found = defaults.find(f".//{qn(tag)}")
    return None if found is None else found.get(qn(attr))


def test_page_size_and_margins(document):
    # 5.2.1-5.2.2: A4; 37/35/28/26 mm, in twips as Word stores them.
    sect = document.sections[0]._sectPr
    size = sect.find(qn("w:pgSz"))
    assert (size.get(qn("w:w")), size.get(qn("w:h"))) == ("11906", "16838")
    margins = sect.find(qn("w:pgMar"))
    assert {k: margins.get(qn(f"w:{k}")) for k in ("top", "bottom", "left", "right")} == {
        "top": "2098", "bottom": "1984", "left": "1587", "right": "1474"
    }


def test_doc_grid_lines(document):
    # 5.2.3: 22 lines a page on a line grid of 28.95 pt (579 twips).
    grid = document.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines"
    assert grid.get(qn("w:linePitch")) == "579"
    assert grid.get(qn("w:charSpace")) is None


EXPECTED = {
    # style name (as Word stores it) → East Asian face, size in half-points
    Style.TITLE: ("Title", "方正小标宋简体", "44"),
    Style.BODY: ("Normal", "仿宋_GB2312", "32"),
    Style.HEADING1: ("一级标题", "黑体", "32"),
    Style.HEADING2: ("二级标题", "楷体_GB2312", "32"),
    Style.HEADING3: ("三级标题", "仿宋_GB2312", "32"),
    Style.SIGNATURE: ("署名", "仿宋_GB2312", "32"),
    Style.DATE: ("成文日期", "仿宋_GB2312", "32"),
}


def test_every_paragraph_has_a_named_style(document):
    names = {p.style.name for p in document.paragraphs}
    assert {name for name, _, _ in EXPECTED.values()} <= names
    assert "二级标题" in {p.style.name for p in document.paragraphs if p.text.startswith("（一）")}


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_fonts_and_sizes_by_element(document, kind):
    name, face, half_points = EXPECTED[kind]
    paragraphs = [p for p in document.paragraphs if p.style.name == name and p.text.strip()]
    assert paragraphs, name
    for paragraph in paragraphs:
        run = paragraph.runs[0]
        for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
            assert effective(paragraph, run, "w:rFonts", attr) == face, (name, attr)
        assert effective(paragraph, run, "w:sz", "w:val") == half_points
        assert effective(paragraph, run, "w:lang", "w:eastAsia") == "zh-CN"


def test_run_in_heading_switches_to_body_face(document):
    # 7.3.3: "1.交流层面进一步拓宽。" in the level's face, the rest in 仿宋.
    paragraph = next(p for p in document.paragraphs if p.text.startswith("（四）机关作风有新面貌。"))
    heading, text = paragraph.runs
    assert heading.text == "（四）机关作风有新面貌。"
    assert effective(paragraph, heading, "w:rFonts", "w:eastAsia") == "楷体_GB2312"
    assert effective(paragraph, text, "w:rFonts", "w:eastAsia") == "仿宋_GB2312"


def test_no_theme_fonts_left(example_docx):
    with zipfile.ZipFile(example_docx) as package:
        for name in package.namelist():
            if name.startswith("word/") and name.endswith(".xml") and "theme" not in name:
                root = etree.fromstring(package.read(name))
                for rfonts in root.iter(f"{W}rFonts"):
                    themed = [a for a in rfonts.attrib if "Theme" in a or "theme" in a]
                    assert not themed, (name, themed)


def test_exact_line_pitch_everywhere(document):
    # 5.2.3: every paragraph in the flow on exact 28.95 pt, no space before or after.
    styles = {p.style.name: p.style for p in document.paragraphs}
    for style in styles.values():
        fmt = style.paragraph_format
        assert fmt.line_spacing_rule is not None and fmt.line_spacing_rule.name == "EXACTLY"
        assert fmt.line_spacing.pt == pytest.approx(28.95, abs=0.01)
        assert fmt.space_before.pt == 0 and fmt.space_after.pt == 0
    for paragraph in document.paragraphs:
        assert paragraph.paragraph_format.line_spacing is None  # nothing overrides the style


def test_body_indent_and_char_spacing(document):
    normal = document.styles["Normal"]
    # Two cells of the 28-character grid (442.2 pt / 28); each character gives up
    # 0.25 pt (the -5 twentieths spacing) so that 28 fit.
    assert normal.paragraph_format.first_line_indent.twips == round(2 * grid_char_pt(STANDARD) * 20) == 632
    spacing = normal.element.rPr.find(qn("w:spacing"))
    assert spacing.get(qn("w:val")) == "-5"
    assert normal.paragraph_format.alignment.name == "JUSTIFY"


def test_odd_and_even_footers_hold_page_fields(document, example_docx):
    # 7.5: odd pages right, even pages left; Word needs evenAndOddHeaders.
    assert document.settings.odd_and_even_pages_header_footer
    with zipfile.ZipFile(example_docx) as package:
        settings = etree.fromstring(package.read("word/settings.xml"))
    assert settings.find(f"{W}evenAndOddHeaders") is not None
    section = document.sections[0]
    for footer, alignment in ((section.footer, "RIGHT"), (section.even_page_footer, "LEFT")):
        assert not footer.is_linked_to_previous
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment.name == alignment
        xml = paragraph._p
        kinds = [f.get(qn("w:fldCharType")) for f in xml.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        assert [t.text.strip() for t in xml.iter(qn("w:instrText"))] == ["PAGE"]
        texts = [t.text for t in xml.iter(qn("w:t"))]
        assert texts == ["\u2014 ", "1", " \u2014"]
        for run in xml.iter(qn("w:r")):
            rpr = run.find(qn("w:rPr"))
            assert rpr.find(qn("w:sz")).get(qn("w:val")) == "28"  # 四号 14 pt
            assert rpr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "宋体"


def test_signature_indents(document, profile):
    office = next(p for p in document.paragraphs if p.style.name == "署名")
    date = next(p for p in document.paragraphs if p.style.name == "成文日期")
    assert office.text == "南昌市外事侨务办公室"
    assert date.text == "2012年2月27日"
    cell = grid_char_pt(STANDARD) * 20  # twips of one cell of the 28-character grid
    # 署名 右空二字, set against the right edge; the date from the left, two
    # characters right of the 署名's first character: 28 - 2 - 10 + 2.
    assert office.paragraph_format.alignment.name == "RIGHT"
    assert office.paragraph_format.right_indent.twips == round(2 * cell)
    assert date.paragraph_format.alignment.name == "LEFT"
    assert date.paragraph_format.left_indent.twips == round(18 * cell)


def test_core_properties(document):
    props = document.core_properties
    assert props.title == "南昌市外事侨务办公室2011年工作总结和2012年工作打算"
    assert props.author == "南昌市外事侨务办公室"
    assert props.language == "zh-CN"
