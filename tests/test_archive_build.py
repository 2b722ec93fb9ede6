"""`build --archive`: the revision of a real build, its PDF/A-3b, extract-then-rebuild, crashes and races.

The example report is built and archived once for the module (both formats);
the tests that need builds of their own (a failed commit, a killed process,
two processes at once) are the slow ones, about 2 s each.
"""

from __future__ import annotations

import hashlib
import json
import os
import selectors
import shutil
import signal
import xml.etree.ElementTree as ET

import pypdf
import pytest

from reportgen.archive import Archive, archive_build, extract_input, extract_inputs, previous_year_input
from reportgen.archive import inputs as inputs_module
from reportgen.archive import store as store_module
from reportgen.archive.inputs import input_set
from reportgen.archive.manifest import Manifest, profile_digest, template_digest
from reportgen.build import compose_input
from reportgen.errors import ReportError
from reportgen.layout import STANDARD
from tests.conftest import EXAMPLE
from tests.test_archive_store import OFFICE, add, revision_dirs, run_python, tree

INPUT_FILES = {"input/2011.yaml", "input/2011-ledger.csv"}
PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"


@pytest.fixture(scope="module")
def archived(tmp_path_factory):
    base = tmp_path_factory.mktemp("archived")
    return archive_build(EXAMPLE, base / "archive", out_dir=base / "output")


@pytest.fixture(scope="module")
def pdf(archived):
    return pypdf.PdfReader(archived.path / "report.pdf")


# --- the revision ------------------------------------------------------------------------


def test_the_revision_holds_the_input_set_docx_pdf_text_and_manifest(archived):
    assert archived.path == archived.path.parents[2] / OFFICE / "2011" / "r1"
    files = set(tree(archived.path))
    assert files == INPUT_FILES | {"report.docx", "report.pdf", "text.txt", "manifest.json"}
    assert (archived.path / "input" / "2011.yaml").read_bytes() == EXAMPLE.read_bytes()
    ledger = (archived.path / "input" / "2011-ledger.csv").read_bytes()
    assert ledger == (EXAMPLE.parent / "2011-ledger.csv").read_bytes()
    manifest = json.loads((archived.path / "manifest.json").read_bytes())
    assert manifest["files"] == {name: hashlib.sha256((archived.path / name).read_bytes()).hexdigest()
                                 for name in files - {"manifest.json"}}
    assert manifest["input"] == "input/2011.yaml" and manifest["revision"] == 1 and not manifest["imported"]
    assert manifest["title"] == "南昌市外事侨务办公室2011年工作总结和2012年工作打算"
    assert manifest["template_digest"] == template_digest(None)
    assert manifest["profile_digest"] == profile_digest(STANDARD)


def test_the_output_folder_gets_the_same_files(archived):
    assert archived.build is not None
    assert archived.build.files["pdf"].read_bytes() == (archived.path / "report.pdf").read_bytes()
    assert archived.build.files["docx"].read_bytes() == (archived.path / "report.docx").read_bytes()
    assert archived.build.font_notes


def test_the_archived_build_is_indexed(archived):
    with Archive.open(archived.path.parents[2]) as archive:
        assert archive.notes == []
        (hit,) = archive.search("缔结友城").hits
        assert (hit.row.office, hit.row.year, hit.row.revision, hit.row.kind) == (OFFICE, 2011, 1, "built")
        assert archive.verify().ok


def test_previous_year_input_finds_the_archived_yaml_beside_its_ledger(archived):
    found = previous_year_input(archived.path.parents[2], OFFICE, 2012)
    assert found == archived.path / "input" / "2011.yaml"
    assert (found.parent / "2011-ledger.csv").read_bytes() == (EXAMPLE.parent / "2011-ledger.csv").read_bytes()


# --- PDF/A-3b: what can be checked without veraPDF -------------------------------------


def test_pdf_identifies_itself_as_pdfa_3b(pdf):
    assert pdf.pdf_header == "%PDF-1.7"  # PDF/A-3 is based on PDF 1.7
    xmp = ET.fromstring(pdf.trailer["/Root"]["/Metadata"].get_object().get_data())
    claims = {}
    for element in xmp.iter():
        for key in ("part", "conformance"):
            if PDFAID + key in element.attrib:
                claims[key] = element.attrib[PDFAID + key]
            if element.tag == PDFAID + key:
                claims[key] = element.text
    assert claims == {"part": "3", "conformance": "B"}
    identifier = pdf.trailer["/ID"]
    assert len(identifier) == 2 and all(identifier)  # the file identifier PDF/A requires


def test_document_information_agrees_with_the_xmp(pdf):
    """PDF/A: every Info entry must have its XMP equivalent with the same value."""
    xmp = pdf.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    info = pdf.metadata
    for key in ("/Title", "/Author", "/Subject"):
        assert f">{info[key]}</rdf:li>" in xmp, key
    assert f'pdf:Producer="{info["/Producer"]}"' in xmp
    assert "/CreationDate" not in info and "/ModDate" not in info  # none, so none to disagree


def test_pdf_has_an_output_intent(pdf):
    (intent,) = pdf.trailer["/Root"]["/OutputIntents"]
    intent = intent.get_object()
    assert intent["/S"] == "/GTS_PDFA1"
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 3 and profile.get_data()[36:40] == b"acsp"  # an RGB ICC profile


def _fonts(resources, seen):
    """(name, descendant-or-self) of every font reachable from `resources`, form XObjects included."""
    resources = resources.get_object() if resources is not None else {}
    for ref in (resources.get("/Font") or {}).values():
        font = ref.get_object()
        for part in [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]:
            yield font.get("/BaseFont"), part
    for ref in (resources.get("/XObject") or {}).values():
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Form" and id(xobject) not in seen:
            seen.add(id(xobject))
            yield from _fonts(xobject.get("/Resources"), seen)


def test_every_font_is_embedded(pdf):
    fonts = [font for page in pdf.pages for font in _fonts(page.get("/Resources"), set())]
    assert fonts
    for name, font in fonts:
        if font.get("/Subtype") == "/Type3":
            continue  # glyphs drawn in the PDF itself
        descriptor = font["/FontDescriptor"].get_object()
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), name


def test_attachments_are_associated_files(pdf, archived):
    catalog = pdf.trailer["/Root"]
    specs = [ref.get_object() for ref in catalog["/AF"]]
    # WeasyPrint 70 lists each file specification twice in /AF (once from the
    # EmbeddedFiles name tree, once from the objects); the set is what counts.
    relationships = {spec["/UF"]: spec["/AFRelationship"] for spec in specs}
    assert relationships == {"2011.yaml": "/Source", "2011-ledger.csv": "/Source", "manifest.json": "/Data"}
    for spec in specs:
        assert spec["/Type"] == "/Filespec" and spec["/F"] == spec["/UF"]
        stream = spec["/EF"]["/F"].get_object()
        assert stream["/Type"] == "/EmbeddedFile"
        assert "/" in stream["/Subtype"][1:]  # a MIME type, which PDF/A-3 requires
        assert "/ModDate" in stream["/Params"]
    embedded = pdf.attachments
    assert embedded["2011.yaml"] == [(archived.path / "input" / "2011.yaml").read_bytes()]


def test_the_embedded_manifest_covers_everything_but_the_pdf(pdf, archived):
    draft = Manifest.from_json(pdf.attachments["manifest.json"][0], "manifest.json")
    final = archived.manifest
    assert draft.revision is None  # numbered at commit, after the PDF was made
    assert set(draft.files) == INPUT_FILES | {"report.docx", "text.txt"}
    assert {name: final.files[name] for name in draft.files} == draft.files
    assert "report.pdf" in final.files and "report.pdf" not in draft.files
    assert (draft.office, draft.year, draft.title, draft.created, draft.input) == (
        final.office, final.year, final.title, final.created, final.input)


# --- extract, then rebuild -------------------------------------------------------------


def test_extract_then_rebuild_gives_the_same_text(archived, tmp_path):
    pdf_path = archived.path / "report.pdf"
    assert extract_input(pdf_path) == EXAMPLE.read_bytes()
    main = extract_inputs(pdf_path).write(tmp_path / "extracted")
    assert main == tmp_path / "extracted" / "2011.yaml"
    ledger = EXAMPLE.parent / "2011-ledger.csv"
    assert (tmp_path / "extracted" / ledger.name).read_bytes() == ledger.read_bytes()
    assert compose_input(main).document.text == compose_input(EXAMPLE).document.text


def test_extract_never_overwrites(archived, tmp_path):
    inputs = extract_inputs(archived.path / "report.pdf")
    inputs.write(tmp_path)
    with pytest.raises(ReportError, match="文件已存在，未覆盖"):
        inputs.write(tmp_path)


def test_extract_refuses_a_pdf_without_input(example_pdf, tmp_path):
    with pytest.raises(ReportError, match="没有嵌入输入文件"):
        extract_input(example_pdf)  # a plain build: no attachments
    not_pdf = tmp_path / "x.pdf"
    not_pdf.write_text("不是 PDF", encoding="utf-8")
    with pytest.raises(ReportError, match="无法读取 PDF"):
        extract_input(not_pdf)
    with pytest.raises(ReportError, match="找不到文件"):
        extract_input(tmp_path / "missing.pdf")


def test_input_set_follows_previous_year_and_ledgers_across_folders(tmp_path):
    """`previous: ../2011/2011.yaml`: the set keeps both folders, and the copy composes the same text."""
    for year in ("2011", "2012"):
        (tmp_path / year).mkdir()
    source = EXAMPLE.parent
    for name in ("2011.yaml", "2011-ledger.csv"):
        shutil.copy(source / name, tmp_path / "2011" / name)
    shutil.copy(source / "2012-ledger.csv", tmp_path / "2012")
    text = (source / "2012.yaml").read_text(encoding="utf-8")
    (tmp_path / "2012" / "2012.yaml").write_text(
        text.replace("ledger_files:", "previous: ../2011/2011.yaml\nledger_files:", 1), encoding="utf-8")

    main = tmp_path / "2012" / "2012.yaml"
    composed = compose_input(main)
    inputs = input_set(main, composed.inputs)
    assert inputs.main == "2012/2012.yaml"
    assert set(inputs.files) == {"2012/2012.yaml", "2012/2012-ledger.csv", "2011/2011.yaml", "2011/2011-ledger.csv"}
    copy = inputs.write(tmp_path / "copy")
    assert compose_input(copy).document.text == composed.document.text


def test_an_input_set_that_cannot_rebuild_is_not_archived(tmp_path, monkeypatch):
    real_input_set = inputs_module.input_set
    # As if the build had not reported the ledger it read.
    monkeypatch.setattr(inputs_module, "input_set", lambda main, files: real_input_set(main, [main]))
    with pytest.raises(ReportError, match="归档的输入文件不能单独重新生成这份报告") as caught:
        archive_build(EXAMPLE, tmp_path / "archive", out_dir=tmp_path / "output")
    assert caught.value.problems[0].file == str(EXAMPLE)
    assert not (tmp_path / "archive").exists() and not (tmp_path / "output").exists()


# --- nothing half-written ---------------------------------------------------------------


def test_archiving_needs_both_formats_and_a_good_input(tmp_path):
    with pytest.raises(ReportError, match="归档需要同时生成 DOCX 和 PDF"):
        archive_build(EXAMPLE, tmp_path / "archive", formats=("docx",))
    with pytest.raises(ReportError, match="找不到输入文件"):
        archive_build(tmp_path / "missing.yaml", tmp_path / "archive")
    assert list(tmp_path.iterdir()) == []


def test_a_build_failing_at_commit_leaves_nothing(tmp_path, monkeypatch):
    def fail(source, target):
        raise OSError("磁盘已满")

    monkeypatch.setattr(store_module, "_move_into_place", fail)
    with pytest.raises(OSError):
        archive_build(EXAMPLE, tmp_path / "archive", out_dir=tmp_path / "output")
    assert revision_dirs(tmp_path / "archive") == []
    assert store_module.staging_folders(tmp_path / "archive") == []
    assert not (tmp_path / "output").exists()  # the output folder is written only after the commit


_STUCK_AT_COMMIT = """
    import sys, time
    from pathlib import Path
    from reportgen.archive import archive_build, store
    def stuck(source, target):  # every file staged, manifest written, lock held
        print("STAGED", source, flush=True)
        time.sleep(300)
    store._move_into_place = stuck
    archive_build(Path(sys.argv[1]), Path(sys.argv[2]), out_dir=Path(sys.argv[3]))
"""


def test_a_build_killed_mid_way_leaves_no_half_revision(tmp_path):
    root, output = tmp_path / "archive", tmp_path / "output"
    (tmp_path / "tmp").mkdir()
    child = run_python(_STUCK_AT_COMMIT, str(EXAMPLE), str(root), str(output),
                       env={**os.environ, "TMPDIR": str(tmp_path / "tmp")})
    with selectors.DefaultSelector() as waiting:
        waiting.register(child.stdout, selectors.EVENT_READ)
        assert waiting.select(timeout=120), "the child never reached the commit"
    line = child.stdout.readline()
    assert line.startswith("STAGED"), child.stderr.read()
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    child.stdout.close()
    child.stderr.close()

    (staging,) = store_module.staging_folders(root)  # the half revision, where a killed process leaves it
    assert (staging / "revision" / "manifest.json").is_file() and (staging / "revision" / "report.pdf").is_file()
    assert revision_dirs(root) == [] and not output.exists()
    with Archive.open(root) as archive:  # the lock died with the process
        assert archive.list() == []
        report = archive.verify()
        assert report.ok and report.staging == (staging,)

    assert add(root).revision == 1  # numbered as if nothing happened; the debris is cleared
    assert store_module.staging_folders(root) == []


_ARCHIVER = """
    import sys
    from pathlib import Path
    from reportgen.archive import archive_build
    print(archive_build(Path(sys.argv[1]), Path(sys.argv[2]), out_dir=Path(sys.argv[3])).revision)
"""


def test_two_processes_archiving_the_same_report_at_once(tmp_path):
    root = tmp_path / "archive"
    children = [run_python(_ARCHIVER, str(EXAMPLE), str(root), str(tmp_path / f"out{n}")) for n in (1, 2)]
    revisions = []
    for child in children:
        out, err = child.communicate(timeout=180)
        assert child.returncode == 0, err
        revisions.append(int(out.split()[-1]))

    assert sorted(revisions) == [1, 2]
    assert revision_dirs(root) == [f"{OFFICE}/2011/r1", f"{OFFICE}/2011/r2"]
    with Archive.open(root) as archive:
        assert archive.notes == []
        assert [(row.revision, row.kind) for row in archive.list()] == [(1, "built"), (2, "built")]
        assert archive.search("缔结友城", all_revisions=True).total == 2
        assert archive.verify().ok
    for number in (1, 2):
        manifest = json.loads((root / OFFICE / "2011" / f"r{number}" / "manifest.json").read_bytes())
        assert manifest["revision"] == number
