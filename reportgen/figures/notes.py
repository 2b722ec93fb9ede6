"""A caveat that comes with a computed figure."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Note:
    """Something the reader of a figure should know (it was taken as 0, say).

    It carries no position: the text that printed the figure is where it
    belongs, and only the caller rendering that text knows it (FigureView).
    """

    message: str
    hint: str | None = None
