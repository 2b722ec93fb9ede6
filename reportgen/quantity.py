"""A figure as an office writes it: exact (368), approximate (40多, 30余, 约500,
46万余), written in 万 (1.6万), or not known at all (an empty ledger cell).

Reports state approximate figures as often as exact ones, and a sum that
includes one is itself approximate: 40多 + 30余 is "70多", never "70". An empty
cell is not zero: a sum that includes one is unknown, and printing it is an
error that names the cells (UnknownFigure), so a "0人次" nobody wrote never
reaches a report. The input (schema.py), the ledger and the figures all hold
their numbers as Quantity; only wording turns one back into text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from enum import Enum

WAN = Decimal(10000)
YI = Decimal(100000000)


class Approx(Enum):
    """How a figure is approximate; the value is the mark it is written with."""

    EXACT = ""
    MORE = "多"  # 40多: more than 40, fewer than 50
    OVER = "余"  # 30余: the same, in a more formal register
    ABOUT = "约"  # 约500, 500左右: about 500


class UnknownFigure(ValueError):
    """A figure that was not recorded was about to be printed."""

    def __init__(self, quantity: Quantity):
        self.quantity = quantity
        what = quantity.what or "这个数字"
        cells = "、".join(quantity.missing[:6]) + ("等" if len(quantity.missing) > 6 else "")
        where = f"：{cells}是空的" if cells else ""
        super().__init__(f"{what}不知道{where}（空白不等于0）")

    @property
    def hint(self) -> str:
        return "请在这些位置填上数字（确实为0就写0），或不要在文中引用这个数字。"


@dataclass(frozen=True)
class Quantity:
    """A number with how it is known. `value` is the written number (for 多/余 the
    lower bound), None when unknown; `step` the place of its last written digit
    (10 for 40多, 1000 for 1.6万); `wan` when it was written in 万 (and is printed so)."""

    value: Decimal | None
    approx: Approx = Approx.EXACT
    step: Decimal = Decimal(1)
    wan: bool = False
    # Unknown: where the empty cells are ("2011-ledger.csv 第 4 行的“人数”"), and what
    # the figure is ("“接待来访”的人数"), for the message when it is printed.
    missing: tuple[str, ...] = ()
    what: str = ""

    # -- kinds -------------------------------------------------------------------
    @classmethod
    def exact(cls, value: int | Decimal | str) -> Quantity:
        return cls(Decimal(value))

    @classmethod
    def unknown(cls, missing: tuple[str, ...] = (), what: str = "") -> Quantity:
        return cls(None, missing=missing, what=what)

    @property
    def known(self) -> bool:
        return self.value is not None

    @property
    def is_exact(self) -> bool:
        return self.value is not None and self.approx is Approx.EXACT

    def described(self, what: str) -> Quantity:
        """The same figure, named for messages ("“接待来访”的人数")."""
        return Quantity(self.value, self.approx, self.step, self.wan, self.missing, what)

    def require(self) -> Decimal:
        """The value; UnknownFigure when there is none."""
        if self.value is None:
            raise UnknownFigure(self)
        return self.value

    # -- arithmetic ------------------------------------------------------------------
    def __add__(self, other: object) -> Quantity:
        other = as_quantity(other)
        if other is None:
            return NotImplemented
        if self.value is None or other.value is None:
            missing = tuple(dict.fromkeys((*self.missing, *other.missing)))
            return Quantity.unknown(missing, self.what or other.what)
        value = self.value + other.value
        wan = self.wan and other.wan
        if self.approx is Approx.EXACT and other.approx is Approx.EXACT:
            return Quantity(value, wan=wan)
        approximate = [q for q in (self, other) if q.approx is not Approx.EXACT]
        kinds = {q.approx for q in approximate}
        approx = Approx.ABOUT if Approx.ABOUT in kinds else kinds.pop() if len(kinds) == 1 else Approx.MORE
        # The approximate terms decide the wording: 46万余 + 1000 is still "46万余".
        return Quantity(value, approx, max(q.step for q in approximate), any(q.wan for q in approximate))

    __radd__ = __add__

    def _compare_value(self, other: object) -> tuple[Decimal, Decimal] | None:
        other_q = as_quantity(other)
        if other_q is None:
            return None
        return self.require(), other_q.require()

    def __lt__(self, other: object) -> bool:
        pair = self._compare_value(other)
        return NotImplemented if pair is None else pair[0] < pair[1]

    def __le__(self, other: object) -> bool:
        pair = self._compare_value(other)
        return NotImplemented if pair is None else pair[0] <= pair[1]

    def __gt__(self, other: object) -> bool:
        pair = self._compare_value(other)
        return NotImplemented if pair is None else pair[0] > pair[1]

    def __ge__(self, other: object) -> bool:
        pair = self._compare_value(other)
        return NotImplemented if pair is None else pair[0] >= pair[1]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Quantity):
            return (self.value, self.approx, self.step if self.approx is not Approx.EXACT else None) == \
                (other.value, other.approx, other.step if other.approx is not Approx.EXACT else None)
        if isinstance(other, int | Decimal) and not isinstance(other, bool):
            return self.is_exact and self.value == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.value, self.approx))

    def __bool__(self) -> bool:
        return self.require() != 0

    def __int__(self) -> int:
        return int(self.require())

    # -- words -----------------------------------------------------------------------
    @property
    def is_zero(self) -> bool:
        """Exactly 0 as written (an unknown figure is not zero)."""
        return self.is_exact and self.value == 0

    def __str__(self) -> str:
        return quantity_text(self)

    def __html__(self) -> str:  # Jinja's autoescape asks for this; digits need no escaping
        return str(self)


def as_quantity(value: object) -> Quantity | None:
    if isinstance(value, Quantity):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return Quantity(Decimal(value))
    if isinstance(value, float):
        return Quantity(Decimal(str(value)))
    return None


def plain_digits(number: Decimal) -> str:
    """The number's digits as written in a report: no exponent, no trailing zeros ("5.2", "0")."""
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"", "-0"} else text


def quantity_text(q: Quantity) -> str:
    """368, 1.6万, 40多, 46万余, 约500; UnknownFigure for an unknown one."""
    value = q.require()
    if q.approx is Approx.EXACT:
        if q.wan:
            return f"{plain_digits(value / WAN)}万"
        return plain_digits(value)
    if q.approx is Approx.ABOUT:
        shown = (value / q.step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * q.step
    else:
        shown = (value / q.step).quantize(Decimal(1), rounding=ROUND_FLOOR) * q.step
    number = f"{plain_digits(shown / WAN)}万" if q.wan else plain_digits(shown)
    return f"约{number}" if q.approx is Approx.ABOUT else f"{number}{q.approx.value}"


# -- reading what an office wrote ---------------------------------------------------------

_WRITTEN = re.compile(
    r"^(?P<about>约|大约)?\s*(?P<number>-?\d[\d,，]*(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*(?P<scale>万|亿)?\s*"
    r"(?P<mark>多|余|左右)?$"
)


class NotAQuantity(ValueError):
    pass


def parse_quantity(value: object) -> Quantity:
    """A Quantity from a number or from text as offices write it: 12, 5.2, 40多,
    30余, 1.6万, 46万余, 18300余, 约500, 500左右. NotAQuantity (in Chinese) otherwise."""
    if isinstance(value, Quantity):
        return value
    direct = as_quantity(value)
    if direct is not None:
        return direct
    if not isinstance(value, str):
        raise NotAQuantity(f"“{value}”不是数字")
    return parse_text(value)


@functools.lru_cache(maxsize=4096)
def parse_text(value: str) -> Quantity:
    """A ledger repeats a few hundred cell texts tens of thousands of times: each is
    read once (a Quantity is immutable, so the same one serves every cell)."""
    text = value.strip().replace("\u3000", "")
    if text.isascii() and text.isdigit():
        return Quantity(Decimal(text))
    match = _WRITTEN.match(text)
    if match is None:
        raise NotAQuantity(_why_not(text))
    digits = match.group("number").replace(",", "").replace("，", "")
    try:
        number = Decimal(digits)
    except InvalidOperation:
        raise NotAQuantity(f"“{text}”不是数字") from None
    scale = {None: Decimal(1), "万": WAN, "亿": YI}[match.group("scale")]
    mark = match.group("mark")
    about = match.group("about") is not None or mark == "左右"
    if about and mark in {"多", "余"}:
        raise NotAQuantity(f"“{text}”既写了“约”又写了“{mark}”，请只留一个")
    # The place of the last written digit: 40 → 10, 45 → 1, 1.6 → 0.1; times the scale.
    step = _last_digit_place(digits) * scale
    value_ = number * scale
    approx = Approx.ABOUT if about else Approx(mark) if mark else Approx.EXACT
    if approx is Approx.EXACT:
        return Quantity(value_, wan=scale == WAN)
    return Quantity(value_, approx, step, wan=scale >= WAN)


def _last_digit_place(digits: str) -> Decimal:
    if "e" in digits.lower():  # a spreadsheet's 1E+26: as exact as it says
        return Decimal(1)
    if "." in digits:
        decimals = len(digits.split(".", 1)[1])
        return Decimal(1).scaleb(-decimals)
    stripped = digits.rstrip("0")
    return Decimal(10) ** (len(digits) - len(stripped)) if stripped else Decimal(1)


def _why_not(text: str) -> str:
    if text.startswith(("近", "逾", "超过", "不到", "上")):
        return f"“{text}”的说法无法计算，请写成“40多”“30余”“约500”这样的近似数，或写确切数字"
    if "-" in text[1:] or "—" in text or "～" in text or "~" in text:
        return f"“{text}”是一个范围，请写一个数（如“约40”或“40多”）"
    if re.search(r"[一二三四五六七八九十百千]", text):
        return f"“{text}”请用阿拉伯数字书写（如 40多、1.6万）"
    return f"“{text}”不是数字（可写 12、5.2、40多、30余、1.6万、约500）"
