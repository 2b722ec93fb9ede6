"""Bold headings [GB/T 9704-2012 7.3.3 leaves levels 2-3 to the office]: only the
heading's words of a run-in paragraph are bold, in the DOCX and in the PDF, when
the heading's face has a bold; when it has none, neither output is bold."""

from __future__ import annotations

from dataclasses import replace

import docx
import pytest
from docx.oxml.ns import qn

from reportgen.build import build
from reportgen.layout import STANDARD, FontRole, Style
from tests.conftest import EXAMPLE
from tests.measure import lines, open_pdf

# Level 3 in 黑体 and bold: FandolHei has a Bold file, so both outputs can show it.
HEI_BOLD = replace(STANDARD, name="hei-bold-level-3", elements={
    **STANDARD.elements, Style.HEADING3: replace(STANDARD.element(Style.HEADING3), font=FontRole.HEITI, bold=True),
})
RUN_IN = "1.交流层面进一步拓宽。"  # the example's first run-in heading


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build(EXAMPLE, out_dir=tmp_path_factory.mktemp("bold"), profile=HEI_BOLD)


def test_the_docx_bolds_the_heading_words_only(built):
    document = docx.Document(str(built.files["docx"]))
    assert document.styles["三级标题"].element.rPr.find(qn("w:b")).get(qn("w:val")) == "1"
    paragraph = next(p for p in document.paragraphs if p.text.startswith(RUN_IN))
    heading, body = paragraph.runs[0], paragraph.runs[1]
    assert heading.text == RUN_IN
    assert heading.element.rPr is None or heading.element.rPr.find(qn("w:b")) is None  # the style's bold
    assert body.element.rPr.find(qn("w:b")).get(qn("w:val")) == "0"  # switched off under the bold style


def test_the_pdf_bolds_the_heading_words_only(built, area):
    with open_pdf(built.files["pdf"]) as pdf:
        line = next(line for page in pdf.pages for line in lines(page, area) if line.text.startswith(RUN_IN))
    faces = [c["fontname"].split("+")[1] for c in line.chars]
    heading, body = faces[:len(RUN_IN)], faces[len(RUN_IN):]
    assert all("FandolHei" in face and "Bold" in face for face in heading if face), heading
    assert {face for face in body if "Liberation" not in face} == {"rg-FandolFang-Regular"}, body
    assert not built.layout_notes or not any("加粗" in note for note in built.layout_notes)
