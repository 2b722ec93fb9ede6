"""The figures as the templates and the input's own text read them: `figures.…`.

Figures are frozen; an answer that comes with a caveat (a `Note`) hands it to
this view, which keeps it in the list its caller gave. The caller (compose)
renders one text at a time and turns that text's notes into warnings at the
text's own place in the input. These methods are the whole public surface of
`figures` in a template (templates/README.md documents each).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.figures.notes import Note

if TYPE_CHECKING:
    from reportgen.figures import Figures, Tally, TargetResult
    from reportgen.figures.sister_cities import SisterCities
    from reportgen.figures.tables import TableData


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

    def tally(self, type: str, tag: str | None = None, country: str | None = None, **dims: str) -> Tally:
        found = self._figures.tally(type, tag, country, **dims)
        self._notes.extend(found.notes)
        return found

    def yoy(self, type: str, measure: str = "persons", tag: str | None = None, prefix: str = "", **dims: str) -> str:
        return self._figures.yoy(type, measure, tag, prefix, **dims)

    def countries(self, type: str, **dims: str) -> list[tuple[str, int]]:
        return self._figures.countries(type, **dims)

    def statistics(self, specs) -> TableData:
        return self._figures.statistics(specs)

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
