"""Saying what is wrong, in Chinese: one translator for every pydantic error and
one "did you mean" for every unknown name.

Every file a user writes is checked by pydantic: the year's YAML, a ledger (CSV,
Excel or YAML), a catalogue, the declared totals. Whichever it was, an error
reads the same here, with the bounds and choices taken from the error itself
(never another field's), and an unknown name gets the nearest known one.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# Names people write for one the program knows, too far apart for difflib to find.
KNOWN_SLIPS = {
    "批数": "批次", "团组数": "批次", "团数": "批次", "次数": "批次", "批次数": "批次",
    "人员": "人数", "人员数": "人数", "人数（人）": "人数", "人数（人次）": "人数", "人数(人)": "人数",
    "人数(人次)": "人数", "人次数": "人数", "国别": "国家或地区", "地区": "国家或地区",
    "金额（元）": "金额（万元）", "时间": "日期", "活动日期": "日期", "来访团组": "对方", "团组名称": "对方",
}


def did_you_mean(name: str, options: Iterable[str], cutoff: float = 0.5) -> str | None:
    """The known name `name` most likely stands for, or None."""
    options = [str(o) for o in options]
    key = str(name).strip()
    slip = KNOWN_SLIPS.get(key)
    if slip in options:
        return slip
    # A full-width colon or space typed into a name: the name without it.
    cleaned = key.replace("\u3000", "").replace("：", "").replace(":", "").strip()
    if cleaned != key and cleaned in options:
        return cleaned
    lowered = {o.lower(): o for o in options}
    if key.lower() in lowered and lowered[key.lower()] != key:
        return lowered[key.lower()]
    found = difflib.get_close_matches(key, options, n=1, cutoff=cutoff)
    return found[0] if found else None


def suggestion(name: str, options: Iterable[str], cutoff: float = 0.5) -> str:
    """"是不是“批次”？" or ""."""
    close = did_you_mean(name, options, cutoff)
    return f"是不是“{close}”？" if close else ""


def choices(options: Iterable[object]) -> str:
    """“一、”“（一）”“1.”: quoted, so names that end in 、 stay readable."""
    return "".join(f"“{o}”" for o in options)


def odd_characters(text: str) -> str | None:
    """A full-width colon or space where YAML wants half-width ones, named as such."""
    if "：" in text:
        return "用了全角冒号“：”（YAML 的键后应为半角冒号加空格“: ”）"
    if "\u3000" in text:
        return "含有全角空格（YAML 只认半角空格，请用半角空格缩进和分隔）"
    return None


@dataclass(frozen=True)
class Translated:
    message: str
    hint: str | None = None


def translate(error: Any, label: str, name: str = "", allowed: Iterable[str] = (),
              example: str | None = None) -> Translated:
    """One pydantic error as Chinese. `label` names the field as a user knows it
    (字段的中文名或表头), `name` its key; `allowed` are the keys valid where an
    unknown one stands; `example` a line to copy for a missing field."""
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    shown = describe(value)

    if kind == "missing":
        hint = f"请在此处加上一行，例如 {example}" if example else f"请加上“{name}: …”。"
        return Translated(f"缺少必填字段“{name}”（{label}）" if label != name else f"缺少必填字段“{name}”", hint)
    if kind == "extra_forbidden":
        allowed = list(allowed)
        odd = odd_characters(str(name))
        head = f"“{name}”{odd}" if odd else f"未知字段“{name}”"
        hint = suggestion(str(name), allowed) + (f"此处可用的字段：{'、'.join(allowed)}。" if allowed else "")
        return Translated(head, hint or None)
    if kind in {"string_type", "string_too_short", "too_short"} and value in (None, "", [], {}):
        what = "不能为空" if kind != "too_short" or not isinstance(value, list) else _at_least(ctx)
        return Translated(f"{label}{what}", "请填写内容，或删除这一行。")
    if kind == "too_short":
        return Translated(f"{label}{_at_least(ctx)}，这里只有 {ctx.get('actual_length', '')} 项")
    if kind in {"too_long", "string_too_long"}:
        most = ctx.get("max_length")
        return Translated(f"{label}太长：最多 {most} {'个字' if kind == 'string_too_long' else '项'}")
    if kind == "string_type":
        return Translated(f"{label}应为一段文字，而不是{shown}")
    if kind in {"int_type", "int_parsing", "int_from_float", "float_parsing", "float_type",
                "decimal_parsing", "decimal_type", "finite_number"}:
        whole = "整数" if kind.startswith("int") else "数字"
        odd = odd_characters(str(value)) if isinstance(value, str) else None
        return Translated(f"{label}应为{whole}，而不是{shown}" + (f"：{odd}" if odd else ""))
    if kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        return Translated(f"{label}{shown}{_bound(kind, ctx)}")
    if kind.startswith("date") or kind.startswith("datetime"):
        text = value.isoformat() if hasattr(value, "isoformat") else value
        return Translated(f"{label}“{text}”不是有效的日期",
                          "请写成 2012-02-27 或 2012年2月27日 的形式，且须是日历上存在的日期。")
    if kind in {"bool_type", "bool_parsing"}:
        return Translated(f"{label}应为 true 或 false，而不是{shown}")
    if kind == "list_type":
        return Translated(f"{label}应为列表，每一项以“- ”开头，而不是{shown}")
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        odd = odd_characters(str(value)) if isinstance(value, str) else None
        if odd:
            return Translated(f"{label}应为“键: 值”形式的内容，而这里是{shown}，{odd}")
        return Translated(f"{label}应为“键: 值”形式的内容，而不是{shown}",
                          "请检查此处的缩进，下一级的键应比这一行多缩进两格。")
    if kind in {"enum", "literal_error"}:
        expected = _expected(ctx)
        close = suggestion(str(value), expected) if expected else ""
        return Translated(f"{label}不能是{shown}", f"{close}可选：{choices(expected)}。" if expected else None)
    if kind == "paragraph_kind":
        keys = "、".join(f"“{k}”" for k in value) if isinstance(value, dict) else shown
        return Translated(f"{label}中的一项应是一段文字、list（列举）或 table（表格），而这里是{keys}",
                          "列举写成 - list: {items: [...]}，表格写成 - table: {columns: [...], rows: [...]}。")
    if kind == "string_pattern_mismatch":
        return Translated(f"{label}{shown}的格式不对")
    if kind == "value_error":
        message = str(ctx.get("error", error["msg"]))
        message = message.removeprefix("Value error, ")
        return Translated(f"{label}{message}")
    return Translated(f"{label}有误：{error['msg']}")


def describe(value: object) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return f"“{str(value).lower()}”"
    if isinstance(value, dict):
        return "一组“键: 值”"
    if isinstance(value, list):
        return "列表"
    return f"“{value}”"


def _at_least(ctx: dict) -> str:
    least = ctx.get("min_length", 1)
    return "不能为空" if least == 1 else f"至少要有 {least} 项"


def _bound(kind: str, ctx: dict) -> str:
    if kind == "greater_than_equal":
        return f"不能小于 {ctx.get('ge')}"
    if kind == "greater_than":
        return f"应大于 {ctx.get('gt')}"
    if kind == "less_than_equal":
        return f"不能大于 {ctx.get('le')}"
    return f"应小于 {ctx.get('lt')}"


def _expected(ctx: dict) -> list[str]:
    """pydantic's "'a', 'b' or 'c'" as a list."""
    text = str(ctx.get("expected", ""))
    parts = [p.strip() for p in text.replace(" or ", ",").split(",")]
    return [p.strip("'\"") for p in parts if p.strip("'\"")]
