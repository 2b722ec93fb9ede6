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
from enum import Enum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    StringConstraints,
    Tag,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from reportgen.errors import FieldPath
from reportgen.layout import STANDARD, VARIANTS
from reportgen.quantity import NotAQuantity, Quantity, parse_quantity
from reportgen.typography import PART_SEPARATOR, EnumerationScheme, LabelScheme

# Headings nest four levels deep [7.3.3]: a part is level 1 (一、), its sections
# level 2 (（一）), their sections level 3 (1.) and 4 (（1）). Part labels
# (第一部分) stand above the four (numbering.py's choices say which).
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


def _check_characters(value: str) -> str:
    # XML 1.0 (and so DOCX) cannot hold most control characters (pitfalls, python-docx 7).
    for char in value:
        if unicodedata.category(char) == "Cc" and char not in "\t\n":
            raise ValueError(f"含有不可见的控制字符 U+{ord(char):04X}，请删除它（常见于从网页或 PDF 复制的文字）")
    return value.replace("\t", " ").strip()


def _as_list(value: object) -> object:
    """A single paragraph (or list, or table) may be written without the list dash."""
    if isinstance(value, str) or (isinstance(value, dict) and ({"list", "table"} & set(value))):
        return [value]
    return value


Text = Annotated[str, BeforeValidator(_join_lines), AfterValidator(_check_characters), Field(min_length=1)]
TitleText = Annotated[str, BeforeValidator(_title_lines), AfterValidator(_check_characters), Field(min_length=1)]
Texts = Annotated[list[Text], BeforeValidator(_as_list)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=False)


def _tag_list(value: object) -> object:
    """Tags may be written as one string, separated by 、 or commas."""
    if isinstance(value, str):
        return [t for t in re.split(r"[、,，;；\s]+", value) if t]
    return value


def _quantity(value: object) -> Quantity:
    """A count or amount as offices write it (12, 40多, 30余, 1.6万, 约500); never negative."""
    try:
        quantity = parse_quantity(value)
    except NotAQuantity as err:
        raise ValueError(str(err)) from None
    if quantity.value is not None and quantity.value < 0:
        raise ValueError(f"“{value}”是负数，不能小于 0")  # the label goes before: 批次“-2”是负数
    return quantity


_QUANTITY_JSON = {"anyOf": [
    {"type": "number", "minimum": 0},
    {"type": "string", "pattern": r"^(约|大约)?\s*\d[\d,，]*(\.\d+)?\s*(万|亿)?\s*(多|余|左右)?$"},
]}
# A count or an amount: exact, approximate (40多), in 万 (1.6万). Empty is unknown, not 0.
Count = Annotated[Quantity, PlainValidator(_quantity), WithJsonSchema(_QUANTITY_JSON)]
Amount = Count  # in 万元
Tags = Annotated[list[Text], BeforeValidator(_tag_list)]

# The ledger's fields by the names a spreadsheet's header (or a declared total)
# gives them, in Chinese or English: one table for the CSV reader, Excel and `declared`.
LEDGER_NAMES = {
    "类型": "type", "活动类型": "type",
    "日期": "date",
    "对方": "counterpart", "团组": "counterpart", "单位": "counterpart",
    "国家或地区": "country", "国家": "country", "国家（地区）": "country",
    "批次": "batches", "批": "batches", "数量": "batches",
    "人数": "persons", "人次": "persons",
    "金额": "amount", "金额（万元）": "amount", "金额(万元)": "amount",
    "标签": "tags",
}
# Columns kept as notes on each record (shown in a records table, never counted).
NOTE_COLUMNS = ("备注", "说明")


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
    batches: Count = Quantity.exact(1)  # 批 (or the type's count unit); a record is one by default
    persons: Count | None = None  # 人 or 人次, as the type says; empty: not known (not 0)
    amount: Amount | None = None  # 万元; empty: not known
    tags: Tags = []
    # Columns of the ledger that are not fields (备注, …): kept, shown in tables, never counted.
    notes: dict[str, Text] = {}


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
    # The totals since records began, up to this year's end (截至2017年底累计1829张):
    # where figures.cumulative starts counting from.
    cumulative: bool = False

    @model_validator(mode="before")
    @classmethod
    def _chinese_keys(cls, data: object) -> object:
        """类型, 批次, 人数 … as in the ledger's header."""
        if not isinstance(data, dict):
            return data
        return {DECLARED_NAMES.get(str(key).strip(), key): value for key, value in data.items()}


DECLARED_NAMES = {
    **{name: field for name, field in LEDGER_NAMES.items() if field != "tags"},
    "标签": "tag", "单位数": "counterparts", "对方数": "counterparts", "累计": "cumulative",
}


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
    # The measure word; by default the catalogue's for what is counted (个 for sister cities).
    unit: Text | None = None
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
        _check_table(self.columns, self.rows, self.numeric)
        return self


def _check_table(columns: list[str], rows: list[list[str]], numeric: list[str] | None) -> None:
    for i, row in enumerate(rows, 1):
        if len(row) != len(columns):
            raise ValueError(f"第 {i} 行有 {len(row)} 格，而表头有 {len(columns)} 列")
    unknown = [c for c in numeric or [] if c not in columns]
    if unknown:
        raise ValueError(f"numeric 中的“{'、'.join(unknown)}”不是表头中的列")



class StatisticsRow(_Strict):
    """A row group of the statistics table: one activity type, whole or by a dimension."""

    type: Text
    by: Text | None = None  # a dimension of the type (渠道, 结果): one row per value
    label: Text | None = None  # defaults to the type's label


# --- numbering, lists and tables in the body -----------------------------------------

_SCHEME_NAMES = {
    "第一部分": "第一部分", "部分": "第一部分", "part": "第一部分", "parts": "第一部分",
    "一、": "一、", "（一）": "（一）", "(一)": "（一）", "1.": "1.", "1．": "1.", "（1）": "（1）", "(1)": "（1）",
    "无": "无", "不编号": "无", "none": "无",
}


def _scheme(value: object) -> object:
    """The ways a clerk writes a numbering choice: 第一部分, 一、, 1., 无, …"""
    if isinstance(value, str):
        key = value.strip()
        if key in {"1、", "1，"}:
            raise ValueError(f"“{key}”不是 GB/T 9704-2012 7.3.3 的写法：三级标题的序号为“1.”（阿拉伯数字加下脚点）")
        return _SCHEME_NAMES.get(key, _SCHEME_NAMES.get(key.lower(), key))
    return value


def _numbering_shorthand(value: object) -> object:
    """`numbering: 第一部分` is short for `numbering: {style: 第一部分}`; `numbering: 3` for `{start: 3}`."""
    if isinstance(value, str):
        return {"style": value}
    if isinstance(value, int) and not isinstance(value, bool):
        return {"start": value}
    return value


class Numbering(_Strict):
    """How the headings under a report, part or section are numbered (GB/T 9704 7.3.3
    and what offices do beside it). The faces stay by level whatever the numbers."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)

    # None: the standard sequence, the label after the parent's (一、 → （一） → 1. → （1））.
    # 第一部分: part labels above 一、 (report level only); a deeper label skips
    # levels (一、 then 1.); 无: headings without a number.
    style: Annotated[LabelScheme | None, BeforeValidator(_scheme)] = Field(
        None, title="编号方式", description="第一部分、一、、（一）、1.、（1）或 无；不写为标准层次。")
    start: Annotated[int, Field(ge=1, le=99)] = Field(
        1, title="起始序号", description="从第几开始编号，如 3 表示从“三、”开始。")
    # The numbers go on from where the previous sibling's headings stopped (4. under （二）).
    continued: bool = Field(
        False, alias="continue", title="接续编号", description="为 true 时接着上一个同级标题下的序号往下编。")
    # Not stripped: a full-width space is a separator offices use.
    separator: Annotated[str, StringConstraints(strip_whitespace=False, max_length=2)] = Field(
        PART_SEPARATOR, title="部分标签后的分隔", description="“第一部分”与标题之间的符号，默认“：”。")


NumberingChoice = Annotated[Numbering | None, BeforeValidator(_numbering_shorthand)]


class LeadFace(Enum):
    """The face of an enumeration item's lead sentence (up to its first 。)."""

    NONE = "无"  # the body's face, like the rest
    HEADING = "标题"  # the face of the heading level below the one the list stands under
    HEITI = "黑体"
    KAITI = "楷体"


class Enumeration(_Strict):
    """一是……。二是……。三是……。: items numbered by the program, in one paragraph
    (after an optional introduction) or one paragraph each."""

    intro: Text | None = Field(None, title="引语", description="列举之前的文字，与“一是”同段。")
    items: Annotated[list[Text], Field(min_length=2)] = Field(
        title="列举项", description="每一项一段文字，不写“一是”等序号。")
    marker: EnumerationScheme = Field(
        EnumerationScheme.YISHI, title="序号写法", description="一是（一是……二是……）或 第一（第一，……第二，……）。")
    each: bool = Field(False, title="每项一段", description="为 true 时每项各占一段，否则连成一段。")
    lead: LeadFace = Field(
        LeadFace.NONE, title="首句字体",
        description="每项第一句（到第一个“。”为止）的字体：无、标题（下一级标题的字体）、黑体、楷体。")


class ListBlock(_Strict):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)

    enumeration: Enumeration = Field(alias="list", title="列举", description="一是……二是……")


class RecordsSpec(_Strict):
    """A table of ledger records, one row each: the year's main visits, say."""

    type: Text = Field(title="活动类型", description="目录中的活动类型。")
    where: dict[str, Text] = Field(
        {}, title="筛选条件", description="分类名: 值（如 结果: 批准），或 标签: 市领导。")
    # Column header in the table → what it shows: a ledger column (日期, 对方, 国家或地区,
    # 批次, 人数, 金额, 标签), a dimension of the type, or a notes column (备注).
    columns: Annotated[dict[Text, Text], Field(min_length=1)] = Field(
        title="列", description="表头: 台账的列，如 时间: 日期、活动主题: 对方、工作内容: 备注。")


class BodyTable(_Strict):
    """A table between paragraphs [the same table as an attachment's]: written out,
    a statistics table, or ledger records; with a caption above it."""

    caption: Text | None = Field(None, title="表题", description="表格上方居中的标题，如 2019年主要出访活动。")
    columns: Annotated[list[Text], Field(min_length=1)] | None = Field(
        None, title="表头", description="直接写出的表格的各列。")
    rows: list[list[Cell]] = Field([], title="表格行", description="每行一个列表，格数与表头列数相同。")
    numeric: list[Text] | None = Field(None, title="右对齐的列", description="不填时各格都是数字的列右对齐。")
    statistics: list[StatisticsRow] = Field([], title="统计表", description="由台账生成的统计表。")
    records: RecordsSpec | None = Field(None, title="记录表", description="由台账记录逐条生成的表格。")

    @model_validator(mode="after")
    def _one_source(self) -> BodyTable:
        sources = [name for name, given in (("columns", self.columns is not None),
                                            ("statistics", bool(self.statistics)),
                                            ("records", self.records is not None)) if given]
        if len(sources) != 1:
            raise ValueError("应写 columns 和 rows（直接写出的表格）、statistics（统计表）或 records（记录表）三者之一")
        if self.columns is not None:
            _check_table(self.columns, self.rows, self.numeric)
        return self


class TableBlock(_Strict):
    table: BodyTable = Field(title="表格", description="正文中的表格。")


def _block_kind(value: object) -> str | None:
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict | BaseModel):
        keys = set(value) if isinstance(value, dict) else set(type(value).model_fields)
        if "table" in keys:
            return "table"
        if "list" in keys or "enumeration" in keys:
            return "list"
    return None


# A paragraph of the body: a text, a list (一是……二是……) or a table.
Block = Annotated[
    Annotated[Text, Tag("text")] | Annotated[ListBlock, Tag("list")] | Annotated[TableBlock, Tag("table")],
    Discriminator(_block_kind, custom_error_type="paragraph_kind",
                  custom_error_message="a paragraph is a text, a list or a table"),
]
Paragraphs = Annotated[list[Block], BeforeValidator(_as_list)]
# Tag names pydantic puts in an error's location; not keys of the input.
BLOCK_TAGS = ("text", "list", "table")


def block_texts(blocks: list) -> list[tuple[tuple, str]]:
    """(path inside the block, text) of every text the blocks print: paragraphs,
    list introductions and items, table captions and cells."""
    found: list[tuple[tuple, str]] = []
    for i, block in enumerate(blocks):
        if isinstance(block, str):
            found.append(((i,), block))
        elif isinstance(block, ListBlock):
            listed = block.enumeration
            if listed.intro:
                found.append(((i, "list", "intro"), listed.intro))
            found += [((i, "list", "items", j), item) for j, item in enumerate(listed.items)]
        elif isinstance(block, TableBlock):
            table = block.table
            if table.caption:
                found.append(((i, "table", "caption"), table.caption))
    return found

class Attachment(_Strict):
    """An attachment [7.3.7]: on a page of its own after the signature."""

    title: Text
    paragraphs: Texts = []
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
    """A heading with what stands under it; numbers follow from nesting and the
    numbering choices of the report and the parents."""

    heading: Text
    # True: the heading runs into the first paragraph ("1.交流层面进一步拓宽。2011年，……").
    run_in: bool = False
    paragraphs: Paragraphs = []
    sections: list[Section] = []
    # How `sections` are numbered (None: the standard sequence under this heading).
    numbering: NumberingChoice = Field(None, title="下级标题编号", description="下级标题的编号方式。")
    closing: Paragraphs = []
    targets: list[Target] = []  # measurable aims, checked when next year is built


class Part(_Strict):
    """One top-level part: the year's summary, next year's plan, or another part."""

    heading: Text | None = None
    run_in: bool = False
    paragraphs: Paragraphs = []
    sections: list[Section] = []
    numbering: NumberingChoice = Field(None, title="下级标题编号", description="下级标题的编号方式。")
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
    # How the parts are numbered: 一、 (default), 第一部分 above 一、, 无, a start number.
    numbering: NumberingChoice = Field(None, title="部分编号", description="各部分（一级标题）的编号方式。")
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
