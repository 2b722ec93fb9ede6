"""The figures as the templates and the input's own text read them: `figures.…`.

Figures are frozen; an answer that comes with a caveat (a `Note`) hands it to
this view, which keeps it in the list its caller gave. The caller (compose)
renders one text at a time and turns that text's notes into warnings at the
text's own place in the input. These methods are the whole public surface of
`figures` in a template: templates/README.md documents each, and a test checks
that the documented names and these are the same.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from reportgen.figures.notes import Note

if TYPE_CHECKING:
    from reportgen.figures import Comparison, Figures, Tally, TargetResult
    from reportgen.figures.sister_cities import SisterCities
    from reportgen.figures.tables import TableData
    from reportgen.quantity import Quantity


class FigureView:
    def __init__(self, figures: Figures, notes: list[Note]):
        self._figures = figures
        self._notes = notes

    @property
    def year(self) -> int:
        return self._figures.year

    @property
    def sister_cities(self) -> SisterCities:
        return self._figures.sister_cities

    @property
    def plan_check(self) -> tuple[TargetResult, ...]:
        return self._figures.plan_check

    @property
    def has_previous(self) -> bool:
        """Whether last year's figures are there to compare with."""
        return self._figures.previous is not None

    def tally(self, type: str, tag: str | None = None, country: str | None = None, **dims: str) -> Tally:
        found = self._figures.tally(type, tag, country, **dims)
        self._notes.extend(found.notes)
        return dataclasses.replace(found, narrow=_Noting(found.narrow, self._notes))

    def yoy(self, type: str, measure="persons", tag: str | None = None, prefix: str = "", suffix: str = "",
            form: str = "percent", places: int = 1, fallback: str | None = None, than: str | None = None,
            country: str | None = None, **dims: str) -> Comparison:
        found = self._figures.yoy(type, measure, tag, prefix, suffix, form, places, fallback, than, country, **dims)
        self._notes.extend(found.notes)
        return found

    def share(self, type: str, measure="persons", tag: str | None = None, country: str | None = None,
              of: dict | None = None, places: int = 1, prefix: str = "", suffix: str = "",
              **dims: str) -> Comparison:
        return self._figures.share(type, measure, tag, country, of, places, prefix, suffix, **dims)

    def cumulative(self, type: str, measure: str = "batches", tag: str | None = None, unit: str | None = None,
                   **dims: str) -> Comparison:
        found = self._figures.cumulative(type, measure, tag, unit, **dims)
        self._notes.extend(found.notes)
        return found

    def countries(self, type: str, **dims: str) -> list[tuple[str, Quantity]]:
        return self._figures.countries(type, **dims)

    def statistics(self, specs) -> TableData:
        return self._figures.statistics(specs)

    def records(self, spec) -> TableData:
        return self._figures.records(spec)

    def sister_city_list(self) -> TableData:
        return self._figures.sister_city_list()

    def change(self, current, previous) -> str:
        return self._figures.change(current, previous)

    def rate_change(self, current, previous) -> str:
        return self._figures.rate_change(current, previous)

    def amount(self, wan) -> str:
        return self._figures.amount(wan)

    def percent(self, part, whole) -> str:
        return self._figures.percent(part, whole)


class _Noting:
    """A tally's narrowing (qizhong) whose answers' notes go to the same list."""

    def __init__(self, narrow, notes: list[Note]):
        self._narrow, self._notes = narrow, notes

    def __call__(self, *args):
        found = self._narrow(*args)
        self._notes.extend(found.notes)
        return found
