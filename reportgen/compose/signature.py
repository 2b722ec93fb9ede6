"""The signature block in each of its three forms [GB/T 9704-2012 7.3.5]:
unsealed (the default for a work report), sealed, and with the signer's seal.

Every indent is computed here in characters, once for both renderers. The
whole block keeps with the body's last line, so it never starts a page alone
[7.3.5.5].
"""

from __future__ import annotations

from reportgen.document import Paragraph, Placement, Run
from reportgen.layout import Align, LayoutProfile, Style
from reportgen.typography import text_width_chars

UNSEALED, SEALED, SIGNATURE_SEAL = "unsealed", "sealed", "signature-seal"
MODES = (UNSEALED, SEALED, SIGNATURE_SEAL)


def signature_block(
    profile: LayoutProfile, mode: str, office: str, date: str, signer_title: str = ""
) -> list[Paragraph]:
    """The paragraphs after the body: blank lines, 署名 (or the signer's title), date."""
    if mode == SEALED:
        office_at, date_at = sealed_placements(profile, office, date)
        lines = [(Style.SIGNATURE, office, office_at), (Style.DATE, date, date_at)]
        blanks = profile.standard.sealed_blank_lines
    elif mode == SIGNATURE_SEAL:
        title_at, date_at = signature_seal_placements(profile)
        lines = [(Style.SIGNATURE, signer_title, title_at), (Style.BLANK, "", None), (Style.DATE, date, date_at)]
        blanks = profile.standard.signature_seal_blank_lines
    else:
        office_at, date_at = unsealed_placements(profile, office, date)
        lines = [(Style.SIGNATURE, office, office_at), (Style.DATE, date, date_at)]
        blanks = 1
    block = [Paragraph(Style.BLANK, keep_with_next=True) for _ in range(blanks)]
    for i, (style, text, placement) in enumerate(lines):
        runs = (Run(text),) if text else ()
        block.append(Paragraph(style, runs, placement=placement, keep_with_next=i < len(lines) - 1))
    return block


def signature_indents(profile: LayoutProfile, office: str, date: str) -> tuple[float, float]:
    """Left indents (in characters) of the unsealed 署名 and 成文日期 [7.3.5.2].

    The 署名 stands 右空二字; the date starts two characters right of the
    署名's first character. A date longer than the 署名 stands 右空二字 itself
    and pushes the 署名 left to keep the two-character offset.
    """
    line = profile.standard.chars_per_line
    right = profile.standard.signature_right_chars
    offset = profile.standard.date_offset_chars
    office_w, date_w = text_width_chars(office), text_width_chars(date)
    office_at = line - right - date_w - offset if date_w > office_w else line - right - office_w
    # An office name too long for the line starts at the margin; the date keeps its offset.
    office_at = max(office_at, 0)
    return office_at, office_at + offset


def unsealed_placements(profile: LayoutProfile, office: str, date: str) -> tuple[Placement, Placement]:
    """7.3.5.2: whichever of 署名 and date is longer stands 右空二字, set against
    the right edge; the other is placed from the left to keep the offset."""
    office_at, date_at = signature_indents(profile, office, date)
    right = profile.standard.signature_right_chars
    if text_width_chars(date) > text_width_chars(office):
        return Placement(Align.LEFT, office_at), Placement(Align.RIGHT, right)
    if office_at == 0:  # too long for 右空二字: from the margin
        return Placement(Align.LEFT, 0), Placement(Align.LEFT, date_at)
    return Placement(Align.RIGHT, right), Placement(Align.LEFT, date_at)


def sealed_placements(profile: LayoutProfile, office: str, date: str) -> tuple[Placement, Placement]:
    """7.3.5.1: the date 右空四字, the 署名 centred over the date."""
    right = profile.standard.sealed_date_right_chars
    office_right = right + (text_width_chars(date) - text_width_chars(office)) / 2
    return Placement(Align.RIGHT, max(office_right, 0)), Placement(Align.RIGHT, right)


def signature_seal_placements(profile: LayoutProfile) -> tuple[Placement, Placement]:
    """7.3.5.3: the seal 右空四字, the signer's title 左空二字 of it; the date 右空四字."""
    right = profile.standard.sealed_date_right_chars
    title_right = right + profile.standard.signature_seal_chars + profile.standard.signature_seal_gap_chars
    return Placement(Align.RIGHT, title_right), Placement(Align.RIGHT, right)
