"""The signature block in each mode [GB/T 9704-2012 7.3.5], measured on
WeasyPrint's PDF and on LibreOffice's rendering of the DOCX."""

from __future__ import annotations

import pytest

from reportgen.build import build
from reportgen.errors import ReportError
from reportgen.layout import STANDARD
from tests.conftest import EXAMPLE
from tests.libreoffice import build_all
from tests.measure import TypeArea, grid_char_pt, lines, open_pdf
from tests.variants import write_variant

OFFICE, DATE = "南昌市外事侨务办公室", "2012年2月27日"
MODES = {
    "unsealed": {},
    "sealed": {"signature": {"mode": "sealed"}},
    "signature-seal": {"signature": {"mode": "signature-seal", "signer_title": "主任"}},
}


def _input(tmp_path, changes: dict):
    return write_variant(tmp_path / "in", EXAMPLE, set=changes)


@pytest.fixture(scope="module")
def all_modes(tmp_path_factory):
    """mode → [WeasyPrint PDF, LibreOffice PDF]; LibreOffice renders the three in one run."""
    tmp = tmp_path_factory.mktemp("modes")
    built = build_all({mode: _input(tmp / mode, changes) for mode, changes in MODES.items()}, tmp)
    return {mode: [result.files["pdf"], libreoffice] for mode, (result, libreoffice) in built.items()}


@pytest.fixture(params=list(MODES))
def rendered(request, all_modes):
    """(mode, [WeasyPrint PDF, LibreOffice PDF]) for each mode."""
    return request.param, all_modes[request.param]


def _tail(pdf_path):
    area = TypeArea.of(STANDARD)
    with open_pdf(pdf_path) as pdf:
        return lines(pdf.pages[-1], area), area


def test_signature_geometry(rendered):
    mode, pdfs = rendered
    pitch = STANDARD.line_pitch.pt
    for renderer, pdf_path in zip(("pdf", "docx"), pdfs, strict=True):
        found, area = _tail(pdf_path)
        # LibreOffice advances 0.25 pt less per character than WeasyPrint (its -5
        # twentieths against -0.22 pt); measure in each renderer's own characters.
        advance = grid_char_pt(STANDARD)
        tolerance = 2.0
        # LibreOffice widens each CJK/digit boundary by about 3 pt (it ignores the
        # DOCX's w:autoSpaceDE="0", which Word honours): a date centred by its
        # computed width lands off by half of that (measured 8.2 pt with four boundaries).
        centring = tolerance if renderer == "pdf" else 10.0
        date = found[-1]
        assert date.text == DATE, pdf_path
        if mode == "unsealed":
            office, body = found[-2], found[-3]
            assert office.text == OFFICE
            assert office.x1 == pytest.approx(area.right - 2 * advance, abs=tolerance)
            assert date.x0 == pytest.approx(office.x0 + 2 * advance, abs=tolerance)
            assert office.baseline - body.baseline == pytest.approx(2 * pitch, abs=0.2)
        elif mode == "sealed":
            office, body = found[-2], found[-3]
            assert office.text == OFFICE
            # 7.3.5.1: the date 右空四字, the 署名 centred over it.
            assert date.x1 == pytest.approx(area.right - 4 * advance, abs=tolerance)
            assert (office.x0 + office.x1) / 2 == pytest.approx((date.x0 + date.x1) / 2, abs=centring)
            # Room for the seal: two blank lines between the body and the 署名.
            assert office.baseline - body.baseline == pytest.approx(3 * pitch, abs=0.2)
            assert date.baseline - office.baseline == pytest.approx(pitch, abs=0.2)
        else:
            title, body = found[-2], found[-3]
            assert title.text == "主任"
            # 7.3.5.3: the seal 右空四字 (four characters kept for it), the title two to its left;
            # one blank line, then the date 右空四字.
            seal_left = area.right - (4 + STANDARD.standard.signature_seal_chars) * advance
            assert title.x1 == pytest.approx(seal_left - 2 * advance, abs=tolerance)
            assert date.x1 == pytest.approx(area.right - 4 * advance, abs=tolerance)
            assert title.baseline - body.baseline == pytest.approx(3 * pitch, abs=0.2)
            assert date.baseline - title.baseline == pytest.approx(2 * pitch, abs=0.2)


def test_signature_seal_needs_the_signer_title(tmp_path):
    with pytest.raises(ReportError) as caught:
        build(_input(tmp_path, {"signature": {"mode": "signature-seal"}}), out_dir=tmp_path / "out", formats=("docx",))
    assert "signer_title" in str(caught.value) and "签发人职务" in str(caught.value)
    assert not (tmp_path / "out").exists()


def test_unknown_mode_is_an_input_error(tmp_path):
    with pytest.raises(ReportError) as caught:
        build(_input(tmp_path, {"signature": {"mode": "stamped"}}), out_dir=tmp_path / "out", formats=("docx",))
    message = str(caught.value)
    assert "signature.mode" in message and "第 " in message
