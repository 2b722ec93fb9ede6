"""Write a recognised report as reportgen's input: commented YAML (ruamel).

The structure goes over as the file has it: parts (工作总结, other parts,
工作打算), headings at their levels with the numbering choices that give back
the file's own numbers (part labels 第一部分 with their separator, a level
skipped, headings without a number, a first number other than 1, numbers that
go on from the sibling before), run-in headings, paragraphs, 一是/二是 lists,
tables in the body with their captions, attachments, the 版头, 版记, signature
and date. Which label and level each heading will get is decided by the same
rule compose applies (typography.children_numbering), so the choices written
are the ones that build the file's numbers and faces.

What the input cannot say stays in the report as ordinary paragraphs, word for
word, with a warning naming the paragraph: a heading with no label left at its
level (a fifth level, ① under （1））, a part label below the top, a run-in
heading that ends in a colon. Where the numbers will change (siblings numbered
in different schemes, a gap in the numbers) the warning says so.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from reportgen.compose.templates import PLAN_CHECK_HEADING
from reportgen.importer.model import (
    TYPED_DOC_NUMBER,
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
from reportgen.typography import (
    HEADING_LEVELS,
    ITEM_END,
    MAX_PART_SEPARATOR,
    PART_SEPARATOR,
    SENTENCE_END,
    TOP_SCHEMES,
    EnumerationScheme,
    LabelScheme,
    NumberingError,
    children_numbering,
    enumeration_marker,
    label,
    read_label,
)

_SUMMARY = re.compile(r"^(\d{4})\s*年度?(?:工作)?总结$")
# What offices call the plan part: the words that make a last top heading the plan.
_PLAN_WORDS = "打算|计划|安排|思路|设想|要点"
_PLAN = re.compile(rf"^(\d{{4}})\s*年度?(?:工作)?(?:{_PLAN_WORDS})$")
_TITLE_YEAR = re.compile(r"(\d{4})\s*年度?(?:工作)?总结")


@dataclass
class _Section:
    """A section on its way to the YAML, with the node it came from."""

    node: Node
    data: CommentedMap
    closing: list = field(default_factory=list)


@dataclass(frozen=True)
class _Plan:
    """How one parent's headings will be numbered, as compose/numbering.py will do it."""

    scheme: LabelScheme
    level: int  # their structural level: 0 part labels, 1-4 [7.3.3]
    start: int = 1
    separator: str = PART_SEPARATOR
    declared: LabelScheme | None = None  # the style written in the input (None: the standard sequence)
    continued: bool = False

    def label(self, k: int) -> str:
        return label(self.scheme, self.start + k, self.separator)

    @property
    def numbers(self) -> bool:
        return self.scheme is not LabelScheme.NONE


@dataclass
class _Filled:
    """A container's paragraphs, sections and closing paragraphs, and how its sections are numbered."""

    paragraphs: list
    sections: list[_Section]
    closing: list
    plan: _Plan | None
    # The scheme and last number of the headings numbered here: the next sibling may continue them.
    given: tuple[LabelScheme, int] | None = None


class Emitter:
    def __init__(self, report: ImportedReport):
        self.report = report
        self.warnings: list[Warning] = list(report.warnings)
        self.comma_numbers = 0
        self.origins: dict[int, str] = {}  # id of a section's map → where it came from, for comments

    def warn(self, source: int | None, message: str) -> None:
        self.warnings.append(Warning(source, message))

    # -- paragraphs, lists and tables ----------------------------------------------------

    def block(self, block: Text | Enumeration | BodyTable) -> list:
        """What one block of the body becomes in `paragraphs`: texts, a list or a table."""
        if isinstance(block, Enumeration):
            return self._list(block)
        if isinstance(block, BodyTable):
            return [self._body_table(block)]
        return [DoubleQuotedScalarString(block.text)] if block.text else []

    def _list(self, listed: Enumeration) -> list:
        marker = enumeration_marker(listed.marker, 1)
        typed = next((read_label(item) for item in listed.items if read_label(item) is not None), None)
        why = None
        if typed is not None:
            why = f"有一项以“{typed.typed}”开头，输入会把它当作手写的序号"
        elif any(item[-1] not in ITEM_END for item in listed.items):
            why = "有一项不以“。”“；”结尾（生成时会加上“。”）"
        if why is not None:
            self.warn(listed.source, f"“{marker}……”式的列举（共 {len(listed.items)} 项）{why}，按普通段落保留。")
            return [DoubleQuotedScalarString(text) for text in listed.written]
        if listed.lead_mixed:
            face = f"{listed.lead.value}" if listed.lead else "正文字体"
            self.warn(listed.source, f"“{marker}……”式的列举各项首句的字体不一致（或不是黑体、楷体），"
                                     f"生成时各项首句都用{face}。")
        data = CommentedMap()
        if listed.intro:
            data["intro"] = DoubleQuotedScalarString(listed.intro)
        data["items"] = _quoted(list(listed.items))
        if listed.marker is not EnumerationScheme.YISHI:
            data["marker"] = listed.marker.value
        if listed.each:
            data["each"] = True
        if listed.lead is not None:
            data["lead"] = listed.lead.value
        wrapper = CommentedMap()
        wrapper["list"] = data
        return [wrapper]

    def _body_table(self, table: BodyTable) -> CommentedMap:
        data = CommentedMap()
        if table.caption:
            data["caption"] = DoubleQuotedScalarString(table.caption)
        data.update(self._table(table))
        wrapper = CommentedMap()
        wrapper["table"] = data
        return wrapper

    def _flat_heading(self, node: Node) -> str:
        """A heading kept as an ordinary paragraph: its number as written, and its run-in text."""
        if node.written:
            return node.written
        text = f"{node.label}{node.heading}"
        if node.run_in and node.blocks and isinstance(node.blocks[0], Text):
            text += node.blocks[0].text
        return text

    def _flattened(self, node: Node, why: str) -> list[Block]:
        """A heading that cannot be one here, and everything under it, as paragraphs (numbers kept)."""
        self.warn(node.source, f"标题“{node.label}{node.heading}”{why}，按普通段落保留（保留原序号）。")
        blocks: list[Block] = [Text(self._flat_heading(node), node.source)]
        for block in node.blocks[1:] if node.run_in else node.blocks:
            blocks += self._flattened(block, why) if isinstance(block, Node) else [block]
        return blocks

    # -- headings and their numbering ------------------------------------------------------

    def _candidates(self, blocks: list[Block], top: bool, quiet: bool = False) -> list[Block]:
        """The container's blocks with the headings that cannot be headings anywhere here
        opened up into paragraphs: a part label below the top (or beside ordinary
        headings), a run-in heading that ends in a colon."""
        nodes = [b for b in blocks if isinstance(b, Node)]
        parts = [n for n in nodes if n.scheme is Scheme.PART]
        mixed = bool(parts) and len(parts) < len(nodes)
        items: list[Block] = []

        def walk(found: list[Block]) -> None:
            for block in found:
                if not isinstance(block, Node):
                    items.append(block)
                    continue
                colon = block.run_in and not block.heading.endswith(tuple(SENTENCE_END))
                part = block.scheme is Scheme.PART and (not top or mixed)
                if not (colon or part):
                    items.append(block)
                    continue
                if quiet:
                    pass
                elif part:
                    where = "与其他一级标题并列" if top else "不在报告的最外层"
                    self.warn(block.source, f"部分标签“{block.label}{block.heading}”{where}，输入不能表示，"
                                            "按普通段落保留。")
                else:
                    self.warn(block.source, f"段中标题“{block.heading}”不以句号结尾，输入暂时不支持，"
                                            "按普通段落保留（保留原序号）。")
                items.append(Text(self._flat_heading(block), block.source))
                walk(block.blocks[1:] if block.run_in else block.blocks)

        walk(blocks)
        return items

    def _plan(self, nodes: list[Node], parent: LabelScheme | None, parent_level: int, top: bool,
              before: tuple[LabelScheme, int] | None, explicit: bool) -> _Plan | NumberingError:
        """The numbering that gives `nodes` (siblings) back their numbers, or the
        standard one with warnings where none can; the error when no heading can stand here."""
        try:
            standard, level = children_numbering(parent, parent_level, None)
        except NumberingError as err:
            standard, level, failure = None, parent_level + 1, err
        written = {node.scheme.label_scheme for node in nodes}
        style = written.pop() if len(written) == 1 else None
        plan = None
        if style is not None and (not top or style in TOP_SCHEMES):
            try:
                scheme, level = children_numbering(parent, parent_level, style)
                declared = style if style is not standard or explicit else None
                plan = self._numbers(nodes, _Plan(scheme, level, declared=declared), before)
            except NumberingError as err:
                failure = err
        if plan is None:
            if standard is None:
                return failure
            plan = _Plan(standard, level)
        for k, node in enumerate(nodes):
            self._check_number(node, plan, k)
        return plan

    def _numbers(self, nodes: list[Node], plan: _Plan, before: tuple[LabelScheme, int] | None) -> _Plan:
        """The start, continuation and separator that give the nodes their numbers as written."""
        if plan.scheme is LabelScheme.PART:
            separators = [node.separator for node in nodes]
            separator = separators[0]
            if len(separator) > MAX_PART_SEPARATOR:
                self.warn(nodes[0].source, f"部分标签后的分隔“{separator}”超过 {MAX_PART_SEPARATOR} 个字符，"
                                           f"生成时用“{PART_SEPARATOR}”。")
                separator = PART_SEPARATOR
            for node, other in zip(nodes[1:], separators[1:], strict=True):
                if other != separator:
                    self.warn(node.source, f"部分标签“{node.label}”后的分隔与第一部分的不同，"
                                           f"生成时都用“{separator}”。")
            plan = _Plan(plan.scheme, plan.level, separator=separator,
                         declared=plan.declared or LabelScheme.PART)
        first = nodes[0].number
        if not plan.numbers or first is None or first == 1:
            return plan
        if before is not None and before[0] is plan.scheme and first == before[1] + 1:
            return _Plan(plan.scheme, plan.level, first, plan.separator, plan.declared, continued=True)
        if first <= 99:
            return _Plan(plan.scheme, plan.level, first, plan.separator, plan.declared)
        return plan

    def _check_number(self, node: Node, plan: _Plan, k: int) -> None:
        """Say where a heading's number will differ from the file's."""
        will_be = plan.label(k)
        written = node.scheme.label_scheme
        if written is plan.scheme:
            if node.scheme is Scheme.ARABIC_COMMA:
                self.comma_numbers += 1
            if plan.numbers and node.number != plan.start + k:
                self.warn(node.source, f"原文序号“{node.label}”与前面的标题不连续，生成时编为“{will_be}”。")
        elif node.scheme is Scheme.UNNUMBERED:
            self.warn(node.source, f"标题“{node.heading[:20]}”原文没有序号，生成时按层次加上“{will_be}”。")
        elif not plan.numbers:
            self.warn(node.source, f"原文序号“{node.label}”与同级的其他标题不同，生成时去掉序号。")
        else:
            self.warn(node.source, f"原文序号“{node.label}”在第 {plan.level} 层，"
                                   f"生成时按 GB/T 9704-2012 编为“{will_be}”。")

    def fill(self, blocks: list[Block], parent: LabelScheme | None, parent_level: int, top: bool = False,
             before: tuple[LabelScheme, int] | None = None, explicit: bool = False) -> _Filled:
        """A container's paragraphs, sections (one level down) and closing paragraphs.

        A paragraph standing between two sections goes to the closing of the one
        before it: it is printed in the same place. `before` is where the headings
        under the previous sibling stopped; `explicit` writes the children's style
        even where it is the standard one (a part heading without a number says 一、)."""
        items = self._candidates(blocks, top)
        nodes = [item for item in items if isinstance(item, Node)]
        plan = self._plan(nodes, parent, parent_level, top, before, explicit) if nodes else None
        if isinstance(plan, NumberingError):
            if parent_level + 1 > HEADING_LEVELS:
                why = f"在第 {parent_level + 1} 层，超过输入支持的 {HEADING_LEVELS} 层"
            else:
                why = f"在“{label(parent, 1)}”之下，已没有可用的序号（一、（一）1.（1）依次用完）"
            opened: list[Block] = []
            for item in items:
                opened += self._flattened(item, why) if isinstance(item, Node) else [item]
            items, plan = opened, None
        paragraphs: list = []
        sections: list[_Section] = []
        trailing: list = []
        last_children: tuple[LabelScheme, int] | None = None
        for item in items:
            if not isinstance(item, Node):
                (trailing if sections else paragraphs).extend(self.block(item))
                continue
            if sections and trailing:
                sections[-1].closing.extend(trailing)
                trailing.clear()
            section, given = self.section(item, plan, len(sections), top, last_children)
            last_children = given or last_children
            sections.append(section)
        given = (plan.scheme, plan.start + len(sections) - 1) if sections and plan.numbers else None
        return _Filled(paragraphs, sections, trailing, plan, given)

    def section(self, node: Node, plan: _Plan, k: int, top: bool,
                before: tuple[LabelScheme, int] | None) -> tuple[_Section, tuple[LabelScheme, int] | None]:
        if node.heading == PLAN_CHECK_HEADING:
            self.warn(node.source, f"“{PLAN_CHECK_HEADING}”是 reportgen 按上年计划自动生成的；上年的输入在旁边时"
                                   "生成会再加上一次，请删去这一节。")
        level = plan.level
        # An unnumbered part heading above 一、 headings stands at level 0 (typography.is_unnumbered_part).
        part_heading = top and plan.scheme is LabelScheme.NONE and self._children_written(node) == {Scheme.CHINESE}
        if part_heading:
            level = 0
        data = CommentedMap()
        if node.heading:
            data["heading"] = node.heading
        if node.run_in:
            data["run_in"] = True
        filled = self.fill(node.blocks, plan.scheme, level, before=before, explicit=part_heading)
        if filled.plan is not None and (numbering := _numbering(filled.plan)) is not None:
            data["numbering"] = numbering
            if (note := _numbering_note(filled.plan, plan.scheme, level)) is not None:
                data.yaml_add_eol_comment(note, "numbering")
        self._put(data, filled.paragraphs, filled.sections, filled.closing)
        return _Section(node, data), filled.given

    def _children_written(self, node: Node) -> set[Scheme]:
        return {b.scheme for b in self._candidates(node.blocks, False, quiet=True) if isinstance(b, Node)}

    def _put(self, data: CommentedMap, paragraphs: list, sections: list[_Section], closing: list) -> None:
        if paragraphs:
            data["paragraphs"] = CommentedSeq(paragraphs)
        if sections:
            data["sections"] = self._sequence(sections)
        if closing:
            data["closing"] = CommentedSeq(closing)

    def _sequence(self, sections: list[_Section]) -> CommentedSeq:
        seq = CommentedSeq()
        for section in sections:
            if section.closing:
                existing = list(section.data.get("closing", []))
                section.data["closing"] = CommentedSeq(existing + section.closing)
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

    # -- the whole ------------------------------------------------------------------------

    def emit(self) -> CommentedMap:
        report = self.report
        filled = self.fill(report.opening + list(report.body), None, 0, top=True)
        opening, tops, closing = filled.paragraphs, filled.sections, filled.closing
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
        if filled.plan is not None and (numbering := _numbering(filled.plan)) is not None:
            root["numbering"] = numbering
            if (note := _numbering_note(filled.plan, None, 0)) is not None:
                root.yaml_add_eol_comment(note, "numbering")
        if opening:
            root["opening"] = _quoted(opening)
        self._parts(root, tops, closing, year)
        self._attachments(root)
        notes = self._end_notes()
        if notes is not None:
            root["end_notes"] = notes
        if self.comma_numbers:
            self.warn(None, f"原文三级标题用“1、”式序号（{self.comma_numbers} 处），生成时按 GB/T 9704-2012 写作“1.”。")
        # In the file's order: the whole document's first, then by paragraph.
        self.warnings.sort(key=lambda w: w.source or 0)
        root.yaml_set_start_comment(self._head_comment())
        return root

    def _parts(self, root: CommentedMap, tops: list[_Section], closing: list, year: int) -> None:
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
        plan = last if last is not summary and re.search(_PLAN_WORDS, last.node.heading) else None
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
        if match := TYPED_DOC_NUMBER.fullmatch(number):
            year = match.group("year")
            fixed = f"{match.group('code')}〔{year if len(year) == 4 else '20' + year}〕{int(match.group('n'))}号"
            if fixed != number:
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
                    self.warn(block.source, f"附件中的第二个表格（{len(block.rows)} 行）不能写进输入"
                                            "（每个附件一个表格），每行作为一段保留（各格以全角空格分隔）；可另作一个附件。")
                    paragraphs += ["　".join(cell for cell in row if cell) for row in block.rows if any(row)]
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
            "各级标题的序号（一、（一）1.（1））由层次自动生成：原文中的序号已去掉，不要再写进文字；",
            "原文与此不同的编号（第一部分、跳级、无序号、起始序号、接续编号）写在 numbering 中。",
            "一是、二是……的列举写作 list，序号同样自动生成；正文中的表格写作 table。",
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


def _quoted(blocks: list) -> CommentedSeq:
    """Paragraphs in double quotes (a paragraph may start with a character YAML reads
    otherwise); lists and tables as they are."""
    return CommentedSeq(DoubleQuotedScalarString(b) if isinstance(b, str) else b for b in blocks)


def _numbering(plan: _Plan) -> str | CommentedMap | None:
    """The input's `numbering:` for a plan: the short form where a style alone says it."""
    if plan.declared is None and plan.start == 1 and not plan.continued:
        return None
    if plan.start == 1 and not plan.continued and plan.separator == PART_SEPARATOR:
        value = plan.declared.value
        return DoubleQuotedScalarString(value) if value[0].isdigit() else value
    data = CommentedMap()
    if plan.declared is not None:
        value = plan.declared.value
        data["style"] = DoubleQuotedScalarString(value) if value[0].isdigit() else value
    if plan.continued:
        data["continue"] = True
    elif plan.start != 1:
        data["start"] = plan.start
    if plan.separator != PART_SEPARATOR:
        data["separator"] = DoubleQuotedScalarString(plan.separator)
    data.fa.set_flow_style()
    return data


def _numbering_note(plan: _Plan, parent: LabelScheme | None, parent_level: int) -> str | None:
    """Why the numbering is written: what the file does that the standard sequence would not."""
    notes = []
    if plan.scheme is LabelScheme.PART:
        notes.append(f"原文各部分标为“{plan.label(0)}”")
    elif plan.scheme is LabelScheme.NONE:
        notes.append("原文这一层标题没有序号")
    elif plan.declared is LabelScheme.LEVEL1 and parent is LabelScheme.NONE:
        notes.append("原文没有序号的部分标题之下从“一、”编起")
    elif plan.declared is not None and plan.scheme.depth > plan.level:
        standard, _ = children_numbering(parent, parent_level, None)
        notes.append(f"原文这一层直接用“{plan.label(0)}”，跳过“{label(standard, 1)}”")
    if plan.continued:
        notes.append(f"原文接着上一个标题下的序号编，从“{plan.label(0)}”起")
    elif plan.start != 1:
        notes.append(f"原文从“{plan.label(0)}”编起")
    return "；".join(notes) or None


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
