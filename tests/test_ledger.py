"""The ledger: another office's catalogue works end to end without code changes, and
every mistake in a ledger file is reported with its file, line and column."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from reportgen.build import BuildResult, build, check
from reportgen.catalogue import load_catalogue
from reportgen.errors import Problem, ReportError
from tests.conftest import ROOT
from tests.measure import docx_text, pdf_text
from tests.variants import line_of, write_variant

SHANGWU = ROOT / "tests" / "fixtures" / "figures" / "shangwu"
SHANGWU_INPUT = SHANGWU / "2012.yaml"

MANUFACTURING = ("全年接待制造业客商考察4批41人次，签约制造业项目3个，协议投资4.03亿元；"
                 "签约服务业项目协议投资8000.5万元；重点项目1个。")
TRADE = "全市外贸进出口总额12.22亿元，其中出口9.88亿元，进口2.35亿元。"
FAIRS = "组织企业参加展会2批、47人次，为参展企业争取补助资金5.2万元。"


# --- a second office: 商务局 -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def shangwu(tmp_path_factory) -> BuildResult:
    return build(SHANGWU_INPUT, out_dir=tmp_path_factory.mktemp("shangwu"))


def test_second_catalogue_is_data():
    catalogue = load_catalogue("catalogue.yaml", SHANGWU)
    assert catalogue.name == "商务局"
    assert list(catalogue.types) == ["招商引资项目", "外贸进出口", "展会"]
    assert catalogue.types["招商引资项目"].dimensions["产业"].values == ["制造业", "服务业", "现代农业"]
    assert catalogue.types["外贸进出口"].person_unit == "人"


def test_second_office_builds_without_warnings(shangwu):
    assert set(shangwu.files) == {"docx", "pdf"}
    assert all(path.is_file() for path in shangwu.files.values())
    assert shangwu.warnings == ()
    assert shangwu.document.office == "某市商务局"
    assert shangwu.document.title == "某市商务局2012年工作总结和2013年工作打算"


@pytest.mark.parametrize("expected", [MANUFACTURING, TRADE, FAIRS])
def test_second_office_figures_in_docx(shangwu, expected):
    assert expected in docx_text(shangwu.files["docx"])


@pytest.mark.parametrize("expected", [MANUFACTURING, TRADE, FAIRS])
def test_second_office_figures_in_pdf(shangwu, expected):
    assert expected in pdf_text(shangwu.files["pdf"])


def test_second_office_paragraphs_exactly(shangwu):
    texts = [p.text for p in shangwu.document.paragraphs]
    assert f"（一）招商引资成效明显。{MANUFACTURING}" in texts
    assert f"（二）外贸稳定增长。{TRADE}" in texts
    assert f"（三）会展服务有序开展。{FAIRS}" in texts


def test_second_catalogues_types_are_unknown_to_the_shipped_one(tmp_path):
    # The same ledger under the foreign-affairs catalogue: its types are refused.
    path = write_variant(tmp_path, SHANGWU_INPUT, remove=("catalogue",))
    with pytest.raises(ReportError) as err:
        check(path)
    messages = [p.message for p in err.value.problems]
    assert "活动类型“招商引资项目”不在目录中" in messages
    assert "活动类型“展会”不在目录中" in messages


# --- ledger errors --------------------------------------------------------------------------------

HEADER = "类型,日期,对方,国家或地区,批次,人数,金额（万元）,标签,渠道,结果,组团单位\n"
GOOD_ROW = "接待来访,2011-04-12,英国访赣贸易投资代表团,英国,1,12,,,党宾外宾,,\n"


def write_input(folder: Path, body: str = "ledger_files: [ledger.csv]\n", year: int = 2011) -> Path:
    path = folder / f"{year}.yaml"
    path.write_text(
        f"office: 某市外事侨务办公室\nyear: {year}\ndate: {year + 1}-02-27\n" + body
        + "summary:\n  paragraphs:\n    - \"共计接待{{ figures.tally('接待来访') }}。\"\n",
        encoding="utf-8",
    )
    return path


def write_csv(folder: Path, rows: str, name: str = "ledger.csv") -> Path:
    path = folder / name
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(ReportError) as err:
        check(path)
    return err.value.problems


def test_good_csv_ledger(tmp_path):
    write_csv(tmp_path, GOOD_ROW + "接待来访,,其余团组（汇总）,,26,341,,,党宾外宾,,\n")
    composed = check(write_input(tmp_path))
    assert "共计接待27批353人次。" in [p.text for p in composed.document.paragraphs]
    assert composed.warnings == ()
    assert composed.figures.ledger.records[1].where == f"{tmp_path / 'ledger.csv'}，第 3 行"


def test_csv_with_english_headers_and_bom(tmp_path):
    (tmp_path / "ledger.csv").write_text(
        "type,date,counterpart,country,batches,persons,amount,tags,渠道\n接待来访,,甲团,日本,2,9,1.5,教育,友城\n",
        encoding="utf-8-sig")
    composed = check(write_input(tmp_path))
    assert "共计接待2批9人次。" in [p.text for p in composed.document.paragraphs]
    (record,) = composed.figures.ledger.records
    assert (record.country, str(record.amount), record.tags) == ("日本", "1.5", {"教育"})
    assert record.dims == (("渠道", "友城"),)


def test_bad_number_in_csv_names_file_line_and_column(tmp_path):
    csv_path = write_csv(tmp_path, GOOD_ROW + "接待来访,,某团,,1,十二,,,友城,,\n")
    (problem,) = problems_of(write_input(tmp_path))
    assert problem.file == str(csv_path)
    assert problem.line == 3
    assert problem.field == "人数"  # the header as the user wrote it
    assert problem.message == "台账记录有误：人数“十二”请用阿拉伯数字书写（如 40多、1.6万）"
    assert str(problem).startswith(f"{csv_path}，第 3 行：")


def test_bad_number_in_csv_names_the_column_as_headed(tmp_path):
    write_csv(tmp_path, "接待来访,,某团,,1,十二,,,友城,,\n")
    (problem,) = problems_of(write_input(tmp_path))
    assert "人数" in str(problem)


def test_csv_line_numbers_after_a_multiline_cell(tmp_path):
    write_csv(tmp_path, '接待来访,,"英国访赣贸易\n投资代表团",英国,1,12,,,党宾外宾,,\n'  # lines 2 and 3
                        "接待来访,,某团,,1,十二,,,友城,,\n")  # line 4
    (problem,) = problems_of(write_input(tmp_path))
    assert problem.line == 4


def test_every_bad_csv_row_is_reported_at_once(tmp_path):
    write_csv(tmp_path, "接待来访,2011-02-30,甲团,,1,5,,,友城,,\n"  # line 2: no such date
                        "接待来访,,乙团,,-1,5,,,友城,,\n"  # line 3: negative
                        "接待来访,,丙团,,1,5,abc,,友城,,\n")  # line 4: amount
    problems = problems_of(write_input(tmp_path))
    assert [(p.line, p.field) for p in problems] == [(2, "日期"), (3, "批次"), (4, "金额（万元）")]
    assert problems[0].message == "台账记录有误：日期“2011-02-30”不是有效的日期"
    assert "2012-02-27" in problems[0].hint
    assert problems[1].message == "台账记录有误：批次“-1”是负数，不能小于 0"
    assert problems[2].message == "台账记录有误：金额（万元）“abc”不是数字（可写 12、5.2、40多、30余、1.6万、约500）"


def test_unknown_type_in_csv_is_not_in_the_catalogue_with_a_suggestion(tmp_path):
    csv_path = write_csv(tmp_path, GOOD_ROW + "接待来方,,某团,,1,3,,,友城,,\n")
    (problem,) = problems_of(write_input(tmp_path))
    assert (problem.file, problem.line) == (str(csv_path), 3)
    assert problem.message == "活动类型“接待来方”不在目录中"
    assert problem.hint.startswith("是不是“接待来访”？")
    assert "目录“外事侨务办公室”中的类型：接待来访、因公出国审批" in problem.hint


def test_dimension_value_not_in_the_catalogue(tmp_path):
    write_csv(tmp_path, "接待来访,,某团,,1,3,,,有城,,\n")
    (problem,) = problems_of(write_input(tmp_path))
    assert problem.line == 2
    assert problem.message == "渠道“有城”不是可选的值"
    assert problem.hint == "是不是“友城”？可选：“党宾外宾”“友城”“侨胞港澳”。"


def test_dimension_the_type_does_not_have(tmp_path):
    write_csv(tmp_path, "外专邀请,,某企业,,1,3,,,友城,,\n")
    (problem,) = problems_of(write_input(tmp_path))
    assert problem.line == 2
    assert problem.message == "“外专邀请”没有“渠道”这一项"


def test_errors_in_activities_written_in_the_input_name_their_lines(tmp_path):
    path = write_input(tmp_path, textwrap.dedent("""\
        activities:
          - {type: 接待来访, 渠道: 党宾外宾, batches: 2, persons: 18}
          - type: 接待来方
            persons: 3
          - type: 接待来访
            渠道: 有城
          - type: 外专邀请
            渠道: 友城
        """))
    problems = problems_of(path)
    assert [(p.line, p.message) for p in problems] == [
        (line_of(path, "接待来方"), "活动类型“接待来方”不在目录中"),
        (line_of(path, "有城"), "渠道“有城”不是可选的值"),
        (line_of(path, "渠道: 友城"), "“外专邀请”没有“渠道”这一项"),
    ]
    assert [p.field for p in problems] == ["activities[1].type", "activities[2].渠道", "activities[3].渠道"]
    assert all(p.file == str(path) for p in problems)
    assert "是不是“接待来访”？" in problems[0].hint


def test_missing_ledger_file_names_the_ledger_files_line(tmp_path):
    write_csv(tmp_path, GOOD_ROW)
    path = write_input(tmp_path, "ledger_files:\n  - ledger.csv\n  - 没有这个文件.csv\n")
    (problem,) = problems_of(path)
    assert problem.file == str(path)
    assert problem.line == line_of(path, "没有这个文件.csv") == 6
    assert problem.field == "ledger_files[1]"
    assert problem.message == "找不到台账文件“没有这个文件.csv”"


def test_record_dated_outside_the_year_is_a_warning_with_its_csv_line(tmp_path):
    csv_path = write_csv(tmp_path, GOOD_ROW + "接待来访,2010-12-28,某团,,1,3,,,友城,,\n")
    composed = check(write_input(tmp_path))
    assert "共计接待2批15人次。" in [p.text for p in composed.document.paragraphs]
    (warning,) = composed.warnings
    assert (warning.file, warning.line) == (str(csv_path), 3)
    assert warning.message == "台账记录的日期 2010-12-28 不在 2011 年内"
    with pytest.raises(ReportError) as err:
        check(write_input(tmp_path), strict=True)
    assert [(p.file, p.line, p.message) for p in err.value.problems] == [
        (str(csv_path), 3, "台账记录的日期 2010-12-28 不在 2011 年内")]


def test_non_utf8_csv_is_a_clear_error(tmp_path):
    csv_path = tmp_path / "ledger.csv"
    csv_path.write_bytes((HEADER + GOOD_ROW).encode("gbk"))
    (problem,) = problems_of(write_input(tmp_path))
    assert problem.file == str(csv_path)
    assert problem.message == "台账文件不是 UTF-8 编码"
    assert "CSV UTF-8" in problem.hint


def test_empty_csv(tmp_path):
    (tmp_path / "ledger.csv").write_text("", encoding="utf-8")
    (problem,) = problems_of(write_input(tmp_path))
    assert problem.message == "台账文件是空的"


def test_yaml_ledger_file(tmp_path):
    (tmp_path / "ledger.yaml").write_text(textwrap.dedent("""\
        activities:
          - {type: 接待来访, 渠道: 友城, batches: 3, persons: 21}
          - type: 接待来访
            date: 2012-01-05
            渠道: 侨胞港澳
            persons: 4
        """), encoding="utf-8")
    composed = check(write_input(tmp_path, "ledger_files: [ledger.yaml]\n"))
    assert "共计接待4批25人次。" in [p.text for p in composed.document.paragraphs]
    (warning,) = composed.warnings
    assert warning.file == str(tmp_path / "ledger.yaml")
    assert warning.line == 3
    assert "2012-01-05" in warning.message


def test_yaml_ledger_file_with_an_unknown_key_in_a_record(tmp_path):
    ledger = tmp_path / "ledger.yaml"
    ledger.write_text("activities:\n  - type: 接待来访\n    渠道: 友城\n    persns: 5\n", encoding="utf-8")
    (problem,) = problems_of(write_input(tmp_path, "ledger_files: [ledger.yaml]\n"))
    assert (problem.file, problem.line, problem.field) == (str(ledger), 4, "activities[0].persns")
    assert problem.message == "“接待来访”没有“persns”这一项"
    assert problem.hint.startswith("是不是“persons”？")


def test_yaml_ledger_file_with_an_unknown_top_level_key(tmp_path):
    ledger = tmp_path / "ledger.yaml"
    ledger.write_text("activities:\n  - {type: 接待来访, 渠道: 友城}\nactivites:\n  - {type: 外专邀请}\n",
                      encoding="utf-8")
    (problem,) = problems_of(write_input(tmp_path, "ledger_files: [ledger.yaml]\n"))
    assert (problem.file, problem.line) == (str(ledger), 3)
    assert problem.message == "未知字段“activites”"
    assert problem.hint.startswith("是不是“activities”？")


def test_yaml_ledger_file_with_a_bad_number(tmp_path):
    ledger = tmp_path / "ledger.yaml"
    ledger.write_text("activities:\n  - type: 接待来访\n    渠道: 友城\n    persons: 十二\n", encoding="utf-8")
    (problem,) = problems_of(write_input(tmp_path, "ledger_files: [ledger.yaml]\n"))
    assert (problem.file, problem.line, problem.field) == (str(ledger), 4, "activities[0].persons")
