"""Messages (#10): one translator for every pydantic error — the year's YAML, a CSV
ledger, a catalogue, declared totals — in Chinese with the bounds read from the
error itself; one "did you mean" for unknown names; ledger headers planned once
per file; a full-width colon or space named as such."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from reportgen.build import compose_input
from reportgen.errors import ReportError
from reportgen.messages import did_you_mean, translate
from tests.variants import line_of

HEAD = "office: 测试市外事办公室\nyear: 2021\ndate: 2022-01-15\ncatalogue: waiban-2018\n"
SUMMARY = "summary:\n  paragraphs:\n    - \"全年接待{{ figures.tally('外事接待') }}。\"\n"


def write(tmp_path: Path, body: str, name: str = "2021.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def problems(path: Path) -> list:
    with pytest.raises(ReportError) as caught:
        compose_input(path)
    return caught.value.problems


# --- the year's input ----------------------------------------------------------------------------


def test_an_empty_heading_says_so_at_its_line(tmp_path):
    path = write(tmp_path, HEAD + 'summary:\n  sections:\n    - heading: ""\n')
    (problem,) = problems(path)
    assert problem.message == "标题不能为空"
    assert (problem.line, problem.field) == (line_of(path, "heading:"), "summary.sections[0].heading")


@pytest.mark.parametrize(("line", "message"), [
    ("year: 1800", "年度“1800”不能小于 1949"),
    ("year: 2200", "年度“2200”不能大于 2100"),
])
def test_bounds_come_from_the_field_itself(tmp_path, line, message):
    path = write(tmp_path, HEAD.replace("year: 2021", line) + SUMMARY)
    assert message in [p.message for p in problems(path)]


def test_a_negative_count_names_its_field_not_another_fields_bounds(tmp_path):
    path = write(tmp_path, HEAD + "declared:\n  - {类型: 外事接待, 批次: -2, 人数: 10}\n" + SUMMARY)
    (problem,) = problems(path)
    assert problem.message == "批次“-2”是负数，不能小于 0"
    assert "1949" not in problem.message
    assert (problem.line, problem.field) == (line_of(path, "批次: -2"), "declared[0].batches")


def test_declared_totals_take_the_ledgers_chinese_names(tmp_path):
    path = write(tmp_path, HEAD + "declared:\n  - {类型: 外事接待, 批次: 12, 人数: 156, 渠道: 友城}\n"
                 "summary:\n  paragraphs:\n    - \"全年接待{{ figures.tally('外事接待', 渠道='友城') }}。\"\n")
    assert "全年接待12批156人次。" in [p.text for p in compose_input(path).document.paragraphs]


@pytest.mark.parametrize(("line", "words"), [
    ("year：2021", "“year”后面用了全角冒号“：”"),
    ("year:\u30002021", "“year:”后面是全角空格"),
])
def test_a_full_width_colon_or_space_is_named(tmp_path, line, words):
    path = write(tmp_path, HEAD.replace("year: 2021", line) + SUMMARY)
    (problem,) = problems(path)
    assert words in problem.message and problem.line == 2
    assert problem.hint == "请改为：year: 2021"


def test_a_key_with_a_full_width_space_is_named_and_the_key_suggested(tmp_path):
    path = write(tmp_path, HEAD.replace("date:", "\u3000date:") + SUMMARY)
    messages = {p.message: p for p in problems(path)}
    problem = messages["“\u3000date”含有全角空格（YAML 只认半角空格，请用半角空格缩进和分隔）"]
    assert problem.hint.startswith("是不是“date”？") and problem.line == 3


def test_a_choice_not_on_the_list_lists_the_choices(tmp_path):
    path = write(tmp_path, HEAD + "numbering: 第一章\n" + SUMMARY)
    (problem,) = problems(path)
    assert problem.message == "编号方式不能是“第一章”"
    assert "可选：“第一部分”“一、”“（一）”“1.”“（1）”“无”" in problem.hint


def test_a_method_that_does_not_exist_says_what_there_is(tmp_path):
    path = write(tmp_path, HEAD + "declared:\n  - {类型: 外事接待, 批次: 12, 人数: 156}\n"
                 "summary:\n  paragraphs:\n    - \"全年{{ figures.yoy('外事接待').pct }}。\"\n")
    (problem,) = problems(path)
    assert "比较（figures.yoy 等的结果）没有“pct”这一项。是不是“percent”？它有：difference、notes、percent" \
        in problem.message
    assert "str object" not in problem.message


# --- ledgers ----------------------------------------------------------------------------------------


def ledger_input(tmp_path: Path, header: str, rows: str) -> Path:
    (tmp_path / "2021-ledger.csv").write_text(header + "\n" + textwrap.dedent(rows), encoding="utf-8")
    return write(tmp_path, HEAD + "ledger_files: [2021-ledger.csv]\n" + SUMMARY)


@pytest.mark.parametrize(("header", "wrong", "right"), [
    ("类型,对方,批数,人数", "批数", "批次"),
    ("类型,对方,团组数,人数", "团组数", "批次"),
    ("类型,对方,批次,人数（人）", "人数（人）", "人数"),
    ("类型,对方,批次,国家和地区", "国家和地区", "国家或地区"),
])
def test_a_misspelt_header_is_one_error_at_the_header_line(tmp_path, header, wrong, right):
    rows = "".join(f"外事接待,第{n}团,1,5\n" for n in range(1, 9))
    path = ledger_input(tmp_path, header, rows)
    (problem,) = problems(path)  # one, however many rows follow
    assert problem.file.endswith("2021-ledger.csv") and problem.line == 1 and problem.field == wrong
    assert problem.message.endswith(f"“{wrong}”不是台账的列名，是不是“{right}”？")
    assert f"“{right}”" in problem.hint


def test_a_notes_column_is_kept_and_other_columns_with_one_warning(tmp_path):
    path = ledger_input(tmp_path, "类型,对方,批次,人数,备注,经办处室", """\
        外事接待,甲团,1,5,含线上会见,礼宾处
        外事接待,乙团,2,6,,礼宾处
        """)
    composed = compose_input(path)
    assert "全年接待3批11人次。" in [p.text for p in composed.document.paragraphs]
    (warning,) = composed.warnings
    assert warning.message == "表头中的“经办处室”不是台账的列，已作为备注保留（不参与统计）"
    assert warning.file.endswith("2021-ledger.csv") and warning.line == 1
    notes = [dict(r.notes) for r in composed.figures.ledger.records]
    assert notes == [{"备注": "含线上会见", "经办处室": "礼宾处"}, {"经办处室": "礼宾处"}]


def test_a_bad_cell_is_said_with_its_header_and_the_bounds_of_that_column(tmp_path):
    path = ledger_input(tmp_path, "类型,对方,批次,人数", "外事接待,甲团,1,-5\n外事接待,乙团,一,5\n")
    found = [(p.line, p.field, p.message) for p in problems(path)]
    assert found == [(2, "人数", "台账记录有误：人数“-5”是负数，不能小于 0"),
                     (3, "批次", "台账记录有误：批次“一”请用阿拉伯数字书写（如 40多、1.6万）")]


def test_an_unknown_type_suggests_the_nearest_one(tmp_path):
    path = ledger_input(tmp_path, "类型,对方,批次,人数", "外事接侍,甲团,1,5\n")
    (problem,) = problems(path)
    assert problem.message == "活动类型“外事接侍”不在目录中"
    assert problem.hint.startswith("是不是“外事接待”？目录“市政府外事办公室（2018年机构改革后）”中的类型：")


# --- catalogues -------------------------------------------------------------------------------------


def test_an_error_inside_a_catalogue_lists_the_fields_valid_there(tmp_path):
    (tmp_path / "我办目录.yaml").write_text(textwrap.dedent("""\
        name: 我办目录
        types:
          外事接待:
            label: 外宾来访接待
            person_units: 人次
          领事保护:
            count_unit: 件
            dimensions:
              类别: {valuez: [甲, 乙]}
        """), encoding="utf-8")
    path = write(tmp_path, HEAD.replace("waiban-2018", "我办目录.yaml") + "summary:\n  paragraphs: [正文。]\n")
    found = {p.message: p for p in problems(path)}
    unknown = found["未知字段“person_units”"]
    assert unknown.line == 5 and unknown.field == "types.外事接待.person_units"
    assert unknown.hint == "是不是“person_unit”？此处可用的字段：label、count_unit、person_unit、dimensions。"
    missing = found["缺少必填字段“label”（名称）"]
    assert missing.field == "types.领事保护.label" and "docs/catalogue.md" in missing.hint
    deeper = found["未知字段“valuez”"]
    assert deeper.hint == "是不是“values”？此处可用的字段：values。"


def test_a_measure_word_is_short_chinese(tmp_path):
    (tmp_path / "我办目录.yaml").write_text("name: 我办目录\ntypes:\n  外事接待: {label: 接待, person_unit: 人员}\n",
                                         encoding="utf-8")
    path = write(tmp_path, HEAD.replace("waiban-2018", "我办目录.yaml") + "summary:\n  paragraphs: [正文。]\n")
    (problem,) = problems(path)
    assert problem.message == "人数单位不能是“人员”" and "可选：“人”“人次”“名”“位”" in problem.hint


# --- the helpers themselves --------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "options", "expected"), [
    ("批数", ["批次", "人数"], "批次"), ("heding", ["heading", "paragraphs"], "heading"),
    ("date\u3000", ["date", "year"], "date"), ("Year", ["year"], "year"), ("方向", ["对方", "国家"], None),
])
def test_did_you_mean(name, options, expected):
    assert did_you_mean(name, options, cutoff=0.6) == expected


def test_the_translator_reads_bounds_from_the_error():
    error = {"type": "less_than_equal", "input": 120, "ctx": {"le": 99}, "msg": "", "loc": ("start",)}
    assert translate(error, "起始序号").message == "起始序号“120”不能大于 99"
    error = {"type": "too_short", "input": ["甲"], "ctx": {"min_length": 2, "actual_length": 1}, "msg": "", "loc": ()}
    assert translate(error, "列举项").message == "列举项至少要有 2 项，这里只有 1 项"
