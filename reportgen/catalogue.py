"""The catalogue of activity types: data, not code.

A catalogue names the kinds of activity an office records, the unit its
persons are counted in and the dimensions each kind is broken down by. The
shipped one covers a foreign-affairs office (reportgen/catalogues/); another
office writes its own YAML beside its inputs and names it in `catalogue:`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from reportgen.errors import Problem, ReportError
from reportgen.load import expect_keys, load_input
from reportgen.schema import Text
from reportgen.validate import validate_model

SHIPPED = Path(__file__).resolve().parent / "catalogues"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Dimension(_Strict):
    values: list[Text] | None = None  # None: any text


class ActivityType(_Strict):
    label: Text
    person_unit: Literal["人", "人次"] = "人次"
    dimensions: dict[str, Dimension] = {}


class Catalogue(_Strict):
    name: Text
    types: dict[str, ActivityType]


def shipped_names() -> list[str]:
    return sorted(p.stem for p in SHIPPED.glob("*.yaml"))


def load_catalogue(name: str, beside: Path) -> Catalogue:
    """A shipped catalogue by name, or a file named relative to the input's folder."""
    path = (beside / name) if name.endswith((".yaml", ".yml")) else SHIPPED / f"{name}.yaml"
    if not path.exists():  # a folder or a pipe is said to be one when it is read
        raise ReportError(Problem(
            f"找不到活动类型目录“{name}”",
            hint=f"随附的目录：{'、'.join(shipped_names())}；也可写与输入文件同目录的 .yaml 文件名。",
        ))
    loaded = load_input(path, "活动类型目录")
    expect_keys(loaded, ("types",), "活动类型目录")
    return validate_model(loaded, Catalogue)
