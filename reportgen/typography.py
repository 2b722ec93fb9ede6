"""The conventions of Chinese official text, in one place: numerals, heading
labels, dates, page-number dashes, line-breaking (kinsoku) sets and nominal widths.

compose writes with these, paginate breaks lines with them, lint reads documents
back with them, and the tests measure with them: none keeps a copy of its own.
"""

from __future__ import annotations

import datetime as dt
import itertools
import unicodedata

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


# GB/T 9704-2012 7.3.3: the four levels of heading numbers, full-width 、 and （）,
# and "1." with a half-width full stop (not "1、").
HEADING_LEVELS = 4


def heading_label(level: int, n: int) -> str:
    """The number a heading of `level` (1-4) carries when it is the `n`th of its siblings."""
    if level == 1:
        return f"{chinese_numeral(n)}、"
    if level == 2:
        return f"（{chinese_numeral(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"heading level {level} not in 1-{HEADING_LEVELS}")


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
