"""Lengths as a type: one value, converted to each renderer's unit where it is written.

As python-docx makes units types (Pt, Mm, Twips), a `Length` is kept in points
and knows its millimetres, twips (DOCX positions), half-points (DOCX font
sizes), eighths of a point (DOCX rules) and EMU (DrawingML). Nothing else in
reportgen multiplies by 20, 2, 8 or 12700.
"""

from __future__ import annotations

from dataclasses import dataclass

MM_PER_PT = 25.4 / 72


@dataclass(frozen=True, order=True)
class Length:
    """A length in points (1/72 inch)."""

    pt: float

    @property
    def mm(self) -> float:
        return self.pt * MM_PER_PT

    @property
    def twips(self) -> int:
        """Twentieths of a point: DOCX indents, spacing, page size."""
        return round(self.pt * 20)

    @property
    def half_points(self) -> int:
        """DOCX font sizes (w:sz)."""
        return round(self.pt * 2)

    @property
    def eighths(self) -> int:
        """Eighths of a point: DOCX rule widths (w:sz of a border)."""
        return round(self.pt * 8)

    @property
    def emu(self) -> int:
        """English metric units: DrawingML extents."""
        return round(self.pt * 12700)

    def __add__(self, other: Length) -> Length:
        return Length(self.pt + other.pt)

    def __sub__(self, other: Length) -> Length:
        return Length(self.pt - other.pt)

    def __neg__(self) -> Length:
        return Length(-self.pt)

    def __mul__(self, factor: float) -> Length:
        return Length(self.pt * factor)

    __rmul__ = __mul__

    def __truediv__(self, other: float | Length):
        """A Length divided by a number is a Length; by a Length, a ratio."""
        if isinstance(other, Length):
            return self.pt / other.pt
        return Length(self.pt / other)

    def __bool__(self) -> bool:
        return self.pt != 0

    def css(self, places: int = 3) -> str:
        """The length as CSS writes it: 12.5pt."""
        return f"{round(self.pt, places):g}pt"


def Pt(value: float) -> Length:
    return Length(float(value))


def Mm(value: float) -> Length:
    return Length(value / MM_PER_PT)


ZERO = Length(0.0)
