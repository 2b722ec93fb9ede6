"""The paginate stage (reportgen/paginate): lines, pages, the 版记's page, and the
PDF drawing exactly what it decided."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reportgen.build import compose_input, lay_out
from reportgen.calibration import Calibration, Measurement, Quantity, Renderer, load_calibration
from reportgen.errors import ReportError
from reportgen.layout import PROFILES, STANDARD, FontRole
from reportgen.paginate import geometry_for
from reportgen.paginate.lines import break_lines, can_break
from reportgen.paginate.pages import TableRows, Unit, fill_pages
from reportgen.typography import NO_LINE_END, NO_LINE_START
from reportgen.units import Pt
from tests.conftest import EXAMPLE, ROOT
from tests.measure import lines as pdf_lines
from tests.measure import open_pdf

WIDTH = STANDARD.standard.type_width.pt


def nominal(char: str, font=None) -> float:
    """三号 advances as the official faces have them, less the 0.25 pt each gives up."""
    return (16 if ord(char) > 0x2000 else 8) - 0.25


def texts(broken) -> list[str]:
    return [line.text for line in broken.lines]


# --- lines ------------------------------------------------------------------------------------------


def test_twenty_eight_characters_fill_a_line():
    broken = break_lines([("字" * 60, None)], nominal, WIDTH, WIDTH, justify=True)
    assert [len(t) for t in texts(broken)] == [28, 28, 4]
    assert [line.justify for line in broken.lines] == [True, True, False]
    assert broken.lines[0].slack == Pt(WIDTH - 28 * 15.75)


def test_a_mark_that_cannot_start_a_line_takes_the_character_before_it_along():
    text = "字" * 28 + "，" + "字" * 5
    lines = texts(break_lines([(text, None)], nominal, WIDTH, WIDTH, justify=True))
    assert lines == ["字" * 27, "字，" + "字" * 5]


def test_an_opening_mark_never_ends_a_line():
    text = "字" * 27 + "“江西行”"
    lines = texts(break_lines([(text, None)], nominal, WIDTH, WIDTH, justify=True))
    assert lines == ["字" * 27, "“江西行”"]


@pytest.mark.parametrize("word", ["2011", "APEC", "12.5%", "1-2"])
def test_numbers_and_words_stay_whole(word):
    # Two of the word's characters would still fit the first line: the whole word moves on.
    text = "字" * 27 + word + "年"
    lines = texts(break_lines([(text, None)], nominal, WIDTH, WIDTH, justify=True))
    assert lines == ["字" * 27, word + "年"]


def test_a_space_stays_at_the_end_of_its_line_and_takes_no_room():
    text = "ROTARY CLUB " * 8
    broken = break_lines([(text, None)], nominal, WIDTH, WIDTH, justify=False)
    for line in broken.lines:
        assert not line.text.endswith(" ") and not line.text.startswith(" ")
        assert line.width.pt <= WIDTH


def test_a_word_longer_than_a_line_is_broken_at_the_edge_and_said():
    broken = break_lines([("A" * 100, None)], nominal, WIDTH, WIDTH, justify=False)
    assert "".join(texts(broken)) == "A" * 100
    assert all(line.width.pt <= WIDTH + 1e-6 for line in broken.lines)
    assert [len(t) for t in texts(broken)] == [57, 43]  # 442.2 pt holds 57 letters of 7.75 pt
    assert len(broken.forced) == 1


def test_a_newline_forces_a_break_and_keeps_the_line_unstretched():
    broken = break_lines([("南昌市外事侨务办公室\n2011年工作总结", None)], nominal, WIDTH, WIDTH, justify=True)
    assert texts(broken) == ["南昌市外事侨务办公室", "2011年工作总结"]
    assert not any(line.justify for line in broken.lines)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="字年，。、“”（）《》0123456789AB .", min_size=1, max_size=200))
@example("0" * 20 + "“" * 5 + "”" * 10 + "0 0")  # broken at the space, which the line drops
def test_lines_spell_the_text_and_keep_the_rules(text):
    broken = break_lines([(text, None)], nominal, WIDTH - 31.5, WIDTH, justify=True)
    assert "".join(texts(broken)).replace(" ", "") == text.replace(" ", "")
    end = 0  # where each line ends in `text`: the spaces a break drops lie between two lines
    for line, after in zip(broken.lines, broken.lines[1:], strict=False):
        end = text.index(line.text, end) + len(line.text) if line.text else end
        assert line.width.pt <= line.available.pt + 1e-6 or broken.forced
        if line.text and after.text and not broken.forced:
            assert can_break(line.text[-1], after.text[0]) or text[end] == " "
            assert after.text[0] not in NO_LINE_START and line.text[-1] not in NO_LINE_END


# --- pages ------------------------------------------------------------------------------------------


def test_a_kept_paragraph_takes_its_last_line_to_the_next_page():
    units = [Unit(0, i, 10) for i in range(5)] + [Unit(0, 5, 10, glue_next=True), Unit(1, 0, 10)]
    pages = fill_pages(units, 60, {})
    assert [[(u.block, u.index) for u in page] for page in pages] == [
        [(0, i) for i in range(5)], [(0, 5), (1, 0)]]


def test_a_table_that_crosses_a_page_repeats_its_header():
    rows = TableRows(header=(("项目",),), rows=tuple((("行",),) for _ in range(4)), header_height=10,
                     heights=(10, 10, 10, 10))
    units = [Unit(0, -1, 10, glue_next=True), *(Unit(0, i, 10) for i in range(4))]
    pages = fill_pages(units, 30, {0: rows})
    assert [[u.index for u in page] for page in pages] == [[-1, 0, 1], [-1, 2, 3]]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 40), st.booleans(), st.booleans()), min_size=1, max_size=60))
def test_every_unit_lands_once_in_order_and_pages_hold_what_fits(spec):
    units = [Unit(i, 0, float(h), glue_next=g, break_before=b) for i, (h, g, b) in enumerate(spec)]
    pages = fill_pages(units, 100, {})
    placed = [u for page in pages for u in page]
    assert placed == units
    for page in pages:
        assert sum(u.height for u in page) <= 100 + 0.01 or len(page) == 1 or any(u.glue_next for u in page)


# --- the whole stage ---------------------------------------------------------------------------------

EXAMPLES = ["nanchang-waiqiao/2011.yaml", "nanchang-waiqiao/2012.yaml", "kunming-waiqiao/2013.yaml",
            "kunming-waiban/2019.yaml", "jinzhong-waiban/2019.yaml", "binhai-waiban/2020.yaml",
            "binjiang-waiban/2021.yaml"]


@pytest.fixture(scope="module", params=[(name, profile) for name in EXAMPLES
                                        for profile in ("standard", "lines-28pt", "times-digits")],
                ids=lambda p: f"{p[0]}-{p[1]}")
def built(request, corpus):
    name, profile = request.param
    report = corpus.build(ROOT / "inputs" / name, profile)
    _, layout = report.state()
    return PROFILES[profile], layout, report.pdf


def test_the_pdf_draws_the_pages_and_lines_the_stage_decided(built):
    profile, layout, pdf_path = built
    from tests.measure import TypeArea

    area = TypeArea.of(profile)
    with open_pdf(pdf_path) as pdf:
        assert len(pdf.pages) == layout.page_count
        for page, decided in zip(pdf.pages, layout.pages, strict=False):
            drawn = [line.text.replace(" ", "") for line in pdf_lines(page, area)]
            wanted = [line.text.replace(" ", "") for piece in decided.slices for line in getattr(piece, "lines", ())
                      if line.text.strip()]
            # Table cells are lines of their own in the PDF; paragraphs' lines must appear in order.
            position = 0
            for text in wanted:
                while position < len(drawn) and drawn[position] != text:
                    position += 1
                assert position < len(drawn), f"page {page.page_number}: {text!r} not drawn as a line"
                position += 1


def test_justified_lines_end_on_the_right_edge(built):
    profile, layout, pdf_path = built
    from tests.measure import TypeArea

    area = TypeArea.of(profile)
    justified = {line.text.replace(" ", "") for page in layout.pages for piece in page.slices
                 for line in getattr(piece, "lines", ()) if line.justify}
    checked = 0
    with open_pdf(pdf_path) as pdf:
        for page in pdf.pages:
            for line in pdf_lines(page, area):
                if line.text.replace(" ", "") in justified:
                    assert line.x1 == pytest.approx(area.right, abs=0.15), line.text
                    checked += 1
    assert checked > 10


def test_a_character_no_face_has_is_an_error_at_its_line(tmp_path):
    source = EXAMPLE.read_text(encoding="utf-8")
    path = tmp_path / "2011.yaml"
    path.write_text(source.replace("今年以来", "今年以来，𠀀先生", 1), encoding="utf-8")
    (tmp_path / "2011-ledger.csv").write_bytes((EXAMPLE.parent / "2011-ledger.csv").read_bytes())
    with pytest.raises(ReportError) as caught:
        lay_out(compose_input(path))
    (problem,) = caught.value.problems
    assert "U+20000" in problem.message and "方框" in problem.message
    lines = path.read_text(encoding="utf-8").splitlines()
    assert problem.file == str(path) and "𠀀" in lines[problem.line - 1]


def test_a_docx_only_build_with_end_notes_needs_no_weasyprint(tmp_path):
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from reportgen.build import build
        result = build(Path({str(ROOT / 'inputs/nanchang-waiqiao/2012.yaml')!r}), out_dir=Path({str(tmp_path)!r}),
                       formats=("docx",))
        assert result.files["docx"].stat().st_size > 0
        print("weasyprint" in sys.modules)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "False"


def test_an_unmeasured_face_falls_back_to_the_nearest_measurement_and_says_so():
    shipped = load_calibration()
    faces = {FontRole.SONGTI: "SimSun", FontRole.FANGSONG: "FandolFang-Regular", FontRole.XIAOBIAOSONG: "x"}
    geometry = geometry_for(STANDARD, faces, shipped, Renderer.PDF)
    standard = geometry_for(STANDARD, {FontRole.SONGTI: "FandolSong-Regular",
                                       FontRole.FANGSONG: "FandolFang-Regular"}, shipped, Renderer.PDF)
    assert geometry.page_number_drop == standard.page_number_drop
    (note,) = geometry.notes
    assert "SimSun" in note and "reportgen calibrate" in note and "FandolSong-Regular" in note
    assert standard.notes == ()


def test_the_28pt_grid_is_measured_for_the_rule_only_at_its_own_pitch():
    one = Measurement(Renderer.PDF, Quantity.BASELINE_TO_LINE_BOTTOM, "F", Pt(28.95), Pt(8.3))
    found = Calibration((one,)).value(Renderer.PDF, Quantity.BASELINE_TO_LINE_BOTTOM, "F", Pt(28))
    assert found.value == Pt(8.3) and "28 磅" in found.warning


# --- LibreOffice's gap between scripts (docs/libreoffice.md) -----------------------------------------


def test_the_script_gap_counts_in_a_line_and_moves_what_no_longer_fits():
    # 26 characters and "12" fill 26 × 15.75 + 2 × 7.75 = 425 pt: room for one more
    # character without the 3.2 pt gap before the digits, none with it and the one after.
    text = "字" * 26 + "12" + "字"
    assert texts(break_lines([(text, None)], nominal, WIDTH, WIDTH, justify=True)) == [text]
    broken = break_lines([(text, None)], nominal, WIDTH, WIDTH, justify=True, gap=3.2)
    assert texts(broken) == ["字" * 26 + "12", "字"]
    assert broken.lines[0].width.pt == pytest.approx(26 * 15.75 + 2 * 7.75 + 3.2)


def test_a_line_that_starts_at_a_join_does_not_carry_its_gap():
    text = "字" * 28 + "2011年"
    broken = break_lines([(text, None)], nominal, WIDTH, WIDTH, justify=True, gap=3.2)
    assert texts(broken) == ["字" * 28, "2011年"]
    assert broken.lines[1].width.pt == pytest.approx(4 * 7.75 + 15.75 + 3.2)  # only the gap inside


def test_no_gap_next_to_punctuation():
    broken = break_lines([("字。12%的", None)], nominal, WIDTH, WIDTH, justify=False, gap=3.2)
    assert broken.lines[0].width.pt == pytest.approx(15.75 * 3 + 7.75 * 3)
