"""Turn the templates' markup into the document model.

Heading numbers are assigned here, from the nesting of <section> elements, so
neither the input nor a template ever types them. The signature block's
indents are computed here too [7.3.5], once for both renderers.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace

from reportgen.compose import numbering
from reportgen.compose.enumeration import enumeration_paragraphs
from reportgen.compose.signature import MODES, UNSEALED, signature_block
from reportgen.compose.title import break_title
from reportgen.document import EndNotes, Paragraph, Placement, Rule, Run, Table
from reportgen.errors import Problem, ReportError
from reportgen.layout import HEADING_STYLES, Align, FontRole, LayoutProfile, Style
from reportgen.typography import NumberingError, text_width_chars
from reportgen.units import Pt

_BLANK = Paragraph(Style.BLANK)


def parse(
    markup: str, profile: LayoutProfile, template: str, office: str
) -> tuple[str, list[Paragraph], EndNotes | None]:
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
    try:
        builder.sequence = numbering.top_sequence(numbering.Choice.of(root))
    except ValueError as err:
        raise _markup_error(template, f"<report> 的编号有误：{err}") from None
    for element in root:
        builder.block(element)
    if builder.title is None:
        raise _markup_error(template, "缺少 <title>")
    return builder.title, keep_headings(builder.paragraphs), builder.end_notes


def keep_headings(paragraphs: list) -> list:
    """No heading stranded at the foot of a page: a heading keeps with what it
    introduces, and the paragraph after it (or a run-in heading's own paragraph)
    keeps two lines together at the foot of a page and at the head of the next
    (widow control). A heading that introduces nothing (the next is a heading of its
    level or above: items of a 工作要点 written as headings) stands alone like a
    paragraph; kept with the next, a run of them moved to the next page whole and
    left the page before it up to half empty."""
    kept = list(paragraphs)
    for i, paragraph in enumerate(kept):
        if not isinstance(paragraph, Paragraph) or paragraph.style not in HEADING_STYLES:
            continue
        if len(paragraph.runs) > 1:  # run-in: the heading's words lead its own text
            kept[i] = replace(paragraph, widow_control=True)
            continue
        after = kept[i + 1] if i + 1 < len(kept) else None
        if isinstance(after, Paragraph) and after.style in HEADING_STYLES \
                and HEADING_STYLES.index(after.style) <= HEADING_STYLES.index(paragraph.style):
            continue
        kept[i] = replace(paragraph, keep_with_next=True)
        if isinstance(after, Paragraph) and after.style not in HEADING_STYLES:
            kept[i + 1] = replace(after, widow_control=True)
    return kept


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
        self.end_notes: EndNotes | None = None
        # The numbers given to the headings at the current place (compose/numbering.py).
        self.sequence: numbering.Sequence | None = None

    def block(self, element: ET.Element, level: int = 0) -> None:
        tag = element.tag
        if tag == "title":
            self.title = _text(element)
            lines = break_title(self.title, self.profile.standard.title_max_chars, self.office)
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
        elif tag == "attachment-notes":
            self.attachment_notes(element)
        elif tag == "attachment":
            self.attachment(element)
        elif tag == "header":
            self.header(element)
        elif tag == "end-notes":
            copy_to = element.find("copy-to")
            self.end_notes = EndNotes(
                copy_to=_text(copy_to) if copy_to is not None else "",
                printed_by=_text(element.find("printed-by")),
                printed_on=_text(element.find("printed-on")),
            )
        elif tag == "table":
            caption = element.find("caption")
            if caption is not None and _text(caption):
                # The caption goes with the table's head and first row to whichever page they take.
                self.paragraphs.append(Paragraph(Style.TABLE_CAPTION, (Run(_text(caption)),), keep_with_next=True))
            self.paragraphs.append(_table(element, self.template, self.profile))
        elif tag == "list":
            try:
                self.paragraphs += enumeration_paragraphs(element, self.profile, level)
            except ValueError as err:
                raise _markup_error(self.template, f"<list> 有误：{err}") from None
        else:
            raise _markup_error(self.template, f"不认识的元素 <{tag}>")

    def section(self, element: ET.Element, level: int) -> None:
        children = list(element)
        if not children or children[0].tag != "heading":
            raise _markup_error(self.template, "<section> 的第一个子元素应为 <heading>")
        # The number and level come from the nesting and the numbering choices;
        # the face from the level [7.3.3], whatever the number.
        parent = self.sequence
        assert parent is not None
        try:
            choice = numbering.Choice.of(element)
            numbered = numbering.number_heading(parent, choice)
            self.sequence = numbering.children_sequence(parent, numbered, choice)
        except (ValueError, NumberingError) as err:
            raise _markup_error(self.template, f"“{_text(children[0])}”的编号有误：{err}") from None
        level = numbered.level
        style = Style.PART_HEADING if level == 0 else HEADING_STYLES[level - 1]
        heading = numbered.label + _text(children[0])
        rest = children[1:]
        if element.get("run-in") == "true" and rest and rest[0].tag == "p":
            # The heading's face reaches only to its "。"; the text runs on in the body face.
            body = self.profile.element(Style.BODY)
            runs = (Run(heading), Run(_text(rest[0]), font=body.font, bold=body.bold))
            self.paragraphs.append(Paragraph(style, runs))
            rest = rest[1:]
        else:
            self.paragraphs.append(Paragraph(style, (Run(heading),)))
        for child in rest:
            self.block(child, level)
        numbering.finished(parent, self.sequence)
        self.sequence = parent

    def header(self, element: ET.Element) -> None:
        """7.2: 份号, 密级, 紧急程度 on lines 1-3; the issuer's mark with its top 35 mm
        down; two blank lines; the 发文字号 (and 签发人) over the red rule; two
        blank lines before the title, which follows."""
        profile, standard = self.profile, self.profile.standard

        def text(tag: str) -> str:
            found = element.find(tag)
            return _text(found) if found is not None else ""

        printed = element.get("letterhead") != "true"
        # 7.2.1-7.2.3: those given, in this order, on consecutive lines from the first.
        marks = [text(tag) for tag in ("copy-number", "secrecy", "urgency") if text(tag)]
        self.paragraphs += [Paragraph(Style.HEADER_MARK, (Run(mark),)) for mark in marks]
        issuer = profile.element(Style.ISSUER)
        issuer_text = text("issuer")
        # The mark's size is the office's choice; a long name shrinks to fit the line.
        size = min(issuer.size.pt, standard.type_width.pt / max(text_width_chars(issuer_text), 1))
        self.paragraphs.append(Paragraph(
            Style.ISSUER, (Run(issuer_text),), invisible=not printed,
            space_before=standard.issuer_top - profile.line_pitch * len(marks), size=Pt(round(size, 1)),
        ))
        self.paragraphs += [_BLANK, _BLANK]
        # 7.2.6: 签发人 in 仿宋, the name in 楷体, at the right, one character in.
        right = (Run("签发人："), Run(text("signer"), font=FontRole.KAITI)) if text("signer") else ()
        rule = Rule(profile.issuer_color, profile.header_rule, standard.header_rule_gap, visible=printed)
        self.paragraphs.append(Paragraph(
            Style.DOC_NUMBER, (Run(text("number")),), right=right,
            placement=Placement(Align.LEFT, standard.header_indent_chars), rule_below=rule,
        ))
        self.paragraphs += [_BLANK, _BLANK]

    def attachment_notes(self, element: ET.Element) -> None:
        """7.3.4: one blank line below the body, 左空二字 "附件：" and the names;
        several are numbered 1. 2. …, each name wrapping under its first character."""
        names = [_text(note) for note in element.findall("note")]
        if self.paragraphs:
            # The body's last line goes along if the list and signature move on [7.3.5.5].
            self.paragraphs[-1] = replace(self.paragraphs[-1], keep_with_next=True)
        self.paragraphs.append(Paragraph(Style.BLANK, keep_with_next=True))
        lead = self.profile.standard.attachment_note_indent_chars
        label = "附件："
        for i, name in enumerate(names, 1):
            number = f"{i}." if len(names) > 1 else ""
            start = lead + text_width_chars(label) + text_width_chars(f"{len(names)}.") if number else \
                lead + text_width_chars(label)
            prefix = (label if i == 1 else "") + number
            placement = Placement(Align.LEFT, start, first_line=-text_width_chars(prefix))
            # The list stays in one piece (it keeps with the signature after it).
            self.paragraphs.append(Paragraph(
                Style.ATTACHMENT_NOTE, (Run(prefix + name),), placement=placement, keep_with_next=True,
            ))

    def attachment(self, element: ET.Element) -> None:
        """7.3.7: a new page; "附件N" on its first line, the title centred on the third."""
        number = element.get("number", "")
        title = element.find("title")
        if title is None:
            raise _markup_error(self.template, "<attachment> 应含 <title>")
        lines = break_title(_text(title), self.profile.standard.title_max_chars)
        self.paragraphs += [
            Paragraph(Style.ATTACHMENT_LABEL, (Run(f"附件{number}"),), page_break_before=True),
            _BLANK,
            Paragraph(Style.ATTACHMENT_TITLE, (Run("\n".join(lines)),)),
            _BLANK,
        ]
        for child in element:
            if child.tag != "title":
                self.block(child)

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


_NUMBER = re.compile(r"^[-+]?\d[\d,]*(\.\d+)?%?$|^—$")


def _table(element: ET.Element, template: str, profile: LayoutProfile) -> Table:
    head = element.find("head")
    if head is None:
        raise _markup_error(template, "<table> 应含 <head>")
    header = tuple(_text(c) for c in head.findall("c"))
    rows = tuple(tuple(_text(c) for c in row.findall("c")) for row in element.findall("row"))
    for row in rows:
        if len(row) != len(header):
            raise _markup_error(template, f"表格的一行有 {len(row)} 格，而表头有 {len(header)} 列")
    numeric = []
    for index, cell in enumerate(head.findall("c")):
        flag = cell.get("numeric", "auto")
        if flag == "auto":
            values = [row[index] for row in rows if row[index]]
            numeric.append(bool(values) and all(_NUMBER.match(v) for v in values))
        else:
            numeric.append(flag == "true")
    room = profile.standard.type_width.pt / profile.element(Style.TABLE_TEXT).size.pt
    return Table(header=header, rows=rows, numeric=tuple(numeric), widths=column_widths(header, rows, room))


def column_widths(header: tuple[str, ...], rows, room: float) -> tuple[float, ...]:
    """Each column as wide as its longest cell (at least two characters), as
    fractions of the type area: both renderers set the same widths, so a row
    wraps alike. When they do not all fit in `room` (characters of the table's
    size across the type area), the columns that fit in an even share keep their
    width (a date never wraps) and the long ones share what is left."""
    needs = [
        max(2.0, *(text_width_chars(row[i]) for row in (header, *rows))) + 1  # +1: the cell's padding
        for i in range(len(header))
    ]
    total = sum(needs)
    if total <= room:
        return tuple(n / total for n in needs)
    fixed: dict[int, float] = {}
    while True:
        left = room - sum(fixed.values())
        free = [i for i in range(len(needs)) if i not in fixed]
        share = left / len(free) if free else 0
        narrow = [i for i in free if needs[i] <= share]
        if not narrow or len(narrow) == len(free):
            break
        fixed.update((i, needs[i]) for i in narrow)
    left = room - sum(fixed.values())
    wide = sum(needs[i] for i in range(len(needs)) if i not in fixed)
    widths = [fixed[i] if i in fixed else needs[i] / wide * left for i in range(len(needs))]
    return tuple(w / room for w in widths)
