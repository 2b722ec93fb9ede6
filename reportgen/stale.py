"""Year references that do not belong: "2010年" in the 2011 summary's own
account of the year, "明年" in a plan that is already about next year.

Only warnings: a comparison ("比2010年增长") or a span ("2011年至今") is
legitimate, and the words around a year tell which it is.
"""

from __future__ import annotations

import re

from reportgen.errors import FieldPath, Problem
from reportgen.load import SourceMap
from reportgen.schema import Part, ReportInput, Section, block_texts

_YEAR = re.compile(r"(?<![\d〔\[［(（])(\d{4})年")
# Words before or after a past year that make it a comparison or a span.
_COMPARING_BEFORE = ("比", "较", "自", "从", "于", "与", "和", "同", "至", "到", "—", "-", "～")
_COMPARING_AFTER = ("以来", "至", "到", "—", "-", "～", "同期", "相比", "底", "末")
_PLAN_RELATIVE = {"明年": "{next_year}年", "今年": "{next_year}年", "去年": "{year}年"}
_SUMMARY_RELATIVE = {"明年": "{next_year}年", "去年": "{previous_year}年"}


def stale_references(report: ReportInput, source: SourceMap) -> list[Problem]:
    years = {"year": report.year, "next_year": report.year + 1, "previous_year": report.year - 1}
    found: list[Problem] = []
    if report.summary is not None:
        for path, text in _texts(report.summary, ("summary",)):
            found += _past_years(text, path, report.year, source)
            found += _relative(text, path, _SUMMARY_RELATIVE, years, "工作总结", source)
    if report.plan is not None:
        for path, text in _texts(report.plan, ("plan",)):
            found += _relative(text, path, _PLAN_RELATIVE, years, "工作打算", source)
    return found


def _texts(node: Part | Section, path: FieldPath):
    if node.heading:
        yield (*path, "heading"), node.heading
    for key in ("paragraphs", "closing"):
        # Paragraphs, list items and table captions (schema.block_texts).
        for inner, text in block_texts(getattr(node, key)):
            yield (*path, key, *inner), text
    for i, child in enumerate(node.sections):
        yield from _texts(child, (*path, "sections", i))


def _past_years(text: str, path: FieldPath, year: int, source: SourceMap) -> list[Problem]:
    found = []
    for match in _YEAR.finditer(text):
        mentioned = int(match.group(1))
        if mentioned >= year or _inside_title(text, match.start()):
            continue
        before, after = text[max(match.start() - 2, 0):match.start()], text[match.end():match.end() + 2]
        if before.endswith(_COMPARING_BEFORE) or after.startswith(_COMPARING_AFTER):
            continue
        found.append(source.problem(
            path, f"{year}年的工作总结中出现“{match.group(0)}”，可能是沿用了往年的文字",
            f"若是写本年度，请改为“{year}年”；若是比较，请写明（如“比{mentioned}年”）。",
        ))
    return found


def _relative(text, path, words, years, part, source) -> list[Problem]:
    return [
        source.problem(path, f"{part}中出现“{word}”，指代不明确", f"请写明年份，如“{better.format(**years)}”。")
        for word, better in words.items()
        if word in text
    ]


def _inside_title(text: str, index: int) -> bool:
    """Inside 《…》, where a year is part of a document's name."""
    return text.rfind("《", 0, index) > text.rfind("》", 0, index)
