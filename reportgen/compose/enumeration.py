"""Lists inside the body: "一是……。二是……。三是……。" (or "第一，……第二，……"),
numbered here as headings are, never typed.

The markup (templates/README.md):

    <list marker="一是|第一" each="true|false" lead="无|标题|黑体|楷体">
      <intro>…</intro> <item>…</item> <item>…</item>
    </list>

In one paragraph after its introduction, or one paragraph each. With a lead
face, each item's marker and first sentence (to its first "。") are set in it,
as a run-in heading's are; the rest in the body face.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from reportgen.document import Paragraph, Run
from reportgen.layout import HEADING_STYLES, FontRole, LayoutProfile, Style
from reportgen.typography import ITEM_END, SENTENCE_END, EnumerationScheme, enumeration_marker

_LEADS = {"黑体": FontRole.HEITI, "楷体": FontRole.KAITI}


def lead_font(lead: str, level: int, profile: LayoutProfile) -> FontRole | None:
    """The face of an item's lead: none; that of the heading level below `level`
    (the level the list stands under, 0 for the report's opening); or one named."""
    if lead in ("", "无"):
        return None
    if lead == "标题":
        below = HEADING_STYLES[min(level, len(HEADING_STYLES) - 1)]
        font = profile.element(below).font
        return None if font is profile.element(Style.BODY).font else font
    if lead in _LEADS:
        return _LEADS[lead]
    raise ValueError(f"lead=\"{lead}\" 只能是 无、标题、黑体 或 楷体")


def item_runs(marker: str, item: str, font: FontRole | None) -> list[Run]:
    """The marker and the item, its lead sentence in `font` when there is one."""
    if item and item[-1] not in ITEM_END:
        item += "。"
    if font is None:
        return [Run(marker + item)]
    stops = [item.find(mark) for mark in SENTENCE_END if mark in item]
    end = min(stops) + 1 if stops else len(item)
    runs = [Run(marker + item[:end], font=font)]
    if item[end:]:
        runs.append(Run(item[end:]))
    return runs


def enumeration_paragraphs(element: ET.Element, profile: LayoutProfile, level: int) -> list[Paragraph]:
    """The paragraphs of one <list>; ValueError (Chinese) for a wrong attribute."""
    try:
        scheme = EnumerationScheme(element.get("marker", EnumerationScheme.YISHI.value))
    except ValueError:
        raise ValueError(f"marker=\"{element.get('marker')}\" 只能是 一是 或 第一") from None
    font = lead_font(element.get("lead", "无"), level, profile)
    intro_element = element.find("intro")
    intro = "".join(intro_element.itertext()).strip() if intro_element is not None else ""
    items = ["".join(item.itertext()).strip() for item in element.findall("item")]
    if not items:
        raise ValueError("<list> 应含 <item>")
    runs_per_item = [item_runs(enumeration_marker(scheme, n), item, font) for n, item in enumerate(items, 1)]
    if element.get("each") == "true":
        paragraphs = [Paragraph(Style.BODY, (Run(intro),))] if intro else []
        return paragraphs + [Paragraph(Style.BODY, tuple(runs)) for runs in runs_per_item]
    runs = [Run(intro)] if intro else []
    for item in runs_per_item:
        runs += item
    return [Paragraph(Style.BODY, tuple(_merged(runs)))]


def _merged(runs: list[Run]) -> list[Run]:
    """Neighbouring runs of one face become one."""
    merged: list[Run] = []
    for run in runs:
        if merged and merged[-1].font == run.font:
            merged[-1] = Run(merged[-1].text + run.text, run.font)
        else:
            merged.append(run)
    return merged
