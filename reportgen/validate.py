"""Stage 2b: check the loaded data against the schema and say, in Chinese, what is wrong.

Every problem is collected in one run, each with file, line, column and field
path, so the user can fix them all at once.
"""

from __future__ import annotations

import datetime as dt
import difflib
import types
import typing
from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from reportgen.errors import FieldPath, Problem, ReportError
from reportgen.load import LoadedInput, SourceMap
from reportgen.schema import MAX_LEVEL, ReportInput

M = TypeVar("M", bound=BaseModel)

# What a field is called in a message is its title in the model (schema.py,
# catalogue.py), the same title the JSON Schema and the web editor show.

_EXAMPLE = {
    "office": "office: 南昌市外事侨务办公室",
    "year": "year: 2011",
    "date": "date: 2012-02-27",
    "heading": "heading: 对外交流上新水平。",
}


def validate(loaded: LoadedInput) -> ReportInput:
    """Return the validated input, or raise ReportError listing every problem."""
    # The structural checks read the raw data, so they run even when the schema
    # failed: the user sees every problem in one run.
    return validate_model(loaded, ReportInput, _structure_problems(loaded.data, loaded.source))


def validate_model(loaded: LoadedInput, model: type[M], more: Sequence[Problem] = ()) -> M:
    """Validate any input file (a report, a catalogue, a ledger) against `model`."""
    problems = list(more)
    result = None
    try:
        result = model.model_validate(loaded.data)
    except ValidationError as err:
        problems += _schema_problems(loaded.source, err.errors(), model)
    unique = list(dict.fromkeys(problems))
    if unique:
        raise ReportError(sorted(unique, key=lambda p: (p.file or "", p.line or 0, p.column or 0)))
    assert result is not None
    return result


def _schema_problems(source: SourceMap, errors: list, model: type[BaseModel]) -> list[Problem]:
    # A misspelt key shows up twice: as unknown, and as the field now missing.
    # When the misspelling is close to the missing name, one message says both.
    unknown = set()
    for e in errors:
        if e["type"] == "extra_forbidden":
            allowed = _allowed_keys(model, e["loc"][:-1])
            close = difflib.get_close_matches(str(e["loc"][-1]), allowed, n=1, cutoff=0.5)
            if close:
                unknown.add((tuple(e["loc"][:-1]), close[0]))
    return [
        _problem(source, e, model) for e in errors
        if not (e["type"] == "missing" and (tuple(e["loc"][:-1]), e["loc"][-1]) in unknown)
    ]


def _problem(source: SourceMap, error: Any, model: type[BaseModel]) -> Problem:
    loc: FieldPath = tuple(error["loc"])
    kind = error["type"]
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    label = field_label(model, loc)
    value = error.get("input")

    if kind == "missing":
        example = _EXAMPLE.get(name)
        return source.problem(
            loc, f"缺少必填字段“{name}”（{label}）",
            f"请在此处加上一行，例如 {example}" if example else f"请加上“{name}: …”。",
        )
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        close = difflib.get_close_matches(str(name), allowed, n=1, cutoff=0.5)
        hint = f"是不是“{close[0]}”？" if close else ""
        hint += f"此处可用的字段：{'、'.join(allowed)}。"
        return source.problem(loc, f"未知字段“{name}”", hint)
    if kind == "string_pattern_mismatch" and name == "copy_number":
        return source.problem(
            loc, f"份号“{value}”应为 6 位阿拉伯数字", "如 copy_number: \"000012\"（加引号，保留前面的 0）"
        )
    # A text emptied (office: "") fails the Text type's min_length as "too_short", as a list would.
    if kind in {"string_type", "string_too_short"} or (kind == "too_short" and isinstance(value, str)):
        if value is None or value == "":
            return source.problem(loc, f"{label}不能为空", "请填写内容，或删除这一行。")
        return source.problem(loc, f"{label}应为一段文字，而不是{_describe(value)}")
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return source.problem(loc, f"{label}应为整数，而不是“{value}”", "例如 year: 2011")
    if kind in {"greater_than_equal", "less_than_equal"}:
        return source.problem(loc, f"{label}“{value}”超出合理范围（1949—2100）")
    if kind.startswith("date") or kind.startswith("datetime"):
        shown = value.isoformat() if hasattr(value, "isoformat") else value
        return source.problem(
            loc, f"{label}“{shown}”不是有效的日期",
            "请写成 2012-02-27 或 2012年2月27日 的形式，且须是日历上存在的日期。",
        )
    if kind in {"bool_type", "bool_parsing"}:
        return source.problem(loc, f"{label}应为 true 或 false，而不是“{value}”")
    if kind == "list_type":
        return source.problem(loc, f"{label}应为列表，每一项以“- ”开头，而不是{_describe(value)}")
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return source.problem(
            loc, f"{label}应为“键: 值”形式的内容，而不是{_describe(value)}",
            "请对照示例文件检查此处的缩进。",
        )
    if kind in {"finite_number", "decimal_parsing", "decimal_type"}:
        return source.problem(loc, f"{label}应为一个数，而不是“{value}”", "例如 5.2")
    if kind == "value_error":
        message = str(error.get("ctx", {}).get("error", error["msg"]))
        return source.problem(loc, f"{label}{message}")
    return source.problem(loc, f"{label}有误：{error['msg']}")


def _describe(value: object) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return f"“{str(value).lower()}”"
    if isinstance(value, dict):
        return "一组“键: 值”"
    if isinstance(value, list):
        return "列表"
    return f"“{value}”"


def _allowed_keys(model: type[BaseModel], loc: FieldPath) -> list[str]:
    """The field names of the model that stands at `loc`, for "did you mean" hints."""
    return list(_model_at(model, loc).model_fields)


def field_label(model: type[BaseModel], loc: FieldPath) -> str:
    """The Chinese title of the field at `loc` (its name when it has none)."""
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    keys = [i for i, p in enumerate(loc) if isinstance(p, str)]
    parent = _model_at(model, loc[: keys[-1]]) if keys else model
    field = parent.model_fields.get(name)
    if field is not None and field.title:
        return field.title
    # A dimension of a ledger record, a key under a mapping: the name is all there is.
    return name


def _model_at(model: type[BaseModel], loc: FieldPath) -> type[BaseModel]:
    """The model whose fields stand at `loc` (list indexes and mapping keys stepped over)."""
    expect_key = False
    for part in loc:
        if isinstance(part, int):
            continue
        if expect_key:  # a key of dict[str, Model]: the model is the value's
            expect_key = False
            continue
        field = model.model_fields.get(part)
        if field is None:
            break
        inner = _model_in(field.annotation)
        if inner is None:
            break
        expect_key = typing.get_origin(field.annotation) is dict
        model = inner
    return model


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, dict, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


def labels_by_name(model: type[BaseModel] = ReportInput) -> dict[str, str]:
    """Field name → its title, for a caller that has only a name (the nearest model's
    title wins: breadth first from `model`). Derived from the models, never typed twice."""
    labels: dict[str, str] = {}
    queue, seen = [model], set()
    while queue:
        current = queue.pop(0)
        if current in seen:
            continue
        seen.add(current)
        for name, field in current.model_fields.items():
            if field.title:
                labels.setdefault(name, field.title)
            inner = _model_in(field.annotation)
            if inner is not None:
                queue.append(inner)
    return labels


FIELD_LABELS = labels_by_name()


def _structure_problems(data: Any, source: SourceMap) -> list[Problem]:
    problems = []
    year, date = data.get("year"), data.get("date")
    if isinstance(year, int) and isinstance(date, dt.date) and date.year < year:
        problems.append(source.problem(
            ("date",), f"成文日期 {date.isoformat()} 早于报告年度 {year} 年",
            "成文日期通常在报告年度的年末或次年年初，请检查 year 和 date。",
        ))
    if not any(data.get(key) for key in ("summary", "plan", "parts")):
        problems.append(source.problem(
            (), "报告没有正文部分",
            "请至少填写 summary（工作总结）、plan（工作打算）或 parts（其他部分）之一。",
        ))
    parts = data.get("parts")
    named: list[tuple[FieldPath, Any]] = [(("summary",), data.get("summary")), (("plan",), data.get("plan"))]
    if isinstance(parts, list):
        for i, part in enumerate(parts):
            if isinstance(part, dict) and not part.get("heading"):
                problems.append(source.problem(
                    ("parts", i), "parts 中的每一部分都须有 heading（一级标题）", "例如 heading: 存在的问题",
                ))
            named.append((("parts", i), part))
    for path, part in named:
        if isinstance(part, dict):
            problems += _node_problems(part, path, level=1, source=source)
    return problems


def _node_problems(node: dict, path: FieldPath, level: int, source: SourceMap) -> list[Problem]:
    problems = []
    heading = node.get("heading")
    if node.get("run_in") is True:
        if not node.get("paragraphs"):
            problems.append(source.problem(
                (*path, "run_in"), "标题设为与正文同段（run_in: true），但下面没有段落",
                "请在 paragraphs 中写出紧接标题的文字，或删去 run_in。",
            ))
        if isinstance(heading, str) and heading.strip() and heading.strip()[-1] not in "。！？":
            problems.append(source.problem(
                (*path, "heading"), f"与正文同段的标题“{heading.strip()}”应以“。”结尾",
                "段中标题只到第一个句号为止使用标题字体（GB/T 9704-2012 7.3.3），请在标题末尾加“。”。",
            ))
    children = node.get("sections")
    if not isinstance(children, list):
        return problems
    for i, child in enumerate(children):
        child_path = (*path, "sections", i)
        if level + 1 > MAX_LEVEL:
            problems.append(source.problem(
                child_path, f"标题层次超过 {MAX_LEVEL} 层（一、（一）1.（1））",
                "公文结构层次最多四层（GB/T 9704-2012 7.3.3），请把这一层并入上一层的段落。",
            ))
        elif isinstance(child, dict):
            problems += _node_problems(child, child_path, level + 1, source)
    return problems
