"""Rules on the text itself, shared by the DOCX and the PDF checks.

Heading numbers (7.3.3), the date (7.3.5.4) and the 发文字号 (7.2.4) read the same
in either file: the DOCX gives paragraphs, the PDF gives lines that start a
paragraph. Each check takes a `Block` (its place, its text) and returns findings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reportgen.lint.model import Finding, error, warning
from reportgen.typography import CHINESE_NUMERAL_CHARS, heading_label, read_chinese_numeral

CLAUSE_HEADINGS = "7.3.3"
CLAUSE_DATE = "7.3.5.4"
CLAUSE_DOC_NUMBER = "7.2.4"


@dataclass(frozen=True)
class Block:
    where: str  # "第 12 段" or "第 3 页"
    text: str


# --- headings ------------------------------------------------------------------

_CN = CHINESE_NUMERAL_CHARS


@dataclass(frozen=True)
class Level:
    depth: int  # 1..4
    pattern: re.Pattern[str]
    parse: Callable[[str], int | None]
    label: Callable[[int], str]  # the number as the standard writes it
    variant: str | None = None  # why this spelling draws a warning


# 7.3.3: 一、 → （一） → 1. → （1）. "1．" (full-width stop) is the same mark typed in
# a Chinese input method. The variants are widespread local practice, so they
# count as headings of their level and draw a warning, not an error.
_LEVELS = (
    Level(1, re.compile(rf"^([{_CN}]{{1,3}})、"), read_chinese_numeral, lambda n: heading_label(1, n)),
    Level(2, re.compile(rf"^（([{_CN}]{{1,3}})）"), read_chinese_numeral, lambda n: heading_label(2, n)),
    Level(2, re.compile(rf"^\(([{_CN}]{{1,3}})\)"), read_chinese_numeral, lambda n: heading_label(2, n),
          "二级标题应用全角括号“（一）”，不用半角括号“(一)”"),
    Level(3, re.compile(r"^(\d{1,2})[.．](?!\d)"), int, lambda n: f"{n}."),
    Level(3, re.compile(r"^(\d{1,2})、"), int, lambda n: f"{n}.",
          "三级标题的序号应写作“1.”（阿拉伯数字加下脚点），不写“1、”"),
    Level(4, re.compile(r"^（(\d{1,2})）"), int, lambda n: f"（{n}）"),
    Level(4, re.compile(r"^\((\d{1,2})\)"), int, lambda n: f"（{n}）",
          "四级标题应用全角括号“（1）”，不用半角括号“(1)”"),
)


@dataclass(frozen=True)
class Heading:
    depth: int
    number: int
    label: str  # as the standard writes it: "一、", "（一）", "1.", "（1）"
    variant: str | None
    heading_end: int  # the heading's face reaches this index (run-in headings)


def heading_of(text: str) -> Heading | None:
    """The heading a paragraph starts with, if any.

    A run-in heading ("1.交流层面进一步拓宽。2011年……") keeps the level's face only
    up to its first "。"; without one the whole paragraph is the heading.
    """
    stripped = text.lstrip()
    offset = len(text) - len(stripped)
    for level in _LEVELS:
        match = level.pattern.match(stripped)
        if match is None:
            continue
        number = level.parse(match.group(1))
        if not number:
            continue
        stop = stripped.find("。")
        end = len(text) if stop < 0 else offset + stop + 1
        return Heading(level.depth, number, level.label(number), level.variant, end)
    return None


def check_heading_variants(blocks: Iterable[tuple[Block, Heading]]) -> list[Finding]:
    return [warning(CLAUSE_HEADINGS, block.where, block.text, heading.variant)
            for block, heading in blocks if heading.variant]


def check_heading_order(blocks: Iterable[tuple[Block, Heading]]) -> list[Finding]:
    """Each level counts 1, 2, 3… under its parent; a parent heading restarts its children.

    After a wrong number the count goes on from the highest seen, so "一、三、四、"
    is one finding (二 skipped), not three.
    """
    found: list[Finding] = []
    last = [0] * 5  # last[d]: highest number seen at depth d under the current parent
    labels: list[str] = [""] * 5
    for block, heading in blocks:
        depth, number = heading.depth, heading.number
        expected = last[depth] + 1
        if number != expected:
            previous = labels[depth]
            want = _label_like(heading, expected)
            if number > expected:
                skipped = "、".join(f"“{_label_like(heading, n)}”" for n in range(expected, number))
                after = f"“{previous}”之后" if previous else "同级第一个标题"
                message = f"标题序号跳过了{skipped}：{after}应为“{want}”，这里是“{heading.label}”"
            elif number == last[depth]:
                message = f"标题序号“{heading.label}”重复：前一个同级标题已是“{previous}”，这里应为“{want}”"
            else:
                message = f"标题序号倒序：“{heading.label}”出现在“{previous}”之后，这里应为“{want}”"
            found.append(error(CLAUSE_HEADINGS, block.where, block.text, message))
        if number >= last[depth]:
            last[depth], labels[depth] = number, heading.label
        for deeper in range(depth + 1, 5):
            last[deeper], labels[deeper] = 0, ""
    return found


def _label_like(heading: Heading, n: int) -> str:
    for level in _LEVELS:
        if level.depth == heading.depth and level.variant is None:
            return level.label(n)
    raise AssertionError(heading)


# An attachment ("附件1" on its own line) starts its own numbering [7.3.7].
_ATTACHMENT = re.compile(r"^\s*附件\s*\d*\s*$")


def is_attachment_start(text: str) -> bool:
    return bool(_ATTACHMENT.match(text))


# 附件说明 [7.3.4]: "附件：1.名称" and the names numbered after it are a list, not headings.
_ATTACHMENT_NOTE = re.compile(r"^\s*附件[:：]")
_NOTE_ITEM = re.compile(r"^\s*\d+[.．]")


def check_headings(blocks: Iterable[Block]) -> list[Finding]:
    """Variants and order of the headings among `blocks` (paragraph starts)."""
    found: list[Finding] = []
    part: list[tuple[Block, Heading]] = []
    in_notes = False
    for block in blocks:
        if is_attachment_start(block.text):
            found += check_heading_order(part)
            part = []
            in_notes = False
            continue
        if _ATTACHMENT_NOTE.match(block.text):
            in_notes = True
            continue
        if in_notes and _NOTE_ITEM.match(block.text):
            continue
        in_notes = False
        heading = heading_of(block.text)
        if heading is not None:
            part.append((block, heading))
            found += check_heading_variants([(block, heading)])
    found += check_heading_order(part)
    return found


# --- 成文日期 ------------------------------------------------------------------

_DATE = re.compile(r"^(\d{2,4})年(\d{1,2})月(\d{1,2})日$")
_CN_DATE = re.compile(r"^[〇○零Ｏ一二三四五六七八九]{2,4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日$")
_WIDE_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def check_date(block: Block) -> Finding | None:
    """A paragraph that is only a date is the 成文日期: 2012年2月27日 [7.3.5.4]."""
    text = "".join(block.text.split())
    if _CN_DATE.match(text):
        return error(CLAUSE_DATE, block.where, block.text,
                     "成文日期应用阿拉伯数字，如“2012年2月27日”，不用汉字数字")
    plain = text.translate(_WIDE_DIGITS)
    match = _DATE.match(plain)
    if match is None:
        return None
    year, month, day = match.groups()
    right = f"{year}年{int(month)}月{int(day)}日"
    if plain != text:
        return error(CLAUSE_DATE, block.where, block.text,
                     f"成文日期应用半角阿拉伯数字，应为“{right}”")
    if len(year) != 4:
        return error(CLAUSE_DATE, block.where, block.text,
                     f"成文日期的年份应标全称（四位），不能写成“{year}年”")
    if month.startswith("0") or day.startswith("0"):
        return error(CLAUSE_DATE, block.where, block.text,
                     f"成文日期的月、日不编虚位：“{text}”应为“{right}”")
    return None


# --- 发文字号 ------------------------------------------------------------------

# 代字 + year in some bracket + optional 第 + number + 号. The 代字 must be Chinese,
# so "（2011）" in running text without a 代字 before it is not taken for one.
_NUMBER_PART = (
    r"(?P<open>[〔\[［(（【〖])\s*(?P<year>\d{2,4})\s*(?P<close>[〕\]］)）】〗])"
    r"\s*(?P<di>第?)\s*(?P<number>\d+)\s*号"
)
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fa5]" + _NUMBER_PART)
# The 版头's own line: the 字号 alone, or followed by 签发人 on the same line [7.2.4].
_DOC_NUMBER_LINE = re.compile(r"^\s*[\u4e00-\u9fa5]{1,12}\s*" + _NUMBER_PART + r"\s*(?:签发人|$)")


def check_doc_numbers(block: Block) -> list[Finding]:
    """代字〔2012〕5号: 六角括号, the full year, no 第, no zero padding [7.2.4]."""
    found = []
    for match in _DOC_NUMBER.finditer(block.text):
        typed = match.group(0)[1:]
        year, number = match.group("year"), match.group("number")
        wrong = []
        if match.group("open") != "〔" or match.group("close") != "〕":
            wrong.append("年份应用六角括号“〔〕”括入")
        if len(year) != 4:
            wrong.append("年份应标全称（四位）")
        if match.group("di"):
            wrong.append("序号前不加“第”")
        if number.startswith("0"):
            wrong.append("序号不编虚位")
        if wrong:
            right = f"〔{year}〕{int(number)}号"
            found.append(error(CLAUSE_DOC_NUMBER, block.where, block.text,
                               f"发文字号“…{typed}”应写作“…{right}”：{'，'.join(wrong)}"))
    return found


def is_doc_number_line(text: str) -> bool:
    """A paragraph or line that is a 发文字号 (not one cited in running text)."""
    return _DOC_NUMBER_LINE.match(text) is not None
