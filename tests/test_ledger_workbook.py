"""Excel ledgers: .xlsx and .xls (and WPS's .et holding either) give the same figures as
the CSV they were made from; a bad cell names its sheet, row and column; the
template's drop-downs, comments and date cells read back as written."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from reportgen import limits
from reportgen.build import compose_input
from reportgen.catalogue import Catalogue, load_catalogue
from reportgen.errors import ReportError
from reportgen.ledger import read_ledger
from reportgen.ledger.template import LIST_SHEET, write_template
from reportgen.ledger.workbook import OLE_MAGIC, column_letter
from reportgen.load import load_input
from reportgen.validate import validate
from tests.conftest import ROOT

EXAMPLE_DIR = ROOT / "inputs" / "nanchang-waiqiao"
NUMBERS = {"批次", "人数"}


def _csv_rows() -> tuple[list[str], list[list[str]]]:
    with (EXAMPLE_DIR / "2011-ledger.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def _typed(header: str, text: str):
    """A cell as a clerk's spreadsheet holds it: real dates and numbers, not text."""
    if not text:
        return None
    if header == "日期":
        return dt.date.fromisoformat(text)
    if header in NUMBERS:
        return int(text)
    if header == "金额（万元）":
        return float(text)
    return text


def make_xlsx(path: Path, bad: tuple[str, int, str, object] | None = None) -> Path:
    """The example's CSV as a workbook of two sub-units' sheets (one with a title row
    above its header), and an instructions sheet without a ledger."""
    header, rows = _csv_rows()
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "说明"
    notes["A1"] = "本台账分科室填写，每个科室一个工作表。"
    for name, part, title in (("外事科", rows[0::2], True), ("侨务科", rows[1::2], False)):
        sheet = book.create_sheet(name)
        if title:
            sheet.append([f"2011年{name}台账"])
        sheet.append(header)
        for row in part:
            sheet.append([_typed(h, c) for h, c in zip(header, row, strict=True)])
        if bad and bad[0] == name:
            sheet.cell(row=bad[1], column=header.index(bad[2]) + 1, value=bad[3])
    book.save(path)
    return path


def _input_with(tmp_path: Path, ledger: str) -> Path:
    text = (EXAMPLE_DIR / "2011.yaml").read_text(encoding="utf-8")
    assert "ledger_files: [2011-ledger.csv]" in text
    path = tmp_path / "2011.yaml"
    path.write_text(text.replace("ledger_files: [2011-ledger.csv]", f"ledger_files: [{ledger}]"), encoding="utf-8")
    return path


def _totals(input_path: Path) -> Counter:
    loaded = load_input(input_path)
    report = validate(loaded)
    catalogue = load_catalogue(report.catalogue, input_path.parent)
    ledger = read_ledger(report, loaded.source, catalogue, input_path.parent)
    totals: Counter = Counter()
    for record in ledger.records:
        key = (record.type, record.dims)
        totals[(*key, "batches")] += record.batches
        # An empty cell is None (not known), in either file alike.
        totals[(*key, "persons")] += record.persons if record.persons is not None else 0
        totals[(*key, "amount")] += record.amount if record.amount is not None else 0
        totals[(*key, "records")] += 1
    return totals


@pytest.fixture(scope="module")
def csv_result():
    path = EXAMPLE_DIR / "2011.yaml"
    return _totals(path), compose_input(path).document.text


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("workbooks")
    xlsx = make_xlsx(folder / "2011-ledger.xlsx")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: `make test` installs it (scripts/install-system-deps.sh)"
    subprocess.run(
        [soffice, f"-env:UserInstallation={(folder / 'lo').as_uri()}", "--headless",
         "--convert-to", "xls:MS Excel 97", "--outdir", str(folder / "xls"), str(xlsx)],
        check=True, capture_output=True, timeout=180, env={"HOME": str(folder), "PATH": "/usr/bin:/bin"},
    )
    xls = folder / "xls" / "2011-ledger.xls"
    return {"xlsx": xlsx, "xls": xls}


@pytest.mark.parametrize(("kind", "name"), [
    ("xlsx", "2011-ledger.xlsx"), ("xls", "2011-ledger.xls"),
    # WPS's own extension, and a workbook under a wrong name: the content decides.
    ("xlsx", "2011-ledger.et"), ("xls", "2011台账.et"), ("xls", "2011-ledger.xlsx"),
])
def test_workbook_gives_the_csv_figures(workbooks, csv_result, tmp_path, kind, name):
    shutil.copy(workbooks[kind], tmp_path / name)
    path = _input_with(tmp_path, name)
    totals, text = csv_result
    assert _totals(path) == totals
    assert compose_input(path).document.text == text


def test_xls_is_a_real_biff8_file(workbooks):
    assert workbooks["xls"].read_bytes().startswith(OLE_MAGIC)


def test_records_keep_their_sheet_and_row(tmp_path):
    make_xlsx(tmp_path / "2011-ledger.xlsx")
    path = _input_with(tmp_path, "2011-ledger.xlsx")
    loaded = load_input(path)
    report = validate(loaded)
    ledger = read_ledger(report, loaded.source, load_catalogue(report.catalogue, tmp_path), tmp_path)
    wheres = [r.where for r in ledger.records]
    assert wheres[0] == f"{tmp_path / '2011-ledger.xlsx'}，工作表“外事科”，第 3 行"  # the title row above the header
    assert f"{tmp_path / '2011-ledger.xlsx'}，工作表“侨务科”，第 2 行" in wheres
    assert len(ledger.records) == len(_csv_rows()[1])


def test_bad_cell_names_sheet_row_and_column(tmp_path):
    make_xlsx(tmp_path / "2011-ledger.xlsx", bad=("侨务科", 4, "人数", "十二"))
    with pytest.raises(ReportError) as err:
        compose_input(_input_with(tmp_path, "2011-ledger.xlsx"))
    (problem,) = err.value.problems
    column = _csv_rows()[0].index("人数")
    assert problem.file == f"{tmp_path / '2011-ledger.xlsx'}，工作表“侨务科”"
    assert (problem.line, problem.column) == (4, column + 1)
    assert problem.message == (f"台账记录有误：{column_letter(column)} 列“人数”："
                               "“十二”请用阿拉伯数字书写（如 40多、1.6万）")
    assert "工作表“侨务科”，第 4 行第 6 列" in str(problem)


def test_bad_cell_gets_the_hint_a_csv_row_gets(tmp_path):
    # The CSV reader's hint (how to write a date) was dropped for a workbook's cell.
    make_xlsx(tmp_path / "2011-ledger.xlsx", bad=("侨务科", 4, "日期", "2011-02-30"))
    with pytest.raises(ReportError) as err:
        compose_input(_input_with(tmp_path, "2011-ledger.xlsx"))
    (problem,) = err.value.problems
    assert problem.message.endswith("“2011-02-30”不是有效的日期")
    assert problem.hint is not None and "2012-02-27" in problem.hint


def test_a_workbook_of_too_many_entries_is_refused_before_its_directory_is_read(tmp_path, monkeypatch):
    # zipfile reads a ZIP's whole directory into objects: 200,000 empty entries took 3 s
    # and 112 MB before this (a 200 MB ledger, over a gigabyte).
    monkeypatch.setattr(limits, "WORKBOOK_ENTRIES", dataclasses.replace(limits.WORKBOOK_ENTRIES, value=10))
    read = []
    monkeypatch.setattr(zipfile.ZipFile, "namelist", lambda self: read.append(self) or [])
    ledger = tmp_path / "2011-ledger.xlsx"
    with zipfile.ZipFile(ledger, "w") as package:
        for i in range(53):
            package.writestr(f"xl/{i}.xml", "")
    with pytest.raises(ReportError) as err:
        compose_input(_input_with(tmp_path, "2011-ledger.xlsx"))
    (problem,) = err.value.problems
    assert problem.message == "Excel 台账压缩包中的文件数超过上限（53 个）：上限为 10 个"
    assert problem.file == str(ledger) and read == []


def test_unknown_type_names_sheet_and_row(tmp_path):
    make_xlsx(tmp_path / "2011-ledger.xlsx", bad=("外事科", 5, "类型", "接待外宾"))
    with pytest.raises(ReportError) as err:
        compose_input(_input_with(tmp_path, "2011-ledger.xlsx"))
    (problem,) = err.value.problems
    assert (problem.file.endswith("工作表“外事科”"), problem.line) == (True, 5)
    assert problem.message == "活动类型“接待外宾”不在目录中"


def test_a_duplicate_header_in_a_sheet_is_an_error_at_its_row(tmp_path):
    # The CSV reader's header checks (ledger/csv_file.header_fields) apply to every sheet.
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "外事科"
    sheet.append(["类型", "日期", "人数", "人次"])  # 人数 and 人次 both mean persons
    sheet.append(["接待来访", dt.date(2011, 3, 1), 5, 6])
    book.save(tmp_path / "2011-ledger.xlsx")
    with pytest.raises(ReportError) as err:
        compose_input(_input_with(tmp_path, "2011-ledger.xlsx"))
    (problem,) = err.value.problems
    assert problem.file.endswith("工作表“外事科”") and problem.line == 1
    assert "第 3 列和第 4 列" in problem.message


def test_a_workbook_without_a_ledger_is_refused(tmp_path):
    book = openpyxl.Workbook()
    book.active["A1"] = "空表"
    book.save(tmp_path / "2011-ledger.xlsx")
    with pytest.raises(ReportError) as err:
        compose_input(_input_with(tmp_path, "2011-ledger.xlsx"))
    assert "没有一个工作表有“类型”“日期”“人数”等表头" in str(err.value)


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 51, 701, 702)] == ["A", "Z", "AA", "AZ", "ZZ", "AAA"]


# --- the template --------------------------------------------------------------------------------------


def _validations(sheet) -> dict[str, str]:
    """Each drop-down's first cell range → its list formula."""
    return {str(dv.sqref).split(":")[0]: dv.formula1 for dv in sheet.data_validations.dataValidation
            if dv.type == "list"}


def test_template_single_sheet(tmp_path):
    catalogue = load_catalogue("foreign-affairs", tmp_path)
    path = write_template(catalogue, tmp_path / "台账.xlsx", year=2012)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["台账"]
    sheet = book["台账"]
    header = [c.value for c in sheet[1]]
    assert header[:8] == ["类型", "日期", "对方", "国家或地区", "批次", "人数", "金额（万元）", "标签"]
    assert header[8:] == ["渠道", "结果", "组团单位", "领域", "事项", "用途"]
    lists = _validations(sheet)
    assert lists["A2"] == '"' + ",".join(catalogue.types) + '"'
    assert lists["I2"] == '"党宾外宾,友城,侨胞港澳"'
    assert lists["J2"] == '"批准,把关"'
    assert "K2" not in lists  # 组团单位: any text
    assert sheet["B2"].number_format == "yyyy-mm-dd" and sheet["B500"].number_format == "yyyy-mm-dd"
    assert sheet["B2"].value == dt.datetime(2012, 4, 12)
    assert sheet["A1"].comment.text.startswith("活动类型：目录中的活动类型名称")
    assert "党宾外宾、友城、侨胞港澳" in sheet["I1"].comment.text
    example = [c.value for c in sheet[2]][:8]
    assert example == ["接待来访", dt.datetime(2012, 4, 12), "（示例）某国贸易投资代表团", "英国", 1, 12, None, "示例"]
    before = path.read_bytes()
    with pytest.raises(ReportError, match="已存在"):
        write_template(catalogue, path)  # never overwrites
    assert path.read_bytes() == before


def test_template_per_type_and_long_lists(tmp_path):
    values = [f"很长的分类值第{i}号项目名称" for i in range(30)]
    catalogue = Catalogue.model_validate({"name": "测试", "types": {
        "接待来访": {"label": "接待来访", "dimensions": {"渠道": {"values": values}}},
        "出访": {"label": "出访", "person_unit": "人"},
    }})
    path = write_template(catalogue, tmp_path / "台账.xlsx", layout="per-type", year=2012)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["接待来访", "出访", LIST_SHEET]
    assert book[LIST_SHEET].sheet_state == "hidden"
    assert [c.value for c in book[LIST_SHEET]["A"]] == values
    first = book["接待来访"]
    assert first["A1"].value == "日期"  # the sheet's name is the type
    assert _validations(first) == {"H2": f"'{LIST_SHEET}'!$A$1:$A${len(values)}"}
    assert len('"' + ",".join(values) + '"') > 255


def test_filled_template_reads_back(tmp_path):
    catalogue = load_catalogue("foreign-affairs", tmp_path)
    path = write_template(catalogue, tmp_path / "2011-ledger.xlsx", layout="per-type", year=2011)
    book = openpyxl.load_workbook(path)
    sheet = book["接待来访"]
    header = [c.value for c in sheet[1]]
    row = {"日期": dt.date(2011, 5, 1), "对方": "英国代表团", "批次": 2, "人数": 20, "渠道": "友城"}
    sheet.append([row.get(h) for h in header])
    book.save(path)
    loaded_path = _input_with(tmp_path, "2011-ledger.xlsx")
    loaded = load_input(loaded_path)
    report = validate(loaded)
    ledger = read_ledger(report, loaded.source, catalogue, tmp_path)
    (record,) = ledger.records  # the example row, tagged 示例, is not counted
    assert (record.type, record.date, record.batches, record.persons, record.dim("渠道")) == (
        "接待来访", dt.date(2011, 5, 1), 2, 20, "友城")


def test_ledger_template_command(tmp_path, capsys):
    from reportgen.cli import main

    path = tmp_path / "2012台账.xlsx"
    assert main(["ledger-template", str(path), "--per-type", "--year", "2012"]) == 0
    assert openpyxl.load_workbook(path).sheetnames[:2] == ["接待来访", "因公出国审批"]
    assert main(["ledger-template", str(path)]) == 2
    assert "文件已存在，未覆盖" in capsys.readouterr().err
