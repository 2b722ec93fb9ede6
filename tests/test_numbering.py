"""Numbering as data (#10): the input chooses how its headings are numbered —
part labels, skipped levels, no number, numbers continued across sections, a
start — and the faces stay by level; numbers typed into headings or list items
are errors at their line; lists (一是……二是……) are numbered by the program;
lint reads the same shapes back and flags doubled numbers."""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path

import docx
import pytest

from reportgen.build import compose_input, render
from reportgen.compose import markup
from reportgen.document import Paragraph, Run
from reportgen.errors import ReportError
from reportgen.layout import HEADING_STYLES, STANDARD, FontRole, Style
from reportgen.lint import lint
from reportgen.lint.declared import declared_headings
from reportgen.lint.text import Block, DeclaredHeading, check_headings
from tests.conftest import ROOT
from tests.variants import line_of

SHAPES = ROOT / "tests" / "fixtures" / "numbering" / "shapes.yaml"
KUNMING = ROOT / "inputs" / "kunming-waiban" / "2019.yaml"
HEAD = "office: 测试市外事办公室\nyear: 2020\ndate: 2021-01-15\n"


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "2020.yaml"
    path.write_text(HEAD + textwrap.dedent(body), encoding="utf-8")
    return path


def headings(path: Path) -> list[tuple[Style, str]]:
    """(style, heading run) of every heading paragraph: the number and the heading's words."""
    kinds = (Style.PART_HEADING, *HEADING_STYLES)
    return [(p.style, p.runs[0].text) for p in compose_input(path).document.paragraphs if p.style in kinds]


def problems(path: Path) -> list:
    with pytest.raises(ReportError) as caught:
        compose_input(path)
    return caught.value.problems


# --- every choice, in one document ----------------------------------------------------------------


def test_each_numbering_choice_gives_its_numbers_and_the_level_keeps_the_face():
    assert headings(SHAPES) == [
        (Style.PART_HEADING, "第一部分：2020年工作总结"),
        (Style.HEADING1, "一、跳级编号的一级标题"),
        # Skipped level: the number of the third level, the style (and face) of the second.
        (Style.HEADING2, "1.跳过二级的第一条。"),
        (Style.HEADING2, "2.跳过二级的第二条"),
        (Style.HEADING1, "二、不编号的一级标题"),
        (Style.HEADING2, "严管控重合作，落实落细涉外疫情防控。"),
        # Each part numbers its 一、 afresh.
        (Style.PART_HEADING, "第二部分：2021年工作要点"),
        (Style.HEADING1, "一、标准层次的一级标题"),
        (Style.HEADING2, "（一）第一个二级标题"),
        (Style.HEADING3, "1.第一条。"),
        (Style.HEADING3, "2.第二条。"),
        (Style.HEADING3, "3.第三条。"),
        (Style.HEADING2, "（二）接续编号的二级标题"),
        (Style.HEADING3, "4.第四条。"),  # continued across the sibling
        (Style.HEADING3, "5.第五条。"),
        (Style.HEADING2, "（三）从头编号的二级标题"),
        (Style.HEADING3, "1.重新从一编起。"),
    ]
    faces = {style: STANDARD.element(style).font for style in (Style.PART_HEADING, *HEADING_STYLES)}
    assert faces[Style.PART_HEADING] is FontRole.HEITI and faces[Style.HEADING2] is FontRole.KAITI


def test_an_unnumbered_run_in_heading_keeps_its_face_to_the_first_full_stop():
    document = compose_input(SHAPES).document
    paragraph = next(p for p in document.paragraphs if p.text.startswith("严管控"))
    assert [(run.text, run.font) for run in paragraph.runs] == [
        ("严管控重合作，落实落细涉外疫情防控。", None),
        ("不编号的二级标题与正文同段，标题部分用楷体。", FontRole.FANGSONG),
    ]


def test_a_start_number_begins_the_parts_there():
    level1 = [text for style, text in headings(KUNMING) if style is Style.HEADING1]
    assert level1 == ["三、存在的问题", "四、下一步工作打算"]


def test_part_labels_take_a_separator_of_the_offices_choice(tmp_path):
    path = write(tmp_path, """\
        numbering: {style: 第一部分, separator: "　"}
        summary:
          sections: [{heading: 对外交流}]
        plan:
          heading: 2021年工作要点
        """)
    assert headings(path) == [(Style.PART_HEADING, "第一部分　2020年工作总结"), (Style.HEADING1, "一、对外交流"),
                              (Style.PART_HEADING, "第二部分　2021年工作要点")]


def test_unnumbered_parts_above_numbered_sections_are_part_headings(tmp_path):
    # "2020年工作总结" without a number, "一、" inside it: the part is above the first level.
    path = write(tmp_path, """\
        numbering: 无
        summary:
          numbering: 一、
          sections: [{heading: 对外交流}, {heading: 友城工作}]
        """)
    assert headings(path) == [(Style.PART_HEADING, "2020年工作总结"), (Style.HEADING1, "一、对外交流"),
                              (Style.HEADING1, "二、友城工作")]


def test_numbering_shorthands(tmp_path):
    path = write(tmp_path, """\
        numbering: 2
        summary:
          numbering: (1)
          sections: [{heading: 甲}]
        """)
    assert headings(path) == [(Style.HEADING1, "二、2020年工作总结"), (Style.HEADING2, "（1）甲")]


# --- choices that cannot stand, at their line -------------------------------------------------------


@pytest.mark.parametrize(("body", "needle", "words"), [
    ("summary:\n  numbering: 第一部分\n  sections: [{heading: 甲}]\n", "numbering: 第一部分",
     "“第一部分”只能用于报告最外层的各部分"),
    ("summary:\n  sections:\n    - heading: 甲\n      numbering: 一、\n      sections: [{heading: 乙}]\n",
     "numbering: 一、", "“一、”是第 1 层的序号，不能用在“（一）”下面的第 3 层"),
    ("numbering: （一）\nsummary:\n  sections: [{heading: 甲}]\n", "numbering: （一）", "各部分的编号不能是“（一）”"),
    ("summary:\n  numbering: 1、\n  sections: [{heading: 甲}]\n", "numbering: 1、", "三级标题的序号为“1.”"),
])
def test_a_choice_that_cannot_stand_is_an_error_at_its_line(tmp_path, body, needle, words):
    path = write(tmp_path, body)
    (problem,) = problems(path)
    assert words in problem.message
    assert (problem.file, problem.line) == (str(path), line_of(path, needle))


def test_headings_below_the_last_label_are_an_error_where_they_start(tmp_path):
    # 一、 then 1. then （1）: nothing is left for a fourth level.
    path = write(tmp_path, """\
        summary:
          numbering: "1."
          sections:
            - heading: 甲
              sections:
                - heading: 乙
                  sections:
                    - heading: 丙层太深
        """)
    (problem,) = problems(path)
    assert "标题层次超过 4 层" in problem.message and "无" in problem.hint
    assert problem.line == line_of(path, "丙层太深")


# --- numbers typed into headings and list items -------------------------------------------------------


@pytest.mark.parametrize(("typed", "number"), [
    ("（一）严管控重合作", "（一）"), ("1.建好友城网络", "1."), ("一、对外交流", "一、"), ("1、外专邀请", "1、"),
    ("（1）经济合作", "（1）"), ("(2)文化教育", "(2)"), ("①侨务工作", "①"), ("第一部分：工作总结", "第一部分："),
    ("一是扎实开展工作", "一是"),
])
def test_a_number_typed_into_a_heading_is_an_error_with_the_fixed_heading(tmp_path, typed, number):
    path = write(tmp_path, f"summary:\n  sections:\n    - heading: {typed}\n")
    (problem,) = problems(path)
    assert problem.message.startswith(f"标题“{typed}”以序号“{number}”开头：序号由程序按层次生成")
    assert problem.line == line_of(path, typed)
    assert problem.field == "summary.sections[0].heading"
    assert f"请改为“{typed.removeprefix(number)}”" in problem.hint


def test_a_number_typed_into_a_list_item_is_an_error(tmp_path):
    path = write(tmp_path, """\
        summary:
          paragraphs:
            - list:
                items: [一是扎实开展国内侨务工作。, 做好国外侨务工作。]
        """)
    (problem,) = problems(path)
    assert problem.message.startswith("列举项“一是扎实开展国内侨务工作。”以序号“一是”开头")
    assert problem.line == line_of(path, "一是扎实")


def test_words_that_only_look_like_numbers_are_not_refused(tmp_path):
    path = write(tmp_path, """\
        summary:
          sections:
            - heading: 一带一路建设取得新进展
            - heading: 1.5万人次参加国际马拉松赛
            - heading: 第一届友城大会圆满举办
        """)
    assert [text for _, text in headings(path)][1:] == [
        "（一）一带一路建设取得新进展", "（二）1.5万人次参加国际马拉松赛", "（三）第一届友城大会圆满举办"]


# --- lists: 一是……二是…… -----------------------------------------------------------------------


def _list_paragraphs(tmp_path, listed: str):
    path = write(tmp_path, "summary:\n  sections:\n    - heading: 为侨服务\n      paragraphs:\n" + listed)
    document = compose_input(path).document
    start = next(i for i, p in enumerate(document.paragraphs) if p.text.endswith("为侨服务")) + 1
    return [p for p in document.paragraphs[start:] if p.style is Style.BODY]


def test_a_list_in_one_paragraph_after_its_introduction(tmp_path):
    (paragraph,) = _list_paragraphs(tmp_path, """\
        - list:
            intro: 侨务工作关键在于整合侨情资源。
            items: [扎实开展国内侨务工作。加强宣传。, 做好国外侨务工作, 指导侨商会开展工作；]
    """)
    assert paragraph.text == ("侨务工作关键在于整合侨情资源。一是扎实开展国内侨务工作。加强宣传。"
                              "二是做好国外侨务工作。三是指导侨商会开展工作；")
    assert [run.font for run in paragraph.runs] == [None]


def test_each_item_a_paragraph_with_its_lead_in_the_face_asked_for(tmp_path):
    paragraphs = _list_paragraphs(tmp_path, """\
        - list:
            each: true
            lead: 楷体
            marker: 第一
            items: [扎实开展国内侨务工作。加强宣传。, 做好国外侨务工作。]
    """)
    assert [[(run.text, run.font) for run in p.runs] for p in paragraphs] == [
        [("第一，扎实开展国内侨务工作。", FontRole.KAITI), ("加强宣传。", None)],
        [("第二，做好国外侨务工作。", FontRole.KAITI)],
    ]


def test_a_lead_in_the_heading_face_takes_the_next_levels(tmp_path):
    path = write(tmp_path, """\
        summary:
          paragraphs:
            - list:
                lead: 标题
                items: [扎实开展工作。内容。, 做好服务。]
        """)
    paragraph = next(p for p in compose_input(path).document.paragraphs if p.text.startswith("一是"))
    # Under the level-1 part the next level is the second: 楷体.
    assert paragraph.runs[0] == Run("一是扎实开展工作。", FontRole.KAITI)


@pytest.mark.parametrize(("items", "words"), [
    ("[做好工作，, 做好服务。]", "以“，”结尾，下一项的“二是”会接在它后面"),
    ("[只有一项。]", "列举项至少要有 2 项"),
])
def test_list_items_that_would_read_wrong_are_errors(tmp_path, items, words):
    path = write(tmp_path, f"summary:\n  paragraphs:\n    - list:\n        items: {items}\n")
    (problem,) = problems(path)
    assert words in problem.message
    assert problem.line == line_of(path, "items:")


def test_a_run_in_heading_needs_a_text_to_run_into(tmp_path):
    path = write(tmp_path, """\
        summary:
          sections:
            - heading: 为侨服务。
              run_in: true
              paragraphs:
                - list: {items: [甲。, 乙。]}
        """)
    (problem,) = problems(path)
    assert "紧接标题的不是一段文字" in problem.message


def test_markup_numbering_attributes_are_checked():
    template = '<report numbering="1、"><title>题</title></report>'
    with pytest.raises(ReportError, match="不是可用的编号方式"):
        markup.parse(template, STANDARD, "t.xml.j2", "某办")
    template = '<report><title>题</title><section numbering-start="0"><heading>甲</heading></section></report>'
    with pytest.raises(ReportError, match="numbering-start=\"0\" 应为 1 到 99 的整数"):
        markup.parse(template, STANDARD, "t.xml.j2", "某办")


# --- lint reads the shapes back --------------------------------------------------------------------


def _findings(texts: list[str], declared=()) -> list[tuple[str, str, str]]:
    blocks = [Block(f"第 {n} 段", text) for n, text in enumerate(texts, 1)]
    return [(f.where, f.severity, f.message) for f in check_headings(blocks, declared)]


def test_lint_flags_doubled_numbers():
    found = _findings(["一、甲", "（一）（一）严管控重合作", "1.4.建好友城网络", "1.5万人次参加。"])
    assert [(where, severity) for where, severity, _ in found if "序号重复" in _] == [
        ("第 2 段", "error"), ("第 3 段", "error")]
    assert "“（一）（一）”" in found[0][2] and "“1.4.”" in found[1][2]


def test_lint_takes_part_labels_as_restarting_the_first_level():
    assert _findings(["第一部分：总结", "一、甲", "二、乙", "第二部分：要点", "一、丙", "（一）丁"]) == []
    assert _findings(["第一部分：总结", "第三部分：要点"])[0][1] == "error"


def test_lint_a_skipped_level_is_a_reminder_citing_7_3_3():
    found = _findings(["一、甲", "1.乙", "2.丙", "二、丁", "（一）戊"])
    assert [(where, severity) for where, severity, _ in found] == [("第 2 段", "warning"), ("第 3 段", "warning")]
    assert "跳过了“（一）”这一层" in found[0][2] and "第 2 层标题" in found[0][2]


def test_lint_accepts_the_start_and_continued_numbers_the_input_declares():
    texts = ["三、甲", "（一）乙", "1.丙", "（二）丁", "2.戊"]
    assert {severity for _, severity, _ in _findings(texts)} == {"error"}
    declared = [DeclaredHeading("三、", "甲", 1), DeclaredHeading("（一）", "乙", 2), DeclaredHeading("1.", "丙", 3),
                DeclaredHeading("（二）", "丁", 2), DeclaredHeading("2.", "戊", 3)]
    assert _findings(texts, declared) == []


def test_declared_headings_come_from_the_input():
    declared = declared_headings(SHAPES)
    assert declared[0] == DeclaredHeading("第一部分", "2020年工作总结", 0)
    assert DeclaredHeading("", "严管控重合作，落实落细涉外疫情防控。", 2) in declared
    assert DeclaredHeading("4.", "第四条。", 3) in declared


def _typed_twice(text: str) -> str:
    """What a clerk gets who types the number the program generates as well."""
    if text.startswith("（一）第一个"):
        return "（一）" + text
    if text.startswith("2.第二条"):
        return "2.4." + text.removeprefix("2.")
    return text


@pytest.fixture(scope="module")
def shapes_files(tmp_path_factory):
    """The shapes input's DOCX and PDF, as built, and again with numbers typed twice
    (the document model changed after validation, which would refuse them)."""
    folder = tmp_path_factory.mktemp("shapes")
    composed = compose_input(SHAPES)
    changed = []
    for block in composed.document.paragraphs:
        if isinstance(block, Paragraph) and block.runs:
            first = Run(_typed_twice(block.runs[0].text), block.runs[0].font)
            block = dataclasses.replace(block, runs=(first, *block.runs[1:]))
        changed.append(block)
    bad = dataclasses.replace(composed, document=dataclasses.replace(composed.document, paragraphs=tuple(changed)))
    paths = {}
    for name, which in (("good", composed), ("doubled", bad)):
        for kind, content in render(which, ("docx", "pdf")).files.items():
            paths[f"{name}.{kind}"] = folder / f"{name}.{kind}"
            paths[f"{name}.{kind}"].write_bytes(content)
    return paths


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_lint_accepts_the_inputs_choices_in_its_own_output(shapes_files, kind):
    findings = lint(shapes_files[f"good.{kind}"], STANDARD, declared_headings(SHAPES))
    assert [(f.clause, f.severity) for f in findings] == [("7.3.3", "warning")], findings  # the skipped level
    assert "跳过了“（一）”这一层" in findings[0].message


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_lint_flags_doubled_numbers_in_a_document(shapes_files, kind):
    findings = [f for f in lint(shapes_files[f"doubled.{kind}"], STANDARD, declared_headings(SHAPES))
                if "序号重复" in f.message]
    quotes = sorted(f.quote for f in findings)
    assert [f.severity for f in findings] == ["error", "error"]
    assert quotes[0].startswith("2.4.第二条") or quotes[1].startswith("2.4.第二条"), quotes
    assert any(q.startswith("（一）（一）第一个二级标题") for q in quotes), quotes
    if kind == "docx":
        assert any("（一）（一）" in p.text for p in docx.Document(str(shapes_files["doubled.docx"])).paragraphs)
