"""The PDF's stylesheet, generated from the layout profile and the resolved faces.

Nothing here is a number of its own: each value is read from layout.py, so the
PDF and the DOCX cannot drift apart.
"""

from __future__ import annotations

from reportgen.fonts import ResolvedFont
from reportgen.layout import Align, ElementStyle, FontRole, LayoutProfile, Style

# Digits and Latin letters, for a profile that sets them in a face of their own.
LATIN_RANGE = " unicode-range: U+0020-024F;"

_ALIGN = {Align.LEFT: "left", Align.CENTER: "center", Align.RIGHT: "right",
          Align.JUSTIFY: "justify"}


def font_family(role: FontRole) -> str:
    """The class of a <span> whose text takes the face of `role`."""
    return f"rg-{role.name.lower()}"


def face_name(font: ResolvedFont) -> str:
    """The @font-face family, which WeasyPrint also writes as the PDF's font name:
    the real face's (FandolSong-Bold), or the role's where that is not ASCII."""
    name = f"{font.family}-Bold" if font.bold else font.family
    if font.role is FontRole.LATIN:
        # Not the system family's own name: fontconfig would also offer the
        # system's full face, unicode-range and all ignored, for “” and the like.
        return f"Latin {name}" if name.isascii() else "reportgen latin"
    return name if name.isascii() else f"reportgen {font.role.name.lower()}"


def css_class(style: Style) -> str:
    return style.value


def stylesheet(profile: LayoutProfile, fonts: dict[FontRole, ResolvedFont]) -> str:
    # Every role's stack ends in the other CJK faces, never in a Latin-only
    # default, so a rare character still finds a Chinese face (pitfalls, WeasyPrint 1).
    family = {role: face_name(font) for role, font in fonts.items()}
    cjk = dict.fromkeys(name for role, name in family.items() if role is not FontRole.LATIN)
    fallbacks = ", ".join(f'"{name}"' for name in cjk)
    # A profile's face for digits and Latin (Times New Roman) leads the page
    # numbers' stack, limited by unicode-range to those characters. In the body
    # the renderer wraps such runs in span.rg-latin instead: leading the block's
    # stack, its metrics would set every line's strut and push lines off the grid.
    lead = f'"{family[FontRole.LATIN]}", ' if FontRole.LATIN in family else ""
    rules = [
        f'@font-face {{ font-family: "{face_name(font)}"; src: url("{font.file.as_uri()}");'
        f"{LATIN_RANGE if role is FontRole.LATIN else ''} }}"
        for role, font in {face_name(font): (role, font) for role, font in fonts.items()}.values()
    ]
    rules += [
        f'@font-face {{ font-family: "{face_name(font)}"; src: url("{font.bold_file.as_uri()}"); font-weight: bold; }}'
        for font in fonts.values() if font.bold_file is not None
    ]
    page_number = (
        f'font-family: {lead}"{family[FontRole.SONGTI]}", {fallbacks}; '
        f"font-size: {profile.page_number_size_pt}pt; "
        "letter-spacing: 0; line-height: 1; vertical-align: top; "
        f"padding-top: {profile.css_page_number_padding_mm}mm; "
        'content: "\\2014\\0020" counter(page) "\\0020\\2014";'
    )
    indent = profile.page_number_indent_chars * profile.page_number_size_pt
    table_head, table_text = profile.element(Style.TABLE_HEAD), profile.element(Style.TABLE_TEXT)
    notes_indent = profile.end_notes_indent_chars * profile.end_notes_size_pt
    rules.append(f"""
@page {{
  size: {profile.page_width_mm}mm {profile.page_height_mm}mm;
  margin: {profile.margin_top_mm}mm {profile.margin_right_mm}mm
          {profile.margin_bottom_mm}mm {profile.margin_left_mm}mm;
}}
@page :right {{ {_page_number_box(profile.page_number_odd, page_number, indent)} }}
@page :left {{ {_page_number_box(profile.page_number_even, page_number, indent)} }}
html {{
  font-family: "{family[FontRole.FANGSONG]}", {fallbacks};
  font-size: {profile.body_size_pt}pt;
  line-height: {profile.line_pitch_pt}pt;
}}
body {{ margin: 0; }}
p {{
  margin: 0;
  padding: 0;
  /* Widow and orphan control would end pages at 21 lines: the grid is 22. */
  orphans: 1;
  widows: 1;
  min-height: {profile.line_pitch_pt}pt;
}}
/* A face switched inside a line keeps the line's pitch. */
span {{ line-height: 1; }}
/* A line set on its own by render/justify.py must not break again. */
span.line {{ white-space: nowrap; }}
table {{
  width: 100%;
  table-layout: fixed;
  border-collapse: collapse;
  margin: 0;
}}
th, td {{
  border: {profile.table_rule_pt}pt solid black;
  padding: {profile.table_cell_padding_pt}pt;
  line-height: {table_text.line_pitch_pt or profile.line_pitch_pt}pt;
  vertical-align: middle;
}}
th {{ font-family: "{family[table_head.font]}", {fallbacks}; font-size: {table_head.size_pt}pt;
      font-weight: normal; text-align: center; }}
td {{ font-family: "{family[table_text.font]}", {fallbacks}; font-size: {table_text.size_pt}pt;
      text-align: left; }}
td.number {{ text-align: right; }}
tr {{ break-inside: avoid; }}
div.page-break {{ break-before: page; height: 0; }}
/* 7.2.6: 发文字号 at the left, 签发人 at the right, on one line. */
p.split {{ display: flex; justify-content: space-between; }}
p.split span {{ white-space: nowrap; line-height: {profile.line_pitch_pt}pt; }}
/* 7.4: 版记 at the foot of the type area, between its rules. */
div.end-notes {{
  position: absolute; bottom: 0; left: 0; right: 0;
  border-top: {profile.end_notes_outer_rule_mm}mm solid black;
  border-bottom: {profile.end_notes_outer_rule_mm}mm solid black;
}}
div.end-notes p {{
  font-size: {profile.end_notes_size_pt}pt; letter-spacing: 0; text-align: left;
  padding: 0 {notes_indent}pt; text-indent: 0;
}}
div.end-notes p.copy-to {{
  border-bottom: {profile.end_notes_inner_rule_mm}mm solid black;
  /* 抄送 names wrap under the first one, after "抄送：". */
  padding-left: {notes_indent + 3 * profile.end_notes_size_pt}pt;
  text-indent: {-3 * profile.end_notes_size_pt}pt;
}}
/* 印发机关 one character in at the left, 印发日期 one in at the right, on one baseline. */
div.end-notes p.printed {{ display: flex; justify-content: space-between; }}""")
    for style, spec in profile.elements.items():
        # The first-line indent is two of the narrowed characters, not 2em.
        tracking = tracking_pt(profile, spec)
        rules.append(
            f"p.{css_class(style)} {{ "
            f'font-family: "{family[spec.font]}", {fallbacks}; '
            f"font-size: {spec.size_pt}pt; "
            f"font-weight: {'bold' if spec.bold else 'normal'}; "
            f"text-align: {_ALIGN[spec.align]}; "
            f"letter-spacing: {tracking}pt; "
            f"text-indent: calc({spec.first_line_chars} * (1em + {tracking}pt)); "
            f"line-height: {spec.line_pitch_pt or profile.line_pitch_pt}pt; "
            f"{f'color: #{spec.color}; ' if spec.color else ''}}}"
        )
    for role, name in family.items():
        rules.append(f'span.{font_family(role)} {{ font-family: "{name}", {fallbacks}; }}')
    return "\n".join(rules)


def _page_number_box(align: Align, content: str, indent_pt: float) -> str:
    """7.5: the margin box at the page number's side, one character in from the edge."""
    side = {Align.LEFT: "left", Align.CENTER: "center", Align.RIGHT: "right"}[align]
    inset = f"margin-{side}: {indent_pt}pt;" if align is not Align.CENTER else ""
    return f"@bottom-{side} {{ {content} text-align: {side}; {inset} }}"


def tracking_pt(profile: LayoutProfile, spec: ElementStyle) -> float:
    """5.2.3: 三号 characters each give up a little so that 28 fit a line."""
    return profile.css_letter_spacing_pt if spec.size_pt == profile.body_size_pt else 0


def indent_length(profile: LayoutProfile, chars: float) -> str:
    return f"{chars * profile.char_advance_pt('pdf'):.2f}pt"
