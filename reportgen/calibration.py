"""How each renderer is nudged to put a face where the standard says: measured, not decided.

A word processor and WeasyPrint place a line's glyphs inside its box by the
face's own metrics, so "the dash 7 mm below the type area" or "the rule 4 mm
below the baseline" needs a renderer setting that depends on the face and its
size (or the line pitch). Those settings were measured by rendering and are
kept here as data, keyed by (renderer, quantity, face, size or pitch):
reportgen/data/calibrations.yaml ships the measurements of the free faces, and
`reportgen calibrate` measures the faces of this machine into the fonts folder
(fonts/calibrations.yaml), which wins. A combination nobody measured falls
back to the nearest measurement and says so, naming it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from reportgen.errors import Problem, ReportError
from reportgen.units import Length, Mm, Pt

SHIPPED = Path(__file__).resolve().parent / "data" / "calibrations.yaml"
USER_FILE = "calibrations.yaml"  # in the fonts folder, beside the faces it measures


class Renderer(Enum):
    PDF = "pdf"  # WeasyPrint
    DOCX = "docx"  # the DOCX as LibreOffice lays it out (Word and WPS read the same settings)


class Quantity(Enum):
    """What was measured; each is a setting of one renderer, or of both."""

    # PDF: the page number's margin box padding-top that puts the dash stroke the
    # standard's gap below the type area [7.5]. Face: the page number's; at: its size.
    PAGE_NUMBER_PADDING = "page_number_padding"
    # DOCX: the footer distance (from the paper's bottom) that does the same.
    FOOTER_DISTANCE = "footer_distance"
    # Both: how far below a body line's baseline its line box ends [7.2.5's rule is
    # measured from the baseline]. Face: the body's; at: the line pitch.
    BASELINE_TO_LINE_BOTTOM = "baseline_to_line_bottom"
    # DOCX: LibreOffice sets a large issuer's mark lower in its exact-height line
    # than WeasyPrint; this much more space above puts its top 35 mm down [7.2.4].
    # Face: the title's; at: the mark's size (scaled for a smaller mark).
    ISSUER_EXTRA_SPACE = "issuer_extra_space"


LABELS = {
    Quantity.PAGE_NUMBER_PADDING: "页码位置", Quantity.FOOTER_DISTANCE: "页码位置（页脚距离）",
    Quantity.BASELINE_TO_LINE_BOTTOM: "版头分隔线位置", Quantity.ISSUER_EXTRA_SPACE: "发文机关标志位置",
}
# The unit each quantity is written and shown in: the one people measure it in.
UNITS = {
    Quantity.PAGE_NUMBER_PADDING: "mm", Quantity.FOOTER_DISTANCE: "mm",
    Quantity.BASELINE_TO_LINE_BOTTOM: "pt", Quantity.ISSUER_EXTRA_SPACE: "pt",
}


@dataclass(frozen=True)
class Measurement:
    renderer: Renderer
    quantity: Quantity
    face: str  # the face file's stem: FandolSong-Regular
    at: Length  # the size or pitch it was measured at
    value: Length
    note: str = ""  # how and when it was measured

    @property
    def key(self) -> tuple:
        """What was measured: a later measurement of the same key replaces an earlier one."""
        return self.renderer, self.quantity, self.face, round(self.at.pt, 2)


@dataclass(frozen=True)
class Lookup:
    value: Length
    # Set when no measurement matches exactly: which one stood in.
    warning: str | None = None


@dataclass(frozen=True)
class Calibration:
    measurements: tuple[Measurement, ...]

    def value(self, renderer: Renderer, quantity: Quantity, face: str, at: Length) -> Lookup:
        """The measured setting; the nearest one, with a warning naming the gap, if this
        exact (renderer, quantity, face, size or pitch) was never measured."""
        same = [m for m in self.measurements if m.renderer is renderer and m.quantity is quantity]
        if not same:
            raise LookupError(f"no calibration at all for {renderer.value} {quantity.value}")
        exact = [m for m in same if m.face == face and abs(m.at.pt - at.pt) < 0.01]
        if exact:
            return Lookup(exact[-1].value)
        # Same face at another size first, then any face at the nearest size.
        nearest = min(same, key=lambda m: (m.face != face, abs(m.at.pt - at.pt)))
        return Lookup(nearest.value, (
            f"{renderer.value.upper()} 的{LABELS[quantity]}尚未用 {face}（{at.pt:g} 磅）测量过，"
            f"暂用 {nearest.face}（{nearest.at.pt:g} 磅）的测量值，可能相差约 1 毫米；"
            f"运行 reportgen calibrate 可测量本机的字体"
        ))


_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(mm|pt)\s*$")


def parse_length(text: object) -> Length:
    match = _LENGTH.match(str(text))
    if not match:
        raise ValueError(f"“{text}”不是长度（应写成 4.2 mm 或 8.3 pt）")
    number = float(match.group(1))
    return Mm(number) if match.group(2) == "mm" else Pt(number)


def read_measurements(path: Path) -> tuple[Measurement, ...]:
    from ruamel.yaml import YAML

    try:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8")) or []
        return tuple(
            Measurement(Renderer(item["renderer"]), Quantity(item["quantity"]), str(item["face"]),
                        parse_length(item["at"]), parse_length(item["value"]), str(item.get("note", "")))
            for item in data
        )
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ReportError(Problem(f"校准数据有误：{err}", file=str(path),
                                  hint="请删除此文件后重新运行 reportgen calibrate。")) from None


@functools.cache
def _shipped() -> tuple[Measurement, ...]:
    return read_measurements(SHIPPED)


def load_calibration(fonts_dir: Path | None = None) -> Calibration:
    """The shipped measurements, overridden by those in the fonts folder."""
    own = fonts_dir / USER_FILE if fonts_dir is not None else None
    extra = read_measurements(own) if own is not None and own.is_file() else ()
    return Calibration((*_shipped(), *extra))
