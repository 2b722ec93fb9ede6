"""What a reader hands the recogniser: the file's paragraphs and tables in order,
with what their look says (face, bold, size, alignment, numbering), and
nothing yet about what they are."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Face(Enum):
    """The families GB/T 9704 assigns to elements: 小标宋 titles, 黑体 level 1,
    楷体 level 2, 仿宋 for body and levels 3-4 [7.3]."""

    SONG = "宋体"  # 小标宋, 宋体, 标宋
    HEI = "黑体"
    KAI = "楷体"
    FANG = "仿宋"
    OTHER = "其他"


def face_of(name: str | None) -> Face | None:
    """The family of a font name as Word, WPS or a PDF names it."""
    if not name:
        return None
    lowered = name.lower()
    for keys, face in (
        (("黑", "hei", "simhei"), Face.HEI),
        (("楷", "kai"), Face.KAI),
        (("仿宋", "fang"), Face.FANG),
        (("宋", "song", "xbs", "biaosong"), Face.SONG),
    ):
        if any(key in lowered for key in keys):
            return face
    return Face.OTHER


class Align(Enum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"
    JUSTIFY = "justify"


@dataclass(frozen=True)
class Span:
    """A stretch of a paragraph's text in one look."""

    text: str
    face: Face | None = None
    bold: bool = False
    size_pt: float | None = None
    color: str | None = None  # RRGGBB, None for automatic


@dataclass(frozen=True)
class SourceParagraph:
    number: int  # 1-based among the file's non-empty paragraphs, as a person counts them
    spans: tuple[Span, ...]
    align: Align | None = None
    style: str | None = None  # the paragraph style's name, as Word shows it
    outline_level: int | None = None  # 0-based, from the paragraph or its style
    label: str | None = None  # Word's automatic number, resolved: "一、", "（1）"
    indent_chars: float | None = None  # left indent of the whole paragraph, in characters
    in_text_box: bool = False
    page_break_before: bool = False

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True)
class SourceTable:
    number: int  # the paragraph number it follows, for messages
    rows: tuple[tuple[str, ...], ...]
    in_text_box: bool = False


SourceBlock = SourceParagraph | SourceTable


@dataclass(frozen=True)
class SourceDocument:
    name: str  # the file's name, for comments and messages
    blocks: tuple[SourceBlock, ...]
    application: str | None = None  # "Microsoft Office Word", "WPS Office", "reportgen", …
    notes: tuple[str, ...] = field(default_factory=tuple)  # what the reader noticed (Chinese)
