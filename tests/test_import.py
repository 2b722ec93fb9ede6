"""`reportgen import`: every example's own DOCX comes back as an input that builds
the same text with the same heading levels, and Word files made by hand the
ways offices make them are read field by field."""

from __future__ import annotations

import datetime as dt

import pytest
from ruamel.yaml import YAML

from reportgen.build import build, compose_input
from reportgen.cli import main
from reportgen.errors import ReportError
from reportgen.importer import import_report, write_import
from reportgen.importer.recognise import parse_date, parse_number
from reportgen.json_schema import schema_text
from reportgen.layout import STANDARD, FontRole, Style
from reportgen.schema import ReportInput, TableBlock
from reportgen.typography import EnumerationScheme, LabelScheme
from tests.conftest import ROOT
from tests.office_docx import CENTER, RIGHT, R, Report

INPUTS = sorted((ROOT / "inputs").rglob("*.yaml"))
HEADINGS = (Style.HEADING1, Style.HEADING2, Style.HEADING3, Style.HEADING4)


def _structure(document):
    """Each paragraph's style and text: the text and the heading levels at once."""
    return [(getattr(block, "style", None), block.text) for block in document.paragraphs]


def imported(path, tmp_path):
    """Import, write, and read back as the validated input (with the raw YAML)."""
    result = import_report(path)
    target = tmp_path / "imported.yaml"
    target.write_text(result.yaml, encoding="utf-8")
    return ReportInput.model_validate(YAML(typ="safe").load(result.yaml)), result, target


# --- the examples' own DOCX (and one PDF) ----------------------------------------------------------


def _runs(document):
    """Each paragraph's runs (text, face, weight), and each table's cells and numeric columns:
    the heading faces, run-in headings and list leads at once."""
    return [(getattr(block, "style", None),
             tuple((run.text, run.font, run.bold) for run in block.runs) if hasattr(block, "runs")
             else (block.header, block.rows, block.numeric))
            for block in document.paragraphs]


@pytest.fixture(scope="module", params=INPUTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def example(request, tmp_path_factory):
    """An example built once in both formats, for both round trips."""
    return request.param, build(request.param, out_dir=tmp_path_factory.mktemp("example"), formats=("docx", "pdf"))


def test_round_trip_of_example_docx(example, tmp_path):
    _, original = example
    _, result, target = imported(original.files["docx"], tmp_path)
    rebuilt = compose_input(target).document
    assert _structure(rebuilt) == _structure(original.document)
    assert rebuilt.text == original.document.text  # the 版记 too
    assert [b.style for b in rebuilt.paragraphs if getattr(b, "style", None) in HEADINGS] == \
           [b.style for b in original.document.paragraphs if getattr(b, "style", None) in HEADINGS]
    assert _runs(rebuilt) == _runs(original.document)  # heading faces, run-in heads, list leads
    assert result.yaml.startswith("# yaml-language-server: $schema=reportgen-input.schema.json\n")


def test_round_trip_of_example_pdf(example, tmp_path):
    """Best effort from a PDF's text layer: for reportgen's own PDFs it gives back everything."""
    source, original = example
    report, _, target = imported(original.files["pdf"], tmp_path)
    rebuilt = compose_input(target).document
    assert rebuilt.text == original.document.text
    assert _runs(rebuilt) == _runs(original.document)
    if source.name == "2012.yaml":
        assert report.header is not None and report.header.number == "洪外侨字〔2013〕3号"
        assert report.end_notes is not None and report.end_notes.printed_on == dt.date(2013, 2, 20)


def test_imported_2012_fields(tmp_path):
    original = build(ROOT / "inputs" / "nanchang-waiqiao" / "2012.yaml", out_dir=tmp_path, formats=("docx",))
    report, result, _ = imported(original.files["docx"], tmp_path)
    assert (report.office, report.year, report.date) == ("南昌市外事侨务办公室", 2012, dt.date(2013, 2, 20))
    assert report.title is None  # the default title: not written out
    assert report.recipient == "南昌市人民政府："
    assert (report.header.issuer, report.header.number, report.header.signer) == \
           ("南昌市外事侨务办公室文件", "洪外侨字〔2013〕3号", "张三")
    assert report.summary.heading is None and report.plan.heading is None
    assert [a.title for a in report.attachments] == ["2012年外事侨务工作统计表", "南昌市国际友好城市一览表"]
    assert report.attachments[0].table.columns == ["项目", "批次", "人数", "单位", "人数同比"]
    assert report.end_notes.copy_to == ["省外事侨务办公室", "市委办公厅", "市人大常委会办公厅", "市政协办公厅"]
    assert report.end_notes.printed_by == "南昌市外事侨务办公室"
    assert [str(w) for w in result.warnings] == [
        "第 12 段：“上年工作打算完成情况”是 reportgen 按上年计划自动生成的；"
        "上年的输入在旁边时生成会再加上一次，请删去这一节。"]


# --- hand-made Word files ----------------------------------------------------------------------------


def test_typed_numbers(tmp_path):
    doc = Report()
    doc.title("某市外事办公室2011年工作总结和2012年工作打算")
    doc.p(R("一、2011年工作总结", "黑体"))
    doc.p("今年以来，我办认真履行职责。")
    doc.p(R("（一）对外交流上新水平。", "楷体_GB2312"))
    doc.p("1、交流层面进一步拓宽。全年接待来访团组28批368人次。")
    doc.p("此外，做好重大活动的接待。")
    doc.p("2、出国审批严格把关。共批准出访团组156批。")
    doc.p("（1）严格审核。逐项审核出访任务。")
    doc.p("（2）加快办理。急事急办。")
    doc.p(R("（二）友城工作扎实推进。", "楷体_GB2312"))
    doc.p("与11个国家的12个城市缔结为友好城市。")
    doc.p(R("二、2012年工作打算", "黑体"))
    doc.p(R("（一）继续做好对外交流工作。", "楷体_GB2312"))
    doc.p("配合重点工作，做好外宾接待。")
    doc.signature("某市外事办公室", "2012年2月27日")
    report, result, target = imported(doc.save(tmp_path / "typed.docx"), tmp_path)

    assert (report.office, report.year, report.date) == ("某市外事办公室", 2011, dt.date(2012, 2, 27))
    assert report.title is None
    assert report.summary.heading is None and report.summary.paragraphs == ["今年以来，我办认真履行职责。"]
    first, second = report.summary.sections
    assert (first.heading, first.run_in, first.paragraphs) == ("对外交流上新水平。", False, [])
    one, two = first.sections
    assert (one.heading, one.run_in) == ("交流层面进一步拓宽。", True)
    assert one.paragraphs == ["全年接待来访团组28批368人次。", "此外，做好重大活动的接待。"]
    assert (two.heading, two.paragraphs) == ("出国审批严格把关。", ["共批准出访团组156批。"])
    assert [(s.heading, s.run_in, s.paragraphs) for s in two.sections] == [
        ("严格审核。", True, ["逐项审核出访任务。"]), ("加快办理。", True, ["急事急办。"])]
    assert (second.heading, second.paragraphs) == ("友城工作扎实推进。", ["与11个国家的12个城市缔结为友好城市。"])
    assert [s.heading for s in report.plan.sections] == ["继续做好对外交流工作。"]
    assert [str(w) for w in result.warnings] == [
        "原文三级标题用“1、”式序号（2 处），生成时按 GB/T 9704-2012 写作“1.”。"]
    # No typed number survives: the numbers come back from the nesting.
    text = compose_input(target).document.text
    assert "（一）对外交流上新水平。" in text and "1.交流层面进一步拓宽。全年接待" in text
    assert "（1）严格审核。逐项审核出访任务。" in text and "1、" not in text


def test_word_automatic_numbering(tmp_path):
    doc = Report()
    num = doc.numbering([("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")])
    doc.title("某市外事办公室2011年工作总结和2012年工作打算")
    doc.p(R("2011年工作总结", "黑体"), num=(num, 0))
    doc.p(R("对外交流上新水平。", "楷体_GB2312"), num=(num, 1))
    doc.p("交流层面进一步拓宽。全年接待来访团组28批。", num=(num, 2))
    doc.p("出国审批严格把关。共批准出访团组156批。", num=(num, 2))
    doc.p(R("友城工作扎实推进。", "楷体_GB2312"), num=(num, 1))
    doc.p("交流丰富多彩。与友城交流频繁。", num=(num, 2))  # restarts at 1 under （二）
    doc.p(R("2012年工作打算", "黑体"), num=(num, 0))
    doc.p("继续做好对外交流工作。")
    doc.signature("某市外事办公室", "2012年2月27日")
    path = doc.save(tmp_path / "auto.docx")
    report, result, target = imported(path, tmp_path)

    from reportgen.importer.docx_reader import read_docx

    labels = [b.label for b in read_docx(path).blocks if getattr(b, "label", None)]
    assert labels == ["一、", "（一）", "1.", "2.", "（二）", "1.", "二、"]
    assert report.summary.heading is None and report.plan.heading is None
    assert report.plan.paragraphs == ["继续做好对外交流工作。"]
    first, second = report.summary.sections
    assert first.heading == "对外交流上新水平。"
    assert [(s.heading, s.run_in, s.paragraphs) for s in first.sections] == [
        ("交流层面进一步拓宽。", True, ["全年接待来访团组28批。"]),
        ("出国审批严格把关。", True, ["共批准出访团组156批。"])]
    assert [(s.heading, s.paragraphs) for s in second.sections] == [("交流丰富多彩。", ["与友城交流频繁。"])]
    assert result.warnings == ()
    assert "（二）友城工作扎实推进。" in compose_input(target).document.text


def test_word_numbering_overrides_and_formats():
    from reportgen.importer.word_numbering import Numbering

    xml = """<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
      <w:abstractNum w:abstractNumId="1">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="(%1)"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%2"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="1"/>
        <w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="1"/>
        <w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
          <w:lvlText w:val="第%1部分"/></w:lvl></w:lvlOverride></w:num>
    </w:numbering>""".encode()
    numbering = Numbering(xml)
    assert [numbering.label("1", 0), numbering.label("1", 1), numbering.label("1", 1), numbering.label("1", 0)] == \
           ["(1)", "①", "②", "(2)"]
    assert numbering.label("2", 0) == "(5)"  # startOverride restarts the list
    assert numbering.label("3", 0) == "第一部分"
    assert numbering.label("0", 0) is None and numbering.label("9", 0) is None


@pytest.mark.parametrize(("fmt", "numbers", "shown"), [
    ("chineseCounting", (1, 10, 12, 20, 99, 105), ("一", "十", "十二", "二十", "九十九", "一○五")),
    ("chineseCountingThousand", (9, 11, 100, 105, 110, 1010, 2000), ("九", "十一", "一百", "一百〇五", "一百一十",
                                                                      "一千〇一十", "二千")),
    ("chineseLegalSimplified", (1, 10, 12, 20, 101), ("壹", "壹拾", "壹拾贰", "贰拾", "壹佰零壹")),
    ("ideographLegalTraditional", (2, 3, 36), ("貳", "參", "參拾陸")),
    ("ideographDigital", (2012, 10), ("二〇一二", "一〇")),
    ("ideographTraditional", (1, 10, 11), ("甲", "癸", "11")),
    ("ideographZodiac", (1, 12), ("子", "亥")),
    ("decimalEnclosedCircle", (1, 20, 21), ("①", "⑳", "21")),
    ("decimalFullWidth", (7, 12), ("７", "１２")),
    ("decimal", (3,), ("3",)),
])
def test_word_number_formats(fmt, numbers, shown):
    """Word's numbering formats as Word shows them, from typography's numerals."""
    from reportgen.importer.word_numbering import format_number

    assert tuple(format_number(n, fmt) for n in numbers) == shown


def test_numerals_read_back():
    from reportgen.typography import chinese_count, chinese_digits, read_chinese_digits

    assert all(read_chinese_digits(chinese_digits(n)) == n for n in (0, 7, 10, 1949, 2012, 2100))
    assert [read_chinese_digits(t) for t in ("二〇一二", "二○一二", "二零一二", "两千", "")] == \
           [2012, 2012, 2012, None, None]
    assert [chinese_count(n) for n in (1, 99, 100, 101, 1001, 9999)] == \
           ["一", "九十九", "一百", "一百零一", "一千零一", "九千九百九十九"]
    with pytest.raises(ValueError):
        chinese_count(10000)


def test_bold_run_in_headings(tmp_path):
    doc = Report()
    doc.title("某市外事办公室2011年工作总结和2012年工作打算")
    doc.p(R("一、2011年工作总结", "黑体"))
    doc.p(R("对外交流上新水平。", bold=True), "全年接待来访团组28批。")
    doc.p(R("友城工作扎实推进。", bold=True), "新缔结友好城市1对。")
    doc.p("全年各项工作取得新进展。")
    doc.p(R("二、2012年工作打算", "黑体"))
    doc.p("继续做好对外交流工作。")
    doc.signature("某市外事办公室", "2012年2月27日")
    report, result, target = imported(doc.save(tmp_path / "bold.docx"), tmp_path)

    raw = YAML(typ="safe").load(result.yaml)
    assert raw["summary"]["numbering"] == "无"
    assert report.summary.numbering.style is LabelScheme.NONE and report.numbering is None
    assert [(s.heading, s.run_in, s.paragraphs, s.numbering) for s in report.summary.sections] == [
        ("对外交流上新水平。", True, ["全年接待来访团组28批。"], None),
        ("友城工作扎实推进。", True, ["新缔结友好城市1对。", "全年各项工作取得新进展。"], None),
    ]
    assert result.warnings == ()
    # Built: no number added; the heading in the second level's face (楷体 [7.3.3]) up to its "。".
    headings = [b for b in compose_input(target).document.paragraphs if b.style is Style.HEADING2]
    assert [b.text for b in headings] == [
        "对外交流上新水平。全年接待来访团组28批。", "友城工作扎实推进。新缔结友好城市1对。"]
    assert STANDARD.element(Style.HEADING2).font is FontRole.KAITI
    assert [(b.runs[0].text, b.runs[0].font, b.runs[1].font) for b in headings] == [
        ("对外交流上新水平。", None, FontRole.FANGSONG), ("友城工作扎实推进。", None, FontRole.FANGSONG)]


def test_unnumbered_headings_in_heiti(tmp_path):
    doc = Report()
    doc.title("某市外事办公室工作总结")
    doc.p(R("2011年工作总结", "黑体"))
    doc.p("今年以来，我办认真履行职责。")
    doc.p(R("对外交流", "楷体_GB2312"))
    doc.p("全年接待来访团组28批。")
    doc.p(R("存在的问题", "黑体"))
    doc.p("对外宣传的渠道还不够丰富。")
    doc.p(R("2012年工作打算", "黑体"))
    doc.p("继续做好对外交流工作。")
    doc.signature("某市外事办公室", "2012年3月5日")
    report, result, target = imported(doc.save(tmp_path / "heiti.docx"), tmp_path)

    assert (report.year, report.date, report.title) == (2011, dt.date(2012, 3, 5), "某市外事办公室工作总结")
    assert report.numbering.style is LabelScheme.NONE and report.summary.numbering.style is LabelScheme.NONE
    assert report.summary.heading is None
    assert report.summary.paragraphs == ["今年以来，我办认真履行职责。"]
    assert [(s.heading, s.paragraphs) for s in report.summary.sections] == [("对外交流", ["全年接待来访团组28批。"])]
    assert [(p.heading, p.paragraphs) for p in report.parts] == [("存在的问题", ["对外宣传的渠道还不够丰富。"])]
    assert report.plan.heading is None and report.plan.paragraphs == ["继续做好对外交流工作。"]
    assert result.warnings == ()
    document = compose_input(target).document
    assert [(b.style, b.text) for b in document.paragraphs if b.style in HEADINGS] == [
        (Style.HEADING1, "2011年工作总结"), (Style.HEADING2, "对外交流"), (Style.HEADING1, "存在的问题"),
        (Style.HEADING1, "2012年工作打算")]


def test_tables_attachments_and_header(tmp_path):
    doc = Report()
    doc.p(R("某市外事办公室文件", "方正小标宋简体", size=36), align=CENTER)
    doc.p("某外字〔2012〕5号")
    doc.title("某市外事办公室2011年工作总结和2012年工作打算")
    doc.p("市人民政府：")
    doc.p(R("一、2011年工作总结", "黑体"))
    doc.p("全年接待情况见下表。")
    doc.table([["渠道", "批次"], ["友城", "21"]])
    doc.p(R("二、2012年工作打算", "黑体"))
    doc.p("继续做好对外交流工作。")
    doc.blank()
    doc.p("附件：1.2011年外事工作统计表")
    doc.p("2.友好城市一览表")
    doc.signature("某市外事办公室", "2012年2月27日")
    doc.p(R("附件1", "黑体"))
    doc.p(R("2011年外事工作统计表", "方正小标宋简体", size=22), align=CENTER)
    doc.table([["项目", "批次", "人次"], ["接待来访", "28", "368"], ["出国审批", "156", "465"]])
    doc.p(R("附件2", "黑体"))
    doc.p(R("友好城市一览表", "方正小标宋简体", size=22), align=CENTER)
    doc.p("截至2011年底共12个。")
    doc.table([["城市", "国家"], ["高松市", "日本"]])
    doc.p("抄送：省外事办，市委办公厅。")
    doc.p("某市外事办公室　　　　2012年2月27日印发")
    report, result, target = imported(doc.save(tmp_path / "tables.docx"), tmp_path)

    assert (report.header.issuer, report.header.number) == ("某市外事办公室文件", "某外字〔2012〕5号")
    assert report.recipient == "市人民政府："
    assert report.summary.paragraphs[0] == "全年接待情况见下表。"
    table = report.summary.paragraphs[1].table
    assert (table.caption, table.columns, table.rows) == (None, ["渠道", "批次"], [["友城", "21"]])
    first, second = report.attachments
    assert (first.title, first.table.columns, first.table.rows) == (
        "2011年外事工作统计表", ["项目", "批次", "人次"], [["接待来访", "28", "368"], ["出国审批", "156", "465"]])
    assert (second.title, second.paragraphs, second.table.columns) == ("友好城市一览表", ["截至2011年底共12个。"],
                                                                      ["城市", "国家"])
    assert (report.end_notes.copy_to, report.end_notes.printed_by, report.end_notes.printed_on) == (
        ["省外事办", "市委办公厅"], "某市外事办公室", dt.date(2012, 2, 27))
    assert result.warnings == ()
    text = compose_input(target).document.text
    assert "附件：1.2011年外事工作统计表" in text and "接待来访\t28\t368" in text
    assert "全年接待情况见下表。\n渠道\t批次\n友城\t21\n" in text


def test_signature_with_date_in_chinese_numerals(tmp_path):
    doc = Report()
    doc.title("某市侨务办公室关于2011年侨务工作情况的报告")
    doc.p("市人民政府：")
    doc.p(R("一、工作情况", "黑体"))
    doc.p("全年为侨服务成效明显。")
    doc.p(R("二、下一步工作打算", "黑体"))
    doc.p("继续做好为侨服务。")
    doc.blank()
    doc.signature("某市侨务办公室", "二〇一二年二月二十七日")
    report, _, target = imported(doc.save(tmp_path / "signature.docx"), tmp_path)

    assert (report.office, report.date) == ("某市侨务办公室", dt.date(2012, 2, 27))
    assert report.year == 2011  # from the title's 2011年 … 工作
    assert report.title == "某市侨务办公室关于2011年侨务工作情况的报告"
    assert [p.heading for p in report.parts] == ["工作情况"]
    assert report.plan.heading == "下一步工作打算"
    document = compose_input(target).document
    assert [p.text for p in document.paragraphs if p.style in (Style.SIGNATURE, Style.DATE)] == \
           ["某市侨务办公室", "2012年2月27日"]


def test_wps_like_settings(tmp_path):
    # WPS: runs split character by character, eastAsia hints, firstLineChars indents,
    # half-width brackets and full-width digits typed by hand, full-width spaces after numbers.
    doc = Report(wps=True)
    doc.title("某市外事办公室2011年工作总结和2012年工作打算")
    doc.p(R("一、　2011年工作总结", "黑体"), split_runs=True)
    doc.p(R("(一)对外交流上新水平。", "楷体_GB2312"), split_runs=True, first_line_chars=True)
    doc.p("１．交流层面进一步拓宽。全年接待来访团组28批。", split_runs=True, first_line_chars=True)
    doc.p("２．出国审批严格把关。共批准出访团组156批。", split_runs=True, first_line_chars=True)
    doc.p(R("二、　2012年工作打算", "黑体"), split_runs=True)
    doc.p("继续做好对外交流工作。", split_runs=True, first_line_chars=True)
    doc.p("某市外事办公室", align=RIGHT, split_runs=True)
    doc.p("2012年2月27日", align=RIGHT, split_runs=True)
    path = doc.save(tmp_path / "wps.docx", application="WPS Office_11.1.0.11664_F1E327BC-269C-435d-A152-05C5408002CA")
    report, result, _ = imported(path, tmp_path)

    from reportgen.importer.docx_reader import read_docx

    assert read_docx(path).application.startswith("WPS Office")
    assert (report.office, report.year, report.date) == ("某市外事办公室", 2011, dt.date(2012, 2, 27))
    assert report.summary.heading is None and report.plan.heading is None
    (section,) = report.summary.sections
    assert section.heading == "对外交流上新水平。"
    assert [(s.heading, s.run_in, s.paragraphs) for s in section.sections] == [
        ("交流层面进一步拓宽。", True, ["全年接待来访团组28批。"]),
        ("出国审批严格把关。", True, ["共批准出访团组156批。"])]
    assert report.plan.paragraphs == ["继续做好对外交流工作。"]
    assert result.warnings == ()


def test_what_the_input_cannot_say_stays_as_paragraphs(tmp_path):
    doc = Report()
    doc.title("某市外事办公室2011年工作总结和2012年工作打算")
    doc.p(R("一、对外交流", "黑体"))
    doc.p("（1）来访接待。接待28批。")  # 一、 then （1）: a level skipped, which the input says
    doc.p("①重要团组。接待了英国代表团。")  # under （1） no label is left
    doc.p(R("存在的问题", "黑体"))  # unnumbered beside 一、 headings
    doc.p("对外宣传的渠道还不够丰富。")
    doc.p(R("四、友城工作", "黑体"))  # 三、 is missing
    doc.p("一是推动合作。全年签约3项。二是深化交流。互访5批。")
    doc.p("三是加强宣传。")  # goes on from the list above, in a paragraph of its own
    doc.signature("某市外事办公室", "2012年2月27日")
    report, result, target = imported(doc.save(tmp_path / "cannot.docx"), tmp_path)

    assert [str(w) for w in result.warnings] == [
        "第 4 段：标题“①重要团组。”在“（1）”之下，已没有可用的序号（一、（一）1.（1）依次用完），"
        "按普通段落保留（保留原序号）。",
        "第 5 段：标题“存在的问题”原文没有序号，生成时按层次加上“二、”。",
        "第 7 段：原文序号“四、”与前面的标题不连续，生成时编为“三、”。",
        "第 9 段：以“三是”开头的段落接续前面的列举，但与前面的段落不能合成一个列举"
        "（输入的列举或连成一段，或每项一段），按普通段落保留。",
    ]
    first, problems, friends = report.parts
    assert (first.heading, first.numbering.style) == ("对外交流", LabelScheme.LEVEL4)
    (visits,) = first.sections
    assert (visits.heading, visits.run_in, visits.paragraphs) == (
        "来访接待。", True, ["接待28批。", "①重要团组。接待了英国代表团。"])
    assert (problems.heading, problems.numbering) == ("存在的问题", None)
    assert friends.paragraphs[0].enumeration.items == ["推动合作。全年签约3项。", "深化交流。互访5批。"]
    assert friends.paragraphs[1] == "三是加强宣传。"
    assert _body(compose_input(target).document) == [
        (Style.HEADING1, "一、对外交流"),
        (Style.HEADING2, "（1）来访接待。接待28批。"),
        (Style.BODY, "①重要团组。接待了英国代表团。"),
        (Style.HEADING1, "二、存在的问题"),
        (Style.BODY, "对外宣传的渠道还不够丰富。"),
        (Style.HEADING1, "三、友城工作"),
        (Style.BODY, "一是推动合作。全年签约3项。二是深化交流。互访5批。"),
        (Style.BODY, "三是加强宣传。"),
    ]


# --- issue 10's structures, written by hand in Word -------------------------------------------------


def _body(document):
    """(style, text) of the body: between the title block and the signature."""
    return [(getattr(b, "style", None), b.text) for b in document.paragraphs if getattr(b, "style", None)
            not in (Style.TITLE, Style.RECIPIENT, Style.SIGNATURE, Style.DATE, Style.BLANK)]


@pytest.mark.parametrize(("separator", "written"), [
    ("：", "第一部分"), ("　", {"style": "第一部分", "separator": "　"})])
def test_part_labels(tmp_path, separator, written):
    doc = Report()
    doc.title("某市外事办公室2020年工作总结和2021年外事工作要点")
    doc.p(R(f"第一部分{separator}2020年工作总结", "黑体"))
    doc.p("2020年，我办统筹推进涉外疫情防控和对外交流合作。")
    doc.p(R("一、坚持党对外事工作的集中统一领导", "黑体"))
    doc.p("全年召开外事工作委员会会议2次。")
    doc.p(R("二、统筹做好涉外疫情防控", "黑体"))
    doc.p(R("（一）严把入境关口。", "楷体_GB2312"), "建立入境人员闭环管理机制。")
    doc.p(R(f"第二部分{separator}2021年外事工作要点", "黑体"))
    doc.p(R("一、加强党对外事工作的集中统一领导", "黑体"))
    doc.p("完善外事工作委员会工作规则。")
    doc.p(R("二、推进对外交流合作", "黑体"))
    doc.signature("某市外事办公室", "2021年1月20日")
    report, result, target = imported(doc.save(tmp_path / "parts.docx"), tmp_path)

    assert YAML(typ="safe").load(result.yaml)["numbering"] == written
    assert (report.numbering.style, report.numbering.separator, report.numbering.start) == \
           (LabelScheme.PART, separator, 1)
    assert report.summary.heading is None  # 2020年工作总结, the default
    assert report.summary.paragraphs == ["2020年，我办统筹推进涉外疫情防控和对外交流合作。"]
    assert [(s.heading, s.paragraphs, s.numbering) for s in report.summary.sections] == [
        ("坚持党对外事工作的集中统一领导", ["全年召开外事工作委员会会议2次。"], None),
        ("统筹做好涉外疫情防控", [], None)]
    (entry,) = report.summary.sections[1].sections
    assert (entry.heading, entry.run_in, entry.paragraphs) == ("严把入境关口。", True, ["建立入境人员闭环管理机制。"])
    assert report.plan.heading == "2021年外事工作要点" and report.parts == []
    assert [s.heading for s in report.plan.sections] == ["加强党对外事工作的集中统一领导", "推进对外交流合作"]
    assert result.warnings == ()
    assert _body(compose_input(target).document) == [
        (Style.PART_HEADING, f"第一部分{separator}2020年工作总结"),
        (Style.BODY, "2020年，我办统筹推进涉外疫情防控和对外交流合作。"),
        (Style.HEADING1, "一、坚持党对外事工作的集中统一领导"),
        (Style.BODY, "全年召开外事工作委员会会议2次。"),
        (Style.HEADING1, "二、统筹做好涉外疫情防控"),
        (Style.HEADING2, "（一）严把入境关口。建立入境人员闭环管理机制。"),
        (Style.PART_HEADING, f"第二部分{separator}2021年外事工作要点"),
        (Style.HEADING1, "一、加强党对外事工作的集中统一领导"),
        (Style.BODY, "完善外事工作委员会工作规则。"),
        (Style.HEADING1, "二、推进对外交流合作"),
    ]


@pytest.mark.parametrize("align", [None, CENTER], ids=["黑体", "居中"])
def test_unnumbered_part_headings(tmp_path, align):
    """"2020年工作总结" without a number over 一、 headings that start again in each part."""
    doc = Report()
    doc.title("某市外事办公室2020年工作总结和2021年工作打算")
    doc.p(R("2020年工作总结", "黑体"), align=align)
    doc.p("2020年，我办统筹推进涉外疫情防控和对外交流合作。")
    doc.p(R("一、坚持党对外事工作的集中统一领导", "黑体"))
    doc.p("全年召开市委外事工作委员会全体会议2次、专题会议5次，研究部署重大涉外事项。")
    doc.p(R("二、统筹做好涉外疫情防控", "黑体"))
    doc.p(R("（一）严把入境关口。", "楷体_GB2312"), "会同卫健、公安、海关等部门建立入境人员闭环管理机制。")
    doc.p(R("2021年工作打算", "黑体"), align=align)
    doc.p(R("一、推进对外交流合作", "黑体"))
    doc.p("稳妥有序恢复因公出访，深化与友城在经贸、教育、文化等领域的务实合作。")
    doc.signature("某市外事办公室", "2021年1月20日")
    report, result, target = imported(doc.save(tmp_path / "unnumbered-parts.docx"), tmp_path)

    raw = YAML(typ="safe").load(result.yaml)
    assert (raw["numbering"], raw["summary"]["numbering"], raw["plan"]["numbering"]) == ("无", "一、", "一、")
    assert report.title is None  # the part heading is no second line of the title
    assert report.summary.heading is None and report.plan.heading is None  # the default headings
    assert report.summary.paragraphs == ["2020年，我办统筹推进涉外疫情防控和对外交流合作。"]
    assert [s.heading for s in report.summary.sections] == ["坚持党对外事工作的集中统一领导", "统筹做好涉外疫情防控"]
    assert [s.heading for s in report.plan.sections] == ["推进对外交流合作"]
    assert result.warnings == ()
    assert _body(compose_input(target).document) == [
        (Style.PART_HEADING, "2020年工作总结"),  # level 0 (typography.is_unnumbered_part): 黑体
        (Style.BODY, "2020年，我办统筹推进涉外疫情防控和对外交流合作。"),
        (Style.HEADING1, "一、坚持党对外事工作的集中统一领导"),
        (Style.BODY, "全年召开市委外事工作委员会全体会议2次、专题会议5次，研究部署重大涉外事项。"),
        (Style.HEADING1, "二、统筹做好涉外疫情防控"),
        (Style.HEADING2, "（一）严把入境关口。会同卫健、公安、海关等部门建立入境人员闭环管理机制。"),
        (Style.PART_HEADING, "2021年工作打算"),
        (Style.HEADING1, "一、推进对外交流合作"),
        (Style.BODY, "稳妥有序恢复因公出访，深化与友城在经贸、教育、文化等领域的务实合作。"),
    ]


@pytest.mark.parametrize(("typed", "written"), [
    ("洪外侨字[2013]第03号", "洪外侨字〔2013〕3号"), ("洪外侨字（13）5号", "洪外侨字〔2013〕5号"),
    ("洪外侨字【2013】12号", "洪外侨字〔2013〕12号"), ("洪外侨字〔2013〕3号", "洪外侨字〔2013〕3号")])
def test_doc_number_typed_loosely_is_written_as_the_standard_says(tmp_path, typed, written):
    doc = Report()
    doc.p(R("南昌市外事侨务办公室文件", "方正小标宋简体", size=26), align=CENTER)
    doc.p(f"{typed}　　签发人：张三")
    doc.title("南昌市外事侨务办公室2012年工作总结和2013年工作打算")
    doc.p(R("一、2012年工作总结", "黑体"))
    doc.p("全年接待来访团组28批。")
    doc.signature("南昌市外事侨务办公室", "2013年2月20日")
    report, result, _ = imported(doc.save(tmp_path / "number.docx"), tmp_path)

    assert (report.header.issuer, report.header.number, report.header.signer) == (
        "南昌市外事侨务办公室文件", written, "张三")
    rewritten = [str(w) for w in result.warnings if "发文字号" in str(w)]
    assert rewritten == ([] if typed == written else [f"发文字号“{typed}”按 GB/T 9704-2012 7.2.4 改写为“{written}”。"])


@pytest.mark.parametrize("word", ["打算", "计划", "安排", "思路", "设想", "要点"])
def test_year_from_the_plan_heading(tmp_path, word):
    """No year in the title or a summary heading: the plan part's heading, whichever word it
    uses for 打算, gives it (the year before the plan's), not the date's guess."""
    doc = Report()
    doc.title("某市外事办公室工作报告")
    doc.p(R("一、主要工作", "黑体"))
    doc.p("全年接待来访团组28批。")
    doc.p(R(f"二、2012年工作{word}", "黑体"))
    doc.p("做好外宾接待。")
    doc.signature("某市外事办公室", "2012年7月10日")
    report, result, _ = imported(doc.save(tmp_path / "plan.docx"), tmp_path)

    assert report.year == 2011
    default = word == "打算"  # 2012年工作打算 is the default heading: not written out
    assert report.plan.heading == (None if default else f"2012年工作{word}")
    assert [p.heading for p in report.parts] == ["主要工作"]
    assert not any("推定" in str(w) for w in result.warnings), result.warnings


def test_skipped_level(tmp_path):
    doc = Report()
    doc.title("某市外事办公室2019年工作总结和2020年工作打算")
    doc.p(R("一、2019年工作总结", "黑体"))
    doc.p(R("1.友城建设有新发展", "楷体_GB2312"))
    doc.p("全年新缔结友好城市1对。")
    doc.p("（1）来访接待。接待28批。")
    doc.p("（2）出访审批。审批16批。")
    doc.p(R("2.对外交流有新进步", "楷体_GB2312"))
    doc.p("全年出访7批17人次。")
    doc.p(R("二、2020年工作打算", "黑体"))
    doc.p("1.推进友城工作提质增效")  # typed in the body face: the level decides the face
    doc.signature("某市外事办公室", "2020年1月10日")
    report, result, target = imported(doc.save(tmp_path / "skipped.docx"), tmp_path)

    raw = YAML(typ="safe").load(result.yaml)
    assert raw["summary"]["numbering"] == "1." and raw["plan"]["numbering"] == "1."
    assert "numbering: \"1.\"  # 原文这一层直接用“1.”，跳过“（一）”" in result.yaml
    assert report.summary.numbering.style is LabelScheme.LEVEL3
    first, second = report.summary.sections
    assert (first.heading, first.paragraphs, first.numbering) == ("友城建设有新发展", ["全年新缔结友好城市1对。"], None)
    assert [(s.heading, s.run_in, s.paragraphs) for s in first.sections] == [
        ("来访接待。", True, ["接待28批。"]), ("出访审批。", True, ["审批16批。"])]
    assert (second.heading, second.paragraphs) == ("对外交流有新进步", ["全年出访7批17人次。"])
    assert [s.heading for s in report.plan.sections] == ["推进友城工作提质增效"]
    assert result.warnings == ()
    document = compose_input(target).document
    assert _body(document) == [
        (Style.HEADING1, "一、2019年工作总结"),
        (Style.HEADING2, "1.友城建设有新发展"),  # the second level: 楷体 [7.3.3]
        (Style.BODY, "全年新缔结友好城市1对。"),
        (Style.HEADING3, "（1）来访接待。接待28批。"),
        (Style.HEADING3, "（2）出访审批。审批16批。"),
        (Style.HEADING2, "2.对外交流有新进步"),
        (Style.BODY, "全年出访7批17人次。"),
        (Style.HEADING1, "二、2020年工作打算"),
        (Style.HEADING2, "1.推进友城工作提质增效"),
    ]


def test_start_and_continued_numbers(tmp_path):
    doc = Report()
    doc.title("某市外事办公室关于国际友城工作情况的报告")
    doc.p(R("三、存在的问题", "黑体"))
    doc.p("对外宣传的渠道还不够丰富。")
    doc.p(R("四、下一步工作打算", "黑体"))
    doc.p(R("（一）拓展国际友城网络", "楷体_GB2312"))
    doc.p("1.推动新缔结友好城市1至2对。")
    doc.p("2.举办国际友城合作论坛。")
    doc.p(R("（二）深化经贸人文交流", "楷体_GB2312"))
    doc.p("3.服务重点企业“走出去”。")
    doc.p("4.办好国际青少年交流周。")
    doc.signature("某市外事办公室", "2020年5月20日")
    report, result, target = imported(doc.save(tmp_path / "numbers.docx"), tmp_path)

    raw = YAML(typ="safe").load(result.yaml)
    assert raw["numbering"] == {"start": 3}
    assert raw["plan"]["sections"][1]["numbering"] == {"continue": True}
    assert (report.numbering.style, report.numbering.start) == (None, 3)
    assert [p.heading for p in report.parts] == ["存在的问题"] and report.plan.heading == "下一步工作打算"
    network, exchange = report.plan.sections
    assert network.numbering is None and [s.heading for s in network.sections] == [
        "推动新缔结友好城市1至2对。", "举办国际友城合作论坛。"]
    assert (exchange.numbering.continued, exchange.numbering.start) == (True, 1)
    assert [s.heading for s in exchange.sections] == ["服务重点企业“走出去”。", "办好国际青少年交流周。"]
    assert [str(w) for w in result.warnings] == ["第 12 段：报告年度按成文日期推定为 2019 年，请核对 year。"]
    assert [text for style, text in _body(compose_input(target).document) if style in HEADINGS] == [
        "三、存在的问题", "四、下一步工作打算", "（一）拓展国际友城网络", "1.推动新缔结友好城市1至2对。",
        "2.举办国际友城合作论坛。", "（二）深化经贸人文交流", "3.服务重点企业“走出去”。", "4.办好国际青少年交流周。"]


def test_lists(tmp_path):
    doc = Report()
    doc.title("某市外事办公室2011年工作总结和2012年工作打算")
    doc.p(R("一、2011年工作总结", "黑体"))
    doc.p("我办主要做了三方面工作。一是扩大交流。全年接待28批。二是加强管理。制度更加完善。三是优化服务。")
    doc.p(R("一是利用接待展现形象。", "楷体_GB2312"), "全年接待党宾国宾20批。",
          R("二是打造交流品牌。", "楷体_GB2312"), "国际摄影节已成为名片。")
    doc.p("主要做法：一是扩大交流，二是加强管理。")  # items ending in "，": the input's items end their sentences
    doc.p(R("二、2012年工作打算", "黑体"))
    doc.p("第一，完善外事工作委员会工作规则。")
    doc.p("第二，加强外事干部队伍建设。")
    doc.p("一是推动与友城落实合作意向；")
    doc.p("二是推动缔结友好城市关系。")
    doc.signature("某市外事办公室", "2012年2月27日")
    report, result, target = imported(doc.save(tmp_path / "lists.docx"), tmp_path)

    raw = YAML(typ="safe").load(result.yaml)
    assert raw["summary"]["paragraphs"][0] == {"list": {
        "intro": "我办主要做了三方面工作。",
        "items": ["扩大交流。全年接待28批。", "加强管理。制度更加完善。", "优化服务。"]}}
    assert raw["summary"]["paragraphs"][1]["list"]["lead"] == "楷体"
    assert raw["plan"]["paragraphs"][0] == {"list": {
        "items": ["完善外事工作委员会工作规则。", "加强外事干部队伍建设。"], "marker": "第一", "each": True}}
    intro, lead, plain = report.summary.paragraphs
    listed = intro.enumeration
    assert (listed.intro, listed.marker, listed.each, listed.lead.value) == \
           ("我办主要做了三方面工作。", EnumerationScheme.YISHI, False, "无")
    listed = lead.enumeration
    assert (listed.intro, listed.items, listed.each, listed.lead.value) == (
        None, ["利用接待展现形象。全年接待党宾国宾20批。", "打造交流品牌。国际摄影节已成为名片。"], False, "楷体")
    assert plain == "主要做法：一是扩大交流，二是加强管理。"
    first, second = (block.enumeration for block in report.plan.paragraphs)
    assert (first.marker, first.each, first.items) == (
        EnumerationScheme.DIYI, True, ["完善外事工作委员会工作规则。", "加强外事干部队伍建设。"])
    assert (second.marker, second.each, second.items) == (
        EnumerationScheme.YISHI, True, ["推动与友城落实合作意向；", "推动缔结友好城市关系。"])
    assert result.warnings == ()
    document = compose_input(target).document
    assert [text for style, text in _body(document) if style is Style.BODY] == [
        "我办主要做了三方面工作。一是扩大交流。全年接待28批。二是加强管理。制度更加完善。三是优化服务。",
        "一是利用接待展现形象。全年接待党宾国宾20批。二是打造交流品牌。国际摄影节已成为名片。",
        "主要做法：一是扩大交流，二是加强管理。",
        "第一，完善外事工作委员会工作规则。", "第二，加强外事干部队伍建设。",
        "一是推动与友城落实合作意向；", "二是推动缔结友好城市关系。",
    ]
    leads = next(b for b in document.paragraphs if b.text.startswith("一是利用"))
    assert [(run.text, run.font) for run in leads.runs] == [
        ("一是利用接待展现形象。", FontRole.KAITI), ("全年接待党宾国宾20批。", None),
        ("二是打造交流品牌。", FontRole.KAITI), ("国际摄影节已成为名片。", None)]


def test_table_in_the_body_with_its_caption(tmp_path):
    doc = Report()
    doc.title("某市外事办公室2019年工作总结和2020年工作打算")
    doc.p(R("一、2019年工作总结", "黑体"))
    doc.p("全年出访7批，主要出访活动见下表。")
    doc.p(R("2019年主要出访活动", "黑体"), align=CENTER)
    doc.table([["时间", "出访国家", "人数", "主要内容"], ["3月18日", "法国", "3", "文化交流"],
               ["5月20日", "俄罗斯", "12", "推进缔结友好城市"]])
    doc.p("出访成果丰硕。")
    doc.p(R("二、2020年工作打算", "黑体"))
    doc.p("继续做好出访管理。")
    doc.signature("某市外事办公室", "2020年1月10日")
    report, result, target = imported(doc.save(tmp_path / "table.docx"), tmp_path)

    raw = YAML(typ="safe").load(result.yaml)
    assert raw["summary"]["paragraphs"][1] == {"table": {
        "caption": "2019年主要出访活动", "columns": ["时间", "出访国家", "人数", "主要内容"],
        "rows": [["3月18日", "法国", "3", "文化交流"], ["5月20日", "俄罗斯", "12", "推进缔结友好城市"]]}}
    before, block, after = report.summary.paragraphs
    assert (before, after) == ("全年出访7批，主要出访活动见下表。", "出访成果丰硕。")
    assert isinstance(block, TableBlock)
    assert (block.table.caption, block.table.columns, block.table.rows) == (
        "2019年主要出访活动", ["时间", "出访国家", "人数", "主要内容"],
        [["3月18日", "法国", "3", "文化交流"], ["5月20日", "俄罗斯", "12", "推进缔结友好城市"]])
    assert result.warnings == ()
    document = compose_input(target).document
    assert _body(document)[1:5] == [
        (Style.BODY, "全年出访7批，主要出访活动见下表。"),
        (Style.TABLE_CAPTION, "2019年主要出访活动"),
        (Style.TABLE_TEXT, "时间\t出访国家\t人数\t主要内容\n3月18日\t法国\t3\t文化交流\n"
                           "5月20日\t俄罗斯\t12\t推进缔结友好城市"),
        (Style.BODY, "出访成果丰硕。"),
    ]
    table = document.paragraphs[[b.text for b in document.paragraphs].index("2019年主要出访活动") + 1]
    assert table.numeric == (False, False, True, False)  # the 人数 column aligned right


# --- pieces -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "scheme", "value", "rest"), [
    ("一、总结", "一、", 1, "总结"), ("（十二）标题", "（一）", 12, "标题"), ("(三)标题", "（一）", 3, "标题"),
    ("1.标题", "1.", 1, "标题"), ("１．标题", "1.", 1, "标题"), ("2、标题", "1、", 2, "标题"),
    ("（3）标题", "（1）", 3, "标题"), ("④标题", "①", 4, "标题"), ("第二部分　计划", "第一部分", 2, "计划"),
])
def test_numbers_of_every_scheme(text, scheme, value, rest):
    number = parse_number(text)
    assert (number.scheme.value, number.value, number.rest) == (scheme, value, rest)


@pytest.mark.parametrize("text", ["2011年，全年接待", "1.5亿元的项目", "一是扩大交流", "12.5%的增长"])
def test_not_numbers(text):
    assert parse_number(text) is None


def test_dates():
    assert parse_date("2012年2月27日") == dt.date(2012, 2, 27)
    assert parse_date("二〇一二年十二月三十一日") == dt.date(2012, 12, 31)
    assert parse_date("（2012年2月27日）") == dt.date(2012, 2, 27)
    assert parse_date("2012年2月30日") is None


def test_cli_import_never_overwrites(tmp_path, capsys):
    doc = Report()
    doc.title("某市外事办公室2011年工作总结和2012年工作打算")
    doc.p(R("一、2011年工作总结", "黑体"))
    doc.p("全年工作取得新进展。")
    doc.signature("某市外事办公室", "2012年2月27日")
    source = doc.save(tmp_path / "报告.docx")
    assert main(["import", str(source)]) == 0
    target = tmp_path / "报告.yaml"
    first = target.read_text(encoding="utf-8")
    # The schema the YAML's first line names, beside it (an editor completes and checks the fields with it).
    assert first.startswith("# yaml-language-server: $schema=reportgen-input.schema.json\n")
    assert (tmp_path / "reportgen-input.schema.json").read_text(encoding="utf-8") == schema_text("input")
    assert main(["import", str(source)]) == 2
    err = capsys.readouterr().err
    assert "文件已存在，未覆盖" in err and "请用 -o 指定另一个文件名" in err
    assert target.read_text(encoding="utf-8") == first
    with pytest.raises(ReportError, match="文件已存在，未覆盖"):
        write_import(source, target)


@pytest.mark.parametrize(("content", "message"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "旧的 Word 97-2003"),
    (b"hello", "既不是 DOCX 也不是 PDF"),
    (b"PK\x03\x04broken", "无法打开 DOCX"),
])
def test_bad_files_are_refused_in_chinese(tmp_path, content, message):
    path = tmp_path / "报告.docx"
    path.write_bytes(content)
    with pytest.raises(ReportError) as err:
        import_report(path)
    assert message in str(err.value)


def test_seed_004_typed_into_word_comes_back_as_the_example(tmp_path):
    """The canonical report as an office typed it (half-width brackets, 1、, no faces):
    imported, it has the example input's structure and, in the standard's punctuation, its text."""
    from tests.conftest import EXAMPLE, SEEDS
    from tests.test_examples import seed_as_published, squeeze

    seeds = sorted(SEEDS.glob("004_*.txt"))
    if not seeds:
        pytest.skip("shared/seeds is not beside this checkout (a user's clone has none)")
    doc = Report()
    for line in seeds[0].read_text(encoding="utf-8").splitlines():
        if line.strip():
            doc.p(line.strip())
    report, _, target = imported(doc.save(tmp_path / "seed.docx"), tmp_path)
    assert (report.office, report.year, report.date) == ("南昌市外事侨务办公室", 2011, dt.date(2012, 2, 27))
    rebuilt, example = compose_input(target).document, compose_input(EXAMPLE).document
    assert [getattr(b, "style", None) for b in rebuilt.paragraphs] == \
           [getattr(b, "style", None) for b in example.paragraphs]
    body = [b.text for b in rebuilt.paragraphs if b.style is not Style.TITLE]
    published = "".join(body)
    for half, full in zip(",:;()?!", "，：；（）？！", strict=True):
        published = published.replace(half, full)
    assert squeeze(published) == seed_as_published(seeds[0])


def test_run_in_heading_ending_in_a_colon_stays_a_paragraph(tmp_path):
    doc = Report()
    doc.title("某市外事办公室2011年工作总结和2012年工作打算")
    doc.p(R("一、2011年工作总结", "黑体"))
    doc.p(R("（一）主要做法：", "楷体_GB2312"), "全年接待来访团组28批。")
    doc.signature("某市外事办公室", "2012年2月27日")
    report, result, target = imported(doc.save(tmp_path / "colon.docx"), tmp_path)
    assert report.summary.sections == [] and report.summary.paragraphs == ["（一）主要做法：全年接待来访团组28批。"]
    assert [str(w) for w in result.warnings] == [
        "第 3 段：段中标题“主要做法：”不以句号结尾，输入暂时不支持，按普通段落保留（保留原序号）。"]
    assert "（一）主要做法：全年接待来访团组28批。" in compose_input(target).document.text
