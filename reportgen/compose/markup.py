"""Turn the templates' markup into the document model.

Heading numbers are assigned here, from the nesting of <section> elements, so
neither the input nor a template ever types them. The signature block's
indents are computed here too [7.3.5], once for both renderers.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

from reportgen.compose.numbering import heading_number
from reportgen.compose.signature import MODES, UNSEALED, signature_block
from reportgen.compose.title import break_title
from reportgen.document import Paragraph, Run
from reportgen.errors import Problem, ReportError
from reportgen.layout import HEADING_STYLES, LayoutProfile, Style

_BLANK = Paragraph(Style.BLANK)


def parse(
    markup: str, profile: LayoutProfile, template: str, office: str
) -> tuple[str, list[Paragraph]]:
    """Return the title and the paragraphs the markup describes."""
    try:
        root = ET.fromstring(markup)
    except ET.ParseError as err:
        line, _ = err.position
        shown = markup.splitlines()[line - 1] if 0 < line <= len(markup.splitlines()) else ""
        raise ReportError(Problem(
            f"模板输出的文档标记不完整：{err}", file=template,
            hint=f"模板输出第 {line} 行：{shown.strip()}",
        )) from None
    if root.tag != "report":
        raise _markup_error(template, f"根元素应为 <report>，而不是 <{root.tag}>")

    builder = _Builder(profile, template, office)
    for element in root:
        builder.block(element)
    if builder.title is None:
        raise _markup_error(template, "缺少 <title>")
    return builder.title, builder.paragraphs


def _markup_error(template: str, message: str) -> ReportError:
    return ReportError(Problem(f"模板输出的文档标记有误：{message}", file=template))


def _text(element: ET.Element) -> str:
    return "".join(element.itertext()).strip()


class _Builder:
    def __init__(self, profile: LayoutProfile, template: str, office: str):
        self.office = office
        self.profile = profile
        self.template = template
        self.title: str | None = None
        self.paragraphs: list[Paragraph] = []
        self.counters = [0] * len(HEADING_STYLES)

    def block(self, element: ET.Element, level: int = 0) -> None:
        tag = element.tag
        if tag == "title":
            self.title = _text(element)
            lines = break_title(self.title, self.profile.title_max_chars, self.office)
            self.title = "".join(lines)
            # 7.3.1/7.3.2: the title, then one blank line before what follows.
            self.paragraphs += [Paragraph(Style.TITLE, (Run("\n".join(lines)),)), _BLANK]
        elif tag == "recipient":
            self.paragraphs.append(Paragraph(Style.RECIPIENT, (Run(_text(element)),)))
        elif tag == "p":
            self.paragraphs.append(Paragraph(Style.BODY, (Run(_text(element)),)))
        elif tag == "section":
            self.section(element, level + 1)
        elif tag == "signature":
            self.signature(element)
        else:
            raise _markup_error(self.template, f"不认识的元素 <{tag}>")

    def section(self, element: ET.Element, level: int) -> None:
        if level > len(HEADING_STYLES):
            raise _markup_error(self.template, f"<section> 嵌套超过 {len(HEADING_STYLES)} 层")
        children = list(element)
        if not children or children[0].tag != "heading":
            raise _markup_error(self.template, "<section> 的第一个子元素应为 <heading>")
        # A new heading restarts the numbering of every deeper level.
        self.counters[level - 1] += 1
        self.counters[level:] = [0] * (len(self.counters) - level)
        style = HEADING_STYLES[level - 1]
        heading = heading_number(level, self.counters[level - 1]) + _text(children[0])
        rest = children[1:]
        if element.get("run-in") == "true" and rest and rest[0].tag == "p":
            # The heading's face reaches only to its "。"; the text runs on in the body face.
            body_font = self.profile.element(Style.BODY).font
            runs = (Run(heading), Run(_text(rest[0]), font=body_font))
            self.paragraphs.append(Paragraph(style, runs))
            rest = rest[1:]
        else:
            self.paragraphs.append(Paragraph(style, (Run(heading),)))
        for child in rest:
            self.block(child, level)

    def signature(self, element: ET.Element) -> None:
        office, date = element.find("office"), element.find("date")
        if office is None or date is None:
            raise _markup_error(self.template, "<signature> 应含 <office> 和 <date>")
        mode = element.get("mode", UNSEALED)
        if mode not in MODES:
            raise _markup_error(self.template, f"<signature mode=\"{mode}\">：mode 只能是 {'、'.join(MODES)}")
        title = element.find("signer-title")
        if self.paragraphs:
            # The body's last line goes with the block, which never starts a page alone [7.3.5.5].
            self.paragraphs[-1] = replace(self.paragraphs[-1], keep_with_next=True)
        self.paragraphs += signature_block(
            self.profile, mode, _text(office), _text(date), _text(title) if title is not None else ""
        )
