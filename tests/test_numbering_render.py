"""Numbering choices, lists and body tables as a reader sees them (#10): measured in
WeasyPrint's PDF and in LibreOffice's rendering of the DOCX — the number's text,
the heading's face and its indent; a body table across a page break with its
header repeated, no row split, numbers at the right, the same columns in both
and the text after it back on the grid; the new examples in both renderers.

Every DOCX of this module is converted by LibreOffice in one call (it starts once)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import docx
import pytest

from reportgen.build import compose_input, lay_out
from reportgen.layout import STANDARD
from tests.conftest import ROOT
from tests.libreoffice import build_all
from tests.measure import TypeArea, footer_chars, grid_char_pt, lines, open_pdf, squeeze, visible_chars

SHAPES = ROOT / "tests" / "fixtures" / "numbering" / "shapes.yaml"
BODY_TABLE = ROOT / "tests" / "fixtures" / "numbering" / "body_table.yaml"
KUNMING = ROOT / "inputs" / "kunming-waiban" / "2019.yaml"
EXAMPLES = {
    "jinzhong": ROOT / "inputs" / "jinzhong-waiban" / "2019.yaml",
    "binhai": ROOT / "inputs" / "binhai-waiban" / "2020.yaml",
    "binjiang": ROOT / "inputs" / "binjiang-waiban" / "2021.yaml",
}
SOURCES = {"shapes": SHAPES, "body_table": BODY_TABLE, "kunming": KUNMING, **EXAMPLES}
AREA = TypeArea.of(STANDARD)
PITCH = STANDARD.line_pitch.pt


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """name → {"docx", "pdf" (WeasyPrint), "lo" (LibreOffice)} for every source."""
    built = build_all(SOURCES, tmp_path_factory.mktemp("numbering-render"))
    return {name: {"docx": result.files["docx"], "pdf": result.files["pdf"], "lo": libreoffice}
            for name, (result, libreoffice) in built.items()}


def all_lines(pdf_path: Path):
    with open_pdf(pdf_path) as pdf:
        return [(number, line) for number, page in enumerate(pdf.pages, 1) for line in lines(page, AREA)]


FACES = {"黑体": ("Hei", "黑体"), "楷体": ("Kai", "楷体"), "仿宋": ("Fang", "仿宋")}


def face_of(chars: list[dict]) -> str:
    names = {c["fontname"] for c in chars}
    found = {face for face, marks in FACES.items() if all(any(m in name for m in marks) for name in names)}
    assert len(found) == 1, names
    return found.pop()


# The headings of the shapes input: (its start as printed, the face of its heading part).
SHAPES_HEADINGS = [
    ("第一部分：2020年工作总结", "黑体"),
    ("一、跳级编号的一级标题", "黑体"),
    ("1.跳过二级的第一条。", "楷体"),  # a skipped level: the third level's number, the second's face
    ("2.跳过二级的第二条", "楷体"),
    ("二、不编号的一级标题", "黑体"),
    ("严管控重合作，落实落细涉外疫情防控。", "楷体"),  # no number, still the level's face up to "。"
    ("第二部分：2021年工作要点", "黑体"),
    ("一、标准层次的一级标题", "黑体"),
    ("（一）第一个二级标题", "楷体"),
    ("1.第一条。", "仿宋"),
    ("（二）接续编号的二级标题", "楷体"),
    ("4.第四条。", "仿宋"),  # continued across the sibling
    ("（三）从头编号的二级标题", "楷体"),
    ("1.重新从一编起。", "仿宋"),
]


@pytest.mark.parametrize("renderer", ["pdf", "lo"])
def test_each_numbering_choice_prints_its_number_in_its_levels_face_two_characters_in(rendered, renderer):
    found = all_lines(rendered["shapes"][renderer])
    indent = 2 * grid_char_pt(STANDARD)
    position = 0
    for start, face in SHAPES_HEADINGS:
        while position < len(found) and not found[position][1].text.startswith(start):
            position += 1
        assert position < len(found), f"{renderer}: no line starts with {start!r}"
        line = found[position][1]
        heading_chars = line.chars[:len(start)]
        assert face_of(heading_chars) == face, (renderer, start)
        assert line.x0 == pytest.approx(AREA.left + indent, abs=1.5), (renderer, start, line.x0)
        # A run-in heading's words after its "。" are in the body's face.
        if start.endswith("。") and len(line.chars) > len(start) + 1:
            assert face_of(line.chars[len(start):]) == "仿宋", (renderer, start)
        position += 1


@pytest.mark.parametrize("renderer", ["pdf", "lo"])
def test_a_report_starting_at_its_third_part_prints_san(rendered, renderer):
    found = [line for _, line in all_lines(rendered["kunming"][renderer])]
    level1 = [line for line in found if re.match(r"^[一二三四五]、", line.text)]
    assert [line.text[:2] for line in level1] == ["三、", "四、"]
    assert all(face_of(line.chars) == "黑体" for line in level1)


def test_the_docx_carries_the_numbers_and_the_level_styles(rendered):
    paragraphs = docx.Document(str(rendered["shapes"]["docx"])).paragraphs
    styles = {p.text[:6]: p.style.name for p in paragraphs if p.text}
    assert styles["第一部分：2"] == "部分标题"
    assert styles["1.跳过二级"] == "二级标题"  # the style by level, whatever the number
    assert styles["严管控重合作"] == "二级标题"
    assert styles["4.第四条。"] == "三级标题"


# --- a body table across a page break ---------------------------------------------------------------


def rules(page, vertical: bool = False) -> list[float]:
    """The table's rules on a page: y of the horizontal ones, x of the vertical ones."""
    found = set()
    for shape in (*page.lines, *page.rects):
        width, height = shape["x1"] - shape["x0"], shape["bottom"] - shape["top"]
        if vertical and width < 1.5 and height > 10:
            found.add(round(shape["x0"], 0))
        elif not vertical and height < 1.5 and width > 100:
            found.add(round(shape["top"], 1))
    return sorted(found)


HEADER = "时间活动主题人数工作内容"


def table_rows_on(page) -> list[tuple[str, ...]]:
    """The rows of the table on a page, read cell by cell between its rules."""
    ys, xs = rules(page), rules(page, vertical=True)
    found = []
    for top, bottom in itertools.pairwise(ys):
        cells = []
        for left, right in itertools.pairwise(xs):
            chars = [c for c in visible_chars(page)
                     if top < (c["top"] + c["bottom"]) / 2 < bottom and left < (c["x0"] + c["x1"]) / 2 < right]
            cells.append("".join(c["text"] for c in sorted(chars, key=lambda c: (round(c["top"]), c["x0"]))))
        found.append(tuple(cells))
    return found


@pytest.mark.parametrize("renderer", ["pdf", "lo"])
def test_a_body_table_crosses_pages_with_its_header_and_whole_rows(rendered, renderer):
    composed = compose_input(BODY_TABLE)
    table = next(block for block in composed.document.paragraphs if hasattr(block, "header"))
    with open_pdf(rendered["body_table"][renderer]) as pdf:
        pages = [page for page in pdf.pages if rules(page)]
        assert len(pages) >= 3, renderer
        rows = []
        for page in pages:
            on_page = table_rows_on(page)
            # The header row heads every page the table crosses; every row below it whole.
            assert on_page[0] == table.header, renderer
            rows += on_page[1:]
            # Rows take whole lines of the grid: every rule a whole number of lines from the first.
            ys = rules(page)
            for y in ys[1:]:
                assert (y - ys[0]) / PITCH == pytest.approx(round((y - ys[0]) / PITCH), abs=0.03), (renderer, y)
        assert rows == [tuple(squeeze(cell) for cell in row) for row in table.rows], renderer


def test_the_body_table_has_the_same_columns_in_both_renderers_and_numbers_at_the_right(rendered):
    columns = {}
    for renderer in ("pdf", "lo"):
        with open_pdf(rendered["body_table"][renderer]) as pdf:
            page = next(p for p in pdf.pages if rules(p))
            columns[renderer] = rules(page, vertical=True)
            xs = columns[renderer]
            # 人数 (the third column) is aligned right in its cell: its digits end by the rule.
            top = rules(page)[0]
            digits = [c for c in visible_chars(page)
                      if c["text"].isdigit() and xs[2] < c["x0"] < xs[3] and c["top"] > top]
            assert digits and all(xs[3] - c["x1"] < 8 for c in digits), renderer
    assert len(columns["pdf"]) == len(columns["lo"]) == 5
    assert columns["pdf"] == pytest.approx(columns["lo"], abs=1.5)


@pytest.mark.parametrize("renderer", ["pdf", "lo"])
def test_the_caption_stands_centred_in_heiti_right_above_its_table(rendered, renderer):
    found = all_lines(rendered["body_table"][renderer])
    index = next(i for i, (_, line) in enumerate(found) if line.text == "2020年主要出访活动")
    page, caption = found[index]
    assert face_of([c for c in caption.chars if not c["text"].isdigit()]) == "黑体"
    assert (caption.x0 + caption.x1) / 2 == pytest.approx((AREA.left + AREA.right) / 2, abs=2)
    # Kept with the table's head: on the same page, the header row right below.
    assert found[index + 1][0] == page and squeeze(found[index + 1][1].text) == HEADER


@pytest.mark.parametrize("renderer", ["pdf", "lo"])
def test_the_text_after_a_body_table_is_back_on_the_grid(rendered, renderer):
    found = [line for _, line in all_lines(rendered["body_table"][renderer])]
    before = next(line for line in found if line.text.startswith("今年以来"))
    after = next(line for line in found if line.text.startswith("以上出访活动"))
    # Both on their pages' grids: the same distance from the type area's top, in whole lines.
    steps = (after.baseline - before.baseline) / PITCH
    assert steps == pytest.approx(round(steps), abs=0.03), renderer


# --- the new examples in both renderers ------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_each_new_example_says_the_same_in_the_docx_and_both_pdfs(rendered, name):
    docx_text = squeeze("".join(p.text for p in docx.Document(str(rendered[name]["docx"])).paragraphs))
    for renderer in ("pdf", "lo"):
        text = ""
        with open_pdf(rendered[name][renderer]) as pdf:
            for page in pdf.pages:
                footer = {id(c) for c in footer_chars(page, AREA)}
                text += "".join(c["text"] for c in visible_chars(page) if id(c) not in footer)
        pdf_text = squeeze(text)
        if name == "jinzhong":  # the records table's cells are in the PDF, not in the DOCX's paragraphs
            cells = squeeze("".join(cell.text for table in docx.Document(str(rendered[name]["docx"])).tables
                                    for row in table.rows for cell in row.cells))
            assert len(pdf_text) == len(docx_text) + len(cells), renderer
        else:
            assert pdf_text == docx_text, renderer


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_each_new_example_lays_out_alike_in_both_renderers(rendered, name):
    laid = lay_out(compose_input(EXAMPLES[name]))
    for renderer in ("pdf", "lo"):
        with open_pdf(rendered[name][renderer]) as pdf:
            assert len(pdf.pages) == laid.layout.page_count, (name, renderer)
            # Every line of the body on the 28.95 pt grid of its page.
            for page in pdf.pages:
                body = [line for line in lines(page, AREA) if line.size == STANDARD.standard.body_size.pt]
                for line in body[1:]:
                    steps = (line.baseline - body[0].baseline) / PITCH
                    assert steps == pytest.approx(round(steps), abs=0.04), (name, renderer, line.text)
