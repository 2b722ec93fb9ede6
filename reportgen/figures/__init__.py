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
from dataclasses import dataclass
from decimal import Decimal

from reportgen.catalogue import ActivityType, Catalogue
from reportgen.errors import FieldPath, Problem, ReportError
from reportgen.figures.comparison import Change, Comparison, change_text, change_wording, exact, share_wording
from reportgen.figures.notes import Note
from reportgen.figures.plan_check import TargetResult, check_target, target_unit
from reportgen.figures.sister_cities import SisterCities
from reportgen.figures.tables import TableData, records_table, sister_cities_table, statistics_table
from reportgen.figures.tally import MEASURE_NAMES, Tally, add_up, matches, measure_word, split_tag
from reportgen.figures.view import FigureView
from reportgen.figures.wording import amount_text, percent_text, rate_change_text
from reportgen.ledger import Ledger
from reportgen.load import SourceMap
from reportgen.messages import choices, suggestion
from reportgen.quantity import Quantity
from reportgen.schema import Declared, RecordsSpec, ReportInput, Target

__all__ = ["Comparison", "FigureView", "Figures", "Note", "Tally", "TargetResult", "compute"]

MEASURES = tuple(MEASURE_NAMES)


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
    source: SourceMap | None = None  # of the input, to name a declared total's line

    # -- totals ---------------------------------------------------------------
    def tally(self, type: str, tag: str | tuple[str, ...] | None = None, country: str | None = None,
              **dims: str) -> Tally:
        """The records of `type` (narrowed by tag, country and dimensions), added up.

        When the ledger has no record of the type, a declared total for the
        same slice stands in (where both exist, the ledger's numbers are used
        and `compute` has already warned of any disagreement).
        """
        kind = self.activity_type(type)
        self.check_dimensions(type, dims)
        tags = current_tags(tag)
        filtered = bool(tags or country or dims)
        what = f"“{type}”{_slice(tags, country, dims)}"
        narrow = _Narrow(self, type, tags, country, dims)
        if self.has_records(type):
            records = [r for r in self.ledger.records if matches(r, type, tags, country, dims)]
            found = add_up(records, kind.person_unit, kind.count_unit, what, filtered)
            return dataclasses.replace(found, narrow=narrow)
        declared = self._declared(type, tags, dims) if country is None and len(tags) <= 1 else None
        if declared is None:
            zero = Quantity.exact(0)
            return Tally(zero, zero, zero, 0, 0, kind.person_unit, kind.count_unit, notes=(Note(
                f"{what}在台账中没有记录，也没有申报合计，按0计",
                "请在台账中记录这类活动，或在 declared 中写明合计。",
            ),), filtered=filtered, narrow=narrow)
        path, entry = declared
        return Tally(
            batches=self._stated(entry.batches, path, "batches", what),
            persons=self._stated(entry.persons, path, "persons", what),
            amount=self._stated(entry.amount, path, "amount", what),
            records=0,
            counterparts=self._stated(entry.counterparts, path, "counterparts", what),
            person_unit=kind.person_unit, count_unit=kind.count_unit, filtered=filtered, narrow=narrow,
        )

    def _stated(self, value: Quantity | None, path: FieldPath, measure: str, what: str) -> Quantity:
        """A declared total's figure; unknown (with its line) where the entry leaves it out."""
        if value is not None:
            return value
        line = self.source.position(path)[0] if self.source is not None else None
        file = self.source.file if self.source is not None else "输入文件"
        where = f"{file} 第 {line} 行的申报合计（declared）" if line else f"{file} 的申报合计（declared）"
        return Quantity.unknown((f"{where}中的“{MEASURE_NAMES[measure]}”",), f"{what}的{MEASURE_NAMES[measure]}")

    def has_records(self, type: str) -> bool:
        return any(r.type == type for r in self.ledger.records)

    def countries(self, type: str, **dims: str) -> list[tuple[str, Quantity]]:
        """(country, batches) for a type, most batches first."""
        totals: dict[str, Quantity] = {}
        for record in self.ledger.records:
            if matches(record, type, (), None, dims) and record.country:
                totals[record.country] = totals.get(record.country, Quantity.exact(0)) + record.batches
        return sorted(totals.items(), key=lambda item: (-item[1].require(), item[0]))

    def records(self, spec: RecordsSpec) -> TableData:
        """A table of the ledger's records, one row each (see figures/tables.py)."""
        return records_table(self, spec)

    def statistics(self, specs) -> TableData:
        """The statistics table of an attachment (see figures/tables.py)."""
        return statistics_table(self, specs)

    def sister_city_list(self) -> TableData:
        return sister_cities_table(self.sister_cities)

    # -- comparisons ------------------------------------------------------------
    def yoy(self, type: str, measure: str | tuple[str, ...] | list[str] = "persons", tag: str | None = None,
            prefix: str = "", suffix: str = "", form: str = "percent", places: int = 1,
            fallback: str | None = None, than: str | None = None, country: str | None = None,
            **dims: str) -> Comparison:
        """同比增长12.5%, 同比分别下降8%、增长2% (a pair of measures), 比上年增加5批
        (form="difference"), 比上年增长1.5倍 (form="times"); `places` decimals.

        `prefix` ("，人次") and `suffix` are written around the comparison. Without
        a previous year `fallback` stands in for the comparison, or, without one,
        the comparison is left out with its prefix and suffix; a note says so
        and the caller warns at the text that asked.
        """
        measures = _measures(measure)
        current = self.tally(type, tag=tag, country=country, **dims)  # checks the names even without a previous year
        if self.previous is None:
            note = Note(f"没有{self.previous_year}年的数据，“{type}”的同比比较已省略"
                        + (f"，改用“{fallback}”" if fallback else ""),
                        f"把{self.previous_year}年的输入放在同一文件夹（{self.previous_year}.yaml），"
                        "或用 previous: 指明；也可给这处比较写 fallback='…'。")
            return Comparison(f"{prefix}{fallback}{suffix}" if fallback else "", notes=(note,))
        previous = self.previous.tally(type, tag=tag, country=country, **dims)
        changes = []
        for name in measures:
            what = f"“{type}”{_slice(current_tags(tag), country, dims)}的{MEASURE_NAMES[name]}"
            changes.append(Change(
                exact(current.measure(name), f"{self.year}年{what}"),
                exact(previous.measure(name), f"{self.previous_year}年{what}"),
                _unit_of(current, name, type),
            ))
        found = change_wording(changes, form, places, than)
        # A year that recorded none of the slice was counted as 0 (下降100%): its note goes with the comparison.
        notes = (*current.notes, *(Note(f"{self.previous_year}年{n.message}", n.hint) for n in previous.notes))
        return dataclasses.replace(found, text=f"{prefix}{found.text}{suffix}", notes=notes)

    def share(self, type: str, measure: str | tuple[str, ...] | list[str] = "persons", tag: str | None = None,
              country: str | None = None, of: dict[str, str] | None = None, places: int = 1,
              prefix: str = "", suffix: str = "", **dims: str) -> Comparison:
        """占48% (this slice of the type's whole, or of the slice `of` names); for a
        pair of measures, 分别占48%、69%."""
        measures = _measures(measure)
        part = self.tally(type, tag=tag, country=country, **dims)
        whole_tag, whole_dims = split_tag(of or {})
        whole = self.tally(type, tag=whole_tag, **whole_dims)
        what = f"“{type}”{_slice(current_tags(tag), country, dims)}"
        found = share_wording(
            [exact(part.measure(m), f"{what}的{MEASURE_NAMES[m]}") for m in measures],
            [exact(whole.measure(m), f"“{type}”合计的{MEASURE_NAMES[m]}") for m in measures], places)
        return dataclasses.replace(found, text=f"{prefix}{found.text}{suffix}")

    def cumulative(self, type: str, measure: str = "batches", tag: str | None = None,
                   unit: str | None = None, **dims: str) -> Comparison:
        """截至2017年底累计1829张: this year's figure and every earlier year's (their
        inputs, or the archive's), from the latest year that declares a cumulative
        total (declared with 累计: true) or from the first year there is."""
        measures = _measures(measure)
        if len(measures) != 1:
            raise ValueError("cumulative 一次只算一项（measure 写 batches 或 persons）")
        name = measures[0]
        kind = self.activity_type(type)
        total = Quantity.exact(0)
        figures: Figures | None = self
        first = self.year
        base = False
        while figures is not None:
            stated = figures._declared(type, current_tags(tag), dims, cumulative=True)
            if stated is not None:
                value = getattr(stated[1], name, None)
                if value is None:
                    raise ValueError(f"{figures.year}年申报的“{type}”累计数没有写{MEASURE_NAMES[name]}")
                total, first, base = total + value, figures.year, True
                break
            year = figures.tally(type, tag=tag, **dims)
            if year.notes and figures is not self:
                break  # that year recorded none of this type: the sum starts after it
            total = total + year.measure(name)
            first = figures.year
            figures = figures.previous
        word = unit or _unit_of(kind, name, type)
        notes: tuple[Note, ...] = ()
        if not base:
            notes = (Note(
                f"“{type}”的累计数只加总了{first}—{self.year}年的数字（更早的年份没有输入或没有这类数字，"
                "也没有申报累计数）",
                f"若{first}年以前也有，请在{first}年的输入中申报截至当年年底的累计数（declared 中写 累计: true）。",
            ),)
        return Comparison(f"截至{self.year}年底累计{total}{word}", notes=notes)

    @staticmethod
    def change(current, previous) -> str:
        return change_text(current, previous)

    @staticmethod
    def rate_change(current, previous) -> str:
        return rate_change_text(current, previous)

    @staticmethod
    def amount(wan) -> str:
        return amount_text(wan if isinstance(wan, Quantity) else Decimal(str(wan)))

    @staticmethod
    def percent(part, whole) -> str:
        return percent_text(part, whole)

    # -- names ------------------------------------------------------------------
    def activity_type(self, type: str) -> ActivityType:
        """The catalogue's entry for `type`; ValueError with a suggestion if there is none."""
        kind = self.catalogue.types.get(type)
        if kind is None:
            raise ValueError(f"活动类型“{type}”不在目录中。{suggestion(type, self.catalogue.types, cutoff=0.3)}"
                             f"目录“{self.catalogue.name}”中的类型：{'、'.join(self.catalogue.types)}")
        return kind

    def check_dimensions(self, type: str, dims: dict[str, str]) -> None:
        """A misspelt dimension or value would silently count nothing: refuse it."""
        kind = self.activity_type(type)
        for key, value in dims.items():
            dimension = kind.dimensions.get(key)
            if dimension is None:
                known = "、".join(kind.dimensions) or "（无）"
                raise ValueError(f"活动类型“{type}”没有“{key}”这一分类。{suggestion(key, kind.dimensions)}"
                                 f"它的分类：{known}")
            if dimension.values is not None and value not in dimension.values:
                hint = suggestion(value, dimension.values, cutoff=0.3)
                raise ValueError(f"{key}“{value}”不是可选的值。{hint}可选：{choices(dimension.values)}")

    def _declared(self, type: str, tags: tuple[str, ...], dims: dict[str, str], cumulative: bool = False):
        tag = tags[0] if tags else None
        for path, entry in self.declared:
            if entry.type == type and entry.tag == tag and _dimensions_of(entry) == dims \
                    and entry.cumulative == cumulative:
                return path, entry
        return None


class _Narrow:
    """A slice narrowed further (for Tally.qizhong): the parent's filters and the new ones."""

    def __init__(self, figures: Figures, type: str, tags: tuple[str, ...], country: str | None,
                 dims: dict[str, str]):
        self.figures, self.type, self.tags, self.country, self.dims = figures, type, tags, country, dims

    def __call__(self, tags: tuple[str, ...], country: str | None, dims: dict[str, str]) -> Tally:
        if country is not None and self.country is not None and country != self.country:
            raise ValueError(f"合计已限定为国家“{self.country}”，其中不能再是“{country}”")
        clash = [k for k in dims if k in self.dims and dims[k] != self.dims[k]]
        if clash:
            raise ValueError(f"合计已限定{clash[0]}为“{self.dims[clash[0]]}”，其中不能再是“{dims[clash[0]]}”")
        return self.figures.tally(self.type, tag=tuple(dict.fromkeys((*self.tags, *tags))),
                                  country=country or self.country, **{**self.dims, **dims})


def current_tags(tag: str | tuple[str, ...] | None) -> tuple[str, ...]:
    return (tag,) if isinstance(tag, str) else tuple(tag or ())


def _measures(measure: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    measures = (measure,) if isinstance(measure, str) else tuple(measure)
    for name in measures:
        if name not in MEASURES:
            raise ValueError(f"measure 只能是 {'、'.join(MEASURES)}，而不是“{name}”。{suggestion(name, MEASURES)}")
    if not 1 <= len(measures) <= 2:
        raise ValueError("measure 写一项，或两项（如 ['batches', 'persons']）")
    return measures


def _unit_of(units: Tally | ActivityType, measure: str, type: str) -> str:
    """The word after a figure of `measure`; persons of a type that counts none are refused ("0None")."""
    word = measure_word(units, measure)
    if word is None:
        raise ValueError(f"活动类型“{type}”在目录中不计人数（person_unit 为 null），不能按人数（persons）计算")
    return word


# The measures a declared total may state, as its messages and the web editor's figure picker name them.
MEASURE_LABELS = {"batches": "批次", "persons": "人数", "amount": "金额（万元）", "counterparts": "对方数"}


def _slice(tags: tuple[str, ...] | str | None, country: str | None, dims: dict[str, str]) -> str:
    parts = [f"{k}={v}" for k, v in dims.items()]
    parts += [f"标签={tag}" for tag in current_tags(tags)]
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
        source=source,
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
        result = check_target(target, actual, target_unit(target, catalogue))
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
        if entry.cumulative or not figures.has_records(entry.type):
            continue
        counted = figures.tally(entry.type, tag=entry.tag, **dims)
        for measure in MEASURE_LABELS:  # the measures a declared total may state
            stated = getattr(entry, measure)
            ledger = counted.measure(measure)
            if stated is None or not ledger.known or ledger == stated:
                continue
            found.append(source.problem(
                path, f"“{entry.type}”{_slice(entry.tag, None, dims)}的{MEASURE_LABELS[measure]}："
                      f"台账合计为 {ledger}，申报合计为 {stated}，报告采用台账的数字",
                "请核对台账或修改 declared 中的合计。"))
    if problems:
        raise ReportError(problems)
    return found


def _actual(figures: Figures, target: Target) -> Quantity:
    count = target.count
    if count.sister_cities is not None:
        return Quantity.exact(figures.sister_cities.new_count(count.sister_cities))
    tag, where = split_tag(count.where)
    return figures.tally(count.activity, tag=tag, **where).measure(count.measure)
