"""The PDF's stylesheet, from the layout profile, the PDF's geometry and the resolved faces.

Nothing here is a number of its own: sizes and positions are read from the
profile and the geometry (reportgen/paginate/geometry.py) and written as CSS.
"""

from __future__ import annotations

from reportgen.fonts import ResolvedFont
from reportgen.layout import Align, FontRole, LayoutProfile, Style
from reportgen.paginate import LATIN_RANGE
from reportgen.paginate.geometry import Geometry
from reportgen.typography import PAGE_NUMBER_DASH

# Digits and Latin letters, for a profile that sets them in a face of their own.
_LATIN_FACE_RANGE = f" unicode-range: U+{LATIN_RANGE[0]:04X}-{LATIN_RANGE[1]:04X};"

# Justified lines are spread by the renderer itself (render/pdf.py), one line at a time.
ALIGN = {Align.LEFT: "left", Align.CENTER: "center", Align.RIGHT: "right", Align.JUSTIFY: "left"}
_SELECTOR = {Style.TABLE_HEAD: "th", Style.TABLE_TEXT: "td"}


def font_family(role: FontRole) -> str:
    """The class of a <span> whose text takes the face of `role`."""
    return f"rg-{role.name.lower()}"


def face_name(font: ResolvedFont) -> str:
    """The @font-face family of the face file a role resolved to (FandolHei-Regular),
    which WeasyPrint also writes as the PDF's font name. Never an installed
    family's own name: fontconfig would offer that family's other faces too and
    pick among them by weight (the Fandol Bold files declare the regular weight,
    so FandolHei gave the Bold file), or a system face whose unicode-range is ignored."""
    stem = font.file.stem + (f"-{font.index}" if font.index else "")
    name = stem if stem.isascii() else font.role.name.lower()
    return f"rg-{name}".replace(" ", "-")


def _page_number_content() -> str:
    # typography's "— N —", with CSS escapes around the page counter.
    dash = f"\\{ord(PAGE_NUMBER_DASH):04x}"
    return f'content: "{dash}\\0020" counter(page) "\\0020{dash}";'


def stylesheet(profile: LayoutProfile, geometry: Geometry, fonts: dict[FontRole, ResolvedFont]) -> str:
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
        f"{_LATIN_FACE_RANGE if role is FontRole.LATIN else ''} }}"
        for role, font in {face_name(font): (role, font) for role, font in fonts.items()}.values()
    ]
    rules += [
        f'@font-face {{ font-family: "{face_name(font)}"; src: url("{font.bold_file.as_uri()}"); font-weight: bold; }}'
        for font in fonts.values() if font.bold_file is not None
    ]
    g = geometry
    page_number = (
        f'font-family: {lead}"{family[FontRole.SONGTI]}", {fallbacks}; '
        f"font-size: {g.page_number_size.css()}; "
        "letter-spacing: 0; line-height: 1; vertical-align: top; "
        f"padding-top: {g.page_number_drop.css()}; {_page_number_content()}"
    )
    notes_indent = g.end_notes_inset.css()
    rules.append(f"""
@page {{
  size: {g.page_width.css()} {g.page_height.css()};
  margin: {g.margin_top.css()} {g.margin_right.css()} {g.margin_bottom.css()} {g.margin_left.css()};
}}
@page :right {{ {_page_number_box(g.page_number_odd, page_number, g)} }}
@page :left {{ {_page_number_box(g.page_number_even, page_number, g)} }}
html {{
  font-family: "{family[FontRole.FANGSONG]}", {fallbacks};
  font-size: {g.body_size.css()};
  line-height: {g.line_pitch.css()};
  /* The lines are set by reportgen/paginate with these faces' advances: no kerning
     or ligature may change a line's width behind its back. */
  font-kerning: none;
  font-variant-ligatures: none;
}}
body {{ margin: 0; }}
p {{
  margin: 0;
  padding: 0;
  orphans: 1;
  widows: 1;
  min-height: {g.line_pitch.css()};
  /* The lines as the paginate stage set them: each ends at its newline, never elsewhere. */
  white-space: pre;
}}
/* A face switched inside a line keeps the line's pitch. */
span {{ line-height: 1; }}
table {{
  width: 100%;
  table-layout: fixed;
  border-collapse: collapse;
  margin: 0;
}}
th, td {{
  border: {g.table_rule.css()} solid black;
  padding: {g.table_padding.css()};
  vertical-align: middle;
  white-space: pre;
}}
th {{ font-weight: normal; text-align: center; }}
td {{ text-align: left; }}
td.number {{ text-align: right; }}
tr {{ break-inside: avoid; }}
.page-start {{ break-before: page; }}
div.page-break {{ break-before: page; height: 0; }}
/* 7.2.6: 发文字号 at the left, 签发人 at the right, on one line. */
p.split {{ display: flex; justify-content: space-between; }}
p.split > span {{ white-space: pre; line-height: {g.line_pitch.css()}; }}
/* 7.4: 版记 at the foot of the type area, between its rules. */
div.end-notes {{
  position: absolute; bottom: 0; left: 0; right: 0;
  border-top: {g.end_notes_outer_rule.css()} solid black;
  border-bottom: {g.end_notes_outer_rule.css()} solid black;
}}
div.end-notes p {{
  font-size: {g.end_notes_size.css()}; letter-spacing: 0; text-align: left;
  padding: 0 {notes_indent}; text-indent: 0;
}}
div.end-notes p.copy-to {{
  border-bottom: {g.end_notes_inner_rule.css()} solid black;
  /* 抄送 names wrap under the first one, after "抄送：". */
  padding-left: {(g.end_notes_inset + g.end_notes_hang).css()};
  text-indent: {(-g.end_notes_hang).css()};
}}
/* 印发机关 one character in at the left, 印发日期 one in at the right, on one baseline. */
div.end-notes p.printed {{ display: flex; justify-content: space-between; }}
/* Each a whole line, its text in the middle between the rules (7.4). */
div.end-notes p.printed > span {{ line-height: {g.line_pitch.css()}; }}""")
    for style, spec in profile.elements.items():
        pitch = spec.line_pitch or g.line_pitch
        rules.append(
            f"{_SELECTOR.get(style, f'p.{style.value}')} {{ "
            f'font-family: "{family[spec.font]}", {fallbacks}; '
            f"font-size: {spec.size.css()}; "
            f"font-weight: {'bold' if spec.bold else 'normal'}; "
            f"text-align: {ALIGN[spec.align]}; "
            f"letter-spacing: {g.tracking_for(spec.size).css()}; "
            f"text-indent: {g.chars(spec.first_line_chars, spec.size).css()}; "
            f"line-height: {pitch.css()}; "
            f"{f'color: #{spec.color}; ' if spec.color else ''}}}"
        )
    for role, name in family.items():
        rules.append(f'span.{font_family(role)} {{ font-family: "{name}", {fallbacks}; }}')
    # After the styles' own indents: a paragraph continued from the page before
    # does not start its first line here.
    rules.append("p.continued { text-indent: 0; }")
    return "\n".join(rules)


def _page_number_box(align: Align, content: str, geometry: Geometry) -> str:
    """7.5: the margin box at the page number's side, one character in from the edge."""
    side = {Align.LEFT: "left", Align.CENTER: "center", Align.RIGHT: "right"}[align]
    inset = f"margin-{side}: {geometry.page_number_inset.css()};" if align is not Align.CENTER else ""
    return f"@bottom-{side} {{ {content} text-align: {side}; {inset} }}"
