"""The figure picker's choices and the expression they make.

A clerk picks what to state (a total, a year-on-year change in one of its
forms, a share, a cumulative total, a table of the ledger's records), an
activity type and its filters; this module turns the choices into the
expression the input's text holds (`{{ figures.yoy('外事接待', 'batches',
form='difference') }}`, the calls of figures/view.py as templates/README.md
documents them) or, for a records table, into the table block's spec. What the
expression prints is computed by rendering it as the build renders the text
(pipeline.figure_text): the picker never words a figure itself.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from reportgen.web import pipeline


class Call(StrEnum):
    """What the picker states: a call of figures/view.py (a records table is a table block's spec)."""

    TALLY = "tally"
    YOY = "yoy"
    SHARE = "share"
    CUMULATIVE = "cumulative"
    RECORDS = "records"


# call → its name in the picker
CALLS = {
    Call.TALLY: "合计（如 28批368人次）",
    Call.YOY: "同比（与上年比较）",
    Call.SHARE: "占比（占同类合计）",
    Call.CUMULATIVE: "累计（截至年底）",
    Call.RECORDS: "记录表（台账逐条列出）",
}
# The measures a comparison takes: one, or the count and the persons as a pair (分别…、…).
PAIR = "pair"
COMPARED = {"persons": "人数", "batches": "数量（批次、个、件……）", PAIR: "数量和人数（分别……、……）"}
CUMULATED = {"batches": "数量", "persons": "人数"}
# figures/comparison.FORMS, each with how it reads (tests check the two name the same forms).
FORMS = {"percent": "百分比（同比增长12.5%）", "difference": "增减数（比上年增加5批）",
         "times": "倍数（比上年增长1.5倍）"}
PLACES = {"1": "一位小数", "0": "整数"}
# A tally as the report words it (28批368人次), or one of its measures (the picker's list of them).
TEXT = "text"
DEFAULT_PREFIX = "，"
_NAME = re.compile(r"^[^\W\d]\w*$")  # a keyword argument's name (Chinese names are identifiers too)


@dataclass(frozen=True)
class FigureCall:
    """One choice of the picker."""

    call: Call = Call.TALLY
    type: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    measure: str = TEXT  # tally: text or one measure; yoy, share: persons, batches or pair; cumulative
    form: str = "percent"
    places: str = "1"
    prefix: str = DEFAULT_PREFIX
    columns: tuple[str, ...] = ()  # records: the ledger's columns shown, each under its own name

    def __post_init__(self) -> None:
        object.__setattr__(self, "call", Call(self.call))  # "yoy" as well as Call.YOY; ValueError for others

    @classmethod
    def of(cls, params: Mapping[str, str], columns: tuple[str, ...], type_: str,
           filters: dict[str, str]) -> FigureCall:
        """The picker's query as a call; what is not offered falls back to the default."""
        asked = params.get("call", "")
        call = Call(asked) if asked in CALLS else Call.TALLY
        measure = params.get("measure", "")
        allowed = {Call.TALLY: (TEXT, *pipeline.measure_labels()), Call.YOY: tuple(COMPARED),
                   Call.SHARE: tuple(COMPARED), Call.CUMULATIVE: tuple(CUMULATED), Call.RECORDS: ("",)}[call]
        measure = measure if measure in allowed else allowed[0]
        form = params.get("form", "percent")
        places = params.get("places", "1")
        prefix = params.get("prefix", DEFAULT_PREFIX)
        return cls(call, type_, dict(filters), measure, form if form in FORMS else "percent",
                   places if places in PLACES else "1", prefix[:8], columns)

    @property
    def is_table(self) -> bool:
        return self.call is Call.RECORDS

    def expression(self) -> str:
        """The text to insert: {{ figures.tally('接待来访', 渠道='党宾外宾') }} (README's notation)."""
        args = [literal(self.type)]
        if self.call in (Call.YOY, Call.SHARE):
            args.append("['batches', 'persons']" if self.measure == PAIR else literal(self.measure))
        elif self.call is Call.CUMULATIVE and self.measure != "batches":
            args.append(literal(self.measure))
        named = {n: v for n, v in self.filters.items() if _NAME.match(n) and not keyword.iskeyword(n)}
        args += [f"{name}={literal(value)}" for name, value in named.items()]
        if self.call is Call.YOY and self.form != "percent":
            args.append(f"form={literal(self.form)}")
        if self.call in (Call.YOY, Call.SHARE) and self.places != "1":
            args.append(f"places={self.places}")
        if self.call is Call.YOY and self.prefix:
            args.append(f"prefix={literal(self.prefix)}")
        # A dimension whose name cannot be written name=… (结果（是否签约）) goes in **{…}, last
        # as a call requires: a filter the clerk chose is never dropped.
        spread = {n: v for n, v in self.filters.items() if n not in named}
        if spread:
            args.append("**{" + ", ".join(f"{literal(n)}: {literal(v)}" for n, v in spread.items()) + "}")
        call = f"figures.{self.call if self.call is not Call.RECORDS else Call.TALLY}({', '.join(args)})"
        if self.call is Call.TALLY and self.measure == "amount":
            call += ".amount_text"
        elif self.call is Call.TALLY and self.measure != TEXT:
            call += f".{self.measure}"
        return "{{ " + call + " }}"

    def records_spec(self) -> dict:
        """A records table's spec (schema.RecordsSpec): the type, the filters, a column each."""
        return {"type": self.type, "where": dict(self.filters), "columns": {c: c for c in self.columns}}


def literal(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
