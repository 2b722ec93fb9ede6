"""Breaking a long title into lines [GB/T 9704-2012 7.3.1].

A title of 二号 characters holds at most 20 to a line. A longer one is set over
several lines, longer above shorter (a trapezoid), never breaking inside a
number, a Latin word or a 《》 title, and preferring the natural joints of a
work-report title: after the office's name, before 和/与/及, after 关于/的.
"""

from __future__ import annotations

import itertools
import math
from functools import cache

from reportgen.compose.widths import text_width_chars

# Characters that may not start a line, and those that may not end one.
NO_LINE_START = "。，、；：？！）》〕”’…—·"
NO_LINE_END = "（《〔“‘"
_JOINT_BEFORE = "和与及"
_JOINT_AFTER = ("关于", "的")
_ODD_BREAK_COST = 20  # a break at no joint must beat a lopsided one by this much
_INVERTED_COST = 100  # a lower line longer than the one above it


def break_title(title: str, max_chars: float, office: str = "") -> list[str]:
    if "\n" in title:  # the input forced its own breaks
        return [line.strip() for line in title.splitlines() if line.strip()]
    if text_width_chars(title) <= max_chars:
        return [title]
    allowed = _allowed_breaks(title)
    joints = _joints(title, office)
    lines_needed = math.ceil(text_width_chars(title) / max_chars)

    @cache
    def best(start: int, lines_left: int) -> tuple[float, tuple[int, ...]]:
        rest = title[start:]
        if lines_left == 1:
            if text_width_chars(rest) > max_chars:
                return math.inf, ()
            return 0.0, ()
        found: tuple[float, tuple[int, ...]] = (math.inf, ())
        for cut in allowed:
            if cut <= start or text_width_chars(title[start:cut]) > max_chars:
                continue
            cost, cuts = best(cut, lines_left - 1)
            if cost == math.inf:
                continue
            found = min(found, (cost, (cut, *cuts)))
        return found

    for count in range(lines_needed, lines_needed + 3):
        candidates = []
        for cut in allowed:
            cost, cuts = best(cut, count - 1)
            if cost == math.inf or text_width_chars(title[:cut]) > max_chars:
                continue
            positions = (0, cut, *cuts, len(title))
            lines = [title[a:b] for a, b in itertools.pairwise(positions)]
            candidates.append((_shape_cost(lines, positions[1:-1], joints), lines))
        if candidates:
            return min(candidates)[1]
    return [title]  # no acceptable break: one long line rather than a broken word


def _shape_cost(lines: list[str], cuts, joints: set[int]) -> float:
    widths = [text_width_chars(line) for line in lines]
    cost = max(widths) - min(widths)
    cost += sum(_ODD_BREAK_COST for cut in cuts if cut not in joints)
    cost += sum(_INVERTED_COST for a, b in itertools.pairwise(widths) if b > a)
    return cost


def _allowed_breaks(title: str) -> list[int]:
    allowed = []
    depth = 0
    for i, char in enumerate(title):
        if i > 0 and depth == 0:
            before, after = title[i - 1], char
            inside_word = before.isascii() and after.isascii() and before.isalnum() and after.isalnum()
            if not inside_word and after not in NO_LINE_START and before not in NO_LINE_END:
                allowed.append(i)
        if char == "《":
            depth += 1
        elif char == "》":
            depth = max(depth - 1, 0)
    return allowed


def _joints(title: str, office: str) -> set[int]:
    joints = set()
    if office and title.startswith(office):
        joints.add(len(office))
    for i, char in enumerate(title):
        if char in _JOINT_BEFORE:
            joints.add(i)
    for word in _JOINT_AFTER:
        start = title.find(word)
        while start != -1:
            joints.add(start + len(word))
            start = title.find(word, start + 1)
    return joints
