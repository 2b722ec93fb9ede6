"""All raw OOXML that python-docx has no API for, in one place.

As python-docx keeps its `oxml` layer apart from the friendly API, the DOCX
renderer calls only these helpers when it must touch XML: East Asian fonts,
theme-font removal, exact line pitch, character spacing, the document grid,
odd/even footers and PAGE fields.
"""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reportgen.units import ZERO, Length

# Theme font attributes win over explicit names in Word; python-docx's default
# template uses them everywhere, so they are all removed (pitfalls, python-docx 1).
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


# Word rejects a document whose property elements are out of schema order, and
# python-docx knows the order of only some of them: these are the schema's.
_ORDER = {
    qn("w:rPr"): [
        "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
        "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish",
        "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight",
        "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
        "eastAsianLayout", "specVanish", "oMath",
    ],
    qn("w:pPr"): [
        "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
        "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
        "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN",
        "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
        "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
        "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
    ],
    qn("w:sectPr"): [
        "headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz",
        "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt",
        "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid",
        "printerSettings", "sectPrChange",
    ],
    qn("w:docDefaults"): ["rPrDefault", "pPrDefault"],
}


def add_paragraph_style(styles, name: str):
    """A new custom paragraph style `name` in the styles part (`w:styles`). What
    python-docx's Styles.add_style does, without first looking `name` up through
    every style (the caller knows it is new)."""
    return styles.add_style_of_type(name, WD_STYLE_TYPE.PARAGRAPH, False)


def _child(parent, tag: str):
    """The first child `tag` of `parent`, created in its schema position if absent."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    element = OxmlElement(tag)
    order = _ORDER.get(parent.tag)
    if order is None:
        parent.append(element)
        return element
    rank = order.index(tag.split(":")[1])
    for index, sibling in enumerate(parent):
        name = sibling.tag.rsplit("}", 1)[-1]
        if name in order and order.index(name) > rank:
            parent.insert(index, element)
            return element
    parent.append(element)
    return element


def strip_theme_fonts(root) -> None:
    """Remove every *Theme font attribute below `root` (styles.xml, docDefaults)."""
    for rfonts in root.iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            rfonts.attrib.pop(qn(attr), None)


def clear_formatting(style_element) -> None:
    """Drop a style's own paragraph and run properties."""
    for tag in ("w:pPr", "w:rPr"):
        for element in style_element.findall(qn(tag)):
            style_element.remove(element)


def set_fonts(rpr, face: str, latin: str | None = None) -> None:
    """Name `face` for East Asian text and, unless `latin` is given, for every other
    script too; route CJK punctuation to the East Asian face.

    `w:hint="eastAsia"` makes “”—… (ambiguous-width characters) take the East
    Asian face instead of the Latin one.
    """
    rfonts = _child(rpr, "w:rFonts")
    for attr in _THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:eastAsia"), face)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), latin or face)
    rfonts.set(qn("w:hint"), "eastAsia")


def set_size(rpr, size: Length) -> None:
    half_points = str(size.half_points)
    _child(rpr, "w:sz").set(qn("w:val"), half_points)
    _child(rpr, "w:szCs").set(qn("w:val"), half_points)


def set_bold(rpr, bold: bool) -> None:
    for tag in ("w:b", "w:bCs"):
        _child(rpr, tag).set(qn("w:val"), "1" if bold else "0")


def set_char_spacing(rpr, spacing: Length) -> None:
    """Character spacing, in twentieths of a point (negative condenses)."""
    _child(rpr, "w:spacing").set(qn("w:val"), str(spacing.twips))


def set_position(rpr, raised: Length) -> None:
    """Raise (negative: lower) the text from its baseline, in half-points."""
    _child(rpr, "w:position").set(qn("w:val"), str(raised.half_points))


def set_language(rpr) -> None:
    """Chinese for East Asian text. Latin text and digits keep a Western language:
    with zh-CN there, LibreOffice broke lines inside numbers ("2 / 1批")."""
    lang = _child(rpr, "w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def set_exact_line(ppr, pitch: Length) -> None:
    """Exact line pitch, no space before or after: every line sits on the grid."""
    spacing = _child(ppr, "w:spacing")
    spacing.set(qn("w:before"), "0")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(pitch.twips))
    spacing.set(qn("w:lineRule"), "exact")


def set_flow_rules(ppr) -> None:
    """How lines break, as the paginate stage breaks them (docs/libreoffice.md has
    the measurements):

    - no widow/orphan control: it would leave 21-line pages;
    - kinsoku on (禁则);
    - no punctuation hanging past the type area. LibreOffice reads
      w:overflowPunct inverted (writerfilter: ParaIsHangingPunctuation = val == 0),
      so "0" made it hang marks outside the type area, or drop them from the page
      when the characters are condensed; "1" is the value it honours. Word reads
      the value as written and may hang a closing mark at a line's end;
    - the gap between Chinese and Latin letters or digits: LibreOffice ignores
      w:autoSpaceDE/DN and always sets a fifth of the font size, which the
      paginate stage and the PDF set too; "1" (Word's default) asks Word for its own.
    """
    for tag, value in (
        ("w:widowControl", "0"),
        ("w:kinsoku", "1"),
        ("w:overflowPunct", "1"),
        ("w:autoSpaceDE", "1"),
        ("w:autoSpaceDN", "1"),
    ):
        _child(ppr, tag).set(qn("w:val"), value)


_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"


def text_box_at_foot(anchor_p, content: list, width: Length, height: Length) -> None:
    """Move `content` (body elements) into a text box anchored in `anchor_p`,
    centred on the type area, its foot on the type area's foot, no border, no inset."""
    from lxml import etree

    width_emu, height_emu = width.emu, height.emu

    xml = (
        f'<w:r xmlns:w="{qn("w:r").split("}")[0][1:]}" xmlns:wp="{_WP}" xmlns:a="{_A}" xmlns:wps="{_WPS}">'
        '<w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="251659264"'
        ' behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
        '<wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV>'
        f'<wp:extent cx="{width_emu}" cy="{height_emu}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        '<wp:wrapTopAndBottom/><wp:docPr id="4001" name="版记"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr>'
        f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{width_emu}" cy="{height_emu}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>'
        '<wps:txbx><w:txbxContent/></wps:txbx>'
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="b">'
        '<a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>'
    )
    run = etree.fromstring(xml)
    box = run.find(f".//{qn('w:txbxContent')}")
    for element in content:
        element.getparent().remove(element)
        box.append(element)
    anchor_p.append(run)


def set_paragraph_style(paragraph, style_id: str) -> None:
    """w:pStyle by the style's id."""
    paragraph._p.get_or_add_pPr().style = style_id


def set_color(rpr, color: str) -> None:
    _child(rpr, "w:color").set(qn("w:val"), color)


def written_rule(thickness: Length, space: Length) -> tuple[Length, Length]:
    """(space, width) of a rule under a paragraph as the DOCX can say them: its
    spacing in whole points (Word's unit for it), its width in eighths of a point."""
    return Length(max(round(space.pt), 0)), Length(thickness.eighths / 8)


def rule_height(thickness: Length, space: Length) -> Length:
    """The height a rule under a paragraph adds: its written spacing and width."""
    written_space, width = written_rule(thickness, space)
    return written_space + width


def set_rule_below(ppr, color: str, thickness: Length, space: Length) -> Length:
    """A rule under the paragraph, `space` below its line's box (as written_rule
    rounds it). Returns the height it adds."""
    borders = _child(ppr, "w:pBdr")
    edge = OxmlElement("w:bottom")
    whole_points = round(written_rule(thickness, space)[0].pt)
    for attr, value in (("val", "single"), ("sz", str(thickness.eighths)), ("space", str(whole_points)),
                        ("color", color)):
        edge.set(qn(f"w:{attr}"), value)
    borders.append(edge)
    return rule_height(thickness, space)


def set_row_height(tr, exact: Length, rule: str = "exact") -> None:
    """The row's height; rule "atLeast" lets a word processor grow it when the text is edited."""
    height = OxmlElement("w:trHeight")
    height.set(qn("w:val"), str(exact.twips))
    height.set(qn("w:hRule"), rule)
    tr.get_or_add_trPr().append(height)


def set_snap_to_grid(ppr, snap: bool) -> None:
    _child(ppr, "w:snapToGrid").set(qn("w:val"), "1" if snap else "0")


def set_outline_level(ppr, level: int) -> None:
    """Outline level (0-based) so Word's navigation pane shows the headings."""
    _child(ppr, "w:outlineLvl").set(qn("w:val"), str(level))


def doc_defaults(styles_element):
    """(rPr, pPr) of w:docDefaults, created if absent."""
    defaults = styles_element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles_element.insert(0, defaults)
    rpr_default = _child(defaults, "w:rPrDefault")
    ppr_default = _child(defaults, "w:pPrDefault")
    return _child(rpr_default, "w:rPr"), _child(ppr_default, "w:pPr")


def set_doc_grid(sect_pr, line_pitch: Length | None) -> None:
    """w:docGrid type="lines": 22 lines a page [5.2.3]; None: no grid. Word's
    character grid (charSpace) is left off: LibreOffice then sets 14 characters a line."""
    grid = _child(sect_pr, "w:docGrid")
    for attr in list(grid.attrib):
        del grid.attrib[attr]
    if line_pitch is None:
        grid.set(qn("w:type"), "default")
        return
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(line_pitch.twips))


def add_page_field(paragraph, rpr_source) -> None:
    """Append a PAGE field: fldChar begin / instrText / separate / result / end.

    The result run between separate and end is what LibreOffice shows before it
    updates fields, so it carries the same formatting as the rest (pitfalls,
    python-docx 2).
    """
    p = paragraph._p

    def run(*children):
        r = OxmlElement("w:r")
        r.append(_copy(rpr_source))
        for child in children:
            r.append(child)
        p.append(r)

    def fld_char(kind):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    result = OxmlElement("w:t")
    result.text = "1"
    run(fld_char("begin"))
    run(instr)
    run(fld_char("separate"))
    run(result)
    run(fld_char("end"))


def add_text_run(paragraph, text: str, rpr) -> None:
    r = OxmlElement("w:r")
    r.append(_copy(rpr))
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    r.append(t)
    paragraph._p.append(r)


def _copy(element):
    from copy import deepcopy

    return deepcopy(element)


def run_properties(run):
    return run._r.get_or_add_rPr()


def paragraph_properties(paragraph_or_style):
    element = getattr(paragraph_or_style, "_p", None)
    if element is None:
        element = paragraph_or_style.element
    return element.get_or_add_pPr()


def style_run_properties(style):
    return style.element.get_or_add_rPr()


def new_run_properties():
    return OxmlElement("w:rPr")


_TABLE_PROPERTIES = ("w:tblStyle", "w:tblpPr", "w:tblW", "w:tblInd", "w:tblBorders", "w:tblLayout",
                     "w:tblCellMar", "w:tblLook")


def format_table(
    tbl, columns: list[Length], padding: Length, rules: dict[str, Length], indent: Length = ZERO
) -> None:
    """A table of fixed columns, `rules` per side (absent: none), the same cell
    padding all round. Set directly rather than through a table style, which
    Word and WPS may lack."""
    for grid_col, column in zip(tbl.tblGrid.findall(qn("w:gridCol")), columns, strict=True):
        grid_col.set(qn("w:w"), str(column.twips))
    for tr in tbl.findall(qn("w:tr")):
        for tc, column in zip(tr.findall(qn("w:tc")), columns, strict=True):
            tc_pr = tc.get_or_add_tcPr()
            tc_w = tc_pr.get_or_add_tcW()
            tc_w.set(qn("w:w"), str(column.twips))
            tc_w.set(qn("w:type"), "dxa")
            # A cell of one line beside one of two stands in the middle, as in the PDF.
            v_align = OxmlElement("w:vAlign")
            v_align.set(qn("w:val"), "center")
            tc_pr.append(v_align)
    tbl_pr = tbl.tblPr
    for tag in _TABLE_PROPERTIES:
        for old in tbl_pr.findall(qn(tag)):
            tbl_pr.remove(old)
    # Schema order inside tblPr: tblStyle, …, tblW, jc, tblCellSpacing, tblInd, tblBorders, shd,
    # tblLayout, tblCellMar, tblLook.
    tbl_pr.append(_twips("w:tblW", sum(column.twips for column in columns)))
    tbl_pr.append(_twips("w:tblInd", indent.twips))
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        size = rules.get(side, ZERO)
        edge.set(qn("w:val"), "single" if size else "nil")
        if size:
            edge.set(qn("w:sz"), str(size.eighths))
            edge.set(qn("w:space"), "0")
            edge.set(qn("w:color"), "000000")
        borders.append(edge)
    tbl_pr.append(borders)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    margins = OxmlElement("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        margins.append(_twips(f"w:{side}", padding.twips))
    tbl_pr.append(margins)


def _twips(tag: str, value: int):
    element = OxmlElement(tag)
    element.set(qn("w:w"), str(value))
    element.set(qn("w:type"), "dxa")
    return element


def centre_cell_vertically(tc) -> None:
    """w:vAlign center: a cell's text in the middle of its row, as the PDF sets it."""
    tc_pr = tc.get_or_add_tcPr()
    align = OxmlElement("w:vAlign")
    align.set(qn("w:val"), "center")
    tc_pr.append(align)


def keep_row_together(tr, header: bool) -> None:
    """A row never splits across pages; the header row repeats on each page (w:tblHeader)."""
    tr_pr = tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


# --- the package around the document ----------------------------------------------------------------

_EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_WORD_URI = "http://schemas.microsoft.com/office/word"


def set_settings(settings) -> None:
    """Word 2013+ mode (compatibilityMode 15: no 兼容模式 banner), Chinese as the
    East Asian language of theme fonts, and no preview picture saved."""
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
    for preview in settings.findall(qn("w:savePreviewPicture")):
        settings.remove(preview)


def neutral_style(style_element) -> None:
    """No colour or theme colour left in a style the report does not use (the
    template's Heading 1-9, Title, Quote … carry blue accents)."""
    for color in list(style_element.iter(qn("w:color"))):
        color.getparent().remove(color)
    for element in style_element.iter():
        for attr in ("w:themeColor", "w:themeShade", "w:themeTint", "w:themeFill"):
            element.attrib.pop(qn(attr), None)


def font_table_xml(blob: bytes, fonts: list[tuple[str, str, str, str, str]]) -> bytes:
    """The font table with an entry for each (name, alternative name, panose,
    family, pitch) it lacks: charset GB2312 and the code-page bit for it, so that
    Word and WPS without the face substitute a Chinese face of the same kind."""
    from lxml import etree

    root = etree.fromstring(blob)
    known = {font.get(qn("w:name")) for font in root.findall(qn("w:font"))}
    for name, alt, panose, family, pitch in fonts:
        if name in known:
            continue
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        for tag, value in (("altName", alt), ("panose1", panose), ("charset", "86"), ("family", family),
                           ("pitch", pitch)):
            etree.SubElement(font, qn(f"w:{tag}")).set(qn("w:val"), value)
        sig = etree.SubElement(font, qn("w:sig"))
        for attr, value in (("usb0", "00000001"), ("usb1", "080E0000"), ("usb2", "00000010"), ("usb3", "00000000"),
                            ("csb0", "00040000"), ("csb1", "00000000")):
            sig.set(qn(f"w:{attr}"), value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def app_properties_xml(application: str, company: str) -> bytes:
    """docProps/app.xml naming the program that wrote the file, with no page or
    word counts (a word processor fills them in when it saves)."""
    from lxml import etree

    root = etree.Element(f"{{{_EXTENDED}}}Properties", nsmap={None: _EXTENDED, "vt": _VT})
    for tag, value in (("Application", application), ("DocSecurity", "0"), ("ScaleCrop", "false"),
                       ("Company", company), ("LinksUpToDate", "false"), ("SharedDoc", "false"),
                       ("HyperlinksChanged", "false")):
        etree.SubElement(root, f"{{{_EXTENDED}}}{tag}").text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
