"""Rules on the text itself, shared by the DOCX and the PDF checks.

Heading numbers (7.3.3), the date (7.3.5.4) and the 发文字号 (7.2.4) read the same
in either file: the DOCX gives paragraphs, the PDF gives lines that start a
paragraph. Each check takes a `Block` (its place, its text) and returns findings.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from reportgen.lint.model import Finding, error, warning
from reportgen.typography import (
    CHINESE_NUMERAL_CHARS,
    HEADING_LEVELS,
    LabelScheme,
    doubled_label,
    heading_label,
    label,
    read_chinese_numeral,
)

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


# 7.3.3: 一、 → （一） → 1. → （1）, and part labels (第一部分) above them. "1．"
# (full-width stop) is the same mark typed in a Chinese input method. The
# variants are widespread local practice, so they count as headings of their
# level and draw a warning, not an error.
_LEVELS = (
    Level(0, re.compile(rf"^第([{_CN}]{{1,3}})部分"), read_chinese_numeral, lambda n: label(LabelScheme.PART, n, "")),
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
    depth: int  # of its number: 0 for 第一部分, 1-4 for 一、 （一） 1. （1）
    number: int
    label: str  # as the standard writes it: "一、", "（一）", "1.", "（1）", "第一部分"
    variant: str | None
    heading_end: int  # the heading's face reaches this index (run-in headings)
    # Its structural level, which decides its face [7.3.3]: 0 a part, 1-4; a
    # "1." right under "一、" is level 2 (a skipped level). Set by `structure`.
    level: int = 0
    skipped: str = ""  # the labels of the levels it skips ("（一）"), for a 提醒
    declared: bool = False  # as the report's input numbers it (lint --input)


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
        return Heading(level.depth, number, level.label(number), level.variant, end, level=max(level.depth, 0))
    return None


@dataclass(frozen=True)
class DeclaredHeading:
    """A heading as the report's input makes it: its number ("" for none), its
    text and its level (from reportgen's own composition of the input)."""

    label: str
    text: str
    level: int


def structure(blocks: Sequence[Block], declared: Sequence[DeclaredHeading] = ()) -> list[tuple[int, Heading]]:
    """(index in `blocks`, heading) for every heading, with its structural level.

    A heading's level is one below the nearest open heading with a shallower
    number: "1." right under "一、" is level 2, skipping （一）. Headings the
    input declares (lint --input) are matched by their number and text: their
    numbers (a start at 三、, 4. continuing under （二）) stand as declared, and
    those without a number are found by their text."""
    found: list[tuple[int, Heading]] = []
    for index, block in enumerate(blocks):
        heading = heading_of(block.text)
        if heading is not None:
            found.append((index, heading))
    found = _match_declared(blocks, found, declared)
    shaped: list[tuple[int, Heading]] = []
    open_: dict[int, int] = {}  # label depth → structural level, for the open headings
    for index, heading in found:
        depth = heading.depth
        for deeper in [d for d in open_ if d >= depth]:
            del open_[deeper]
        parent = max(open_) if open_ else None
        if heading.declared and heading.label == "":
            level = heading.level
        elif parent is None:
            level = depth
        else:
            level = open_[parent] + 1
        skipped = ""
        if parent is not None and heading.label and depth > parent + 1 and level <= HEADING_LEVELS:
            skipped = "".join(f"“{heading_label(d, 1)}”" for d in range(max(parent, 0) + 1, depth))
        open_[depth] = level
        shaped.append((index, replace(heading, level=level, skipped=skipped)))
    return shaped


def label_end(text: str, heading: Heading) -> int:
    """Where a heading's number ends in `text` ("第一部分：" with its separator)."""
    end = len(text) - len(text.lstrip()) + len(heading.label)
    if heading.depth == 0:
        end = text.find("部分") + 2
    while end < len(text) and text[end] in "：: \u3000":
        end += 1
    return end


def _match_declared(blocks: Sequence[Block], found: list[tuple[int, Heading]],
                    declared: Sequence[DeclaredHeading]) -> list[tuple[int, Heading]]:
    if not declared:
        return found
    numbered = [d for d in declared if d.label]
    # Numbered ones by their label and text, in order.
    # A run-in heading's words end at its "。", as the declared heading's do.
    mine = [(heading.label, blocks[i].text[label_end(blocks[i].text, heading):heading.heading_end][:8])
            for i, heading in found]
    theirs = [(d.label, d.text[:8]) for d in numbered]
    matcher = difflib.SequenceMatcher(None, mine, theirs, autojunk=False)
    result = list(found)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            i, heading = result[block.a + k]
            result[block.a + k] = (i, replace(heading, declared=True, level=numbered[block.b + k].level))
    # Unnumbered ones by their text, where a paragraph starts with it.
    taken = {i for i, _ in result}
    unnumbered = [d for d in declared if not d.label]
    start = 0
    for item in unnumbered:
        for i in range(start, len(blocks)):
            if i not in taken and blocks[i].text.startswith(item.text):
                heading_end = len(item.text)
                result.append((i, Heading(item.level, 0, "", None, heading_end, level=item.level, declared=True)))
                start = i + 1
                break
    return sorted(result, key=lambda pair: pair[0])


def check_doubled(block: Block) -> Finding | None:
    """"（一）（一）", "1.4.": a number typed into a heading that is numbered already."""
    doubled = doubled_label(block.text.lstrip())
    if doubled is None:
        return None
    return error(CLAUSE_HEADINGS, block.where, block.text,
                 f"序号重复：“{doubled}”（自动编号之外又手工输入了序号），应只留一个")


def check_heading_variants(blocks: Iterable[tuple[Block, Heading]]) -> list[Finding]:
    found = [warning(CLAUSE_HEADINGS, block.where, block.text, heading.variant)
             for block, heading in blocks if heading.variant]
    found += [warning(CLAUSE_HEADINGS, block.where, block.text,
                      f"序号直接排在上一级标题之下，跳过了{heading.skipped}这一层"
                      f"（按层次，它是第 {heading.level} 层标题，字体随层次）")
              for block, heading in blocks if heading.skipped]
    return found


def check_heading_order(blocks: Iterable[tuple[Block, Heading]]) -> list[Finding]:
    """Each level counts 1, 2, 3… under its parent; a parent heading restarts its children.

    After a wrong number the count goes on from the highest seen, so "一、三、四、"
    is one finding (二 skipped), not three.
    """
    found: list[Finding] = []
    last = [0] * 5  # last[d]: highest number seen at depth d under the current parent
    labels: list[str] = [""] * 5
    for block, heading in blocks:
        if not heading.label:
            continue  # a heading without a number (as the input declares it)
        depth, number = heading.depth, heading.number
        expected = last[depth] + 1
        if number != expected and not heading.declared:
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


def heading_blocks(blocks: Sequence[Block]) -> list[Block]:
    """The blocks that may hold headings: the 附件说明's numbered list left out."""
    kept = []
    in_notes = False
    for block in blocks:
        if _ATTACHMENT_NOTE.match(block.text):
            in_notes = True
            continue
        if in_notes and _NOTE_ITEM.match(block.text):
            continue
        in_notes = False
        kept.append(block)
    return kept


def check_headings(blocks: Iterable[Block], declared: Sequence[DeclaredHeading] = ()) -> list[Finding]:
    """Doubled numbers, variants, skipped levels and order of the headings among
    `blocks` (paragraph starts); `declared` as the input numbers them (lint --input).
    An attachment ("附件1" on its own line) starts its own numbering [7.3.7]."""
    kept = heading_blocks(list(blocks))
    found: list[Finding] = [f for block in kept if (f := check_doubled(block)) is not None]
    for number, segment in enumerate(attachment_segments(kept)):
        part = [(segment[i], heading) for i, heading in structure(segment, declared if number == 0 else ())]
        found += check_heading_variants(part)
        found += check_heading_order(part)
    return found


def heading_map(blocks: Sequence[Block], declared: Sequence[DeclaredHeading] = ()) -> dict[int, Heading]:
    """The headings among `blocks` by their index, with their structural levels;
    each attachment numbered on its own, the 附件说明's list left out."""
    kept_index = {id(block): i for i, block in enumerate(blocks)}
    kept = heading_blocks(list(blocks))
    found: dict[int, Heading] = {}
    for number, segment in enumerate(attachment_segments(kept)):
        for i, heading in structure(segment, declared if number == 0 else ()):
            found[kept_index[id(segment[i])]] = heading
    return found


# A lead sentence set in a heading face: an unnumbered run-in heading
# ("严管控重合作，落实落细涉外疫情防控。…") or a list item's ("一是扎实开展侨务工作。…").
LEAD_MAX_CHARS = 40
_ITEM_MARKER = re.compile(rf"(?:^|(?<=[。；！？：]))(?:[{_CN}]{{1,3}}是|第[{_CN}]{{1,3}}，)")


def lead_spans(text: str) -> list[tuple[int, int]]:
    """Where a heading face may stand inside a body paragraph: its first sentence
    when short, and each list item's marker with its first sentence."""
    spans = []
    stop = text.find("。")
    if 0 < stop < LEAD_MAX_CHARS:
        spans.append((0, stop + 1))
    for match in _ITEM_MARKER.finditer(text):
        end = text.find("。", match.end())
        if end > 0:
            spans.append((match.start(), end + 1))
    return spans


def attachment_segments(blocks: Sequence[Block]) -> list[list[Block]]:
    """The body, then each attachment: the blocks between "附件N" lines."""
    segments: list[list[Block]] = [[]]
    for block in blocks:
        if is_attachment_start(block.text):
            segments.append([])
        else:
            segments[-1].append(block)
    return segments


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
