"""The catalogue of activity types: data, not code.

A catalogue names the kinds of activity an office records, the unit its
persons are counted in and the dimensions each kind is broken down by. The
shipped one covers a foreign-affairs office (reportgen/catalogues/); another
office writes its own YAML beside its inputs and names it in `catalogue:`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from reportgen.errors import Problem, ReportError
from reportgen.load import load_input
from reportgen.messages import suggestion
from reportgen.schema import Text
from reportgen.validate import validate_model

SHIPPED = Path(__file__).resolve().parent / "catalogues"
# Where the format is described, for messages about a catalogue an office wrote.
GUIDE = "docs/catalogue.md（或随附的目录 reportgen/catalogues/foreign-affairs.yaml）"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Dimension(_Strict):
    """A breakdown of a type (渠道, 结果): a column of the ledger."""

    values: list[Text] | None = Field(
        None, title="可选值", description="台账中这一列可填的值；不写则可填任意文字。")


# Measure words: the count of a type (批 of visits, 个 of projects, 件 of cases, 张 of
# cards) and of its persons. Short words, as they follow a number in the text.
MeasureWord = Annotated[str, Field(min_length=1, max_length=4, pattern=r"^[\u4e00-\u9fff]+$")]
PERSON_UNITS = ("人", "人次", "名", "位")


class ActivityType(_Strict):
    label: Text = Field(title="名称", description="报告和统计表中的名称。")
    count_unit: MeasureWord = Field(
        "批", title="计数单位", description="数量的量词：批、个、件、次、张、对、批次、个团组、场、期……")
    person_unit: Literal["人", "人次", "名", "位"] | None = Field(
        "人次", title="人数单位", description="人数的量词：人、人次、名、位；这类活动不计人数时写 null。")
    dimensions: dict[str, Dimension] = Field(
        {}, title="分类", description="这类活动在台账中要填写的分类（列名: 可选值）。")


class Catalogue(_Strict):
    name: Text = Field(title="目录名称", description="如 外事侨务办公室。")
    types: Annotated[dict[str, ActivityType], Field(min_length=1)] = Field(
        title="活动类型", description="类型名: 它的名称、量词和分类。类型名就是台账“类型”一列中填写的名字。")


def catalogue_json_schema() -> dict:
    """The JSON Schema of a catalogue file (docs/catalogue.schema.json is this, written out)."""
    schema = Catalogue.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "reportgen 活动类型目录"
    return schema


def write_json_schema(path: Path) -> None:
    path.write_text(json.dumps(catalogue_json_schema(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def shipped_names() -> list[str]:
    return sorted(p.stem for p in SHIPPED.glob("*.yaml"))


def office_catalogue_file(name: str, beside: Path) -> Path | None:
    """The office's own catalogue file that `name` names (relative to the input's
    folder), or None for a shipped catalogue: only the former is part of the input."""
    return beside / name if name.endswith((".yaml", ".yml")) else None


def load_catalogue(name: str, beside: Path) -> Catalogue:
    """A shipped catalogue by name, or a file named relative to the input's folder."""
    path = office_catalogue_file(name, beside) or SHIPPED / f"{name}.yaml"
    if not path.is_file():
        close = suggestion(name, shipped_names())
        raise ReportError(Problem(
            f"找不到活动类型目录“{name}”",
            hint=f"{close}随附的目录：{'、'.join(shipped_names())}；也可写与输入文件同目录的 .yaml 文件名"
                 f"（格式见 {GUIDE}）。",
        ))
    return validate_model(load_input(path), Catalogue, guide=GUIDE)
