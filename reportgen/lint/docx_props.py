"""The formatting a word processor applies to a paragraph or run, resolved.

Word looks a property up in this order and takes the first it finds: the run's
own properties, its character style (and that style's bases), the paragraph's
style (and its bases), then w:docDefaults. A property the author never set is
whatever the document defaults say, which is how a DOCX whose style says
"黑体" in w:ascii alone still sets its Chinese text in the default face.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from reportgen.lint.docx_package import w


@dataclass(frozen=True)
class Face:
    """An effective font attribute: an explicit name, a theme reference, or nothing."""

    name: str | None = None
    theme: str | None = None  # e.g. "minorEastAsia": the face depends on the theme
    source: str = ""  # where it was found, for messages: "段落样式“正文”", "文档默认"


class Resolver:
    def __init__(self, styles: etree._Element | None):
        self._styles: dict[str, etree._Element] = {}
        self._default: dict[str, etree._Element] = {}
        defaults = None
        if styles is not None:
            for style in styles.iter(w("style")):
                style_id = style.get(w("styleId"))
                if style_id:
                    self._styles[style_id] = style
                if style.get(w("default")) in ("1", "true", "on"):
                    self._default.setdefault(style.get(w("type"), ""), style)
            defaults = styles.find(w("docDefaults"))
        self._rpr_default = None if defaults is None else defaults.find(f"{w('rPrDefault')}/{w('rPr')}")
        self._ppr_default = None if defaults is None else defaults.find(f"{w('pPrDefault')}/{w('pPr')}")

    # --- style chains -----------------------------------------------------------

    def _chain(self, style: etree._Element | None) -> Iterator[etree._Element]:
        seen: set[int] = set()
        while style is not None and id(style) not in seen:
            seen.add(id(style))
            yield style
            based = style.find(w("basedOn"))
            style = None if based is None else self._styles.get(based.get(w("val"), ""))

    def paragraph_style(self, p: etree._Element) -> etree._Element | None:
        ref = p.find(f"{w('pPr')}/{w('pStyle')}")
        if ref is not None and ref.get(w("val")) in self._styles:
            return self._styles[ref.get(w("val"))]
        return self._default.get("paragraph")

    def style_name(self, p: etree._Element) -> str:
        style = self.paragraph_style(p)
        if style is None:
            return ""
        name = style.find(w("name"))
        return (name.get(w("val")) if name is not None else None) or style.get(w("styleId"), "")

    def _run_levels(self, p: etree._Element, r: etree._Element) -> Iterator[tuple[etree._Element, str]]:
        """(rPr, description) from the strongest to the weakest."""
        rpr = r.find(w("rPr"))
        if rpr is not None:
            yield rpr, "文字本身"
            ref = rpr.find(w("rStyle"))
            if ref is not None:
                for style in self._chain(self._styles.get(ref.get(w("val"), ""))):
                    style_rpr = style.find(w("rPr"))
                    if style_rpr is not None:
                        yield style_rpr, f"字符样式“{_name(style)}”"
        for style in self._chain(self.paragraph_style(p)):
            style_rpr = style.find(w("rPr"))
            if style_rpr is not None:
                yield style_rpr, f"段落样式“{_name(style)}”"
        if self._rpr_default is not None:
            yield self._rpr_default, "文档默认格式"

    def _paragraph_levels(self, p: etree._Element) -> Iterator[etree._Element]:
        ppr = p.find(w("pPr"))
        if ppr is not None:
            yield ppr
        for style in self._chain(self.paragraph_style(p)):
            style_ppr = style.find(w("pPr"))
            if style_ppr is not None:
                yield style_ppr
        if self._ppr_default is not None:
            yield self._ppr_default

    # --- run properties -----------------------------------------------------------

    def face(self, p: etree._Element, r: etree._Element, script: str = "eastAsia") -> Face:
        """The face of `script` ("eastAsia" for Chinese, "ascii" for Latin and digits).

        A theme attribute (w:eastAsiaTheme) wins over the explicit name on the same
        element, and Word then takes the face from the theme, not from the name.
        """
        theme_attr = w("cstheme" if script == "cs" else f"{script}Theme")
        for rpr, source in self._run_levels(p, r):
            fonts = rpr.find(w("rFonts"))
            if fonts is None:
                continue
            if fonts.get(theme_attr):
                return Face(theme=fonts.get(theme_attr), source=source)
            if fonts.get(w(script)):
                return Face(name=fonts.get(w(script)), source=source)
        return Face()

    def size_pt(self, p: etree._Element, r: etree._Element) -> float | None:
        for rpr, _ in self._run_levels(p, r):
            size = rpr.find(w("sz"))
            if size is not None and size.get(w("val")):
                try:
                    return int(size.get(w("val"))) / 2
                except ValueError:
                    return None
        return None

    # --- paragraph properties -------------------------------------------------------

    def paragraph_attr(self, p: etree._Element, tag: str, attr: str) -> str | None:
        """One attribute of a pPr child, each attribute inherited on its own (w:spacing's
        line and lineRule may come from different styles)."""
        for ppr in self._paragraph_levels(p):
            element = ppr.find(w(tag))
            if element is not None and element.get(w(attr)) is not None:
                return element.get(w(attr))
        return None

    def alignment(self, p: etree._Element) -> str:
        return self.paragraph_attr(p, "jc", "val") or "left"


def _name(style: etree._Element) -> str:
    name = style.find(w("name"))
    return (name.get(w("val")) if name is not None else None) or style.get(w("styleId"), "")


def run_text(r: etree._Element) -> str:
    """The visible text of a run: w:t, tabs and breaks (field codes are not text)."""
    parts = []
    for child in r:
        if child.tag == w("t"):
            parts.append(child.text or "")
        elif child.tag == w("tab"):
            parts.append("\t")
        elif child.tag in (w("br"), w("cr")):
            parts.append("\n")
    return "".join(parts)


# Deleted tracked text, and text boxes anchored in the paragraph (their own paragraphs).
_NOT_TEXT = {w("del"), w("moveFrom"), w("txbxContent")}


def text_runs(p: etree._Element) -> list[etree._Element]:
    """The runs of a paragraph in order, those inside hyperlinks, fields and content
    controls included; deleted (tracked) text and field codes left out."""
    runs = []
    for r in p.iter(w("r")):
        if any(a.tag in _NOT_TEXT for a in r.iterancestors()):
            continue
        runs.append(r)
    return runs


def paragraph_text(p: etree._Element) -> str:
    return "".join(run_text(r) for r in text_runs(p))
