"""Breaking a long title into lines [GB/T 9704-2012 7.3.1].

A title of 二号 characters holds at most 20 to a line. A longer one is set over
several lines, longer above shorter (a trapezoid), never breaking inside a
number or a Latin word, nor inside a 《》 title unless it is itself wider than a
line, and preferring the natural joints of a work-report title: after the
office's name, before 和/与/及, after 关于/的, and around a 《》 title.
"""

from __future__ import annotations

import itertools
import math

from reportgen.typography import NO_LINE_END, NO_LINE_START, text_width_chars

_JOINT_BEFORE = "和与及《"
_JOINT_AFTER = ("关于", "的", "》")
_ODD_BREAK_COST = 20  # a break at no joint must beat a lopsided one by this much
_INVERTED_COST = 100  # a lower line longer than the one above it
_BOOK_BREAK_COST = 30  # inside a 《》 wider than a line, where a break cannot be avoided


def break_title(title: str, max_chars: float, office: str = "") -> list[str]:
    if "\n" in title:  # the input forced its own breaks
        return [line.strip() for line in title.splitlines() if line.strip()]
    if text_width_chars(title) <= max_chars:
        return [title]
    allowed, inside_book = _allowed_breaks(title, max_chars)
    joints = _joints(title, office)
    needed = math.ceil(text_width_chars(title) / max_chars)
    for count in range(needed, needed + 3):
        candidates = [
            (_shape_cost(lines, cuts, joints, inside_book), lines)
            for cuts in _cut_sequences(title, allowed, count, max_chars)
            for lines in [[title[a:b] for a, b in itertools.pairwise((0, *cuts, len(title)))]]
        ]
        if candidates:
            return min(candidates)[1]
    return [title]  # no break anywhere (one unbroken word): the renderer wraps it


def _cut_sequences(title: str, allowed: list[int], count: int, max_chars: float, start: int = 0):
    """Every choice of count - 1 break positions giving lines no wider than max_chars."""
    if count == 1:
        if text_width_chars(title[start:]) <= max_chars:
            yield ()
        return
    for cut in allowed:
        if cut <= start:
            continue
        if text_width_chars(title[start:cut]) > max_chars:
            break
        for rest in _cut_sequences(title, allowed, count - 1, max_chars, cut):
            yield (cut, *rest)


def _shape_cost(lines: list[str], cuts, joints: set[int], inside_book: set[int]) -> float:
    widths = [text_width_chars(line) for line in lines]
    cost = max(widths) - min(widths)
    cost += sum(_ODD_BREAK_COST for cut in cuts if cut not in joints)
    cost += sum(_BOOK_BREAK_COST for cut in cuts if cut in inside_book)
    cost += sum(_INVERTED_COST for a, b in itertools.pairwise(widths) if b > a)
    return cost


def _allowed_breaks(title: str, max_chars: float) -> tuple[list[int], set[int]]:
    """Break positions, and those of them inside a 《》 (allowed only when the
    《》 is itself wider than a line, and then as a last resort)."""
    books = []  # (start, end) of each 《…》
    opened = None
    for i, char in enumerate(title):
        if char == "《" and opened is None:
            opened = i
        elif char == "》" and opened is not None:
            books.append((opened, i + 1))
            opened = None
    allowed, inside_book = [], set()
    for i in range(1, len(title)):
        before, after = title[i - 1], title[i]
        if before.isascii() and after.isascii() and before.isalnum() and after.isalnum():
            continue  # inside a number or a Latin word
        if after in NO_LINE_START or before in NO_LINE_END:
            continue
        book = next(((a, b) for a, b in books if a < i < b), None)
        if book is not None:
            if text_width_chars(title[book[0]:book[1]]) <= max_chars:
                continue
            inside_book.add(i)
        allowed.append(i)
    return allowed, inside_book


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
