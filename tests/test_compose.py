"""The compose stage as the user meets it: heading numbers, run-in headings, the
signature block, title lines, {{ … }} in the input's text and the templates."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml.scalarstring import LiteralScalarString

from reportgen.build import compose_input, lay_out
from reportgen.compose.signature import signature_indents
from reportgen.document import Document, Placement
from reportgen.errors import ReportError
from reportgen.layout import HEADING_STYLES, STANDARD, Align, FontRole, Style
from reportgen.paginate.model import ParagraphSlice
from reportgen.typography import text_width_chars
from tests.conftest import ROOT
from tests.variants import line_of, write_variant

NESTED = ROOT / "tests" / "fixtures" / "compose" / "nested.yaml"
SHIPPED_TEMPLATES = ROOT / "templates"
OFFICE = "南昌市外事侨务办公室"
EXAMPLE_TITLE = "南昌市外事侨务办公室2011年工作总结和2012年工作打算"


def variant(tmp_path: Path, name: str = "input.yaml", **changes) -> Path:
    """A copy of the nested fixture changed as parsed YAML (tests/variants.py)."""
    return write_variant(tmp_path, NESTED, name=name, **changes)


def headings(document: Document) -> list[tuple[Style, str]]:
    """Each heading paragraph's style and its heading run (without a run-in body)."""
    return [(p.style, p.runs[0].text) for p in document.paragraphs if p.style in HEADING_STYLES]


def paragraph_with(document: Document, text: str):
    found = [p for p in document.paragraphs if text in p.text]
    assert len(found) == 1, f"expected one paragraph containing {text!r}, got {len(found)}"
    return found[0]


# --- numbers follow nesting ----------------------------------------------------


def test_heading_numbers_follow_nesting():
    document = compose_input(NESTED).document
    assert headings(document) == [
        (Style.HEADING1, "一、2011年工作总结"),
        (Style.HEADING2, "（一）对外交流上新水平。"),
        (Style.HEADING2, "（二）友城工作扎实推进。"),
        (Style.HEADING3, "1.友城关系不断拓展。"),
        (Style.HEADING3, "2.友好交流丰富多彩。"),
        (Style.HEADING4, "（1）经济合作。"),
        (Style.HEADING4, "（2）文化教育。"),
        (Style.HEADING2, "（三）为侨服务有新举措。"),
        # The plan restarts every deeper level's numbering.
        (Style.HEADING1, "二、2012年工作打算"),
        (Style.HEADING2, "（一）继续做好对外交流工作。"),
        (Style.HEADING2, "（二）加强干部队伍建设。"),
    ]


def test_level_three_numbering_restarts_under_a_new_level_two(tmp_path):
    path = variant(tmp_path, set={"summary.sections[2].sections": [{"heading": "宣传侨法。"}]})
    level3 = [text for style, text in headings(compose_input(path).document) if style is Style.HEADING3]
    assert level3 == ["1.友城关系不断拓展。", "2.友好交流丰富多彩。", "1.宣传侨法。"]


def test_a_part_between_summary_and_plan_is_numbered_in_between(tmp_path):
    part = {"heading": "其他需要报告的事项", "sections": [{"heading": "信息公开。"}]}
    path = variant(tmp_path, set={"parts": [part]})
    level1_and_2 = [text for style, text in headings(compose_input(path).document) if style in HEADING_STYLES[:2]]
    assert level1_and_2 == [
        "一、2011年工作总结", "（一）对外交流上新水平。", "（二）友城工作扎实推进。", "（三）为侨服务有新举措。",
        "二、其他需要报告的事项", "（一）信息公开。",
        "三、2012年工作打算", "（一）继续做好对外交流工作。", "（二）加强干部队伍建设。",
    ]


def test_part_headings_given_in_the_input_replace_the_defaults(tmp_path):
    path = variant(tmp_path, set={"plan.heading": "下一步工作安排"})
    level1 = [text for style, text in headings(compose_input(path).document) if style is Style.HEADING1]
    assert level1 == ["一、2011年工作总结", "二、下一步工作安排"]


# --- run-in headings -------------------------------------------------------------


def test_run_in_heading_is_one_paragraph_of_two_runs():
    document = compose_input(NESTED).document
    paragraph = paragraph_with(document, "友城关系不断拓展")
    assert paragraph.style is Style.HEADING3
    assert [(run.text, run.font) for run in paragraph.runs] == [
        ("1.友城关系不断拓展。", None),
        ("目前与11个国家的12个城市缔结为友好城市。", FontRole.FANGSONG),
    ]


def test_run_in_heading_at_level_two_keeps_the_kaiti_style_only_for_the_heading():
    document = compose_input(NESTED).document
    paragraph = paragraph_with(document, "为侨服务有新举措")
    assert paragraph.style is Style.HEADING2
    assert STANDARD.element(Style.HEADING2).font is FontRole.KAITI
    assert [(run.text, run.font) for run in paragraph.runs] == [
        ("（三）为侨服务有新举措。", None),
        ("举办纪念《侨法》颁布实施20周年大型宣传活动。", FontRole.FANGSONG),
    ]


def test_heading_without_run_in_stands_alone():
    document = compose_input(NESTED).document
    heading = paragraph_with(document, "对外交流上新水平")
    assert heading.runs == (heading.runs[0],) and heading.text == "（一）对外交流上新水平。"
    following = document.paragraphs[document.paragraphs.index(heading) + 1]
    assert following.style is Style.BODY
    assert following.text == "全年共计接待党宾、外宾28批368人次。"


# --- signature block ---------------------------------------------------------------


def test_signature_indents_for_the_example():
    # 28 characters a line, 右空二字: the 10-character office starts at 16, the date 2 further.
    assert signature_indents(STANDARD, "南昌市外事侨务办公室", "2012年2月27日") == (16.0, 18.0)


def test_signature_in_the_document():
    paragraphs = compose_input(NESTED).document.paragraphs
    # The 署名 set 右空二字 against the right edge; the date from the left, two
    # characters right of the 署名's first character (16 + 2).
    assert [(p.style, p.text, p.placement) for p in paragraphs[-2:]] == [
        (Style.SIGNATURE, OFFICE, Placement(Align.RIGHT, 2)),
        (Style.DATE, "2012年2月27日", Placement(Align.LEFT, 18.0)),
    ]


def test_a_date_longer_than_the_office_stands_right_and_pushes_the_office_left():
    # A date has at most 8 digits (half width) and 3 CJK characters: 7 characters,
    # and five joins of digits and Chinese with a fifth of a character each: 8.
    assert text_width_chars("2012年12月31日") == pytest.approx(8)
    assert signature_indents(STANDARD, "外办", "2012年12月31日") == pytest.approx((28 - 2 - 8 - 2, 28 - 2 - 8))
    assert signature_indents(STANDARD, "外办", "2012年2月27日") == pytest.approx((16.5, 18.5))


def test_an_office_as_wide_as_the_line_allows_starts_at_the_margin():
    assert signature_indents(STANDARD, "中" * 26, "2012年2月27日") == (0, 2)


def test_an_office_longer_than_the_line_is_not_indented_negatively():
    office_at, _ = signature_indents(STANDARD, "中" * 30, "2012年2月27日")
    assert office_at == 0


def test_an_office_longer_than_the_line_gives_no_negative_date_indent():
    office_at, date_at = signature_indents(STANDARD, "中" * 30, "2012年2月27日")
    assert office_at >= 0 and date_at >= 0


# --- title lines (the breaking itself: tests/test_titles.py) ------------------------


def test_example_title_in_the_document():
    document = compose_input(NESTED).document
    assert document.title == EXAMPLE_TITLE
    assert document.paragraphs[0].style is Style.TITLE
    # 7.3.1: a 梯形, the office's name above the rest.
    assert document.paragraphs[0].text == "南昌市外事侨务办公室\n2011年工作总结和2012年工作打算"


def test_forced_break_written_in_the_yaml_title_is_kept(tmp_path):
    title = LiteralScalarString("南昌市外事侨务办公室\n2011年工作总结和2012年工作打算\n")  # written with |
    path = variant(tmp_path, set={"title": title})
    document = compose_input(path).document
    assert document.paragraphs[0].text == "南昌市外事侨务办公室\n2011年工作总结和2012年工作打算"


# --- {{ … }} in the input's text ------------------------------------------------------


def test_values_in_the_input_text_are_filled_in():
    document = compose_input(NESTED).document
    assert paragraph_with(document, "正确领导").text == (
        "2011年，南昌市外事侨务办公室在市委、市政府的正确领导下，各项工作取得了较大发展。"
    )
    assert paragraph_with(document, "外宾邀请").text == "2012年，配合市委、市政府重点工作，做好外宾邀请与接待工作。"


def test_previous_year_and_filters_work(tmp_path):
    path = variant(tmp_path, replace={"全年共计接待": "比{{ previous_year }}年（{{ '%d' % year }}）多，全年共计接待"})
    expected = "比2010年（2011）多，全年共计接待党宾、外宾28批368人次。"
    assert paragraph_with(compose_input(path).document, "全年共计接待").text == expected


def test_an_undefined_name_names_file_and_line(tmp_path):
    path = variant(tmp_path, replace={"目前与11个国家": "{{ yera }}年目前与11个国家"})
    with pytest.raises(ReportError) as caught:
        compose_input(path)
    [problem] = caught.value.problems
    assert problem.file == str(path)
    assert problem.line == line_of(path, "{{ yera }}")
    assert problem.field == "summary.sections[1].sections[0].paragraphs[0]"
    assert "不存在的值" in str(caught.value)
    assert "yera" in str(caught.value)


def test_every_undefined_name_is_reported_at_once(tmp_path):
    path = variant(tmp_path, replace={"全年共计接待": "{{ yeer }}全年共计接待",
                                      "做好外宾邀请": "{{ ofice }}做好外宾邀请"})
    with pytest.raises(ReportError) as caught:
        compose_input(path)
    assert [p.line for p in caught.value.problems] == [line_of(path, "yeer"), line_of(path, "ofice")]


@pytest.mark.parametrize("expression", [
    "{{ ''.__class__.__mro__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ office.__class__.__mro__[1].__subclasses__() }}",
    "{{ lipsum.__globals__ }}",
    "{{ [].append(1) }}",
])
def test_the_sandbox_refuses_python_internals(tmp_path, expression):
    path = variant(tmp_path, replace={"全年共计接待": expression + "全年共计接待"})
    with pytest.raises(ReportError) as caught:
        compose_input(path)
    assert caught.value.problems[0].line == line_of(path, expression)
    assert "class 'object'" not in str(caught.value)


@pytest.mark.parametrize("expression", ["{{ dict }}", "{{ namespace }}", "{{ self }}"])
def test_the_sandbox_prints_no_python_reprs(tmp_path, expression):
    # Jinja's globals (dict, namespace) and the template's self are not the text's values:
    # refused at the line, naming what may be used, never printed as "<class 'dict'>".
    path = variant(tmp_path, replace={"全年共计接待": expression + "全年共计接待"})
    with pytest.raises(ReportError) as caught:
        compose_input(path)
    problem = caught.value.problems[0]
    name = expression.strip("{} ")
    assert problem.message == f"文字中引用了不存在的值：{name}"
    assert problem.line == line_of(path, expression) and "figures" in problem.hint
    assert "<class" not in str(caught.value) and "<TemplateReference" not in str(caught.value)


def test_text_without_double_braces_is_untouched(tmp_path):
    literal = "格式为{year}，集合{1, 2}，右括号}}与<标签>&符号 100%"
    path = variant(tmp_path, replace={"全年共计接待党宾、外宾28批368人次。": literal})
    assert paragraph_with(compose_input(path).document, "格式为").text == literal


# --- templates --------------------------------------------------------------------


def override(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """Copy one shipped template into a fresh override folder with `old` replaced by `new`."""
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    text = (SHIPPED_TEMPLATES / name).read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{name} changed: {old!r} should occur once"
    (folder / name).write_text(text.replace(old, new), encoding="utf-8")
    return folder


def test_a_template_override_changes_the_fixed_wording(tmp_path):
    folder = override(tmp_path, "report.xml.j2", '"年工作总结",', '"年工作回顾",')
    assert sorted(p.name for p in folder.iterdir()) == ["report.xml.j2"]
    document = compose_input(NESTED, templates_dir=folder).document
    # sections.xml.j2 is not in the folder: the shipped one still writes the numbered levels.
    assert headings(document)[:3] == [
        (Style.HEADING1, "一、2011年工作回顾"),
        (Style.HEADING2, "（一）对外交流上新水平。"),
        (Style.HEADING2, "（二）友城工作扎实推进。"),
    ]
    assert (Style.HEADING1, "二、2012年工作打算") in headings(document)
    assert document.title == EXAMPLE_TITLE


def test_without_override_the_shipped_wording_is_used():
    assert headings(compose_input(NESTED).document)[0] == (Style.HEADING1, "一、2011年工作总结")


def test_a_misspelt_variable_in_a_template_names_file_and_line(tmp_path):
    folder = override(tmp_path, "report.xml.j2", "{{ report.date | cn_date }}", "{{ yeer }}")
    template = folder / "report.xml.j2"
    with pytest.raises(ReportError) as caught:
        compose_input(NESTED, templates_dir=folder)
    [problem] = caught.value.problems
    assert Path(problem.file).resolve() == template.resolve()
    assert problem.line == line_of(template, "{{ yeer }}")
    assert "yeer" in problem.message and "未定义的变量" in problem.message


def test_a_misspelt_variable_in_an_overridden_sections_template_names_it(tmp_path):
    folder = override(tmp_path, "sections.xml.j2", "<heading>{{ heading }}</heading>",
                      "<heading>{{ heding }}</heading>")
    template = folder / "sections.xml.j2"
    with pytest.raises(ReportError) as caught:
        compose_input(NESTED, templates_dir=folder)
    [problem] = caught.value.problems
    assert Path(problem.file).resolve() == template.resolve()
    assert problem.line == line_of(template, "{{ heding }}")


def test_a_template_syntax_error_names_file_and_line(tmp_path):
    folder = override(tmp_path, "report.xml.j2", "<recipient>{{ report.recipient }}</recipient>",
                      "<recipient>{{ report.recipient ) }}</recipient>")
    template = folder / "report.xml.j2"
    with pytest.raises(ReportError) as caught:
        compose_input(NESTED, templates_dir=folder)
    [problem] = caught.value.problems
    assert Path(problem.file).resolve() == template.resolve()
    assert problem.line == line_of(template, "report.recipient )")
    assert problem.message.startswith("模板语法错误")


def test_a_missing_templates_folder_is_reported(tmp_path):
    missing = tmp_path / "no-such-templates"
    with pytest.raises(ReportError) as caught:
        compose_input(NESTED, templates_dir=missing)
    assert str(missing) in str(caught.value)
    assert "不存在" in str(caught.value)


def test_shipped_templates_folder_is_the_one_in_the_checkout():
    # Guard for the override tests above: they copy from here.
    shipped = sorted(p.name for p in SHIPPED_TEMPLATES.glob("*.j2"))
    assert shipped == ["attachments.xml.j2", "report.xml.j2", "sections.xml.j2"]


# --- document model ----------------------------------------------------------------


def test_document_text_has_the_title_lines():
    document = compose_input(NESTED).document
    lines = document.text.splitlines()
    assert lines[:2] == ["南昌市外事侨务办公室", "2011年工作总结和2012年工作打算"]
    assert lines[-2:] == [OFFICE, "2012年2月27日"]
    assert document.office == OFFICE and document.year == 2011


def test_document_paragraph_styles_in_order():
    styles = [p.style for p in compose_input(NESTED).document.paragraphs]
    assert styles == [
        Style.TITLE, Style.BLANK,
        Style.HEADING1, Style.BODY,
        Style.HEADING2, Style.BODY,
        Style.HEADING2, Style.HEADING3, Style.HEADING3, Style.HEADING4, Style.HEADING4,
        Style.HEADING2,
        Style.HEADING1, Style.HEADING2, Style.BODY, Style.HEADING2,
        Style.BLANK, Style.SIGNATURE, Style.DATE,
    ]


def test_recipient_comes_after_the_blank_line_below_the_title(tmp_path):
    path = variant(tmp_path, set={"recipient": "市人民政府"})
    paragraphs = compose_input(path).document.paragraphs
    assert [(p.style, p.text) for p in paragraphs[1:3]] == [(Style.BLANK, ""), (Style.RECIPIENT, "市人民政府：")]


def test_a_heading_keeps_with_what_it_introduces_only():
    """binhai 2020's plan lists its items as headings without text (1. 推动…。 2. 举办…。): kept
    each with the next, the whole run went to page 3 and left page 2 ten lines short."""
    composed = compose_input(ROOT / "inputs" / "binhai-waiban" / "2020.yaml")
    kept = {p.runs[0].text: p.keep_with_next for p in composed.document.paragraphs if p.style in HEADING_STYLES}
    assert kept["（一）拓展国际友城网络"] is True  # introduces the items under it
    assert kept["一、加强党对外事工作的集中统一领导"] is True  # introduces its list
    items = ["1.推动与东南亚、中东欧城市新缔结友好城市1至2对。", "2.举办滨海国际友城合作论坛。",
             "3.建立友城合作项目库，推动项目落地。", "5.办好国际青少年交流周等品牌活动。"]
    assert [kept[item] for item in items] == [False] * 4  # each followed by a sibling or a higher heading
    pages = lay_out(composed, None).layout.pages
    lines = [sum(len(piece.lines) for piece in page.slices if isinstance(piece, ParagraphSlice)) for page in pages]
    assert lines[1] >= STANDARD.lines_per_page - 1, lines  # page 2 full, less a heading's spacing at most
