"""Stage 3: the figures a report states, computed from the year's record.

`Figures` is frozen: totals per activity type and dimension from the ledger (or
from totals stated directly), sister cities, year-on-year comparisons with the
previous year's figures, and last year's plan checked against this year's
result. What does not add up is known when the figures are computed and kept in
`warnings`, each naming where its numbers came from. A query whose answer needs
a caveat (a total nobody recorded) returns it with the answer as `notes`;
whoever prints the answer decides where the caveat points (see `FigureView`).
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass
from decimal import Decimal

from reportgen.catalogue import ActivityType, Catalogue
from reportgen.errors import FieldPath, Problem, ReportError
from reportgen.figures.notes import Note
from reportgen.figures.plan_check import TargetResult, check_target
from reportgen.figures.sister_cities import SisterCities
from reportgen.figures.tables import TableData, sister_cities_table, statistics_table
from reportgen.figures.tally import Tally, add_up, matches
from reportgen.figures.view import FigureView
from reportgen.figures.wording import amount_text, change_text, percent_text, rate_change_text
from reportgen.ledger import Ledger
from reportgen.load import SourceMap
from reportgen.schema import Declared, ReportInput, Target

__all__ = ["FigureView", "Figures", "Note", "Tally", "TargetResult", "compute"]

MEASURES = ("batches", "persons", "amount", "records", "counterparts")


@dataclass(frozen=True)
class Figures:
    year: int
    next_year: int
    previous_year: int
    catalogue: Catalogue
    ledger: Ledger
    declared: tuple[tuple[FieldPath, Declared], ...]
    sister_cities: SisterCities
    previous: Figures | None = None
    plan_check: tuple[TargetResult, ...] = ()
    warnings: tuple[Problem, ...] = ()

    # -- totals ---------------------------------------------------------------
    def tally(self, type: str, tag: str | None = None, country: str | None = None, **dims: str) -> Tally:
        """The records of `type` (narrowed by tag, country and dimensions), added up.

        When the ledger has no record of the type, a declared total for the
        same slice stands in (where both exist, the ledger's numbers are used
        and `compute` has already warned of any disagreement).
        """
        kind = self.activity_type(type)
        self.check_dimensions(type, dims)
        records = [r for r in self.ledger.records if matches(r, type, tag, country, dims)]
        if self.has_records(type):
            return add_up(records, kind.person_unit)
        declared = self._declared(type, tag, dims) if country is None else None
        if declared is None:
            return Tally(0, 0, Decimal(0), 0, 0, kind.person_unit, notes=(Note(
                f"“{type}”{_slice(tag, country, dims)}在台账中没有记录，也没有申报合计，按0计",
                "请在台账中记录这类活动，或在 declared 中写明合计。",
            ),))
        entry = declared[1]
        return Tally(
            batches=entry.batches if entry.batches is not None else 0,
            persons=entry.persons if entry.persons is not None else 0,
            amount=entry.amount if entry.amount is not None else Decimal(0),
            records=0,
            counterparts=entry.counterparts if entry.counterparts is not None else 0,
            person_unit=kind.person_unit,
        )

    def has_records(self, type: str) -> bool:
        return any(r.type == type for r in self.ledger.records)

    def countries(self, type: str, **dims: str) -> list[tuple[str, int]]:
        """(country, batches) for a type, most batches first."""
        totals: dict[str, int] = {}
        for record in self.ledger.records:
            if matches(record, type, None, None, dims) and record.country:
                totals[record.country] = totals.get(record.country, 0) + record.batches
        return sorted(totals.items(), key=lambda item: (-item[1], item[0]))

    def statistics(self, specs) -> TableData:
        """The statistics table of an attachment (see figures/tables.py)."""
        return statistics_table(self, specs)

    def sister_city_list(self) -> TableData:
        return sister_cities_table(self.sister_cities)

    # -- comparisons ------------------------------------------------------------
    def yoy(self, type: str, measure: str = "persons", tag: str | None = None, prefix: str = "", **dims: str) -> str:
        """同比增长12.5%, or "" when there is no previous year to compare with.

        `prefix` ("，人次") is written before the comparison and left out with it,
        so the sentence reads right with and without a previous year.
        """
        if measure not in MEASURES:
            raise ValueError(f"measure 只能是 {'、'.join(MEASURES)}")
        current = self.tally(type, tag=tag, **dims).measure(measure)  # checks the names even without a previous year
        if self.previous is None:
            return ""
        previous = self.previous.tally(type, tag=tag, **dims).measure(measure)
        return prefix + change_text(current, previous)

    @staticmethod
    def change(current, previous) -> str:
        return change_text(current, previous)

    @staticmethod
    def rate_change(current, previous) -> str:
        return rate_change_text(current, previous)

    @staticmethod
    def amount(wan) -> str:
        return amount_text(Decimal(str(wan)))

    @staticmethod
    def percent(part, whole) -> str:
        return percent_text(part, whole)

    # -- names ------------------------------------------------------------------
    def activity_type(self, type: str) -> ActivityType:
        """The catalogue's entry for `type`; ValueError with a suggestion if there is none."""
        kind = self.catalogue.types.get(type)
        if kind is None:
            close = difflib.get_close_matches(type, list(self.catalogue.types), n=1, cutoff=0.3)
            raise ValueError(f"活动类型“{type}”不在目录中" + (f"，是不是“{close[0]}”？" if close else ""))
        return kind

    def check_dimensions(self, type: str, dims: dict[str, str]) -> None:
        """A misspelt dimension or value would silently count nothing: refuse it."""
        kind = self.activity_type(type)
        for key, value in dims.items():
            dimension = kind.dimensions.get(key)
            if dimension is None:
                known = "、".join(kind.dimensions) or "（无）"
                raise ValueError(f"活动类型“{type}”没有“{key}”这一分类；它的分类：{known}")
            if dimension.values is not None and value not in dimension.values:
                close = difflib.get_close_matches(value, dimension.values, n=1, cutoff=0.3)
                hint = f"是不是“{close[0]}”？" if close else ""
                raise ValueError(f"{key}“{value}”不是可选的值。{hint}可选：{'、'.join(dimension.values)}")

    def _declared(self, type: str, tag: str | None, dims: dict[str, str]):
        for path, entry in self.declared:
            if entry.type == type and entry.tag == tag and _dimensions_of(entry) == dims:
                return path, entry
        return None


_MEASURE_LABELS = {"batches": "批次", "persons": "人数", "amount": "金额（万元）", "counterparts": "对方数"}


def _slice(tag: str | None, country: str | None, dims: dict[str, str]) -> str:
    parts = [f"{k}={v}" for k, v in dims.items()]
    if tag:
        parts.append(f"标签={tag}")
    if country:
        parts.append(f"国家={country}")
    return f"（{'，'.join(parts)}）" if parts else ""


def _dimensions_of(entry: Declared) -> dict[str, str]:
    return {k: str(v) for k, v in (entry.model_extra or {}).items()}


def compute(
    report: ReportInput,
    source: SourceMap,
    catalogue: Catalogue,
    ledger: Ledger,
    previous: Figures | None = None,
    previous_targets: list[tuple[FieldPath, Target]] | None = None,
    previous_source: SourceMap | None = None,
) -> Figures:
    figures = Figures(
        year=report.year,
        next_year=report.year + 1,
        previous_year=report.year - 1,
        catalogue=catalogue,
        ledger=ledger,
        declared=tuple((("declared", i), d) for i, d in enumerate(report.declared)),
        sister_cities=SisterCities(tuple(report.sister_cities), report.year),
        previous=previous,
    )
    warnings = [*ledger.warnings, *_declared_against_ledger(figures, source)]
    for country in figures.sister_cities.unknown_countries():
        warnings.append(Problem(f"国家“{country}”不在区域表中，按区域统计时计入“其他”", file=source.file))
    results = []
    for path, target in previous_targets or []:
        try:
            actual = _actual(figures, target)
        except ValueError as err:
            where = previous_source or source
            raise ReportError(where.problem((*path, "count"), f"上年计划的目标有误：{err}")) from None
        result = check_target(target, actual)
        results.append(result)
        if not result.met and previous_source is not None:
            warnings.append(previous_source.problem(
                path, f"上年计划“{target.label}”未完成：{result.text}",
            ))
    return dataclasses.replace(figures, plan_check=tuple(results), warnings=tuple(dict.fromkeys(warnings)))


def _declared_against_ledger(figures: Figures, source: SourceMap) -> list[Problem]:
    """Every declared total whose type the ledger records too, checked against the
    ledger's sum of the same slice: the ledger wins, the difference is a warning."""
    problems, found = [], []
    for path, entry in figures.declared:
        dims = _dimensions_of(entry)
        try:
            figures.check_dimensions(entry.type, dims)
        except ValueError as err:
            problems.append(source.problem(path, f"申报合计有误：{err}"))
            continue
        if not figures.has_records(entry.type):
            continue
        counted = figures.tally(entry.type, tag=entry.tag, **dims)
        for measure in ("batches", "persons", "amount", "counterparts"):
            stated = getattr(entry, measure)
            if stated is not None and Decimal(stated) != Decimal(getattr(counted, measure)):
                found.append(source.problem(
                    path, f"“{entry.type}”{_slice(entry.tag, None, dims)}的{_MEASURE_LABELS[measure]}："
                          f"台账合计为 {getattr(counted, measure)}，申报合计为 {stated}，报告采用台账的数字",
                    "请核对台账或修改 declared 中的合计。"))
    if problems:
        raise ReportError(problems)
    return found


def _actual(figures: Figures, target: Target) -> Decimal:
    count = target.count
    if count.sister_cities is not None:
        return Decimal(figures.sister_cities.new_count(count.sister_cities))
    where = dict(count.where)
    tag = where.pop("tag", None)
    return figures.tally(count.activity, tag=tag, **where).measure(count.measure)
