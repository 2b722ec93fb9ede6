"""Stage 3: the figures a report states, computed from the validated input.

Today these are the years the fixed wording needs; the activity ledger, totals
and year-on-year comparisons (issue 4) are computed here too, so that templates
and YAML text read numbers from one place instead of typing them.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.schema import ReportInput


@dataclass(frozen=True)
class Figures:
    year: int
    next_year: int
    previous_year: int


def compute(report: ReportInput) -> Figures:
    return Figures(year=report.year, next_year=report.year + 1, previous_year=report.year - 1)
