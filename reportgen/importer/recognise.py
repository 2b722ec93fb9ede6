"""Recognise a report's structure in its paragraphs: 版头, title, 主送机关, headings
at their levels, run-in headings, 一是/二是 lists, tables, 附件说明, signature and
date, attachments, 版记.

Headings are known by their number (typed in any scheme offices use, or
Word's automatic number), or, unnumbered, by a face or weight that sets them
apart from the body. Levels follow the file's own hierarchy: a scheme's usual
rank (一、 above （一） above 1. above （1） above ①) decides which heading
closes which, so a report that skips a level (一、 then 1.) still nests right.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from reportgen.importer.model import (
    TYPED_DOC_NUMBER,
    Attachment,
    Block,
    BodyTable,
    EndNotes,
    Enumeration,
    HeaderFields,
    ImportedReport,
    Node,
    Scheme,
    Text,
)
from reportgen.importer.source import Align, Face, SourceDocument, SourceParagraph, SourceTable
from reportgen.typography import (
    CHINESE_NUMERAL_CHARS,
    INTRO_END,
    ITEM_END,
    SENTENCE_END,
    EnumerationScheme,
    TypedLabel,
    enumeration_marker,
    narrow_digits,
    read_chinese_digits,
    read_chinese_numeral,
    read_label,
)

# Heading numbers are read by typography.read_label; these are the looser ways
# offices also type them: "一." for "一、", and the marks or spaces after a number.
_CHINESE_DOT = re.compile(rf"^([{CHINESE_NUMERAL_CHARS}]{{1,3}})[.．]")
_AFTER_PART = re.compile(r"[\s\u3000:：、，,.．]*")
_AFTER_NUMBER = re.compile(r"[\s\u3000、.．]*")
_SCHEMES = {scheme.value: scheme for scheme in Scheme}
MAX_HEADING_CHARS = 60  # a standalone heading is a line or two, never a paragraph
MAX_RUN_IN_CHARS = 50  # a run-in heading is one short sentence
MAX_CAPTION_CHARS = 50
MAX_ITEMS = 99  # list markers are counted in typography's numerals, 一是 to 九十九是
# An unnumbered heading over 一、 headings: below part labels (第一部分), above 一、.
PART_HEADING_RANK = (Scheme.PART.rank + Scheme.CHINESE.rank) / 2

_DATE = re.compile(r"^[（(]?\s*([0-9〇○零一二三四五六七八九]{4})\s*年\s*([0-9一二三四五六七八九十]{1,3})\s*月"
                   r"\s*([0-9一二三四五六七八九十]{1,3})\s*日\s*[）)]?$")
_SIGNER = re.compile(r"签\s*发\s*人[:：]\s*(\S+)")
_COPY_NUMBER = re.compile(r"^\d{6}$")
_SECRECY = re.compile(r"^(绝密|机密|秘密)(★.*)?$")
_URGENCY = re.compile(r"^(特急|加急|特提|平急)$")
_ATTACHMENT_LABEL = re.compile(r"^附\s*件\s*(\d*)[:：]?$")
_ATTACHMENT_NOTE = re.compile(r"^附\s*件[:：]\s*")
_NOTE_NUMBER = re.compile(r"^\d{1,2}[.．、]\s*")
_COPY_TO = re.compile(r"^抄\s*送[:：]\s*")
_PRINTED = re.compile(r"^(.*?)[\s　\t]*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*印\s*发$")


def _date_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return read_chinese_numeral(text) or read_chinese_digits(text)


def parse_date(text: str) -> dt.date | None:
    """2012年2月27日, 二〇一二年二月二十七日, (2012年2月27日), ２０１２年…"""
    match = _DATE.match(narrow_digits(text.strip().replace(" ", "")))
    if not match:
        return None
    year, month, day = (_date_number(g) for g in match.groups())
    if year is None or month is None or day is None or len(match.group(1)) != 4:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class Number:
    scheme: Scheme
    value: int
    label: str  # as written, "（一）"
    rest: str  # the text after it
    separator: str = ""  # the marks and spaces between the number and the text


def parse_number(text: str) -> Number | None:
    """The typed number a heading starts with, if it is one of the schemes offices use."""
    probe = narrow_digits(text[:6]) + text[6:]
    typed = read_label(probe)
    if typed is None and (match := _CHINESE_DOT.match(probe)) and (value := read_chinese_numeral(match.group(1))):
        typed = TypedLabel(match.group(0), value, Scheme.CHINESE.value, 1)
    if typed is None or typed.scheme not in _SCHEMES:  # 一是, 第一，: list markers
        return None
    scheme = _SCHEMES[typed.scheme]
    number_end = probe.index("部分") + 2 if scheme is Scheme.PART else typed.end
    end = (_AFTER_PART if scheme is Scheme.PART else _AFTER_NUMBER).match(probe, number_end).end()
    return Number(scheme, typed.number, text[:end].strip(), text[end:], text[number_end:end])


@dataclass(frozen=True)
class Listed:
    """一是……二是……, found in a paragraph's text (markers by typography.enumeration_marker)."""

    marker: EnumerationScheme
    intro: str
    first: int  # the number of the first item (1, or more where a list goes on from the paragraph before)
    items: tuple[str, ...]  # without their markers
    starts: tuple[int, ...]  # where each item's marker stands in the text


def find_enumeration(text: str) -> Listed | None:
    """The list a paragraph holds: 一是…… at its start, or after an introduction that
    ends its sentence ("……三个方面。一是……"), each further item after a sentence end."""
    typed = read_label(text)
    for scheme in EnumerationScheme:
        first = typed.number if typed is not None and typed.depth is None \
            and text.startswith(enumeration_marker(scheme, typed.number)) else None
        if first is not None:
            start = 0
        else:
            start, first = _marker_after_sentence(text, enumeration_marker(scheme, 1), INTRO_END), 1
            if start is None:
                continue
        starts = [start]
        n = first + 1
        while n <= MAX_ITEMS and (at := _marker_after_sentence(
                text, enumeration_marker(scheme, n), ITEM_END, starts[-1] + 1)) is not None:
            starts.append(at)
            n += 1
        ends = [*starts[1:], len(text)]
        items = tuple(text[a + len(enumeration_marker(scheme, first + i)):b]
                      for i, (a, b) in enumerate(zip(starts, ends, strict=True)))
        if any(not item.strip() for item in items):
            continue
        return Listed(scheme, text[:start], first, items, tuple(starts))
    return None


def _marker_after_sentence(text: str, marker: str, before: str, start: int = 0) -> int | None:
    at = text.find(marker, start)
    while at > 0 and text[at - 1] not in before:
        at = text.find(marker, at + 1)
    return at if at > 0 else None


@dataclass(frozen=True)
class _Look:
    face: Face | None
    bold: bool

    @classmethod
    def of(cls, span) -> _Look:
        return cls(span.face, span.bold)


class Recogniser:
    def __init__(self, source: SourceDocument):
        self.source = source
        self.report = ImportedReport(source_name=source.name)
        paragraphs = [b for b in source.blocks if isinstance(b, SourceParagraph)]
        weights: Counter[_Look] = Counter()
        for paragraph in paragraphs:
            for span in paragraph.spans:
                weights[_Look.of(span)] += len(span.text)
        self.body_look = weights.most_common(1)[0][0] if weights else _Look(None, False)

    # -- the whole ------------------------------------------------------------------

    def run(self) -> ImportedReport:
        blocks = list(self.source.blocks)
        blocks = self._end_notes(blocks)
        start = self._front(blocks)
        end, attachments_at = self._signature(blocks, start)
        if attachments_at is not None:
            self._attachments(blocks[attachments_at:])
        end = self._attachment_notes(blocks, start, end)
        self._body(blocks[start:end])
        return self.report

    # -- 版头, title, 主送机关 ---------------------------------------------------------

    def _front(self, blocks: list) -> int:
        """Header fields, title and recipient; returns where the body starts."""
        report = self.report
        i = 0
        paragraphs = [(k, b) for k, b in enumerate(blocks[:12]) if isinstance(b, SourceParagraph)]
        number_at = next((k for k, b in paragraphs if _is_doc_number_line(b.text)), None)
        if number_at is not None:
            fields: dict[str, str] = {}
            for k, b in paragraphs:
                if k > number_at:
                    break
                text = b.text.strip()
                if k == number_at:
                    signer = _SIGNER.search(text)
                    fields["number"] = TYPED_DOC_NUMBER.search(text.replace(" ", "")).group(0)
                    if signer:
                        fields["signer"] = signer.group(1)
                elif _COPY_NUMBER.match(text):
                    fields["copy_number"] = text
                elif _SECRECY.match(text):
                    fields["secrecy"] = text
                elif _URGENCY.match(text):
                    fields["urgency"] = text
                else:
                    fields["issuer"] = (fields.get("issuer", "") + text).strip()
            report.header = HeaderFields(**fields)
            i = number_at + 1
        # The title: centred lines (or the title style) before the body, in the first line's
        # face and size (a centred part heading in 黑体 may follow it).
        title_look = None
        while i < len(blocks) and isinstance(blocks[i], SourceParagraph) and self._is_title_line(blocks[i]):
            paragraph = blocks[i]
            look = (paragraph.spans[0].face, paragraph.spans[0].size_pt) if paragraph.spans else None
            if title_look is not None and look != title_look and parse_date(paragraph.text) is None:
                break
            title_look = title_look or look
            date = parse_date(paragraph.text)
            if date is not None:
                report.date = report.date or date
                report.signature_source = report.signature_source or paragraph.number
            else:
                line = paragraph.text.replace("\n", "").strip()
                report.title = (report.title or "") + line
                report.title_source = report.title_source or paragraph.number
            i += 1
        if report.title is None:
            report.warn(None, "没有找到居中的标题；标题将按机关和年度自动生成，请核对 title。")
        if i < len(blocks) and isinstance(blocks[i], SourceParagraph):
            text = blocks[i].text.strip()
            if text.endswith((":", "：")) and len(text) <= 50 and parse_number(text) is None:
                report.recipient = text.rstrip(":：").strip()
                i += 1
        return i

    def _is_title_line(self, paragraph: SourceParagraph) -> bool:
        if paragraph.align is Align.CENTER:
            return True
        style = (paragraph.style or "").lower()
        return self.report.title is None and style in ("title", "标题")

    # -- signature, 附件说明, attachments, 版记 -----------------------------------------

    def _end_notes(self, blocks: list) -> list:
        """Take out the 版记 (抄送, 印发机关 and date), wherever it stands: a text box, a table, lines."""
        copy_to: list[str] = []
        printed_by = printed_on = None
        source = None
        kept = []
        tail_from = max(0, len(blocks) - 6)
        for k, block in enumerate(blocks):
            if isinstance(block, SourceTable):
                lines = ["\t".join(cell for cell in row if cell) for row in block.rows]
            else:
                lines = [block.text]
            found = False
            if k >= tail_from or block.in_text_box:
                for line in lines:
                    flat = line.strip()
                    if _COPY_TO.match(flat):
                        names = _COPY_TO.sub("", flat).rstrip("。.")
                        copy_to += [n.strip() for n in re.split(r"[，,、；;]", names) if n.strip()]
                        found = True
                    elif match := _PRINTED.match(flat.replace("\n", "")):
                        printed_by = match.group(1).strip() or None
                        printed_on = parse_date(match.group(2))
                        found = True
            if found:
                source = source or block.number
            else:
                kept.append(block)
        if copy_to or printed_by or printed_on:
            self.report.end_notes = EndNotes(tuple(copy_to), printed_by, printed_on, source or 0)
        return kept

    def _signature(self, blocks: list, start: int) -> tuple[int, int | None]:
        """The 署名 and 成文日期: returns where the body ends and where attachments start."""
        report = self.report
        dates = [k for k in range(start, len(blocks))
                 if isinstance(blocks[k], SourceParagraph) and parse_date(blocks[k].text)]
        chosen = None
        for k in dates:
            after = blocks[k + 1] if k + 1 < len(blocks) else None
            if after is None or (isinstance(after, SourceParagraph) and _ATTACHMENT_LABEL.match(after.text.strip())):
                chosen = k
                break
        if chosen is None and dates:
            chosen = dates[-1]
        if chosen is None:
            label_at = next((k for k in range(start, len(blocks)) if isinstance(blocks[k], SourceParagraph)
                             and _ATTACHMENT_LABEL.match(blocks[k].text.strip())), None)
            if report.date is None:
                report.warn(None, "没有找到成文日期；请填写 date。")
            return (label_at if label_at is not None else len(blocks)), label_at
        report.date = parse_date(blocks[chosen].text)
        report.signature_source = blocks[chosen].number
        end = chosen
        before = blocks[chosen - 1] if chosen - 1 >= start else None
        if isinstance(before, SourceParagraph):
            text = before.text.strip()
            if len(text) <= 40 and not text.endswith(tuple("。，；;,")) and parse_number(text) is None \
                    and not _ATTACHMENT_NOTE.match(text):
                report.office = text
                end = chosen - 1
        rest = chosen + 1
        return end, (rest if rest < len(blocks) else None)

    def _attachment_notes(self, blocks: list, start: int, end: int) -> int:
        """附件：1.…… 2.…… just above the signature."""
        first = None
        for k in range(end - 1, start - 1, -1):
            block = blocks[k]
            if not isinstance(block, SourceParagraph):
                break
            if _ATTACHMENT_NOTE.match(block.text.strip()):
                first = k
                break
            if not _NOTE_NUMBER.match(block.text.strip()) or len(block.text) > 80:
                break
        if first is None:
            return end
        names = []
        for k in range(first, end):
            text = _ATTACHMENT_NOTE.sub("", blocks[k].text.strip())
            names.append(_NOTE_NUMBER.sub("", text).strip())
        self.report.attachment_notes = tuple(n for n in names if n)
        return first

    def _attachments(self, blocks: list) -> None:
        report = self.report
        current: dict | None = None

        def close():
            if current is not None:
                report.attachments.append(Attachment(current["title"], tuple(current["blocks"]), current["source"]))

        for block in blocks:
            if isinstance(block, SourceParagraph) and _ATTACHMENT_LABEL.match(block.text.strip()):
                close()
                current = {"title": None, "blocks": [], "source": block.number}
                continue
            if current is None:
                current = {"title": None, "blocks": [], "source": getattr(block, "number", 0)}
                report.warn(current["source"], "署名之后的内容没有“附件”标识，作为附件导入。")
            if isinstance(block, SourceTable):
                current["blocks"].append(BodyTable(_tidy_rows(block.rows), block.number))
            elif current["title"] is None and not current["blocks"] and block.align is Align.CENTER:
                current["title"] = block.text.replace("\n", "").strip()
            elif current["title"] is not None and not current["blocks"] and block.align is Align.CENTER \
                    and not any(isinstance(b, Text) for b in current["blocks"]) and len(block.text) < 40:
                current["title"] += block.text.strip()
            else:
                current["blocks"].append(Text(block.text.strip(), block.number))
        close()
        for i, attachment in enumerate(report.attachments):
            if attachment.title is None:
                title = report.attachment_notes[i] if i < len(report.attachment_notes) else f"附件{i + 1}"
                report.attachments[i] = Attachment(title, attachment.blocks, attachment.source)
                report.warn(attachment.source, f"附件没有居中的标题，用“{title}”。")

    # -- the body -------------------------------------------------------------------

    def _body(self, blocks: list) -> None:
        report = self.report
        stack: list[tuple[float, Node]] = []
        before: SourceParagraph | None = None  # the paragraph just read, for a table's caption

        def container() -> list[Block]:
            return stack[-1][1].blocks if stack else report.opening

        headings = self._headings(blocks)
        for block, heading in zip(blocks, headings, strict=True):
            if isinstance(block, SourceTable):
                siblings = container()
                caption = None
                if before is not None and siblings and isinstance(siblings[-1], Text) \
                        and siblings[-1].source == before.number and _is_caption(before):
                    caption = siblings.pop().text
                siblings.append(BodyTable(_tidy_rows(block.rows), block.number, caption))
                before = None
                continue
            before = block
            if heading is None:
                self._paragraph(block, container())
                continue
            rank, node, run_in_text = heading
            while stack and stack[-1][0] >= rank:
                stack.pop()
            node.level = len(stack) + 1
            if stack:
                stack[-1][1].blocks.append(node)
            else:
                report.body.append(node)
            stack.append((rank, node))
            if run_in_text:
                node.run_in = True
                node.blocks.append(Text(run_in_text, block.number))
        _close_lists(report.opening)
        for node in report.body:
            _close_lists_under(node)

    def _headings(self, blocks: list) -> list[tuple[float, Node, str | None] | None]:
        """Each block's heading, if it is one. A heading without a number in the first
        level's look (or a centred line) that the 一、 headings after it start again
        from 一、 under is a part heading above them ("2020年工作总结", then 一、…)."""
        headings = [self._heading(b) if isinstance(b, SourceParagraph) else None for b in blocks]
        following = None  # the next heading's node
        for k in range(len(blocks) - 1, -1, -1):
            heading = headings[k]
            restarts = following is not None and following.scheme is Scheme.CHINESE and following.number == 1
            if heading is not None:
                rank, node, run_in_text = heading
                if restarts and node.scheme is Scheme.UNNUMBERED and rank <= 1 and not run_in_text:
                    headings[k] = (PART_HEADING_RANK, node, None)
                following = node
            elif restarts and isinstance(blocks[k], SourceParagraph) and self._is_part_line(blocks[k]):
                text = blocks[k].text.replace("\n", "").strip()
                headings[k] = (PART_HEADING_RANK, Node(text, Scheme.UNNUMBERED, None, 0, blocks[k].number,
                                                       written=text), None)
                following = headings[k][1]
        return headings

    def _is_part_line(self, paragraph: SourceParagraph) -> bool:
        """A centred line in the body that could head a part: short, no sentence, not a list."""
        text = paragraph.text.replace("\n", "").strip()
        return paragraph.align is Align.CENTER and 0 < len(text) <= MAX_HEADING_CHARS \
            and text[-1] not in "。；，：;,:" and find_enumeration(text) is None

    def _paragraph(self, paragraph: SourceParagraph, siblings: list[Block]) -> None:
        """A body paragraph: text, a list (一是……二是……), or one item of a list whose
        items stand one a paragraph (joined to the list the paragraphs before began)."""
        # Word's automatic number (a list that is no heading) is part of the text a reader sees.
        text = (paragraph.label or "") + paragraph.text.replace("\n", "").strip()
        listed = find_enumeration(text)
        last = siblings[-1] if siblings else None
        if listed is None:
            siblings.append(Text(text, paragraph.number))
            return
        lead, mixed = self._lead(paragraph, listed)
        if listed.first == 1 and (len(listed.items) > 1 or not listed.intro):
            siblings.append(Enumeration(listed.items, paragraph.number, listed.marker, listed.intro,
                                        each=len(listed.items) == 1, lead=lead, written=(text,), lead_mixed=mixed))
            return
        if isinstance(last, Enumeration) and last.each and last.marker is listed.marker \
                and len(listed.items) == 1 and not listed.intro and listed.first == len(last.items) + 1:
            siblings[-1] = Enumeration(
                (*last.items, *listed.items), last.source, last.marker, each=True,
                lead=last.lead if last.lead == lead else None, written=(*last.written, text),
                lead_mixed=last.lead_mixed or mixed or last.lead != lead)
            return
        siblings.append(Text(text, paragraph.number))
        if listed.first > 1:
            marker = enumeration_marker(listed.marker, listed.first)
            self.report.warn(paragraph.number, f"以“{marker}”开头的段落接续前面的列举，但与前面的段落不能合成一个列举"
                                               "（输入的列举或连成一段，或每项一段），按普通段落保留。")

    def _lead(self, paragraph: SourceParagraph, listed: Listed) -> tuple[Face | None, bool]:
        """The face of the items' leads (marker and first sentence) if they are set apart
        from the body in one face the input can name (黑体, 楷体); and whether they differ."""
        looks = _looks(paragraph, len(paragraph.label or ""))
        found: set[_Look | None] = set()
        ends = [*listed.starts[1:], len(looks)]
        for start, end in zip(listed.starts, ends, strict=True):
            stops = [k for k in range(start, end) if looks[k][0] in SENTENCE_END]
            lead_end = stops[0] + 1 if stops else end
            lead_looks = {look for _, look in looks[start:lead_end]}
            rest = {look for _, look in looks[lead_end:end]}
            if len(lead_looks) == 1 and lead_looks != {self.body_look} and rest <= {self.body_look}:
                found.add(next(iter(lead_looks)))
            else:
                found.add(None if lead_looks | rest <= {self.body_look} else _Look(Face.OTHER, False))
        if len(found) != 1:
            return None, True
        look = found.pop()
        if look is None:
            return None, False
        if look.face in (Face.HEI, Face.KAI) and not look.bold:
            return look.face, False
        return None, True

    def _heading(self, paragraph: SourceParagraph) -> tuple[float, Node, str | None] | None:
        """(rank, node, the text run in after it) if the paragraph is a heading."""
        raw = paragraph.text
        text = raw.replace("\n", "").strip()
        automatic = False
        skip = 0  # characters of the typed number
        if paragraph.label:
            number = parse_number(paragraph.label.strip())
            if number is None:
                return None
            number = Number(number.scheme, number.value, number.label, text, number.separator)
            automatic = True
        else:
            number = parse_number(raw.lstrip())
            if number is not None:
                skip = len(raw) - len(number.rest)
        if number is not None:
            split = self._split(paragraph, skip, number.rest.replace("\n", "").strip())
            if split is None:
                return None
            heading, body = split
            rank = number.scheme.rank
            if paragraph.outline_level is not None and number.scheme is Scheme.UNNUMBERED:
                rank = paragraph.outline_level + 1
            written = (paragraph.label if automatic else "") + text
            node = Node(heading, number.scheme, number.value, 0, paragraph.number, automatic=automatic,
                        label=number.label, written=written, separator=number.separator)
            return rank, node, body
        # Unnumbered: set apart by its look, or by an outline level (Word's heading styles).
        rank = self._unnumbered_rank(paragraph)
        if rank is None or paragraph.align is Align.CENTER or find_enumeration(text) is not None:
            return None
        split = self._split(paragraph, 0, text, unnumbered=True)
        if split is None:
            return None
        heading, body = split
        return rank, Node(heading, Scheme.UNNUMBERED, None, 0, paragraph.number, written=text), body

    def _unnumbered_rank(self, paragraph: SourceParagraph) -> float | None:
        if paragraph.outline_level is not None:
            return paragraph.outline_level + 1
        first = paragraph.spans[0] if paragraph.spans else None
        if first is None:
            return None
        look = _Look.of(first)
        if look == self.body_look:
            return None
        if look.face is Face.HEI:
            return 1
        if look.face is Face.KAI:
            return 2
        if look.bold and not self.body_look.bold:
            return Scheme.UNNUMBERED.rank
        return None

    def _split(self, paragraph: SourceParagraph, skip: int, rest: str,
               unnumbered: bool = False) -> tuple[str, str | None] | None:
        """Heading and run-in text, or None if the numbered paragraph is a list item, not a heading.

        Where the look changes (heading face, then body face) decides the split;
        without such a change, the first sentence of a longer paragraph is a
        run-in heading if it is short."""
        if not rest:
            return None
        boundary = self._look_change(paragraph, skip)
        if boundary is not None:
            head = paragraph.text[skip:boundary].replace("\n", "").strip()
            body = paragraph.text[boundary:].replace("\n", "").strip()
            if head and body and head[-1] in SENTENCE_END + "：:" and len(head) <= MAX_RUN_IN_CHARS:
                return head, body
            if unnumbered:
                return None
        elif unnumbered:
            # The whole paragraph in the heading's look: a heading only if short.
            if len(rest) <= MAX_HEADING_CHARS and not rest.endswith(("；", "，", ";", ",")):
                return rest, None
            return None
        end = next((k for k, c in enumerate(rest) if c in SENTENCE_END), None)
        if end is None or end == len(rest) - 1:
            if len(rest) <= MAX_HEADING_CHARS and not rest.endswith(("；", "，", ";", ",", "：", ":")):
                return rest, None
            return None
        if end + 1 <= MAX_RUN_IN_CHARS:
            return rest[: end + 1], rest[end + 1:].strip()
        return None

    def _look_change(self, paragraph: SourceParagraph, skip: int) -> int | None:
        """Where the paragraph's look changes from its first (the heading's) to its last (the body's)."""
        spans = paragraph.spans
        if len(spans) < 2:
            return None
        first, last = _Look.of(spans[0]), _Look.of(spans[-1])
        if first == last:
            return None
        position = 0
        for span in spans:
            if _Look.of(span) == last and position > skip:
                return position
            position += len(span.text)
        return None


def _is_doc_number_line(text: str) -> bool:
    """The 发文字号 line holds the number (and 签发人) and nothing else: a sentence that
    cites a document (根据……〔2011〕3号文件) is not one."""
    flat = re.sub(r"\s", "", _SIGNER.sub("", text))
    match = TYPED_DOC_NUMBER.search(flat)
    return match is not None and match.group(0) == flat


def _looks(paragraph: SourceParagraph, offset: int = 0) -> list[tuple[str, _Look | None]]:
    """Each character of the paragraph's text as the recogniser reads it (line breaks out,
    ends stripped), with its look; `offset` characters of an automatic number first."""
    chars = [(c, None) for c in " " * offset]
    for span in paragraph.spans:
        chars += [(c, _Look.of(span)) for c in span.text if c != "\n"]
    while chars and chars[-1][0].isspace():
        chars.pop()
    start = offset
    while start < len(chars) and chars[start][0].isspace():
        start += 1
    return chars[:offset] + chars[start:]


def _is_caption(paragraph: SourceParagraph) -> bool:
    """A table's caption: a short centred line that ends no sentence."""
    text = paragraph.text.replace("\n", "").strip()
    return paragraph.align is Align.CENTER and 0 < len(text) <= MAX_CAPTION_CHARS \
        and text[-1] not in "。；，：;,:" and parse_number(text) is None


def _close_lists(blocks: list[Block]) -> None:
    """A list of one item a paragraph that never got its second item is a paragraph."""
    for k, block in enumerate(blocks):
        if isinstance(block, Enumeration) and len(block.items) < 2:
            blocks[k] = Text(block.written[0], block.source)


def _close_lists_under(node: Node) -> None:
    _close_lists(node.blocks)
    for child in node.blocks:
        if isinstance(child, Node):
            _close_lists_under(child)


def _tidy_rows(rows: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
    width = max(len(r) for r in rows)
    return tuple(tuple(c.replace("\n", "").strip() for c in r) + ("",) * (width - len(r)) for r in rows)


def recognise(source: SourceDocument) -> ImportedReport:
    return Recogniser(source).run()
