"""The PDF's stylesheet, generated from the layout profile and the resolved faces.

Nothing here is a number of its own: each value is read from layout.py, so the
PDF and the DOCX cannot drift apart.
"""

from __future__ import annotations

from reportgen.fonts import ResolvedFont
from reportgen.layout import Align, ElementStyle, FontRole, LayoutProfile, Style

_ALIGN = {Align.LEFT: "left", Align.CENTER: "center", Align.RIGHT: "right",
          Align.JUSTIFY: "justify"}


def font_family(role: FontRole) -> str:
    """The class of a <span> whose text takes the face of `role`."""
    return f"rg-{role.name.lower()}"


def face_name(font: ResolvedFont) -> str:
    """The @font-face family, which WeasyPrint also writes as the PDF's font name:
    the real face's (FandolSong-Bold), or the role's where that is not ASCII."""
    name = f"{font.family}-Bold" if font.bold else font.family
    return name if name.isascii() else f"reportgen {font.role.name.lower()}"


def css_class(style: Style) -> str:
    return style.value


def stylesheet(profile: LayoutProfile, fonts: dict[FontRole, ResolvedFont]) -> str:
    # Every role's stack ends in the other CJK faces, never in a Latin-only
    # default, so a rare character still finds a Chinese face (pitfalls, WeasyPrint 1).
    family = {role: face_name(font) for role, font in fonts.items()}
    fallbacks = ", ".join(f'"{name}"' for name in dict.fromkeys(family.values()))
    rules = [
        f'@font-face {{ font-family: "{name}"; src: url("{font.file.as_uri()}"); }}'
        for name, font in {face_name(font): font for font in fonts.values()}.items()
    ]
    page_number = (
        f'font-family: "{family[FontRole.SONGTI]}", {fallbacks}; '
        f"font-size: {profile.page_number_size_pt}pt; "
        "letter-spacing: 0; line-height: 1; vertical-align: top; "
        f"padding-top: {profile.css_page_number_padding_mm}mm; "
        'content: "\\2014\\0020" counter(page) "\\0020\\2014";'
    )
    indent = f"{profile.page_number_indent_chars * profile.page_number_size_pt}pt"
    rules.append(f"""
@page {{
  size: {profile.page_width_mm}mm {profile.page_height_mm}mm;
  margin: {profile.margin_top_mm}mm {profile.margin_right_mm}mm
          {profile.margin_bottom_mm}mm {profile.margin_left_mm}mm;
}}
@page :right {{ @bottom-right {{ {page_number} text-align: right; margin-right: {indent}; }} }}
@page :left {{ @bottom-left {{ {page_number} text-align: left; margin-left: {indent}; }} }}
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
span.line {{ white-space: nowrap; }}""")
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
            f"text-indent: calc({spec.first_line_chars} * (1em + {tracking}pt)); }}"
        )
    for role, name in family.items():
        rules.append(f'span.{font_family(role)} {{ font-family: "{name}", {fallbacks}; }}')
    return "\n".join(rules)


def tracking_pt(profile: LayoutProfile, spec: ElementStyle) -> float:
    """5.2.3: 三号 characters each give up a little so that 28 fit a line."""
    return profile.css_letter_spacing_pt if spec.size_pt == profile.body_size_pt else 0


def left_indent(profile: LayoutProfile, chars: float) -> str:
    return f"{chars * profile.char_advance_pt('pdf'):.2f}pt"
