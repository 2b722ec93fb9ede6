"""Stage 2a: the shape of a year's input, as pydantic models.

Field names are the YAML keys. Unknown keys are errors (extra="forbid"), so a
misspelt key is reported instead of silently dropped. Messages for each kind of
mistake are written in validate.py.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from reportgen import limits
from reportgen.errors import FieldPath
from reportgen.layout import STANDARD, VARIANTS

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


def _parse_chinese_date(value: object) -> object:
    """2012年2月27日 is a date as much as 2012-02-27 is."""
    if isinstance(value, str) and (m := _CJK_DATE.match(value)):
        year, month, day = (int(g) for g in m.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise ValueError(f"“{value.strip()}”不是日历上存在的日期") from None
    return value


def _title_lines(value: object) -> object:
    """A title written over several lines keeps its breaks: they force the title's lines."""
    if not isinstance(value, str):
        return value
    return "\n".join(line.strip() for line in value.strip().splitlines() if line.strip())


# Control characters (Unicode category Cc) but tab and line feed, surrogates (Cs), and the
# noncharacters: U+FDD0–U+FDEF and the last two code points of every plane.
_INVALID_CHARACTERS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17)) + "]")


def invalid_character(value: str) -> str | None:
    """Why `value` cannot go into a document, or None.

    XML 1.0 (and so DOCX) cannot hold most control characters (pitfalls,
    python-docx 7), nor surrogates or U+FFFE/U+FFFF; the other noncharacters
    are no text either. A YAML escape ("\\uFFFE") gets them past the reader.
    A regular expression: this runs on every cell of a million-row ledger.
    """
    found = _INVALID_CHARACTERS.search(value)
    if found is None:
        return None
    code = ord(found.group())
    if unicodedata.category(found.group()) in ("Cc", "Cs"):
        return f"含有不可见的控制字符 U+{code:04X}，请删除它（常见于从网页或 PDF 复制的文字）"
    return f"含有不是文字的字符 U+{code:04X}，请删除它"


def _check_characters(value: str) -> str:
    reason = invalid_character(value)
    if reason is not None:
        raise ValueError(reason)
    return value.replace("\t", " ").strip()


def _as_list(value: object) -> object:
    """A single paragraph may be written without the list dash."""
    return [value] if isinstance(value, str) else value


Text = Annotated[str, BeforeValidator(_join_lines), AfterValidator(_check_characters), Field(min_length=1)]
TitleText = Annotated[str, BeforeValidator(_title_lines), AfterValidator(_check_characters), Field(min_length=1)]
Paragraphs = Annotated[list[Text], BeforeValidator(_as_list)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=False)


def _tag_list(value: object) -> object:
    """Tags may be written as one string, separated by 、 or commas."""
    if isinstance(value, str):
        return [t for t in re.split(r"[、,，;；\s]+", value) if t]
    return value


def _check_amount(value: Decimal) -> Decimal:
    if value > limits.AMOUNT_WAN.value:
        raise ValueError(f"“{value}”超过上限 {limits.AMOUNT_WAN.value} 万元：{limits.AMOUNT_WAN.fix}")
    return value


Count = Annotated[int, Field(ge=0)]
Amount = Annotated[Decimal, Field(ge=0), AfterValidator(_check_amount)]  # in 万元
Tags = Annotated[list[Text], BeforeValidator(_tag_list)]


class Activity(BaseModel):
    """One record of the year's ledger.

    Besides these fields a record carries the dimensions its type defines in
    the catalogue (渠道, 结果, …): they are kept as extra fields and checked
    against the catalogue by ledger.py, which knows them.
    """

    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)

    type: Text
    date: dt.date | None = None
    counterpart: Text | None = None  # the delegation, company or person
    country: Text | None = None  # country or region
    batches: Count = 1  # 批
    persons: Count = 0  # 人 or 人次, as the type says
    amount: Amount = Decimal(0)  # 万元
    tags: Tags = Field(default_factory=list)  # not [], which pydantic deep-copies for every record


class Declared(BaseModel):
    """A total stated directly, for an office without an itemised ledger.

    Like a record, it may name dimensions (渠道: 党宾外宾) and a tag, which
    say which part of the type the total is for.
    """

    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)

    type: Text
    tag: Text | None = None
    batches: Count | None = None
    persons: Count | None = None
    amount: Amount | None = None
    counterparts: Count | None = None


class SisterCity(_Strict):
    city: Text
    country: Text
    region: Text | None = None  # overrides the regions table (亚洲, 欧洲, …)
    established: dt.date | Annotated[int, Field(ge=1949, le=2100)] | None = None  # a date or a year
    level: Literal["市级", "县级"] = "市级"
    kind: Literal["友好城市", "友好交流城市"] = "友好城市"
    status: Literal["正式", "意向书"] = "正式"

    @property
    def established_year(self) -> int | None:
        if isinstance(self.established, dt.date):
            return self.established.year
        return self.established


class TargetCount(_Strict):
    """What a plan target is measured by, in the following year's figures."""

    activity: Text | None = None  # an activity type: its records that year
    where: dict[str, Text] = {}  # dimension filters, and "tag"
    measure: Literal["batches", "persons", "amount", "records", "counterparts"] = "records"
    sister_cities: Literal["友好城市", "友好交流城市"] | None = None  # those established that year

    @model_validator(mode="after")
    def _one_source(self) -> TargetCount:
        if (self.activity is None) == (self.sister_cities is None):
            raise ValueError("应填写 activity（活动类型）或 sister_cities（友城类别）二者之一")
        return self


class Target(_Strict):
    """A measurable aim of next year's plan: 力争缔结友好城市1个."""

    label: Text
    value: Annotated[Decimal, Field(gt=0)]
    unit: Text = "个"
    count: TargetCount


def _cell_text(value: object) -> object:
    """A table cell may be written as a number: it is shown as written."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return str(value)
    return value


Cell = Annotated[str, BeforeValidator(_cell_text), AfterValidator(_check_characters)]


class TableSpec(_Strict):
    """A table written out in the input: columns, then rows of cells."""

    columns: Annotated[list[Text], Field(min_length=1)]
    rows: list[list[Cell]]
    # Columns aligned right; by default those whose every cell is a number.
    numeric: list[Text] | None = None

    @model_validator(mode="after")
    def _rectangular(self) -> TableSpec:
        for i, row in enumerate(self.rows, 1):
            if len(row) != len(self.columns):
                raise ValueError(f"第 {i} 行有 {len(row)} 格，而表头有 {len(self.columns)} 列")
        unknown = [c for c in self.numeric or [] if c not in self.columns]
        if unknown:
            raise ValueError(f"numeric 中的“{'、'.join(unknown)}”不是表头中的列")
        return self


class StatisticsRow(_Strict):
    """A row group of the statistics table: one activity type, whole or by a dimension."""

    type: Text
    by: Text | None = None  # a dimension of the type (渠道, 结果): one row per value
    label: Text | None = None  # defaults to the type's label


class Attachment(_Strict):
    """An attachment [7.3.7]: on a page of its own after the signature."""

    title: Text
    paragraphs: Paragraphs = []
    table: TableSpec | None = None
    statistics: list[StatisticsRow] = []  # a statistics table from the ledger
    sister_cities: bool = False  # the list of sister cities from the registry


_DOC_NUMBER = re.compile(r"^(?P<code>[\u4e00-\u9fffA-Za-z]+)〔(?P<year>\d{4})〕(?P<n>[1-9]\d*)号$")


def _check_doc_number(value: str) -> str:
    """7.2.4: 代字〔2012〕5号: 六角括号, the full year, no 第, no leading zero."""
    if _DOC_NUMBER.match(value):
        return value
    hints = []
    if re.search(r"[\[\]［］(（)）【】]", value):
        hints.append("年份用六角括号〔〕括入，不用 [ ]、（ ）或【】")
    if re.search(r"〔\d{2}〕|[\[［(（【]\d{2}[\]］)）】]", value):
        hints.append("年份写全 4 位")
    if "第" in value:
        hints.append("序号前不加“第”")
    if re.search(r"[〕\]］)）】]0\d", value):
        hints.append("序号不编虚位（写 5 号，不写 05 号）")
    detail = "；".join(hints) or "格式应为 代字〔年份〕序号号，如 洪外侨字〔2012〕5号"
    raise ValueError(f"“{value}”不符合 GB/T 9704-2012 7.2.4：{detail}")


class Header(_Strict):
    """版头 [7.2], for a formal document to the government."""

    copy_number: Annotated[str, Field(pattern=r"^\d{6}$")] | None = None  # 份号, 6 digits
    secrecy: Text | None = None  # 密级和保密期限: 秘密★1年
    urgency: Text | None = None  # 紧急程度: 特急, 加急
    issuer: Text | None = None  # 发文机关标志; the office by default
    number: Annotated[Text, AfterValidator(_check_doc_number)]  # 发文字号
    signer: Text | None = None  # 签发人, beside the number for an upward document
    letterhead: bool = False  # preprinted red letterhead: keep its space, print nothing red


class EndNotes(_Strict):
    """版记 [7.4]: 抄送机关, 印发机关 and 印发日期, at the foot of the last (even) page."""

    copy_to: Annotated[list[Text], BeforeValidator(_tag_list)] = []  # 抄送机关
    printed_by: Text  # 印发机关
    printed_on: dt.date  # 印发日期

    @field_validator("printed_on", mode="before")
    @classmethod
    def _chinese_date(cls, value: object) -> object:
        return _parse_chinese_date(value)


class Signature(_Strict):
    """How the report is signed [7.3.5]: unsealed (a work report's usual form),
    sealed (the office's seal over 署名 and date), or with the signer's seal."""

    mode: Literal["unsealed", "sealed", "signature-seal"] = "unsealed"
    signer_title: Text | None = None  # 签发人职务, beside the signer's seal

    @model_validator(mode="after")
    def _title_for_seal(self) -> Signature:
        if self.mode == "signature-seal" and not self.signer_title:
            raise ValueError("为 signature-seal（签发人签名章）时须填写 signer_title（签发人职务）")
        return self


class Section(_Strict):
    """A numbered heading with what stands under it; numbers follow from nesting."""

    heading: Text
    # True: the heading runs into the first paragraph ("1.交流层面进一步拓宽。2011年，……").
    run_in: bool = False
    paragraphs: Paragraphs = []
    sections: list[Section] = []
    closing: Paragraphs = []
    targets: list[Target] = []  # measurable aims, checked when next year is built


class Part(_Strict):
    """One level-1 part: the year's summary, next year's plan, or another part."""

    heading: Text | None = None
    run_in: bool = False
    paragraphs: Paragraphs = []
    sections: list[Section] = []
    closing: Paragraphs = []
    targets: list[Target] = []


class ReportInput(_Strict):
    office: Text  # the issuing office's full name: the 署名
    year: int = Field(ge=1949, le=2100)
    date: dt.date  # 成文日期
    header: Header | None = None  # 版头
    recipient: Text | None = None  # 主送机关
    signature: Signature = Signature()
    title: TitleText | None = None  # line breaks in it force the title's lines
    opening: Paragraphs = []  # paragraphs before the first part
    summary: Part | None = None  # 一、{year}年工作总结
    parts: list[Part] = []  # parts between the summary and the plan
    plan: Part | None = None  # 二、{year+1}年工作打算
    attachments: list[Attachment] = []
    end_notes: EndNotes | None = None  # 版记
    # The year's activities: the catalogue naming their types (a shipped name
    # or a file beside the input), records written here and/or ledger files
    # (CSV or YAML) beside the input, and totals stated directly.
    catalogue: Text = "foreign-affairs"
    activities: list[Activity] = []
    ledger_files: list[Text] = []
    declared: list[Declared] = []
    sister_cities: list[SisterCity] = []
    # The previous year's input, when it is not <year-1>.yaml beside this one.
    previous: Text | None = None
    # The layout: "standard", or variants on top of it (layout.VARIANTS).
    profile: Annotated[list[Text], BeforeValidator(_as_list)] = ["standard"]

    @field_validator("profile", mode="after")
    @classmethod
    def _known_profiles(cls, names: list[str]) -> list[str]:
        known = [STANDARD.name, *VARIANTS]
        for name in names:
            if name not in known:
                close = difflib.get_close_matches(name, known, n=1, cutoff=0.4)
                hint = f"是不是“{close[0]}”？" if close else ""
                raise ValueError(f"中没有“{name}”。{hint}可选：{'、'.join(known)}")
        return names

    def targets(self) -> list[tuple[FieldPath, Target]]:
        """Every target of the plan part, with its field path."""
        found: list[tuple[FieldPath, Target]] = []

        def walk(node, path):
            found.extend(((*path, "targets", i), t) for i, t in enumerate(node.targets))
            for i, child in enumerate(node.sections):
                walk(child, (*path, "sections", i))

        if self.plan is not None:
            walk(self.plan, ("plan",))
        return found

    @field_validator("date", mode="before")
    @classmethod
    def _chinese_date(cls, value: object) -> object:
        return _parse_chinese_date(value)

    @field_validator("recipient", mode="after")
    @classmethod
    def _recipient_colon(cls, value: str | None) -> str | None:
        # 7.3.2: the recipient line ends with a full-width colon.
        if value is None:
            return None
        return value.rstrip(":：") + "："
