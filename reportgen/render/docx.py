"""Stage 6a: the laid-out document as an editable DOCX (python-docx).

Every paragraph carries a named style (标题, 一级标题, …, 署名, 成文日期) that holds
its whole format, so staff can keep editing in Word or WPS without breaking it.
Positions and sizes come from the DOCX's geometry and the paginate stage's
boxes (reportgen/paginate), converted to Word's units here; all raw XML from
render/oxml.py. Lines are left to the word processor, which breaks them by the
same rules with the same faces; the paginate stage only tells it where the 版记 goes.
"""

from __future__ import annotations

import datetime as dt
import io
import os

import docx
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.shared import Twips
from docx.styles.style import StyleFactory

from reportgen.document import Document, EndNotes, Paragraph, Table
from reportgen.layout import HEADING_STYLES, Align, ElementStyle, FontRole, LayoutProfile, Style
from reportgen.paginate.geometry import Geometry
from reportgen.paginate.model import Box, EndNotesPlace, Layout, TableSlice
from reportgen.render import oxml
from reportgen.typography import PAGE_NUMBER_DASH
from reportgen.units import ZERO, Length, Pt

_ALIGN = {
    Align.LEFT: WD_ALIGN_PARAGRAPH.LEFT,
    Align.CENTER: WD_ALIGN_PARAGRAPH.CENTER,
    Align.RIGHT: WD_ALIGN_PARAGRAPH.RIGHT,
    Align.JUSTIFY: WD_ALIGN_PARAGRAPH.JUSTIFY,
}

# LibreOffice's baseline in a line of exact height (sw/source/core/text/itrform2.cxx), and
# the middle of the ideographic em box above the baseline (-0.12 to 0.88 em in Chinese faces).
_BASELINE_DOWN = 0.8
_IDEOGRAPHIC_MIDDLE = 0.38


def _rule_drift_ahead(document: Document, layout: Layout, geometry: Geometry, index: int) -> float:
    """For the issuer's mark at `index`: how much more height (pt) the DOCX's rule
    under the next 发文字号 takes than the paginate stage counted (whole points of
    spacing, eighths of width)."""
    block = document.paragraphs[index]
    if not isinstance(block, Paragraph) or block.style is not Style.ISSUER:
        return 0.0
    for after in range(index + 1, len(document.paragraphs)):
        ruled = document.paragraphs[after]
        if isinstance(ruled, Paragraph) and ruled.rule_below is not None:
            written = oxml.rule_height(ruled.rule_below.thickness, geometry.rule_space)
            return (written - layout.boxes[after].below).pt
    return 0.0


# Chinese Word and WPS show the built-in Normal and Title styles as 正文 and 标题:
# a custom style of the same name would stand twice in their style lists.
_BUILTIN = {"正文": "Normal", "标题": "Title"}
PAGE_NUMBER_STYLE = "页码"


def twips(length: Length) -> Twips:
    return Twips(length.twips)


def render_docx(document: Document, layout: Layout, geometry: Geometry, profile: LayoutProfile) -> bytes:
    doc = docx.Document()
    writer = _Writer(doc, profile, geometry)
    writer.set_defaults()
    writer.define_styles()
    writer.set_page()
    body = doc.element.body
    for paragraph in list(body.iterchildren(docx.oxml.ns.qn("w:p"))):
        body.remove(paragraph)
    for index, block in enumerate(document.paragraphs):
        if isinstance(block, Table):
            writer.table(block, _row_heights(layout, index))
        else:
            writer.paragraph(block, layout.boxes[index], _rule_drift_ahead(document, layout, geometry, index))
    if document.end_notes is not None and layout.end_notes is not None:
        writer.end_notes(document.end_notes, layout.end_notes)
    writer.neutral_unused_styles()
    _set_package(doc, document, profile)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


class _Writer:
    def __init__(self, doc, profile: LayoutProfile, geometry: Geometry):
        self.doc, self.profile, self.geometry = doc, profile, geometry
        self.styles: dict = {}
        # pt the DOCX stands below the paginate stage's layout (render/docx.py paragraph).
        self.drift = 0.0
        self.rule_given_back = False

    def set_fonts(self, rpr, role: FontRole) -> None:
        """The role's official face for CJK text; for digits and Latin too, unless the
        profile names a face of their own (e.g. Times New Roman)."""
        latin = self.profile.fonts.get(FontRole.LATIN)
        oxml.set_fonts(rpr, self.profile.fonts[role].docx_name, latin.docx_name if latin else None)

    def set_defaults(self) -> None:
        # The default template's Word 2010 stylesWithEffects part is a stale copy of
        # the styles full of theme fonts: Word 2010 would read it, so it goes.
        part = self.doc.part
        for rid, rel in list(part.rels.items()):
            if rel.reltype.endswith("/stylesWithEffects"):
                part.drop_rel(rid)
        styles_element = self.doc.styles.element
        oxml.strip_theme_fonts(styles_element)
        rpr, ppr = oxml.doc_defaults(styles_element)
        body = self.profile.element(Style.BODY)
        self.set_fonts(rpr, body.font)
        oxml.set_size(rpr, body.size)
        oxml.set_language(rpr)
        oxml.set_exact_line(ppr, self.geometry.line_pitch)
        oxml.set_flow_rules(ppr)
        oxml.set_snap_to_grid(ppr, False)

    def define_styles(self) -> None:
        doc = self.doc
        # One pass over the template's styles: python-docx's lookups by name (and
        # add_style, which looks first) walk them all each time, 38 ms a document.
        existing = {style.name: style for style in doc.styles}
        normal = existing["Normal"]
        for kind, spec in self.profile.elements.items():
            name = _BUILTIN.get(spec.docx_name, spec.docx_name)
            if name in existing:
                # The template's built-in styles carry colours, borders and theme
                # fonts of their own: start them from nothing.
                style = existing[name]
                oxml.clear_formatting(style.element)
            else:
                style = StyleFactory(oxml.add_paragraph_style(doc.styles.element, name))
                style.base_style = normal
            style.quick_style = True
            if name != "Normal":
                style.next_paragraph_style = normal
            self.format_style(style, spec)
            if kind in HEADING_STYLES:
                oxml.set_outline_level(oxml.paragraph_properties(style), HEADING_STYLES.index(kind))
            self.styles[kind] = style
        page_number = StyleFactory(oxml.add_paragraph_style(doc.styles.element, PAGE_NUMBER_STYLE))
        page_number.base_style = normal
        self.format_page_number_style(page_number)
        self.styles[PAGE_NUMBER_STYLE] = page_number

    def format_style(self, style, spec: ElementStyle) -> None:
        geometry = self.geometry
        rpr = oxml.style_run_properties(style)
        self.set_fonts(rpr, spec.font)
        oxml.set_size(rpr, spec.size)
        oxml.set_bold(rpr, spec.bold)
        # 5.2.3: 28 characters a line; only 三号 text gives up width.
        oxml.set_char_spacing(rpr, geometry.tracking_for(spec.size))
        oxml.set_language(rpr)
        if spec.color:
            oxml.set_color(rpr, spec.color)
        fmt = style.paragraph_format
        fmt.alignment = _ALIGN[spec.align]
        fmt.first_line_indent = twips(geometry.char(spec.size) * spec.first_line_chars)
        fmt.left_indent = Twips(0)
        fmt.right_indent = Twips(0)
        fmt.space_before = Twips(0)
        fmt.space_after = Twips(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = twips(spec.line_pitch or geometry.line_pitch)
        fmt.widow_control = False
        oxml.set_flow_rules(oxml.paragraph_properties(style))
        # Off the line grid: snapped to it, LibreOffice centres each line's glyphs in
        # its grid row, so a line with Times New Roman digits sat 0.75 pt off the
        # others (28.20 / 29.70 pt apart); with the exact pitch alone every baseline
        # stands 80% down its line (docs/libreoffice.md).
        oxml.set_snap_to_grid(oxml.paragraph_properties(style), False)

    def neutral_unused_styles(self) -> None:
        """The template's styles the report does not use lose their colours."""
        used = {style.element for style in self.styles.values()}
        for style in self.doc.styles:
            if style.element not in used:
                oxml.neutral_style(style.element)

    def format_page_number_style(self, style) -> None:
        rpr = oxml.style_run_properties(style)
        self.set_fonts(rpr, FontRole.SONGTI)
        oxml.set_size(rpr, self.geometry.page_number_size)
        oxml.set_char_spacing(rpr, ZERO)
        fmt = style.paragraph_format
        fmt.first_line_indent = Twips(0)
        fmt.space_before = Twips(0)
        fmt.space_after = Twips(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        # Off the line grid: the footer is not a line of the type area.
        oxml.set_snap_to_grid(oxml.paragraph_properties(style), False)

    def set_page(self) -> None:
        geometry = self.geometry
        section = self.doc.sections[0]
        section.start_type = WD_SECTION.NEW_PAGE
        section.page_width = twips(geometry.page_width)
        section.page_height = twips(geometry.page_height)
        section.top_margin = twips(geometry.margin_top)
        section.bottom_margin = twips(geometry.margin_bottom)
        section.left_margin = twips(geometry.margin_left)
        section.right_margin = twips(geometry.margin_right)
        section.gutter = Twips(0)
        section.header_distance = twips(geometry.header_distance)
        section.footer_distance = twips(geometry.page_number_drop)
        # 5.2.3's 22 lines as Word's line grid, when they fill the type area: a grid of
        # another pitch LibreOffice centres in the type area, lowering every line
        # (3.8 mm at 28 pt).
        lines = self.profile.lines_per_page  # the lines the pages are filled with
        fills = abs(geometry.type_height.pt - lines * geometry.line_pitch.pt) < 1
        oxml.set_doc_grid(section._sectPr, geometry.line_pitch if fills else None)
        # 7.5: odd pages carry the number at the right, even pages at the left. Without
        # evenAndOddHeaders Word silently ignores the even footer (pitfalls, python-docx 3).
        self.doc.settings.odd_and_even_pages_header_footer = True
        self.page_number_footer(section.footer, geometry.page_number_odd)
        self.page_number_footer(section.even_page_footer, geometry.page_number_even)

    def page_number_footer(self, footer, align: Align) -> None:
        geometry = self.geometry
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = PAGE_NUMBER_STYLE
        paragraph.alignment = _ALIGN[align]
        # One character in from the edge the number stands at; none when centred.
        inset = twips(geometry.page_number_inset)
        paragraph.paragraph_format.left_indent = inset if align is Align.LEFT else Twips(0)
        paragraph.paragraph_format.right_indent = inset if align is Align.RIGHT else Twips(0)
        # "— N —" [7.5]. Every run, the field's result included, carries 宋体 14 pt
        # itself: without it LibreOffice drew the number at the body's 16 pt
        # (pitfalls, python-docx 2).
        rpr = oxml.new_run_properties()
        self.set_fonts(rpr, FontRole.SONGTI)
        oxml.set_size(rpr, geometry.page_number_size)
        oxml.set_char_spacing(rpr, ZERO)
        oxml.add_text_run(paragraph, f"{PAGE_NUMBER_DASH} ", rpr)
        oxml.add_page_field(paragraph, rpr)
        oxml.add_text_run(paragraph, f" {PAGE_NUMBER_DASH}", rpr)

    def paragraph(self, paragraph: Paragraph, box: Box, rule_ahead: float = 0.0) -> None:
        geometry = self.geometry
        p = self.add_paragraph(paragraph.style)
        fmt = p.paragraph_format
        ruled = paragraph.rule_below is not None
        if ruled:
            # 7.2.5: the rule spans the type area, so the paragraph does too (a border
            # runs between the paragraph's indents); its text stands one character in
            # at a tab stop instead of an indent.
            p.add_run("\t")
            fmt.tab_stops.add_tab_stop(twips(box.left), WD_TAB_ALIGNMENT.LEFT)
        for run in paragraph.runs:
            self.add_run(p, run.text, run.font, run.bold)
        if paragraph.right:
            # What stands at the right (签发人), against a right tab stop one character in.
            p.add_run("\t")
            for run in paragraph.right:
                self.add_run(p, run.text, run.font)
            fmt.tab_stops.add_tab_stop(twips(geometry.type_width - box.right), WD_TAB_ALIGNMENT.RIGHT)
        if paragraph.keep_with_next:
            fmt.keep_with_next = True
        if paragraph.widow_control:
            fmt.widow_control = True
        if paragraph.page_break_before:
            fmt.page_break_before = True
        size = paragraph.size
        if paragraph.space_before:
            # LibreOffice sets a large mark lower in its line than WeasyPrint (calibration);
            # the blank line below gives the difference back.
            extra = geometry.issuer_extra_space(size) if paragraph.style is Style.ISSUER and size else ZERO
            fmt.space_before = twips(paragraph.space_before + extra)
            # The 版头's rule adds its own difference below the 发文字号: the blank line
            # between the mark and the 发文字号 gives both back (the 版头 ends there).
            self.drift += extra.pt + rule_ahead
            self.rule_given_back = True
        if paragraph.invisible:
            # Printed paper already carries it: white ink keeps its place and shows nothing.
            for run in p.runs:
                oxml.set_color(oxml.run_properties(run), "FFFFFF")
        if size:
            for run in p.runs:
                oxml.set_size(oxml.run_properties(run), size)
            fmt.line_spacing = twips(size)
        if ruled:
            rule = paragraph.rule_below
            written = oxml.set_rule_below(oxml.paragraph_properties(p), rule.color if rule.visible else "FFFFFF",
                                          rule.thickness, geometry.rule_space)
            if not self.rule_given_back:
                self.drift += (written - box.below).pt
            self.rule_given_back = False
        elif paragraph.placement is not None or paragraph.right:
            fmt.alignment = _ALIGN[box.align]
            fmt.first_line_indent = twips(box.first_line)
            fmt.left_indent = twips(box.left)
            fmt.right_indent = twips(box.right)
        if paragraph.style is Style.BLANK and abs(self.drift) >= 0.05 and self.drift < geometry.line_pitch.pt:
            # The space the 版头 took beyond what the pages were filled with comes off
            # this blank line, so every line after it stands where the paginate stage put it.
            fmt.line_spacing = twips(geometry.line_pitch - Pt(self.drift))
            self.drift = 0.0

    def add_paragraph(self, style: Style):
        """A new paragraph of `style`. (python-docx's add_paragraph(style=…) looks the
        style up among all 160 of the template's for every paragraph: named by id here.)"""
        p = self.doc.add_paragraph()
        oxml.set_paragraph_style(p, self.styles[style].style_id)
        return p

    def add_run(self, p, text: str, font: FontRole | None, bold: bool | None = None) -> None:
        run = p.add_run(text)
        if font is not None:
            self.set_fonts(oxml.run_properties(run), font)
        if bold is not None:
            # A run-in heading's text after its "。" in the body's weight, whatever the heading's.
            oxml.set_bold(oxml.run_properties(run), bold)

    def end_notes(self, notes: EndNotes, place: EndNotesPlace) -> None:
        """7.4: a one-column table of the 版记's lines between its rules, in a text box
        anchored to the foot of the type area, on the page the paginate stage chose.
        (LibreOffice ignores paragraph frames and floating tables anchored to the
        bottom margin; it honours a DrawingML text box, as Word does.)"""
        doc, geometry, styles = self.doc, self.geometry, self.styles
        for _ in range(place.breaks_before):
            self.add_paragraph(Style.BLANK).paragraph_format.page_break_before = True
        # On the text's own last page the text box hangs from its last paragraph: an
        # empty paragraph of its own there would need a line of room, and LibreOffice
        # moved it (and the 版记) to a new page when the paragraphs before were kept together.
        last = doc.paragraphs[-1] if doc.paragraphs else None
        blocks = list(doc.element.body.iterchildren(docx.oxml.ns.qn("w:p"), docx.oxml.ns.qn("w:tbl")))
        if place.breaks_before == 0 and last is not None and blocks and blocks[-1] is last._p:
            anchor = last
        else:
            anchor = self.add_paragraph(Style.BLANK)
        width = geometry.type_width
        inset = geometry.end_notes_inset
        texts = [notes.copy_to] if notes.copy_to else []
        texts.append(f"{notes.printed_by}\t{notes.printed_on}")
        grid = doc.add_table(rows=len(texts), cols=1)
        outer, inner = geometry.end_notes_outer_rule, geometry.end_notes_inner_rule
        oxml.format_table(grid._tbl, [width], ZERO, {"top": outer, "bottom": outer, "insideH": inner})
        # Each row its lines' pitch: the rules between them make the 版记 as high as the
        # paginate stage counted it (its lines and rules).
        row_lines = [len(place.copy_to_lines), 1] if notes.copy_to else [1]
        for row, text, lines in zip(grid.rows, texts, row_lines, strict=True):
            height = geometry.line_pitch * lines
            oxml.set_row_height(row._tr, height)
            paragraph = row.cells[0].paragraphs[0]
            oxml.set_paragraph_style(paragraph, styles[Style.END_NOTES].style_id)
            run = paragraph.add_run(text)
            fmt = paragraph.paragraph_format
            # 7.4: each line in the middle between its rules. LibreOffice sets a line's
            # baseline 80% down an exact line; the ideographic em box's middle stands
            # 0.38 em above the baseline: raise the text by the difference.
            oxml.set_position(oxml.run_properties(run), geometry.line_pitch * (_BASELINE_DOWN - 0.5)
                              - geometry.end_notes_size * _IDEOGRAPHIC_MIDDLE)
            fmt.right_indent = twips(inset)
            if text is notes.copy_to:
                # Names wrap under the first one, after "抄送：".
                fmt.left_indent = twips(inset + geometry.end_notes_hang)
                fmt.first_line_indent = twips(-geometry.end_notes_hang)
            else:
                fmt.left_indent = twips(inset)
                fmt.tab_stops.add_tab_stop(twips(width - inset), WD_TAB_ALIGNMENT.RIGHT)
        # A text box cannot end in a table: a closing empty paragraph, one point high.
        closing = self.add_paragraph(Style.END_NOTES)
        closing.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        closing.paragraph_format.line_spacing = twips(Pt(1))
        oxml.set_snap_to_grid(oxml.paragraph_properties(closing), False)
        # As high as the paginate stage counted the 版记 (its lines and rules), and the closing paragraph.
        oxml.text_box_at_foot(anchor._p, [grid._tbl, closing._p], width, place.height + Pt(1))

    def table(self, table: Table, heights: dict[int, Length] | None = None) -> None:
        """A full-width table whose header row repeats on every page it crosses, each
        row as tall as the paginate stage decided (whole lines of the grid)."""
        geometry, styles = self.geometry, self.styles
        grid = self.doc.add_table(rows=1 + len(table.rows), cols=len(table.header))
        columns = [geometry.type_width * share for share in table.widths]
        rule = geometry.table_rule
        # In Word 2013's mode (compatibilityMode 15, oxml.set_settings) neither Word nor
        # LibreOffice hangs the left rule out by the cell padding any more: no indent,
        # or the table stands 3 pt right of the PDF's (measured).
        oxml.format_table(grid._tbl, columns, geometry.table_padding, dict.fromkeys(
            ("top", "left", "bottom", "right", "insideH", "insideV"), rule))
        for row_index, values in enumerate((table.header, *table.rows)):
            row = grid.rows[row_index]
            oxml.keep_row_together(row._tr, header=row_index == 0)
            if heights and row_index - 1 in heights:
                oxml.set_row_height(row._tr, heights[row_index - 1], rule="atLeast")
            style = styles[Style.TABLE_HEAD if row_index == 0 else table.style]
            for cell, text, numeric in zip(row.cells, values, table.numeric, strict=True):
                oxml.centre_cell_vertically(cell._tc)
                paragraph = cell.paragraphs[0]
                oxml.set_paragraph_style(paragraph, style.style_id)
                if row_index and numeric:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                paragraph.add_run(text)


def _row_heights(layout: Layout, block: int) -> dict[int, Length]:
    """Each row's height (-1: the header) as the paginate stage decided it."""
    heights: dict[int, Length] = {}
    for page in layout.pages:
        for piece in page.slices:
            if isinstance(piece, TableSlice) and piece.block == block and piece.heights:
                heights[-1] = Pt(piece.heights[0])
                heights.update((row, Pt(h)) for row, h in zip(piece.rows, piece.heights[1:], strict=True))
    return heights


# How Word and WPS should stand in for an official face they lack: an alternative
# name and the font table's panose, family and pitch of a Chinese face of that kind.
_FONT_KIND = {
    FontRole.FANGSONG: ("仿宋", "02010609060101010101", "modern", "fixed"),
    FontRole.KAITI: ("楷体", "02010609060101010101", "modern", "fixed"),
    FontRole.HEITI: ("黑体", "02010609060101010101", "modern", "fixed"),
    FontRole.SONGTI: ("宋体", "02010600030101010101", "auto", "variable"),
    FontRole.XIAOBIAOSONG: ("宋体", "02010600030101010101", "auto", "variable"),
}


def _set_package(doc, document: Document, profile: LayoutProfile) -> None:
    """A clean package: Word 2013+ mode, Chinese theme language, a font table that
    names each official face with a stand-in, docProps naming reportgen with no
    stale counts and no thumbnail, and core properties of the report."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.part import Part

    oxml.set_settings(doc.settings.element)
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rid]
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            old = rel.target_part
            del package.rels[rid]
            app = oxml.app_properties_xml("reportgen", document.office)
            package.relate_to(Part(old.partname, old.content_type, app, package), RT.EXTENDED_PROPERTIES)
    fonts = []
    for role, face in profile.fonts.items():
        if role in _FONT_KIND:
            alt, panose, family, pitch = _FONT_KIND[role]
            fonts.append((face.docx_name, alt if alt != face.docx_name else "", panose, family, pitch))
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype == RT.FONT_TABLE:
            old = rel.target_part
            doc.part.drop_rel(rid)
            doc.part.relate_to(Part(old.partname, old.content_type, oxml.font_table_xml(old.blob, fonts), package),
                               RT.FONT_TABLE)
    _set_properties(doc, document)


def _created() -> dt.datetime:
    """The build time, or SOURCE_DATE_EPOCH's for a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).replace(tzinfo=None)
    return dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)


def _set_properties(doc, document: Document) -> None:
    props = doc.core_properties
    props.title = document.title
    props.author = document.office
    props.last_modified_by = document.office
    props.language = "zh-CN"
    props.comments = ""
    props.keywords = f"{document.year}年工作总结"
    props.subject = f"{document.year}年工作总结和{document.year + 1}年工作打算"
    now = _created()
    props.created = now
    props.modified = now
    props.revision = 1
