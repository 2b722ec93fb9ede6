"""The conventions of Chinese official text, in one place: numerals, heading
labels, dates, page-number dashes, line-breaking (kinsoku) sets and nominal widths.

compose writes with these, paginate breaks lines with them, lint reads documents
back with them, and the tests measure with them: none keeps a copy of its own.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

_DIGITS = "零一二三四五六七八九"
# Digits as they are read back: 〇 and 两 are written too.
_READ_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                "六": 6, "七": 7, "八": 8, "九": 9}
CHINESE_NUMERAL_CHARS = "〇零一二两三四五六七八九十"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (heading numbers stay below 100)."""
    if not 1 <= n <= 99:
        raise ValueError(f"heading number {n} out of range 1-99")
    tens, ones = divmod(n, 10)
    text = ""
    if tens:
        text = ("" if tens == 1 else _DIGITS[tens]) + "十"
    if ones:
        text += _DIGITS[ones]
    return text


def read_chinese_numeral(text: str) -> int | None:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23; None for anything else."""
    if not text or any(ch not in CHINESE_NUMERAL_CHARS for ch in text):
        return None
    if "十" not in text:
        return _READ_DIGITS[text] if len(text) == 1 else None
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1 or "十" in units:
        return None
    return (_READ_DIGITS[tens] if tens else 1) * 10 + (_READ_DIGITS[units] if units else 0)


# Numerals beyond headings': what Word's automatic numbering shows (its numFmt
# values in the comments) and what dates are written in.
_FORMAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"  # 大写 (chineseLegalSimplified)
_FORMAL_DIGITS_TRADITIONAL = "零壹貳參肆伍陸柒捌玖"  # 大寫 (ideographLegalTraditional)
_UNITS = ((1000, "千"), (100, "百"), (10, "十"))
_FORMAL_UNITS = ((1000, "仟"), (100, "佰"), (10, "拾"))
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"  # ideographTraditional
EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"  # ideographZodiac
WIDE_DIGITS = "０１２３４５６７８９"  # decimalFullWidth; typed by hand in headings too
_NARROW = str.maketrans(WIDE_DIGITS, "0123456789")
_WIDEN = str.maketrans("0123456789", WIDE_DIGITS)
# Zero as digit-by-digit numerals write it: 〇 (U+3007), also ○ (U+25CB) and 零.
_ZEROS = "〇○零"


def chinese_count(n: int, zero: str = "零", formal: bool = False, traditional: bool = False) -> str:
    """Counting numerals of 1-9999, continuing chinese_numeral past 99: 105 → 一百零五,
    110 → 一百一十, 1010 → 一千零一十. `zero` stands for skipped places (Word's
    chineseCountingThousand writes 〇). `formal`: 大写 as in amounts and Word's
    chineseLegalSimplified (10 → 壹拾, 101 → 壹佰零壹); `traditional` with it: 貳 參 陸
    (ideographLegalTraditional)."""
    if not 1 <= n <= 9999:
        raise ValueError(f"counting numeral {n} out of range 1-9999")
    if formal:
        digits = _FORMAL_DIGITS_TRADITIONAL if traditional else _FORMAL_DIGITS
        units = _FORMAL_UNITS
    elif n <= 99:
        return chinese_numeral(n)
    else:
        digits, units = _DIGITS, _UNITS
    text, rest, gap = "", n, False
    for value, unit in (*units, (1, "")):
        digit, rest = divmod(rest, value)
        if digit:
            text += (zero if gap else "") + digits[digit] + unit
            gap = False
        elif text:
            gap = True  # a zero is said once, and only before a digit that follows
    return text


def chinese_digits(n: int, zero: str = "〇") -> str:
    """Digit by digit, as years are written: 2012 → 二〇一二 (Word's ideographDigital)."""
    if n < 0:
        raise ValueError(f"digit numeral {n} is negative")
    return "".join(zero if d == "0" else _DIGITS[int(d)] for d in str(n))


def read_chinese_digits(text: str) -> int | None:
    """二〇一二 → 2012, 二○一二 and 二零一二 too; None unless every character is a digit."""
    if not text:
        return None
    value = 0
    for char in text:
        digit = 0 if char in _ZEROS else _READ_DIGITS.get(char)
        if digit is None or char == "两":
            return None
        value = value * 10 + digit
    return value


def circled_numeral(n: int) -> str | None:
    """① to ⑳ (Word's decimalEnclosedCircle); None beyond them."""
    return _CIRCLED[n - 1] if 1 <= n <= len(_CIRCLED) else None


def narrow_digits(text: str) -> str:
    """Full-width digits as ASCII: １．交流 → 1．交流."""
    return text.translate(_NARROW)


def wide_digits(text: str) -> str:
    """ASCII digits as full-width ones (Word's decimalFullWidth): 12 → １２."""
    return text.translate(_WIDEN)


# GB/T 9704-2012 7.3.3: the four levels of heading numbers, full-width 、 and （）,
# and "1." with a half-width full stop (not "1、").
HEADING_LEVELS = 4


class LabelScheme(Enum):
    """How a heading is numbered. The value is what an input writes to choose it."""

    PART = "第一部分"  # 第一部分：… above the 一、 level (common since 2018)
    LEVEL1 = "一、"
    LEVEL2 = "（一）"
    LEVEL3 = "1."
    LEVEL4 = "（1）"
    NONE = "无"  # no number: the heading stands (or runs in) without one

    @property
    def depth(self) -> int | None:
        """1-4 for the standard's four labels, 0 for part labels, None for no number."""
        return _SCHEME_DEPTH[self]


# What an input may choose for the report's outermost headings (its parts): one of the
# first-level schemes, never a deeper one (numbering_check refuses the rest).
TOP_SCHEMES = (LabelScheme.PART, LabelScheme.LEVEL1, LabelScheme.NONE)


LEVEL_SCHEMES = (LabelScheme.LEVEL1, LabelScheme.LEVEL2, LabelScheme.LEVEL3, LabelScheme.LEVEL4)
_SCHEME_DEPTH = {LabelScheme.PART: 0, **{s: i for i, s in enumerate(LEVEL_SCHEMES, 1)}, LabelScheme.NONE: None}
# A part label and its heading are parted by this unless the input says otherwise.
PART_SEPARATOR = "："
MAX_PART_SEPARATOR = 2  # characters: "：" or "　　" as offices write it, never a sentence
# Where a sentence ends: a run-in heading's face stops there [7.3.3], and a list item ends
# in one (or in ；, which closes an item but not the whole list).
SENTENCE_END = "。！？"
ITEM_END = "。；！？"
INTRO_END = ITEM_END + "：:"  # a list's introduction may end in a colon too


def label(scheme: LabelScheme, n: int, separator: str = PART_SEPARATOR) -> str:
    """The number of the `n`th heading numbered by `scheme` ("" for LabelScheme.NONE);
    `separator` follows a part label only (the others carry their own marks)."""
    if scheme is LabelScheme.PART:
        return f"第{chinese_numeral(n)}部分{separator}"
    if scheme is LabelScheme.LEVEL1:
        return f"{chinese_numeral(n)}、"
    if scheme is LabelScheme.LEVEL2:
        return f"（{chinese_numeral(n)}）"
    if scheme is LabelScheme.LEVEL3:
        return f"{n}."
    if scheme is LabelScheme.LEVEL4:
        return f"（{n}）"
    return ""


def heading_label(level: int, n: int) -> str:
    """The number a heading of `level` (1-4) carries when it is the `n`th of its siblings."""
    if not 1 <= level <= HEADING_LEVELS:
        raise ValueError(f"heading level {level} not in 1-{HEADING_LEVELS}")
    return label(LEVEL_SCHEMES[level - 1], n)


def children_scheme(parent: LabelScheme | None, parent_level: int) -> LabelScheme | None:
    """The standard choice for the children of a heading numbered `parent` at
    structural level `parent_level` (0 for the report itself, or a part): the
    label after the parent's (一、 → （一）, and after a skipped level 1. → （1））;
    under a part label 一、; under an unnumbered heading, the label of the
    children's own level. None when no label is left (below （1））."""
    if parent is LabelScheme.PART:
        return LabelScheme.LEVEL1
    depth = parent.depth if parent is not None else None
    if depth is None:
        depth = parent_level
    return LEVEL_SCHEMES[depth] if depth < HEADING_LEVELS else None


class NumberingError(ValueError):
    """A numbering choice that cannot stand where it is (the message is Chinese)."""


def children_numbering(parent: LabelScheme | None, parent_level: int,
                       declared: LabelScheme | None) -> tuple[LabelScheme, int]:
    """(scheme, structural level) of the headings under one numbered `parent` at
    `parent_level` (the report: None at 0), `declared` being the input's choice
    (None: the standard sequence). The level decides the face [7.3.3]: 一、 and
    第一部分 黑体, the second level 楷体, the third and fourth 仿宋, whatever the
    numbers; a label deeper than the level skips levels (一、 then 1.)."""
    level = parent_level + 1
    if declared is LabelScheme.PART:
        if parent_level != 0 or parent is not None:
            raise NumberingError("“第一部分”只能用于报告最外层的各部分（写在报告的 numbering 中）")
        return LabelScheme.PART, 0
    scheme = declared if declared is not None else children_scheme(parent, parent_level)
    if level > HEADING_LEVELS or scheme is None:
        raise NumberingError(f"标题层次超过 {HEADING_LEVELS} 层（一、（一）1.（1））")
    if scheme.depth is not None and scheme.depth < level:
        above = f"“{label(parent, 1)}”" if parent is not None and parent is not LabelScheme.NONE else "上一级标题"
        raise NumberingError(
            f"“{scheme.value}”是第 {scheme.depth} 层的序号，不能用在{above}下面的第 {level} 层")
    return scheme, level


def is_unnumbered_part(scheme: LabelScheme | None, children: LabelScheme | None, top: bool) -> bool:
    """A top-level heading without a number whose children are numbered 一、 is a
    part heading ("2020年工作总结" above "一、…"), at level 0."""
    return top and scheme is LabelScheme.NONE and children is LabelScheme.LEVEL1


# Enumerations inside a paragraph: "一是……。二是……。" or "第一，……。第二，……。"
class EnumerationScheme(Enum):
    YISHI = "一是"
    DIYI = "第一"


def enumeration_marker(scheme: EnumerationScheme, n: int) -> str:
    if scheme is EnumerationScheme.DIYI:
        return f"第{chinese_numeral(n)}，"
    return f"{chinese_numeral(n)}是"


# --- numbers typed at the start of a text ---------------------------------------

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CN_NUM = "[〇零一二两三四五六七八九十]{1,3}"


@dataclass(frozen=True)
class TypedLabel:
    """A number at the start of a text, in any of the schemes reports use."""

    typed: str  # as it stands in the text: "（一）", "1、", "一是"
    number: int
    scheme: str  # what kind it is, as a reader names it: "一、", "（一）", "1.", "一是", …
    depth: int | None  # 0-4 as LabelScheme.depth; None for list markers (①, 一是, 第一，)

    @property
    def end(self) -> int:
        return len(self.typed)


# (pattern, scheme name, depth, reader of the number). Order matters: 第一部分 before 第一，.
_TYPED = (
    (re.compile(rf"^第({_CN_NUM})部分[：:、，,\s\u3000]?"), "第一部分", 0, "cn"),
    (re.compile(rf"^({_CN_NUM})、"), "一、", 1, "cn"),
    (re.compile(rf"^[（(]({_CN_NUM})[）)]"), "（一）", 2, "cn"),
    (re.compile(r"^(\d{1,2})[.．](?!\d)"), "1.", 3, "int"),
    (re.compile(r"^(\d{1,2})、"), "1、", 3, "int"),
    (re.compile(r"^[（(](\d{1,2})[）)]"), "（1）", 4, "int"),
    (re.compile(f"^([{_CIRCLED}])"), "①", None, "circled"),
    (re.compile(rf"^({_CN_NUM})是"), "一是", None, "cn"),
    (re.compile(rf"^第({_CN_NUM})[，,、：:]"), "第一，", None, "cn"),
)


def read_label(text: str) -> TypedLabel | None:
    """The number `text` starts with, if it starts with one: "（一）严管控" → （一）.

    "1.5万人次" starts with no number (a decimal), nor does "一带一路" (no 、)."""
    for pattern, scheme, depth, reader in _TYPED:
        match = pattern.match(text)
        if match is None:
            continue
        raw = match.group(1)
        if reader == "cn":
            number = read_chinese_numeral(raw)
        elif reader == "circled":
            number = _CIRCLED.index(raw) + 1
        else:
            number = int(raw)
        if number:
            return TypedLabel(match.group(0), number, scheme, depth)
    return None


_DOTTED_PAIR = re.compile(r"^\d{1,2}[.．]\d{1,2}[.．、](?!\d)")


def doubled_label(text: str) -> str | None:
    """Two numbers at the start of `text`, one after the other ("（一）（一）", "1.4."):
    a number typed into a heading that is numbered already. None when there are not two."""
    if (pair := _DOTTED_PAIR.match(text)) is not None:
        return pair.group(0)
    first = read_label(text)
    if first is None or (first.depth is None and first.scheme != "①"):
        return None
    second = read_label(text[first.end:])
    if second is None or (second.depth is None and second.scheme != "①"):
        return None
    return text[:first.end + second.end]


def without_labels(text: str) -> str:
    """`text` with every number typed at its start taken off: "（一）（一）严管控" → "严管控"."""
    while (typed := read_label(text)) is not None:
        text = text[typed.end:].lstrip()
    return text


def chinese_date(value: dt.date) -> str:
    """7.3.5.4: Arabic digits, full year, no zero padding: 2012年2月27日."""
    return f"{value.year}年{value.month}月{value.day}日"


# 7.5: "— 1 —", a full-width dash (U+2014, 一字线) each side and half-width spaces.
PAGE_NUMBER_DASH = "\u2014"


def page_number_text(n: int | str) -> str:
    return f"{PAGE_NUMBER_DASH} {n} {PAGE_NUMBER_DASH}"


# Line breaking (禁则): marks that may not start a line, and those that may not end one.
NO_LINE_START = "。，、；：？！）》〕」』”’…—·．%"
NO_LINE_END = "（《〔「『“‘"
# Closing marks a word processor may hang past the right edge: they say nothing
# about where a line of text ends.
HANGING_MARKS = "。，、；：？！）》」』”’．,.;:!?)"


# Between an East Asian letter and a Latin letter or digit ("2011年") LibreOffice
# sets a fifth of the font size, which a DOCX cannot switch off; the PDF sets the
# same (docs/libreoffice.md).
SCRIPT_GAP_EM = 0.2


def _letter_or_digit(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] == "L" or category == "Nd"


def script_gap(before: str, after: str) -> bool:
    """Does the script gap stand between `before` and `after`? Only between a letter
    or digit of East Asian script and one of another script: never next to
    punctuation ("1.交流", "12.5%的") nor between two of one script."""
    return (_letter_or_digit(before) and _letter_or_digit(after)
            and (unicodedata.east_asian_width(before) in "WF") != (unicodedata.east_asian_width(after) in "WF"))


def width_chars(char: str) -> float:
    """Nominal width of one character in ems of its own size: CJK and full-width
    forms one, digits and Latin half, as the official faces set them."""
    return 1.0 if unicodedata.east_asian_width(char) in "WF" else 0.5


def text_width_chars(text: str) -> float:
    """Nominal width of `text` in characters of its own size (see width_chars),
    script gaps included."""
    gaps = sum(script_gap(a, b) for a, b in itertools.pairwise(text))
    return sum(width_chars(c) for c in text) + SCRIPT_GAP_EM * gaps
