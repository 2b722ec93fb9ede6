"""Adding up ledger records: a Tally per type and filter."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from reportgen.figures.notes import Note
from reportgen.figures.wording import amount_text, tally_text
from reportgen.ledger import Record


@dataclass(frozen=True)
class Tally:
    """The figures of one slice of the ledger, and their usual wording."""

    batches: int
    persons: int
    amount: Decimal  # 万元
    records: int
    counterparts: int  # distinct delegations, companies, persons named
    person_unit: str
    # What the reader should know about these numbers; not part of their value.
    notes: tuple[Note, ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        return tally_text(self.batches, self.persons, self.person_unit)

    def text(self, sep: str = "", unit: str | None = None) -> str:
        """28批368人次; text("、") gives 155批、278人次; unit="人" for persons counted once."""
        return tally_text(self.batches, self.persons, unit or self.person_unit, sep)

    def qizhong(self, label: str, unit: str | None = None) -> str:
        """其中市领导8批10人."""
        return f"其中{label}{self.text(unit=unit)}"

    @property
    def amount_text(self) -> str:
        return amount_text(self.amount)

    def measure(self, name: str) -> Decimal:
        return Decimal(getattr(self, name))


def matches(record: Record, type_: str, tag: str | None, country: str | None, dims: dict[str, str]) -> bool:
    if record.type != type_:
        return False
    if tag is not None and tag not in record.tags:
        return False
    if country is not None and record.country != country:
        return False
    return all(record.dim(key) == value for key, value in dims.items())


def add_up(records: Iterable[Record], person_unit: str) -> Tally:
    batches = persons = count = 0
    amount = Decimal(0)
    counterparts = set()
    for record in records:
        batches += record.batches
        persons += record.persons
        amount += record.amount
        count += 1
        if record.counterpart:
            counterparts.add(record.counterpart)
    return Tally(batches, persons, amount, count, len(counterparts), person_unit)
