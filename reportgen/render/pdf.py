"""Stage 5b: the document model as a PDF (WeasyPrint).

The model becomes a small HTML page (built with ElementTree, so every piece of
text is escaped) styled by render/css.py. WeasyPrint is imported here only:
commands that make no PDF never pay its 0.7 s import.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from reportgen.document import Document
from reportgen.fonts import ResolvedFont
from reportgen.layout import FontRole, LayoutProfile
from reportgen.render.css import css_class, font_family, left_indent, stylesheet


def document_html(document: Document, profile: LayoutProfile) -> str:
    html = ET.Element("html", lang="zh-CN")
    head = ET.SubElement(html, "head")
    ET.SubElement(head, "meta", charset="utf-8")
    ET.SubElement(head, "title").text = document.title
    ET.SubElement(head, "meta", name="author", content=document.office)
    ET.SubElement(head, "meta", name="description",
                  content=f"{document.year}年工作总结和{document.year + 1}年工作打算")
    body = ET.SubElement(html, "body")
    for paragraph in document.paragraphs:
        p = ET.SubElement(body, "p", {"class": css_class(paragraph.style)})
        if paragraph.left_indent_chars is not None:
            p.set("style", f"text-indent: 0; margin-left: "
                           f"{left_indent(profile, paragraph.left_indent_chars)}")
        for run in paragraph.runs:
            target = p
            if run.font is not None:
                target = ET.SubElement(p, "span", {"class": font_family(run.font)})
            _append_text(target, run.text)
    return "<!DOCTYPE html>\n" + ET.tostring(html, encoding="unicode", method="html")


def render_pdf(
    document: Document, profile: LayoutProfile, fonts: dict[FontRole, ResolvedFont]
) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    css = CSS(string=stylesheet(profile, fonts), font_config=font_config)
    html = HTML(string=document_html(document, profile))
    return html.write_pdf(stylesheets=[css], font_config=font_config)


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
