"""`reportgen lint` on DOCX: reportgen's own output is clean; each deliberately
wrong document made here from it yields exactly the finding it was made for.

Every wrong document is the example's DOCX with one thing changed, with
python-docx and lxml, the way a hand-made document goes wrong.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable
from copy import deepcopy
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from reportgen.build import build
from reportgen.errors import ReportError
from reportgen.layout import STANDARD
from reportgen.lint import Finding, lint
from reportgen.lint import cli as lint_cli
from reportgen.lint.model import merge_repeats
from reportgen.lint.text import Block, check_date, check_doc_numbers, check_headings
from tests.conftest import EXAMPLE

# --- the mutations ---------------------------------------------------------------------


def _paragraph(document, start: str):
    return next(p for p in document.paragraphs if p.text.startswith(start))


def _replace_start(paragraph, old: str, new: str) -> None:
    """Change the text at the start of a paragraph inside its first run (its format kept)."""
    run = paragraph.runs[0]
    assert run.text.startswith(old), run.text
    run.text = new + run.text[len(old):]


def wrong_margins(document) -> None:
    document.sections[0].top_margin = Mm(30)


def ascii_only_font(document) -> None:
    # What python-docx's `style.font.name = "黑体"` leaves: w:ascii/w:hAnsi only, so
    # Chinese text keeps the default 仿宋.
    fonts = document.styles["一级标题"].element.rPr.find(qn("w:rFonts"))
    for attr in ("w:eastAsia", "w:hint"):
        fonts.attrib.pop(qn(attr), None)


def theme_font(document) -> None:
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    fonts.set(qn("w:eastAsiaTheme"), "minorEastAsia")


def lines_29pt(document) -> None:
    for spacing in document.styles.element.iter(qn("w:spacing")):
        if spacing.get(qn("w:line")) == "579":
            spacing.set(qn("w:line"), "580")


def hyphen_page_numbers(document) -> None:
    section = document.sections[0]
    for footer in (section.footer, section.even_page_footer):
        for text in footer._element.iter(qn("w:t")):
            text.text = text.text.replace("\u2014", "-")


def single_footer(document) -> None:
    document.settings.odd_and_even_pages_header_footer = False
    sect_pr = document.sections[0]._sectPr
    for ref in sect_pr.findall(qn("w:footerReference")):
        if ref.get(qn("w:type")) == "even":
            sect_pr.remove(ref)


def centred_page_number(document) -> None:
    document.sections[0].footer.paragraphs[0].alignment = 1  # WD_ALIGN_PARAGRAPH.CENTER


def zero_padded_date(document) -> None:
    _replace_start(_paragraph(document, "2012年2月27日"), "2012年2月27日", "2012年02月27日")


def chinese_numeral_date(document) -> None:
    _replace_start(_paragraph(document, "2012年2月27日"), "2012年2月27日", "二〇一二年二月二十七日")


def _doc_number_paragraph(text: str) -> Callable:
    def mutate(document) -> None:
        # The 发文字号 of a 版头, above the title, as a plain body-style paragraph.
        title = document.paragraphs[0]
        paragraph = title.insert_paragraph_before(text, style="Normal")
        assert paragraph.text == text
    return mutate


square_brackets_doc_number = _doc_number_paragraph("洪外侨字[2012]5号")
padded_doc_number = _doc_number_paragraph("洪外侨字〔2012〕第05号")
right_doc_number = _doc_number_paragraph("洪外侨字〔2012〕5号")


def skipped_heading(document) -> None:
    _replace_start(_paragraph(document, "二、2012年工作打算"), "二、", "三、")


def reversed_headings(document) -> None:
    _replace_start(_paragraph(document, "（一）对外交流上新水平"), "（一）", "（二）")
    _replace_start(_paragraph(document, "（二）友城工作扎实推进"), "（二）", "（一）")


def dun_after_arabic(document) -> None:
    _replace_start(_paragraph(document, "1.交流层面进一步拓宽"), "1.", "1、")


def body_15pt(document) -> None:
    document.styles["Normal"].element.rPr.find(qn("w:sz")).set(qn("w:val"), "30")


def title_18pt(document) -> None:
    document.styles["Title"].element.rPr.find(qn("w:sz")).set(qn("w:val"), "36")


def letter_paper(document) -> None:
    document.sections[0].page_width = Mm(215.9)
    document.sections[0].page_height = Mm(279.4)


def spaced_paragraph(document) -> None:
    _paragraph(document, "今年以来").paragraph_format.space_before = Mm(3)


def no_page_field(document) -> None:
    # A typed "— 1 —": the same number on every page.
    paragraph = document.sections[0].footer.paragraphs[0]._p
    for run in list(paragraph.iter(qn("w:r"))):
        if run.find(qn("w:fldChar")) is not None or run.find(qn("w:instrText")) is not None:
            paragraph.remove(run)


def page_field_as_fld_simple(document) -> None:
    # Word writes the field either way; a w:fldSimple PAGE must count as one too.
    for footer in (document.sections[0].footer, document.sections[0].even_page_footer):
        paragraph = footer.paragraphs[0]._p
        runs = list(paragraph.iter(qn("w:r")))
        begin = next(i for i, r in enumerate(runs) if r.find(qn("w:fldChar")) is not None)
        result = deepcopy(runs[begin + 3])
        simple = OxmlElement("w:fldSimple")
        simple.set(qn("w:instr"), " PAGE ")
        simple.append(result)
        runs[begin].addprevious(simple)
        for run in runs[begin:begin + 5]:
            paragraph.remove(run)


# name → (mutation, the exact set of (clause, severity) lint must report)
MUTATIONS: dict[str, tuple[Callable, set[tuple[str, str]]]] = {
    "wrong_margins": (wrong_margins, {("5.2.2", "error")}),
    "ascii_only_font": (ascii_only_font, {("7.3.3", "error")}),
    "theme_font": (theme_font, {("7.3.3", "error")}),
    "lines_29pt": (lines_29pt, {("5.2.3", "error")}),
    "hyphen_page_numbers": (hyphen_page_numbers, {("7.5", "error")}),
    "single_footer": (single_footer, {("7.5", "error")}),
    "centred_page_number": (centred_page_number, {("7.5", "error")}),
    "no_page_field": (no_page_field, {("7.5", "error")}),
    "page_field_as_fld_simple": (page_field_as_fld_simple, set()),
    "zero_padded_date": (zero_padded_date, {("7.3.5.4", "error")}),
    "chinese_numeral_date": (chinese_numeral_date, {("7.3.5.4", "error")}),
    "square_brackets_doc_number": (square_brackets_doc_number, {("7.2.4", "error")}),
    "padded_doc_number": (padded_doc_number, {("7.2.4", "error")}),
    "right_doc_number": (right_doc_number, set()),
    "skipped_heading": (skipped_heading, {("7.3.3", "error")}),
    "reversed_headings": (reversed_headings, {("7.3.3", "error")}),
    "dun_after_arabic": (dun_after_arabic, {("7.3.3", "warning")}),
    "body_15pt": (body_15pt, {("7.3.3", "error")}),
    "title_18pt": (title_18pt, {("7.3.1", "error")}),
    "letter_paper": (letter_paper, {("5.2.1", "error")}),
    "spaced_paragraph": (spaced_paragraph, {("5.2.3", "error")}),
}


def mutate(source: Path, name: str, out_dir: Path) -> Path:
    """The DOCX at `source` with mutation `name` applied, saved as out_dir/name.docx."""
    document = docx.Document(str(source))
    MUTATIONS[name][0](document)
    target = out_dir / f"{name}.docx"
    document.save(str(target))
    return target


def kinds(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(f.clause, f.severity) for f in findings}


# --- fixtures -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_docx_only(tmp_path_factory) -> Path:
    return build(EXAMPLE, out_dir=tmp_path_factory.mktemp("lint-docx"), formats=("docx",)).files["docx"]


@pytest.fixture(scope="module")
def wrong_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("lint-wrong")


# --- reportgen's own DOCX --------------------------------------------------------------


def test_own_docx_is_clean(example_docx_only):
    assert lint(example_docx_only, STANDARD) == []


# --- each wrong DOCX: its finding and nothing else ------------------------------------------


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_wrong_docx_yields_exactly_its_finding(example_docx_only, wrong_dir, name):
    findings = lint(mutate(example_docx_only, name, wrong_dir), STANDARD)
    assert kinds(findings) == MUTATIONS[name][1], [str(f) for f in findings]
    for finding in findings:
        assert finding.message and finding.where
        assert re.search(r"[\u4e00-\u9fff]", finding.message)


def _only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, findings
    return findings[0]


def test_margin_finding_says_what_and_how_much(example_docx_only, wrong_dir):
    finding = _only(lint(mutate(example_docx_only, "wrong_margins", wrong_dir), STANDARD))
    assert finding.where == "页面设置"
    assert finding.message == "上边距为 30.0 mm，应为 37 mm"


def test_ascii_only_font_names_the_paragraph_and_the_cause(example_docx_only, wrong_dir):
    finding = _only(lint(mutate(example_docx_only, "ascii_only_font", wrong_dir), STANDARD))
    assert finding.where == "第 3 段"
    assert finding.quote == "一、2011年工作总结"
    assert "仿宋_GB2312" in finding.message and "黑体" in finding.message
    assert "西文字体" in finding.message
    # Both level-1 headings are wrong: one finding, the second place named in it.
    assert "另有 1 处相同：第 20 段" in finding.message


def test_date_finding_quotes_the_date(example_docx_only, wrong_dir):
    finding = _only(lint(mutate(example_docx_only, "zero_padded_date", wrong_dir), STANDARD))
    assert finding.quote == "2012年02月27日"
    assert "2012年2月27日" in finding.message
    assert finding.where == "第 33 段"


def test_doc_number_finding_gives_the_right_form(example_docx_only, wrong_dir):
    finding = _only(lint(mutate(example_docx_only, "square_brackets_doc_number", wrong_dir), STANDARD))
    assert finding.where == "第 1 段"
    assert finding.quote == "洪外侨字[2012]5号"
    assert "〔2012〕5号" in finding.message


def test_heading_findings_name_the_numbers(example_docx_only, wrong_dir):
    skipped = _only(lint(mutate(example_docx_only, "skipped_heading", wrong_dir), STANDARD))
    assert skipped.quote.startswith("三、2012年工作打算")
    assert "“二、”" in skipped.message
    reversed_ = lint(mutate(example_docx_only, "reversed_headings", wrong_dir), STANDARD)
    assert [f.where for f in reversed_] == ["第 5 段", "第 10 段"]
    assert "（一）" in reversed_[0].message and "倒序" in reversed_[1].message


def test_page_number_findings_name_the_footer(example_docx_only, wrong_dir):
    findings = lint(mutate(example_docx_only, "single_footer", wrong_dir), STANDARD)
    assert {f.where for f in findings} == {"文档设置", "偶数页页脚"}
    hyphens = _only(lint(mutate(example_docx_only, "hyphen_page_numbers", wrong_dir), STANDARD))
    assert hyphens.quote == "- 1 -"
    assert "—" in hyphens.message


# --- the text rules on their own ----------------------------------------------------------


def _clauses(texts: list[str]) -> list[tuple[str, str]]:
    blocks = [Block(f"第 {n} 段", text) for n, text in enumerate(texts, 1)]
    return [(f.where, f.severity) for f in check_headings(blocks)]


def test_heading_order_restarts_under_each_parent():
    assert _clauses(["一、甲", "（一）乙", "1.丙", "（1）丁", "（2）戊", "2.己", "（二）庚", "1.辛",
                     "二、壬", "（一）癸"]) == []


def test_heading_order_reports_each_wrong_number_once():
    assert _clauses(["一、甲", "三、乙", "四、丙"]) == [("第 2 段", "error")]
    assert _clauses(["一、甲", "二、乙", "二、丙"]) == [("第 3 段", "error")]
    # An attachment ("附件1") starts its own numbering.
    assert _clauses(["一、甲", "二、乙", "附件1", "一、丙"]) == []


def test_heading_spellings_that_draw_warnings():
    assert _clauses(["一、甲", "(一)乙", "1、丙", "(1)丁"]) == [
        ("第 2 段", "warning"), ("第 3 段", "warning"), ("第 4 段", "warning")]
    # "1.5万人次" starts a sentence, not a heading; "1．" is the full-width stop.
    assert _clauses(["1.5万人次参加。", "1．甲"]) == []


@pytest.mark.parametrize(("text", "wrong"), [
    ("2012年2月27日", False), ("2012年12月1日", False), ("2012年02月27日", True), ("2012年2月07日", True),
    ("12年2月27日", True), ("２０１２年２月２７日", True), ("二〇一二年二月二十七日", True),
    ("2012年2月27日印发", False),
])
def test_dates(text, wrong):
    assert (check_date(Block("第 1 段", text)) is not None) == wrong


@pytest.mark.parametrize(("text", "wrong"), [
    ("洪外侨字〔2012〕5号", False), ("洪外侨字[2012]5号", True), ("洪外侨字（2012）5号", True),
    ("洪外侨字〔2012〕第5号", True), ("洪外侨字〔2012〕05号", True), ("洪外侨字〔12〕5号", True),
    ("根据《通知》（国办发〔2011〕12号）精神", False), ("共计（2011年）12次", False),
])
def test_doc_numbers(text, wrong):
    assert bool(check_doc_numbers(Block("第 1 段", text))) == wrong


def test_repeats_merge_at_the_first_place():
    findings = [Finding("5.2.3", "error", f"第 {n} 段", "甲", "行距不对") for n in (9, 2, 5)]
    merged = merge_repeats(findings)
    assert len(merged) == 1
    assert merged[0].where == "第 2 段"
    assert merged[0].message == "行距不对（另有 2 处相同：第 5、9 段）"


# --- files lint refuses ---------------------------------------------------------------


def test_missing_file_is_a_report_error(tmp_path):
    with pytest.raises(ReportError, match="找不到"):
        lint(tmp_path / "没有.docx", STANDARD)


@pytest.mark.parametrize("content", [b"hello", b"PK\x03\x04 not really a zip", b""])
def test_other_files_are_report_errors(tmp_path, content):
    path = tmp_path / "报告.docx"
    path.write_bytes(content)
    with pytest.raises(ReportError, match="这不是 DOCX 或 PDF 文件，无法检查"):
        lint(path, STANDARD)


def test_a_zip_without_a_document_is_a_report_error(tmp_path):
    import zipfile

    path = tmp_path / "报告.docx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("readme.txt", "not a document")
    with pytest.raises(ReportError, match="DOCX"):
        lint(path, STANDARD)


# --- the command ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="reportgen")
    commands = main.add_subparsers(dest="command", parser_class=argparse.ArgumentParser)
    lint_cli.add_command(commands)
    return main


def test_cli_clean_file_exits_0(parser, example_docx_only, capsys):
    args = parser.parse_args(["lint", str(example_docx_only)])
    assert args.profile == "standard" and not args.json
    assert lint_cli.run(args) == 0
    assert capsys.readouterr().out.strip().splitlines() == ["共 0 处错误，0 处提醒"]


def test_cli_human_output(parser, example_docx_only, wrong_dir, capsys):
    path = mutate(example_docx_only, "wrong_margins", wrong_dir)
    assert lint_cli.run(parser.parse_args(["lint", str(path), "--profile", "standard"])) == 1
    assert capsys.readouterr().out.splitlines() == [
        "错误  5.2.2  页面设置  上边距为 30.0 mm，应为 37 mm",
        "共 1 处错误，0 处提醒",
    ]


def test_cli_warnings_alone_exit_0(parser, example_docx_only, wrong_dir, capsys):
    path = mutate(example_docx_only, "dun_after_arabic", wrong_dir)
    assert lint_cli.run(parser.parse_args(["lint", str(path)])) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("提醒  7.3.3  第 6 段 “1、交流层面进一步拓宽。")
    assert lines[-1] == "共 0 处错误，1 处提醒"


def test_cli_json(parser, example_docx_only, wrong_dir, capsys):
    path = mutate(example_docx_only, "zero_padded_date", wrong_dir)
    assert lint_cli.run(parser.parse_args(["lint", str(path), "--json"])) == 1
    out = capsys.readouterr().out
    assert "2012年02月27日" in out  # ensure_ascii=False: readable Chinese
    assert json.loads(out) == [{
        "clause": "7.3.5.4", "severity": "error", "where": "第 33 段", "quote": "2012年02月27日",
        "message": "成文日期的月、日不编虚位：“2012年02月27日”应为“2012年2月27日”",
    }]


def test_cli_rejects_an_unknown_profile(parser, example_docx_only, capsys):
    with pytest.raises(SystemExit):
        parser.parse_args(["lint", str(example_docx_only), "--profile", "nonesuch"])


def test_cli_missing_file_raises_report_error(parser, tmp_path):
    with pytest.raises(ReportError, match="找不到"):
        lint_cli.run(parser.parse_args(["lint", str(tmp_path / "无.pdf")]))


def test_cli_help_is_chinese(parser, capsys):
    with pytest.raises(SystemExit):
        parser.parse_args(["lint", "--help"])
    help_text = capsys.readouterr().out
    assert "要检查的 .docx 或 .pdf 文件" in help_text and "以 JSON 输出" in help_text
    assert "standard" in help_text


# --- profiles ---------------------------------------------------------------------------


def test_centred_profile_needs_no_even_footer(example_docx_only, wrong_dir):
    from dataclasses import replace

    from reportgen.layout import Align

    centred = replace(STANDARD, page_number_odd=Align.CENTER, page_number_even=Align.CENTER)
    document = docx.Document(str(example_docx_only))
    single_footer(document)
    centred_page_number(document)
    path = wrong_dir / "centred_single_footer.docx"
    document.save(str(path))
    assert lint(path, centred) == []
    # The standard asks for right and left: the same file breaks it three ways.
    assert {f.where for f in lint(path, STANDARD)} == {"文档设置", "奇数页页脚", "偶数页页脚"}
