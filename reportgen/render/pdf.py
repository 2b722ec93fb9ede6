"""Stage 5b: the document model as a PDF (WeasyPrint).

The model becomes a small HTML page (built with ElementTree, so every piece of
text is escaped) styled by render/css.py. WeasyPrint is imported here only:
commands that make no PDF never pay its 0.7 s import.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace

from reportgen.document import Document, EndNotes, Paragraph, Rule, Table
from reportgen.fonts import ResolvedFont
from reportgen.layout import Align, FontRole, LayoutProfile, Style, mm_to_pt
from reportgen.render.css import css_class, font_family, indent_length, stylesheet, tracking_pt
from reportgen.render.justify import PARAGRAPH_KEY, PX_PER_PT, LineFit, measure_lines, split_runs
from reportgen.render.weasyprint_loader import load_weasyprint


def document_html(
    document: Document, profile: LayoutProfile, fits: dict[int, list[LineFit]] | None = None
) -> str:
    """The page as HTML; with `fits`, full lines of justified paragraphs are set one by one."""
    html = ET.Element("html", lang="zh-CN")
    head = ET.SubElement(html, "head")
    ET.SubElement(head, "meta", charset="utf-8")
    ET.SubElement(head, "title").text = document.title
    ET.SubElement(head, "meta", name="author", content=document.office)
    ET.SubElement(head, "meta", name="description",
                  content=f"{document.year}年工作总结和{document.year + 1}年工作打算")
    body = ET.SubElement(html, "body")
    latin = FontRole.LATIN in profile.fonts
    for index, block in enumerate(document.paragraphs):
        if isinstance(block, Table):
            _table(body, block, latin)
        else:
            _paragraph(body, index, block, profile, (fits or {}).get(index), latin)
    if document.end_notes is not None:
        _end_notes(body, document.end_notes, latin)
    return "<!DOCTYPE html>\n" + ET.tostring(html, encoding="unicode", method="html")


def _paragraph(body, index: int, paragraph: Paragraph, profile: LayoutProfile, fits, latin: bool) -> None:
    p = ET.SubElement(body, "p", {"class": css_class(paragraph.style), PARAGRAPH_KEY: str(index)})
    style = []
    if paragraph.placement is not None:
        placement = paragraph.placement
        edge = placement.edge.value
        style.append(f"text-indent: {indent_length(profile, placement.first_line)}; text-align: {edge}; "
                     f"margin-{edge}: {indent_length(profile, placement.chars)}")
    if paragraph.keep_with_next:
        style.append("break-after: avoid")
    if paragraph.page_break_before:
        style.append("break-before: page")
    if paragraph.space_before_pt:
        style.append(f"margin-top: {paragraph.space_before_pt:.2f}pt")
    if paragraph.size_pt:
        style.append(f"font-size: {paragraph.size_pt}pt; line-height: {paragraph.size_pt}pt")
    if paragraph.rule_below is not None:
        style.append(_rule_css(paragraph.rule_below, profile))
    if paragraph.invisible:
        style.append("visibility: hidden")
    runs = [(run.text, run.font) for run in paragraph.runs]
    if paragraph.style is Style.DOC_NUMBER:
        # Left part and right part of the line (发文字号 | 签发人), each one character in.
        p.set("class", p.get("class") + " split")
        style.append(f"margin-right: {indent_length(profile, profile.header_indent_chars)}")
        p.set("style", "; ".join(style))
        left, right = _split_at_tab(runs)
        _append_runs(ET.SubElement(p, "span"), left, latin)
        _append_runs(ET.SubElement(p, "span"), right, latin)
        return
    if style:
        p.set("style", "; ".join(style))
    spec = profile.element(paragraph.style)
    lines = split_runs(runs, fits) if fits and spec.align is Align.JUSTIFY else None
    if lines is None:
        _append_runs(p, runs, latin)
        return
    tracking = tracking_pt(profile, spec)
    for fit, pieces in zip(fits, lines, strict=True):
        # The measured width counts the tracking after the last character too;
        # the ink must end at the edge, so the n - 1 gaps take slack + tracking.
        stretch = (fit.slack_pt + tracking) / max(len(fit.text) - 1, 1)
        if fit.last or stretch <= 0:
            _append_runs(p, pieces, latin)
            if not fit.last:
                ET.SubElement(p, "br")
            continue
        line = ET.SubElement(p, "span", {"class": "line", "style": f"letter-spacing: {tracking + stretch:.4f}pt"})
        _append_runs(line, pieces, latin)
        ET.SubElement(p, "br")


def _end_notes(body, notes: EndNotes, latin: bool) -> None:
    """7.4: at the foot of the page (position: absolute; bottom: 0 in the CSS)."""
    for _ in range(notes.breaks_before):
        ET.SubElement(body, "div", {"class": "page-break"})
    block = ET.SubElement(body, "div", {"class": "end-notes"})
    if notes.copy_to:
        _append_runs(ET.SubElement(block, "p", {"class": "copy-to"}), [(notes.copy_to, None)], latin)
    printed = ET.SubElement(block, "p", {"class": "printed"})
    _append_runs(ET.SubElement(printed, "span", {"class": "by"}), [(notes.printed_by, None)], latin)
    _append_runs(ET.SubElement(printed, "span", {"class": "on"}), [(notes.printed_on, None)], latin)


def _rule_css(rule: Rule, profile: LayoutProfile) -> str:
    """The rule's centre `gap_mm` below the baseline; nothing drawn for a preprinted letterhead."""
    thickness = mm_to_pt(rule.thickness_mm)
    padding = mm_to_pt(rule.gap_mm) - profile.css_baseline_to_line_bottom_pt - thickness / 2
    color = f"#{rule.color}" if rule.visible else "transparent"
    return f"padding-bottom: {padding:.2f}pt; border-bottom: {thickness:.2f}pt solid {color}"


def _split_at_tab(runs):
    left, right = [], []
    target = left
    for text, font in runs:
        before, tab, after = text.partition("\t")
        if before:
            target.append((before, font))
        if tab:
            target = right
            if after:
                right.append((after, font))
    return left, right


def _table(body, table: Table, latin: bool) -> None:
    """<thead> repeats on every page the table crosses (WeasyPrint does that)."""
    element = ET.SubElement(body, "table")
    columns = ET.SubElement(element, "colgroup")
    for width in table.widths:
        ET.SubElement(columns, "col", {"style": f"width: {width * 100:.3f}%"})
    head = ET.SubElement(ET.SubElement(element, "thead"), "tr")
    for text in table.header:
        _append_runs(ET.SubElement(head, "th"), [(text, None)], latin)
    rows = ET.SubElement(element, "tbody")
    for row in table.rows:
        tr = ET.SubElement(rows, "tr")
        for text, numeric in zip(row, table.numeric, strict=True):
            _append_runs(ET.SubElement(tr, "td", {"class": "number"} if numeric else {}), [(text, None)], latin)


@dataclass(frozen=True)
class EmbeddedFile:
    """A file carried inside the PDF (PDF/A-3 associated file)."""

    name: str
    data: bytes
    description: str
    relationship: str = "Source"  # ISO 32000-2 7.11.3: Source, Data, Supplement, …


@dataclass(frozen=True)
class PdfOptions:
    variant: str | None = None  # e.g. "pdf/a-3b"
    identifier: bytes | None = None  # the file identifier PDF/A requires
    attachments: tuple[EmbeddedFile, ...] = ()


@dataclass
class Laid:
    """The first layout's findings, which the second (and the DOCX) follow."""

    document: Document  # with the end notes' page breaks decided
    fits: dict[int, list[LineFit]]
    css: object
    font_config: object


def lay_out(document: Document, profile: LayoutProfile, fonts: dict[FontRole, ResolvedFont]) -> Laid:
    """First layout: every line's slack (render/justify.py) and where the 版记 can go.

    The 版记 stands at the foot of the last page, which must be even and leave
    room for it [7.4]: otherwise it moves on by one or two pages.
    """
    weasyprint = load_weasyprint()
    CSS, HTML = weasyprint.CSS, weasyprint.HTML
    FontConfiguration = weasyprint.text.fonts.FontConfiguration

    font_config = FontConfiguration()
    css = CSS(string=stylesheet(profile, fonts), font_config=font_config)
    first = HTML(string=document_html(document, profile)).render(stylesheets=[css], font_config=font_config)
    fits = measure_lines(first, profile.type_width_pt)
    if document.end_notes is not None:
        breaks, lines = place_end_notes(first, profile)
        document = replace(document, end_notes=replace(document.end_notes, breaks_before=breaks, lines=lines))
    return Laid(document, fits, css, font_config)


def place_end_notes(rendered, profile: LayoutProfile) -> tuple[int, int]:
    """(page breaks before the 版记, grid lines it takes): it lands on an even page,
    clear of the text."""
    boxes = load_weasyprint().formatting_structure.boxes

    notes_top, notes_lines, content_bottom = None, 0, None
    pending = [rendered.pages[-1]._page_box]
    while pending:
        box = pending.pop()
        if box.element is not None and box.element.get("class") == "end-notes":
            notes_top = box.position_y
            # How many grid lines it takes (its rules add less than a line).
            notes_lines = math.floor(box.margin_height() / (profile.line_pitch_pt * PX_PER_PT))
            continue
        if isinstance(box, boxes.LineBox):
            bottom = box.position_y + box.height
            content_bottom = bottom if content_bottom is None else max(content_bottom, bottom)
        elif isinstance(box, boxes.ParentBox) and not isinstance(box, boxes.MarginBox):
            pending.extend(box.children)
    pages = len(rendered.pages)
    breaks = 0
    if notes_top is not None and content_bottom is not None and content_bottom > notes_top:
        breaks, pages = 1, pages + 1
    if pages % 2:
        breaks += 1
    return breaks, notes_lines


def render_pdf(
    document: Document,
    profile: LayoutProfile,
    fonts: dict[FontRole, ResolvedFont],
    options: PdfOptions = PdfOptions(),
    laid: Laid | None = None,
) -> bytes:
    weasyprint = load_weasyprint()
    HTML, Attachment = weasyprint.HTML, weasyprint.Attachment

    # Two layouts: the first finds the line breaks, each line's slack and the
    # 版记's page; the second spreads the slack over the line's characters.
    laid = laid or lay_out(document, profile, fonts)
    html = HTML(string=document_html(laid.document, profile, laid.fits))
    attachments = [
        Attachment(string=item.data, name=item.name, description=item.description,
                   relationship=item.relationship)
        for item in options.attachments
    ]
    return html.write_pdf(
        stylesheets=[laid.css], font_config=laid.font_config, attachments=attachments,
        pdf_variant=options.variant, pdf_identifier=options.identifier,
    )


def _append_runs(element: ET.Element, runs, latin: bool = False) -> None:
    for text, font in runs:
        target = element
        if font is not None:
            target = ET.SubElement(element, "span", {"class": font_family(font)})
        if latin:
            _append_latin_split(target, text)
        else:
            _append_text(target, text)


_LATIN = re.compile(r"([\u0020-\u024f]+)")


def _append_latin_split(element: ET.Element, text: str) -> None:
    """Digits and Latin letters in span.rg-latin, for a profile with a face of their own."""
    for index, piece in enumerate(_LATIN.split(text)):
        if not piece:
            continue
        if index % 2:
            _append_text(ET.SubElement(element, "span", {"class": font_family(FontRole.LATIN)}), piece)
        else:
            _append_text(element, piece)


def _append_text(element: ET.Element, text: str) -> None:
    """Append text at the end of `element`, "\n" becoming <br>."""
    for index, line in enumerate(text.split("\n")):
        if index:
            ET.SubElement(element, "br")
        children = list(element)
        if children:
            children[-1].tail = (children[-1].tail or "") + line
        else:
            element.text = (element.text or "") + line
