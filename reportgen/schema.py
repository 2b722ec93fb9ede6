"""Stage 2a: the shape of a year's input, as pydantic models.

Field names are the YAML keys. Unknown keys are errors (extra="forbid"), so a
misspelt key is reported instead of silently dropped. Messages for each kind of
mistake are written in validate.py.
"""

from __future__ import annotations

import datetime as dt
import re
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

from reportgen import limits
from reportgen.errors import FieldPath
from reportgen.layout import STANDARD, VARIANTS
from reportgen.messages import suggestion
from reportgen.quantity import NotAQuantity, Quantity, parse_quantity, parse_text
from reportgen.typography import (
    HEADING_LEVELS,
    MAX_PART_SEPARATOR,
    PART_SEPARATOR,
    EnumerationScheme,
    LabelScheme,
)

# Headings nest four levels deep [7.3.3]: a part is level 1 (一、), its sections
# level 2 (（一）), their sections level 3 (1.) and 4 (（1）). Part labels
# (第一部分) stand above the four (numbering.py's choices say which). The
# number is typography's, which numbering_check enforces.
MAX_LEVEL = HEADING_LEVELS

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
    if code < 0xFDD0:  # a control character or a surrogate
        return f"含有不可见的控制字符 U+{code:04X}，请删除它（常见于从网页或 PDF 复制的文字）"
    return f"含有不是文字的字符 U+{code:04X}，请删除它"


def _check_characters(value: str) -> str:
    reason = invalid_character(value)
    if reason is not None:
        raise ValueError(reason)
    return value.replace("\t", " ").strip()


def _as_list(value: object) -> object:
    """A single paragraph (or list, or table) may be written without the list dash."""
    if isinstance(value, str) or (isinstance(value, dict) and ({"list", "table"} & set(value))):
        return [value]
    return value


Text = Annotated[str, BeforeValidator(_join_lines), AfterValidator(_check_characters), Field(min_length=1)]
TitleText = Annotated[str, BeforeValidator(_title_lines), AfterValidator(_check_characters), Field(min_length=1)]


# The JSON Schema says what the YAML may hold, which is more than the model keeps:
# one paragraph without the list dash, a date written 2012年2月27日.
class _OneOrMany:
    """JSON Schema of a list whose one item may be written without the list dash:
    the item, or the list (the model takes both, schema._as_list)."""

    def __get_pydantic_json_schema__(self, core_schema, handler):
        generated = handler(core_schema)
        return {"anyOf": [generated.get("items", {}), generated]}


Texts = Annotated[list[Text], BeforeValidator(_as_list), _OneOrMany()]
_DATE_JSON = {"anyOf": [
    {"type": "string", "format": "date"},
    {"type": "string", "pattern": _CJK_DATE.pattern},
]}
CnDate = Annotated[dt.date, WithJsonSchema(_DATE_JSON)]


def described(title: str, description: str) -> ConfigDict:
    """A model's Chinese title and help text, for its JSON Schema and the web editor's forms."""
    return ConfigDict(title=title, json_schema_extra={"description": description})


class _Shorthand:
    """JSON Schema of a choice that may also be written short (numbering: 无, numbering: 3)."""

    def __init__(self, *short: dict):
        self.short = short

    def __get_pydantic_json_schema__(self, core_schema, handler):
        generated = handler(core_schema)
        choices = generated.get("anyOf", [generated])
        return {"anyOf": [*self.short, *choices]}


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


def _quantity(value: object) -> Quantity:
    """A count or amount as offices write it (12, 40多, 30余, 1.6万, 约500); never negative."""
    try:
        # A ledger's cells are text: straight to the (cached) reading of text.
        quantity = parse_text(value) if type(value) is str else parse_quantity(value)
    except NotAQuantity as err:
        raise ValueError(str(err)) from None
    if quantity.value is not None and quantity.value < 0:
        raise ValueError(f"“{value}”是负数，不能小于 0")  # the label goes before: 批次“-2”是负数
    return quantity


def _amount(value: object) -> Quantity:
    quantity = _quantity(value)
    if quantity.value is not None:
        _check_amount(quantity.value)
    return quantity


_QUANTITY_JSON = {"anyOf": [
    {"type": "number", "minimum": 0},
    {"type": "string", "pattern": r"^(约|大约)?\s*\d[\d,，]*(\.\d+)?\s*(万|亿)?\s*(多|余|左右)?$"},
]}
# A count or an amount: exact, approximate (40多), in 万 (1.6万). Empty is unknown, not 0.
Count = Annotated[Quantity, PlainValidator(_quantity), WithJsonSchema(_QUANTITY_JSON)]
Amount = Annotated[Quantity, PlainValidator(_amount), WithJsonSchema(_QUANTITY_JSON)]  # in 万元
Tags = Annotated[list[Text], BeforeValidator(_tag_list), _OneOrMany()]
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

    model_config = ConfigDict(
        extra="allow", str_strip_whitespace=True,
        **described("台账记录", "一次活动的记录。除下列字段外，还可填写活动类型在目录中规定的分类（如 渠道、结果）。"),
    )

    type: Text = Field(title="活动类型", description="目录中的活动类型名称，如 接待来访、因公出国审批。")
    date: CnDate | None = Field(None, title="日期", description="活动日期，如 2011-04-12；汇总行可不填。")
    counterpart: Text | None = Field(None, title="对方", description="来访或出访的团组、单位或人员名称。")
    country: Text | None = Field(None, title="国家或地区", description="对方所在的国家或地区。")
    batches: Count = Field(
        Quantity.exact(1), title="批次",
        description="这条记录代表的数量（量词由目录中该类型的 count_unit 决定），"
            "默认 1；汇总行填合计；可写近似数，如 40多。")
    persons: Count | None = Field(
        None, title="人数",
        description="人数（量词由目录中该类型的 person_unit 决定）；空着表示不知道，不是 0；可写近似数，如 500多。")
    amount: Amount | None = Field(None, title="金额（万元）", description="涉及的金额，以万元计，如 5.2；"
        "空着表示不知道。")
    tags: Tags = Field(
        default_factory=list, title="标签", description="用于在文中分出一部分记录的标签，如 市领导；多个用“、”分隔。")
    # Columns of the ledger that are not fields (备注, …): kept, shown in tables, never counted.
    # None rather than {}: pydantic copies a mutable default for every record (a million of them).
    notes: dict[str, Text] | None = Field(
        None, title="备注", description="台账中字段和分类以外的列（如 备注），原样保留，可在记录表中显示，不参与统计。")


class Declared(BaseModel):
    """A total stated directly, for an office without an itemised ledger.

    Like a record, it may name dimensions (渠道: 党宾外宾) and a tag, which
    say which part of the type the total is for.
    """

    model_config = ConfigDict(
        extra="allow", str_strip_whitespace=True, title="申报合计",
        json_schema_extra=lambda schema, cls: _declared_json_schema(schema),
    )

    type: Text = Field(title="活动类型", description="目录中的活动类型名称。")
    tag: Text | None = Field(None, title="标签", description="只合计带此标签的记录，如 市领导。")
    batches: Count | None = Field(None, title="批次", description="申报的批次合计。")
    persons: Count | None = Field(None, title="人数", description="申报的人数或人次合计。")
    amount: Amount | None = Field(None, title="金额（万元）", description="申报的金额合计，以万元计。")
    counterparts: Count | None = Field(None, title="单位数", description="申报涉及的单位（对方）个数，如办卡企业数。")
    # The totals since records began, up to this year's end (截至2017年底累计1829张):
    # where figures.cumulative starts counting from.
    cumulative: bool = Field(
        False, title="累计", description="为 true 时这是截至本年年底的累计数（如 截至2017年底累计1829张），"
            "次年起从这里接着加。")

    @model_validator(mode="before")
    @classmethod
    def _chinese_keys(cls, data: object) -> object:
        """类型, 批次, 人数 … as in the ledger's header."""
        if not isinstance(data, dict):
            return data
        return {DECLARED_NAMES.get(str(key).strip(), key): value for key, value in data.items()}


def _declared_json_schema(schema: dict) -> None:
    """The keys may be the ledger's Chinese names (类型, 批次, 人数, 累计 …), as they are in a header."""
    schema["description"] = ("没有逐条台账时直接申报的合计；有台账时与台账核对，不符则给出提醒。"
                             "可另写分类（如 渠道: 党宾外宾）说明合计的是哪一部分；键可用中文（类型、批次、人数）。")
    properties = schema.get("properties", {})
    for name, field in DECLARED_NAMES.items():
        if field in properties:
            properties.setdefault(name, properties[field])
    if schema.pop("required", None):
        schema["anyOf"] = [{"required": [name]} for name, field in (("type", "type"), *DECLARED_NAMES.items())
                           if field == "type"]


DECLARED_NAMES = {
    **{name: field for name, field in LEDGER_NAMES.items() if field != "tags"},
    "标签": "tag", "单位数": "counterparts", "对方数": "counterparts", "累计": "cumulative",
}


class SisterCity(_Strict):
    model_config = described("友好城市", "友城名录中的一个城市：用于计算友城数字和生成友城一览表。")

    city: Text = Field(title="城市", description="友城的中文名称，如 高松市。")
    country: Text = Field(title="国家", description="友城所在的国家，如 日本。")
    region: Text | None = Field(None, title="大洲", description="所属大洲（亚洲、欧洲……）；不填时按国家自动确定。")
    established: CnDate | Annotated[int, Field(ge=1949, le=2100)] | None = Field(
        None, title="建立时间", description="缔结日期（如 2012-10-26）或年份（如 1988）。")
    level: Literal["市级", "县级"] = Field("市级", title="级别", description="市级或县级友城。")
    kind: Literal["友好城市", "友好交流城市"] = Field(
        "友好城市", title="类别", description="友好城市，或友好交流城市（建立友好往来关系、未正式结好）。")
    status: Literal["正式", "意向书"] = Field(
        "正式", title="状态", description="正式缔结，或只签了意向书（不计入友城总数）。")

    @property
    def established_year(self) -> int | None:
        if isinstance(self.established, dt.date):
            return self.established.year
        return self.established


class TargetCount(_Strict):
    """What a plan target is measured by, in the following year's figures."""

    model_config = described(
        "目标的计量方法",
        "次年如何从台账或友城名录中数出实际完成数：activity 与 sister_cities 二选一。"
    )

    activity: Text | None = Field(None, title="活动类型",
        description="按次年台账中这一类型的记录计数，如 拓展友城发展对象。")
    where: dict[str, Text] = Field(
        {}, title="筛选条件", description="只计满足条件的记录：分类名: 值（如 结果: 批准），或 tag: 标签。")
    measure: Literal["batches", "persons", "amount", "records", "counterparts"] = Field(
        "records", title="计量",
        description="records 记录条数（默认）、batches 批次、persons 人数、amount 金额、counterparts 不同的对方个数。")
    sister_cities: Literal["友好城市", "友好交流城市"] | None = Field(
        None, title="友城类别", description="按次年新缔结的友好城市或友好交流城市计数。")

    @model_validator(mode="after")
    def _one_source(self) -> TargetCount:
        if (self.activity is None) == (self.sister_cities is None):
            raise ValueError("应填写 activity（活动类型）或 sister_cities（友城类别）二者之一")
        return self


class Target(_Strict):
    """A measurable aim of next year's plan: 力争缔结友好城市1个."""

    model_config = described(
        "可量化目标",
        "工作打算中可以数出来的目标，如“力争缔结友好城市1个”；次年生成报告时自动核对。"
    )

    label: Text = Field(title="目标名称", description="目标的说法，如 缔结友好城市。")
    value: Annotated[Decimal, Field(gt=0)] = Field(title="目标数", description="计划完成的数量，如 1。")
    # The measure word; by default the catalogue's for what is counted (个 for sister cities).
    unit: Text | None = Field(
        None, title="单位", description="目标数的量词；不填时用活动类型目录中所计项目的量词，友城为“个”。")
    count: TargetCount = Field(title="计量方法", description="次年如何数出实际完成数。")


def _cell_text(value: object) -> object:
    """A table cell may be written as a number: it is shown as written."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return str(value)
    return value


Cell = Annotated[
    str, BeforeValidator(_cell_text), AfterValidator(_check_characters),
    WithJsonSchema({"type": ["string", "number"]}),
]


class TableSpec(_Strict):
    """A table written out in the input: columns, then rows of cells."""

    model_config = described("表格", "直接写出的表格：先写表头各列，再逐行写出各格。")

    columns: Annotated[list[Text], Field(min_length=1)] = Field(title="表头", description="各列的名称，从左到右。")
    rows: list[list[Cell]] = Field(
        title="表格行", description="每行一个列表，格数与表头列数相同；数字可直接写，按原样显示。")
    # Columns aligned right; by default those whose every cell is a number.
    numeric: list[Text] | None = Field(
        None, title="右对齐的列", description="右对齐的列名；不填时各格都是数字的列右对齐。")

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

    model_config = described("统计表的一组行", "统计表中一种活动类型的合计，或按某一分类逐项列出。")

    type: Text = Field(title="活动类型", description="目录中的活动类型名称。")
    by: Text | None = Field(None, title="按分类",
        description="按这一分类（如 渠道、结果）的每个值各列一行；不填则只列合计。")
    label: Text | None = Field(None, title="行名称", description="表中显示的名称；默认用目录中该类型的名称。")


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


_STYLE_JSON = {"anyOf": [{"type": "string", "enum": list(_SCHEME_NAMES)}, {"type": "null"}]}


class Numbering(_Strict):
    """How the headings under a report, part or section are numbered (GB/T 9704 7.3.3
    and what offices do beside it). The faces stay by level whatever the numbers."""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, populate_by_name=True,
        **described("编号方式", "其下一层标题怎样编号：第一部分、跳级（一、下直接 1.）、无序号、起始序号、接续编号。"),
    )

    # None: the standard sequence, the label after the parent's (一、 → （一） → 1. → （1））.
    # 第一部分: part labels above 一、 (report level only); a deeper label skips
    # levels (一、 then 1.); 无: headings without a number.
    style: Annotated[LabelScheme | None, BeforeValidator(_scheme), WithJsonSchema(_STYLE_JSON)] = Field(
        None, title="编号方式", description="第一部分、一、、（一）、1.、（1）或 无；不写为标准层次。")
    start: Annotated[int, Field(ge=1, le=99)] = Field(
        1, title="起始序号", description="从第几开始编号，如 3 表示从“三、”开始。")
    # The numbers go on from where the previous sibling's headings stopped (4. under （二）).
    continued: bool = Field(
        False, alias="continue", title="接续编号", description="为 true 时接着上一个同级标题下的序号往下编。")
    # Not stripped: a full-width space is a separator offices use.
    separator: Annotated[str, StringConstraints(strip_whitespace=False, max_length=MAX_PART_SEPARATOR)] = Field(
        PART_SEPARATOR, title="部分标签后的分隔", description="“第一部分”与标题之间的符号，默认“：”。")


NumberingChoice = Annotated[
    Numbering | None, BeforeValidator(_numbering_shorthand),
    _Shorthand({"type": "string", "enum": list(_SCHEME_NAMES)}, {"type": "integer", "minimum": 1, "maximum": 99}),
]


class LeadFace(Enum):
    """The face of an enumeration item's lead sentence (up to its first 。)."""

    NONE = "无"  # the body's face, like the rest
    HEADING = "标题"  # the face of the heading level below the one the list stands under
    HEITI = "黑体"
    KAITI = "楷体"


class Enumeration(_Strict):
    """一是……。二是……。三是……。: items numbered by the program, in one paragraph
    (after an optional introduction) or one paragraph each."""

    model_config = described("列举", "“一是……二是……”或“第一，……第二，……”的列举，序号由程序生成。")

    intro: Text | None = Field(None, title="引语", description="列举之前的文字，与“一是”同段。")
    items: Annotated[list[Text], Field(min_length=2)] = Field(
        title="列举项", description="每一项一段文字，不写“一是”等序号。")
    marker: Annotated[EnumerationScheme, WithJsonSchema({"enum": [m.value for m in EnumerationScheme]})] = Field(
        EnumerationScheme.YISHI, title="序号写法", description="一是（一是……二是……）或 第一（第一，……第二，……）。")
    each: bool = Field(False, title="每项一段", description="为 true 时每项各占一段，否则连成一段。")
    lead: Annotated[LeadFace, WithJsonSchema({"enum": [f.value for f in LeadFace]})] = Field(
        LeadFace.NONE, title="首句字体",
        description="每项第一句（到第一个“。”为止）的字体：无、标题（下一级标题的字体）、黑体、楷体。")


class ListBlock(_Strict):
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, populate_by_name=True,
        **described("列举段落", "段落中的一项列举：list 之下写 items 等。"),
    )

    enumeration: Enumeration = Field(
        alias="list", title="列举的内容", description="引语、各项、序号写法（一是……二是……）等。")


class RecordsSpec(_Strict):
    """A table of ledger records, one row each: the year's main visits, say."""

    model_config = described("记录表", "由台账记录逐条生成的表格，如全年主要出访活动。")

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

    model_config = described("正文表格", "段落之间的表格：直接写出、由台账生成统计表或记录表，上方可有表题。")

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
    model_config = described("表格段落", "段落中的一项表格：table 之下写 caption、columns、rows 等。")

    table: BodyTable = Field(title="表格", description="正文中的表格。")


def block_kind(value: object) -> str | None:
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
    Discriminator(block_kind, custom_error_type="paragraph_kind",
                  custom_error_message="a paragraph is a text, a list or a table"),
]
Paragraphs = Annotated[list[Block], BeforeValidator(_as_list), _OneOrMany()]
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

    model_config = described("附件", "署名之后另起一页的附件；正文后的附件说明自动列出各附件的标题。")

    title: Text = Field(title="附件标题", description="附件的名称，也用于正文后的附件说明。")
    paragraphs: Texts = Field([], title="段落", description="附件中的文字段落。")
    table: TableSpec | None = Field(None, title="表格", description="直接写出的表格。")
    statistics: list[StatisticsRow] = Field(
        [], title="统计表", description="由台账生成的统计表，每项为一种活动类型（可按分类逐项列出）。")
    sister_cities: bool = Field(False, title="友城一览表", description="为 true 时由友城名录生成友好城市一览表。")


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

    model_config = described(
        "版头",
        "正式行文时的版头：红色发文机关标志、发文字号及其下的红色分隔线（GB/T 9704-2012 7.2）。"
    )

    copy_number: Annotated[str, Field(pattern=r"^\d{6}$")] | None = Field(
        None, title="份号", description="6 位阿拉伯数字，如 \"000012\"（加引号，保留前面的 0）；涉密公文须标注。")
    secrecy: Text | None = Field(None, title="密级和保密期限", description="如 秘密★1年；不涉密时不填。")
    urgency: Text | None = Field(None, title="紧急程度", description="特急 或 加急；不紧急时不填。")
    issuer: Text | None = Field(
        None, title="发文机关标志",
            description="红色大字的发文机关标志，如 南昌市外事侨务办公室文件；默认用发文机关全称。")
    number: Annotated[Text, AfterValidator(_check_doc_number)] = Field(
        title="发文字号",
            description="代字〔年份〕序号号，如 洪外侨字〔2012〕5号：六角括号，年份写全，序号不加“第”、不编虚位。")
    signer: Text | None = Field(None, title="签发人", description="上行文标注签发人姓名，排在发文字号右侧。")
    letterhead: bool = Field(
        False, title="预印版头", description="为 true 时用预先印好红色版头的公文纸：留出版头的位置，不印红色部分。")


class EndNotes(_Strict):
    """版记 [7.4]: 抄送机关, 印发机关 and 印发日期, at the foot of the last (even) page."""

    model_config = described("版记", "排在最后一页（偶数页）底部的抄送机关、印发机关和印发日期（GB/T 9704-2012 7.4）。")

    copy_to: Tags = Field([], title="抄送机关", description="抄送的机关，多个用“、”分隔或逐项列出。")
    printed_by: Text = Field(title="印发机关", description="负责印发的机关，一般是发文机关的办公室。")
    printed_on: CnDate = Field(title="印发日期", description="如 2013-02-20 或 2013年2月20日。")

    @field_validator("printed_on", mode="before")
    @classmethod
    def _chinese_date(cls, value: object) -> object:
        return _parse_chinese_date(value)


class Signature(_Strict):
    """How the report is signed [7.3.5]: unsealed (a work report's usual form),
    sealed (the office's seal over 署名 and date), or with the signer's seal."""

    model_config = described("署名和成文日期", "署名和成文日期的编排（GB/T 9704-2012 7.3.5）。")

    mode: Literal["unsealed", "sealed", "signature-seal"] = Field(
        "unsealed", title="署名方式",
        description="unsealed 不加盖印章（工作报告通常如此，默认）；sealed 加盖印章；signature-seal 加盖签发人签名章。")
    signer_title: Text | None = Field(
        None, title="签发人职务", description="加盖签发人签名章时，签名章左侧的签发人职务，如 主任。")

    @model_validator(mode="after")
    def _title_for_seal(self) -> Signature:
        if self.mode == "signature-seal" and not self.signer_title:
            raise ValueError("为 signature-seal（签发人签名章）时须填写 signer_title（签发人职务）")
        return self


class Section(_Strict):
    """A heading with what stands under it; numbers follow from nesting and the
    numbering choices of the report and the parents."""

    model_config = described("标题", "一个带序号的标题及其下的段落和下级标题；序号（（一）1.（1））由层次自动生成。")

    heading: Text = Field(title="标题", description="标题文字，不写序号（序号由层次自动生成）。")
    # True: the heading runs into the first paragraph ("1.交流层面进一步拓宽。2011年，……").
    run_in: bool = Field(
        False, title="标题与正文同段",
        description="为 true 时标题与下面第一段连成一段，如“1.交流层面进一步拓宽。2011年，……”；标题须以“。”结尾。")
    paragraphs: Paragraphs = Field([], title="段落", description="标题下、下级标题前的段落，每段一项。")
    sections: list[Section] = Field([], title="下级标题", description="下一级标题，最多四层。")
    # How `sections` are numbered (None: the standard sequence under this heading).
    numbering: NumberingChoice = Field(
        None, title="下级标题编号", description="下一级标题的编号方式：1.、（1）、无，或 {start: 3}、"
            "{continue: true}。")
    closing: Paragraphs = Field([], title="结尾段落", description="下级标题之后的段落。")
    targets: list[Target] = Field(
        [], title="可量化目标", description="工作打算中可量化的目标，次年生成报告时与台账核对。")


class Part(_Strict):
    """One level-1 part: the year's summary, next year's plan, or another part."""

    model_config = described("部分", "报告的一个部分（一级标题“一、”“二、”……）及其下的段落和各级标题。")

    heading: Text | None = Field(
        None, title="一级标题",
        description="一级标题文字，不写序号；工作总结和工作打算可不填，默认为“某年工作总结”“某年工作打算”。")
    run_in: bool = Field(False, title="标题与正文同段", description="为 true 时一级标题与下面第一段连成一段。")
    paragraphs: Paragraphs = Field([], title="段落", description="一级标题下、下级标题前的段落，每段一项。")
    sections: list[Section] = Field([], title="下级标题", description="二级标题（（一）（二）……）及其下的内容。")
    numbering: NumberingChoice = Field(
        None, title="下级标题编号", description="下一级标题的编号方式：1.（跳过（一））、无，或 {start: 3}、"
            "{continue: true}。")
    closing: Paragraphs = Field([], title="结尾段落", description="下级标题之后的段落，如全年工作的小结。")
    targets: list[Target] = Field(
        [], title="可量化目标", description="工作打算中可量化的目标，次年生成报告时与台账核对。")


class ReportInput(_Strict):
    model_config = described(
        "年度工作总结和工作打算",
        "一个机关一年的报告：署名、日期、各部分的标题和段落，以及计算文中数字所用的台账和友城名录。",
    )

    office: Text = Field(title="发文机关全称（署名）",
        description="发文机关的全称，用作署名，如 南昌市外事侨务办公室。")
    year: int = Field(ge=1949, le=2100, title="年度", description="报告总结的年度，如 2011。")
    date: CnDate = Field(
        title="成文日期", description="署名下的日期，如 2012-02-27 或 2012年2月27日；通常在年末或次年年初。")
    header: Header | None = Field(None, title="版头",
        description="正式行文时的版头（发文机关标志、发文字号等）；普通报告不填。")
    recipient: Text | None = Field(None, title="主送机关", description="如 南昌市人民政府；末尾的“：”自动加上。")
    signature: Signature = Field(Signature(), title="署名方式",
        description="署名和成文日期的编排方式；默认不加盖印章。")
    title: TitleText | None = Field(
        None, title="标题",
        description="报告标题；不填时为“机关+某年工作总结和次年工作打算”。标题中的换行决定标题的分行。")
    opening: Paragraphs = Field([], title="开头段落", description="第一部分之前的段落。")
    # How the parts are numbered: 一、 (default), 第一部分 above 一、, 无, a start number.
    numbering: NumberingChoice = Field(
        None, title="部分编号", description="各部分（一级标题）的编号方式：一、（默认）、第一部分、"
            "无，或 {start: 3}（从“三、”起）。")
    summary: Part | None = Field(None, title="工作总结部分",
        description="第一部分：本年度的工作总结，一级标题默认“某年工作总结”。")
    parts: list[Part] = Field(
        [], title="其他部分", description="工作总结与工作打算之间的部分（如 存在的问题），每部分须有一级标题。")
    plan: Part | None = Field(None, title="工作打算部分",
        description="最后一部分：下一年度的工作打算，一级标题默认“次年工作打算”。")
    attachments: list[Attachment] = Field([], title="附件",
        description="署名之后另起一页的附件，可含段落、表格、统计表和友城一览表。")
    end_notes: EndNotes | None = Field(None, title="版记", description="抄送机关、印发机关和印发日期；普通报告不填。")
    # The year's activities: the catalogue naming their types (a shipped name
    # or a file beside the input), records written here and/or ledger files
    # (CSV or YAML) beside the input, and totals stated directly.
    catalogue: Text = Field(
        "foreign-affairs", title="活动类型目录",
        description="随附目录的名称（默认 foreign-affairs，外事侨务），或与输入同目录的 .yaml 目录文件名。")
    activities: list[Activity] = Field([], title="台账记录", description="直接写在输入中的活动记录。")
    ledger_files: list[Text] = Field(
        [], title="台账文件",
        description="活动台账文件（.csv、.xlsx、.xls 或 .yaml），路径相对于输入文件所在的文件夹。")
    declared: list[Declared] = Field([], title="申报合计",
        description="没有逐条台账时直接申报的合计；与台账不符时给出提醒。")
    sister_cities: list[SisterCity] = Field([], title="友城名录", description="本市的友好城市和友好交流城市。")
    # The previous year's input, when it is not <year-1>.yaml beside this one.
    previous: Text | None = Field(
        None, title="上年的输入文件",
        description="用于同比和核对上年计划；默认取同一文件夹中的“上一年.yaml”，没有时取归档中上一年的最新版本。")
    # The layout: "standard", or variants on top of it (layout.VARIANTS).
    profile: Texts = Field(
        ["standard"], title="版式",
        description="standard（标准，默认），或在其上叠加 lines-28pt、bold-headings、centred-page-numbers、"
                    "times-digits、fangzheng-gbk。",
    )

    @field_validator("profile", mode="after")
    @classmethod
    def _known_profiles(cls, names: list[str]) -> list[str]:
        known = [STANDARD.name, *VARIANTS]
        for name in names:
            if name not in known:
                raise ValueError(f"中没有“{name}”。{suggestion(name, known, cutoff=0.4)}可选：{'、'.join(known)}")
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
