"""Figures as offices word them (#10): measure words, approximate figures and their
sums, missing cells that are not zero, every year-on-year form with and without
a previous year, shares, cumulative totals, 其中 and zero clauses — each either
the right text or a Chinese error at the line that asked."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from reportgen.build import compose_input
from reportgen.errors import ReportError
from reportgen.figures.comparison import Change, change_wording, share_wording
from reportgen.quantity import Approx, Quantity, UnknownFigure, parse_quantity

D = Decimal
HEAD = "office: 测试市外事办公室\ndate: {date}\ncatalogue: waiban-2018\n"
HEADER = "类型,日期,对方,国家或地区,批次,人数,渠道,结果,事项,备注\n"


def write(folder: Path, year: int, text: str, ledger: str | None = None, *, body: str = "") -> Path:
    """An input of `year` whose summary is one paragraph `text`, with an optional CSV ledger."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [HEAD.format(date=f"{year + 1}-01-15"), f"year: {year}\n"]
    if ledger is not None:
        ledger = textwrap.dedent(ledger)
        header = "" if ledger.startswith("类型") else HEADER  # a ledger may bring its own header
        (folder / f"{year}-ledger.csv").write_text(header + ledger, encoding="utf-8")
        lines.append(f"ledger_files: [{year}-ledger.csv]\n")
    lines.append(textwrap.dedent(body))
    lines.append(f"summary:\n  paragraphs:\n    - \"{text}\"\n")
    path = folder / f"{year}.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def said(path: Path) -> str:
    """The summary's paragraph as composed."""
    document = compose_input(path).document
    return next(p.text for p in document.paragraphs if p.text.startswith("全年"))


def problem_of(path: Path):
    with pytest.raises(ReportError) as caught:
        compose_input(path)
    (problem,) = caught.value.problems
    return problem


# --- reading what offices write ------------------------------------------------------------------


@pytest.mark.parametrize(("written", "value", "approx", "shown"), [
    ("12", 12, Approx.EXACT, "12"), ("5.2", D("5.2"), Approx.EXACT, "5.2"), ("40多", 40, Approx.MORE, "40多"),
    ("30余", 30, Approx.OVER, "30余"), ("1.6万", 16000, Approx.EXACT, "1.6万"),
    ("46万余", 460000, Approx.OVER, "46万余"),
    ("18300余", 18300, Approx.OVER, "18300余"), ("约500", 500, Approx.ABOUT, "约500"),
    ("500左右", 500, Approx.ABOUT, "约500"), ("18,300", 18300, Approx.EXACT, "18300"),
])
def test_figures_as_offices_write_them(written, value, approx, shown):
    quantity = parse_quantity(written)
    assert (quantity.value, quantity.approx, str(quantity)) == (D(value), approx, shown)


@pytest.mark.parametrize(("terms", "total"), [
    (["40多", "30余"], "70多"),  # never "70": 41-49 and 31-39 make more than 70
    (["40多", "35"], "70多"),
    (["40多", "5"], "40多"),
    (["46万余", "1000"], "46万余"),
    (["1.6万余", "234"], "1.6万余"),
    (["约500", "23"], "约500"),
    (["约500", "40多"], "约500"),
    (["1.6万", "2万"], "3.6万"),
    (["1.6万", "234"], "16234"),
    (["12", "30"], "42"),
])
def test_sums_that_include_an_approximate_figure_are_worded_approximately(terms, total):
    quantities = [parse_quantity(t) for t in terms]
    assert str(sum(quantities[1:], quantities[0])) == total


def test_an_approximate_sum_reaches_the_text_with_its_measure_word(tmp_path):
    path = write(tmp_path, 2021, "全年对接涉外合作项目{{ figures.tally('涉外项目') }}，处置案件"
                 "{{ figures.tally('领事保护与海外安全').text(persons=False) }}。", """\
        涉外项目,,上半年,,40多,,,,,
        涉外项目,,下半年,,30余,,,,,
        领事保护与海外安全,,逐案登记,,12,15,,,,
        领事保护与海外安全,,县区报送,,20余,,,,,
        """)
    assert said(path) == "全年对接涉外合作项目70多个，处置案件30余件。"


@pytest.mark.parametrize(("written", "words"), [
    ("近50", "请写成“40多”“30余”“约500”这样的近似数"), ("3-5", "是一个范围"), ("四十多", "请用阿拉伯数字书写"),
    ("约40多", "既写了“约”又写了“多”"), ("-2", "是负数，不能小于 0"),
])
def test_figures_that_cannot_be_counted_are_errors_at_their_cell(tmp_path, written, words):
    path = write(tmp_path, 2021, "全年{{ figures.tally('外事接待') }}。", f"外事接待,,某团,,{written},3,其他,,,\n")
    problem = problem_of(path)
    assert problem.file.endswith("2021-ledger.csv") and problem.line == 2 and problem.field == "批次"
    assert problem.message.startswith(f"台账记录有误：批次“{written}”") and words in problem.message


# --- missing is not zero --------------------------------------------------------------------------


def test_an_empty_cell_is_unknown_and_printing_it_names_the_rows(tmp_path):
    path = write(tmp_path, 2021, "全年接待外宾{{ figures.tally('外事接待', 渠道='友城') }}。", """\
        外事接待,,甲团,,1,12,友城,,,
        外事接待,,乙团,,1,,友城,,,
        外事接待,,丙团,,1,,友城,,,
        外事接待,,丁团,,1,,其他,,,
        """)
    problem = problem_of(path)
    assert problem.file.endswith("2021.yaml") and problem.field == "summary.paragraphs[0]"
    assert "“外事接待”（渠道=友城）的人数不知道" in problem.message
    assert "2021-ledger.csv，第 3 行的“人数”、" in problem.message and "第 4 行的“人数”是空的" in problem.message
    assert "第 5 行" not in problem.message  # 其他, not 友城
    assert "空白不等于0" in problem.message and "确实为0就写0" in problem.hint


def test_an_unknown_figure_not_printed_is_no_error_and_a_written_zero_prints(tmp_path):
    path = write(tmp_path, 2021, "全年接待外宾{{ figures.tally('外事接待').text(persons=False) }}，"
                 "出访{{ figures.tally('因公出国（境）管理', 结果='批准') }}。", """\
        外事接待,,甲团,,3,,其他,,,
        因公出国（境）管理,,乙团,,0,0,,批准,,
        """)
    assert said(path) == "全年接待外宾3批，出访0批0人次。"


def test_a_declared_total_without_a_figure_does_not_make_it_zero(tmp_path):
    path = write(tmp_path, 2021, "全年接待外宾{{ figures.tally('外事接待') }}。",
                 body="declared:\n  - {类型: 外事接待, 人数: 40}\n")
    problem = problem_of(path)
    assert "“外事接待”的数量不知道" in problem.message and "申报合计（declared）中的“数量”" in problem.message


# --- zero clauses and 其中 -----------------------------------------------------------------------


def test_a_zero_clause_is_left_out_of_generated_sentences(tmp_path):
    path = write(tmp_path, 2021, "全年新办{{ figures.tally('APEC商务旅行卡') }}，"
                 "出访{{ figures.tally('因公出国（境）管理') }}，目前{{ figures.sister_cities.text }}。", """\
        APEC商务旅行卡,,某企业,,12,,,,,
        因公出国（境）管理,,某团,,2,0,,批准,,
        """, body="sister_cities:\n  - {city: 清迈府, country: 泰国}\n  - {city: 巴淡市, country: 印度尼西亚}\n")
    assert said(path) == "全年新办12张，出访2批，目前共缔结国际友城2对。"


def test_sister_cities_of_neither_kind_is_an_error(tmp_path):
    path = write(tmp_path, 2021, "全年目前{{ figures.sister_cities.text }}。")
    assert "友城名录（sister_cities）中没有" in problem_of(path).message


def test_qizhong_needs_the_part_it_names(tmp_path):
    ledger = """\
        类型,对方,批次,人数,结果,标签
        因公出国（境）管理,市领导率团,8,10,批准,市领导
        因公出国（境）管理,其余团组,142,442,批准,
        """
    path = write(tmp_path, 2021, "全年{{ figures.tally('因公出国（境）管理').qizhong('市领导率团出访') }}。", ledger)
    problem = problem_of(path)
    assert "没有说明“其中”是哪一部分" in problem.message and problem.field == "summary.paragraphs[0]"
    asked = ("全年{% set all = figures.tally('因公出国（境）管理') %}出访{{ all }}"
             "{{ all.qizhong('市领导率团出访', tag='市领导', unit='人', prefix='，') }}。")
    assert said(write(tmp_path, 2021, asked, ledger)) == "全年出访150批452人次，其中市领导率团出访8批10人。"
    # A part that is zero goes with its comma.
    alone = ledger.replace("        因公出国（境）管理,市领导率团,8,10,批准,市领导\n", "")
    assert said(write(tmp_path, 2021, asked, alone)) == "全年出访142批442人次。"
    # Without a prefix to take along, a zero part would leave its comma behind: refused.
    bare = asked.replace(", prefix='，'", "").replace("出访{{ all }}", "出访{{ all }}，")
    assert "这一句应省略" in problem_of(write(tmp_path, 2021, bare, alone)).message


# --- year on year -----------------------------------------------------------------------------------

LAST_YEAR = """\
declared:
  - {类型: 外事接待, 批次: 20, 人数: 260}
  - {类型: 因公出国（境）管理, 结果: 批准, 批次: 50, 人数: 172}
  - {类型: 民间交流, 批次: 6, 人数: 800}
  - {类型: 涉外项目, 批次: 0}
  - {类型: 领事保护与海外安全, 批次: 40多, 人数: 50}
"""
THIS_YEAR = """\
declared:
  - {类型: 外事接待, 批次: 25, 人数: 260}
  - {类型: 因公出国（境）管理, 结果: 批准, 批次: 46, 人数: 176}
  - {类型: 民间交流, 批次: 15, 人数: 2000}
  - {类型: 涉外项目, 批次: 9}
  - {类型: 领事保护与海外安全, 批次: 45, 人数: 60}
"""


@pytest.fixture
def two_years(tmp_path):
    write(tmp_path, 2020, "全年工作。", body=LAST_YEAR)

    def this_year(text: str) -> Path:
        return write(tmp_path, 2021, text, body=THIS_YEAR)
    return this_year


@pytest.mark.parametrize(("call", "words"), [
    ("figures.yoy('因公出国（境）管理', 结果='批准')", "同比增长2.3%"),
    ("figures.yoy('因公出国（境）管理', 结果='批准', places=0)", "同比增长2%"),
    ("figures.yoy('因公出国（境）管理', ['batches', 'persons'], 结果='批准', places=0)", "同比分别下降8%、增长2%"),
    ("figures.yoy('民间交流', ['batches', 'persons'], places=0)", "同比分别增长150%、150%"),
    ("figures.yoy('外事接待', ['batches', 'persons'])", "同比分别增长25%、持平"),
    ("figures.yoy('外事接待')", "同比持平"),
    ("figures.yoy('外事接待', 'batches', form='difference')", "比上年增加5批"),
    ("figures.yoy('因公出国（境）管理', 'batches', 结果='批准', form='difference')", "比上年减少4批"),
    ("figures.yoy('外事接待', 'persons', form='difference')", "与上年持平"),
    ("figures.yoy('涉外项目', 'batches', form='difference')", "比上年增加9个"),
    ("figures.yoy('民间交流', 'batches', form='times')", "比上年增长1.5倍"),
    ("figures.yoy('外事接待', 'batches', than='比上年')", "比上年增长25%"),
    ("figures.yoy('外事接待', 'batches', prefix='，', suffix='；')", "，同比增长25%；"),
])
def test_every_year_on_year_form(two_years, call, words):
    assert said(two_years(f"全年{{{{ {call} }}}}")) == f"全年{words}"


def test_a_percentage_from_zero_asks_for_the_difference_form(two_years):
    problem = problem_of(two_years("全年{{ figures.yoy('涉外项目', 'batches') }}"))
    assert "上年为0" in problem.message and "form='difference'" in problem.message


def test_an_approximate_figure_is_not_compared(two_years):
    problem = problem_of(two_years("全年{{ figures.yoy('领事保护与海外安全', 'batches') }}"))
    assert "2020年“领事保护与海外安全”的数量是近似数“40多”" in problem.message


@pytest.mark.parametrize(("this_year", "last_year", "words", "note"), [
    ("", LAST_YEAR, "同比下降100%", "“外事接待”在台账中没有记录，也没有申报合计，按0计"),
    (THIS_YEAR, "", "比上年增加25批", "2020年“外事接待”在台账中没有记录，也没有申报合计，按0计"),
])
def test_a_year_that_recorded_none_is_compared_as_0_and_the_text_warned(tmp_path, this_year, last_year, words, note):
    # Was "同比下降100%" with no warning at all: the tally's note was dropped by yoy.
    write(tmp_path, 2020, "全年工作。", body=last_year)
    form = "" if this_year == "" else ", form='difference'"
    path = write(tmp_path, 2021, f"全年{{{{ figures.yoy('外事接待', 'batches'{form}) }}}}", body=this_year)
    composed = compose_input(path)
    assert f"全年{words}" in [p.text for p in composed.document.paragraphs]
    (warning,) = composed.warnings
    assert warning.message == note and (warning.file, warning.field) == (str(path), "summary.paragraphs[0]")


def test_a_comparisons_numbers_are_there_for_a_template():
    found = change_wording([Change(D(46), D(50), "批"), Change(D(176), D(172), "人次")], "percent", 0, None)
    assert found.text == "同比分别下降8%、增长2%"
    assert found.difference == (D(-4), D(4))
    assert [round(p, 2) for p in found.percent] == [D("-8.00"), D("2.33")]


@pytest.mark.parametrize(("asked", "fallback", "words"), [
    ("figures.yoy('外事接待', prefix='，人次')", None, "全年接待25批260人次。"),
    ("figures.yoy('外事接待', ['batches', 'persons'], prefix='，')", None, "全年接待25批260人次。"),
    ("figures.yoy('外事接待', prefix='，', fallback='与上年大体相当')", "与上年大体相当",
     "全年接待25批260人次，与上年大体相当。"),
])
def test_without_a_previous_year_the_call_stands_aside_and_the_line_is_warned(tmp_path, asked, fallback, words):
    path = write(tmp_path, 2021, f"全年接待{{{{ figures.tally('外事接待') }}}}{{{{ {asked} }}}}。", body=THIS_YEAR)
    composed = compose_input(path)
    text = next(p.text for p in composed.document.paragraphs if p.text.startswith("全年"))
    assert text == words  # never a dangling "，同比分别、。"
    (warning,) = composed.warnings
    assert warning.message.startswith("没有2020年的数据，“外事接待”的同比比较已省略")
    assert (warning.file, warning.field) == (str(path), "summary.paragraphs[0]")
    assert warning.line == len(path.read_text(encoding="utf-8").splitlines())
    if fallback:
        assert f"改用“{fallback}”" in warning.message


def test_has_previous_lets_a_sentence_stand_aside(tmp_path):
    path = write(tmp_path, 2021, "全年接待{{ figures.tally('外事接待') }}"
                 "{% if figures.has_previous %}，{{ figures.yoy('外事接待') }}{% endif %}。", body=THIS_YEAR)
    composed = compose_input(path)
    assert "全年接待25批260人次。" in [p.text for p in composed.document.paragraphs]
    assert composed.warnings == ()


# --- shares and cumulative totals ---------------------------------------------------------------------


def test_shares(tmp_path):
    path = write(tmp_path, 2021, "全年接待{{ figures.tally('外事接待') }}，其中友城渠道"
                 "{{ figures.tally('外事接待', 渠道='友城') }}，"
                 "{{ figures.share('外事接待', ['batches', 'persons'], 渠道='友城', places=0) }}；"
                 "党宾国宾{{ figures.share('外事接待', 'batches', 渠道='党宾国宾') }}。", """\
        外事接待,,友城团组,,12,221,友城,,,
        外事接待,,党宾国宾,,8,64,党宾国宾,,,
        外事接待,,其他团组,,5,35,其他,,,
        """)
    assert said(path) == "全年接待25批320人次，其中友城渠道12批221人次，分别占48%、69%；党宾国宾占32%。"
    assert share_wording([D(1)], [D(3)], 1).text == "占33.3%"
    with pytest.raises(ValueError, match="合计为0"):
        share_wording([D(0)], [D(0)], 1)


def test_a_cumulative_total_adds_the_years_since_a_declared_one(tmp_path):
    write(tmp_path, 2019, "全年工作。", body="declared:\n  - {类型: APEC商务旅行卡, 批次: 1600, 累计: true}\n")
    write(tmp_path, 2020, "全年工作。", body="declared:\n  - {类型: APEC商务旅行卡, 批次: 100}\n")
    path = write(tmp_path, 2021, "全年新办{{ figures.tally('APEC商务旅行卡') }}，"
                 "{{ figures.cumulative('APEC商务旅行卡') }}。",
                 body="declared:\n  - {类型: APEC商务旅行卡, 批次: 129}\n")
    composed = compose_input(path)
    assert "全年新办129张，截至2021年底累计1829张。" in [p.text for p in composed.document.paragraphs]
    assert composed.warnings == ()


def test_a_cumulative_total_without_a_starting_one_says_which_years_it_adds(tmp_path):
    write(tmp_path, 2020, "全年工作。", body="declared:\n  - {类型: APEC商务旅行卡, 批次: 100}\n")
    path = write(tmp_path, 2021, "全年{{ figures.cumulative('APEC商务旅行卡') }}。",
                 body="declared:\n  - {类型: APEC商务旅行卡, 批次: 129}\n")
    composed = compose_input(path)
    assert "全年截至2021年底累计229张。" in [p.text for p in composed.document.paragraphs]
    (warning,) = composed.warnings
    assert "只加总了2020—2021年的数字" in warning.message and warning.field == "summary.paragraphs[0]"


@pytest.mark.parametrize("asked", ["cumulative('外事工作委员会', 'persons')", "yoy('外事工作委员会', 'persons')"])
def test_persons_of_a_type_that_counts_none_are_refused_not_printed_as_none(tmp_path, asked):
    # 外事工作委员会 has person_unit: null; cumulative printed "累计0None".
    write(tmp_path, 2020, "全年工作。", "外事工作委员会,,全体会议,,1,0,,,全体会议,\n")
    path = write(tmp_path, 2021, f"全年{{{{ figures.{asked} }}}}。", "外事工作委员会,,全体会议,,2,0,,,全体会议,\n")
    problem = problem_of(path)
    assert "“外事工作委员会”在目录中不计人数" in problem.message and problem.field == "summary.paragraphs[0]"


# --- filters in the input's own text ------------------------------------------------------------------


def test_the_documented_filters_work_in_input_text(tmp_path):
    path = write(tmp_path, 2021, "全年{{ 12.50 | plain }}万元，成文于{{ report_date | cn_date }}。")
    problem = problem_of(path)  # report_date is no value of the input's text
    assert "report_date" in problem.message
    path = write(tmp_path, 2021, "全年{{ 12.50 | plain }}万元，{{ 2.35 | plain(1) }}倍。")
    assert said(path) == "全年12.5万元，2.4倍。"


def test_quantities_print_and_compare_only_when_known():
    unknown = Quantity.unknown(("t.csv，第 2 行的“人数”",), "“外事接待”的人数")
    with pytest.raises(UnknownFigure, match=r"t\.csv，第 2 行的“人数”是空的"):
        str(unknown + 5)
    with pytest.raises(UnknownFigure):
        bool(unknown > 3)
    assert Quantity.exact(5) + 3 == 8 and parse_quantity("40多") > 39
