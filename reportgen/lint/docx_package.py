"""Reading a DOCX's parts with zipfile and lxml.

python-docx is not used here: lint must read documents that Word, WPS or an
older tool wrote by hand, and only needs a few parts (document, styles,
settings, footers), which plain XML gives without python-docx's expectations.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from reportgen import limits, readers
from reportgen.errors import Problem, ReportError

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = R_NS + "/officeDocument"
STRICT_OFFICE_DOCUMENT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)


def w(tag: str) -> str:
    """Clark name of a w: tag or attribute: w("eastAsia") → "{…main}eastAsia"."""
    return f"{{{W_NS}}}{tag}"


@dataclass
class Package:
    document: etree._Element
    styles: etree._Element | None
    settings: etree._Element | None
    # Parts related to the main document, by relationship id (footers among them).
    related: dict[str, etree._Element] = field(default_factory=dict)

    @property
    def body(self) -> etree._Element:
        return self.document.find(w("body"))


def is_docx(path: Path) -> bool:
    if not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as package:
        return _main_part_name(package) is not None


def read_package(path: Path) -> Package:
    readers.check_docx(path)  # entries and part sizes, before zipfile reads its directory
    try:
        with zipfile.ZipFile(path) as package:
            main = _main_part_name(package)
            if main is None:
                raise _unreadable(path, "压缩包里没有 Word 文档正文（word/document.xml）")
            readers.count_docx_paragraphs(package.read(main), str(path))  # before lxml builds them
            document = _xml(package, main)
            if document.find(w("body")) is None:
                raise _unreadable(path, "文档正文为空或不是 WordprocessingML")
            related = _related(package, main)
            styles = related.pop("#styles", None)
            settings = related.pop("#settings", None)
            return Package(document, styles, settings, related)
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, OSError) as err:
        raise _unreadable(path, f"文件已损坏或不是 Word 文档（{err}）") from err


def _unreadable(path: Path, why: str) -> ReportError:
    return ReportError(Problem(f"无法读取这个 DOCX：{why}", file=str(path),
                               hint="请用 Word 或 WPS 打开后另存为 .docx 再检查。"))


def _main_part_name(package: zipfile.ZipFile) -> str | None:
    names = set(package.namelist())
    if "_rels/.rels" in names:
        rels = _xml(package, "_rels/.rels")
        for rel in rels:
            if rel.get("Type") in (OFFICE_DOCUMENT, STRICT_OFFICE_DOCUMENT):
                target = rel.get("Target", "").lstrip("/")
                if target in names:
                    return target
    return "word/document.xml" if "word/document.xml" in names else None


def _related(package: zipfile.ZipFile, main: str) -> dict[str, etree._Element]:
    """The main part's related XML parts by rId, plus "#styles" and "#settings"."""
    folder, name = posixpath.split(main)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    found: dict[str, etree._Element] = {}
    if rels_name not in package.namelist():
        return found
    for rel in _xml(package, rels_name):
        if rel.get("TargetMode") == "External":
            continue
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        target = posixpath.normpath(posixpath.join(folder, rel.get("Target", "")))
        if kind not in ("styles", "settings", "footer", "header") or target not in package.namelist():
            continue
        element = _xml(package, target)
        if kind in ("styles", "settings"):
            found[f"#{kind}"] = element
        else:
            found[rel.get("Id", "")] = element
    return found


def _xml(package: zipfile.ZipFile, name: str) -> etree._Element:
    info = package.getinfo(name)
    limits.PART_BYTES.check(info.file_size, detail=f"（{name}）")  # zipfile inflates no more than declared
    return etree.fromstring(package.read(name), _PARSER)
