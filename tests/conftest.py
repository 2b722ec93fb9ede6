"""Shared fixtures: the example report built once (tests/corpus.py), and its LibreOffice rendering."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reportgen.layout import STANDARD

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "nanchang-waiqiao" / "2011.yaml"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session", autouse=True)
def _empty_archive(tmp_path_factory):
    """A build looks for last year's input in the archive (output/archive by
    default): point it at an empty one, so no archive left in the working tree
    can change what a test sees."""
    os.environ["REPORTGEN_ARCHIVE"] = str(tmp_path_factory.mktemp("empty-archive"))


@pytest.fixture(scope="session")
def profile():
    return STANDARD


@pytest.fixture(scope="session")
def area(profile):
    """The type area of the standard profile, in pt from the page's top left."""
    from tests.measure import TypeArea

    return TypeArea.of(profile)


@pytest.fixture(scope="session")
def example_built(corpus):
    """The example under the standard profile, built once for all workers (the corpus's)."""
    return corpus.build(EXAMPLE, "standard")


@pytest.fixture(scope="session")
def example_docx(example_built) -> Path:
    return example_built.docx


@pytest.fixture(scope="session")
def example_pdf(example_built) -> Path:
    return example_built.pdf


def libreoffice_pdf(docx: Path, out_dir: Path) -> Path:
    """Lay one DOCX out in a real word processor and return its PDF (tests/libreoffice.py
    converts many in one run: prefer that, or the corpus, where a module has several)."""
    from tests.libreoffice import convert_all

    return convert_all([docx], out_dir)[docx]


@pytest.fixture(scope="session")
def example_lo_pdf(corpus, example_built) -> Path:
    """LibreOffice's rendering of example_docx (shared with the fidelity tests)."""
    (built,) = corpus.with_libreoffice([example_built])
    return built.libreoffice_pdf


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    """Every example under every profile, built once for all workers (tests/corpus.py)."""
    from tests.corpus import Corpus

    # Under pytest-xdist each worker's base temporary folder sits in the session's, which
    # all of them share. Without it the base folder is the session's own: its parent holds
    # every earlier session's folders (of any checkout), whose builds are of other code.
    base = tmp_path_factory.getbasetemp()
    return Corpus((base.parent if "PYTEST_XDIST_WORKER" in os.environ else base) / "corpus")
