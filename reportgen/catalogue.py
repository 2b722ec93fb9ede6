"""The catalogue of activity types: data, not code.

A catalogue names the kinds of activity an office records, the unit its
persons are counted in and the dimensions each kind is broken down by. The
shipped one covers a foreign-affairs office (reportgen/catalogues/); another
office writes its own YAML beside its inputs and names it in `catalogue:`.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from reportgen.errors import Problem, ReportError
from reportgen.load import expect_keys, load_input
from reportgen.messages import suggestion
from reportgen.schema import Text, described
from reportgen.validate import validate_model

SHIPPED = Path(__file__).resolve().parent / "catalogues"
# Where the format is described, for messages about a catalogue an office wrote.
GUIDE = "docs/catalogue.md（或随附的目录 reportgen/catalogues/foreign-affairs.yaml）"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Dimension(_Strict):
    model_config = described("分类", "活动类型的一种分类（如 渠道、结果），是台账中的一列。")

    values: list[Text] | None = Field(
        None, title="可填的值", description="这一分类可填的值，如 [党宾外宾, 友城, 侨胞港澳]；不写则可填任意文字。")


# Measure words: the count of a type (批 of visits, 个 of projects, 件 of cases, 张 of
# cards) and of its persons. Short words, as they follow a number in the text.
MeasureWord = Annotated[str, Field(min_length=1, max_length=4, pattern=r"^[\u4e00-\u9fff]+$")]


class ActivityType(_Strict):
    model_config = described("活动类型", "机关记录的一种活动：报告中的名称、量词和台账中要填的分类。")

    label: Text = Field(title="名称", description="报告和统计表中显示的名称，如 因公出国（境）审批。")
    count_unit: MeasureWord = Field(
        "批", title="计数单位", description="数量的量词：批、个、件、次、张、对、批次、个团组、场、期……默认批。")
    person_unit: Literal["人", "人次", "名", "位"] | None = Field(
        "人次", title="人数单位", description="人数的量词：人、人次、名、位，默认人次；这类活动不计人数时写 null。")
    dimensions: dict[str, Dimension] = Field(
        {}, title="分类", description="这类活动在台账中要填写的分类：键是台账中的列名，如 渠道、结果。")


class Catalogue(_Strict):
    model_config = described(
        "活动类型目录",
        "一个机关记录的各类活动。随附 foreign-affairs（外事侨务）和 waiban-2018（机构改革后的外事办公室）；"
        "其他机关可照此写自己的目录（docs/catalogue.md）。",
    )

    name: Text = Field(title="目录名称", description="目录适用的机关，如 外事侨务办公室。")
    types: Annotated[dict[str, ActivityType], Field(min_length=1)] = Field(
        title="活动类型", description="各活动类型：键是台账“类型”一列中填写的名称，如 接待来访。")


def shipped_names() -> list[str]:
    return sorted(p.stem for p in SHIPPED.glob("*.yaml"))


def office_catalogue_file(name: str, beside: Path) -> Path | None:
    """The office's own catalogue file that `name` names (relative to the input's
    folder), or None for a shipped catalogue: only the former is part of the input."""
    return beside / name if name.endswith((".yaml", ".yml")) else None


def load_catalogue(name: str, beside: Path) -> Catalogue:
    """A shipped catalogue by name, or a file named relative to the input's folder."""
    path = office_catalogue_file(name, beside) or SHIPPED / f"{name}.yaml"
    if not path.exists():  # a folder or a pipe is said to be one when it is read
        close = suggestion(name, shipped_names())
        raise ReportError(Problem(
            f"找不到活动类型目录“{name}”",
            hint=f"{close}随附的目录：{'、'.join(shipped_names())}；也可写与输入文件同目录的 .yaml 文件名"
                 f"（格式见 {GUIDE}）。",
        ))
    if path.parent == SHIPPED:
        return _shipped(path)
    return _read(path)


def _read(path: Path) -> Catalogue:
    loaded = load_input(path, "活动类型目录")
    expect_keys(loaded, ("types",), "活动类型目录")
    return validate_model(loaded, Catalogue, guide=GUIDE)


@functools.cache
def _shipped(path: Path) -> Catalogue:
    """A shipped catalogue is package data, the same for the whole process: a batch
    worker or the web editor reads and validates it once (about 25 ms each time)."""
    return _read(path)
