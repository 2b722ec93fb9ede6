"""Stage 2a: the shape of a year's input, as pydantic models.

Field names are the YAML keys. Unknown keys are errors (extra="forbid"), so a
misspelt key is reported instead of silently dropped. Messages for each kind of
mistake are written in validate.py.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

# Headings nest four levels deep [7.3.3]: a part is level 1 (一、), its sections
# level 2 (（一）), their sections level 3 (1.) and 4 (（1）).
MAX_LEVEL = 4

_CJK_DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")


def _join_lines(value: object) -> object:
    """A paragraph may be wrapped over several YAML lines: Chinese needs no space at the joins."""
    if not isinstance(value, str) or "\n" not in value:
        return value
    lines = [line.strip() for line in value.strip().splitlines()]
    text = ""
    for line in lines:
        if not line:
            continue
        if text and (text[-1].isascii() and line[0].isascii()):
            text += " "
        text += line
    return text


def _title_lines(value: object) -> object:
    """A title written over several lines keeps its breaks: they force the title's lines."""
    if not isinstance(value, str):
        return value
    return "\n".join(line.strip() for line in value.strip().splitlines() if line.strip())


def _check_characters(value: str) -> str:
    # XML 1.0 (and so DOCX) cannot hold most control characters (pitfalls, python-docx 7).
    for char in value:
        if unicodedata.category(char) == "Cc" and char not in "\t\n":
            raise ValueError(f"含有不可见的控制字符 U+{ord(char):04X}，请删除它（常见于从网页或 PDF 复制的文字）")
    return value.replace("\t", " ").strip()


def _as_list(value: object) -> object:
    """A single paragraph may be written without the list dash."""
    return [value] if isinstance(value, str) else value


Text = Annotated[str, BeforeValidator(_join_lines), AfterValidator(_check_characters), Field(min_length=1)]
TitleText = Annotated[str, BeforeValidator(_title_lines), AfterValidator(_check_characters), Field(min_length=1)]
Paragraphs = Annotated[list[Text], BeforeValidator(_as_list)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=False)


class Section(_Strict):
    """A numbered heading with what stands under it; numbers follow from nesting."""

    heading: Text
    # True: the heading runs into the first paragraph ("1.交流层面进一步拓宽。2011年，……").
    run_in: bool = False
    paragraphs: Paragraphs = []
    sections: list[Section] = []
    closing: Paragraphs = []


class Part(_Strict):
    """One level-1 part: the year's summary, next year's plan, or another part."""

    heading: Text | None = None
    run_in: bool = False
    paragraphs: Paragraphs = []
    sections: list[Section] = []
    closing: Paragraphs = []


class ReportInput(_Strict):
    office: Text  # the issuing office's full name: the 署名
    year: int = Field(ge=1949, le=2100)
    date: dt.date  # 成文日期
    recipient: Text | None = None  # 主送机关
    title: TitleText | None = None  # line breaks in it force the title's lines
    opening: Paragraphs = []  # paragraphs before the first part
    summary: Part | None = None  # 一、{year}年工作总结
    parts: list[Part] = []  # parts between the summary and the plan
    plan: Part | None = None  # 二、{year+1}年工作打算

    @field_validator("date", mode="before")
    @classmethod
    def _chinese_date(cls, value: object) -> object:
        if isinstance(value, str) and (m := _CJK_DATE.match(value)):
            year, month, day = (int(g) for g in m.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise ValueError(f"“{value.strip()}”不是日历上存在的日期") from None
        return value

    @field_validator("recipient", mode="after")
    @classmethod
    def _recipient_colon(cls, value: str | None) -> str | None:
        # 7.3.2: the recipient line ends with a full-width colon.
        if value is None:
            return None
        return value.rstrip(":：") + "："
