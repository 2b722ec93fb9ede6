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
        last = None
        for run in paragraph.runs:
            if run.font is None:
                if last is None:
                    p.text = (p.text or "") + run.text
                else:
                    last.tail = (last.tail or "") + run.text
            else:
                last = ET.SubElement(p, "span", {"class": font_family(run.font)})
                last.text = run.text
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
