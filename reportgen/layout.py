"""The numbers of the official format, kept apart by who decides them.

- `Standard`: GB/T 9704-2012's own numbers, each with its clause. Fixed.
- `LayoutProfile`: what an office chooses on top of it (line pitch, bold
  headings, page-number side, faces and their names), one profile per variant;
  `VARIANTS` are data, combined by `profile_named`.
- How each renderer is nudged to hit these numbers with a given face is
  measured, not decided: reportgen/calibration.py, keyed by (renderer, face,
  size or pitch).

Both renderers read positions computed from these by reportgen/paginate; neither
types a dimension of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum

from reportgen.units import Length, Mm, Pt

# 7.2.4/7.2.5: the 版头's red (the standard says red, not which: a printer's red).
RED = "E60012"


class FontRole(Enum):
    """A typeface by its job in the document, independent of the installed face."""

    XIAOBIAOSONG = "小标宋"  # title [7.3.1]
    FANGSONG = "仿宋"  # body and most elements [7.3.3]
    HEITI = "黑体"  # level-1 headings [7.3.3]
    KAITI = "楷体"  # level-2 headings [7.3.3]
    SONGTI = "宋体"  # page numbers [7.5]
    # Digits and Latin letters, where a profile sets them apart (Times New Roman
    # is a local rule, not the standard's): absent from the standard profile.
    LATIN = "西文和数字"


class Align(Enum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"
    JUSTIFY = "justify"


class Style(Enum):
    """Paragraph kinds of the document model; each has one ElementStyle below."""

    TITLE = "title"
    RECIPIENT = "recipient"
    BODY = "body"
    HEADING1 = "heading1"
    HEADING2 = "heading2"
    HEADING3 = "heading3"
    HEADING4 = "heading4"
    PART_HEADING = "part-heading"  # 第一部分：… above the 一、 level
    SIGNATURE = "signature"
    DATE = "date"
    BLANK = "blank"
    ATTACHMENT_NOTE = "attachment-note"  # 附件说明 [7.3.4]
    ATTACHMENT_LABEL = "attachment-label"  # “附件1” [7.3.7]
    ATTACHMENT_TITLE = "attachment-title"
    TABLE_TEXT = "table-text"  # cells of a table
    TABLE_HEAD = "table-head"
    TABLE_CAPTION = "table-caption"  # the title above a table in the body
    END_NOTES = "end-notes"  # 版记 [7.4]
    HEADER_MARK = "header-mark"  # 份号, 密级, 紧急程度 [7.2.1-7.2.3]
    ISSUER = "issuer"  # 发文机关标志 [7.2.4]
    DOC_NUMBER = "doc-number"  # 发文字号 and 签发人 [7.2.5, 7.2.6]


HEADING_STYLES = (Style.HEADING1, Style.HEADING2, Style.HEADING3, Style.HEADING4)


@dataclass(frozen=True)
class FontFace:
    """How one role is named in the DOCX and which installed faces may stand in for the PDF.

    `docx_name` is the official face that staff have in Word or WPS [7.x];
    `candidates` are family names tried in order on this machine for the PDF,
    official names first, then the free Fandol faces.
    """

    docx_name: str
    candidates: tuple[str, ...]
    # Fandol has no 小标宋: its heavy Song is the nearest, asked for by weight.
    bold_fallback: bool = False


@dataclass(frozen=True)
class ElementStyle:
    docx_name: str  # the named paragraph style staff see in Word/WPS
    font: FontRole
    size: Length
    align: Align
    first_line_chars: float = 0  # first-line indent in characters
    bold: bool = False
    line_pitch: Length | None = None  # None: the profile's grid pitch
    color: str | None = None  # RRGGBB; None: black


@dataclass(frozen=True)
class Standard:
    """GB/T 9704-2012 《党政机关公文格式》, clause by clause."""

    # 5.2.1: A4.
    page_width: Length = Mm(210)
    page_height: Length = Mm(297)
    # 5.2.2: top 37 mm, left 28 mm; the 156 x 225 mm type area (版心) fixes the other two.
    margin_top: Length = Mm(37)
    margin_left: Length = Mm(28)
    type_width: Length = Mm(156)
    type_height: Length = Mm(225)
    # 5.2.3: 22 lines of 28 characters.
    lines_per_page: int = 22
    chars_per_line: int = 28
    # 7.3.3: the body in 三号 (16 pt).
    body_size: Length = Pt(16)
    # 7.3.1: a 二号 title holds at most 20 characters a line (22 pt x 20 = 440 pt
    # of the type area's 442.2 pt).
    title_max_chars: float = 20
    # 7.5: "— N —" in 四号 (14 pt), one character in from the type area's edge,
    # the dash 7 mm below the type area.
    page_number_size: Length = Pt(14)
    page_number_gap: Length = Mm(7)
    page_number_indent_chars: float = 1
    # 7.3.5.2: unsealed, one blank line below the body, the 署名 右空二字, the
    # date two characters right of the 署名's first character.
    signature_right_chars: float = 2
    date_offset_chars: float = 2
    # 7.3.5.1: sealed, the date 右空四字 and the 署名 centred over it. The seal
    # (about 42 mm, four lines) presses on both with its top within a line of the
    # body, so two blank lines stand between the body and the 署名.
    sealed_date_right_chars: float = 4
    sealed_blank_lines: int = 2
    # 7.3.5.3: signature seal, two blank lines below the body; the seal 右空四字,
    # the signer's title two characters left of it; one blank line, then the date
    # 右空四字. The room kept for the seal is a decision: four characters wide.
    signature_seal_chars: float = 4
    signature_seal_gap_chars: float = 2
    signature_seal_blank_lines: int = 2
    # 7.2: 版头. The issuer's mark with its top 35 mm below the type area's top;
    # the 发文字号 and 签发人 each one character in; the red rule 4 mm below the
    # 发文字号, as wide as the type area.
    issuer_top: Length = Mm(35)
    header_rule_gap: Length = Mm(4)
    header_indent_chars: float = 1
    # 7.4: 版记 in 四号仿宋, its lines one character in on both sides, between
    # rules: the first and last 0.35 mm, those between 0.25 mm; the last rule on
    # the type area's bottom edge of the last page, an even page.
    end_notes_size: Length = Pt(14)
    end_notes_indent_chars: float = 1
    end_notes_outer_rule: Length = Mm(0.35)
    end_notes_inner_rule: Length = Mm(0.25)
    # 7.3.4: 附件说明 左空二字.
    attachment_note_indent_chars: float = 2

    @property
    def margin_bottom(self) -> Length:
        return self.page_height - self.margin_top - self.type_height

    @property
    def margin_right(self) -> Length:
        return self.page_width - self.margin_left - self.type_width


GBT_9704 = Standard()


@dataclass(frozen=True)
class LayoutProfile:
    """The standard plus an office's choices. Variants change these numbers and
    names, never code paths."""

    name: str
    standard: Standard = GBT_9704
    # The grid pitch: 28.95 pt fits 22 lines in 225 mm in both WeasyPrint and
    # LibreOffice; 29 pt gives 21 (measured). Offices that write "固定值 28 磅" choose 28.
    line_pitch: Length = Pt(28.95)
    page_number_odd: Align = Align.RIGHT  # 7.5
    page_number_even: Align = Align.LEFT
    # Decisions the standard leaves open: the red rule's thickness, and the cell
    # padding and rules of tables.
    header_rule: Length = Mm(0.5)
    issuer_color: str = RED
    table_cell_padding: Length = Pt(3)
    table_rule: Length = Pt(0.5)
    # No header is printed, but a DOCX section needs a header distance inside the top margin.
    header_distance: Length = Mm(15)
    fonts: dict[FontRole, FontFace] = field(default_factory=dict)
    elements: dict[Style, ElementStyle] = field(default_factory=dict)

    def element(self, style: Style) -> ElementStyle:
        return self.elements[style]

    @property
    def lines_per_page(self) -> int:
        """Whole lines of this pitch in the type area: 22 at 28.95 pt, 22 at 28 pt."""
        return int(self.standard.type_height.pt / self.line_pitch.pt + 1e-6)


_FONTS = {
    FontRole.XIAOBIAOSONG: FontFace(
        "方正小标宋简体",
        ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FandolSong"),
        bold_fallback=True,
    ),
    FontRole.FANGSONG: FontFace(
        "仿宋_GB2312", ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "FandolFang")
    ),
    FontRole.HEITI: FontFace("黑体", ("黑体", "SimHei", "FandolHei")),
    FontRole.KAITI: FontFace(
        "楷体_GB2312", ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "FandolKai")
    ),
    FontRole.SONGTI: FontFace("宋体", ("宋体", "SimSun", "FandolSong")),
}

_ELEMENTS = {
    # 7.2/7.3.1: title 二号小标宋, centred.
    Style.TITLE: ElementStyle("标题", FontRole.XIAOBIAOSONG, Pt(22), Align.CENTER),
    # 7.3.2: 主送机关 flush left.
    Style.RECIPIENT: ElementStyle("主送机关", FontRole.FANGSONG, Pt(16), Align.LEFT),
    # 7.3.3: body 三号仿宋, justified, first line indented two characters.
    Style.BODY: ElementStyle("正文", FontRole.FANGSONG, Pt(16), Align.JUSTIFY, 2),
    Style.HEADING1: ElementStyle("一级标题", FontRole.HEITI, Pt(16), Align.JUSTIFY, 2),
    Style.HEADING2: ElementStyle("二级标题", FontRole.KAITI, Pt(16), Align.JUSTIFY, 2),
    Style.HEADING3: ElementStyle("三级标题", FontRole.FANGSONG, Pt(16), Align.JUSTIFY, 2),
    Style.HEADING4: ElementStyle("四级标题", FontRole.FANGSONG, Pt(16), Align.JUSTIFY, 2),
    # Part labels (第一部分) are above the standard's four levels: the first level's face.
    Style.PART_HEADING: ElementStyle("部分标题", FontRole.HEITI, Pt(16), Align.JUSTIFY, 2),
    # 7.3.5: signature and date in the body face; their indents are computed.
    Style.SIGNATURE: ElementStyle("署名", FontRole.FANGSONG, Pt(16), Align.LEFT),
    Style.DATE: ElementStyle("成文日期", FontRole.FANGSONG, Pt(16), Align.LEFT),
    Style.BLANK: ElementStyle("空行", FontRole.FANGSONG, Pt(16), Align.LEFT),
    # 7.3.4: 附件说明 in the body face; its hanging indents are computed.
    Style.ATTACHMENT_NOTE: ElementStyle("附件说明", FontRole.FANGSONG, Pt(16), Align.LEFT),
    # 7.3.7: "附件1" in 黑体 flush left on the attachment's first line, its title
    # in the title's face and size, centred, on the third.
    Style.ATTACHMENT_LABEL: ElementStyle("附件标识", FontRole.HEITI, Pt(16), Align.LEFT),
    Style.ATTACHMENT_TITLE: ElementStyle("附件标题", FontRole.XIAOBIAOSONG, Pt(22), Align.CENTER),
    # Tables are not in the standard's grid; 四号 keeps a statistics table of
    # several columns readable within the type area (a decision).
    Style.TABLE_TEXT: ElementStyle("表格文字", FontRole.FANGSONG, Pt(14), Align.LEFT, line_pitch=Pt(20)),
    Style.TABLE_HEAD: ElementStyle("表头", FontRole.HEITI, Pt(14), Align.CENTER, line_pitch=Pt(20)),
    # A body table's title: 三号黑体, centred, on the grid (a decision: no face of
    # the standard's is bold, and a bold 仿宋 is a face few machines have).
    Style.TABLE_CAPTION: ElementStyle("表题", FontRole.HEITI, Pt(16), Align.CENTER),
    # 7.4: 四号仿宋.
    Style.END_NOTES: ElementStyle("版记", FontRole.FANGSONG, Pt(14), Align.LEFT),
    # 7.2: 份号 in 三号 digits, 密级 and 紧急程度 in 三号黑体, flush left.
    Style.HEADER_MARK: ElementStyle("份号密级", FontRole.HEITI, Pt(16), Align.LEFT),
    # 7.2.4: the issuer's mark in red 小标宋; its size is the office's to choose
    # (36 pt here, smaller when the name would not fit a line).
    Style.ISSUER: ElementStyle(
        "发文机关标志", FontRole.XIAOBIAOSONG, Pt(36), Align.CENTER, line_pitch=Pt(36), color=RED
    ),
    Style.DOC_NUMBER: ElementStyle("发文字号", FontRole.FANGSONG, Pt(16), Align.LEFT),
}

STANDARD = LayoutProfile(name="standard", fonts=_FONTS, elements=_ELEMENTS)


def _bold(*styles: Style) -> dict[Style, ElementStyle]:
    return {style: replace(_ELEMENTS[style], bold=True) for style in styles}


# Variants offices actually use, each a change of numbers or names on top of the
# standard; an input may combine several (profile: [times-digits, bold-headings]).
VARIANTS: dict[str, tuple[str, dict]] = {
    "lines-28pt": ("行距固定值 28 磅", {"line_pitch": Pt(28)}),
    "bold-headings": ("二级、三级标题加粗", {"elements": _bold(Style.HEADING2, Style.HEADING3)}),
    "centred-page-numbers": ("页码居中", {"page_number_odd": Align.CENTER, "page_number_even": Align.CENTER}),
    "times-digits": ("数字和西文用 Times New Roman", {"fonts": {
        FontRole.LATIN: FontFace(
            "Times New Roman", ("Times New Roman", "Liberation Serif", "TeX Gyre Termes", "Nimbus Roman")
        ),
    }}),
    "fangzheng-gbk": ("方正 GBK 字体名", {"fonts": {
        FontRole.XIAOBIAOSONG: FontFace(
            "方正小标宋_GBK", ("方正小标宋_GBK", "方正小标宋简体", "FandolSong"), bold_fallback=True
        ),
        FontRole.FANGSONG: FontFace("方正仿宋_GBK", ("方正仿宋_GBK", "仿宋_GB2312", "仿宋", "FandolFang")),
        FontRole.HEITI: FontFace("方正黑体_GBK", ("方正黑体_GBK", "黑体", "FandolHei")),
        FontRole.KAITI: FontFace("方正楷体_GBK", ("方正楷体_GBK", "楷体_GB2312", "楷体", "FandolKai")),
        FontRole.SONGTI: FontFace("方正书宋_GBK", ("方正书宋_GBK", "宋体", "FandolSong")),
    }}),
}


def profile_named(names: str | list[str] | tuple[str, ...]) -> LayoutProfile:
    """The standard profile with the named variants applied, in order."""
    names = [names] if isinstance(names, str) else list(names)
    profile = STANDARD
    applied = []
    for name in names:
        if name == STANDARD.name:
            continue
        if name not in VARIANTS:
            raise KeyError(name)
        # Font and element tables are merged, so variants combine.
        changes = {
            key: {**getattr(profile, key), **value} if isinstance(value, dict) else value
            for key, value in VARIANTS[name][1].items()
        }
        profile = replace(profile, **changes)
        applied.append(name)
    return replace(profile, name="+".join(applied) or STANDARD.name)


PROFILES = {STANDARD.name: STANDARD} | {name: profile_named(name) for name in VARIANTS}
