"""What each column of a ledger's header row holds, decided once per file.

A header is a field of the record (类型, 批次, …, in Chinese or English), a
dimension of the catalogue's types (渠道, 结果), or a notes column (备注). A
header close to a known one ("批数" for 批次, "人数（人）" for 人数) is a slip:
one error at the header line with the suggestion, not one per row. Any other
column is kept as notes on each record (shown by a records table, never
counted), with one warning saying so.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.catalogue import Catalogue
from reportgen.errors import Problem
from reportgen.messages import did_you_mean
from reportgen.schema import LEDGER_NAMES, NOTE_COLUMNS, Activity

# Two-character headers share one character with many a column name ("方向", "对方"):
# only a closer likeness (or a known slip, messages.KNOWN_SLIPS) counts as a misspelling.
HEADER_CUTOFF = 0.6
# The record's own fields by every name a header may give them.
FIELD_NAMES = {**LEDGER_NAMES, **{name: name for name in Activity.model_fields if name != "notes"}}
# The base columns, in order, with the header a ledger writes them under (the template's,
# and the example an error about a header gives).
BASE_HEADERS: tuple[tuple[str, str], ...] = (
    ("type", "类型"), ("date", "日期"), ("counterpart", "对方"), ("country", "国家或地区"),
    ("batches", "批次"), ("persons", "人数"), ("amount", "金额（万元）"), ("tags", "标签"),
)


@dataclass(frozen=True)
class Columns:
    fields: tuple[str | None, ...]  # per column: a field, a dimension, or None (a notes column)
    notes: dict[int, str]  # column index → its header, for the notes columns


def plan_columns(headers: list[str], catalogue: Catalogue | None, file: str,
                 line: int = 1) -> tuple[Columns, list[Problem], list[Problem]]:
    """(columns, errors, warnings) for a header row."""
    dimensions = {name for kind in (catalogue.types.values() if catalogue else ()) for name in kind.dimensions}
    known = [*FIELD_NAMES, *sorted(dimensions)]
    fields: list[str | None] = []
    notes: dict[int, str] = {}
    errors: list[Problem] = []
    kept: list[str] = []
    for index, header in enumerate(headers):
        name = header.strip()
        if name in FIELD_NAMES:
            fields.append(FIELD_NAMES[name])
        elif name in dimensions or catalogue is None:
            fields.append(name)
        elif not name:
            fields.append(None)
        elif name in NOTE_COLUMNS:
            fields.append(None)
            notes[index] = name
        elif (close := did_you_mean(name, known, cutoff=HEADER_CUTOFF)) is not None:
            fields.append(None)
            errors.append(Problem(
                f"表头第 {index + 1} 列“{name}”不是台账的列名，是不是“{close}”？", file=file, line=line,
                field=name, hint=_hint(name, close),
            ))
        else:
            fields.append(None)
            notes[index] = name
            kept.append(name)
    warnings = []
    if kept:
        warnings.append(Problem(
            f"表头中的{'、'.join(f'“{k}”' for k in kept)}不是台账的列，已作为备注保留（不参与统计）",
            file=file, line=line,
            hint="记录表可以显示备注列（records 的 columns 中写列名）；"
                 "若是分类，请在活动类型目录的 dimensions 中加上它。",
        ))
    return Columns(tuple(fields), notes), errors, warnings


def _hint(name: str, close: str) -> str:
    if close == "人数" and "人" in name:
        return "请把表头改为“人数”：人数的单位（人或人次）由活动类型目录决定，不写在表头里。"
    return f"请把表头改为“{close}”。"
