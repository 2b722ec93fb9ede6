"""Checks on a DOCX: page, line pitch, faces and sizes by element, page numbers, text.

Everything is read from the XML as a word processor would apply it (see
docx_props.Resolver), so a document typed by hand in Word or WPS is judged by
what it will print, not by how it was made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from reportgen.layout import FontRole, LayoutProfile, Style
from reportgen.lint import text as rules
from reportgen.lint.docx_footer import Section, check_footers
from reportgen.lint.docx_package import Package, read_package, w
from reportgen.lint.docx_props import Face, Resolver, paragraph_text, run_text, text_runs
from reportgen.lint.faces import describe, is_face, size_text
from reportgen.lint.model import Finding, error, warning
from reportgen.units import Mm

# Word stores page geometry in twips; ±20 twips (0.35 mm) absorbs the rounding of
# a margin typed in cm or in characters in Word's and WPS's dialogs.
PAGE_TOLERANCE_TWIPS = 20
# Line pitch must be the profile's exactly: 28.95 pt is 579 twips with nothing to
# round, and 580 (29 pt, a common typing) already loses the 22nd line [5.2.3].
LINE_TOLERANCE_TWIPS = 0
# A title is set larger than the body: 二号 22 pt; 小一/一号 still read as a title.
TITLE_MIN_PT = 20

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_END_NOTES = re.compile(r"^\s*抄送[：:]|印发\s*$")


@dataclass(frozen=True)
class Para:
    number: int  # 1-based, among the body's paragraphs outside tables, blank ones counted
    element: etree._Element
    text: str

    @property
    def where(self) -> str:
        return f"第 {self.number} 段"


def check_docx(path: Path, profile: LayoutProfile, declared: tuple = ()) -> list[Finding]:
    package = read_package(path)
    resolver = Resolver(package.styles)
    paragraphs = body_paragraphs(package)
    sections = _sections(package)
    head = _red_header_end(paragraphs)
    flow = paragraphs[head:]
    found = _check_page(sections, profile)
    found += _check_grid(sections, profile)
    found += check_footers(package, sections, resolver, profile)
    found += _check_line_pitch([p for p in flow if not _END_NOTES.search(p.text)], resolver, profile)
    found += _check_faces(flow, resolver, profile, declared)
    found += _check_text(paragraphs, head, declared)
    return found


def body_paragraphs(package: Package) -> list[Para]:
    """The body's paragraphs in order, content controls opened, tables left out."""
    found: list[etree._Element] = []

    def walk(node: etree._Element) -> None:
        for child in node:
            if child.tag == w("p"):
                found.append(child)
            elif child.tag in (w("sdt"), w("sdtContent"), w("customXml"), w("ins")):
                walk(child)

    walk(package.body)
    return [Para(n, p, paragraph_text(p)) for n, p in enumerate(found, 1)]


def _sections(package: Package) -> list[Section]:
    body = package.body
    sect_prs = [p.find(f"{w('pPr')}/{w('sectPr')}") for p in body.iter(w("p"))]
    found = [s for s in sect_prs if s is not None]
    final = body.find(w("sectPr"))
    if final is not None:
        found.append(final)
    if not found:
        # No page setup at all: Word then uses its own defaults (Letter, 1 inch),
        # which the checks report as unset.
        found.append(etree.Element(w("sectPr")))
    return [Section(n, s) for n, s in enumerate(found, 1)]


def _red_header_end(paragraphs: list[Para]) -> int:
    """Index after the 版头 (发文机关标志 … 发文字号), 0 without one [7.2].

    The 版头 has faces and spacing of its own (a red 发文机关标志 in any size), so
    fonts and line pitch are checked from the title on.
    """
    non_empty = [i for i, p in enumerate(paragraphs) if p.text.strip()][:12]
    for i in non_empty:
        if rules.is_doc_number_line(paragraphs[i].text):
            return i + 1
    return 0


# --- page (5.2.1, 5.2.2) -----------------------------------------------------------


def _check_page(sections: list[Section], profile: LayoutProfile) -> list[Finding]:
    found = []
    for section in sections:
        where = f"第 {section.number} 节页面设置" if len(sections) > 1 else "页面设置"
        size = section.sect_pr.find(w("pgSz"))
        width, height = (_twips(size, "w"), _twips(size, "h")) if size is not None else (None, None)
        want_w, want_h = profile.standard.page_width.twips, profile.standard.page_height.twips
        if width is None or height is None:
            found.append(error("5.2.1", where, "", "没有设置纸张大小，应为 A4（210 x 297 mm）"))
        elif abs(width - want_w) > PAGE_TOLERANCE_TWIPS or abs(height - want_h) > PAGE_TOLERANCE_TWIPS:
            found.append(error("5.2.1", where, "",
                               f"纸张为 {_mm(width)} x {_mm(height)} mm，应为 A4 纵向"
                               f"（{profile.standard.page_width.mm:g} x {profile.standard.page_height.mm:g} mm）"))
        margins = section.sect_pr.find(w("pgMar"))
        gutter = _twips(margins, "gutter") or 0 if margins is not None else 0
        for side, name, want_mm in (
            ("top", "上", profile.standard.margin_top.mm),
            ("bottom", "下", profile.standard.margin_bottom.mm),
            ("left", "左", profile.standard.margin_left.mm),
            ("right", "右", profile.standard.margin_right.mm),
        ):
            value = _twips(margins, side) if margins is not None else None
            if value is None:
                found.append(error("5.2.2", where, "", f"没有设置{name}边距，应为 {want_mm:g} mm"))
                continue
            # A negative top/bottom margin is Word's "exactly, even if the header grows".
            value = abs(value) + (gutter if side == "left" else 0)
            if abs(value - Mm(want_mm).twips) > PAGE_TOLERANCE_TWIPS:
                found.append(error("5.2.2", where, "", f"{name}边距为 {_mm(value)} mm，应为 {want_mm:g} mm"))
    return found


def _twips(element: etree._Element, attr: str) -> int | None:
    value = element.get(w(attr))
    try:
        return round(float(value)) if value is not None else None
    except ValueError:
        return None


def _mm(twips: int) -> str:
    return f"{twips / 20 * 25.4 / 72:.1f}"


# --- line pitch (5.2.3) ---------------------------------------------------------------


def _check_grid(sections: list[Section], profile: LayoutProfile) -> list[Finding]:
    """A line grid (w:docGrid) of another pitch: Word ignores it under exact line
    spacing, but LibreOffice sets every line on the grid instead (measured: a
    579-twip grid kept 28.95 pt lines under paragraphs asking for 29 pt)."""
    want = profile.line_pitch.twips
    found = []
    for section in sections:
        grid = section.sect_pr.find(w("docGrid"))
        if grid is None or grid.get(w("type"), "default") == "default":
            continue
        pitch = _twips(grid, "linePitch")
        if pitch is not None and pitch != want:
            where = f"第 {section.number} 节页面设置" if len(sections) > 1 else "页面设置"
            found.append(warning("5.2.3", where, "",
                                 f"文档网格的行距为 {pitch / 20:g} 磅，与行距 {profile.line_pitch.pt:g} 磅不一致："
                                 f"Word 按段落行距排，LibreOffice 按网格排，两者页面会不同"))
    return found


def _check_line_pitch(paragraphs: list[Para], resolver: Resolver, profile: LayoutProfile) -> list[Finding]:
    """Every paragraph of the flow on exact 28.95 pt, nothing before or after it."""
    want = profile.line_pitch.twips
    want_text = f"固定值 {profile.line_pitch.pt:g} 磅（每页 {profile.lines_per_page} 行）"
    found = []
    for para in paragraphs:
        p = para.element
        line = resolver.paragraph_attr(p, "spacing", "line")
        rule = resolver.paragraph_attr(p, "spacing", "lineRule") or "auto"
        value = _number(line)
        if rule != "exact" or value is None or abs(value - want) > LINE_TOLERANCE_TWIPS:
            found.append(error("5.2.3", para.where, para.text, f"行距为{_line_text(rule, value)}，应为{want_text}"))
        extra = _space_around(resolver, p)
        if extra:
            found.append(error("5.2.3", para.where, para.text, f"{extra}，段前段后应为 0（行落在网格上）"))
    return found


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _line_text(rule: str, value: float | None) -> str:
    if value is None:
        return "单倍行距"
    if rule == "exact":
        return f"固定值 {value / 20:g} 磅"
    if rule == "atLeast":
        return f"最小值 {value / 20:g} 磅"
    return f" {value / 240:g} 倍行距"


def _space_around(resolver: Resolver, p: etree._Element) -> str:
    parts = []
    for side, name in (("before", "段前"), ("after", "段后")):
        if resolver.paragraph_attr(p, "spacing", f"{side}Autospacing") in ("1", "true", "on"):
            parts.append(f"{name}自动")
            continue
        lines = _number(resolver.paragraph_attr(p, "spacing", f"{side}Lines"))
        if lines:
            parts.append(f"{name} {lines / 100:g} 行")
            continue
        twips = _number(resolver.paragraph_attr(p, "spacing", side))
        if twips:
            parts.append(f"{name} {twips / 20:g} 磅")
    return "、".join(parts)


# --- faces and sizes by element (7.3.1, 7.3.3) -------------------------------------------


@dataclass(frozen=True)
class Element:
    name: str  # as staff call it: "一级标题"
    clause: str
    role: FontRole
    size_pt: float
    # Faces accepted besides `role`: a skipped level's heading may take its number's
    # face or its level's; a lead sentence in the body a heading face.
    also: tuple[FontRole, ...] = ()


def _elements(profile: LayoutProfile) -> dict[str, Element]:
    def of(style: Style, name: str, clause: str) -> Element:
        spec = profile.element(style)
        return Element(name, clause, spec.font, spec.size.pt)

    return {
        "title": of(Style.TITLE, "标题", "7.3.1"),
        "body": of(Style.BODY, "正文", "7.3.3"),
        0: of(Style.PART_HEADING, "部分标题", "7.3.3"),
        1: of(Style.HEADING1, "一级标题", "7.3.3"),
        2: of(Style.HEADING2, "二级标题", "7.3.3"),
        3: of(Style.HEADING3, "三级标题", "7.3.3"),
        4: of(Style.HEADING4, "四级标题", "7.3.3"),
        # 版记: 四号仿宋 [7.4].
        "end_notes": of(Style.END_NOTES, "版记", "7.4"),
        # The title of a table in the body: a centred line right above the table.
        "caption": of(Style.TABLE_CAPTION, "表题", "7.3.3"),
    }


def _check_faces(flow: list[Para], resolver: Resolver, profile: LayoutProfile,
                 declared: tuple = ()) -> list[Finding]:
    elements = _elements(profile)
    title = _title_paragraphs(flow, resolver)
    blocks = [rules.Block(p.where, p.text if p.number not in title else "") for p in flow]
    headings = rules.heading_map(blocks, declared)
    found: list[Finding] = []
    for index, para in enumerate(flow):
        if not para.text.strip() or rules.is_attachment_start(para.text):
            continue
        heading = headings.get(index) if para.number not in title else None
        if para.number in title or _is_big_centred(para, resolver):
            spans = [(0, len(para.text), elements["title"])]
        elif _END_NOTES.search(para.text):
            spans = [(0, len(para.text), elements["end_notes"])]
        elif _is_caption(para, resolver):
            caption = replace(elements["caption"], also=(elements["body"].role,))
            spans = [(0, len(para.text), caption)]
        elif heading is not None:
            # Run-in heading: the level's face up to the first "。", the body's after it.
            element = elements[min(heading.level, 4)]
            if heading.skipped and heading.depth in elements:
                # A skipped level: the face of its level [7.3.3], or of its number as many offices set it.
                element = replace(element, also=(elements[heading.depth].role,))
            spans = [(0, heading.heading_end, element),
                     (heading.heading_end, len(para.text), elements["body"])]
        else:
            spans = _body_spans(para.text, elements["body"], profile)
        found += _check_runs(para, spans, resolver, profile)
    return found


def _body_spans(text: str, body: Element, profile: LayoutProfile) -> list[tuple[int, int, Element]]:
    """The body face throughout, except where a lead sentence may take a heading face."""
    lead = replace(body, also=(FontRole.HEITI, FontRole.KAITI))
    spans, at = [], 0
    for start, end in sorted(rules.lead_spans(text)):
        if start < at:
            continue
        if start > at:
            spans.append((at, start, body))
        spans.append((start, end, lead))
        at = end
    if at < len(text):
        spans.append((at, len(text), body))
    return spans


def _is_caption(para: Para, resolver: Resolver) -> bool:
    """A centred paragraph right above a table: the table's title."""
    following = para.element.getnext()
    return following is not None and following.tag == w("tbl") and resolver.alignment(para.element) == "center"


def _title_paragraphs(flow: list[Para], resolver: Resolver) -> set[int]:
    """The title: the first paragraph with text if centred, and the centred
    paragraphs of the same size right after it (a title typed over two lines)."""
    first = next((i for i, p in enumerate(flow) if p.text.strip()), None)
    if first is None or resolver.alignment(flow[first].element) != "center":
        return set()
    size = _largest_size(flow[first], resolver)
    numbers = {flow[first].number}
    for para in flow[first + 1:]:
        if not para.text.strip() or resolver.alignment(para.element) != "center":
            break
        if _largest_size(para, resolver) != size:
            break
        numbers.add(para.number)
    return numbers


def _is_big_centred(para: Para, resolver: Resolver) -> bool:
    """An attachment's title, set like the document's: centred 二号."""
    size = _largest_size(para, resolver)
    return resolver.alignment(para.element) == "center" and size is not None and size >= TITLE_MIN_PT


def _largest_size(para: Para, resolver: Resolver) -> float | None:
    sizes = [resolver.size_pt(para.element, r) for r in text_runs(para.element) if run_text(r).strip()]
    known = [s for s in sizes if s is not None]
    return max(known) if known else None


def _check_runs(para: Para, spans: list[tuple[int, int, Element]], resolver: Resolver,
                profile: LayoutProfile) -> list[Finding]:
    found: list[Finding] = []
    offset = 0
    for r in text_runs(para.element):
        text = run_text(r)
        start, offset = offset, offset + len(text)
        if not text.strip() or _is_raised(r):
            continue
        for span_start, span_end, element in spans:
            piece = text[max(span_start - start, 0): max(span_end - start, 0)]
            if not piece.strip():
                continue
            found += _check_run(para, r, piece, element, resolver, profile)
    return list(dict.fromkeys(found))


def _is_raised(r: etree._Element) -> bool:
    """Superscripts and subscripts (note marks, m²) have sizes of their own."""
    align = r.find(f"{w('rPr')}/{w('vertAlign')}")
    return align is not None and align.get(w("val")) in ("superscript", "subscript")


def _check_run(para: Para, r: etree._Element, piece: str, element: Element, resolver: Resolver,
               profile: LayoutProfile) -> list[Finding]:
    found = []
    size = resolver.size_pt(para.element, r)
    if size != element.size_pt:
        got = f"字号为 {size_text(size)}" if size is not None else "没有设置字号（Word 按 10 磅排）"
        found.append(error(element.clause, para.where, para.text,
                           f"{got}，{element.name}应为 {size_text(element.size_pt)}"))
    # Chinese characters take w:eastAsia; a run of digits or Latin letters only
    # (w:ascii) is left alone: the standard names no face for them.
    if _CJK.search(piece):
        face = resolver.face(para.element, r, "eastAsia")
        if not any(is_face(profile, role, face.name) for role in (element.role, *element.also)):
            latin = resolver.face(para.element, r, "ascii")
            found.append(error(element.clause, para.where, para.text,
                               _face_message(face, latin, element, profile)))
    return found


def _face_message(face: Face, latin: Face, element: Element, profile: LayoutProfile) -> str:
    want = f"{element.name}应为{describe(profile, element.role)}"
    if face.theme:
        message = f"中文字体取自主题字体（{face.theme}，{face.source}），没有明确设为正式字体，{want}"
    elif face.name is None:
        message = f"没有设置中文字体，{want}"
    else:
        message = f"中文字体为“{face.name}”（{face.source}），{want}"
    if is_face(profile, element.role, latin.name):
        # The python-docx way (`font.name = …`) and Word's 西文字体 box set only this.
        message += f"；“{latin.name}”只设在了西文字体（w:ascii）上，中文用的是中文字体（w:eastAsia）"
    return message


# --- text: 发文字号, headings, date (7.2.4, 7.3.3, 7.3.5.4) ----------------------------------


def _check_text(paragraphs: list[Para], head: int, declared: tuple = ()) -> list[Finding]:
    found: list[Finding] = []
    blocks = [rules.Block(p.where, p.text) for p in paragraphs if p.text.strip()]
    for block in blocks:
        found += rules.check_doc_numbers(block)
        date = rules.check_date(block)
        if date is not None:
            found.append(date)
    flow = [rules.Block(p.where, p.text) for p in paragraphs[head:] if p.text.strip()]
    found += rules.check_headings(flow, declared)
    return found
