"""Breaking a long title into lines [GB/T 9704-2012 7.3.1].

"回行时，要做到词意完整，排列对称，长短适宜，间距恰当，标题排列应当使用梯形或菱形":
a title of 二号 characters holds at most 20 to a line; a longer one breaks
only between words (a Chinese word segmenter finds them), never inside a
number, a Latin word, a bracketed note such as "（境）" or a 《》 title that
fits a line, nor against the 禁则; and its lines form a 梯形 (each line at
least as long as the one above: 上短下长) or, from three lines, a 菱形
(growing to a longest line, then shrinking). Among the layouts that do, the
fewest lines win, then the one whose breaks fall at the title's natural
joints (after the office's name, before 关于 and 和/与/及, around a 《》
title) with lines of the most even length.

The choice is a shortest path over the break points (dynamic programming):
linear in the title's length for a given line width, a few milliseconds for
a 200-character title. The segmenter (rjieba, the Rust port of jieba) takes
0.2-0.4 s to load its dictionary, so it is imported only when a title needs
breaking, and the words it finds are kept in a small cache file, so that
building the same report again does not load it at all.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass

from reportgen.cache import cache_dir, read_json, write_json
from reportgen.typography import NO_LINE_END, NO_LINE_START, text_width_chars

# Costs, in characters of width: a line, a break at a word boundary that is no
# joint (more next to a one-character word), a break inside a 《》 title wider
# than a line, and a line that breaks the shape (a 倒梯形 or a 沙漏形), which only
# an otherwise impossible title accepts. Uneven lines cost their difference.
_LINE_COST = 20
_ODD_BREAK_COST = 6
_SINGLE_WORD_COST = 24
_BOOK_BREAK_COST = 30
_SHAPE_COST = 100

_CONJUNCTIONS = ("和", "与", "及", "以及")
_SEGMENTER = "rjieba-0.2"  # cache key: a new segmenter finds new words


def break_title(title: str, max_chars: float, office: str = "") -> list[str]:
    """The title's lines; `office` (the issuer's name, when the title starts with it) stays whole."""
    if "\n" in title:  # the input forced its own breaks
        return [line.strip() for line in title.splitlines() if line.strip()]
    if text_width_chars(title) <= max_chars:
        return [title]
    points = break_points(title, max_chars, office)
    best = _best_layout(title, points, max_chars)
    if best is None:
        return [title]  # no break anywhere (one word wider than a line): the paginate stage breaks it
    return [title[a:b] for a, b in zip((0, *best), (*best, len(title)), strict=True)]


@dataclass(frozen=True)
class BreakPoint:
    at: int  # a line may end before title[at]
    cost: float  # 0 at a joint of the title, more elsewhere


def break_points(title: str, max_chars: float, office: str = "") -> list[BreakPoint]:
    """Where the title may break: between words, outside what must stay whole."""
    words = word_boundaries(title)
    whole = _kept_whole(title, max_chars, office)
    books = _book_spans(title)
    office_end = len(office) if office and title.startswith(office) else 0
    points = []
    for at in sorted(words):
        if not 0 < at < len(title) or any(a < at < b for a, b in whole):
            continue
        before, after = title[at - 1], title[at]
        if after in NO_LINE_START or before in NO_LINE_END:
            continue
        if before.isascii() and before.isalnum() and (after.isalnum() or not after.isascii()):
            continue  # inside a number or a Latin word, or between a number and its unit (2012年)
        cost = 0.0
        if not _is_joint(title, at, office_end):
            cost = _ODD_BREAK_COST
            if _single(title, words, at):
                cost += _SINGLE_WORD_COST  # a one-character word is often part of a name (美国圣|查尔斯市)
        if any(a < at < b for a, b in books):  # only books wider than a line are left here
            cost += _BOOK_BREAK_COST
        points.append(BreakPoint(at, cost))
    return points


def _single(title: str, words: frozenset[int], at: int) -> bool:
    """Is the word just before or just after `at` a single Chinese character?"""
    before = at - 1 in words or at == 1
    after = at + 1 in words or at + 1 == len(title)
    return (before and not title[at - 1].isascii()) or (after and not title[at].isascii())


def _is_joint(title: str, at: int, office_end: int) -> bool:
    rest = title[at:]
    return (
        at == office_end
        or rest.startswith("关于") or title[:at].endswith("关于")
        or rest.startswith(_CONJUNCTIONS)
        or rest.startswith("《") or title[:at].endswith("》")
    )


def _book_spans(title: str) -> list[tuple[int, int]]:
    spans, opened = [], None
    for i, char in enumerate(title):
        if char == "《" and opened is None:
            opened = i
        elif char == "》" and opened is not None:
            spans.append((opened, i + 1))
            opened = None
    return spans


def _kept_whole(title: str, max_chars: float, office: str) -> list[tuple[int, int]]:
    """Spans no break may enter: the office's name, a 《》 title that fits a line,
    and a bracketed note with the word before it ("出国（境）")."""
    spans = []
    if office and title.startswith(office) and text_width_chars(office) <= max_chars:
        spans.append((0, len(office)))
    spans += [(a, b) for a, b in _book_spans(title) if text_width_chars(title[a:b]) <= max_chars]
    start = title.find("（")
    while start != -1:
        end = title.find("）", start)
        if end == -1:
            break
        if end - start <= 6:
            spans.append((max(start - 1, 0), end + 1))
        start = title.find("（", end)
    return spans


def _best_layout(title: str, points: list[BreakPoint], max_chars: float) -> tuple[int, ...] | None:
    """The break positions of the cheapest layout that fits, or None.

    A layout is a path 0 → break → … → len(title) whose every line fits. The
    cost of a line depends on the line above it (the shape), so a state is the
    last line (its start and end) and the shape's phase: 0 while every line is as
    long as the first, 1 once one was longer (a 梯形, or the top half of a 菱形),
    2 once they shrink after that (the bottom half of a 菱形). States are taken in
    order of their end: each line is priced once."""
    ends = [0, *(p.at for p in points), len(title)]
    cost_at = {p.at: p.cost for p in points}
    width = _widths(title)
    following: dict[int, list[int]] = {}  # the ends of the lines that can start at a break
    for index, start in enumerate(ends[:-1]):
        following[start] = []
        for end in ends[index + 1:]:
            if width(start, end) > max_chars:
                break
            following[start].append(end)

    # (start, end, phase) → (cost, the state of the line above)
    best: dict[tuple[int, int, int], tuple[float, tuple[int, int, int] | None]] = {}
    by_end: dict[int, list[tuple[int, int, int]]] = {}

    def offer(state, cost, above) -> None:
        if state not in best:
            by_end.setdefault(state[1], []).append(state)
        elif cost >= best[state][0]:
            return
        best[state] = (cost, above)

    for end in following[0]:
        offer((0, end, 0), _LINE_COST + cost_at.get(end, 0.0), None)
    for at in ends[1:-1]:
        for state in by_end.get(at, ()):
            start, end, phase = state
            cost = best[state][0]
            above = width(start, end)
            for after in following[end]:
                below = width(end, after)
                step = _LINE_COST + cost_at.get(after, 0.0) + abs(below - above)
                if phase < 2 and below > above:
                    new_phase = 1  # growing
                elif phase < 2 and below == above:
                    new_phase = phase
                elif phase >= 1 and below <= above:
                    new_phase = 2  # shrinking after having grown: the bottom half of a 菱形
                else:
                    new_phase, step = phase, step + _SHAPE_COST
                offer((end, after, new_phase), cost + step, state)
    finished = [state for state in by_end.get(len(title), ())]
    if not finished:
        return None
    state: tuple[int, int, int] | None = min(finished, key=lambda s: best[s][0])
    cuts = []
    while state is not None:
        cuts.append(state[0])
        state = best[state][1]
    return tuple(sorted(cut for cut in cuts if cut))


def _widths(title: str):
    """width(a, b) = text_width_chars(title[a:b]), from prefix sums."""
    chars = [text_width_chars(char) for char in title]
    joins = [0.0] + [text_width_chars(title[k - 1:k + 1]) - chars[k - 1] - chars[k] for k in range(1, len(title))]
    char_sum, join_sum = [0.0], [0.0]
    for k, char in enumerate(chars):
        char_sum.append(char_sum[-1] + char)
        join_sum.append(join_sum[-1] + joins[k])

    def width(a: int, b: int) -> float:
        # The joins inside title[a:b] stand before characters a+1 … b-1.
        return char_sum[b] - char_sum[a] + (join_sum[b] - join_sum[a + 1] if b > a else 0.0)

    return width


# --- words ---------------------------------------------------------------------------------------


def word_boundaries(title: str) -> frozenset[int]:
    """Offsets between the title's words, from the word segmenter (cached on disk)."""
    return _boundaries(title)


@functools.cache
def _boundaries(title: str) -> frozenset[int]:
    key = hashlib.sha256(f"{_SEGMENTER}\0{title}".encode()).hexdigest()[:32]
    path = cache_dir("words") / f"{key}.json"
    cached = read_json(path)
    if isinstance(cached, list) and all(isinstance(at, int) for at in cached):
        return frozenset(cached)
    found = _segment(title)
    write_json(path, sorted(found))
    return found


def _segment(title: str) -> frozenset[int]:
    """Word boundaries as the segmenter finds them (loaded here, on first need)."""
    import rjieba

    boundaries = set()
    for _, start, end in rjieba.tokenize(title):
        boundaries.update((start, end))
    return frozenset(boundaries)
