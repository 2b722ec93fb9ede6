"""Tables computed from the record: the statistics table, the list of sister
cities and a table of ledger records. Numbers are worded by wording.py, as in
the text; a cell that would print an unknown figure is an error naming the
ledger's empty cells, a measure no record of a row has is "—"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportgen.figures.comparison import change_text
from reportgen.figures.tally import matches, split_tag
from reportgen.figures.wording import plain
from reportgen.messages import suggestion
from reportgen.quantity import Quantity
from reportgen.schema import LEDGER_NAMES

NOT_RECORDED = "—"


@dataclass(frozen=True)
class TableData:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]


def statistics_table(figures, specs) -> TableData:
    """项目 | 批次 | 人数 | 单位 [| 金额（万元）] [| 人数同比], a row per type or per dimension value.
    When the types count in other measure words than 批, the column is 数量 and 单位 names both."""
    slices = []
    for spec in specs:
        kind = figures.activity_type(spec.type)
        label = spec.label or kind.label
        if spec.by is None:
            slices.append((label, spec.type, {}))
            continue
        dimension = kind.dimensions.get(spec.by)
        if dimension is None or dimension.values is None:
            known = [name for name, d in kind.dimensions.items() if d.values is not None]
            raise ValueError(f"“{spec.type}”没有可逐项列出的分类“{spec.by}”。{suggestion(spec.by, known)}"
                             f"可逐项列出的分类：{'、'.join(known) or '（无）'}")
        slices += [(f"{label}（{value}）", spec.type, {spec.by: value}) for value in dimension.values]
    tallies = [(label, figures.tally(type_, **dims), type_, dims) for label, type_, dims in slices]
    with_amount = any(t.amount.known and not t.amount.is_zero for _, t, _, _ in tallies)
    with_change = figures.previous is not None
    only_batches = all(t.count_unit == "批" for _, t, _, _ in tallies)
    count = "批次" if only_batches else "数量"
    header = ["项目", count, "人数", "单位"] + (["金额（万元）"] if with_amount else []) + \
        (["人数同比"] if with_change else [])
    rows = []
    for label, tally, type_, dims in tallies:
        unit = tally.person_unit or ""
        if not only_batches:
            unit = "/".join(u for u in (tally.count_unit, tally.person_unit) if u)
        persons = str(tally.persons) if tally.person_unit else NOT_RECORDED
        row = [label, str(tally.batches), persons, unit]
        if with_amount:
            row.append(_amount_cell(tally.amount))
        if with_change:
            last = figures.previous.tally(type_, **dims)
            previous = last.persons
            if last.notes:  # nothing recorded last year: no comparison, not "上年为零"
                row.append("—")
            elif tally.persons.is_exact and previous.is_exact:
                row.append(change_text(tally.persons.require(), previous.require()).removeprefix("同比") or "—")
            else:
                row.append("—")
        rows.append(tuple(row))
    numeric = tuple(name in {"批次", "数量", "人数", "金额（万元）"} for name in header)
    return TableData(tuple(header), tuple(rows), numeric)


def _amount_cell(amount: Quantity) -> str:
    if amount.is_exact:
        return plain(amount.require(), 2)
    return str(amount)


def sister_cities_table(registry) -> TableData:
    """序号 | 国家 | 城市 | 类别 | 级别 | 建立时间, those in force at the year's end."""
    header = ("序号", "国家", "城市", "类别", "级别", "建立时间")
    cities = [c for kind in ("友好城市", "友好交流城市") for c in registry.in_force(kind, None)]
    rows = tuple(
        (str(i), c.country, c.city, c.kind + ("（意向书）" if c.status == "意向书" else ""), c.level,
         _when(c.established))
        for i, c in enumerate(cities, 1)
    )
    return TableData(header, rows, (True, False, False, False, False, False))


def _when(established) -> str:
    if established is None:
        return "—"
    if isinstance(established, dt.date):
        return f"{established.year}年{established.month}月"
    return f"{established}年"


_NUMERIC_FIELDS = {"batches", "persons", "amount"}


def records_table(figures, spec) -> TableData:
    """One row per ledger record of a type (narrowed by `where`), in date order:
    each column shows a ledger column (by its Chinese name, schema.LEDGER_NAMES),
    a dimension or a notes column (备注)."""
    kind = figures.activity_type(spec.type)
    tag, where = split_tag(spec.where)
    figures.check_dimensions(spec.type, where)
    records = [r for r in figures.ledger.records if matches(r, spec.type, (tag,) if tag else (), None, where)]
    note_names = {name for r in records for name, _ in r.notes}
    known = [*LEDGER_NAMES, *kind.dimensions, *sorted(note_names)]
    for column in spec.columns.values():
        if column not in LEDGER_NAMES and column not in kind.dimensions and column not in note_names:
            raise ValueError(f"记录表的列“{column}”不是“{spec.type}”台账中的列。{suggestion(column, known)}"
                             f"可用：{'、'.join(known)}")
    if not records:
        raise ValueError(f"台账中没有“{spec.type}”的记录，记录表是空的")
    records.sort(key=lambda r: (r.date or dt.date.max, r.where))
    rows = tuple(tuple(_record_cell(r, column, kind) for column in spec.columns.values()) for r in records)
    numeric = tuple(LEDGER_NAMES.get(c) in _NUMERIC_FIELDS for c in spec.columns.values())
    return TableData(tuple(spec.columns), rows, numeric)


def _record_cell(record, column: str, kind) -> str:
    field = LEDGER_NAMES.get(column)
    if field is None:
        return record.dim(column) or dict(record.notes).get(column, "")
    value = getattr(record, field)
    if field == "date":
        return f"{value.month}月{value.day}日" if value else ""
    if field == "tags":
        return "、".join(sorted(value))
    if field in _NUMERIC_FIELDS:
        if value is None:
            return ""
        return plain(value.require(), 2) if field == "amount" and value.is_exact else str(value)
    return value or ""
