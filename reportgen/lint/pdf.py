"""Checks on a PDF: page size, type area, line pitch, page numbers, sizes, text.

A PDF has no styles: everything is measured from the glyphs (pdf_lines.py). The
name of an embedded font proves nothing about its face (a subset called
"ABCDEF+FandolFang" or "TT3" may be any style of letter), so faces are not
judged here, only sizes; the DOCX check judges faces.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from pathlib import Path

from reportgen.errors import Problem, ReportError
from reportgen.layout import Align, LayoutProfile, Style
from reportgen.lint import text as rules
from reportgen.lint.docx_footer import DASHES, HYPHENS, INSET_TOLERANCE_CHARS
from reportgen.lint.expect import page_number_align, page_number_rule, text_bottom_mm
from reportgen.lint.faces import size_text
from reportgen.lint.model import Finding, error
from reportgen.lint.pdf_lines import Line, MeasuredArea, measure_area, page_lines
from reportgen.units import Mm

PAGE_SIZE_TOLERANCE_PT = 1.0
MARGIN_TOLERANCE_MM = 1.5
# The grid's last line may stop this far above the type area's bottom edge and
# still count as filling it (22 x 28.95 pt leaves 0.3 mm).
BOTTOM_SLACK_MM = 0.5
# One line's distance from the one above may differ from a whole number of
# pitches by this much (a renderer rounds positions to 0.1 pt)…
LINE_TOLERANCE_PT = 0.3
# …and a page's pitch, fitted over at least MIN_FIT_LINES lines, by this much:
# 29 pt instead of 28.95 is only 0.05 pt a line, but a line short on the page.
FIT_TOLERANCE_PT = 0.02
MIN_FIT_LINES = 8
SIZE_TOLERANCE_PT = 0.3
_PAGE_NUMBER = re.compile(rf"^[{DASHES}{re.escape(HYPHENS)}]*\d+[{DASHES}{re.escape(HYPHENS)}]*$")
_END_NOTES = re.compile(r"^抄送[：:]|印发$")
_SIDE = {Align.CENTER: "居中", Align.RIGHT: "在右侧", Align.LEFT: "在左侧"}


def check_pdf(path: Path, profile: LayoutProfile, declared: Sequence[rules.DeclaredHeading] = ()) -> list[Finding]:
    from reportgen import readers  # pdfplumber: only lint on a PDF needs it

    try:
        with readers.open_pdf(path) as pdf:  # a password, too many pages, a Flate bomb: refused there
            sizes, pages = [], []
            for n, page in enumerate(readers.pages(pdf), 1):
                sizes.append((page.width, page.height))
                pages.append(page_lines(page, n))
    except ReportError:
        raise
    except Exception as err:  # pdfminer raises many kinds on a broken file
        raise ReportError(Problem(f"无法读取这个 PDF（{readers.describe(err)}）", file=str(path),
                                  hint="文件可能已损坏；请重新导出 PDF 再检查。")) from err
    if not any(pages):
        raise ReportError(Problem("PDF 中没有可提取的文字（可能是扫描件或图片），无法检查版式", file=str(path),
                                  hint="lint 检查的是文字的位置和字号；扫描件请检查原 DOCX。"))
    return _Checker(profile, sizes, pages, declared).run()


class _Checker:
    def __init__(self, profile: LayoutProfile, sizes: list[tuple[float, float]], pages: list[list[Line]],
                 declared: Sequence[rules.DeclaredHeading] = ()):
        self.profile = profile
        self.declared = declared  # headings as the input numbers them (lint --input)
        self.sizes = sizes
        self.pitch = profile.line_pitch.pt
        # The page number is the lowest line when it reads like one; it stays out
        # of the type area and of the body's sizes and pitch.
        self.footers: list[Line | None] = []
        self.pages: list[list[Line]] = []
        for lines in pages:
            footer = lines[-1] if lines and _is_page_number(lines[-1], lines) else None
            self.footers.append(footer)
            self.pages.append(lines[:-1] if footer is not None else lines)
        self.head = self._red_header()
        skip_top = {1} if self.head else set()
        width = sizes[0][0] if sizes else 0
        self.area = measure_area(self.pages, self.pitch, self._body_size(), width, skip_top,
                                 profile.lines_per_page)

    def run(self) -> list[Finding]:
        found = self._page_size()
        if self.area is not None:
            pitch = self._line_pitch()
            # Top and bottom are read off the line grid: with the pitch wrong the
            # grid moves as a whole (LibreOffice centres it in the page), so only
            # the pitch is reported until it is right.
            found += self._margins(self.area, vertical=not pitch)
            found += pitch
            found += self._sizes(self.area)
            found += self._page_numbers(self.area)
            found += self._text(self.area)
        return found

    # --- 版头 -------------------------------------------------------------------

    def _red_header(self) -> list[Line]:
        """Page 1's lines down to the 发文字号, if it has one [7.2]: the 发文机关标志
        and the 份号 have sizes and places of their own."""
        first = self.pages[0] if self.pages else []
        for i, line in enumerate(first[:12]):
            if rules.is_doc_number_line(line.text):
                return first[: i + 1]
        return []

    def _flow(self) -> list[Line]:
        head = {id(line) for line in self.head}
        return [line for lines in self.pages for line in lines if id(line) not in head]

    # --- 5.2.1 -------------------------------------------------------------------

    def _page_size(self) -> list[Finding]:
        standard = self.profile.standard
        want_w, want_h = standard.page_width.pt, standard.page_height.pt
        found = []
        for number, (width, height) in enumerate(self.sizes, 1):
            if abs(width - want_w) > PAGE_SIZE_TOLERANCE_PT or abs(height - want_h) > PAGE_SIZE_TOLERANCE_PT:
                found.append(error("5.2.1", f"第 {number} 页", "",
                                   f"纸张为 {_mm(width)} x {_mm(height)} mm，应为 A4 纵向"
                                   f"（{standard.page_width.mm:g} x {standard.page_height.mm:g} mm）"))
        return found

    # --- 5.2.2 -------------------------------------------------------------------

    def _margins(self, area: MeasuredArea, vertical: bool) -> list[Finding]:
        p = self.profile
        width = self.sizes[0][0]
        height = self.sizes[0][1]
        tolerance = Mm(MARGIN_TOLERANCE_MM).pt
        found = []

        def compare(name: str, got_pt: float, want_mm: float, line: Line, how: str) -> None:
            if abs(got_pt - Mm(want_mm).pt) > tolerance:
                want = f"{want_mm:.1f}".removesuffix(".0")
                found.append(error("5.2.2", f"第 {line.page} 页", line.text,
                                   f"{name}边距约为 {_mm(got_pt)} mm（{how}），应为 {want} mm"))

        compare("左", area.left.pt, p.standard.margin_left.mm, area.left.line, "按行首推算")
        if area.right is not None:
            compare("右", width - area.right.pt, p.standard.margin_right.mm, area.right.line, "按排满的行的行尾推算")
        if not vertical:
            return found
        if area.top is not None:
            compare("上", area.top.pt, p.standard.margin_top.mm, area.top.line, "按页面第一行文字推算")
        # The last grid line ends a little above the type area's edge when the
        # pitch does not divide its height: the text's bottom is compared.
        bottom = height - area.bottom.pt
        want_bottom = text_bottom_mm(p)
        if abs(want_bottom - p.standard.margin_bottom.mm) < BOTTOM_SLACK_MM:
            want_bottom = p.standard.margin_bottom.mm  # 35.3 mm reads as the standard's 35
        if area.bottom_is_full or bottom < Mm(want_bottom).pt:
            compare("下", bottom, want_bottom, area.bottom.line, "按排满的页最后一行推算")
        return found

    # --- 5.2.3 -------------------------------------------------------------------

    def _body_size(self) -> float:
        """The size most glyphs have: the body's, whatever it is."""
        counts: dict[float, int] = {0: 0}
        for line in self._flow():
            counts[line.size] = counts.get(line.size, 0) + len(line.chars)
        return max(counts, key=counts.__getitem__)

    def _line_pitch(self) -> list[Finding]:
        """Lines of the body's size a whole number of pitches apart; each page's
        pitch, fitted over its lines, equal to the profile's."""
        size = self._body_size()
        pitch = self.pitch
        found: list[Finding] = []
        head = {id(line) for line in self.head}
        for lines in self.pages:
            body = [line for line in lines if abs(line.size - size) < 0.05 and id(line) not in head]
            slots = 0
            for upper, lower in itertools.pairwise(body):
                gap = lower.baseline - upper.baseline
                steps = max(round(gap / pitch), 1)
                slots += steps
                if abs(gap - steps * pitch) > LINE_TOLERANCE_PT * steps:
                    found.append(error("5.2.3", f"第 {lower.page} 页", lower.text,
                                       f"与上一行相距 {gap:.2f} 磅，不在行距 {pitch:g} 磅的网格上"
                                       f"（应为 {pitch:g} 磅的整数倍）"))
                    return found  # one off-grid page explains the rest
            if slots >= MIN_FIT_LINES:
                fitted = (body[-1].baseline - body[0].baseline) / slots
                if abs(fitted - pitch) > FIT_TOLERANCE_PT:
                    found.append(error("5.2.3", f"第 {body[0].page} 页", body[0].text,
                                       f"行距约为 {fitted:.2f} 磅，应为 {pitch:g} 磅"
                                       f"（每页 {self.profile.lines_per_page} 行）"))
        return found

    # --- sizes (7.3.1, 7.3.3, 7.4) -----------------------------------------------------

    def _sizes(self, area: MeasuredArea) -> list[Finding]:
        p = self.profile
        title_size = p.element(Style.TITLE).size.pt
        body_size = p.element(Style.BODY).size.pt
        title = {id(line) for line in self._title(area)}
        found = []
        for line in self._flow():
            if id(line) in title or (line.size >= title_size - 3 and self._centred(line, area)):
                want, name, clause = title_size, "标题", "7.3.1"
            elif line.end_notes or _END_NOTES.search(line.text):
                want, name, clause = p.element(Style.END_NOTES).size.pt, "版记", "7.4"
            else:
                want, name, clause = body_size, "正文", "7.3.3"
            if abs(line.size - want) > SIZE_TOLERANCE_PT:
                found.append(error(clause, f"第 {line.page} 页", line.text,
                                   f"字号约为 {line.size:g} 磅，{name}应为 {size_text(want)}"))
        return found

    def _title(self, area: MeasuredArea) -> list[Line]:
        """Page 1's first lines after any 版头, while centred and of one size."""
        flow = [line for line in self._flow() if line.page == self._flow()[0].page]
        title: list[Line] = []
        for line in flow:
            if not self._centred(line, area) or (title and line.size != title[0].size):
                break
            title.append(line)
        return title

    def _centred(self, line: Line, area: MeasuredArea) -> bool:
        char = self.profile.standard.body_size.pt
        if abs(line.centre_x - area.centre_x) >= char:
            return False
        # A body line that runs full is centred too; a title line of 19 characters in
        # 二号 nearly fills the width as well, but its size tells it apart.
        return line.x0 > area.left.pt + char or line.size > self.profile.element(Style.TITLE).size.pt - 1

    # --- 7.5 ------------------------------------------------------------------------

    def _page_numbers(self, area: MeasuredArea) -> list[Finding]:
        p = self.profile
        char = p.standard.page_number_size.pt
        found = []
        for number, footer in enumerate(self.footers, 1):
            where = f"第 {number} 页"
            if footer is None:
                found.append(error("7.5", where, "", "这一页没有页码；页码应为“— N —”，单页居右、双页居左"))
                continue
            text = footer.text
            if any(ch in text for ch in HYPHENS):
                found.append(error("7.5", where, text,
                                   "页码两侧用的是连字符“-”（如 Word 自带的“- 1 -”格式），应为一字线“—”：“— 1 —”"))
            elif not (text[0] in DASHES and text[-1] in DASHES and text[1:-1].isdigit()):
                found.append(error("7.5", where, text, "页码应为“— N —”：数字左右各一条一字线"))
            digits = re.sub(r"\D", "", text)
            if digits and int(digits) != number:
                found.append(error("7.5", where, text, f"页码为 {int(digits)}，这是第 {number} 页"))
            sizes = {round(c["size"], 1) for c in footer.chars}
            if any(abs(s - p.standard.page_number_size.pt) > SIZE_TOLERANCE_PT for s in sizes):
                shown = "、".join(f"{s:g}" for s in sorted(sizes))
                found.append(error("7.5", where, text,
                                   f"页码字号约为 {shown} 磅，应为 {size_text(p.standard.page_number_size.pt)}"))
            found += self._page_number_place(number, footer, area, char)
        return found

    def _page_number_place(self, number: int, footer: Line, area: MeasuredArea, char: float) -> list[Finding]:
        """The profile's side (odd right, even left in the standard), one character
        in, measured from the type area the text fills."""
        odd = number % 2 == 1
        want = page_number_align(self.profile, odd)
        rule = page_number_rule(self.profile, odd)
        where = f"第 {number} 页"
        offset = footer.centre_x - area.centre_x
        side = Align.CENTER if abs(offset) < char else Align.RIGHT if offset > 0 else Align.LEFT
        if side is not want:
            return [error("7.5", where, footer.text, f"页码{_SIDE[side]}，{rule}")]
        if want is Align.CENTER:
            return []
        if want is Align.RIGHT and area.right is None:
            return []  # no full line shows where the right edge is
        inset = (area.right.pt - footer.x1) if want is Align.RIGHT else (footer.x0 - area.left.pt)
        if abs(inset / char - self.profile.standard.page_number_indent_chars) > INSET_TOLERANCE_CHARS:
            return [error("7.5", where, footer.text, f"页码距版心边缘约 {inset / char:.1f} 个字，{rule}")]
        return []

    # --- text: 发文字号, headings, date ----------------------------------------------------

    def _text(self, area: MeasuredArea) -> list[Finding]:
        found: list[Finding] = []
        everything = [line for lines in self.pages for line in lines]
        for line in everything:
            found += rules.check_doc_numbers(rules.Block(f"第 {line.page} 页", line.text))
        title = {id(line) for line in self._title(area)}
        starts = []
        previous: Line | None = None
        for line in self._flow():
            if id(line) in title:
                continue
            block = rules.Block(f"第 {line.page} 页", line.text)
            if self._starts_paragraph(line, previous, area):
                starts.append(block)
                date = rules.check_date(block)
                if date is not None:
                    found.append(date)
            previous = line
        found += rules.check_headings(starts, self.declared)
        return found

    def _starts_paragraph(self, line: Line, previous: Line | None, area: MeasuredArea) -> bool:
        """Indented, or after a line that stopped short of the right edge (every
        line, when no line ran full)."""
        if previous is None or area.right is None:
            return True
        indented = line.x0 > area.left.pt + line.size / 2
        ended_short = previous.x1_unhung < area.right.pt - 1.5 * previous.size
        return indented or ended_short


def _is_page_number(line: Line, lines: list[Line]) -> bool:
    """The page's lowest line, reading like a page number, well below the line above."""
    if not _PAGE_NUMBER.match(line.text):
        return False
    above = [other for other in lines if other is not line]
    return not above or line.baseline - above[-1].baseline > line.size * 1.2


def _mm(pt: float) -> str:
    return f"{pt * 25.4 / 72:.1f}"
