"""Year on year and shares, in the forms reports use.

    同比增长12.5% / 同比下降8% / 同比持平          form="percent" (places=0 or 1)
    同比分别下降8%、增长2%                          a pair of measures (批 and 人次)
    比上年增加5批 / 比上年减少3人次 / 与上年持平      form="difference"
    比上年增长1.5倍                                 form="times"
    占48% / 分别占48%、69%                          shares

Only exact figures are compared: a percentage of "40多" would be false
precision, and an unknown figure is an error naming its cells. The text comes
with its numbers (Comparison), so a template may print it or read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from reportgen.figures.notes import Note
from reportgen.figures.wording import decimal, plain
from reportgen.quantity import Quantity

FORMS = ("percent", "difference", "times")


@dataclass(frozen=True)
class Comparison:
    """What a comparison prints (`text`), and its numbers for a template to use.
    Empty when there was nothing to compare with (the caller warned)."""

    text: str
    percent: tuple[Decimal | None, ...] = ()  # per measure: the change in percent (None: from zero)
    difference: tuple[Decimal, ...] = ()  # per measure: this year's minus last year's
    # What the reader of the text should know (no previous year): warned at the text that printed it.
    notes: tuple[Note, ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        return self.text

    def __html__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


def exact(quantity: Quantity, what: str) -> Decimal:
    """The value of an exact figure; a Chinese ValueError for an approximate one."""
    value = quantity.require()
    if not quantity.is_exact:
        raise ValueError(f"{what}是近似数“{quantity}”，不能据以计算比例或增减（会显得比实际精确）")
    return value


@dataclass(frozen=True)
class Change:
    current: Decimal
    previous: Decimal
    unit: str  # the measure word, for the difference form

    @property
    def difference(self) -> Decimal:
        return self.current - self.previous

    @property
    def percent(self) -> Decimal | None:
        if self.previous == 0:
            return None
        return (self.current - self.previous) / self.previous * 100


def _verb(up: bool, form: str) -> str:
    if form == "difference":
        return "增加" if up else "减少"
    return "增长" if up else "下降"


def _amount(change: Change, form: str, places: int) -> tuple[str, bool] | None:
    """(number with its mark, up) or None when the two are level at this precision."""
    if form == "difference":
        shown = plain(abs(change.difference), places)
        return (None if shown == "0" else (f"{shown}{change.unit}", change.difference > 0))
    percent = change.percent
    if percent is None:
        if change.current == 0:
            return None
        raise ValueError(f"上年为0，今年为{plain(change.current, 2)}，算不出百分比：请改用 form='difference'"
                         "（比上年增加……）")
    if form == "times":
        shown = plain(abs(percent) / 100, places)
        return (None if shown == "0" else (f"{shown}倍", percent > 0))
    shown = plain(abs(percent), places)
    return (None if shown == "0" else (f"{shown}%", percent > 0))


def change_wording(changes: list[Change], form: str, places: int, than: str | None) -> Comparison:
    """同比增长12.5%; for a pair, 同比分别下降8%、增长2% (分别增长8%、2% when both rise)."""
    if form not in FORMS:
        raise ValueError(f"form 只能是 {'、'.join(FORMS)}")
    if places not in (0, 1, 2):
        raise ValueError("places 只能是 0（整数）、1 或 2（小数位数）")
    lead = than if than is not None else ("同比" if form == "percent" else "比上年")
    amounts = [_amount(change, form, places) for change in changes]
    numbers = (tuple(c.percent for c in changes), tuple(c.difference for c in changes))
    level = "与上年持平" if form != "percent" else f"{lead}持平"
    if len(changes) == 1:
        found = amounts[0]
        text = level if found is None else f"{lead}{_verb(found[1], form)}{found[0]}"
        return Comparison(text, *numbers)
    if all(a is None for a in amounts):
        return Comparison(level, *numbers)
    directions = {a[1] for a in amounts if a is not None}
    if len(directions) == 1 and None not in amounts:
        up = directions.pop()
        text = f"{lead}分别{_verb(up, form)}" + "、".join(a[0] for a in amounts)
    else:
        text = f"{lead}分别" + "、".join("持平" if a is None else f"{_verb(a[1], form)}{a[0]}" for a in amounts)
    return Comparison(text, *numbers)


def change_text(current: Decimal | int | float, previous: Decimal | int | float | None) -> str:
    """同比增长12.5% / 同比下降8% / 同比持平 (change_wording's percent form, one decimal);
    "" without a previous value. From a previous value of zero no percentage
    exists: the text says the previous year had none instead of "增长inf%"."""
    if previous is None:
        return ""
    current, previous = decimal(current), decimal(previous)
    if previous == 0 and current != 0:
        return "上年为零"
    return change_wording([Change(current, previous, "")], "percent", 1, None).text


def share_wording(parts: list[Decimal], wholes: list[Decimal], places: int) -> Comparison:
    """占48%; for a pair, 分别占48%、69%."""
    percents = []
    for part, whole in zip(parts, wholes, strict=True):
        if whole == 0:
            raise ValueError("合计为0，算不出占比")
        percents.append(part / whole * 100)
    shown = [f"{plain(p, places)}%" for p in percents]
    text = f"占{shown[0]}" if len(shown) == 1 else "分别占" + "、".join(shown)
    return Comparison(text, tuple(percents))
