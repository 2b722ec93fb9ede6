"""Breaking a paragraph into lines, as a word processor does with Chinese text.

A line may break between any two characters except: before a mark that may
not start a line or after one that may not end it (禁则, typography.py), inside
a run of Latin letters and digits (a number or a word), and before a space
(spaces stay at the end of the line they follow and take no room there). Lines
are filled greedily: each takes as many characters as fit, as Word, WPS and
LibreOffice do, so that the PDF's lines are the word processor's lines.
A run too long for a line with no break in it is broken where the line ends,
and said so: the DOCX's word processor does the same.

Between an East Asian letter and a Latin letter or digit ("2011年", "高松ROTARY")
LibreOffice puts a fifth of the font size (its "space between Asian and
non-Asian text", which a DOCX cannot switch off: docs/libreoffice.md). The
lines count that gap, and the PDF draws it, so both renderings break alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportgen.layout import FontRole
from reportgen.paginate.model import Line, Piece
from reportgen.typography import NO_LINE_END, NO_LINE_START, script_gap
from reportgen.units import Pt

_EPSILON = 1e-6


def is_word_char(char: str) -> bool:
    """Latin letters, digits and the ASCII marks inside numbers and words (12.5%, 1-2, APEC)."""
    return "\u0021" <= char <= "\u007e" or "\u00c0" <= char <= "\u024f"


def can_break(before: str, after: str) -> bool:
    """May a line end after `before` when `after` follows?"""
    if after in NO_LINE_START or before in NO_LINE_END or after == " ":
        return False
    return not (is_word_char(before) and is_word_char(after))


@dataclass(frozen=True)
class Broken:
    lines: tuple[Line, ...]
    forced: tuple[str, ...] = ()  # runs broken inside because no break point fitted


def break_lines(
    runs: Sequence[tuple],
    advance: Callable[[str, FontRole | None], float],
    first_width: float,
    width: float,
    justify: bool,
    gap: float = 0.0,
) -> Broken:
    """Lines of `runs` (text, face[, bold]) in the widths given (pt); "\n" forces a break.
    `gap` (pt) stands between scripts where typography.script_gap says so; a line
    that starts after such a join does not carry it."""
    chars = [(char, run[1], run[2] if len(run) > 2 else None) for run in runs for char in run[0]]
    # before[i]: the gap in front of character i, when it follows a join of scripts.
    before = [gap if gap and i and script_gap(chars[i - 1][0], char) else 0.0
              for i, (char, _, _) in enumerate(chars)]
    widths = [0.0 if char == "\n" else advance(char, font) + before[i] for i, (char, font, _) in enumerate(chars)]
    cumulative = [0.0]
    for w in widths:
        cumulative.append(cumulative[-1] + w)

    def span(start: int, stop: int) -> float:
        return cumulative[stop] - cumulative[start] - (before[start] if stop > start else 0.0)

    lines: list[Line] = []
    forced: list[str] = []

    def emit(start: int, end: int, hard_end: bool) -> None:
        stop = end
        while stop > start and chars[stop - 1][0] == " ":
            stop -= 1  # spaces at a line's end take no room there
        available = first_width if not lines else width
        lines.append(Line(
            pieces=_pieces(chars[start:stop]), width=Pt(span(start, stop)),
            available=Pt(available), justify=justify and not hard_end,
        ))

    start, last_break = 0, None
    i = 0
    while i < len(chars):
        char = chars[i][0]
        if char == "\n":
            emit(start, i, hard_end=True)
            start, last_break = i + 1, None
            i += 1
            continue
        if i > start and can_break(chars[i - 1][0], char):
            last_break = i
        available = first_width if not lines else width
        if span(start, i + 1) > available + _EPSILON and i > start and char != " ":
            if last_break is not None and last_break > start:
                cut = last_break
            else:
                cut = i  # nothing breakable fits: break the run where the line ends
                forced.append("".join(c for c, *_ in chars[max(start, i - 12):i + 12]))
            emit(start, cut, hard_end=False)
            start, last_break = cut, None
            while start < len(chars) and chars[start][0] == " ":
                start += 1
            i = start
            continue
        i += 1
    if start < len(chars) or not lines:
        emit(start, len(chars), hard_end=True)
    return Broken(tuple(lines), tuple(forced))


def _pieces(chars: Sequence[tuple[str, FontRole | None, bool | None]]) -> tuple[Piece, ...]:
    pieces: list[Piece] = []
    for char, font, bold in chars:
        if pieces and pieces[-1].font is font and pieces[-1].bold is bold:
            pieces[-1] = Piece(pieces[-1].text + char, font, bold)
        else:
            pieces.append(Piece(char, font, bold))
    return tuple(pieces)
