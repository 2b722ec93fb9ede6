"""Last year's plan against this year's result: 完成, 超额完成, 未完成."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from reportgen.catalogue import Catalogue
from reportgen.figures.tally import measure_word
from reportgen.figures.wording import plain
from reportgen.quantity import Quantity
from reportgen.schema import Target

DONE, EXCEEDED, MISSED = "完成", "超额完成", "未完成"


@dataclass(frozen=True)
class TargetResult:
    label: str
    target: Decimal
    actual: Quantity  # may be approximate (40多): the lower bound is what was surely done
    unit: str

    @property
    def status(self) -> str:
        actual = self.actual.require()
        if actual > self.target:
            return EXCEEDED
        return DONE if actual == self.target else MISSED

    @property
    def met(self) -> bool:
        return self.actual.require() >= self.target

    @property
    def text(self) -> str:
        """缔结友好城市：计划1个，实际2个，超额完成。"""
        return f"{self.label}：计划{plain(self.target, 2)}{self.unit}，实际{self.actual}{self.unit}，{self.status}。"


def target_unit(target: Target, catalogue: Catalogue | None) -> str:
    """The target's measure word: its own, else the catalogue's for what is counted
    (without a catalogue, 个)."""
    if target.unit:
        return target.unit
    count = target.count
    kind = catalogue.types.get(count.activity) if count.activity and catalogue is not None else None
    if kind is None:
        return "个"
    return measure_word(kind, count.measure) or "人"


def check_target(target: Target, actual: Quantity, unit: str = "个") -> TargetResult:
    return TargetResult(label=target.label, target=target.value, actual=actual, unit=unit)
