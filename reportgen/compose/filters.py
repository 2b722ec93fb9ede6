"""The filters templates and the input's own text may use: one registry for both
(templates/README.md documents each; tests/test_template_docs.py checks that the
documented names and these are the same)."""

from __future__ import annotations

from decimal import Decimal

from reportgen.figures.wording import plain
from reportgen.quantity import Quantity
from reportgen.typography import chinese_date


def plain_number(number: Decimal | int | float | Quantity, places: int = 2) -> str:
    """A number rounded half up to `places` decimals without trailing zeros; an
    approximate figure as written (40多), an unknown one an error."""
    if isinstance(number, Quantity):
        if not number.is_exact:
            return str(number)
        number = number.require()
    return plain(number, places)


def select_numeric(header, flags) -> list:
    """The column names whose flag is set: a table's right-aligned columns."""
    return [name for name, flag in zip(header, flags, strict=True) if flag]


FILTERS = {
    "cn_date": chinese_date,
    "plain": plain_number,
    "select_numeric": select_numeric,
}
