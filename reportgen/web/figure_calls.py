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

# call → its name in the picker
CALLS = {
    "tally": "合计（如 28批368人次）",
    "yoy": "同比（与上年比较）",
    "share": "占比（占同类合计）",
    "cumulative": "累计（截至年底）",
    "records": "记录表（台账逐条列出）",
}
# The measures a comparison takes: one, or the count and the persons as a pair (分别…、…).
PAIR = "pair"
COMPARED = {"persons": "人数", "batches": "数量（批次、个、件……）", PAIR: "数量和人数（分别……、……）"}
CUMULATED = {"batches": "数量", "persons": "人数"}
FORMS = {"percent": "百分比（同比增长12.5%）", "difference": "增减数（比上年增加5批）",
         "times": "倍数（比上年增长1.5倍）"}
PLACES = {"1": "一位小数", "0": "整数"}
TALLY_MEASURES = ("text", "batches", "persons", "amount", "records", "counterparts")
DEFAULT_PREFIX = "，"
_NAME = re.compile(r"^[^\W\d]\w*$")  # a keyword argument's name (Chinese names are identifiers too)


@dataclass(frozen=True)
class FigureCall:
    """One choice of the picker."""

    call: str = "tally"
    type: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    measure: str = "text"  # tally: text or one measure; yoy, share: persons, batches or pair; cumulative
    form: str = "percent"
    places: str = "1"
    prefix: str = DEFAULT_PREFIX
    columns: tuple[str, ...] = ()  # records: the ledger's columns shown, each under its own name

    @classmethod
    def of(cls, params: Mapping[str, str], columns: tuple[str, ...], type_: str,
           filters: dict[str, str]) -> FigureCall:
        """The picker's query as a call; what is not offered falls back to the default."""
        call = params.get("call", "tally")
        call = call if call in CALLS else "tally"
        measure = params.get("measure", "")
        allowed = {"tally": TALLY_MEASURES, "yoy": tuple(COMPARED), "share": tuple(COMPARED),
                   "cumulative": tuple(CUMULATED), "records": ("",)}[call]
        measure = measure if measure in allowed else allowed[0]
        form = params.get("form", "percent")
        places = params.get("places", "1")
        prefix = params.get("prefix", DEFAULT_PREFIX)
        return cls(call, type_, dict(filters), measure, form if form in FORMS else "percent",
                   places if places in PLACES else "1", prefix[:8], columns)

    @property
    def is_table(self) -> bool:
        return self.call == "records"

    def expression(self) -> str:
        """The text to insert: {{ figures.tally('接待来访', 渠道='党宾外宾') }} (README's notation)."""
        args = [literal(self.type)]
        if self.call in ("yoy", "share"):
            args.append("['batches', 'persons']" if self.measure == PAIR else literal(self.measure))
        elif self.call == "cumulative" and self.measure != "batches":
            args.append(literal(self.measure))
        named = {n: v for n, v in self.filters.items() if _NAME.match(n) and not keyword.iskeyword(n)}
        args += [f"{name}={literal(value)}" for name, value in named.items()]
        if self.call == "yoy" and self.form != "percent":
            args.append(f"form={literal(self.form)}")
        if self.call in ("yoy", "share") and self.places != "1":
            args.append(f"places={self.places}")
        if self.call == "yoy" and self.prefix:
            args.append(f"prefix={literal(self.prefix)}")
        # A dimension whose name cannot be written name=… (结果（是否签约）) goes in **{…}, last
        # as a call requires: a filter the clerk chose is never dropped.
        spread = {n: v for n, v in self.filters.items() if n not in named}
        if spread:
            args.append("**{" + ", ".join(f"{literal(n)}: {literal(v)}" for n, v in spread.items()) + "}")
        call = f"figures.{self.call if self.call != 'records' else 'tally'}({', '.join(args)})"
        if self.call == "tally" and self.measure == "amount":
            call += ".amount_text"
        elif self.call == "tally" and self.measure != "text":
            call += f".{self.measure}"
        return "{{ " + call + " }}"

    def records_spec(self) -> dict:
        """A records table's spec (schema.RecordsSpec): the type, the filters, a column each."""
        return {"type": self.type, "where": dict(self.filters), "columns": {c: c for c in self.columns}}


def literal(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
