"""Batch builds: a folder with one broken input builds the rest, reports each in a
table and exits 1; folders are searched for report inputs only."""

from __future__ import annotations

import shutil

from reportgen.batch import BatchOptions, find_inputs, run_batch
from reportgen.cli import main
from tests.conftest import ROOT


def test_folder_with_a_broken_input(tmp_path, capsys):
    folder = tmp_path / "inputs"
    for office in ("kunming-waiban", "kunming-waiqiao"):
        shutil.copytree(ROOT / "inputs" / office, folder / office)
    (folder / "broken").mkdir()
    (folder / "broken" / "2012.yaml").write_text("office: 某市外事办\nyear: [2012\n", encoding="utf-8")
    out = tmp_path / "out"

    code = main(["build", str(folder), "-o", str(out), "-j", "2"])

    assert code == 1
    built = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.*"))
    assert built == [
        "昆明市人民政府外事办公室/2019/昆明市人民政府外事办公室关于国际友好城市工作情况的报告.docx",
        "昆明市人民政府外事办公室/2019/昆明市人民政府外事办公室关于国际友好城市工作情况的报告.pdf",
        "昆明市外事侨务办公室/2013/昆明市外事侨务办公室关于贯彻落实《关于外事侨务工作服务区域性国际城市建设的意见》情况的报告.docx",
        "昆明市外事侨务办公室/2013/昆明市外事侨务办公室关于贯彻落实《关于外事侨务工作服务区域性国际城市建设的意见》情况的报告.pdf",
    ]
    captured = capsys.readouterr()
    rows = [line for line in captured.out.splitlines() if "yaml" in line]
    assert len(rows) == 3
    assert "失败" in next(r for r in rows if "broken" in r)
    assert sum("成功" in r for r in rows) == 2
    assert "YAML 格式错误" in captured.err and "1 份失败，2 份成功。" in captured.err


def test_results_in_the_order_given_with_pages(tmp_path):
    inputs = [ROOT / "inputs" / "kunming-waiban" / "2019.yaml", tmp_path / "missing.yaml"]
    results = run_batch(inputs, BatchOptions(out_dir=tmp_path, formats=("pdf",)), jobs=1)
    assert [r.input for r in results] == inputs
    assert results[0].ok and results[0].pages == 4 and results[0].files[0].suffix == ".pdf"
    assert not results[1].ok and "找不到输入文件" in results[1].problems[0]


def test_folders_hold_reports_not_catalogues_or_ledgers():
    found = find_inputs([ROOT / "inputs", ROOT / "tests" / "fixtures" / "figures"])
    names = [p.relative_to(ROOT).as_posix() for p in found]
    assert "inputs/nanchang-waiqiao/2011.yaml" in names
    assert "tests/fixtures/figures/shangwu/2012.yaml" in names
    assert not any(n.endswith("catalogue.yaml") for n in names)
