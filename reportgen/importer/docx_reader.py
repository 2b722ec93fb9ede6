"""Read a DOCX (Word, WPS or reportgen) into SourceBlocks.

Every w:p and w:tbl in document order, text boxes included (reportgen puts the
版记 in one; their VML fallback copy is skipped). Each run's look is resolved
the way Word resolves it: document defaults, then the paragraph style and the
styles it is based on, then the run's character style, then the run itself.
Automatic numbers come from word_numbering.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from reportgen import limits
from reportgen.errors import Problem, ReportError
from reportgen.importer.source import (
    Align,
    SourceBlock,
    SourceDocument,
    SourceParagraph,
    SourceTable,
    Span,
    face_of,
)
from reportgen.importer.word_numbering import Numbering

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS = {"w": W}
# No entities, no network, no huge trees: a DOCX is a stranger's file.
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _val(element, attribute: str = "val") -> str | None:
    return None if element is None else element.get(_q(attribute))


def _on(element) -> bool | None:
    """A toggle property (w:b): present means on unless w:val says otherwise."""
    if element is None:
        return None
    return _val(element) not in ("0", "false", "off")


_JC = {"center": Align.CENTER, "right": Align.RIGHT, "end": Align.RIGHT, "both": Align.JUSTIFY,
       "distribute": Align.JUSTIFY, "left": Align.LEFT, "start": Align.LEFT}


class _Look:
    """Run and paragraph properties, merged from the outside in."""

    __slots__ = ("align", "bold", "color", "face", "indent_chars", "num", "outline", "page_break", "size")

    def __init__(self):
        self.face = self.bold = self.size = self.color = None
        self.align = self.outline = self.num = self.indent_chars = self.page_break = None

    def copy(self) -> _Look:
        other = _Look()
        for name in self.__slots__:
            setattr(other, name, getattr(self, name))
        return other

    def apply_run(self, rpr, theme_fonts: dict[str, str]) -> None:
        if rpr is None:
            return
        fonts = rpr.find(_q("rFonts"))
        if fonts is not None:
            name = (_val(fonts, "eastAsia") or theme_fonts.get(_val(fonts, "eastAsiaTheme") or "")
                    or _val(fonts, "ascii") or _val(fonts, "hAnsi"))
            if name:
                self.face = face_of(name)
        if (bold := _on(rpr.find(_q("b")))) is not None:
            self.bold = bold
        if (size := _val(rpr.find(_q("sz")))) is not None:
            self.size = int(size) / 2
        if (color := _val(rpr.find(_q("color")))) is not None:
            self.color = None if color == "auto" else color.upper()

    def apply_paragraph(self, ppr) -> None:
        if ppr is None:
            return
        if (jc := _val(ppr.find(_q("jc")))) is not None:
            self.align = _JC.get(jc, Align.LEFT)
        if (outline := _val(ppr.find(_q("outlineLvl")))) is not None:
            self.outline = int(outline) if int(outline) < 9 else None
        num = ppr.find(_q("numPr"))
        if num is not None:
            num_id = _val(num.find(_q("numId")))
            ilvl = int(_val(num.find(_q("ilvl"))) or 0)
            if num_id is not None:
                self.num = (num_id, ilvl)
            elif self.num is not None:
                self.num = (self.num[0], ilvl)
        ind = ppr.find(_q("ind"))
        if ind is not None:
            if (chars := _val(ind, "leftChars") or _val(ind, "startChars")) is not None:
                self.indent_chars = int(chars) / 100
            elif (twips := _val(ind, "left") or _val(ind, "start")) is not None:
                self.indent_chars = int(twips) / 320  # 三号 (16 pt = 320 twips) characters
        if (page_break := _on(ppr.find(_q("pageBreakBefore")))) is not None:
            self.page_break = page_break


class _Styles:
    def __init__(self, styles_xml: bytes | None, theme_fonts: dict[str, str]):
        self.theme_fonts = theme_fonts
        self.by_id: dict[str, etree._Element] = {}
        self.defaults = _Look()
        self.default_paragraph: str | None = None
        self._cache: dict[str, _Look] = {}
        if not styles_xml:
            return
        root = etree.fromstring(styles_xml, PARSER)
        for style in root.findall(_q("style")):
            self.by_id[style.get(_q("styleId"))] = style
        defaults = root.find(_q("docDefaults"))
        if defaults is not None:
            self.defaults.apply_run(defaults.find("w:rPrDefault/w:rPr", NS), theme_fonts)
            self.defaults.apply_paragraph(defaults.find("w:pPrDefault/w:pPr", NS))
        self.default_paragraph = next(
            (s.get(_q("styleId")) for s in root.findall(_q("style"))
             if s.get(_q("type")) == "paragraph" and s.get(_q("default")) in ("1", "true")), None)

    def chain(self, style_id: str | None) -> list[etree._Element]:
        """The style and those it is based on, outermost (the base) first."""
        found, seen = [], set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            found.append(style)
            style_id = _val(style.find(_q("basedOn")))
        return found[::-1]

    def name(self, style_id: str | None) -> str | None:
        style = self.by_id.get(style_id or "")
        return _val(style.find(_q("name"))) if style is not None else style_id

    def paragraph_look(self, style_id: str | None) -> _Look:
        key = style_id or ""
        if key not in self._cache:
            look = self.defaults.copy()
            for style in self.chain(style_id):
                look.apply_paragraph(style.find(_q("pPr")))
                look.apply_run(style.find(_q("rPr")), self.theme_fonts)
            self._cache[key] = look
        return self._cache[key]


def _theme_fonts(theme_xml: bytes | None) -> dict[str, str]:
    """minorEastAsia/majorEastAsia → the theme's East Asian face (often 宋体/等线)."""
    if not theme_xml:
        return {}
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    root = etree.fromstring(theme_xml, PARSER)
    fonts = {}
    for kind in ("major", "minor"):
        font = root.find(f".//{{{a}}}{kind}Font")
        if font is None:
            continue
        east = font.find(f"{{{a}}}ea")
        typeface = east.get("typeface") if east is not None else ""
        if not typeface:
            hans = font.find(f"{{{a}}}font[@script='Hans']")
            typeface = hans.get("typeface") if hans is not None else ""
        if typeface:
            fonts[f"{kind}EastAsia"] = typeface
    return fonts


def _read_part(package: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = package.getinfo(name)
    except KeyError:
        return None
    # readers.check_docx has refused larger parts already: this keeps the bound for a direct caller.
    limits.PART_BYTES.check(info.file_size, file=package.filename, detail=f"（{name}）")  # inflates no more
    return package.read(name)


def _application(app_xml: bytes | None) -> str | None:
    if not app_xml:
        return None
    root = etree.fromstring(app_xml, PARSER)
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.endswith("}Application"):
            return (element.text or "").strip() or None
    return None


def read_docx(path: Path) -> SourceDocument:
    try:
        package = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as err:
        raise ReportError(Problem(
            f"无法打开 DOCX 文件：{err}", file=str(path),
            hint="文件可能已损坏，或是旧的 .doc 格式：请在 Word 或 WPS 中另存为 .docx。",
        )) from None
    with package:
        document_xml = _read_part(package, "word/document.xml")
        if document_xml is None:
            raise ReportError(Problem("这不是 Word 文档（缺少 word/document.xml）", file=str(path)))
        theme = _theme_fonts(_read_part(package, "word/theme/theme1.xml"))
        styles = _Styles(_read_part(package, "word/styles.xml"), theme)
        numbering = Numbering(_read_part(package, "word/numbering.xml"), PARSER)
        application = _application(_read_part(package, "docProps/app.xml"))
    try:
        body = etree.fromstring(document_xml, PARSER).find(_q("body"))
    except etree.XMLSyntaxError as err:
        raise ReportError(Problem(f"DOCX 中的正文已损坏：{err}", file=str(path))) from None
    reader = _Reader(styles, numbering)
    if body is not None:
        reader.walk(body, in_text_box=False)
    return SourceDocument(name=path.name, blocks=tuple(reader.blocks), application=application)


class _Reader:
    def __init__(self, styles: _Styles, numbering: Numbering):
        self.styles = styles
        self.numbering = numbering
        self.blocks: list[SourceBlock] = []
        self.count = 0

    def walk(self, container, in_text_box: bool) -> None:
        for child in container:
            if child.tag == _q("p"):
                self.paragraph(child, in_text_box)
            elif child.tag == _q("tbl"):
                self.table(child, in_text_box)
            elif child.tag in (_q("sdt"), _q("customXml")):
                content = child.find(_q("sdtContent")) if child.tag == _q("sdt") else child
                if content is not None:
                    self.walk(content, in_text_box)

    def paragraph(self, p, in_text_box: bool) -> None:
        ppr = p.find(_q("pPr"))
        style_id = _val(ppr.find(_q("pStyle"))) if ppr is not None else None
        style_id = style_id or self.styles.default_paragraph
        look = self.styles.paragraph_look(style_id).copy()
        look.apply_paragraph(ppr)
        spans = self.spans(p, look)
        label = None
        if look.num is not None:
            label = self.numbering.label(*look.num)
        text = "".join(s.text for s in spans)
        if text.strip() or label:
            self.count += 1
            self.blocks.append(SourceParagraph(
                number=self.count, spans=tuple(spans), align=look.align, style=self.styles.name(style_id),
                outline_level=look.outline, label=label, indent_chars=look.indent_chars,
                in_text_box=in_text_box, page_break_before=bool(look.page_break),
            ))
        # Text boxes anchored in this paragraph come after it (reportgen's 版记).
        for box in p.iter(_q("txbxContent")):
            if not any(a.tag == f"{{{MC}}}Fallback" for a in box.iterancestors()):
                self.walk(box, in_text_box=True)

    def spans(self, p, look: _Look) -> list[Span]:
        spans: list[Span] = []
        for run in p.iter(_q("r")):
            # Runs inside a text box belong to the box's own paragraphs; deleted text is gone.
            if any(a.tag in (_q("txbxContent"), _q("del")) for a in run.iterancestors()):
                continue
            run_look = look.copy()
            rpr = run.find(_q("rPr"))
            if rpr is not None:
                for style in self.styles.chain(_val(rpr.find(_q("rStyle")))):
                    run_look.apply_run(style.find(_q("rPr")), self.styles.theme_fonts)
                run_look.apply_run(rpr, self.styles.theme_fonts)
            text = ""
            for node in run:
                if node.tag == _q("t"):
                    text += node.text or ""
                elif node.tag == _q("tab"):
                    text += "\t"
                elif node.tag in (_q("br"), _q("cr")) and _val(node, "type") in (None, "textWrapping"):
                    text += "\n"
                elif node.tag == _q("noBreakHyphen"):
                    text += "-"
            if not text:
                continue
            span = Span(text, run_look.face, bool(run_look.bold), run_look.size, run_look.color)
            if spans and (spans[-1].face, spans[-1].bold, spans[-1].size_pt, spans[-1].color) == (
                    span.face, span.bold, span.size_pt, span.color):
                spans[-1] = Span(spans[-1].text + text, span.face, span.bold, span.size_pt, span.color)
            else:
                spans.append(span)
        return spans

    def table(self, tbl, in_text_box: bool) -> None:
        rows = []
        for tr in tbl.findall(_q("tr")):
            cells = []
            for tc in tr.findall(_q("tc")):
                paragraphs = ["".join(_plain(node) for node in p.iter(_q("t"), _q("tab"), _q("br")))
                              for p in tc.iter(_q("p"))]
                text = "\n".join(x.strip() for x in paragraphs if x.strip())
                span = int(_val(tc.find("w:tcPr/w:gridSpan", NS)) or 1)
                merged = _val(tc.find("w:tcPr/w:vMerge", NS), "val")
                if tc.find("w:tcPr/w:vMerge", NS) is not None and merged != "restart":
                    text = ""  # the lower part of a vertically merged cell
                cells += [text] + [""] * (span - 1)
            rows.append(tuple(cells))
        if rows:
            self.blocks.append(SourceTable(number=self.count, rows=tuple(rows), in_text_box=in_text_box))


def _plain(node) -> str:
    if node.tag == _q("t"):
        return node.text or ""
    return "\t" if node.tag == _q("tab") else "\n"

