"""How wide each character is in a face, and which characters the face has.

Read from the font file with fontTools (its cmap and hmtx tables) and kept in a
small cache file per face, because parsing a CJK face's tables takes 0.2-0.5 s
and a build wants that time back: fontconfig caches the same way. The cache is
keyed by the file's path, size and modification time, so a replaced font file
is read again.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from reportgen.cache import CACHE_ENV, cache_dir, read_json, write_json
from reportgen.typography import width_chars

__all__ = ["CACHE_ENV", "NOMINAL", "FaceMetrics", "face_metrics"]
_FORMAT = 1  # bump when the cached fields change


@dataclass(frozen=True)
class FaceMetrics:
    """Advances (in font units) and coverage of one face."""

    name: str  # "FandolFang-Regular": the face's file stem, for messages and calibration keys
    units_per_em: int
    default_advance: int  # the most common advance: every CJK character's in a Chinese face
    advances: dict[int, int]  # code point → advance, where it differs from the default
    ranges: tuple[tuple[int, int], ...]  # covered code points, as inclusive ranges in order

    def covers(self, char: str) -> bool:
        code = ord(char)
        i = bisect.bisect_right(self.ranges, (code, 0x10FFFF)) - 1
        return i >= 0 and self.ranges[i][0] <= code <= self.ranges[i][1]

    def advance_em(self, char: str) -> float:
        """Width of `char` in ems (a character the face lacks counts at its nominal width)."""
        if not self.covers(char):
            return width_chars(char)
        return self.advances.get(ord(char), self.default_advance) / self.units_per_em


NOMINAL = FaceMetrics("nominal", 2, 2, {}, ())  # no face at hand: width_chars for everything


@functools.cache
def face_metrics(file: Path, index: int = 0) -> FaceMetrics:
    """The metrics of the face at `file` (collection index `index`), from the cache when it is fresh."""
    stat = file.stat()
    key = hashlib.sha256(f"{_FORMAT}\0{file.resolve()}\0{index}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    cached = cache_dir("metrics") / f"{key.hexdigest()[:32]}.json"
    data = read_json(cached)
    if data is not None:
        try:
            return _from_json(data)
        except (ValueError, KeyError, TypeError):
            pass
    metrics = _read_face(file, index)
    write_json(cached, {"name": metrics.name, "units_per_em": metrics.units_per_em,
                        "default_advance": metrics.default_advance, "advances": metrics.advances,
                        "ranges": metrics.ranges})
    return metrics


def _read_face(file: Path, index: int) -> FaceMetrics:
    from fontTools.ttLib import TTFont  # only when the cache misses

    font = TTFont(str(file), fontNumber=index, lazy=True)
    cmap = font.getBestCmap() or {}
    hmtx = font["hmtx"]
    advances = {code: hmtx[glyph][0] for code, glyph in cmap.items()}
    default = Counter(advances.values()).most_common(1)[0][0] if advances else 1000
    ranges: list[tuple[int, int]] = []
    for code in sorted(advances):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    name = file.stem if index == 0 else f"{file.stem}#{index}"
    return FaceMetrics(name, font["head"].unitsPerEm, default,
                       {c: a for c, a in advances.items() if a != default}, tuple(ranges))


def _from_json(data: dict) -> FaceMetrics:
    return FaceMetrics(
        name=data["name"], units_per_em=int(data["units_per_em"]), default_advance=int(data["default_advance"]),
        advances={int(code): int(advance) for code, advance in data["advances"].items()},
        ranges=tuple((int(a), int(b)) for a, b in data["ranges"]),
    )
