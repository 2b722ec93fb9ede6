"""Numbers in the words Chinese reports use: 28批368人次, 5.2万元, 同比增长12.5%.

One rounding rule for text and tables alike: half up, at most one decimal for
percentages and percentage points, at most two for amounts, trailing zeros
dropped ("8%", not "8.0%").
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from reportgen.quantity import Quantity, as_quantity, plain_digits

WAN_PER_YI = Decimal(10000)  # 1亿 = 10000万


def decimal(number: Decimal | int | float | str) -> Decimal:
    """A Decimal of the number as written: 0.15 is 0.15, not 0.1499999….
    (Values from templates and YAML text may arrive as floats.)"""
    value = Decimal(str(number)) if isinstance(number, float) else Decimal(number)
    if not value.is_finite():  # "NaN%" or "inf万元" in a report would be a wrong sentence, not an error
        raise ValueError(f"“{number}”不是一个有限的数")
    return value


def rounded(number: Decimal | int | float, places: int) -> Decimal:
    return decimal(number).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def plain(number: Decimal | int | float, places: int) -> str:
    """`number` rounded half up to `places` decimals, without trailing zeros."""
    return plain_digits(rounded(number, places))


def tally_text(batches: Quantity | int, persons: Quantity | int, count_unit: str, person_unit: str | None,
               sep: str = "") -> str:
    """28批368人次; with sep="、": 155批、278人次 (both forms stand in reports);
    40多个, 30余件. A clause that is zero is left out ("5批", not "5批0人次");
    without a person unit, the count alone. An unknown figure is an error (UnknownFigure)."""
    count, people = _q(batches), _q(persons)
    if person_unit is None:
        return f"{count}{count_unit}"
    if people.is_zero and not count.is_zero:
        return f"{count}{count_unit}"
    if count.is_zero and people.known and not people.is_zero:
        return f"{people}{person_unit}"
    return f"{count}{count_unit}{sep}{people}{person_unit}"


def _q(value: Quantity | int) -> Quantity:
    found = as_quantity(value)
    assert found is not None, value
    return found


def amount_text(wan: Decimal | int | float | Quantity) -> str:
    """An amount held in 万元, in 万元 below 1亿 and in 亿元 from there: 5.2万元, 1.23亿元.

    The unit is chosen after rounding, so 9999.995万元 reads 1亿元, not 10000万元.
    An approximate amount keeps its mark: 约500万元, 30多万元.
    """
    if isinstance(wan, Quantity):
        if not wan.is_exact:
            wan.require()  # an unknown amount is an error naming its cells
            return _approximate_amount(wan)
        wan = wan.require()
    in_wan = rounded(wan, 2)
    if abs(in_wan) >= WAN_PER_YI:
        return f"{plain(decimal(wan) / WAN_PER_YI, 2)}亿元"
    return f"{plain(in_wan, 2)}万元"


def rate_change_text(current: Decimal | float, previous: Decimal | float | None) -> str:
    """For rates (already in percent): 提高2.1个百分点 / 下降0.5个百分点 / 持平."""
    if previous is None:
        return ""
    points = decimal(current) - decimal(previous)
    shown = plain(abs(points), 1)
    if shown == "0":
        return "持平"
    return f"{'提高' if points > 0 else '下降'}{shown}个百分点"


def percent_text(part: Decimal | int, whole: Decimal | int) -> str:
    """占比: 12.5%; "" when the whole is zero."""
    if decimal(whole) == 0:
        return ""
    return f"{plain(decimal(part) / decimal(whole) * 100, 1)}%"


def _approximate_amount(wan: Quantity) -> str:
    # Held in 万元 already: printed without a second 万 (30多万元, 约500万元).
    return f"{Quantity(wan.value, wan.approx, wan.step)}万元"
