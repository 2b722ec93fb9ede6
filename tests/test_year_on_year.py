"""Year on year (#4): the 2012 example compared with 2011 found beside it, last year's
plan checked against this year's result, no comparison at all without a previous year,
and stale year references in the text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportgen.build import BuildResult, build, check, compose_input
from reportgen.cli import main
from reportgen.errors import ReportError
from tests.conftest import ROOT
from tests.measure import docx_text, pdf_text
from tests.variants import line_of, revise

FOLDER = ROOT / "inputs" / "nanchang-waiqiao"
EX2011 = FOLDER / "2011.yaml"
EX2012 = FOLDER / "2012.yaml"
UNMET_TARGET = "label: 拓展新友城发展对象"


def copy_example(folder: Path, *names: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(FOLDER / name, folder / name)
    return folder


# --- the 2012 example, compared with 2011 ------------------------------------------------------


@pytest.fixture(scope="module")
def nanchang2012(tmp_path_factory) -> BuildResult:
    return build(EX2012, out_dir=tmp_path_factory.mktemp("nanchang2012"))


@pytest.fixture(scope="module")
def texts2012(nanchang2012) -> dict[str, str]:
    return {"docx": docx_text(nanchang2012.files["docx"]), "pdf": pdf_text(nanchang2012.files["pdf"])}


EXPECTED_2012 = [
    "30批414人次，人次同比增长12.5%",
    "20批150人次，人次同比下降11.2%",
    "13批193人次，人次同比持平",
    "共批准出访团组150批、452人次，批次同比下降3.8%，其中市领导8批10人；把关团组5批、6人次。",
    "共受理外专邀请160批、301人次，人次同比增长8.3%。",
    "新缔结友好城市美国圣查尔斯市（示例），目前共缔结国际友城5对、友好交流城市3对。全年拓展友城发展对象2个。",
    "（三）上年工作打算完成情况2011年报告提出的2012年工作打算中，有可量化目标2项，已完成1项。",
    "1.缔结友好城市。计划1个，实际1个，完成。",
    "2.拓展新友城发展对象。计划3个，实际2个，未完成。",
]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("expected", EXPECTED_2012)
def test_2012_figures_read_back(texts2012, fmt, expected):
    assert expected in texts2012[fmt]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_2012_plan_check_is_the_summarys_last_section(texts2012, fmt):
    text = texts2012[fmt]
    assert text.count("上年工作打算完成情况") == 1
    order = ("（二）友城工作取得突破。", "（三）上年工作打算完成情况", "二、2013年工作打算")
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)


def test_2012_has_exactly_one_warning_naming_the_unmet_target(nanchang2012):
    (warning,) = nanchang2012.warnings
    assert Path(warning.file).resolve() == EX2011.resolve()
    assert warning.line == line_of(EX2011, UNMET_TARGET)
    assert warning.field == "plan.sections[3].targets[1]"
    assert warning.message == "上年计划“拓展新友城发展对象”未完成：拓展新友城发展对象：计划3个，实际2个，未完成。"


def test_2012_figures_object(nanchang2012):
    composed = compose_input(EX2012)
    figures = composed.figures
    assert figures.previous is not None and figures.previous.year == 2011
    assert [(r.label, r.status) for r in figures.plan_check] == [
        ("缔结友好城市", "完成"), ("拓展新友城发展对象", "未完成"),
    ]
    assert composed.warnings == nanchang2012.warnings


def test_strict_build_stops_before_writing(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(ReportError) as err:
        build(EX2012, out_dir=out, strict=True)
    (problem,) = err.value.problems
    assert Path(problem.file).resolve() == EX2011.resolve()
    assert problem.line == line_of(EX2011, UNMET_TARGET)
    assert not out.exists()
    with pytest.raises(ReportError) as checked:
        check(EX2012, strict=True)
    assert checked.value.problems == err.value.problems  # check stops where build does


def test_cli_strict_build_exits_2_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", str(EX2012), "--strict", "-o", str(out)]) == 2
    assert not out.exists()
    err = capsys.readouterr().err
    assert "未生成任何文件" in err
    assert f"2011.yaml，第 {line_of(EX2011, UNMET_TARGET)} 行" in err
    assert "上年计划“拓展新友城发展对象”未完成" in err


def test_cli_check_exits_0_and_prints_the_reminder(capsys):
    assert main(["check", str(EX2012)]) == 0
    captured = capsys.readouterr()
    assert "提醒（1 条，不影响生成；加 --strict 则视为错误）：" in captured.err
    assert f"2011.yaml，第 {line_of(EX2011, UNMET_TARGET)} 行" in captured.err
    assert "计划3个，实际2个，未完成" in captured.err
    assert "格式正确" in captured.out
    assert "提醒" not in captured.out


# --- without a previous year ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def alone(tmp_path_factory) -> BuildResult:
    folder = copy_example(tmp_path_factory.mktemp("alone") / "in", "2012.yaml", "2012-ledger.csv")
    return build(folder / "2012.yaml", out_dir=folder.parent / "out")


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_without_previous_year_no_comparison_text(alone, fmt):
    text = docx_text(alone.files["docx"]) if fmt == "docx" else pdf_text(alone.files["pdf"])
    assert "30批414人次" in text  # the year's own figures are still there
    assert "同比" not in text
    assert "上年工作打算完成情况" not in text
    assert "inf" not in text.lower() and "nan" not in text.lower()
    assert "增长0%" not in text and "上年为零" not in text


def test_without_previous_year_each_comparison_warns_at_its_line(alone):
    # The comparisons are left out (with their "，人次" prefixes) and each text that
    # asked for one is named: the clerk sees where last year's figures were wanted.
    texts = {w.field: w for w in alone.warnings}
    assert set(texts) == {"summary.sections[0].sections[0].paragraphs[0]",
                          "summary.sections[0].sections[1].paragraphs[0]",
                          "summary.sections[0].sections[2].paragraphs[0]"}
    for warning in alone.warnings:
        assert warning.message.startswith("没有2011年的数据，")
        assert "同比比较已省略" in warning.message
        assert "2011.yaml" in warning.hint
    lines = sorted(w.line for w in alone.warnings)
    assert lines == sorted({line_of(EX2012, "共计接待党宾、外宾"), line_of(EX2012, "共批准出访团组"),
                            line_of(EX2012, "共受理外专邀请")})


# --- previous: named explicitly ------------------------------------------------------------------


def test_previous_named_explicitly(tmp_path):
    copy_example(tmp_path / "上年", "2011.yaml", "2011-ledger.csv")
    (tmp_path / "上年" / "2011.yaml").rename(tmp_path / "上年" / "南昌2011.yaml")
    current = copy_example(tmp_path / "本年", "2012.yaml", "2012-ledger.csv") / "2012.yaml"
    revise(current, set={"previous": "../上年/南昌2011.yaml"})
    composed = compose_input(current)
    texts = [p.text for p in composed.document.paragraphs]
    assert any("30批414人次，人次同比增长12.5%" in t for t in texts)
    assert "（三）上年工作打算完成情况" in texts
    (warning,) = composed.warnings
    assert Path(warning.file).resolve() == (tmp_path / "上年" / "南昌2011.yaml").resolve()
    assert warning.line == line_of(EX2011, UNMET_TARGET)


def test_previous_naming_a_missing_file_is_an_error(tmp_path):
    current = copy_example(tmp_path, "2011.yaml", "2011-ledger.csv", "2012.yaml", "2012-ledger.csv") / "2012.yaml"
    revise(current, set={"previous": "2010.yaml"})
    with pytest.raises(ReportError) as err:
        check(current)
    (problem,) = err.value.problems
    assert problem.message == "找不到上年的输入文件“2010.yaml”"
    assert (problem.file, problem.field) == (str(current), "previous")


def test_previous_of_the_wrong_year_is_refused(tmp_path):
    # Comparing with the wrong year would print a wrong 同比: refused, naming both years.
    copy_example(tmp_path, "2011.yaml", "2011-ledger.csv", "2012.yaml", "2012-ledger.csv")
    revise(tmp_path / "2011.yaml", set={"year": 2010})
    (tmp_path / "2011.yaml").rename(tmp_path / "上年.yaml")
    current = revise(tmp_path / "2012.yaml", set={"previous": "上年.yaml"})
    with pytest.raises(ReportError) as err:
        compose_input(current)
    (problem,) = err.value.problems
    assert problem.message == "上年的输入是 南昌市外事侨务办公室 2010 年的，应为 南昌市外事侨务办公室 2011 年的"
    assert problem.file == str(tmp_path / "上年.yaml") and "previous" in problem.hint


def test_misspelt_activity_in_last_years_target_is_an_input_error(tmp_path, capsys):
    copy_example(tmp_path, "2011.yaml", "2011-ledger.csv", "2012.yaml", "2012-ledger.csv")
    previous = revise(tmp_path / "2011.yaml", replace={"拓展友城发展对象": "拓展友城发展对像"})
    assert main(["check", str(tmp_path / "2012.yaml")]) == 2
    err = capsys.readouterr().err
    assert f"{previous}，第 {line_of(previous, '拓展友城发展对像')} 行" in err
    assert "是不是“拓展友城发展对象”" in err


# --- stale text ----------------------------------------------------------------------------------


@pytest.fixture
def copy2011(tmp_path) -> Path:
    return copy_example(tmp_path, "2011.yaml", "2011-ledger.csv") / "2011.yaml"


def test_unchanged_2011_has_no_warnings(copy2011):
    assert compose_input(copy2011).warnings == ()


def test_past_year_in_the_summarys_own_account_warns_with_file_and_line(copy2011):
    revise(copy2011, replace={"此外，我办还积极围绕": "2010年，我办还积极围绕"})
    (warning,) = compose_input(copy2011).warnings
    assert warning.file == str(copy2011)
    assert warning.line == line_of(copy2011, "2010年，我办还积极围绕") == 24
    assert warning.message == "2011年的工作总结中出现“2010年”，可能是沿用了往年的文字"
    assert warning.field == "summary.sections[0].sections[0].paragraphs[1]"


@pytest.mark.parametrize("written", ["我办还比2010年更加积极地围绕", "我办还与2010年同期相比更加积极地围绕",
                                     "我办自2010年以来积极围绕"])
def test_past_year_in_a_comparison_does_not_warn(copy2011, written):
    revise(copy2011, replace={"我办还积极围绕": written})
    assert compose_input(copy2011).warnings == ()


def test_past_year_inside_a_book_title_does_not_warn(copy2011):
    revise(copy2011, replace={"《关于提高我省老年": "《关于提高我省2010年老年"})
    assert compose_input(copy2011).warnings == ()


def test_mingnian_in_the_plan_warns_with_file_and_line(copy2011):
    revise(copy2011, replace={"继续做好APEC商务旅行卡": "明年继续做好APEC商务旅行卡"})
    (warning,) = compose_input(copy2011).warnings
    assert warning.file == str(copy2011)
    assert warning.line == line_of(copy2011, "明年继续做好") == 72
    assert warning.message == "工作打算中出现“明年”，指代不明确"
    assert warning.hint == "请写明年份，如“2012年”。"


def test_qunian_in_the_summary_warns(copy2011):
    revise(copy2011, replace={"此外，我办还积极围绕": "此外，我办去年还积极围绕"})
    (warning,) = compose_input(copy2011).warnings
    assert warning.line == 24
    assert warning.message == "工作总结中出现“去年”，指代不明确"
    assert warning.hint == "请写明年份，如“2010年”。"


def test_stale_text_makes_strict_fail(copy2011):
    revise(copy2011, replace={"此外，我办还积极围绕": "2010年，我办还积极围绕"})
    with pytest.raises(ReportError) as err:
        check(copy2011, strict=True)
    assert [p.line for p in err.value.problems] == [24]
