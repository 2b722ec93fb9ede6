"""`reportgen calibrate` (reportgen/calibrate/): measuring the Fandol faces on
this machine gives back the shipped calibrations, and the file it writes is
what builds read."""

from __future__ import annotations

import pytest

from reportgen.calibrate.measure import measure, merge, write_calibrations
from reportgen.calibration import (
    SHIPPED,
    Calibration,
    Measurement,
    Quantity,
    Renderer,
    load_calibration,
    read_measurements,
)
from reportgen.cli import main
from reportgen.units import Mm, Pt


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    """Every quantity for every line pitch of the profiles: two probes, one LibreOffice run."""
    return measure(fonts_dir=None, work_dir=tmp_path_factory.mktemp("calibrate"))


def test_measuring_the_fandol_faces_gives_the_shipped_values(measured):
    shipped = Calibration(read_measurements(SHIPPED))
    keys = {m.key for m in shipped.measurements}
    found = {item.measurement.key for item in measured}
    assert found == keys  # every shipped key measured, nothing else
    for item in measured:
        m = item.measurement
        ship = shipped.value(m.renderer, m.quantity, m.face, m.at)
        assert ship.warning is None
        assert abs(m.value.mm - ship.value.mm) <= 0.2, (m, ship.value)


def test_with_the_shipped_values_each_distance_is_what_the_standard_says(measured):
    # The probes were laid out with the shipped calibration: what they show is the
    # distance a report gets. WeasyPrint places the page number on whole pixels
    # (0.26 mm), LibreOffice the rule in whole points below its line (0.35 mm).
    for item in measured:
        assert abs(item.reached.mm - item.target.mm) <= 0.2, item


def test_the_written_file_is_read_back_and_wins_over_the_shipped_one(tmp_path):
    own = Measurement(Renderer.PDF, Quantity.PAGE_NUMBER_PADDING, "FandolSong-Regular", Pt(14), Mm(5.1),
                      note='measured "here"')
    written = tmp_path / "calibrations.yaml"
    write_calibrations(written, merge(read_measurements(SHIPPED), [own]))
    assert not list(tmp_path.glob("*.part"))
    back = read_measurements(written)
    assert [m for m in back if m.quantity is Quantity.PAGE_NUMBER_PADDING] == [own]
    assert len(back) == len(read_measurements(SHIPPED))
    found = load_calibration(tmp_path).value(Renderer.PDF, Quantity.PAGE_NUMBER_PADDING, "FandolSong-Regular", Pt(14))
    assert found.value == Mm(5.1) and found.warning is None


def test_an_unmeasured_face_falls_back_and_says_which(tmp_path):
    found = load_calibration(None).value(Renderer.DOCX, Quantity.FOOTER_DISTANCE, "SimSun", Pt(14))
    assert found.warning and "SimSun" in found.warning and "reportgen calibrate" in found.warning


def test_the_command_is_listed_and_documented(capsys):
    with pytest.raises(SystemExit):
        main(["calibrate", "--help"])
    out = capsys.readouterr().out
    assert "calibrations.yaml" in out and "--fonts" in out and "--output" in out
