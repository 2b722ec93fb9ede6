"""`reportgen lint` on PDF: reportgen's own and LibreOffice's rendering of its DOCX
are clean; PDFs rendered by LibreOffice from wrong DOCX (as a hand-made document
would be exported) yield exactly the finding they were made for.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from reportgen.build import build
from reportgen.errors import ReportError
from reportgen.layout import STANDARD
from reportgen.lint import lint
from tests.conftest import EXAMPLE
from tests.libreoffice import convert_all
from tests.test_lint import MUTATIONS, kinds


def left_margin_20mm(document) -> None:
    # The left margin alone: the type area widens, nothing else moves.
    document.sections[0].left_margin = Mm(20)


def lines_29pt_on_grid(document) -> None:
    # LibreOffice sets lines on the document grid, whatever the paragraphs ask:
    # a 29 pt PDF needs both changed (a 29 pt line grid, as Word's dialog sets it).
    MUTATIONS["lines_29pt"][0](document)
    document.sections[0]._sectPr.find(qn("w:docGrid")).set(qn("w:linePitch"), "580")


# name → (mutation, the exact set of (clause, severity) lint must report on the PDF)
PDF_CASES = {
    "correct": (None, set()),
    "hyphen_page_numbers": (MUTATIONS["hyphen_page_numbers"][0], {("7.5", "error")}),
    "single_footer": (MUTATIONS["single_footer"][0], {("7.5", "error")}),
    "left_margin_20mm": (left_margin_20mm, {("5.2.2", "error")}),
    "wrong_margins": (MUTATIONS["wrong_margins"][0], {("5.2.2", "error")}),
    "lines_29pt_on_grid": (lines_29pt_on_grid, {("5.2.3", "error")}),
    # The text rules read the PDF's lines as they read the DOCX's paragraphs.
    "zero_padded_date": (MUTATIONS["zero_padded_date"][0], {("7.3.5.4", "error")}),
    "reversed_headings": (MUTATIONS["reversed_headings"][0], {("7.3.3", "error")}),
    "dun_after_arabic": (MUTATIONS["dun_after_arabic"][0], {("7.3.3", "warning")}),
    # A 版头 line above the title: the title is still found under it.
    "square_brackets_doc_number": (MUTATIONS["square_brackets_doc_number"][0], {("7.2.4", "error")}),
}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    """Every case's PDF, rendered by LibreOffice once for the module."""
    built = build(EXAMPLE, out_dir=tmp_path_factory.mktemp("lint-pdf-src"), formats=("docx",)).files["docx"]
    out = tmp_path_factory.mktemp("lint-pdf")
    sources = {}
    for name, (mutation, _) in PDF_CASES.items():
        document = docx.Document(str(built))
        if mutation is not None:
            mutation(document)
        sources[name] = out / f"{name}.docx"
        document.save(str(sources[name]))
    converted = convert_all(list(sources.values()), out)  # one LibreOffice run for them all
    return {name: converted[source] for name, source in sources.items()}


@pytest.mark.parametrize("name", list(PDF_CASES))
def test_libreoffice_pdf_yields_exactly_its_finding(pdfs, name):
    findings = lint(pdfs[name], STANDARD)
    assert kinds(findings) == PDF_CASES[name][1], [str(f) for f in findings]


def test_page_number_findings_name_the_page(pdfs):
    findings = lint(pdfs["single_footer"], STANDARD)
    assert len(findings) == 1
    assert findings[0].where == "第 2 页"
    assert findings[0].quote == "—2—"
    assert "双页码应居左" in findings[0].message
    assert "第 4、6、8 页" in findings[0].message
    hyphens = lint(pdfs["hyphen_page_numbers"], STANDARD)
    assert [f.where for f in hyphens] == ["第 1 页"]
    assert hyphens[0].quote == "-1-"


def test_margin_finding_gives_the_measured_margin(pdfs):
    findings = lint(pdfs["left_margin_20mm"], STANDARD)
    assert len(findings) == 1
    assert findings[0].message.startswith("左边距约为 20.0 mm")
    assert findings[0].message.endswith("应为 28 mm")


def test_a_scanned_pdf_is_a_report_error(tmp_path):
    # A page with no text at all (what a scanner gives): nothing to measure.
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595.28, height=841.89)
    path = tmp_path / "扫描件.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(ReportError, match="扫描件"):
        lint(path, STANDARD)


def test_a_broken_pdf_is_a_report_error(tmp_path):
    path = tmp_path / "坏.pdf"
    path.write_bytes(b"%PDF-1.7\n this is not a PDF body")
    with pytest.raises(ReportError, match="无法读取这个 PDF"):
        lint(path, STANDARD)
