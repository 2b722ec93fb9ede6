"""Word's automatic numbering, resolved to the label a reader sees ("一、", "（1）").

A numbered paragraph carries only w:numPr (numId, ilvl), in itself or through
its style. numbering.xml maps the numId to a w:num, which names an
w:abstractNum (the list's definition: per level a numFmt, a lvlText such as
"%1、" or "（%1）", a start) and may override levels (lvlOverride with
startOverride or a whole w:lvl). Counting follows Word: instances of one
abstract list continue one another unless an override restarts them; a level
restarts every deeper level (unless lvlRestart says otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from reportgen.typography import (
    EARTHLY_BRANCHES,
    HEAVENLY_STEMS,
    chinese_count,
    chinese_digits,
    chinese_numeral,
    circled_numeral,
    wide_digits,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _val(element: etree._Element | None, attribute: str = "val") -> str | None:
    return None if element is None else element.get(_q(attribute))


def _letters(n: int) -> str:
    # Word repeats the letter past Z: AA, BBB.
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = ""
    for value, digits in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + digits, n - value
    return out


def _chinese(n: int, fmt: str) -> str | None:
    """A counter in one of Word's Chinese formats, as Word shows it (typography's numerals)."""
    if fmt in ("chineseCounting", "taiwaneseCounting"):
        # Counting up to 99, then digit by digit (一○五), as Word draws it.
        return chinese_numeral(n) if n <= 99 else chinese_digits(n, zero="○")
    if fmt in ("chineseCountingThousand", "taiwaneseCountingThousand"):
        return chinese_count(n, zero="〇")
    if fmt in ("ideographDigital", "taiwaneseDigital"):
        return chinese_digits(n)
    if fmt == "chineseLegalSimplified":
        return chinese_count(n, formal=True)
    if fmt == "ideographLegalTraditional":
        return chinese_count(n, formal=True, traditional=True)
    if fmt == "ideographTraditional" and n <= len(HEAVENLY_STEMS):
        return HEAVENLY_STEMS[n - 1]
    if fmt == "ideographZodiac" and n <= len(EARTHLY_BRANCHES):
        return EARTHLY_BRANCHES[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return circled_numeral(n)
    return None


def format_number(n: int, fmt: str) -> str:
    """A counter in one of Word's number formats (those Chinese documents use, and the common rest)."""
    if 1 <= n <= 9999 and (text := _chinese(n, fmt)) is not None:
        return text
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return wide_digits(str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt in ("none", "bullet"):
        return ""
    return str(n)  # decimal and anything unknown


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None  # lvlRestart: restarts after this (1-based) level; 0 never
    legal: bool = False  # isLgl: every counter in decimal

    @classmethod
    def read(cls, lvl: etree._Element, base: _Level | None = None) -> _Level:
        level = _Level(**vars(base)) if base else _Level()
        if (fmt := _val(lvl.find(_q("numFmt")))) is not None:
            level.fmt = fmt
        if (text := _val(lvl.find(_q("lvlText")))) is not None:
            level.text = text
        if (start := _val(lvl.find(_q("start")))) is not None:
            level.start = int(start)
        if (restart := _val(lvl.find(_q("lvlRestart")))) is not None:
            level.restart = int(restart)
        if lvl.find(_q("isLgl")) is not None:
            level.legal = True
        return level


@dataclass
class _List:
    """One w:num: its abstract list's levels, with its own overrides."""

    abstract: str
    levels: dict[int, _Level]
    start_overrides: dict[int, int] = field(default_factory=dict)


class Numbering:
    """Counts numbered paragraphs in document order and gives each its label."""

    def __init__(self, numbering_xml: bytes | None, parser: etree.XMLParser | None = None):
        self._lists: dict[str, _List] = {}
        self._counters: dict[str, dict[int, int]] = {}  # per abstract list: level → last number
        self._overridden: set[tuple[str, int]] = set()  # (numId, level) restarts already applied
        if numbering_xml:
            self._read(etree.fromstring(numbering_xml, parser))

    def _read(self, root: etree._Element) -> None:
        abstracts: dict[str, dict[int, _Level]] = {}
        links: dict[str, str] = {}  # abstract id → the style whose list it takes (numStyleLink)
        for abstract in root.findall(_q("abstractNum")):
            ident = abstract.get(_q("abstractNumId"))
            abstracts[ident] = {int(lvl.get(_q("ilvl"), "0")): _Level.read(lvl) for lvl in abstract.findall(_q("lvl"))}
            if (link := _val(abstract.find(_q("numStyleLink")))) is not None:
                links[ident] = link
        style_owner = {
            _val(a.find(_q("styleLink"))): a.get(_q("abstractNumId"))
            for a in root.findall(_q("abstractNum")) if a.find(_q("styleLink")) is not None
        }
        for ident, style in links.items():
            if not abstracts[ident] and style in style_owner:
                abstracts[ident] = abstracts.get(style_owner[style], {})
        for num in root.findall(_q("num")):
            num_id = num.get(_q("numId"))
            abstract = _val(num.find(_q("abstractNumId"))) or ""
            levels = dict(abstracts.get(abstract, {}))
            overrides = {}
            for override in num.findall(_q("lvlOverride")):
                ilvl = int(override.get(_q("ilvl"), "0"))
                lvl = override.find(_q("lvl"))
                if lvl is not None:
                    levels[ilvl] = _Level.read(lvl, levels.get(ilvl))
                    overrides[ilvl] = levels[ilvl].start
                if (start := _val(override.find(_q("startOverride")))) is not None:
                    overrides[ilvl] = int(start)
            self._lists[num_id] = _List(abstract, levels, overrides)

    def label(self, num_id: str, ilvl: int) -> str | None:
        """Count one paragraph of list `num_id` at level `ilvl`; its label, or None if it shows none."""
        found = self._lists.get(num_id)
        if num_id == "0" or found is None:
            return None  # numId 0 switches numbering off
        level = found.levels.get(ilvl)
        if level is None:
            return None
        counters = self._counters.setdefault(found.abstract, {})
        if ilvl in found.start_overrides and (num_id, ilvl) not in self._overridden:
            self._overridden.add((num_id, ilvl))
            counters[ilvl] = found.start_overrides[ilvl] - 1
        counters[ilvl] = counters.get(ilvl, found.levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            restart = found.levels.get(deeper, _Level()).restart
            if restart is None or (restart != 0 and restart <= ilvl + 1):
                del counters[deeper]
        if level.fmt in ("none", "bullet"):
            return None

        def counter(k: int) -> str:
            lvl = found.levels.get(k, _Level())
            n = counters.get(k, lvl.start)
            return str(n) if level.legal and k != ilvl else format_number(n, lvl.fmt)

        text = level.text
        for k in range(9):
            if f"%{k + 1}" in text:
                text = text.replace(f"%{k + 1}", counter(k))
        return text or None
