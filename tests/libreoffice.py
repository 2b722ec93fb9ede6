"""LibreOffice's rendering of DOCX files for the tests, many in one start-up.

Starting LibreOffice costs 2-3 s; converting one more file in the same run
costs a fraction of that. A test module (or, with a session-scoped fixture,
the whole session) collects every DOCX it needs and converts them with one
`convert_all` call — `build_all` builds its inputs and does that for them.
The conversion itself is the product's (reportgen/calibrate/libreoffice.py,
which `reportgen calibrate` uses too).
"""

from __future__ import annotations

from pathlib import Path

from reportgen.build import BuildResult, build
from reportgen.calibrate.libreoffice import convert_all, soffice

__all__ = ["build_all", "convert_all", "soffice"]


def build_all(inputs: dict[str, Path], folder: Path) -> dict[str, tuple[BuildResult, Path]]:
    """name → (the build of that input, LibreOffice's PDF of its DOCX), all DOCX files
    converted in one run. Each DOCX is copied under its name first: files are named
    after the report's title, which variants of one input share, and LibreOffice
    names each PDF after its DOCX."""
    results = {name: build(source, out_dir=folder / f"out-{name}") for name, source in inputs.items()}
    docx = {name: folder / f"{name}.docx" for name in results}
    for name, result in results.items():
        docx[name].write_bytes(result.files["docx"].read_bytes())
    converted = convert_all(list(docx.values()), folder / "libreoffice")
    return {name: (result, converted[docx[name]]) for name, result in results.items()}
