"""Measuring a rendered PDF the way a reviewer holding GB/T 9704 would.

Used on WeasyPrint's PDF and on LibreOffice's rendering of the DOCX alike.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import docx
import pdfplumber
import pytest

from reportgen.layout import LayoutProfile
from reportgen.typography import NO_LINE_END, NO_LINE_START, text_width_chars

__all__ = ["NO_LINE_END", "NO_LINE_START"]  # the tests read them from here with the measures


def grid_char_pt(profile: LayoutProfile) -> float:
    """One cell of the 28-character grid: what indents and placements are counted in."""
    return profile.standard.type_width.pt / profile.standard.chars_per_line


@dataclass(frozen=True)
class TypeArea:
    left: float
    right: float
    top: float
    bottom: float

    @classmethod
    def of(cls, profile: LayoutProfile) -> TypeArea:
        left = profile.standard.margin_left.pt
        top = profile.standard.margin_top.pt
        return cls(left, left + profile.standard.type_width.pt,
                   top, top + profile.standard.type_height.pt)


@dataclass
class Line:
    baseline: float  # from the page's top, in pt
    chars: list[dict]

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def x0(self) -> float:
        return min(c["x0"] for c in self.chars)

    @property
    def x1(self) -> float:
        return max(c["x1"] for c in self.chars)

    @property
    def size(self) -> float:
        return max(round(c["size"], 1) for c in self.chars)

    def fonts(self) -> set[str]:
        return {c["fontname"] for c in self.chars}


def baseline(char: dict, page_height: float) -> float:
    # The text matrix's translation is the glyph origin on the baseline.
    return page_height - char["matrix"][5]


def visible_chars(page) -> list[dict]:
    return [c for c in page.chars if c["text"].strip()]


def lines(page, area: TypeArea) -> list[Line]:
    """Lines of text inside the type area, top to bottom."""
    found: list[Line] = []
    for char in sorted(visible_chars(page), key=lambda c: (baseline(c, page.height), c["x0"])):
        y = baseline(char, page.height)
        if y > area.bottom + 1:
            continue
        if found and abs(found[-1].baseline - y) < 2:
            found[-1].chars.append(char)
        else:
            found.append(Line(y, [char]))
    for line in found:
        line.chars.sort(key=lambda c: c["x0"])
    return found


# A heading's number at a line's start (7.3.3): a page before one may end short,
# since a heading keeps with two lines of its text.
HEADING_START = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.|（\d+）)")


# What may go on with a heading to the next page: two headings (一、 over （一）) and the two
# lines of text the last one keeps with (widow control). A page ending shorter than that
# before a heading is a run of kept headings gone on whole.
KEPT_LINES = 4


def ends_short_before_a_heading(pdf, number: int, area: TypeArea) -> bool:
    """Does page `number` (1-based) end before its last grid line because the next
    page starts with a heading kept with its text?"""
    if number >= len(pdf.pages):
        return False
    following = lines(pdf.pages[number], area)
    return bool(following) and bool(HEADING_START.match(following[0].text))


def footer_chars(page, area: TypeArea) -> list[dict]:
    return sorted(
        (c for c in visible_chars(page) if baseline(c, page.height) > area.bottom + 1),
        key=lambda c: c["x0"],
    )


def is_wide(text: str) -> bool:
    return all(unicodedata.east_asian_width(ch) in "WF" for ch in text)


def open_pdf(path):
    return pdfplumber.open(str(path))


def dash_stroke_y(page, char: dict, resolution: int = 288) -> float:
    """The vertical centre (pt from the page top) of the ink of a drawn em dash."""
    box = (char["x0"] + 1, char["top"], char["x1"] - 1, char["bottom"])
    image = page.crop(box).to_image(resolution=resolution).original.convert("L")
    width, height = image.size
    pixels = image.load()
    rows = [y for y in range(height) if any(pixels[x, y] < 128 for x in range(width))]
    assert rows, "the dash drew no ink"
    centre = (rows[0] + rows[-1] + 1) / 2
    return char["top"] + centre * 72 / resolution


def _leading_unit(text: str) -> str:
    """The start of a line up to its first break opportunity.

    Pango follows UAX 14: no break before closing or after opening punctuation,
    none inside a number or Latin word, and none on either side of “ ‘ (LB19).
    """
    end = 1
    while end < len(text):
        before, after = text[end - 1], text[end]
        glued = (
            after in NO_LINE_START
            or before in NO_LINE_END
            or before in "“‘" or after in "“‘"
            or (before.isascii() and after.isascii() and before.isalnum() and after.isalnum())
        )
        if not glued:
            break
        end += 1
    return text[:end]


def check_full_lines(pdf, area: TypeArea, profile: LayoutProfile) -> int:
    """Assert that every full line of Chinese holds `chars_per_line` characters.

    A line is full when the next line continues its paragraph (both flush left).
    It may hold fewer only when what starts the next line could not be parted
    and did not fit. Returns how many lines were checked.
    """
    checked = 0
    for page in pdf.pages:
        page_lines = [line for line in lines(page, area) if line.size == profile.standard.body_size.pt]
        for line, after in itertools.pairwise(page_lines):
            flush = abs(line.x0 - area.left) < 1 and abs(after.x0 - area.left) < 1
            if not flush or not is_wide(line.text):
                continue
            count = len(line.text)
            assert count <= profile.standard.chars_per_line, line.text
            if count < profile.standard.chars_per_line:
                unit = _leading_unit(after.text)
                assert count + text_width_chars(unit) > profile.standard.chars_per_line, (line.text, unit)
            checked += 1
    return checked


def check_justified(
    pdf, area: TypeArea, profile: LayoutProfile, tolerance: float = 0.5, hanging: bool = False
) -> int:
    """Assert that every line a paragraph continues after ends at the right edge.

    With `hanging`, closing punctuation set wholly past the edge (LibreOffice's
    hanging punctuation) is allowed, and the line is measured without it.
    """
    checked = 0
    for page in pdf.pages:
        page_lines = [line for line in lines(page, area) if line.size == profile.standard.body_size.pt]
        for line, after in itertools.pairwise(page_lines):
            if abs(after.x0 - area.left) < 1 and line.x0 - area.left < 2 * profile.standard.body_size.pt + 1:
                chars = line.chars
                if hanging and chars[-1]["text"] in NO_LINE_START and chars[-1]["x0"] >= area.right - 1:
                    chars = chars[:-1]
                assert chars[-1]["x1"] == pytest.approx(area.right, abs=tolerance), line.text
                checked += 1
    return checked


# --- the text of a built report, for comparing what both files say -----------------


def squeeze(text: str) -> str:
    """Text without line breaks, spaces or the PDF's page numbers (— 1 —)."""
    return re.sub(r"—\d+—", "", re.sub(r"\s+", "", text))


def docx_text(path: Path) -> str:
    return squeeze("\n".join(p.text for p in docx.Document(str(path)).paragraphs))


def pdf_text(path: Path) -> str:
    with pdfplumber.open(str(path)) as pdf:
        return squeeze("\n".join(page.extract_text() or "" for page in pdf.pages))
