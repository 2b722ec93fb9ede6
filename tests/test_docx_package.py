"""The DOCX package around the document (issue 11, item 9), read back from its XML."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from lxml import etree

from reportgen.build import build
from tests.conftest import EXAMPLE

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EXTENDED = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
DC = "{http://purl.org/dc/elements/1.1/}"
DCTERMS = "{http://purl.org/dc/terms/}"
OFFICIAL = {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "方正小标宋简体": "宋体", "黑体": None, "宋体": None}


@pytest.fixture(scope="module")
def package(tmp_path_factory, monkeypatch_module):
    monkeypatch_module.setenv("SOURCE_DATE_EPOCH", "1330300800")  # 2012-02-27
    result = build(EXAMPLE, out_dir=tmp_path_factory.mktemp("package"), formats=("docx",))
    with zipfile.ZipFile(result.files["docx"]) as docx:
        yield {name: docx.read(name) for name in docx.namelist()}


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def xml(package, name):
    return etree.fromstring(package[name])


def test_word_opens_it_in_its_own_mode_with_chinese_theme_fonts(package):
    settings = xml(package, "word/settings.xml")
    modes = [s.get(f"{W}val") for s in settings.iter(f"{W}compatSetting") if s.get(f"{W}name") == "compatibilityMode"]
    assert modes == ["15"]
    lang = settings.find(f"{W}themeFontLang")
    assert lang.get(f"{W}eastAsia") == "zh-CN"
    assert settings.find(f"{W}savePreviewPicture") is None


def test_the_font_table_names_each_official_face_with_a_stand_in(package):
    fonts = {f.get(f"{W}name"): f for f in xml(package, "word/fontTable.xml").findall(f"{W}font")}
    for name, alt in OFFICIAL.items():
        font = fonts[name]
        assert font.find(f"{W}charset").get(f"{W}val") == "86"  # GB2312
        assert len(font.find(f"{W}panose1").get(f"{W}val")) == 20
        assert font.find(f"{W}sig").get(f"{W}csb0") == "00040000"  # the GB2312 code page
        if alt:
            assert font.find(f"{W}altName").get(f"{W}val") == alt


def test_app_properties_name_reportgen_with_no_stale_counts_and_no_thumbnail(package):
    app = xml(package, "docProps/app.xml")
    assert app.find(f"{EXTENDED}Application").text == "reportgen"
    assert app.find(f"{EXTENDED}Company").text == "南昌市外事侨务办公室"
    for stale in ("Pages", "Words", "Characters", "Lines", "Paragraphs", "Template", "AppVersion"):
        assert app.find(f"{EXTENDED}{stale}") is None, stale
    assert not [name for name in package if "thumbnail" in name]
    assert b"thumbnail" not in package["_rels/.rels"]


def test_core_properties_describe_the_report(package):
    core = xml(package, "docProps/core.xml")
    assert core.find(f"{DC}title").text == "南昌市外事侨务办公室2011年工作总结和2012年工作打算"
    assert core.find(f"{DC}creator").text == "南昌市外事侨务办公室"
    assert core.find(f"{DC}language").text == "zh-CN"
    created = core.find(f"{DCTERMS}created").text
    assert dt.datetime.fromisoformat(created.replace("Z", "+00:00")) == dt.datetime(2012, 2, 27, tzinfo=dt.UTC)


def test_unused_styles_carry_no_colour_and_the_footer_is_off_the_grid(package):
    styles = xml(package, "word/styles.xml")
    by_name = {s.find(f"{W}name").get(f"{W}val"): s for s in styles.findall(f"{W}style")}
    unused = [name for name in [f"heading {n}" for n in range(1, 10)] + ["Subtitle", "Quote", "Intense Quote"]
              if name in by_name]
    assert len(unused) >= 10, unused  # python-docx's template has them all: the loop checks something
    for name in unused:
        style = by_name[name]
        assert style.find(f".//{W}color") is None, name
        assert not [e for e in style.iter() if e.get(f"{W}themeColor")], name
    footer = by_name["页码"]
    assert footer.find(f"{W}pPr/{W}snapToGrid").get(f"{W}val") == "0"


def test_the_body_breaks_lines_as_libreoffice_honours(package):
    """w:overflowPunct="1" is the value LibreOffice reads as no hanging punctuation
    (docs/libreoffice.md); no paragraph snaps to the line grid."""
    styles = xml(package, "word/styles.xml")
    defaults = styles.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr")
    assert defaults.find(f"{W}overflowPunct").get(f"{W}val") == "1"
    assert defaults.find(f"{W}kinsoku").get(f"{W}val") == "1"
    assert defaults.find(f"{W}snapToGrid").get(f"{W}val") == "0"
