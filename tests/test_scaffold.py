"""`reportgen new`: the 2011 example gives a 2012 skeleton that builds, with last
year's plan as the summary's headings, its text and targets as comments, an empty
ledger with the right headers; nothing existing is ever overwritten."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from ruamel.yaml import YAML

from reportgen.build import build
from reportgen.cli import main
from reportgen.errors import ReportError
from reportgen.json_schema import schema_text
from reportgen.layout import Style
from reportgen.load import load_input
from reportgen.scaffold import scaffold_next_year
from reportgen.validate import validate
from tests.conftest import ROOT

EXAMPLES = ROOT / "inputs" / "nanchang-waiqiao"


@pytest.fixture
def office(tmp_path):
    for name in ("2011.yaml", "2011-ledger.csv"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    return tmp_path


def test_2012_skeleton_from_2011_builds(office):
    path = scaffold_next_year(office / "2011.yaml")
    assert path == office / "2012.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=reportgen-input.schema.json\n")
    # The schema the modeline names, beside it: this reportgen's, so an editor checks against what builds.
    assert (office / "reportgen-input.schema.json").read_text(encoding="utf-8") == schema_text("input")

    last = validate(load_input(office / "2011.yaml"))
    report = validate(load_input(path))
    assert (report.office, report.year, report.date) == ("南昌市外事侨务办公室", 2012, dt.date(2013, 2, 27))
    assert [s.heading for s in report.summary.sections] == [s.heading for s in last.plan.sections]
    assert all(not s.paragraphs for s in report.summary.sections)
    assert report.ledger_files == ["2012-ledger.csv"]
    assert (office / "2012-ledger.csv").read_text(encoding="utf-8") == \
           "类型,日期,对方,国家或地区,批次,人数,金额（万元）,标签,渠道,结果,组团单位\n"
    # Last year's plan text and its targets, as comments above the heading they belong to.
    assert "# 上年打算：一是进一步加大友城工作力度" in text
    assert "# [ ] 目标：缔结友好城市1个（生成时自动核对）" in text
    assert "# [ ] 目标：拓展新友城发展对象3个（生成时自动核对）" in text
    assert "previous" not in YAML(typ="safe").load(text)  # 2011.yaml is beside it

    result = build(path, out_dir=office / "out", formats=("docx",))
    headings = [p.text for p in result.document.paragraphs if getattr(p, "style", None) is Style.HEADING2]
    assert headings[0] == "（一）继续做好对外交流工作，为营造我市“大开放”格局拓展交往渠道。"
    assert "（六）上年工作打算完成情况" in headings  # the targets are checked against the empty ledger
    assert any("未完成" in str(w) for w in result.warnings)


def test_formal_report_carries_header_and_end_notes(tmp_path):
    for name in ("2011.yaml", "2011-ledger.csv", "2012.yaml", "2012-ledger.csv"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    path = scaffold_next_year(tmp_path / "2012.yaml", tmp_path / "next" / "2013.yaml")
    report = validate(load_input(path))
    assert report.year == 2013
    assert (report.header.issuer, report.header.number, report.header.signer) == \
           ("南昌市外事侨务办公室文件", "洪外侨字〔2014〕3号", "张三")
    assert report.recipient == "南昌市人民政府："
    assert len(report.sister_cities) == 8
    assert [a.title for a in report.attachments] == ["{{ year }}年外事侨务工作统计表", "南昌市国际友好城市一览表"]
    assert report.end_notes.printed_on == dt.date(2014, 2, 20)
    assert report.previous == "../2012.yaml"  # written elsewhere: last year's input is named
    # Written beside the new input, empty with last year's header.
    assert (tmp_path / "next" / "2013-ledger.csv").read_text(encoding="utf-8") == \
           (EXAMPLES / "2012-ledger.csv").read_text(encoding="utf-8-sig").splitlines()[0] + "\n"
    build(path, out_dir=tmp_path / "out", formats=("docx",))


def test_never_overwrites(office, capsys):
    (office / "2012.yaml").write_text("# 已有的文件\n", encoding="utf-8")
    with pytest.raises(ReportError) as err:
        scaffold_next_year(office / "2011.yaml")
    assert "文件已存在，未覆盖" in str(err.value)
    assert (office / "2012.yaml").read_text(encoding="utf-8") == "# 已有的文件\n"
    assert not (office / "2012-ledger.csv").exists()
    assert main(["new", str(office / "2011.yaml")]) == 2


def test_existing_ledger_is_kept(office):
    (office / "2012-ledger.csv").write_text("类型,日期\n接待来访,2012-03-01\n", encoding="utf-8")
    scaffold_next_year(office / "2011.yaml")
    assert (office / "2012-ledger.csv").read_text(encoding="utf-8") == "类型,日期\n接待来访,2012-03-01\n"


def test_new_from_the_archive(office, tmp_path):
    from reportgen.archive import archive_build

    root = tmp_path / "archive"
    archive_build(office / "2011.yaml", root, out_dir=tmp_path / "out")
    target = tmp_path / "work" / "2012.yaml"
    code = main(["new", "--office", "南昌市外事侨务办公室", "--year", "2011", "-o", str(target),
                 "--archive-root", str(root)])
    assert code == 0
    assert validate(load_input(target)).year == 2012
    assert main(["new", "--office", "南昌市外事侨务办公室", "--year", "2009", "-o", str(tmp_path / "x.yaml"),
                 "--archive-root", str(root)]) == 2
