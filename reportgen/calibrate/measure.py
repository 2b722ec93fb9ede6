"""`reportgen calibrate`: measure how each renderer places this machine's faces.

A word processor and WeasyPrint put a line's glyphs inside its box by the
face's own metrics, so the settings that put a page number's dash 7 mm below
the type area, the 版头's rule 4 mm below the 发文字号 and the issuer's mark
35 mm down depend on the face and its size (reportgen/calibration.py). This
command lays out a probe report (a 版头 and two pages of text, composed as a
real report is) for every line pitch of the profiles, renders it with
WeasyPrint and with LibreOffice (all probes in one LibreOffice run), reads the
glyphs and the rule back with pdfplumber, and solves each quantity from the
setting the probe was made with and the distance it measured: every distance
moves one for one with its setting. The results go to the fonts folder's
calibrations.yaml (written aside and renamed), which wins over the shipped file.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.calibrate.probe import probe_document
from reportgen.calibrate.read import dash_gap, issuer_top, rule_offset
from reportgen.calibration import (
    UNITS,
    USER_FILE,
    Measurement,
    Quantity,
    Renderer,
    read_measurements,
)
from reportgen.layout import PROFILES, FontRole, LayoutProfile, Style
from reportgen.paginate.metrics import face_metrics
from reportgen.render.oxml import written_rule
from reportgen.units import Length, Mm, Pt

if TYPE_CHECKING:
    from reportgen.build import Laid

__all__ = ["Measured", "measure", "merge", "write_calibrations"]


@dataclass(frozen=True)
class Measured:
    measurement: Measurement
    reached: Length  # the distance the probe showed with the old setting
    target: Length  # the distance the standard asks for


def measure(profiles: Iterable[LayoutProfile] | None = None, fonts_dir: Path | None = None,
            work_dir: Path | None = None) -> list[Measured]:
    """Measure every quantity for the faces the profiles resolve to on this
    machine, at each line pitch they use. One WeasyPrint rendering and one
    LibreOffice run for all probes."""
    from reportgen.build import Composed, lay_out, render
    from reportgen.calibrate.libreoffice import convert_all

    profiles = list(profiles or _pitches(PROFILES.values()))
    with tempfile.TemporaryDirectory(prefix="reportgen-calibrate-", dir=work_dir) as tmp:
        folder = Path(tmp)
        probes: list[tuple[Laid, Path, Path]] = []
        for index, profile in enumerate(profiles):
            composed = Composed(probe_document(profile), None, (), profile)  # type: ignore[arg-type]
            laid = lay_out(composed, fonts_dir)  # with the calibration builds use now: what it reaches is measured
            rendered = render(composed, ("docx", "pdf"), fonts_dir, laid=laid)
            docx, pdf = folder / f"probe-{index}.docx", folder / f"probe-{index}-weasyprint.pdf"
            docx.write_bytes(rendered.files["docx"])
            pdf.write_bytes(rendered.files["pdf"])
            probes.append((laid, docx, pdf))
        converted = convert_all([docx for _, docx, _ in probes], folder / "libreoffice", fonts_dir)
        found: list[Measured] = []
        for laid, docx, pdf in probes:
            found += _solve(laid, {Renderer.PDF: pdf, Renderer.DOCX: converted[docx]})
    return _unique(found)


def _pitches(profiles: Iterable[LayoutProfile]) -> list[LayoutProfile]:
    """One profile for each line pitch (the other variants change no measured key)."""
    seen: dict[float, LayoutProfile] = {}
    for profile in profiles:
        seen.setdefault(round(profile.line_pitch.pt, 3), profile)
    return list(seen.values())


def _solve(laid: Laid, pdfs: dict[Renderer, Path]) -> list[Measured]:
    """The measurements one probe's renderings give, from the settings it was laid out with."""
    profile = laid.profile
    standard = profile.standard
    # Keyed as builds look them up (build.lay_out): by the face's metrics name.
    faces = {role: face_metrics(font.file, font.index).name for role, font in laid.fonts.items()}
    header = profile.element(Style.DOC_NUMBER)
    issuer = profile.element(Style.ISSUER)
    stamp = dt.date.today().isoformat()
    found = []

    def add(renderer, quantity, role, at, value: Length, reached: Length, target: Length, how: str):
        shown = f"{reached.mm:.2f} mm"
        note = f"reportgen calibrate {stamp}: {how} {shown} with the former setting"
        found.append(Measured(Measurement(renderer, quantity, faces[role], at, _rounded(value, UNITS[quantity]), note),
                              reached, target))

    for renderer, path in pdfs.items():
        geometry = laid.geometry[renderer]
        # 7.5: the dash 7 mm below the type area. The PDF's padding moves it down, the
        # DOCX's footer distance (from the paper's foot) up, one for one.
        gap = dash_gap(path, profile)
        miss = gap - standard.page_number_gap
        if renderer is Renderer.PDF:
            add(renderer, Quantity.PAGE_NUMBER_PADDING, FontRole.SONGTI, standard.page_number_size,
                geometry.page_number_drop - miss, gap, standard.page_number_gap, "dash below the type area")
        else:
            add(renderer, Quantity.FOOTER_DISTANCE, FontRole.SONGTI, standard.page_number_size,
                geometry.page_number_drop + miss, gap, standard.page_number_gap, "dash below the type area")
        # 7.2.5: the rule stands (line bottom - baseline) + space + half its width below
        # the baseline; the space written is known, so the first term is what was measured.
        offset = rule_offset(path, profile)
        if renderer is Renderer.DOCX:  # what the DOCX can say: whole points, eighths
            space, thickness = written_rule(profile.header_rule, geometry.rule_space)
        else:
            space, thickness = geometry.rule_space, profile.header_rule
        add(renderer, Quantity.BASELINE_TO_LINE_BOTTOM, header.font, profile.line_pitch,
            offset - space - thickness * 0.5, offset, standard.header_rule_gap, "rule below the 发文字号's baseline")
        if renderer is Renderer.DOCX:
            # 7.2.4: the mark's top 35 mm below the type area; more space above lowers it.
            top = issuer_top(path, profile)
            extra = geometry.issuer_extra_space(issuer.size)
            add(renderer, Quantity.ISSUER_EXTRA_SPACE, issuer.font, issuer.size,
                extra - (top - standard.issuer_top), top, standard.issuer_top, "issuer's mark below the type area")
    return found


def _rounded(value: Length, unit: str) -> Length:
    return Mm(round(value.mm, 2)) if unit == "mm" else Pt(round(value.pt, 2))


def _unique(found: list[Measured]) -> list[Measured]:
    """One measurement per key (a face at one size measured in two probes: the first)."""
    seen: dict[tuple, Measured] = {}
    for item in found:
        seen.setdefault(item.measurement.key, item)
    return list(seen.values())


def merge(existing: Iterable[Measurement], new: Iterable[Measurement]) -> list[Measurement]:
    """The existing measurements with those of the same key replaced by the new ones."""
    new = list(new)
    keys = {m.key for m in new}
    kept = [m for m in existing if m.key not in keys]
    return [*kept, *new]


def calibrations_file(fonts_dir: Path | None, output: Path | None = None) -> Path:
    """Where the measurements go: the given file, else the fonts folder's calibrations.yaml."""
    if output is not None:
        return output
    return (fonts_dir or Path("fonts")) / USER_FILE


def write_calibrations(path: Path, measurements: Iterable[Measurement]) -> None:
    """Write the measurements as YAML beside `path` and rename it into place."""
    measurements = list(measurements)
    lines = [
        "# How each renderer is set to put a face where GB/T 9704-2012 says (reportgen/calibration.py).",
        "# Written by `reportgen calibrate` (docs/calibration.md); a fonts folder's own calibrations.yaml",
        "# wins over reportgen/data/calibrations.yaml.",
        "#   renderer: pdf (WeasyPrint) or docx (LibreOffice laying out the DOCX)",
        "#   quantity: see reportgen/calibration.py (Quantity)",
        "#   face:     the stem of the face file reportgen resolves for the role (reportgen/fonts.py)",
        "#   at:       the size (page numbers, issuer) or the line pitch (rule)",
    ]
    for m in measurements:
        unit = UNITS[m.quantity]
        value = f"{m.value.mm:.2f} mm" if unit == "mm" else f"{m.value.pt:.2f} pt"
        lines += [
            f"- renderer: {m.renderer.value}",
            f"  quantity: {m.quantity.value}",
            f"  face: {m.face}",
            f"  at: {m.at.pt:g} pt",
            f"  value: {value}",
        ]
        if m.note:
            lines.append(f"  note: {_quoted(m.note)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
        read_measurements(Path(tmp))  # what was written reads back
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
