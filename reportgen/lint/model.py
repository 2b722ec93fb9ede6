"""What `lint` reports: one finding per thing wrong, with its clause and its place."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

# Long enough to find the paragraph again in Word, short enough for one line.
QUOTE_CHARS = 30


@dataclass(frozen=True)
class Finding:
    """One deviation from the profile.

    `clause` is the GB/T 9704-2012 clause broken ("5.2.2"); `where` is "第 N 段"
    (DOCX, 1-based, blank paragraphs counted) or "第 N 页" (PDF), or a part of the
    file such as "页面设置"; `quote` is the text there, shortened; `message` says in
    Chinese what is wrong and what is expected, with numbers.
    """

    clause: str
    severity: Severity
    where: str
    quote: str
    message: str


def shorten(text: str, limit: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def error(clause: str, where: str, quote: str, message: str) -> Finding:
    return Finding(clause, "error", where, shorten(quote), message)


def warning(clause: str, where: str, quote: str, message: str) -> Finding:
    return Finding(clause, "warning", where, shorten(quote), message)


_NUMBERED = re.compile(r"第 (\d+) (段|页)$")
_SECTION = re.compile(r"^第 (\d+) 节")
# Places of a DOCX that are not paragraphs, in the order Word's dialogs show them.
_PARTS = ("页面设置", "文档设置", "奇数页页脚", "偶数页页脚", "首页页脚")


def place_key(finding: Finding) -> tuple[int, int, int, str]:
    """Sort key: whole-file places (页面设置, 页脚) first, then by paragraph or page."""
    match = _NUMBERED.fullmatch(finding.where)
    if match is not None:
        return (1, int(match.group(1)), 0, finding.where)
    section = _SECTION.match(finding.where)
    part = _SECTION.sub("", finding.where)
    rank = _PARTS.index(part) if part in _PARTS else len(_PARTS)
    return (0, int(section.group(1)) if section else 0, rank, finding.where)


def merge_repeats(findings: list[Finding], shown: int = 5) -> list[Finding]:
    """One finding per (clause, severity, message), at its first place.

    A style set wrong repeats the same message on every paragraph that uses it:
    the reader needs the first place and the count, not 200 lines.
    """
    groups: dict[tuple[str, str, str], list[Finding]] = {}
    for finding in sorted(findings, key=place_key):
        groups.setdefault((finding.clause, finding.severity, finding.message), []).append(finding)
    merged = []
    for (clause, severity, message), group in groups.items():
        first = group[0]
        if len(group) > 1:
            places = dict.fromkeys(f.where for f in group[1:] if f.where != first.where)
            others = [w.removeprefix("第 ").removesuffix(" 段").removesuffix(" 页") for w in places]
            unit = "段" if first.where.endswith("段") else "页" if first.where.endswith("页") else ""
            listed = "、".join(others[:shown])
            more = "等" if len(others) > shown else ""
            tail = f"第 {listed} {unit}{more}" if unit else listed + more
            message = f"{message}（另有 {len(group) - 1} 处相同" + (f"：{tail}）" if others else "）")
        merged.append(Finding(clause, severity, first.where, first.quote, message))
    return sorted(merged, key=place_key)
