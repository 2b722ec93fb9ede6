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

_CN_NUM = "一二三四五六七八九十"
_PATTERNS: tuple[tuple[Scheme, re.Pattern], ...] = (
    (Scheme.PART, re.compile(rf"^第([{_CN_NUM}]{{1,3}})部分[\s　:：、.．]*")),
    (Scheme.CHINESE_PAREN, re.compile(rf"^[（(]([{_CN_NUM}]{{1,3}})[）)][\s　、.．]*")),
    (Scheme.CHINESE, re.compile(rf"^([{_CN_NUM}]{{1,3}})[、.．][\s　]*")),
    (Scheme.ARABIC_PAREN, re.compile(r"^[（(](\d{1,2})[）)][\s　、.．]*")),
    (Scheme.ARABIC_DOT, re.compile(r"^(\d{1,2})[.．](?!\d)[\s　]*")),
    (Scheme.ARABIC_COMMA, re.compile(r"^(\d{1,2})、[\s　]*")),
    (Scheme.CIRCLED, re.compile(r"^([①-⑳])[\s　、.．]*")),
)
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_ENUMERATION = re.compile(rf"(?:^|(?<=[。；;！？]))([{_CN_NUM}]{{1,3}})是")
_SENTENCE_END = "。！？"
MAX_HEADING_CHARS = 60  # a standalone heading is a line or two, never a paragraph
MAX_RUN_IN_CHARS = 50  # a run-in heading is one short sentence

_DATE = re.compile(r"^[（(]?\s*([0-9〇○零一二三四五六七八九]{4})\s*年\s*([0-9一二三四五六七八九十]{1,3})\s*月"
                   r"\s*([0-9一二三四五六七八九十]{1,3})\s*日\s*[）)]?$")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fffA-Za-z]+[〔\[［(（【]\d{2,4}[〕\]］)）】]第?\d+号")
_SIGNER = re.compile(r"签\s*发\s*人[:：]\s*(\S+)")
_COPY_NUMBER = re.compile(r"^\d{6}$")
_SECRECY = re.compile(r"^(绝密|机密|秘密)(★.*)?$")
_URGENCY = re.compile(r"^(特急|加急|特提|平急)$")
_ATTACHMENT_LABEL = re.compile(r"^附\s*件\s*(\d*)[:：]?$")
_ATTACHMENT_NOTE = re.compile(r"^附\s*件[:：]\s*")
_NOTE_NUMBER = re.compile(r"^\d{1,2}[.．、]\s*")
_COPY_TO = re.compile(r"^抄\s*送[:：]\s*")
_PRINTED = re.compile(r"^(.*?)[\s　\t]*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*印\s*发$")


def chinese_value(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20; also the digit-by-digit 二〇一二 → 2012."""
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return int("".join(str(digits[c]) for c in text))
    tens, _, ones = text.partition("十")
    return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)


def parse_date(text: str) -> dt.date | None:
    """2012年2月27日, 二〇一二年二月二十七日, (2012年2月27日)."""
    match = _DATE.match(text.strip().replace(" ", ""))
    if not match:
        return None
    try:
        year, month, day = (chinese_value(g) for g in match.groups())
        return dt.date(year, month, day)
    except (KeyError, ValueError):
        return None


@dataclass(frozen=True)
class Number:
    scheme: Scheme
    value: int
    label: str  # as written, "（一）"
    rest: str  # the text after it


def parse_number(text: str) -> Number | None:
    """The typed number a heading starts with, if it is one of the schemes offices use."""
    probe = text[:6].translate(_FULLWIDTH_DIGITS) + text[6:]
    for scheme, pattern in _PATTERNS:
        match = pattern.match(probe)
        if match:
            raw = match.group(1)
            if scheme is Scheme.CIRCLED:
                value = ord(raw) - ord("①") + 1
            elif raw.isdigit():
                value = int(raw)
            else:
                try:
                    value = chinese_value(raw)
                except KeyError:
                    continue
            return Number(scheme, value, text[: match.end()].strip(), text[match.end():])
    return None


def enumeration_items(text: str) -> tuple[str, ...] | None:
    """一是……二是……: the items if the paragraph starts a list counted 一是, 二是, …"""
    starts = [m for m in _ENUMERATION.finditer(text)]
    if not starts or starts[0].start() != 0:
        return None
    expected, cuts = 1, []
    for match in starts:
        try:
            value = chinese_value(match.group(1))
        except KeyError:
            continue
        if value == expected:
            cuts.append(match.start())
            expected += 1
    if not cuts:
        return None
    return tuple(text[a:b] for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True))


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
                    fields["number"] = _DOC_NUMBER.search(text.replace(" ", "")).group(0)
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
        # The title: centred lines (or the title style) before the body.
        while i < len(blocks) and isinstance(blocks[i], SourceParagraph) and self._is_title_line(blocks[i]):
            paragraph = blocks[i]
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

        def container() -> list[Block]:
            return stack[-1][1].blocks if stack else report.opening

        for block in blocks:
            if isinstance(block, SourceTable):
                container().append(BodyTable(_tidy_rows(block.rows), block.number))
                continue
            heading = self._heading(block)
            if heading is None:
                text = block.text.replace("\n", "").strip()
                items = enumeration_items(text)
                siblings = container()
                if items is None and siblings and isinstance(siblings[-1], Enumeration) \
                        and (match := _ENUMERATION.match(text)):
                    # 二是…… in a paragraph of its own continues the list the one before began.
                    items = (text,) if chinese_value(match.group(1)) > 1 else None
                siblings.append(Enumeration(items, block.number) if items else Text(text, block.number))
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
            number = Number(number.scheme, number.value, number.label, text)
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
            written = (number.label if automatic else "") + text
            node = Node(heading, number.scheme, number.value, 0, paragraph.number, automatic=automatic,
                        label=number.label, written=written)
            return rank, node, body
        # Unnumbered: set apart by its look, or by an outline level (Word's heading styles).
        rank = self._unnumbered_rank(paragraph)
        if rank is None or paragraph.align is Align.CENTER or enumeration_items(text):
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
            if head and body and head[-1] in _SENTENCE_END + "：:" and len(head) <= MAX_RUN_IN_CHARS:
                return head, body
            if unnumbered:
                return None
        elif unnumbered:
            # The whole paragraph in the heading's look: a heading only if short.
            if len(rest) <= MAX_HEADING_CHARS and not rest.endswith(("；", "，", ";", ",")):
                return rest, None
            return None
        end = next((k for k, c in enumerate(rest) if c in _SENTENCE_END), None)
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
    match = _DOC_NUMBER.search(flat)
    return match is not None and match.group(0) == flat


def _tidy_rows(rows: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
    width = max(len(r) for r in rows)
    return tuple(tuple(c.replace("\n", "").strip() for c in r) + ("",) * (width - len(r)) for r in rows)


def recognise(source: SourceDocument) -> ImportedReport:
    return Recogniser(source).run()
