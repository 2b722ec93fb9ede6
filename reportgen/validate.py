"""Stage 2b: check the loaded data against the schema and say, in Chinese, what is wrong.

Every problem is collected in one run, each with file, line, column and field
path, so the user can fix them all at once.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from reportgen.errors import FieldPath, Problem, ReportError
from reportgen.load import LoadedInput, SourceMap
from reportgen.messages import did_you_mean, translate
from reportgen.numbering_check import numbering_problems
from reportgen.schema import BLOCK_TAGS, ReportInput
from reportgen.typography import SENTENCE_END

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
    report = validate_model(loaded, ReportInput, _structure_problems(loaded.data, loaded.source))
    # Numbers typed into headings and the numbering choices need the validated model.
    _raise(numbering_problems(report, loaded.source))
    return report


def validate_model(loaded: LoadedInput, model: type[M], more: Sequence[Problem] = (),
                   guide: str | None = None) -> M:
    """Validate any input file (a report, a catalogue, a ledger) against `model`.
    `guide` says where the file's format is described, for the hint of a missing field."""
    problems = list(more)
    result = None
    try:
        result = model.model_validate(loaded.data)
    except ValidationError as err:
        problems += _schema_problems(loaded.source, err.errors(), model, guide)
    _raise(problems)
    assert result is not None
    return result


def _raise(problems: Sequence[Problem]) -> None:
    unique = list(dict.fromkeys(problems))
    if unique:
        raise ReportError(sorted(unique, key=lambda p: (p.file or "", p.line or 0, p.column or 0)))


def input_path(loc: tuple) -> FieldPath:
    """An error's location as a path in the input: the tags pydantic adds to say
    which kind of paragraph it tried (text, list, table) are not keys of the file."""
    parts = list(loc)
    cleaned = []
    for i, part in enumerate(parts):
        # A tag follows a paragraph's index: ("paragraphs", 0, "list", "list", "items").
        if part in BLOCK_TAGS and i > 0 and isinstance(parts[i - 1], int):
            continue
        cleaned.append(part)
    return tuple(cleaned)


def _schema_problems(source: SourceMap, errors: list, model: type[BaseModel],
                     guide: str | None = None) -> list[Problem]:
    # A misspelt key shows up twice: as unknown, and as the field now missing.
    # When the misspelling is close to the missing name, one message says both.
    unknown = set()
    for e in errors:
        if e["type"] == "extra_forbidden":
            loc = input_path(e["loc"])
            close = did_you_mean(str(loc[-1]), allowed_keys(model, loc[:-1]))
            if close:
                unknown.add((loc[:-1], close))
    problems = []
    for e in errors:
        loc = input_path(e["loc"])
        if e["type"] == "missing" and (loc[:-1], loc[-1]) in unknown:
            continue
        problems.append(_problem(source, e, loc, model, guide))
    return problems


def _problem(source: SourceMap, error: Any, loc: FieldPath, model: type[BaseModel],
             guide: str | None) -> Problem:
    kind = error["type"]
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    label = field_label(model, loc)
    value = error.get("input")

    if kind == "string_pattern_mismatch" and name == "copy_number":
        return source.problem(
            loc, f"份号“{value}”应为 6 位阿拉伯数字", "如 copy_number: \"000012\"（加引号，保留前面的 0）"
        )
    # Everything else in the words every file's errors are said in (messages.py).
    allowed = allowed_keys(model, loc[:-1]) if kind == "extra_forbidden" else ()
    said = translate(error, label, name, allowed, _EXAMPLE.get(name))
    hint = said.hint
    if kind in {"model_type", "model_attributes_type", "dict_type"} and guide:
        hint = f"{hint or ''}格式见 {guide}。"
    if kind == "missing" and guide and name not in _EXAMPLE:
        hint = f"{hint}格式见 {guide}。"
    return source.problem(loc, said.message, hint)


def allowed_keys(model: type[BaseModel], loc: FieldPath) -> list[str]:
    """The keys valid at `loc` in a file of `model` (aliases where a field has one),
    for "did you mean" hints and the list of what may stand there."""
    return [field.alias or name for name, field in _model_at(model, loc).model_fields.items()]


def field_label(model: type[BaseModel], loc: FieldPath) -> str:
    """The Chinese title of the field at `loc` (its name when it has none)."""
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    keys = [i for i, p in enumerate(loc) if isinstance(p, str)]
    parent = _model_at(model, loc[: keys[-1]]) if keys else model
    field = _field(parent, name)
    if field is not None and field.title:
        return field.title
    # A dimension of a ledger record, a key under a mapping: the name is all there is.
    return name


def _field(model: type[BaseModel], key: object):
    """The field `key` names, by its name or its alias (the input writes `continue`, `list`)."""
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            return field
    return None


def _model_at(model: type[BaseModel], loc: FieldPath) -> type[BaseModel]:
    """The model whose fields stand at `loc` (list indexes and mapping keys stepped over;
    among a union's models, the one that has the key that follows)."""
    expect_key = False
    for index, part in enumerate(loc):
        if isinstance(part, int):
            continue
        if expect_key:  # a key of dict[str, Model]: the model is the value's
            expect_key = False
            continue
        field = _field(model, part)
        if field is None:
            break
        candidates = _models_in(field.annotation)
        if not candidates:
            break
        following = next((p for p in loc[index + 1:] if isinstance(p, str)), None)
        inner = next((m for m in candidates if following is not None and _field(m, following) is not None),
                     candidates[0])
        expect_key = typing.get_origin(field.annotation) is dict
        model = inner
    return model


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = typing.get_origin(annotation)
    found: list[type[BaseModel]] = []
    if origin in (list, dict, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found += [m for m in _models_in(arg) if m not in found]
    return found


def _model_in(annotation: Any) -> type[BaseModel] | None:
    found = _models_in(annotation)
    return found[0] if found else None


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
            problems += _node_problems(part, path, source)
    return problems


def _node_problems(node: dict, path: FieldPath, source: SourceMap) -> list[Problem]:
    problems = []
    heading = node.get("heading")
    if node.get("run_in") is True:
        if not node.get("paragraphs"):
            problems.append(source.problem(
                (*path, "run_in"), "标题设为与正文同段（run_in: true），但下面没有段落",
                "请在 paragraphs 中写出紧接标题的文字，或删去 run_in。",
            ))
        if isinstance(heading, str) and heading.strip() and heading.strip()[-1] not in SENTENCE_END:
            problems.append(source.problem(
                (*path, "heading"), f"与正文同段的标题“{heading.strip()}”应以“。”结尾",
                "段中标题只到第一个句号为止使用标题字体（GB/T 9704-2012 7.3.3），请在标题末尾加“。”。",
            ))
    children = node.get("sections")
    if not isinstance(children, list):
        return problems
    for i, child in enumerate(children):
        # How deep headings may go depends on the numbering (numbering_check.py).
        if isinstance(child, dict):
            problems += _node_problems(child, (*path, "sections", i), source)
    return problems
