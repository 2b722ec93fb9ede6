"""Stage 6b: the laid-out document as a PDF (WeasyPrint).

The paginate stage decided every line and page; this module writes them as a
small HTML page (built with ElementTree, so every piece of text is escaped),
each page's first element starting a page and each line a span of its own, and
lets WeasyPrint draw it with the stylesheet from render/css.py. A full line of
a justified paragraph gets the letter spacing that spreads its slack between its
characters (WeasyPrint would widen only spaces, and Chinese has none). WeasyPrint
is imported here only, through its loader: commands that make no PDF never pay for it.
"""

from __future__ import annotations

import atexit
import gc
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from reportgen.document import Document, EndNotes, Paragraph, Rule, Table
from reportgen.fonts import ResolvedFont
from reportgen.layout import FontRole, LayoutProfile, Style
from reportgen.paginate import LATIN_RANGE
from reportgen.paginate.geometry import Geometry
from reportgen.paginate.model import Box, Layout, Line, ParagraphSlice, TableSlice
from reportgen.render.css import ALIGN, font_family, stylesheet
from reportgen.typography import script_gap
from reportgen.units import Length


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


@dataclass(frozen=True)
class PdfStyles:
    """WeasyPrint's parsed stylesheet and font configuration for one profile, geometry
    and set of faces. Parsing them costs about 50 ms, a tenth of a short report's
    rendering: a process that renders many (a batch worker, the web editor's
    previews) parses each combination once."""

    css: object
    font_config: object


_STYLES: dict[tuple, PdfStyles] = {}
_STYLES_KEPT = 8  # combinations of profile and faces a process sees: a handful


@atexit.register
def _let_go() -> None:
    """Before the interpreter tears modules down: a FontConfiguration removes its
    temporary font folder when it goes, which fails then (and leaves the folder).
    The stylesheet and the configuration refer to each other, hence the collection."""
    _STYLES.clear()
    gc.collect()


def pdf_styles(profile: LayoutProfile, geometry: Geometry, fonts: dict[FontRole, ResolvedFont]) -> PdfStyles:
    from reportgen.render.weasyprint_loader import load_weasyprint

    # Profiles hold dicts (not hashable), but the reprs of these frozen dataclasses are exact.
    key = (repr(profile), repr(geometry), tuple(sorted((role.value, repr(font)) for role, font in fonts.items())))
    found = _STYLES.get(key)
    if found is None:
        wp = load_weasyprint()
        font_config = wp.text.fonts.FontConfiguration()
        found = PdfStyles(wp.CSS(string=stylesheet(profile, geometry, fonts), font_config=font_config), font_config)
        if len(_STYLES) >= _STYLES_KEPT:
            _STYLES.pop(next(iter(_STYLES)))
        _STYLES[key] = found
    return found


def render_pdf(
    document: Document,
    layout: Layout,
    geometry: Geometry,
    profile: LayoutProfile,
    fonts: dict[FontRole, ResolvedFont],
    options: PdfOptions = PdfOptions(),
) -> bytes:
    from reportgen.render.weasyprint_loader import load_weasyprint

    wp = load_weasyprint()
    styles = pdf_styles(profile, geometry, fonts)
    html = wp.HTML(string=document_html(document, layout, geometry, profile))
    attachments = [
        wp.Attachment(string=item.data, name=item.name, description=item.description,
                      relationship=item.relationship)
        for item in options.attachments
    ]
    return html.write_pdf(
        stylesheets=[styles.css], font_config=styles.font_config, attachments=attachments,
        pdf_variant=options.variant, pdf_identifier=options.identifier,
    )


def document_html(document: Document, layout: Layout, geometry: Geometry, profile: LayoutProfile) -> str:
    """The pages as HTML: every page's first element starts a page, every line is set as decided."""
    html = ET.Element("html", lang="zh-CN")
    head = ET.SubElement(html, "head")
    ET.SubElement(head, "meta", charset="utf-8")
    ET.SubElement(head, "title").text = document.title
    ET.SubElement(head, "meta", name="author", content=document.office)
    ET.SubElement(head, "meta", name="description",
                  content=f"{document.year}年工作总结和{document.year + 1}年工作打算")
    body = ET.SubElement(html, "body")
    writer = _Writer(profile, geometry, FontRole.LATIN in profile.fonts)
    for page in layout.pages:
        for index, piece in enumerate(page.slices):
            starts_page = index == 0 and page.number > 1
            block = document.paragraphs[piece.block]
            if isinstance(piece, TableSlice):
                assert isinstance(block, Table)
                writer.table(body, block, piece, starts_page)
            else:
                assert isinstance(block, Paragraph)
                writer.paragraph(body, block, piece, layout.boxes[piece.block], starts_page)
    if document.end_notes is not None and layout.end_notes is not None:
        writer.end_notes(body, document.end_notes, layout.end_notes.breaks_before, layout.end_notes.copy_to_lines)
    ET.SubElement(head, "style").text = "\n".join(writer.rules.values())
    return "<!DOCTYPE html>\n" + ET.tostring(html, encoding="unicode", method="html")


class _Writer:
    def __init__(self, profile: LayoutProfile, geometry: Geometry, latin: bool):
        self.profile, self.geometry, self.latin = profile, geometry, latin
        self.rules: dict[str, str] = {}  # the classes this document uses (spacings, gaps) → their rules

    def paragraph(self, body, paragraph: Paragraph, piece: ParagraphSlice, box: Box, starts_page: bool) -> None:
        spec = self.profile.element(paragraph.style)
        size = paragraph.size or spec.size
        classes = [paragraph.style.value, *(["page-start"] if starts_page else []),
                   *([] if piece.first else ["continued"])]
        # The style's own alignment and indent are in the stylesheet; only what a
        # paragraph changes is written on it (inline styles cost WeasyPrint a parse each).
        style = []
        if paragraph.placement is not None or paragraph.right:
            style.append(f"text-align: {ALIGN[box.align]}")
            if piece.first:
                style.append(f"text-indent: {box.first_line.css()}")
            # 7.2.5: a paragraph with a rule spans the type area (the rule runs across
            # it), its text set in by padding.
            side = "padding" if paragraph.rule_below is not None else "margin"
            if box.left:
                style.append(f"{side}-left: {box.left.css()}")
            if box.right:
                style.append(f"{side}-right: {box.right.css()}")
        if paragraph.space_before and piece.first:
            style.append(f"margin-top: {paragraph.space_before.css()}")
        if paragraph.size:
            style.append(f"font-size: {size.css()}; line-height: {size.css()}")
        if paragraph.rule_below is not None and piece.last:
            style.append(_rule_css(paragraph.rule_below, self.geometry))
        if paragraph.invisible:
            style.append("visibility: hidden")
        p = ET.SubElement(body, "p", {"class": " ".join(classes), **({"style": "; ".join(style)} if style else {})})
        if paragraph.right:
            # 7.2.6: 发文字号 at the left, 签发人 at the right, on one line.
            p.set("class", p.get("class") + " split")
            self.runs(ET.SubElement(p, "span"), [(run.text, run.font, run.bold) for run in paragraph.runs], size,
                      spec.font, bold=spec.bold)
            self.runs(ET.SubElement(p, "span"), [(run.text, run.font) for run in paragraph.right], size, spec.font)
            return
        tracking = self.geometry.tracking_for(size)
        for number, line in enumerate(piece.lines):
            if number:
                _append_text(p, "\n")  # the paragraph is white-space: pre: the line ends here, nowhere else
            pieces = [(part.text, part.font, part.bold) for part in line.pieces]
            if not line.justify or len(line.text) < 2:
                self.runs(p, pieces, size, spec.font, bold=spec.bold)
                continue
            last = ""
            for step, part in _justified(line, tracking, size):
                last = self.runs(ET.SubElement(p, "span", {"class": self.spacing_class(step, size)}), part, size,
                                 spec.font, last, spec.bold)

    def spacing_class(self, step: int, size: Length) -> str:
        """A class for a letter spacing of `step` thousandths of an em: the steps a
        document uses are few, and a class costs WeasyPrint less than a style attribute."""
        name = f"ls{round(size.pt * 100)}{'p' if step >= 0 else 'm'}{abs(step)}"
        if name not in self.rules:
            # A quarter of a thousandth away from zero, so WeasyPrint's truncation keeps the step.
            spacing = (step + (0.25 if step >= 0 else -0.25)) * size.pt / 1000
            self.rules[name] = f"span.{name} {{ letter-spacing: {spacing:.5f}pt; }}"
        return name

    def gap_class(self, size: Length) -> str:
        """The class of the space LibreOffice puts where an East Asian letter meets a
        Latin letter or digit (paginate/lines.py counts it), at `size`."""
        name = f"gap{round(size.pt * 100)}"
        if name not in self.rules:
            self.rules[name] = f"span.{name} {{ padding-left: {self.geometry.script_gap(size).css()}; }}"
        return name

    def table(self, body, table: Table, piece: TableSlice, starts_page: bool) -> None:
        """Each page's rows under the header row; each cell's lines as decided."""
        element = ET.SubElement(body, "table", {"class": "page-start"} if starts_page else {})
        columns = ET.SubElement(element, "colgroup")
        for width in table.widths:
            ET.SubElement(columns, "col", {"style": f"width: {width * 100:.3f}%"})
        heights = [{"style": f"height: {h:.4f}pt"} for h in piece.heights] or [{}] * len(piece.cells)
        head = ET.SubElement(ET.SubElement(element, "thead"), "tr", heights[0])
        header, *rows = piece.cells
        head_size = self.profile.element(Style.TABLE_HEAD).size
        body_size = self.profile.element(table.style).size
        for lines in header:
            self.cell(ET.SubElement(head, "th"), lines, head_size)
        tbody = ET.SubElement(element, "tbody")
        for cells, height in zip(rows, heights[1:], strict=True):
            # Each row as tall as the paginate stage decided: whole lines of the grid.
            tr = ET.SubElement(tbody, "tr", height)
            for lines, numeric in zip(cells, table.numeric, strict=True):
                self.cell(ET.SubElement(tr, "td", {"class": "number"} if numeric else {}), lines, body_size)

    def cell(self, element, lines: tuple[str, ...], size: Length) -> None:
        # Cells are white-space: pre, like paragraphs: each line ends where decided.
        self.lines(element, lines, size)

    def lines(self, element, lines, size: Length) -> None:
        for number, text in enumerate(lines):
            if number:
                _append_text(element, "\n")
            self.runs(element, [(text, None)], size)

    def end_notes(self, body, notes: EndNotes, breaks_before: int, copy_to_lines: tuple[Line, ...]) -> None:
        """7.4: at the foot of the page (position: absolute; bottom: 0 in the CSS)."""
        for _ in range(breaks_before):
            ET.SubElement(body, "div", {"class": "page-break"})
        block = ET.SubElement(body, "div", {"class": "end-notes"})
        size = self.geometry.end_notes_size
        if notes.copy_to:
            self.lines(ET.SubElement(block, "p", {"class": "copy-to"}), [line.text for line in copy_to_lines], size)
        printed = ET.SubElement(block, "p", {"class": "printed"})
        self.runs(ET.SubElement(printed, "span", {"class": "by"}), [(notes.printed_by, None)], size)
        self.runs(ET.SubElement(printed, "span", {"class": "on"}), [(notes.printed_on, None)], size)

    def runs(self, element, runs, size: Length, base: FontRole | None = None, previous: str = "",
             bold: bool = False) -> str:
        """Append `runs` (text, face[, bold]) to `element`: a run in another face than
        `base`, or of another weight than `bold` (the element's own), gets a span, and
        LibreOffice's gap stands wherever an East Asian letter meets a Latin letter or
        digit (paginate/lines.py counted it); `previous` is the character before them on
        the line. Returns the last character written."""
        for text, font, *weight in runs:
            target = element
            attributes = {"class": font_family(font)} if font is not None and font is not base else {}
            if weight and weight[0] is not None and weight[0] != bold:
                # A run-in heading's text in the body's weight, whatever the heading's.
                attributes["style"] = f"font-weight: {'bold' if weight[0] else 'normal'}"
            if attributes:
                target = ET.SubElement(element, "span", attributes)
            start = 0
            for i, char in enumerate(text):
                if previous and script_gap(previous, char):
                    self.text(target, text[start:i])
                    ET.SubElement(target, "span", {"class": self.gap_class(size)})
                    start = i
                previous = char
            self.text(target, text[start:])
        return previous

    def text(self, element, text: str) -> None:
        if self.latin:
            _append_latin_split(element, text)
        else:
            _append_text(element, text)


def _justified(line: Line, tracking: Length, size: Length):
    """(letter spacing in thousandths of an em, pieces) spans that end the line's
    last glyph on the right edge.

    The slack goes between the characters. WeasyPrint writes each glyph's
    spacing as a whole thousandth of an em (truncated), so the spacing is
    given in whole thousandths: the n - 1 gaps share the slack's thousandths,
    the first few one more than the rest (two spans; one spacing for the whole
    line would leave the ink up to half a point off the edge, measured).
    """
    quantum = size.pt / 1000
    gaps = len(line.text) - 1
    # The width counts the tracking after the last character too; the ink does not.
    units = round((line.slack + tracking * len(line.text)).pt / quantum)
    base, wider = divmod(units, gaps)
    spans = [(base + 1, line.text[:wider]), (base, line.text[wider:])] if wider else [(base, line.text)]
    pieces = [(part.text, part.font, part.bold) for part in line.pieces]
    start = 0
    for step, text in spans:
        if text:
            yield step, _cut(pieces, start, start + len(text))
            start += len(text)


def _cut(pieces: list[tuple], start: int, end: int) -> list[tuple]:
    """The characters start:end of a line's pieces, keeping each one's face and weight."""
    found, at = [], 0
    for text, *face in pieces:
        part = text[max(start - at, 0):max(end - at, 0)]
        if part:
            found.append((part, *face))
        at += len(text)
    return found


def _rule_css(rule: Rule, geometry: Geometry) -> str:
    """The rule `gap` below the baseline; drawn in no colour for a preprinted letterhead."""
    color = f"#{rule.color}" if rule.visible else "transparent"
    return f"padding-bottom: {geometry.rule_space.css()}; border-bottom: {rule.thickness.css()} solid {color}"


_LATIN = re.compile(f"([\\u{LATIN_RANGE[0]:04x}-\\u{LATIN_RANGE[1]:04x}]+)")


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
    """Append text at the end of `element`."""
    children = list(element)
    if children:
        children[-1].tail = (children[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text
