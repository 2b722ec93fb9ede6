"""Numbers in the words Chinese reports use: 28批368人次, 5.2万元, 同比增长12.5%.

One rounding rule for text and tables alike: half up, at most one decimal for
percentages and percentage points, at most two for amounts, trailing zeros
dropped ("8%", not "8.0%").
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

WAN_PER_YI = Decimal(10000)  # 1亿 = 10000万


def plain(number: Decimal | int, places: int) -> str:
    """`number` rounded half up to `places` decimals, without trailing zeros."""
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(number).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{rounded:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def tally_text(batches: int, persons: int, unit: str, sep: str = "") -> str:
    """28批368人次; with sep="、": 155批、278人次 (both forms stand in reports)."""
    return f"{batches}批{sep}{persons}{unit}"


def amount_text(wan: Decimal | int) -> str:
    """An amount held in 万元, in 万元 below 1亿 and in 亿元 from there: 5.2万元, 1.23亿元."""
    wan = Decimal(wan)
    if abs(wan) >= WAN_PER_YI:
        return f"{plain(wan / WAN_PER_YI, 2)}亿元"
    return f"{plain(wan, 2)}万元"


def change_text(current: Decimal | int, previous: Decimal | int | None) -> str:
    """同比增长12.5% / 同比下降8% / 同比持平; "" without a previous value.

    From a previous value of zero no percentage exists: the text says the
    previous year had none instead of "增长inf%".
    """
    if previous is None:
        return ""
    current, previous = Decimal(current), Decimal(previous)
    if previous == 0:
        return "同比持平" if current == 0 else "上年为零"
    percent = (current - previous) / previous * 100
    shown = plain(abs(percent), 1)
    if shown == "0":
        return "同比持平"
    return f"同比{'增长' if percent > 0 else '下降'}{shown}%"


def rate_change_text(current: Decimal | float, previous: Decimal | float | None) -> str:
    """For rates (already in percent): 提高2.1个百分点 / 下降0.5个百分点 / 持平."""
    if previous is None:
        return ""
    points = Decimal(str(current)) - Decimal(str(previous))
    shown = plain(abs(points), 1)
    if shown == "0":
        return "持平"
    return f"{'提高' if points > 0 else '下降'}{shown}个百分点"


def percent_text(part: Decimal | int, whole: Decimal | int) -> str:
    """占比: 12.5%; "" when the whole is zero."""
    if Decimal(whole) == 0:
        return ""
    return f"{plain(Decimal(part) / Decimal(whole) * 100, 1)}%"
