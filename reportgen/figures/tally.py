"""Adding up ledger records: a Tally per type and filter."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from reportgen.catalogue import ActivityType
from reportgen.figures.notes import Note
from reportgen.figures.wording import amount_text, tally_text
from reportgen.ledger import Record
from reportgen.quantity import Approx, Quantity

ZERO = Quantity.exact(0)
# What each measure is called in a message (的人数, 没有写金额).
MEASURE_NAMES = {"batches": "数量", "persons": "人数", "amount": "金额", "records": "记录条数",
                 "counterparts": "对方数"}


@dataclass(frozen=True)
class Tally:
    """The figures of one slice of the ledger, and their usual wording.

    `persons` and `amount` are unknown (printing them is an error naming the
    cells) when a record of the slice left them empty; approximate when one
    was written so (40多)."""

    batches: Quantity  # in the type's count unit (批, 个, 件, …)
    persons: Quantity  # in its person unit (人, 人次, 名)
    amount: Quantity  # 万元
    records: int
    counterparts: int  # distinct delegations, companies, persons named
    person_unit: str | None  # None: the type counts no persons
    count_unit: str = "批"
    # What the reader should know about these numbers; not part of their value.
    notes: tuple[Note, ...] = field(default=(), compare=False)
    # Narrowed by a tag, country or dimension (a part of its type, not the whole).
    filtered: bool = field(default=False, compare=False)
    # The same slice narrowed further: (tags, country, dims) → Tally, for `qizhong`.
    narrow: Callable[..., Tally] | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        return self.text()

    def __html__(self) -> str:
        return str(self)

    def text(self, sep: str = "", unit: str | None = None, count_unit: str | None = None,
             persons: bool = True) -> str:
        """28批368人次; text("、") gives 155批、278人次; unit="人" for persons counted
        once, count_unit="个" for another measure word; persons=False: the count alone."""
        person_unit = (unit or self.person_unit) if persons else None
        return tally_text(self.batches, self.persons, count_unit or self.count_unit, person_unit, sep)

    def qizhong(self, label: str, tag: str | None = None, country: str | None = None, unit: str | None = None,
                count_unit: str | None = None, prefix: str = "", suffix: str = "", sep: str = "",
                **dims: str) -> str:
        """其中市领导8批10人: the part of this slice with `tag` (or a country or dimension value).

        Without such a filter the whole would be printed as the part, so it is
        refused. A part that is zero is left out with its `prefix` and `suffix`."""
        if tag is None and country is None and not dims:
            raise ValueError(
                f"qizhong(“{label}”) 没有说明“其中”是哪一部分：请加上 tag='…' 或分类（如 渠道='友城'），"
                "否则会把全部合计写成“其中”的数字")
        if self.narrow is None:
            raise ValueError("这个合计不能再细分")
        part = self.narrow((tag,) if tag else (), country, dims)
        if part.batches.is_zero and (part.persons.is_zero or part.person_unit is None):
            if not (prefix or suffix):
                raise ValueError(
                    f"“其中{label}”为0，这一句应省略：请把它前面的标点写进 prefix（如 prefix='，'），"
                    "为0时连同标点一起省略")
            return ""
        return f"{prefix}其中{label}{part.text(sep, unit, count_unit)}{suffix}"

    @property
    def amount_text(self) -> str:
        return amount_text(self.amount)

    def measure(self, name: str) -> Quantity:
        value = getattr(self, name)
        return value if isinstance(value, Quantity) else Quantity.exact(value)


def measure_word(units: Tally | ActivityType, measure: str) -> str | None:
    """The word after a figure of `measure`, from a tally's or its type's units (they have the
    same): the count unit, the person unit (None: the type counts no persons), 万元 or 个."""
    if measure == "batches":
        return units.count_unit
    if measure == "persons":
        return units.person_unit
    return "万元" if measure == "amount" else "个"


def split_tag(where: dict[str, str]) -> tuple[str | None, dict[str, str]]:
    """A filter as the input writes it ({渠道: 友城, tag: 市领导}, or 标签: 市领导): its tag and its dimensions."""
    dims = dict(where)
    return dims.pop("tag", dims.pop("标签", None)), dims


def matches(record: Record, type_: str, tags: tuple[str, ...], country: str | None, dims: dict[str, str]) -> bool:
    if record.type != type_:
        return False
    if any(tag not in record.tags for tag in tags):
        return False
    if country is not None and record.country != country:
        return False
    return all(record.dim(key) == value for key, value in dims.items())


def add_up(records: Iterable[Record], person_unit: str | None, count_unit: str = "批", what: str = "",
           filtered: bool = False) -> Tally:
    """The slice's totals; a measure left empty in any record is unknown, with those cells named."""
    records = list(records)
    counterparts = {r.counterpart for r in records if r.counterpart}
    return Tally(
        batches=_sum(records, "batches", "批次", what),
        persons=_sum(records, "persons", "人数", what),
        amount=_sum(records, "amount", "金额", what),
        records=len(records), counterparts=len(counterparts),
        person_unit=person_unit, count_unit=count_unit, filtered=filtered,
    )


def _sum(records: list[Record], name: str, column: str, what: str) -> Quantity:
    # Exact figures (nearly all of them) are added as Decimals; only the approximate
    # ones go through Quantity's rules for approximate sums.
    exact = Decimal(0)
    all_wan = bool(records)
    approximate: list[Quantity] = []
    missing = []
    for record in records:
        value = getattr(record, name)
        if value is None:
            missing.append(f"{record.where}的“{column}”")
        elif value.approx is Approx.EXACT:
            exact += value.value
            all_wan = all_wan and value.wan
        else:
            approximate.append(value)
    if missing:
        return Quantity.unknown(tuple(missing), f"{what}的{MEASURE_NAMES[name]}")
    total = Quantity(exact, wan=all_wan and not approximate)
    for value in approximate:
        total = total + value
    return total
