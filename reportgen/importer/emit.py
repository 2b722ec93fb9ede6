"""Write a recognised report as reportgen's input: commented YAML (ruamel) in
today's schema.

What today's input can hold is mapped onto it: parts (工作总结, other parts,
工作打算), four levels of headings numbered from their nesting, run-in
headings, paragraphs and closing paragraphs, attachments with a table, the
版头, 版记, signature and date. What it cannot hold stays in the report as
ordinary paragraphs, word for word, with a warning naming the paragraph:
a part label (第一部分), a heading below the fourth level, a table in the body.
Where the numbering will change (an unnumbered heading gets a number, a
skipped level is numbered from its depth) the warning says so.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from reportgen.importer.model import (
    STANDARD_SCHEMES,
    Block,
    BodyTable,
    Enumeration,
    ImportedReport,
    Node,
    Scheme,
    Text,
    Warning,
)
from reportgen.json_schema import modeline
from reportgen.schema import MAX_LEVEL
from reportgen.typography import heading_label

_SUMMARY = re.compile(r"^(\d{4})\s*年度?(?:工作)?总结$")
_PLAN = re.compile(r"^(\d{4})\s*年度?(?:工作)?(?:打算|计划|安排|思路|要点)$")
_TITLE_YEAR = re.compile(r"(\d{4})\s*年度?(?:工作)?总结")
# The heading templates/sections.xml.j2 gives the check of last year's targets.
PLAN_CHECK_HEADING = "上年工作打算完成情况"
_RUN_IN_ENDS = ("。", "！", "？")  # where a run-in heading's face ends [7.3.3]; validate.py checks the same
_BAD_NUMBER = re.compile(r"^(?P<code>.+?)[〔\[［(（【](?P<year>\d{2,4})[〕\]］)）】]第?0*(?P<n>\d+)号$")


@dataclass
class _Section:
    """A section on its way to the YAML, with the node it came from."""

    node: Node
    data: CommentedMap
    closing: list[str] = field(default_factory=list)


class Emitter:
    def __init__(self, report: ImportedReport):
        self.report = report
        self.warnings: list[Warning] = list(report.warnings)
        self.comma_numbers = 0
        self.origins: dict[int, str] = {}  # id of a section's map → where it came from, for comments

    def warn(self, source: int | None, message: str) -> None:
        self.warnings.append(Warning(source, message))

    # -- paragraphs and sections --------------------------------------------------------

    def _text_of(self, block: Text | Enumeration | BodyTable) -> list[str]:
        if isinstance(block, Enumeration):
            self.warn(block.source, f"“{block.items[0][:2]}……”式的列举（共 {len(block.items)} 项）按普通段落保留。")
            return [block.text]
        if isinstance(block, BodyTable):
            self.warn(block.source, f"正文中的表格（{len(block.rows)} 行）暂时不能写进输入，每行作为一段保留"
                                    "（各格以全角空格分隔）；可改为附件中的表格。")
            return ["　".join(cell for cell in row if cell) for row in block.rows if any(row)]
        return [block.text] if block.text else []

    def _flat_heading(self, node: Node) -> str:
        """A heading kept as an ordinary paragraph: its number as written, and its run-in text."""
        if node.written:
            return node.written
        text = f"{node.label}{node.heading}"
        if node.run_in and node.blocks and isinstance(node.blocks[0], Text):
            text += node.blocks[0].text
        return text

    def fill(self, blocks: list[Block], depth: int) -> tuple[list[str], list[_Section], list[str]]:
        """A container's paragraphs, sections (one level down) and closing paragraphs.

        A paragraph standing between two sections goes to the closing of the one
        before it: it is printed in the same place."""
        paragraphs: list[str] = []
        sections: list[_Section] = []
        trailing: list[str] = []

        def add_text(texts: list[str]) -> None:
            (trailing if sections else paragraphs).extend(texts)

        def walk(items: list[Block]) -> None:
            for block in items:
                if not isinstance(block, Node):
                    add_text(self._text_of(block))
                    continue
                colon = block.run_in and not block.heading.endswith(_RUN_IN_ENDS)
                if block.scheme is Scheme.PART or depth + 1 > MAX_LEVEL or colon:
                    if block.scheme is Scheme.PART:
                        self.warn(block.source, f"部分标签“{block.label}{block.heading}”暂时不能写进输入"
                                                "（输入不支持“第一部分”式的标题），按普通段落保留。")
                    elif colon:
                        self.warn(block.source, f"段中标题“{block.heading}”不以句号结尾，输入暂时不支持，"
                                                "按普通段落保留（保留原序号）。")
                    else:
                        self.warn(block.source, f"标题“{block.label}{block.heading}”在第 {depth + 1} 层，"
                                                f"超过输入支持的 {MAX_LEVEL} 层，按普通段落保留（保留原序号）。")
                    add_text([self._flat_heading(block)])
                    rest = block.blocks[1:] if block.run_in else block.blocks
                    walk(rest)
                    continue
                if sections and trailing:
                    sections[-1].closing.extend(trailing)
                    trailing.clear()
                sections.append(self.section(block, depth + 1, len(sections) + 1))

        walk(blocks)
        return paragraphs, sections, trailing

    def section(self, node: Node, depth: int, position: int) -> _Section:
        self._check_number(node, depth, position)
        if node.heading == PLAN_CHECK_HEADING:
            self.warn(node.source, f"“{PLAN_CHECK_HEADING}”是 reportgen 按上年计划自动生成的；上年的输入在旁边时"
                                   "生成会再加上一次，请删去这一节。")
        data = CommentedMap()
        if node.heading:
            data["heading"] = node.heading
        body = node.blocks
        if node.run_in:
            data["run_in"] = True
        paragraphs, sections, closing = self.fill(body, depth)
        self._put(data, paragraphs, sections, closing)
        return _Section(node, data)

    def _put(self, data: CommentedMap, paragraphs: list[str], sections: list[_Section], closing: list[str]) -> None:
        if paragraphs:
            data["paragraphs"] = _quoted(paragraphs)
        if sections:
            data["sections"] = self._sequence(sections)
        if closing:
            data["closing"] = _quoted(closing)

    def _sequence(self, sections: list[_Section]) -> CommentedSeq:
        seq = CommentedSeq()
        for section in sections:
            if section.closing:
                existing = list(section.data.get("closing", []))
                section.data["closing"] = _quoted(existing + section.closing)
            seq.append(section.data)
            self.origins[id(section.data)] = _origin(section.node)
        return seq

    def _annotate(self, data: CommentedMap, key_column: int) -> None:
        """Say above each heading where it came from; set once the structure is final,
        when every key's column is known."""
        sections = data.get("sections")
        if isinstance(sections, CommentedSeq):
            self._annotate_items(sections, key_column + 2)

    def _annotate_items(self, seq: CommentedSeq, dash_column: int) -> None:
        for i, item in enumerate(seq):
            if id(item) in self.origins:
                seq.yaml_set_comment_before_after_key(i, before=self.origins[id(item)], indent=dash_column)
            self._annotate(item, dash_column + 2)

    def _check_number(self, node: Node, depth: int, position: int) -> None:
        standard = STANDARD_SCHEMES[depth - 1]
        will_be = heading_label(depth, position)
        if node.scheme is Scheme.UNNUMBERED:
            self.warn(node.source, f"标题“{node.heading[:20]}”原文没有序号，生成时按层次加上“{will_be}”。")
        elif node.scheme is Scheme.ARABIC_COMMA and standard is Scheme.ARABIC_DOT:
            self.comma_numbers += 1
        elif node.scheme is not standard:
            self.warn(node.source, f"原文序号“{node.label}”在第 {depth} 层，生成时按 GB/T 9704-2012 编为“{will_be}”。")
        if node.number is not None and node.scheme is not Scheme.UNNUMBERED and node.number != position:
            self.warn(node.source, f"原文序号“{node.label}”与前面的标题不连续，生成时编为“{will_be}”。")

    # -- the whole ------------------------------------------------------------------------

    def emit(self) -> CommentedMap:
        report = self.report
        opening, tops, closing = self.fill(report.opening + list(report.body), 0)
        year = self._year(tops)
        office = report.office or self._office_from_title()
        root = CommentedMap()
        root["office"] = office or "（请填写发文机关全称）"
        if not office:
            self.warn(None, "没有找到署名（发文机关全称）；请填写 office。")
        root["year"] = year
        root["date"] = report.date or dt.date(year + 1, 1, 1)
        if report.date is None:
            root.yaml_add_eol_comment("原文没有成文日期，请改为实际日期", "date")
        header = self._header()
        if header is not None:
            root["header"] = header
        if report.recipient:
            root["recipient"] = report.recipient
        default_title = f"{office}{year}年工作总结和{year + 1}年工作打算"
        if report.title and report.title != default_title:
            root["title"] = report.title
        if opening:
            root["opening"] = _quoted(opening)
        self._parts(root, tops, closing, year)
        self._attachments(root)
        notes = self._end_notes()
        if notes is not None:
            root["end_notes"] = notes
        if self.comma_numbers:
            self.warn(None, f"原文三级标题用“1、”式序号（{self.comma_numbers} 处），生成时按 GB/T 9704-2012 写作“1.”。")
        root.yaml_set_start_comment(self._head_comment())
        return root

    def _parts(self, root: CommentedMap, tops: list[_Section], closing: list[str], year: int) -> None:
        if not tops:
            self.warn(None, "没有找到一级标题；全文作为工作总结部分的段落，生成时会加上一级标题“"
                            f"{year}年工作总结”。")
            summary = CommentedMap()
            summary["paragraphs"] = _quoted(list(root.pop("opening", [])) + closing)
            root["summary"] = summary
            return
        if closing:
            tops[-1].closing.extend(closing)
        first, last = tops[0], tops[-1]
        summary = first if "总结" in first.node.heading else None
        plan = last if last is not summary and re.search(r"打算|计划|安排|思路|设想|要点", last.node.heading) else None
        middle = [t for t in tops if t is not summary and t is not plan]
        for key, section, default in (("summary", summary, f"{year}年工作总结"),
                                      ("plan", plan, f"{year + 1}年工作打算")):
            if section is None:
                continue
            if section.node.heading == default:
                section.data.pop("heading")
            if section.closing:
                section.data["closing"] = _quoted(list(section.data.get("closing", [])) + section.closing)
            if key == "plan" and middle:
                root["parts"] = self._sequence(middle)
            root[key] = section.data
            root.yaml_set_comment_before_after_key(key, before=_origin(section.node))
        if middle and "parts" not in root:
            root["parts"] = self._sequence(middle)
        for key in ("summary", "plan"):
            if key in root:
                self._annotate(root[key], 2)
        if "parts" in root:
            self._annotate_items(root["parts"], 2)

    def _year(self, tops: list[_Section]) -> int:
        report = self.report
        for top in tops:
            if match := _SUMMARY.match(top.node.heading):
                return int(match.group(1))
        for top in tops:
            if match := _PLAN.match(top.node.heading):
                return int(match.group(1)) - 1
        if report.title and (match := _TITLE_YEAR.search(report.title)):
            return int(match.group(1))
        if report.date is not None:
            # A year's report is written in the first half of the next year.
            year = report.date.year - 1 if report.date.month <= 6 else report.date.year
            self.warn(report.signature_source, f"报告年度按成文日期推定为 {year} 年，请核对 year。")
            return year
        self.warn(None, "无法确定报告年度，请核对 year。")
        return dt.date.today().year - 1

    def _office_from_title(self) -> str | None:
        title = self.report.title or ""
        match = re.match(r"^(.+?)(?:关于|\d{4}\s*年)", title)
        return match.group(1) if match else None

    def _header(self) -> CommentedMap | None:
        fields = self.report.header
        if fields is None:
            return None
        if not fields.number:
            self.warn(None, "找到了版头，但没有发文字号；版头未导入。")
            return None
        header = CommentedMap()
        for key in ("copy_number", "secrecy", "urgency", "issuer"):
            if (value := getattr(fields, key)) is not None:
                header[key] = value
        number = fields.number
        match = _BAD_NUMBER.match(number)
        if match and not re.match(r"^.+〔\d{4}〕[1-9]\d*号$", number):
            year = match.group("year")
            fixed = f"{match.group('code')}〔{year if len(year) == 4 else '20' + year}〕{int(match.group('n'))}号"
            self.warn(None, f"发文字号“{number}”按 GB/T 9704-2012 7.2.4 改写为“{fixed}”。")
            number = fixed
        header["number"] = number
        if fields.signer:
            header["signer"] = fields.signer
        return header

    def _attachments(self, root: CommentedMap) -> None:
        report = self.report
        items = CommentedSeq()
        notes = list(report.attachment_notes)
        for attachment in report.attachments:
            item = CommentedMap()
            item["title"] = attachment.title
            paragraphs: list[str] = []
            tables = [b for b in attachment.blocks if isinstance(b, BodyTable)]
            for block in attachment.blocks:
                if isinstance(block, Text):
                    paragraphs.append(block.text)
                elif block is not tables[0]:
                    paragraphs += self._text_of(block)
            if paragraphs:
                item["paragraphs"] = _quoted(paragraphs)
            if tables:
                item["table"] = self._table(tables[0])
            items.append(item)
        titles = [a.title for a in report.attachments]
        if notes and not report.attachments:
            self.warn(None, "附件说明列出了附件，但文件中没有附件页：按附件说明写出了附件标题，请补上内容或删去。")
            for name in notes:
                item = CommentedMap()
                item["title"] = name
                items.append(item)
        elif notes and notes != titles:
            self.warn(None, f"附件说明（{'、'.join(notes)}）与附件标题（{'、'.join(titles)}）不一致；"
                            "生成时附件说明按附件标题列出。")
        elif report.attachments and not notes:
            self.warn(report.attachments[0].source, "有附件页，但正文后没有附件说明；生成时会加上附件说明。")
        if items:
            root["attachments"] = items

    def _table(self, table: BodyTable) -> CommentedMap:
        rows = [list(row) for row in table.rows]
        header, body = rows[0], rows[1:]
        for i, name in enumerate(header):
            if not name:
                header[i] = f"第{i + 1}列"
                self.warn(table.source, f"表格的第 {i + 1} 列没有表头，暂写作“第{i + 1}列”。")
        data = CommentedMap()
        data["columns"] = _flow(header)
        data["rows"] = CommentedSeq(_flow(row) for row in body)
        return data

    def _end_notes(self) -> CommentedMap | None:
        notes = self.report.end_notes
        if notes is None:
            return None
        if not notes.printed_by or notes.printed_on is None:
            self.warn(notes.source, "版记中缺少印发机关或印发日期，版记未导入。")
            return None
        data = CommentedMap()
        if notes.copy_to:
            data["copy_to"] = "、".join(notes.copy_to)
        data["printed_by"] = notes.printed_by
        data["printed_on"] = notes.printed_on
        return data

    def _head_comment(self) -> str:
        lines = [
            modeline()[2:],
            f"由 reportgen import 从“{self.report.source_name}”导入。",
            "各级标题的序号（一、（一）1.（1））由层次自动生成：原文中的序号已去掉，不要再写进文字。",
            "run_in: true 表示标题与其后第一段连成一段（标题字体只到第一个“。”）。",
            "文中的数字照原文录入；可改为由台账计算，如 {{ figures.tally('接待来访') }}（见 templates/README.md）。",
        ]
        if self.warnings:
            lines.append(f"导入时的提醒（{len(self.warnings)} 条），请逐条核对：")
            lines += [f"  {w}" for w in self.warnings]
        return "\n".join(lines)


def _origin(node: Node) -> str:
    how = "自动编号" if node.automatic else "原文"
    label = node.label or "无序号"
    return f"{how}“{label}”，第 {node.source} 段"


def _quoted(texts: list[str]) -> CommentedSeq:
    return CommentedSeq(DoubleQuotedScalarString(t) for t in texts)


def _flow(cells: list[str]) -> CommentedSeq:
    seq = CommentedSeq(cells)
    seq.fa.set_flow_style()
    return seq


def dump(data: CommentedMap) -> str:
    yaml = YAML()
    yaml.allow_unicode = True
    yaml.width = 100_000  # one paragraph a line, as offices' inputs are written
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def emit(report: ImportedReport) -> tuple[str, list[Warning]]:
    """The YAML text of the input and the warnings (also written at its top)."""
    emitter = Emitter(report)
    data = emitter.emit()
    return dump(data), emitter.warnings
