"""The layout profile: every number of the official format, in one place.

Both renderers read this module; neither types a dimension of its own. Numbers
marked [n] are clauses of GB/T 9704-2012; the rest were measured (see
shared/spec/gbt9704.md) and say so.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum

MM_PER_PT = 25.4 / 72
# 7.2.4/7.2.5: the 版头's red (the standard says red, not which: a printer's red).
RED = "E60012"


def mm_to_pt(mm: float) -> float:
    return mm / MM_PER_PT


def pt_to_twips(pt: float) -> int:
    return round(pt * 20)


def mm_to_twips(mm: float) -> int:
    return pt_to_twips(mm_to_pt(mm))


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
    SIGNATURE = "signature"
    DATE = "date"
    BLANK = "blank"
    ATTACHMENT_NOTE = "attachment-note"  # 附件说明 [7.3.4]
    ATTACHMENT_LABEL = "attachment-label"  # “附件1” [7.3.7]
    ATTACHMENT_TITLE = "attachment-title"
    TABLE_TEXT = "table-text"  # cells of an attachment's table
    TABLE_HEAD = "table-head"
    END_NOTES = "end-notes"  # 版记 [7.4]
    HEADER_MARK = "header-mark"  # 份号, 密级, 紧急程度 [7.2.1-7.2.3]
    ISSUER = "issuer"  # 发文机关标志 [7.2.4]
    DOC_NUMBER = "doc-number"  # 发文字号 and 签发人 [7.2.5, 7.2.6]


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
    size_pt: float
    align: Align
    first_line_chars: float = 0  # first-line indent in characters
    bold: bool = False
    line_pitch_pt: float | None = None  # None: the profile's grid pitch
    color: str | None = None  # RRGGBB; None: black


@dataclass(frozen=True)
class LayoutProfile:
    name: str
    # 5.2.1: A4.
    page_width_mm: float = 210
    page_height_mm: float = 297
    # 5.2.2: top 37 mm, left 28 mm; the 156 x 225 mm type area fixes the other two.
    margin_top_mm: float = 37
    margin_left_mm: float = 28
    type_width_mm: float = 156
    type_height_mm: float = 225
    # 5.2.3: 22 lines of 28 characters. 28.95 pt fits 22 lines exactly in both
    # WeasyPrint and LibreOffice; 29 pt gives 21 (measured).
    lines_per_page: int = 22
    chars_per_line: int = 28
    line_pitch_pt: float = 28.95
    # 7.3.1: a 二号 title holds at most 20 characters a line.
    title_max_chars: float = 20
    # 三号 = 16 pt [7.3.3]; 28 x 16 pt overflows 442.2 pt, so each character gives
    # up a little. DOCX character spacing is in twentieths of a point: -5 gives 28
    # (-4 still 27). CSS needs -0.22 pt (measured in WeasyPrint).
    body_size_pt: float = 16
    docx_char_spacing_twentieths: int = -5
    css_letter_spacing_pt: float = -0.22
    # 7.5: "— N —" in 四号 (14 pt) 宋体, one character in from the type area's
    # edge, the dash 7 mm below the type area.
    page_number_size_pt: float = 14
    page_number_gap_mm: float = 7
    page_number_indent_chars: float = 1
    page_number_odd: Align = Align.RIGHT
    page_number_even: Align = Align.LEFT
    # Distance from the paper's bottom to the footer paragraph, and the padding of
    # the PDF's margin box, that put the dash stroke 7 mm below the type area with
    # FandolSong: measured 7.01 mm in LibreOffice 7.4 and 7.07 mm in WeasyPrint 70
    # (tests/test_*: within 0.5 mm). Another face needs its own calibration.
    docx_footer_distance_mm: float = 25.15
    css_page_number_padding_mm: float = 4.2
    # No header is used; Word still needs a header distance inside the top margin.
    docx_header_distance_mm: float = 15
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
    # 7.2: 版头. 份号, 密级 and 紧急程度 on lines 1-3; the issuer's mark in red
    # 小标宋, its top 35 mm below the type area's top, its size the office's to
    # choose (36 pt here, smaller when the name would not fit a line); the 发文字号
    # two blank lines below it, 签发人 on its line for an upward document, each one
    # character in; the red rule 4 mm below the 发文字号, as wide as the type area
    # (its thickness is not in the standard: 0.5 mm here); the title two blank
    # lines below the rule.
    issuer_top_mm: float = 35
    issuer_color: str = RED  # the rule's; the mark's is its element's, the same red
    header_rule_gap_mm: float = 4
    header_rule_mm: float = 0.5
    header_indent_chars: float = 1
    # How far below the 发文字号's baseline its line's box ends, per renderer
    # (FandolFang 三号 on 28.95 pt lines, measured): the rule's gap is counted
    # from the baseline, the renderers draw it below the line's box.
    css_baseline_to_line_bottom_pt: float = 8.3
    docx_baseline_to_line_bottom_pt: float = 6.6
    # LibreOffice sets a 36 pt mark lower in its exact-height line than WeasyPrint
    # does: the DOCX asks for this much more space above it (measured).
    docx_issuer_extra_space_pt: float = 6.7
    # 7.4: 版记 in 四号仿宋, its lines one character in on both sides, between
    # rules: the first and last 0.35 mm, those between 0.25 mm; the last rule on
    # the type area's bottom edge of the last page, an even page.
    end_notes_size_pt: float = 14
    end_notes_indent_chars: float = 1
    end_notes_outer_rule_mm: float = 0.35
    end_notes_inner_rule_mm: float = 0.25
    # 7.3.4: 附件说明 左空二字.
    attachment_note_indent_chars: float = 2
    # Attachment tables: cell padding and rules (their text's pitch is the elements').
    table_cell_padding_pt: float = 3
    table_rule_pt: float = 0.5
    fonts: dict[FontRole, FontFace] = field(default_factory=dict)
    elements: dict[Style, ElementStyle] = field(default_factory=dict)

    @property
    def margin_bottom_mm(self) -> float:
        return self.page_height_mm - self.margin_top_mm - self.type_height_mm

    @property
    def margin_right_mm(self) -> float:
        return self.page_width_mm - self.margin_left_mm - self.type_width_mm

    @property
    def type_width_pt(self) -> float:
        return mm_to_pt(self.type_width_mm)

    def char_advance_pt(self, renderer: str) -> float:
        """The advance of one 三号 character after the spacing tweak, per renderer."""
        if renderer == "docx":
            return self.body_size_pt + self.docx_char_spacing_twentieths / 20
        return self.body_size_pt + self.css_letter_spacing_pt

    def element(self, style: Style) -> ElementStyle:
        return self.elements[style]


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
    Style.TITLE: ElementStyle("标题", FontRole.XIAOBIAOSONG, 22, Align.CENTER),
    # 7.3.2: 主送机关 flush left.
    Style.RECIPIENT: ElementStyle("主送机关", FontRole.FANGSONG, 16, Align.LEFT),
    # 7.3.3: body 三号仿宋, justified, first line indented two characters.
    Style.BODY: ElementStyle("正文", FontRole.FANGSONG, 16, Align.JUSTIFY, 2),
    Style.HEADING1: ElementStyle("一级标题", FontRole.HEITI, 16, Align.JUSTIFY, 2),
    Style.HEADING2: ElementStyle("二级标题", FontRole.KAITI, 16, Align.JUSTIFY, 2),
    Style.HEADING3: ElementStyle("三级标题", FontRole.FANGSONG, 16, Align.JUSTIFY, 2),
    Style.HEADING4: ElementStyle("四级标题", FontRole.FANGSONG, 16, Align.JUSTIFY, 2),
    # 7.3.5: signature and date in the body face; their indents are computed.
    Style.SIGNATURE: ElementStyle("署名", FontRole.FANGSONG, 16, Align.LEFT),
    Style.DATE: ElementStyle("成文日期", FontRole.FANGSONG, 16, Align.LEFT),
    Style.BLANK: ElementStyle("空行", FontRole.FANGSONG, 16, Align.LEFT),
    # 7.3.4: 附件说明 in the body face; its hanging indents are computed.
    Style.ATTACHMENT_NOTE: ElementStyle("附件说明", FontRole.FANGSONG, 16, Align.LEFT),
    # 7.3.7: "附件1" in 黑体 flush left on the attachment's first line, its title
    # in the title's face and size, centred, on the third.
    Style.ATTACHMENT_LABEL: ElementStyle("附件标识", FontRole.HEITI, 16, Align.LEFT),
    Style.ATTACHMENT_TITLE: ElementStyle("附件标题", FontRole.XIAOBIAOSONG, 22, Align.CENTER),
    # Tables are not in the standard's grid; 四号 keeps a statistics table of
    # several columns readable within the type area (a decision).
    Style.TABLE_TEXT: ElementStyle("表格文字", FontRole.FANGSONG, 14, Align.LEFT, line_pitch_pt=20),
    Style.TABLE_HEAD: ElementStyle("表头", FontRole.HEITI, 14, Align.CENTER, line_pitch_pt=20),
    # 7.4: 四号仿宋.
    Style.END_NOTES: ElementStyle("版记", FontRole.FANGSONG, 14, Align.LEFT),
    # 7.2: 份号 in 三号 digits, 密级 and 紧急程度 in 三号黑体, flush left.
    Style.HEADER_MARK: ElementStyle("份号密级", FontRole.HEITI, 16, Align.LEFT),
    Style.ISSUER: ElementStyle(
        "发文机关标志", FontRole.XIAOBIAOSONG, 36, Align.CENTER, line_pitch_pt=36, color=RED
    ),
    Style.DOC_NUMBER: ElementStyle("发文字号", FontRole.FANGSONG, 16, Align.LEFT),
}

HEADING_STYLES = (Style.HEADING1, Style.HEADING2, Style.HEADING3, Style.HEADING4)

STANDARD = LayoutProfile(name="standard", fonts=_FONTS, elements=_ELEMENTS)


def _bold(*styles: Style) -> dict[Style, ElementStyle]:
    return {style: replace(_ELEMENTS[style], bold=True) for style in styles}


# Variants offices actually use, each a change of numbers or names on top of the
# standard; an input may combine several (profile: [times-digits, bold-headings]).
VARIANTS: dict[str, tuple[str, dict]] = {
    "lines-28pt": ("行距固定值 28 磅", {"line_pitch_pt": 28}),
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
