"""Where staff open it: LibreOffice's rendering of the DOCX against WeasyPrint's
PDF, for every example input under every profile (issue 11).

Every mark of the text is on LibreOffice's page, no glyph stands outside the
type area in either rendering, the pages break at the same places and the lines
(nearly all) at the same characters, each role is set in the face file it
means, the 版头's rule is where 7.2.5 puts it, and no heading ends a page.
All the DOCX files are converted in one LibreOffice run (tests/libreoffice.py).
"""

from __future__ import annotations

import difflib
import functools
import io
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdf
import pytest
from fontTools.ttLib import TTFont

from reportgen.document import Paragraph
from reportgen.layout import HEADING_STYLES, PROFILES, STANDARD, Style
from reportgen.units import Mm
from tests.conftest import ROOT
from tests.measure import TypeArea, baseline, footer_chars, lines, visible_chars

INPUTS = sorted((ROOT / "inputs").glob("*/20*.yaml"))
AREA = TypeArea.of(STANDARD)
LINE_AGREEMENT = 0.95


@dataclass
class Case:
    name: str
    profile: str
    document: object
    docx: Path
    pdf: Path  # WeasyPrint's
    lo: Path  # LibreOffice's rendering of the DOCX


@pytest.fixture(scope="module")
def cases(corpus) -> dict[str, Case]:
    built = corpus.with_libreoffice([corpus.build(path, name) for path in INPUTS for name in PROFILES])
    return {b.tag: Case(b.tag, b.profile, b.state()[0], b.docx, b.pdf, b.libreoffice_pdf) for b in built}


CASES = [f"{path.parent.name}-{path.stem}-{name}" for path in INPUTS for name in PROFILES]


def test_every_example_under_every_profile():
    assert len(INPUTS) >= 4 and len(CASES) == len(INPUTS) * len(PROFILES) >= 24


# --- reading a rendering back --------------------------------------------------------------------


@dataclass
class Rendering:
    pages: list[list[str]]  # per page: the text of each line in the type area, top to bottom
    chars: list[str]  # every visible character but the page numbers, in reading order
    outside: list[tuple[int, str, float, float]]  # glyphs outside the type area: page, char, x, y


@functools.cache
def read(path: Path) -> Rendering:
    pages, chars, outside = [], [], []
    with pdfplumber.open(str(path)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            found = lines(page, AREA)
            pages.append([re.sub(r"\s+", "", line.text) for line in found])
            chars += [c["text"] for line in found for c in line.chars if c["text"].strip()]
            footer = {id(c) for c in footer_chars(page, AREA)}
            for char in visible_chars(page):
                if id(char) in footer:
                    continue
                if (char["x0"] < AREA.left - 0.5 or char["x1"] > AREA.right + 0.5
                        or char["top"] < AREA.top - 0.5 or baseline(char, page.height) > AREA.bottom):
                    outside.append((number, char["text"], round(char["x0"], 1), round(char["top"], 1)))
    return Rendering(pages, chars, outside)


def document_chars(document) -> Counter:
    return Counter(re.sub(r"\s+", "", document.text))


def breaks(rendering: Rendering) -> tuple[str, set[int], set[int]]:
    """The text, and the offsets in it where a line and where a page ends."""
    text, line_ends, page_ends = "", set(), set()
    for page in rendering.pages:
        for line in page:
            text += line
            line_ends.add(len(text))
        page_ends.add(len(text))
    return text, line_ends, page_ends


def line_agreement(ours: Rendering, theirs: Rendering) -> tuple[float, bool]:
    """The share of WeasyPrint's line ends that LibreOffice has at the same character,
    and whether the pages end at the same characters."""
    text_a, lines_a, pages_a = breaks(ours)
    text_b, lines_b, pages_b = breaks(theirs)
    # Offsets in LibreOffice's text mapped to WeasyPrint's, through what both say.
    mapped = {}
    for a, b, size in difflib.SequenceMatcher(None, text_a, text_b, autojunk=False).get_matching_blocks():
        for k in range(size + 1):
            mapped[b + k] = a + k
    lines_b = {mapped[x] for x in lines_b if x in mapped}
    pages_b = {mapped[x] for x in pages_b if x in mapped}
    return len(lines_a & lines_b) / len(lines_a), pages_a == pages_b


# --- the tests -----------------------------------------------------------------------------------


@pytest.mark.parametrize("tag", CASES)
def test_libreoffice_shows_every_mark_of_the_text(cases, tag):
    case = cases[tag]
    expected = document_chars(case.document)
    for path in (case.lo, case.pdf):
        found = Counter(read(path).chars)
        assert found == expected, (path.name, "missing", expected - found, "extra", found - expected)


@pytest.mark.parametrize("tag", CASES)
def test_no_glyph_outside_the_type_area(cases, tag):
    case = cases[tag]
    for path in (case.pdf, case.lo):
        assert read(path).outside == [], path


@pytest.mark.parametrize("tag", CASES)
def test_pages_and_lines_break_alike(cases, tag):
    case = cases[tag]
    ours, theirs = read(case.pdf), read(case.lo)
    agreement, same_pages = line_agreement(ours, theirs)
    assert len(ours.pages) == len(theirs.pages)
    assert same_pages, f"{tag}: the pages end at other characters in LibreOffice"
    assert agreement >= LINE_AGREEMENT, f"{tag}: {agreement:.1%} of the line breaks agree"


@pytest.mark.parametrize("tag", CASES)
def test_no_heading_on_the_last_line_of_a_page(cases, tag):
    case = cases[tag]
    # A heading that introduces something (背题: its text on the next page). One that introduces
    # nothing — an item of a 工作要点 written as a heading, followed by its sibling — is a complete
    # line and may end a page, as a paragraph may.
    headings = [re.sub(r"\s+", "", block.text) for block in case.document.paragraphs
                if isinstance(block, Paragraph) and block.style in HEADING_STYLES and len(block.runs) == 1
                and block.keep_with_next]
    assert headings, "every example has headings that introduce text"
    for path in (case.pdf, case.lo):
        pages = read(path).pages
        for number, page in enumerate(pages[:-1], 1):
            last = page[-1] if page else ""
            # A heading's (last) line ending a page that more text follows.
            assert not any(heading.endswith(last) and len(last) >= 2 for heading in headings), \
                (path.name, number, last)


# --- faces ---------------------------------------------------------------------------------------

FACES = {  # the Fandol file each role's text must be set in, in both renderings
    "title": "FandolSong-Bold", "body": "FandolFang-Regular", "heading1": "FandolHei-Regular",
    "heading2": "FandolKai-Regular", "page number": "FandolSong-Regular",
}


def embedded_names(path: Path) -> dict[str, str]:
    """PDF font resource name → the PostScript name inside the embedded font file
    (the subset's own name table for OpenType, its FontName for Type 1)."""
    names = {}
    for page in pypdf.PdfReader(str(path)).pages:
        for ref in (page["/Resources"].get("/Font") or {}).values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            for key in ("/FontFile3", "/FontFile2", "/FontFile"):
                if key not in descriptor:
                    continue
                data = descriptor[key].get_object().get_data()
                if data[:2] == b"%!":
                    name = re.search(rb"/FontName\s*/(\S+)", data).group(1).decode()
                else:
                    name = TTFont(io.BytesIO(data))["name"].getDebugName(6)
                names[str(font["/BaseFont"]).lstrip("/")] = name
    return names


def faces_by_role(path: Path, document) -> dict[str, set[str]]:
    """The embedded faces of the first line of the title, of the first body
    paragraph, of the first heading of levels 1 and 2, and of the page numbers."""
    names = embedded_names(path)
    starts = {}
    for role, style in (("title", Style.TITLE), ("body", Style.BODY), ("heading1", Style.HEADING1),
                        ("heading2", Style.HEADING2)):
        block = next(b for b in document.paragraphs if isinstance(b, Paragraph) and b.style is style)
        starts[role] = re.sub(r"\s+", "", block.runs[0].text)[:6]
    found: dict[str, set[str]] = {role: set() for role in FACES}
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            for line in lines(page, AREA):
                text = re.sub(r"\s+", "", line.text)
                for role, start in starts.items():
                    if text.startswith(start) and (line.size == 22) == (role == "title"):
                        found[role] |= {names.get(c["fontname"], c["fontname"])
                                        for c in line.chars[:len(start)] if not c["text"].isascii()}
            found["page number"] |= {names.get(c["fontname"], c["fontname"]) for c in footer_chars(page, AREA)}
    return found


@pytest.mark.parametrize("tag", [tag for tag in CASES if tag.endswith("-standard")])
def test_each_role_is_set_in_the_file_it_means(cases, tag):
    case = cases[tag]
    for path in (case.pdf, case.lo):
        found = faces_by_role(path, case.document)
        for role, face in FACES.items():
            assert found[role] == {face}, (path.name, role, found[role])


# --- the 版头's rule [7.2.5] -------------------------------------------------------------------------


def red_rule(path: Path, resolution: int = 216) -> tuple[float, float, float, float]:
    """(x0, x1, y centre, number baseline) in pt of the red rule under the 发文字号, read from the pixels."""
    with pdfplumber.open(str(path)) as pdf:
        page = pdf.pages[0]
        number = next(line for line in lines(page, AREA) if "〔" in line.text)
        top, bottom = number.baseline, number.baseline + 30
        image = page.crop((0, top, page.width, bottom)).to_image(resolution=resolution).original.convert("RGB")
    pixels, (width, height) = image.load(), image.size
    scale = resolution / 72

    def red(x, y):
        r, g, _ = pixels[x, y]
        return r > 150 and g < 90

    rows = [y for y in range(height) if sum(red(x, y) for x in range(0, width, 4)) > width / 8]
    assert rows, f"no red rule under the 发文字号 in {path.name}"
    middle = rows[len(rows) // 2]
    columns = [x for x in range(width) if red(x, middle)]
    return columns[0] / scale, (columns[-1] + 1) / scale, top + (rows[0] + rows[-1] + 1) / 2 / scale, top


@pytest.mark.parametrize("tag", [tag for tag in CASES if "2012" in tag])
def test_the_header_rule_spans_the_type_area_4_mm_below_the_number(cases, tag):
    case = cases[tag]
    for path in (case.pdf, case.lo):
        x0, x1, y, number = red_rule(path)
        assert (x1 - x0) / Mm(1).pt == pytest.approx(156, abs=0.3), path.name
        assert (x0 - AREA.left) / Mm(1).pt == pytest.approx(0, abs=0.2), path.name
        assert (y - number) / Mm(1).pt == pytest.approx(4, abs=0.3), path.name


# --- the 版记 [7.4] ---------------------------------------------------------------------------------


def end_notes_bands(path: Path, resolution: int = 216) -> list[tuple[float, float]]:
    """For each space between two of the 版记's rules: (room above its text's ink,
    room below it), in pt, read from the pixels of the last page."""
    with pdfplumber.open(str(path)) as pdf:
        page = pdf.pages[-1]
        box = (AREA.left, AREA.bottom - 120, AREA.right, AREA.bottom + 2)
        image = page.crop(box).to_image(resolution=resolution).original.convert("L")
    pixels, (width, height) = image.load(), image.size
    dark = [sum(pixels[x, y] < 128 for x in range(width)) for y in range(height)]
    rules = [y for y in range(height) if dark[y] > 0.8 * width]
    # Runs of rule rows: each rule is a few pixels thick.
    edges: list[tuple[int, int]] = []
    for y in rules:
        if edges and y == edges[-1][1] + 1:
            edges[-1] = (edges[-1][0], y)
        else:
            edges.append((y, y))
    bands = []
    for (_, above), (below, _) in itertools.pairwise(edges):
        ink = [y for y in range(above + 1, below) if dark[y] > 0]
        if ink:
            bands.append(((ink[0] - above) * 72 / resolution, (below - ink[-1]) * 72 / resolution))
    return bands


@pytest.mark.parametrize("tag", [tag for tag in CASES if "2012" in tag and tag.endswith("standard")])
def test_end_notes_lines_stand_in_the_middle_between_their_rules(cases, tag):
    case = cases[tag]
    for path in (case.pdf, case.lo):
        bands = end_notes_bands(path)
        assert len(bands) == 2, (path.name, bands)  # 抄送, then 印发
        for above, below in bands:
            assert above == pytest.approx(below, abs=2.5), (path.name, bands)


# --- lint on both renderings ----------------------------------------------------------------------


@pytest.mark.parametrize("tag", [tag for tag in CASES if "2012" in tag and tag.endswith(("standard", "lines-28pt"))])
def test_lint_finds_no_error_in_either_rendering(cases, tag):
    """The 版记 (14 pt, between rules a word processor draws as lines) and the tables
    are told apart from the body (reportgen/lint/pdf_lines.py)."""
    from reportgen.lint import lint

    case = cases[tag]
    for path in (case.pdf, case.lo):
        errors = [f for f in lint(path, PROFILES[case.profile]) if f.severity == "error"]
        assert errors == [], (path.name, errors)


# --- the line pitch in LibreOffice (5.2.3; times-digits, lines-28pt) ------------------------------


@pytest.mark.parametrize("tag", [tag for tag in CASES if "2011" in tag and tag.endswith(("standard", "times-digits",
                                                                                          "lines-28pt"))])
def test_libreoffice_keeps_the_pitch_and_starts_at_the_top(cases, tag):
    """Lines with Times digits sat 28.20 / 29.70 pt apart when snapped to the grid, and a
    28 pt grid was centred in the type area, lowering every line 3.8 mm (docs/libreoffice.md)."""
    case = cases[tag]
    pitch = PROFILES[case.profile].line_pitch.pt
    with pdfplumber.open(str(case.lo)) as pdf:
        for number, page in enumerate(pdf.pages[1:], 2):
            body = [line for line in lines(page, AREA) if line.size == 16]
            for upper, lower in itertools.pairwise(body):
                steps = (lower.baseline - upper.baseline) / pitch
                # LibreOffice places lines on whole twips: 0.05 pt.
                assert abs(steps - round(steps)) * pitch < 0.1, (number, upper.text, lower.baseline - upper.baseline)
            # The first line's baseline 80% down its line, from the type area's top.
            assert body[0].baseline - AREA.top == pytest.approx(0.8 * pitch, abs=1.0), (number, body[0].baseline)
