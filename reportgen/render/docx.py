"""Stage 5a: the document model as an editable DOCX (python-docx).

Every paragraph carries a named style (标题, 一级标题, …, 署名, 成文日期) that holds
its whole format, so staff can keep editing in Word or WPS without breaking it.
All numbers come from the layout profile; all raw XML from render/oxml.py.
"""

from __future__ import annotations

import datetime as dt
import io

import docx
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.shared import Mm, Pt, Twips

from reportgen.document import Document, EndNotes, Paragraph, Table
from reportgen.layout import HEADING_STYLES, Align, FontRole, LayoutProfile, Style, mm_to_pt, pt_to_twips
from reportgen.render import oxml

_ALIGN = {
    Align.LEFT: WD_ALIGN_PARAGRAPH.LEFT,
    Align.CENTER: WD_ALIGN_PARAGRAPH.CENTER,
    Align.RIGHT: WD_ALIGN_PARAGRAPH.RIGHT,
    Align.JUSTIFY: WD_ALIGN_PARAGRAPH.JUSTIFY,
}

# Chinese Word and WPS show the built-in Normal and Title styles as 正文 and 标题:
# a custom style of the same name would stand twice in their style lists.
_BUILTIN = {"正文": "Normal", "标题": "Title"}
PAGE_NUMBER_STYLE = "页码"


def render_docx(document: Document, profile: LayoutProfile) -> bytes:
    doc = docx.Document()
    _set_defaults(doc, profile)
    styles = _define_styles(doc, profile)
    _set_page(doc, profile)
    body = doc.element.body
    for paragraph in list(body.iterchildren(docx.oxml.ns.qn("w:p"))):
        body.remove(paragraph)
    for block in document.paragraphs:
        if isinstance(block, Table):
            _add_table(doc, block, styles, profile)
        else:
            _add_paragraph(doc, block, styles, profile)
    if document.end_notes is not None:
        _add_end_notes(doc, document.end_notes, styles, profile)
    _set_properties(doc, document)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _set_fonts(rpr, profile: LayoutProfile, role: FontRole) -> None:
    """The role's official face for CJK text; for digits and Latin too, unless the
    profile names a face of their own (e.g. Times New Roman)."""
    latin = profile.fonts.get(FontRole.LATIN)
    oxml.set_fonts(rpr, profile.fonts[role].docx_name, latin.docx_name if latin else None)


def _set_defaults(doc, profile: LayoutProfile) -> None:
    # The default template's Word 2010 stylesWithEffects part is a stale copy of
    # the styles full of theme fonts: Word 2010 would read it, so it goes.
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rid)
    styles_element = doc.styles.element
    oxml.strip_theme_fonts(styles_element)
    rpr, ppr = oxml.doc_defaults(styles_element)
    body = profile.element(Style.BODY)
    _set_fonts(rpr, profile, body.font)
    oxml.set_size(rpr, body.size_pt)
    oxml.set_language(rpr)
    oxml.set_exact_line(ppr, pt_to_twips(profile.line_pitch_pt))
    oxml.set_flow_rules(ppr)


def _define_styles(doc, profile: LayoutProfile) -> dict[Style, object]:
    styles = {}
    normal = doc.styles["Normal"]
    for kind, spec in profile.elements.items():
        name = _BUILTIN.get(spec.docx_name, spec.docx_name)
        if name in [s.name for s in doc.styles]:
            # The template's built-in styles carry colours, borders and theme
            # fonts of their own: start them from nothing.
            style = doc.styles[name]
            oxml.clear_formatting(style.element)
        else:
            style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = normal
        style.quick_style = True
        if name != "Normal":
            style.next_paragraph_style = normal
        _format_style(style, spec, profile)
        if kind in HEADING_STYLES:
            oxml.set_outline_level(oxml.paragraph_properties(style), HEADING_STYLES.index(kind))
        styles[kind] = style
    page_number = doc.styles.add_style(PAGE_NUMBER_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    page_number.base_style = normal
    _format_page_number_style(page_number, profile)
    styles[PAGE_NUMBER_STYLE] = page_number
    return styles


def _format_style(style, spec, profile: LayoutProfile) -> None:
    rpr = oxml.style_run_properties(style)
    _set_fonts(rpr, profile, spec.font)
    oxml.set_size(rpr, spec.size_pt)
    oxml.set_bold(rpr, spec.bold)
    # 5.2.3: 28 characters a line; only 三号 text needs to give up the extra width.
    spacing = profile.docx_char_spacing_twentieths if spec.size_pt == profile.body_size_pt else 0
    oxml.set_char_spacing(rpr, spacing)
    oxml.set_language(rpr)
    if spec.color:
        oxml.set_color(rpr, spec.color)
    fmt = style.paragraph_format
    fmt.alignment = _ALIGN[spec.align]
    fmt.first_line_indent = Twips(_chars_to_twips(profile, spec.first_line_chars))
    fmt.left_indent = Twips(0)
    fmt.right_indent = Twips(0)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Twips(pt_to_twips(spec.line_pitch_pt or profile.line_pitch_pt))
    fmt.widow_control = False
    oxml.set_flow_rules(oxml.paragraph_properties(style))
    if spec.line_pitch_pt is not None:
        # Off the page's line grid (table cells): LibreOffice would snap them to it.
        oxml.set_snap_to_grid(oxml.paragraph_properties(style), False)


def _format_page_number_style(style, profile: LayoutProfile) -> None:
    rpr = oxml.style_run_properties(style)
    _set_fonts(rpr, profile, FontRole.SONGTI)
    oxml.set_size(rpr, profile.page_number_size_pt)
    oxml.set_char_spacing(rpr, 0)
    fmt = style.paragraph_format
    fmt.first_line_indent = Twips(0)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE


def _chars_to_twips(profile: LayoutProfile, chars: float) -> int:
    return pt_to_twips(chars * profile.char_advance_pt("docx"))


def _set_page(doc, profile: LayoutProfile) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width = Mm(profile.page_width_mm)
    section.page_height = Mm(profile.page_height_mm)
    section.top_margin = Mm(profile.margin_top_mm)
    section.bottom_margin = Mm(profile.margin_bottom_mm)
    section.left_margin = Mm(profile.margin_left_mm)
    section.right_margin = Mm(profile.margin_right_mm)
    section.gutter = Mm(0)
    section.header_distance = Mm(profile.docx_header_distance_mm)
    section.footer_distance = Mm(profile.docx_footer_distance_mm)
    oxml.set_doc_grid(section._sectPr, pt_to_twips(profile.line_pitch_pt))
    # 7.5: odd pages carry the number at the right, even pages at the left. Without
    # evenAndOddHeaders Word silently ignores the even footer (pitfalls, python-docx 3).
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number_footer(section.footer, profile, profile.page_number_odd)
    _page_number_footer(section.even_page_footer, profile, profile.page_number_even)


def _page_number_footer(footer, profile: LayoutProfile, align: Align) -> None:
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.style = PAGE_NUMBER_STYLE
    paragraph.alignment = _ALIGN[align]
    # One character in from the edge the number stands at; none when centred.
    indent = Twips(pt_to_twips(profile.page_number_indent_chars * profile.page_number_size_pt))
    paragraph.paragraph_format.left_indent = indent if align is Align.LEFT else Twips(0)
    paragraph.paragraph_format.right_indent = indent if align is Align.RIGHT else Twips(0)
    # "— N —": a full-width dash each side, half-width spaces between [7.5].
    # Every run, the field's result included, carries 宋体 14 pt itself: without it
    # LibreOffice drew the number at the body's 16 pt (pitfalls, python-docx 2).
    rpr = oxml.new_run_properties()
    _set_fonts(rpr, profile, FontRole.SONGTI)
    oxml.set_size(rpr, profile.page_number_size_pt)
    oxml.set_char_spacing(rpr, 0)
    oxml.add_text_run(paragraph, "\u2014 ", rpr)
    oxml.add_page_field(paragraph, rpr)
    oxml.add_text_run(paragraph, " \u2014", rpr)


def _add_paragraph(doc, paragraph: Paragraph, styles, profile: LayoutProfile) -> None:
    p = doc.add_paragraph(style=styles[paragraph.style])
    for run in paragraph.runs:
        r = p.add_run(run.text)
        if run.font is not None:
            _set_fonts(oxml.run_properties(r), profile, run.font)
    if paragraph.keep_with_next:
        p.paragraph_format.keep_with_next = True
    if paragraph.page_break_before:
        p.paragraph_format.page_break_before = True
    if paragraph.space_before_pt:
        # LibreOffice sets the 36 pt issuer's mark lower in its line than WeasyPrint.
        shift = profile.docx_issuer_extra_space_pt if paragraph.style is Style.ISSUER else 0
        p.paragraph_format.space_before = Pt(paragraph.space_before_pt + shift)
    if paragraph.invisible:
        # Printed paper already carries it: white ink keeps its place and shows nothing.
        for run in p.runs:
            oxml.set_color(oxml.run_properties(run), "FFFFFF")
    if paragraph.size_pt:
        for run in p.runs:
            oxml.set_size(oxml.run_properties(run), paragraph.size_pt)
        p.paragraph_format.line_spacing = Twips(pt_to_twips(paragraph.size_pt))
    if paragraph.rule_below is not None:
        rule = paragraph.rule_below
        thickness = mm_to_pt(rule.thickness_mm)
        # w:space counts from the line's box, in whole points.
        space = mm_to_pt(rule.gap_mm) - profile.docx_baseline_to_line_bottom_pt - thickness / 2
        oxml.set_rule_below(oxml.paragraph_properties(p), rule.color if rule.visible else "FFFFFF",
                            round(thickness * 8), max(round(space), 0))
    if any("\t" in run.text for run in paragraph.runs):
        # What follows the tab stands at the right, one character in (签发人).
        inset = Twips(_chars_to_twips(profile, profile.header_indent_chars))
        p.paragraph_format.right_indent = inset
        p.paragraph_format.tab_stops.add_tab_stop(
            Twips(pt_to_twips(profile.type_width_pt)) - inset, WD_TAB_ALIGNMENT.RIGHT
        )
    if paragraph.placement is not None:
        fmt, placement = p.paragraph_format, paragraph.placement
        indent = Twips(_chars_to_twips(profile, placement.chars))
        fmt.alignment = _ALIGN[placement.edge]
        fmt.first_line_indent = Twips(_chars_to_twips(profile, placement.first_line))
        fmt.left_indent = indent if placement.edge is Align.LEFT else Twips(0)
        fmt.right_indent = indent if placement.edge is Align.RIGHT else Twips(0)


def _add_end_notes(doc, notes: EndNotes, styles, profile: LayoutProfile) -> None:
    """7.4: a one-column table of the 版记's lines between its rules, in a text box
    anchored to the foot of the type area, on the page the layout chose.
    (LibreOffice ignores paragraph frames and floating tables anchored to the
    bottom margin; it honours a DrawingML text box, as Word does.)"""
    for _ in range(notes.breaks_before):
        doc.add_paragraph(style=styles[Style.BLANK]).paragraph_format.page_break_before = True
    anchor = doc.add_paragraph(style=styles[Style.BLANK])
    width = pt_to_twips(profile.type_width_pt)
    char = pt_to_twips(profile.end_notes_size_pt)
    inset = round(profile.end_notes_indent_chars * char)
    texts = [notes.copy_to] if notes.copy_to else []
    texts.append(f"{notes.printed_by}\t{notes.printed_on}")
    grid = doc.add_table(rows=len(texts), cols=1)
    outer = round(mm_to_pt(profile.end_notes_outer_rule_mm) * 8)  # eighths of a point
    inner = round(mm_to_pt(profile.end_notes_inner_rule_mm) * 8)
    oxml.format_table(grid._tbl, [width], 0, {"top": outer, "bottom": outer, "insideH": inner})
    # Rows a little under the grid's pitch leave room for the rules, so the table
    # ends on the page's last grid line instead of spilling onto the next page.
    rules_pt = mm_to_pt(2 * profile.end_notes_outer_rule_mm + (len(texts) - 1) * profile.end_notes_inner_rule_mm)
    # The copy-to list takes the lines the layout found for it; the printed line one.
    row_lines = [max(notes.lines - 1, 1), 1] if notes.copy_to else [notes.lines]
    for row, text, lines in zip(grid.rows, texts, row_lines, strict=True):
        oxml.set_row_height(row._tr, pt_to_twips(lines * profile.line_pitch_pt - rules_pt / len(texts)) - 10)
        paragraph = row.cells[0].paragraphs[0]
        paragraph.style = styles[Style.END_NOTES]
        paragraph.add_run(text)
        fmt = paragraph.paragraph_format
        fmt.right_indent = Twips(inset)
        if text is notes.copy_to:
            # Names wrap under the first one, after "抄送：" (three characters).
            fmt.left_indent = Twips(inset + 3 * char)
            fmt.first_line_indent = Twips(-3 * char)
        else:
            fmt.left_indent = Twips(inset)
            fmt.tab_stops.add_tab_stop(Twips(width - inset), WD_TAB_ALIGNMENT.RIGHT)
    # A text box cannot end in a table: a closing empty paragraph, one point high.
    closing = doc.add_paragraph(style=styles[Style.END_NOTES])
    closing.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    closing.paragraph_format.line_spacing = Pt(1)
    oxml.set_snap_to_grid(oxml.paragraph_properties(closing), False)
    height_pt = notes.lines * profile.line_pitch_pt + mm_to_pt(2 * profile.end_notes_outer_rule_mm)
    oxml.text_box_at_foot(anchor._p, [grid._tbl, closing._p], pt_to_emu(profile.type_width_pt), pt_to_emu(height_pt))


def _add_table(doc, table: Table, styles, profile: LayoutProfile) -> None:
    """A full-width table whose header row repeats on every page it crosses."""
    grid = doc.add_table(rows=1 + len(table.rows), cols=len(table.header))
    width = pt_to_twips(profile.type_width_pt)
    columns = [round(width * share) for share in table.widths]
    padding = pt_to_twips(profile.table_cell_padding_pt)
    rule = round(profile.table_rule_pt * 8)
    # LibreOffice (and Word before 2013) hang the table's left rule out by the
    # cell padding so the text lines up with the margin; indent it back in.
    oxml.format_table(grid._tbl, columns, padding, dict.fromkeys(
        ("top", "left", "bottom", "right", "insideH", "insideV"), rule), indent_twips=padding)
    for row_index, values in enumerate((table.header, *table.rows)):
        row = grid.rows[row_index]
        oxml.keep_row_together(row._tr, header=row_index == 0)
        for cell, text, numeric in zip(row.cells, values, table.numeric, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.style = styles[Style.TABLE_HEAD if row_index == 0 else Style.TABLE_TEXT]
            if row_index and numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.add_run(text)


def pt_to_emu(pt: float) -> int:
    return round(pt * 12700)


def _set_properties(doc, document: Document) -> None:
    props = doc.core_properties
    props.title = document.title
    props.author = document.office
    props.last_modified_by = document.office
    props.language = "zh-CN"
    props.comments = ""
    props.keywords = f"{document.year}年工作总结"
    props.subject = f"{document.year}年工作总结和{document.year + 1}年工作打算"
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    props.created = now
    props.modified = now
    props.revision = 1
