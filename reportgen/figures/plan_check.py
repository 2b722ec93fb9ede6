"""Last year's plan against this year's result: 完成, 超额完成, 未完成."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from reportgen.figures.wording import plain
from reportgen.schema import Target

DONE, EXCEEDED, MISSED = "完成", "超额完成", "未完成"


@dataclass(frozen=True)
class TargetResult:
    label: str
    target: Decimal
    actual: Decimal
    unit: str

    @property
    def status(self) -> str:
        if self.actual > self.target:
            return EXCEEDED
        return DONE if self.actual == self.target else MISSED

    @property
    def met(self) -> bool:
        return self.actual >= self.target

    @property
    def text(self) -> str:
        """缔结友好城市：计划1个，实际2个，超额完成。"""
        return (f"{self.label}：计划{plain(self.target, 2)}{self.unit}，"
                f"实际{plain(self.actual, 2)}{self.unit}，{self.status}。")


def check_target(target: Target, actual: Decimal) -> TargetResult:
    return TargetResult(label=target.label, target=target.value, actual=actual, unit=target.unit)
