"""The previous year read from the archive when no input file for it is at hand (issue 4 item 6)."""

from __future__ import annotations

import shutil

from reportgen.archive import archive_build, previous_lookup
from reportgen.build import compose_input
from tests.conftest import EXAMPLE


def test_previous_year_comes_from_the_archive(tmp_path, monkeypatch):
    root = tmp_path / "archive"
    archive_build(EXAMPLE, root, out_dir=tmp_path / "out2011")
    # The 2012 input alone, without 2011.yaml beside it.
    alone = tmp_path / "alone"
    alone.mkdir()
    for name in ("2012.yaml", "2012-ledger.csv"):
        shutil.copy(EXAMPLE.parent / name, alone / name)

    without = compose_input(alone / "2012.yaml")
    assert "同比" not in without.document.text and without.figures.previous is None

    composed = compose_input(alone / "2012.yaml", previous_lookup=previous_lookup(root))
    text = composed.document.text
    assert "30批414人次，人次同比增长12.5%" in text
    assert "上年工作打算完成情况" in text and "计划3个，实际2个，未完成" in text
    # The warning names the archived 2011 input.
    (warning,) = composed.warnings
    assert warning.file.startswith(str(root)) and warning.file.endswith("2011.yaml")
