"""The example's PDF measured against GB/T 9704-2012 (clauses in each test)."""

from __future__ import annotations

import itertools

import pytest
from pypdf import PdfReader

from reportgen.fonts import resolve_fonts
from reportgen.layout import FontRole
from reportgen.render.css import face_name
from reportgen.units import Mm
from tests.measure import (
    KEPT_LINES,
    NO_LINE_END,
    NO_LINE_START,
    baseline,
    check_full_lines,
    check_justified,
    dash_stroke_y,
    ends_short_before_a_heading,
    footer_chars,
    grid_char_pt,
    lines,
    open_pdf,
    visible_chars,
)


@pytest.fixture(scope="module")
def pdf(example_pdf):
    with open_pdf(example_pdf) as document:
        yield document


@pytest.fixture(scope="module")
def face(profile):
    """The PDF font name each role's text must carry (e.g. FandolHei for 黑体)."""
    fonts = resolve_fonts(profile, None)

    def name(role: FontRole) -> str:
        return face_name(fonts[role]).replace(" ", "-")

    return name


def uses(fontname: str, expected: str) -> bool:
    # WeasyPrint names a bold face's font after its family and weight: rg-FandolSong-Bold-Bold.
    name = fontname.split("+", 1)[-1]
    return name == expected or name == f"{expected}-Bold"


def test_a4_pages(pdf):
    # 5.2.1
    assert len(pdf.pages) >= 6
    for page in pdf.pages:
        assert page.width == pytest.approx(595.28, abs=0.1)
        assert page.height == pytest.approx(841.89, abs=0.1)


def test_every_glyph_inside_type_area_except_page_numbers(pdf, area):
    # 5.2.2: 156 x 225 mm type area, 37 mm from the top and 28 mm from the left.
    for number, page in enumerate(pdf.pages, 1):
        footer = {id(c) for c in footer_chars(page, area)}
        for char in visible_chars(page):
            if id(char) in footer:
                continue
            assert char["x0"] >= area.left - 0.5, (number, char["text"], char["x0"])
            assert char["x1"] <= area.right + 0.5, (number, char["text"], char["x1"])
            assert char["top"] >= area.top - 0.5, (number, char["text"], char["top"])
            assert char["bottom"] <= area.bottom + 0.5, (number, char["text"], char["bottom"])


def test_lines_on_the_grid_22_to_a_full_page(pdf, area, profile):
    # 5.2.3: 22 lines of 28.95 pt; every body line sits on that grid.
    pitch = profile.line_pitch.pt
    for number, page in enumerate(pdf.pages, 1):
        body = [line for line in lines(page, area) if line.size == profile.standard.body_size.pt]
        for upper, lower in itertools.pairwise(body):
            steps = (lower.baseline - upper.baseline) / pitch
            assert steps == pytest.approx(round(steps), abs=0.01), (number, upper.text)
        slots = [int((line.baseline - area.top) // pitch) for line in lines(page, area)]
        assert len(set(slots)) == len(slots), number
        if number < len(pdf.pages):
            # A full page: text on its first grid line and on its 22nd, unless a
            # heading and two lines of its text went on together.
            assert slots[0] == 0, number
            if not ends_short_before_a_heading(pdf, number, area):
                assert slots[-1] == profile.lines_per_page - 1, number
            assert slots[-1] >= profile.lines_per_page - 1 - KEPT_LINES, number


def test_28_characters_on_a_full_line(pdf, area, profile):
    # 5.2.3: a full line of Chinese holds 28 characters.
    assert check_full_lines(pdf, area, profile) >= 20


def test_lines_justified_to_both_edges(pdf, area, profile):
    # 7.3.3 (and Word's practice): a full line ends at the type area's right edge,
    # digits and all, by spreading its slack over its characters.
    assert check_justified(pdf, area, profile) >= 100


def test_no_line_starts_or_ends_with_forbidden_punctuation(pdf, area):
    for page in pdf.pages:
        for line in lines(page, area):
            assert line.text[0] not in NO_LINE_START, line.text
            assert line.text[-1] not in NO_LINE_END, line.text


def test_page_numbers(pdf, area, profile, face):
    # 7.5: "— N —" in 四号 宋体, right on odd pages and left on even ones, one
    # character in, the dash 7 mm below the type area.
    indent = profile.standard.page_number_indent_chars * profile.standard.page_number_size.pt
    for number, page in enumerate(pdf.pages, 1):
        chars = footer_chars(page, area)
        assert "".join(c["text"] for c in chars) == f"—{number}—"
        for char in chars:
            assert char["size"] == pytest.approx(profile.standard.page_number_size.pt, abs=0.05)
            assert uses(char["fontname"], face(FontRole.SONGTI))
        if number % 2:
            assert chars[-1]["x1"] == pytest.approx(area.right - indent, abs=1)
        else:
            assert chars[0]["x0"] == pytest.approx(area.left + indent, abs=1)
        gap_mm = (dash_stroke_y(page, chars[0]) - area.bottom) / Mm(1).pt
        assert gap_mm == pytest.approx(profile.standard.page_number_gap.mm, abs=0.5), number


def test_title_heading_faces_and_sizes(pdf, area, profile, face):
    first = lines(pdf.pages[0], area)
    title = [line for line in first if line.size == 22]
    assert "".join(line.text for line in title) == "南昌市外事侨务办公室2011年工作总结和2012年工作打算"
    assert all(uses(font, face(FontRole.XIAOBIAOSONG)) for line in title for font in line.fonts())
    # 7.3.3: 一、 in 黑体, （一） in 楷体, 1. in 仿宋.
    everything = [line for page in pdf.pages for line in lines(page, area)]
    level1 = [line for line in everything if line.text.startswith(("一、", "二、"))]
    assert len(level1) == 2
    for line in level1:
        assert all(uses(font, face(FontRole.HEITI)) for font in line.fonts())
    level2 = [line for line in everything if line.text.startswith("（一）")]
    assert len(level2) == 2
    for line in level2:
        assert all(uses(font, face(FontRole.KAITI)) for font in line.fonts()), line.text
    run_in = next(line for line in everything if line.text.startswith("1.交流层面进一步拓宽。"))
    assert all(uses(c["fontname"], face(FontRole.FANGSONG)) for c in run_in.chars)
    # A level-2 run-in heading: 楷体 up to its "。", 仿宋 after it.
    run_in = next(line for line in everything if line.text.startswith("（四）机关作风有新面貌。"))
    cut = len("（四）机关作风有新面貌。")
    assert all(uses(c["fontname"], face(FontRole.KAITI)) for c in run_in.chars[:cut])
    assert all(uses(c["fontname"], face(FontRole.FANGSONG)) for c in run_in.chars[cut:])


def test_signature_and_date(pdf, area, profile):
    # 7.3.5.1: 署名 右空二字, the date two characters right of its first character.
    last = lines(pdf.pages[-1], area)
    office, date = last[-2], last[-1]
    assert office.text == "南昌市外事侨务办公室"
    assert date.text == "2012年2月27日"  # 7.3.5.4: no zero padding
    advance = grid_char_pt(profile)
    assert office.x1 == pytest.approx(area.right - 2 * advance, abs=1.5)
    assert date.x0 == pytest.approx(office.x0 + 2 * advance, abs=1)
    # One blank line between the body and the signature.
    assert office.baseline - last[-3].baseline == pytest.approx(2 * profile.line_pitch.pt, abs=0.1)
    assert date.baseline - office.baseline == pytest.approx(profile.line_pitch.pt, abs=0.1)


def test_all_fonts_embedded(example_pdf):
    reader = PdfReader(str(example_pdf))
    seen = 0
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font
            seen += 1
    assert seen >= 5


def test_pdf_metadata(example_pdf):
    info = PdfReader(str(example_pdf)).metadata
    assert info.title == "南昌市外事侨务办公室2011年工作总结和2012年工作打算"
    assert info.author == "南昌市外事侨务办公室"


def test_baseline_helper_agrees_with_pdfplumber(pdf):
    char = visible_chars(pdf.pages[0])[0]
    assert char["top"] < baseline(char, pdf.pages[0].height) <= char["bottom"] + 0.01
