"""Page numbers in a DOCX: odd and even footers, each with a PAGE field [7.5].

"— 1 —" (U+2014 each side) in 四号 宋体, right on odd pages and left on even pages,
one character in. Word shows an even footer only when settings.xml carries
w:evenAndOddHeaders; without it every page takes the odd (default) footer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from reportgen.layout import Align, FontRole, LayoutProfile
from reportgen.lint.docx_package import R_NS, Package, w
from reportgen.lint.docx_props import Resolver, run_text
from reportgen.lint.expect import digit_role, page_number_align, page_number_rule
from reportgen.lint.faces import describe, is_face, size_text
from reportgen.lint.model import Finding, error, warning
from reportgen.typography import PAGE_NUMBER_DASH

CLAUSE = "7.5"

# U+2015 is the same 一字线: GB 2312's A1AA maps to it in Microsoft's code page 936.
DASHES = PAGE_NUMBER_DASH + "\u2015"  # 一字线, and the horizontal bar typed for it
# What people type instead: hyphen-minus, hyphen, en dash, minus, full-width hyphen-minus.
HYPHENS = "-\u2010\u2011\u2012\u2013\u2212\uff0d\ufe63"
PAGE = "{N}"

_KINDS = {"default": "奇数页页脚", "even": "偶数页页脚", "first": "首页页脚"}
_SIDE = {"right": "在右侧", "end": "在右侧", "left": "在左侧", "start": "在左侧", "both": "在左侧",
         "center": "居中", "distribute": "分散对齐"}
_ALIGN = {"right": Align.RIGHT, "end": Align.RIGHT, "center": Align.CENTER}
# "One character in" read from indents and typed spaces: half a character either way.
INSET_TOLERANCE_CHARS = 0.5


@dataclass
class Field:
    instr: str = ""
    result: str = ""
    runs: list[etree._Element] = field(default_factory=list)
    in_result: bool = False

    @property
    def name(self) -> str:
        words = self.instr.split()
        return words[0].upper() if words else ""


@dataclass
class Token:
    text: str  # literal text, or PAGE for the page number
    runs: list[etree._Element]
    field: Field | None = None


def tokens(p: etree._Element) -> list[Token]:
    """A paragraph as literal text and fields, in order (simple and complex fields)."""
    out: list[Token] = []
    stack: list[Field] = []

    def emit(text: str, runs: list[etree._Element], fld: Field | None = None) -> None:
        if stack and stack[-1].in_result:  # a nested field's result is its parent's
            stack[-1].result += text
            stack[-1].runs += runs
        elif not stack:
            out.append(Token(text, runs, fld))

    def walk(node: etree._Element) -> None:
        for child in node:
            if child.tag == w("fldSimple"):
                inner = [r for r in child.iter(w("r"))]
                fld = Field(child.get(w("instr"), ""), "".join(run_text(r) for r in inner), inner)
                emit(PAGE if fld.name == "PAGE" else fld.result, inner, fld)
            elif child.tag == w("r"):
                _run(child)
            elif child.tag not in (w("del"), w("moveFrom"), w("pPr")):
                walk(child)

    def _run(r: etree._Element) -> None:
        for part in r:
            kind = part.get(w("fldCharType")) if part.tag == w("fldChar") else None
            if kind == "begin":
                stack.append(Field())
            elif kind == "separate" and stack:
                stack[-1].in_result = True
            elif kind == "end" and stack:
                fld = stack.pop()
                emit(PAGE if fld.name == "PAGE" else fld.result, fld.runs, fld)
            elif part.tag == w("instrText") and stack and not stack[-1].in_result:
                stack[-1].instr += part.text or ""
            elif part.tag == w("t"):
                emit(part.text or "", [r])

    walk(p)
    return out


def _page_paragraph(footer: etree._Element) -> tuple[etree._Element, list[Token]] | None:
    for p in footer.iter(w("p")):
        found = tokens(p)
        if any(t.field is not None and t.field.name == "PAGE" for t in found):
            return p, found
    return None


def _on(element: etree._Element | None) -> bool:
    return element is not None and element.get(w("val"), "true") not in ("0", "false", "off")


@dataclass(frozen=True)
class Section:
    number: int  # 1-based
    sect_pr: etree._Element


def check_footers(package: Package, sections: list[Section], resolver: Resolver,
                  profile: LayoutProfile) -> list[Finding]:
    found: list[Finding] = []
    settings = package.settings
    odd_even = settings is not None and _on(settings.find(w("evenAndOddHeaders")))
    # Odd and even footers differ only when the profile puts the numbers on
    # different sides; with both centred one footer serves every page.
    sides_differ = page_number_align(profile, odd=True) is not page_number_align(profile, odd=False)
    if sides_differ and not odd_even:
        found.append(error(CLAUSE, "文档设置", "",
                           "没有设置“奇偶页不同”：Word 会在偶数页也用奇数页的页脚；"
                           f"{page_number_rule(profile, odd=True)}，{page_number_rule(profile, odd=False)}"))
    refs: dict[str, str] = {}
    checked: set[str] = set()
    for section in sections:
        prefix = f"第 {section.number} 节" if len(sections) > 1 else ""
        for ref in section.sect_pr.findall(w("footerReference")):
            refs[ref.get(w("type"), "default")] = ref.get(f"{{{R_NS}}}id", "")
        kinds = ["default", "even"] if sides_differ or odd_even else ["default"]
        if _on(section.sect_pr.find(w("titlePg"))):
            kinds.append("first")
        for kind in kinds:
            where = prefix + _KINDS[kind]
            footer = package.related.get(refs.get(kind, ""))
            if footer is None:
                found.append(error(CLAUSE, where, "", _missing(kind, profile)))
                continue
            if refs[kind] in checked:
                continue
            checked.add(refs[kind])
            found += _check_footer(footer, kind, where, section, resolver, profile)
    return found


def _missing(kind: str, profile: LayoutProfile) -> str:
    if kind == "even":
        return f"缺少偶数页页脚：偶数页将没有页码；{page_number_rule(profile, odd=False)}"
    if kind == "first":
        return "设置了“首页不同”却没有首页页脚：第 1 页将没有页码"
    return f"没有页脚：页面上不会有页码；页码应为“— 1 —”，{page_number_rule(profile, odd=True)}"


def _check_footer(footer: etree._Element, kind: str, where: str, section: Section,
                  resolver: Resolver, profile: LayoutProfile) -> list[Finding]:
    located = _page_paragraph(footer)
    if located is None:
        text = "".join(run_text(r) for r in footer.iter(w("r")))
        return [error(CLAUSE, where, text, "页脚中没有页码域（PAGE），页码不会随页变化")]
    p, parts = located
    shown = "".join("1" if t.text == PAGE else t.text for t in parts)
    found = _check_form(parts, section, where, shown)
    found += _check_place(p, parts, kind, where, shown, resolver, profile)
    found += _check_type(p, parts, where, shown, resolver, profile)
    return found


def _check_form(parts: list[Token], section: Section, where: str, shown: str) -> list[Finding]:
    """The text around the field: "—", the number, "—" (spaces between are free)."""
    page_fields = [t.field for t in parts if t.text == PAGE and t.field is not None]
    switches = " ".join(f.instr for f in page_fields)
    number_format = section.sect_pr.find(w("pgNumType"))
    fmt = number_format.get(w("fmt"), "decimal") if number_format is not None else "decimal"
    text = "".join(t.text for t in parts)
    bare = "".join(text.split())
    if "ArabicDash" in switches or fmt == "numberInDash" or any(ch in text for ch in HYPHENS):
        return [error(CLAUSE, where, shown,
                      "页码两侧用的是连字符“-”（如 Word 自带的“- 1 -”格式），应为一字线“—”：“— 1 —”")]
    if fmt != "decimal" or re.search(r"\\\*\s*(?!MERGEFORMAT|CHARFORMAT|Arabic\b)\w+", switches, re.I):
        return [error(CLAUSE, where, shown, "页码应为半角阿拉伯数字，如“— 1 —”")]
    if not (len(bare) == len(PAGE) + 2 and bare[0] in DASHES and bare[-1] in DASHES
            and bare[1:-1] == PAGE):
        return [error(CLAUSE, where, shown,
                      f"页码应为“— 1 —”：数字左右各一条一字线，这里是“{shown}”")]
    return []


def _check_place(p: etree._Element, parts: list[Token], kind: str, where: str, shown: str,
                 resolver: Resolver, profile: LayoutProfile) -> list[Finding]:
    """The profile's side (odd pages right, even pages left in the standard), one
    character in from that edge."""
    framed = p.find(f"{w('pPr')}/{w('framePr')}") is not None or any(
        a.tag == w("txbxContent") for a in p.iterancestors())
    if framed:
        return [warning(CLAUSE, where, shown,
                        "页码放在文本框或图文框中，无法从 DOCX 判断位置，请在 PDF 上检查（lint 文件.pdf）")]
    odd = kind != "even"
    want = page_number_align(profile, odd)
    rule = page_number_rule(profile, odd)
    jc = resolver.alignment(p)
    side = _ALIGN.get(jc, Align.LEFT)
    if side is not want:
        return [error(CLAUSE, where, shown, f"页码{_SIDE.get(jc, jc)}，{rule}")]
    if want is Align.CENTER:
        return []
    # The inset: the paragraph's indent on that side plus spaces typed there.
    names = ("left", "start") if want is Align.LEFT else ("right", "end")
    indent = next((v for v in (resolver.paragraph_attr(p, "ind", n) for n in names) if v is not None), "0")
    text = "".join("1" if t.text == PAGE else t.text for t in parts)
    edge = text[: len(text) - len(text.lstrip())] if want is Align.LEFT else text[len(text.rstrip()):]
    one_char = profile.standard.page_number_size.twips
    inset = _twips(indent) + one_char * edge.count("\u3000") + one_char / 2 * edge.count(" ")
    chars = inset / one_char
    if abs(chars - profile.standard.page_number_indent_chars) > INSET_TOLERANCE_CHARS:
        return [error(CLAUSE, where, shown, f"页码距版心边缘 {chars:.1f} 个字，{rule}")]
    return []


def _twips(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return 0


def _check_type(p: etree._Element, parts: list[Token], where: str, shown: str,
                resolver: Resolver, profile: LayoutProfile) -> list[Finding]:
    """四号 (14 pt) 宋体: the digits take the Latin face, the dashes the Chinese one."""
    found: list[Finding] = []
    want_size = profile.standard.page_number_size.pt
    for token in parts:
        visible = token.text == PAGE or token.text.strip()
        for r in token.runs if visible else []:
            size = resolver.size_pt(p, r)
            if size != want_size:
                shown_size = size_text(size) if size else "未设置"
                found.append(error(CLAUSE, where, shown, f"页码字号为 {shown_size}，应为 {size_text(want_size)}"))
            script = "ascii" if token.text == PAGE else "eastAsia"
            role = digit_role(profile, FontRole.SONGTI) if script == "ascii" else FontRole.SONGTI
            face = resolver.face(p, r, script)
            if not is_face(profile, role, face.name):
                what = "数字" if script == "ascii" else "一字线"
                got = face.name or (f"主题字体 {face.theme}" if face.theme else "未设置")
                found.append(error(CLAUSE, where, shown,
                                   f"页码{what}的字体为“{got}”，应为{describe(profile, role)}"))
    return list(dict.fromkeys(found))
