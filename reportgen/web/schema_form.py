"""Form fields generated from the input's pydantic models (reportgen/schema.py).

Each field's Chinese name and help come from the model: the Field's `title` and
`description`, else the names validate.py gives fields in its messages, else
the CSV headers the ledger reader knows. Nothing here or in the templates types
a field's name again. The widget follows the annotation: text, several lines,
number, date, yes/no, one of a few values, a list, a nested group.

`field_at` resolves a field path against the schema: the page may only set
fields the schema has, and the value is converted to the field's type.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import types
import typing
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from reportgen.errors import FieldPath
from reportgen.web import pipeline
from reportgen.web.yamldoc import to_date


class Widget(StrEnum):
    """How a field is edited, from its annotation (the templates compare with these values)."""

    TEXT = "text"
    MULTILINE = "multiline"  # a title: its line breaks count
    INT = "int"
    DECIMAL = "decimal"
    DATE = "date"
    YEAR_OR_DATE = "year-or-date"
    BOOL = "bool"
    CHOICE = "choice"  # one of a few values
    CHOICES = "choices"  # several of a list
    LINES = "lines"  # a list of short texts
    PARAGRAPHS = "paragraphs"  # a list of texts
    BLOCKS = "blocks"  # the body's paragraphs: texts, lists and tables (schema.Block)
    MODEL = "model"  # a nested group
    MODELS = "models"  # a list of groups
    GRID = "grid"  # a list of rows of cells
    MAPPING = "mapping"


@dataclass(frozen=True)
class FormField:
    key: str
    label: str
    help: str | None
    kind: Widget
    required: bool
    choices: tuple[tuple[str, str], ...] = ()
    model: type[BaseModel] | None = None
    default: Any = None


def yaml_keys(model: type[BaseModel]) -> list[str]:
    """The keys an input writes for `model`'s fields, in the model's order (an alias where
    the field has one: `list` for ListBlock.enumeration, `continue` for Numbering.continued)."""
    return [info.alias or name for name, info in model.model_fields.items()]


def label(model: type[BaseModel], key: str) -> str:
    info = model.model_fields.get(pipeline.field_name(model, key) or key)
    if info is not None and info.title:
        return info.title
    labels = pipeline.field_labels()
    if key in labels:
        return labels[key]
    columns = {field: header for header, field in pipeline.ledger_column_names().items() if not header.isascii()}
    return columns.get(key, key)


def model_title(model: type[BaseModel]) -> str:
    """The model's Chinese name (schema.described)."""
    return str(model.model_config.get("title") or model.__name__)


def form_fields(model: type[BaseModel]) -> list[FormField]:
    return [_field(model, key) for key in yaml_keys(model)]


def _field(model: type[BaseModel], key: str) -> FormField:
    """The field the YAML key `key` sets (KeyError if the model has none)."""
    name = pipeline.field_name(model, key)
    if name is None:
        raise KeyError(key)
    info = model.model_fields[name]
    annotation = info.annotation
    kind, choices, inner = _kind(annotation, name)
    default = None if info.is_required() else info.get_default(call_default_factory=True)
    if isinstance(default, BaseModel):
        default = None
    if isinstance(default, enum.Enum):
        default = default.value
    return FormField(key, label(model, key), info.description, kind, info.is_required(), choices, inner, default)


def _unwrap_optional(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
        return tuple(args)
    return annotation


def _base(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _kind(annotation: Any, key: str) -> tuple[Widget, tuple, type[BaseModel] | None]:
    title_text = pipeline.title_text_type()
    unwrapped = _unwrap_optional(annotation)
    if isinstance(unwrapped, tuple):  # a date or a year
        return Widget.YEAR_OR_DATE, (), None
    if unwrapped == title_text:
        return Widget.MULTILINE, (), None
    base = _base(unwrapped)
    origin = typing.get_origin(base)
    if origin is typing.Literal:
        return Widget.CHOICE, tuple((str(v), _choice_label(key, str(v))) for v in typing.get_args(base)), None
    if origin is list:
        (item,) = typing.get_args(base)
        item_base = _base(item)
        if isinstance(item_base, type) and issubclass(item_base, BaseModel):
            return Widget.MODELS, (), item_base
        if typing.get_origin(item_base) is list:
            return Widget.GRID, (), None
        if key == "profile":
            return Widget.CHOICES, tuple(pipeline.profile_choices()), None
        if key in ("paragraphs", "closing", "opening"):
            # A union of texts, lists and tables (schema.Block) or texts only (an attachment's).
            is_blocks = typing.get_origin(item_base) in (typing.Union, types.UnionType)
            return (Widget.BLOCKS if is_blocks else Widget.PARAGRAPHS), (), None
        return Widget.LINES, (), None
    if origin is dict:
        return Widget.MAPPING, (), None
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return Widget.CHOICE, tuple((str(m.value), str(m.value)) for m in base), None
    if isinstance(base, type) and issubclass(base, BaseModel):
        return Widget.MODEL, (), base
    if base is bool:
        return Widget.BOOL, (), None
    if base is int:
        return Widget.INT, (), None
    if base is decimal.Decimal:
        return Widget.DECIMAL, (), None
    if base is dt.date:
        return Widget.DATE, (), None
    return Widget.TEXT, (), None


def _choice_label(key: str, value: str) -> str:
    if key == "measure":
        return pipeline.measure_labels().get(value, value)
    return value


SCALAR_KINDS = {Widget.TEXT, Widget.MULTILINE, Widget.INT, Widget.DECIMAL, Widget.DATE, Widget.YEAR_OR_DATE,
                Widget.BOOL, Widget.CHOICE}


# The widgets of a list, whose items a path steps into by index.
LISTS = {Widget.MODELS, Widget.LINES, Widget.PARAGRAPHS, Widget.BLOCKS, Widget.GRID, Widget.CHOICES}


def is_flat(model: type[BaseModel]) -> bool:
    """Whether every field of `model` is one value: its list is shown as a table, a row each."""
    return all(field.kind in SCALAR_KINDS for field in form_fields(model))


def field_at(path: FieldPath) -> FormField:
    """The schema's field at `path` (list indexes step into the item's model, a paragraph's
    `list` or `table` into that block's model); KeyError if none."""
    model: type[BaseModel] = pipeline.schema_model()
    found: FormField | None = None
    in_block = False  # just stepped onto one paragraph of the body
    for part in path:
        if isinstance(part, int):
            if found is None or found.kind not in LISTS:
                raise KeyError(path)
            if found.kind == Widget.MODELS:
                model = found.model
            in_block = found.kind == Widget.BLOCKS
            continue
        if in_block:
            block = pipeline.block_models().get(part)
            if block is None:
                raise KeyError(path)
            model, in_block = block, False
        elif found is not None and found.kind not in (Widget.MODEL, Widget.MODELS):
            raise KeyError(path)
        elif found is not None:
            model = found.model
        try:
            found = _field(model, part)
        except KeyError:
            raise KeyError(path) from None
    if found is None:
        raise KeyError(path)
    return found


def model_at(path: FieldPath) -> type[BaseModel]:
    """The model whose fields stand at `path` (the root for ())."""
    if not path:
        return pipeline.schema_model()
    field = field_at(path if not isinstance(path[-1], int) else path[:-1])
    if field.model is None:
        raise KeyError(path)
    return field.model


def convert(field: FormField, raw: str, item: bool = False) -> Any:
    """A form's text as the YAML value the field takes. What does not convert stays text:
    validation then says what is wrong with it, in the CLI's words."""
    text = raw.replace("\r\n", "\n")
    kind = field.kind
    if item:
        return text.strip()
    if kind == Widget.BOOL:
        return text in ("true", "on", "1")
    if kind == Widget.INT:
        return int(text) if text.strip().lstrip("-").isdigit() else text.strip()
    if kind == Widget.DECIMAL:
        try:
            number = decimal.Decimal(text.strip())
        except decimal.InvalidOperation:
            return text.strip()
        return int(number) if number == number.to_integral_value() else float(number)
    if kind == Widget.DATE:
        return to_date(text)
    if kind == Widget.YEAR_OR_DATE:
        stripped = text.strip()
        return int(stripped) if stripped.isdigit() else to_date(stripped)
    if kind == Widget.MULTILINE:
        return "\n".join(line.rstrip() for line in text.strip().splitlines())
    return text.strip()


def as_written(text: str, old: Any) -> Any:
    """A table cell typed over one written as a number stays a number when it still is one
    (5 → 6, not '6'): the YAML keeps its way of writing the cell."""
    if isinstance(old, bool) or not isinstance(old, int | float):
        return text
    try:
        number = decimal.Decimal(text)
    except decimal.InvalidOperation:
        return text
    if isinstance(old, int) and text.lstrip("-").isdigit():
        return int(text)
    if number.is_finite() and "." in text:
        return float(text) if str(float(text)) == text else text
    return text
