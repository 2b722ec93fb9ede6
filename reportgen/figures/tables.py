"""Attachment tables computed from the record: the statistics table and the list
of sister cities. Numbers are worded by wording.py, as in the text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportgen.figures.wording import change_text, plain


@dataclass(frozen=True)
class TableData:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]


def statistics_table(figures, specs) -> TableData:
    """项目 | 批次 | 人数 | 单位 [| 金额（万元）] [| 人数同比], a row per type or per dimension value."""
    slices = []
    for spec in specs:
        kind = figures.activity_type(spec.type)
        label = spec.label or kind.label
        if spec.by is None:
            slices.append((label, spec.type, {}))
            continue
        dimension = kind.dimensions.get(spec.by)
        if dimension is None or dimension.values is None:
            raise ValueError(f"“{spec.type}”没有可逐项列出的分类“{spec.by}”")
        slices += [(f"{label}（{value}）", spec.type, {spec.by: value}) for value in dimension.values]
    tallies = [(label, figures.tally(type_, **dims), type_, dims) for label, type_, dims in slices]
    with_amount = any(t.amount for _, t, _, _ in tallies)
    with_change = figures.previous is not None
    header = ["项目", "批次", "人数", "单位"] + (["金额（万元）"] if with_amount else []) + \
        (["人数同比"] if with_change else [])
    rows = []
    for label, tally, type_, dims in tallies:
        row = [label, str(tally.batches), str(tally.persons), tally.person_unit]
        if with_amount:
            row.append(plain(tally.amount, 2))
        if with_change:
            previous = figures.previous.tally(type_, **dims).persons
            row.append(change_text(tally.persons, previous).removeprefix("同比") or "—")
        rows.append(tuple(row))
    numeric = tuple(name in {"批次", "人数", "金额（万元）"} for name in header)
    return TableData(tuple(header), tuple(rows), numeric)


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
