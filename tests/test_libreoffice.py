"""The DOCX is right only if a real word processor lays it out right.

LibreOffice converts the example's DOCX to PDF, and that PDF is measured like
WeasyPrint's: pages, 22 lines on a full page, 28 characters a line, page
numbers on the right sides at the right height.
"""

from __future__ import annotations

import pytest

from reportgen.units import Mm
from tests.measure import (
    KEPT_LINES,
    NO_LINE_END,
    NO_LINE_START,
    check_full_lines,
    check_justified,
    dash_stroke_y,
    ends_short_before_a_heading,
    footer_chars,
    lines,
    open_pdf,
)


@pytest.fixture(scope="module")
def lo_pdf(example_lo_pdf):
    with open_pdf(example_lo_pdf) as document:
        yield document


def test_same_page_count_as_weasyprint(lo_pdf, example_pdf):
    with open_pdf(example_pdf) as ours:
        assert abs(len(lo_pdf.pages) - len(ours.pages)) <= 1


def test_22_lines_on_a_full_page(lo_pdf, area, profile):
    pitch = profile.line_pitch.pt
    for number, page in enumerate(lo_pdf.pages, 1):
        slots = [int((line.baseline - area.top) // pitch) for line in lines(page, area)]
        assert len(set(slots)) == len(slots), number
        if number < len(lo_pdf.pages):
            assert slots[0] == 0, number
            if not ends_short_before_a_heading(lo_pdf, number, area):
                assert slots[-1] == profile.lines_per_page - 1, number
            assert slots[-1] >= profile.lines_per_page - 1 - KEPT_LINES, number


def test_28_characters_on_a_full_line(lo_pdf, area, profile):
    assert check_full_lines(lo_pdf, area, profile) >= 20


def test_no_line_starts_or_ends_with_forbidden_punctuation(lo_pdf, area):
    # Kinsoku in a real word processor too (LibreOffice may hang a comma past the
    # edge, which is allowed: it does not start the next line).
    for page in lo_pdf.pages:
        for line in lines(page, area):
            assert line.text[0] not in NO_LINE_START, line.text
            assert line.text[-1] not in NO_LINE_END, line.text


def test_lines_justified_to_both_edges(lo_pdf, area, profile):
    # LibreOffice leaves the 1.2 pt that 28 narrowed characters do not fill, and
    # would hang a comma past the edge if the DOCX said w:overflowPunct="0", which it
    # reads inverted (docs/libreoffice.md); hanging=True tolerates an older DOCX.
    assert check_justified(lo_pdf, area, profile, tolerance=1.5, hanging=True) >= 100


def test_page_numbers_on_the_right_sides(lo_pdf, area, profile):
    indent = profile.standard.page_number_indent_chars * profile.standard.page_number_size.pt
    for number, page in enumerate(lo_pdf.pages, 1):
        chars = footer_chars(page, area)
        assert "".join(c["text"] for c in chars) == f"—{number}—"
        assert all(c["size"] == pytest.approx(profile.standard.page_number_size.pt, abs=0.05) for c in chars)
        if number % 2:
            assert chars[-1]["x1"] == pytest.approx(area.right - indent, abs=1.5), number
        else:
            assert chars[0]["x0"] == pytest.approx(area.left + indent, abs=1.5), number
        gap_mm = (dash_stroke_y(page, chars[0]) - area.bottom) / Mm(1).pt
        assert gap_mm == pytest.approx(profile.standard.page_number_gap.mm, abs=0.5), number


def test_heading_faces_follow_the_fontconfig_aliases(lo_pdf, area):
    # 黑体 and 楷体_GB2312 are not installed here; the aliases must route them to
    # FandolHei and FandolKai, not to whatever LibreOffice falls back to.
    everything = [line for page in lo_pdf.pages for line in lines(page, area)]
    level1 = next(line for line in everything if line.text.startswith("一、"))
    level2 = next(line for line in everything if line.text.startswith("（一）"))
    assert all("Hei" in f or "黑体" in f for f in level1.fonts()), level1.fonts()
    assert all("Kai" in f or "楷体" in f for f in level2.fonts()), level2.fonts()
