"""Word files made the ways offices make them, for the import tests (python-docx).

Each builder writes what a clerk's hand-made report holds: faces set per run
(East Asian font names, as Word and WPS write them), numbers typed or from
Word's automatic numbering, headings in 黑体 or bold, a signature set right.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

CENTER, RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT


@dataclass(frozen=True)
class R:
    """A run: text in a face, maybe bold."""

    text: str
    face: str = "仿宋_GB2312"
    bold: bool = False
    size: float = 16


def set_face(run, face: str, wps: bool = False) -> None:
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), face)
    if wps:
        fonts.set(qn("w:hint"), "eastAsia")


class Report:
    """A document built paragraph by paragraph."""

    def __init__(self, wps: bool = False):
        self.doc = docx.Document()
        self.wps = wps

    def p(self, *runs: R | str, align=None, num: tuple[int, int] | None = None, first_line_chars: bool = False,
          split_runs: bool = False):
        paragraph = self.doc.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        for item in runs:
            spec = R(item) if isinstance(item, str) else item
            pieces = list(spec.text) if split_runs else [spec.text]
            for piece in pieces:
                run = paragraph.add_run(piece)
                set_face(run, spec.face, self.wps)
                run.font.size = Pt(spec.size)
                if spec.bold:
                    run.bold = True
        ppr = paragraph._p.get_or_add_pPr()
        if num is not None:
            num_pr = OxmlElement("w:numPr")
            ilvl, num_id = OxmlElement("w:ilvl"), OxmlElement("w:numId")
            ilvl.set(qn("w:val"), str(num[1]))
            num_id.set(qn("w:val"), str(num[0]))
            num_pr.append(ilvl)
            num_pr.append(num_id)
            ppr.insert(0, num_pr)
        if first_line_chars:
            ind = OxmlElement("w:ind")
            ind.set(qn("w:firstLineChars"), "200")
            ind.set(qn("w:firstLine"), "640")
            ppr.append(ind)
        return paragraph

    def blank(self):
        return self.doc.add_paragraph()

    def title(self, text: str):
        return self.p(R(text, "方正小标宋简体", size=22), align=CENTER)

    def signature(self, office: str, date: str):
        """The 发文机关署名 and 成文日期, each a paragraph set right, as offices type them."""
        self.p(office, align=RIGHT)
        return self.p(date, align=RIGHT)

    def table(self, rows: list[list[str]]):
        table = self.doc.add_table(rows=len(rows), cols=len(rows[0]))
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                table.cell(i, j).text = text
        return table

    def numbering(self, levels: list[tuple[str, str]], start_override: dict[int, int] | None = None,
                  abstract_id: int = 90, num_id: int = 91) -> int:
        """A list definition (numFmt, lvlText per level) and an instance of it; returns the numId."""
        part = self.doc.part.numbering_part.element
        abstract = OxmlElement("w:abstractNum")
        abstract.set(qn("w:abstractNumId"), str(abstract_id))
        for ilvl, (fmt, text) in enumerate(levels):
            lvl = OxmlElement("w:lvl")
            lvl.set(qn("w:ilvl"), str(ilvl))
            for tag, value in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text)):
                child = OxmlElement(tag)
                child.set(qn("w:val"), value)
                lvl.append(child)
            abstract.append(lvl)
        # abstractNum elements come before num elements in numbering.xml.
        first_num = part.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            part.append(abstract)
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), str(num_id))
        ref = OxmlElement("w:abstractNumId")
        ref.set(qn("w:val"), str(abstract_id))
        num.append(ref)
        for ilvl, start in (start_override or {}).items():
            override = OxmlElement("w:lvlOverride")
            override.set(qn("w:ilvl"), str(ilvl))
            value = OxmlElement("w:startOverride")
            value.set(qn("w:val"), str(start))
            override.append(value)
            num.append(override)
        part.append(num)
        return num_id

    def save(self, path: Path, application: str | None = None) -> Path:
        if application:
            self.doc.core_properties.author = "WPS"
        self.doc.save(path)
        if application:
            _set_application(path, application)
        return path


def _set_application(path: Path, application: str) -> None:
    """docProps/app.xml's Application, as WPS writes it."""
    import zipfile

    app = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           f"<Application>{application}</Application></Properties>")
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            if item.filename != "docProps/app.xml":
                new.writestr(item, old.read(item.filename))
        new.writestr("docProps/app.xml", app)
    tmp.replace(path)
