"""The words numbers are written in: 28批368人次, 5.2万元, 1.23亿元, 同比增长12.5%,
提高2.1个百分点 — one rounding rule (half up) everywhere, never "inf" or "增长0%"."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reportgen.figures import Figures
from reportgen.figures.comparison import change_text
from reportgen.figures.tally import Tally
from reportgen.figures.wording import amount_text, percent_text, plain, rate_change_text, tally_text
from reportgen.quantity import Quantity

D = Decimal


def Q(value) -> Quantity:
    return Quantity.exact(value)

# --- tally_text and Tally's wording ---------------------------------------------------------


@pytest.mark.parametrize(
    ("batches", "persons", "count_unit", "person_unit", "sep", "expected"),
    [
        (28, 368, "批", "人次", "", "28批368人次"),
        (155, 278, "批", "人次", "、", "155批、278人次"),
        (8, 10, "批", "人", "", "8批10人"),
        (40, 120, "个", "名", "", "40个120名"),
        (30, 0, "件", None, "", "30件"),  # a type that counts no persons
        (0, 0, "批", "人次", "", "0批0人次"),  # all zero, as written: said once
        (1, 0, "批", "人", "、", "1批"),  # a zero clause is left out
        (0, 12, "批", "人", "", "12人"),
    ],
)
def test_tally_text(batches, persons, count_unit, person_unit, sep, expected):
    assert tally_text(batches, persons, count_unit, person_unit, sep) == expected


def test_tally_wording_methods():
    tally = Tally(batches=Q(8), persons=Q(10), amount=Q("5.2"), records=3, counterparts=2, person_unit="人次")
    assert str(tally) == "8批10人次"
    assert tally.text() == "8批10人次"
    assert tally.text("、") == "8批、10人次"
    assert tally.text(unit="人") == "8批10人"
    assert tally.text(count_unit="个", persons=False) == "8个"
    assert tally.amount_text == "5.2万元"
    assert tally.measure("records") == D(3)
    assert tally.measure("amount") == D("5.2")


# --- amounts: 万元 below 1亿, 亿元 from there, two places, half up -----------------------------


@pytest.mark.parametrize(
    ("wan", "expected"),
    [
        (D(0), "0万元"),
        (0, "0万元"),
        (D("5.2"), "5.2万元"),
        (D("5.20"), "5.2万元"),
        (D("30"), "30万元"),
        (D("0.004"), "0万元"),  # rounds to nothing: never "-0" or "0.00"
        (D("0.005"), "0.01万元"),  # half up
        (D("9999.99"), "9999.99万元"),
        (D("9999.994"), "9999.99万元"),
        (D("10000"), "1亿元"),
        (10000, "1亿元"),
        (D("12345"), "1.23亿元"),
        (D("12355"), "1.24亿元"),  # 1.2355 → 1.24: half up, not half even
        (D("12345.5"), "1.23亿元"),
        (D("15000"), "1.5亿元"),
        (D("122222.1"), "12.22亿元"),
        (D("-5.2"), "-5.2万元"),
        (D("-12345"), "-1.23亿元"),
        (D("-0.004"), "0万元"),
    ],
)
def test_amount_text(wan, expected):
    assert amount_text(wan) == expected


def test_figures_amount_takes_numbers_as_written():
    # Figures.amount reads a literal from a template through str(): 5.2 stays 5.2.
    assert Figures.amount(5.2) == "5.2万元"
    assert Figures.amount(12355) == "1.24亿元"
    assert Figures.amount(D("0.125")) == "0.13万元"


def test_amount_that_rounds_up_to_one_yi_is_written_in_yi():
    assert amount_text(D("9999.995")) == "1亿元"
    assert Figures.amount("9999.999") == "1亿元"


# --- change_text: year on year -------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        (414, None, ""),
        (0, None, ""),
        (0, 0, "同比持平"),
        (5, 0, "上年为零"),
        (368, 414, "同比下降11.1%"),
        (414, 368, "同比增长12.5%"),
        (92, 100, "同比下降8%"),
        (100, 100, "同比持平"),
        (250, 100, "同比增长150%"),
        (200, 100, "同比增长100%"),
        (1, 3, "同比下降66.7%"),
        (0, 100, "同比下降100%"),
        (10004, 10000, "同比持平"),  # +0.04% shows as 0.0: no "增长0%"
        (9996, 10000, "同比持平"),  # −0.04%: no "下降0%"
        (10005, 10000, "同比增长0.1%"),  # exactly 0.05% → 0.1 (half up)
        (150, 160, "同比下降6.3%"),  # 6.25 → 6.3, half up
        (D("5.2"), D("4"), "同比增长30%"),
    ],
)
def test_change_text(current, previous, expected):
    text = change_text(current, previous)
    assert text == expected
    assert "inf" not in text.lower() and "nan" not in text.lower()
    assert "增长0%" not in text and "下降0%" not in text


def test_change_of_float_literals_rounds_as_written():
    assert Figures.change(100.05, 100) == "同比增长0.1%"


# --- rate_change_text: rates, in percentage points ----------------------------------------------


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        (45.3, 43.2, "提高2.1个百分点"),
        (D("45.3"), D("43.2"), "提高2.1个百分点"),
        (43.2, 45.3, "下降2.1个百分点"),
        (50, 50, "持平"),
        (D("50.0"), 50, "持平"),
        (50.04, 50, "持平"),  # 0.04 points shows as 0: 持平, not "提高0个百分点"
        (50.05, 50, "提高0.1个百分点"),  # float written as 50.05 rounds as written, half up
        (12.5, 20, "下降7.5个百分点"),
        (45.3, None, ""),
    ],
)
def test_rate_change_text(current, previous, expected):
    assert rate_change_text(current, previous) == expected
    assert Figures.rate_change(current, previous) == expected


# --- percent_text ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (1, 8, "12.5%"),
        (1, 3, "33.3%"),
        (2, 3, "66.7%"),
        (3, 3, "100%"),
        (0, 5, "0%"),
        (1, 0, ""),  # no share of nothing, and no ZeroDivisionError
        (0, 0, ""),
        (1, 16, "6.3%"),  # 6.25 → 6.3
    ],
)
def test_percent_text(part, whole, expected):
    assert percent_text(part, whole) == expected
    assert Figures.percent(part, whole) == expected


# --- plain: the one rounding rule ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "places", "expected"),
    [
        (D("2.25"), 1, "2.3"),
        (D("2.35"), 1, "2.4"),
        (D("2.45"), 1, "2.5"),  # half even would give 2.4
        (2.25, 1, "2.3"),
        (2.35, 1, "2.4"),
        (D("2.675"), 2, "2.68"),
        (D("8.0"), 1, "8"),
        (D("12.50"), 2, "12.5"),
        (D("100"), 2, "100"),
        (D("1E+2"), 2, "100"),  # no exponent in the text
        (D("0.04"), 1, "0"),
        (D("-0.04"), 1, "0"),  # never "-0"
        (D("-2.25"), 1, "-2.3"),  # half up means away from zero
        (3, 0, "3"),
        (D("2.5"), 0, "3"),
    ],
)
def test_plain(number, places, expected):
    assert plain(number, places) == expected


def test_plain_rounds_floats_as_written():
    assert plain(0.15, 1) == "0.2"
    assert plain(2.675, 2) == "2.68"
