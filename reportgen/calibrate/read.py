"""Reading a probe's rendering back: where the ink of the page number's dash,
the 版头's rule and the issuer's mark stands, measured with pdfplumber."""

from __future__ import annotations

from pathlib import Path

from reportgen.errors import Problem, ReportError
from reportgen.layout import LayoutProfile
from reportgen.typography import PAGE_NUMBER_DASH
from reportgen.units import Length, Pt

_RESOLUTION = 288  # dpi: a pixel is 0.09 mm


def _open(path: Path):
    import pdfplumber

    return pdfplumber.open(str(path))


def _baseline(char: dict, page_height: float) -> float:
    return page_height - char["matrix"][5]


def _area(profile: LayoutProfile) -> tuple[float, float, float, float]:
    standard = profile.standard
    left, top = standard.margin_left.pt, standard.margin_top.pt
    return left, top, left + standard.type_width.pt, top + standard.type_height.pt


def _ink_rows(page, box, test) -> list[float]:
    """Rows (pt from the page's top) of `box` where pixels pass `test` across most of it."""
    image = page.crop(box).to_image(resolution=_RESOLUTION).original.convert("RGB")
    pixels, (width, height) = image.load(), image.size
    samples = range(0, width, max(width // 60, 1))
    rows = [y for y in range(height) if sum(test(pixels[x, y]) for x in samples) >= 0.6 * len(samples)]
    return [box[1] + y * 72 / _RESOLUTION for y in rows]


def _missing(what: str, path: Path) -> ReportError:
    return ReportError(Problem(f"测量用的文件中找不到{what}", file=str(path),
                               hint="请确认字体已安装、LibreOffice 能正常运行后重试。"))


def dash_gap(path: Path, profile: LayoutProfile) -> Length:
    """From the type area's foot down to the middle of the page number's dash stroke
    (its ink), averaged over the pages."""
    _, _, _, bottom = _area(profile)
    gaps = []
    with _open(path) as pdf:
        for page in pdf.pages:
            dashes = [c for c in page.chars if c["text"] == PAGE_NUMBER_DASH and _baseline(c, page.height) > bottom]
            if not dashes:
                continue
            dash = dashes[0]
            box = (dash["x0"] + 1, dash["top"], dash["x1"] - 1, dash["bottom"])
            rows = _ink_rows(page, box, lambda p: sum(p) < 3 * 128)
            if rows:
                gaps.append((rows[0] + rows[-1] + 72 / _RESOLUTION) / 2 - bottom)
    if not gaps:
        raise _missing("页码", path)
    return Pt(sum(gaps) / len(gaps))


def rule_offset(path: Path, profile: LayoutProfile) -> Length:
    """From the 发文字号's baseline down to the middle of the red rule under it."""
    left, _, right, _ = _area(profile)
    with _open(path) as pdf:
        page = pdf.pages[0]
        number = [c for c in page.chars if c["text"] == "〔"]
        if not number:
            raise _missing("发文字号", path)
        base = _baseline(number[0], page.height)
        rows = _ink_rows(page, (left + 5, base, right - 5, base + 30), lambda p: p[0] > 150 and p[1] < 90)
    if not rows:
        raise _missing("版头的红色分隔线", path)
    return Pt((rows[0] + rows[-1] + 72 / _RESOLUTION) / 2 - base)


def issuer_top(path: Path, profile: LayoutProfile) -> Length:
    """From the type area's top down to the top of the issuer's mark (its glyphs' boxes,
    as a reviewer's tool reads them)."""
    _, top, _, _ = _area(profile)
    with _open(path) as pdf:
        page = pdf.pages[0]
        biggest = max((c["size"] for c in page.chars), default=0)
        mark = [c for c in page.chars if c["size"] == biggest and c["text"].strip()]
        if not mark or biggest < 20:
            raise _missing("发文机关标志", path)
        return Pt(min(c["top"] for c in mark) - top)
