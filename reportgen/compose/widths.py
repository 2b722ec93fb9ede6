"""How wide text is, in characters of its own size."""

from __future__ import annotations

import unicodedata


def text_width_chars(text: str) -> float:
    """CJK and full-width forms count one, digits and Latin half (as the official faces set them)."""
    return sum(1 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)
