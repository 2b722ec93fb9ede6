"""What a command imports before it does its work: start-up time is mostly imports.

Each case runs in a fresh interpreter and lists the modules it loaded. The
times themselves are in benchmarks/bench_build.py (`check_process_s`).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "nanchang-waiqiao" / "2011.yaml"

# Rendering, reading PDFs, the archive's database: no business of `check` or of the parser.
RENDER_AND_ARCHIVE = ("weasyprint", "cffi", "fontTools", "PIL", "docx", "lxml", "pdfplumber", "pdfminer", "pypdf",
                      "sqlite3", "reportgen.render", "reportgen.fonts", "reportgen.archive.service",
                      "reportgen.archive.index", "reportgen.archive.ingest", "reportgen.archive.pdfa",
                      "reportgen.lint.docx", "reportgen.lint.pdf")
# Validating and composing: what `check` needs, and building the parser does not.
INPUT_PIPELINE = ("pydantic", "jinja2", "ruamel", "reportgen.build", "reportgen.schema", "reportgen.load",
                  "reportgen.compose", "reportgen.figures")


def _modules_after(code: str, tmp_path: Path) -> set[str]:
    script = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    # No archive: with one, the previous-year lookup rightly opens its index. This checkout's
    # reportgen, not whichever the interpreter has installed (the working folder is elsewhere).
    env = {"REPORTGEN_ARCHIVE": str(tmp_path / "no-archive"), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(name for name in names if any(m == name or m.startswith(name + ".") for m in modules))


def test_building_the_parser_imports_no_pipeline_and_no_renderer(tmp_path):
    modules = _modules_after("from reportgen.cli import parser\nparser()", tmp_path)
    assert "reportgen.lint.cli" in modules and "reportgen.archive.cli" in modules  # the subcommands are there
    assert _loaded(modules, RENDER_AND_ARCHIVE + INPUT_PIPELINE) == []


def test_check_imports_no_renderer(tmp_path):
    modules = _modules_after(
        "import contextlib, io\nfrom reportgen.cli import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()):\n    assert main(['check', {str(EXAMPLE)!r}]) == 0",
        tmp_path,
    )
    assert "reportgen.compose" in modules  # it did compose
    assert _loaded(modules, RENDER_AND_ARCHIVE) == []


def test_a_docx_build_imports_no_pdf_renderer(tmp_path):
    """WeasyPrint only where a PDF is made: a DOCX alone needs the paginate stage, not the PDF's renderer."""
    modules = _modules_after(
        "import contextlib, io\nfrom reportgen.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['build', {str(EXAMPLE)!r}, '--format', 'docx', '-o', 'out']) == 0",
        tmp_path,
    )
    assert "reportgen.render.docx" in modules  # it did render
    assert _loaded(modules, ("weasyprint", "cffi", "reportgen.render.pdf", "reportgen.render.css",
                             "reportgen.render.weasyprint_loader", "pdfplumber", "pypdf")) == []
