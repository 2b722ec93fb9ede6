"""`pip install .` gives a working reportgen.

A wheel is built from a copy of this tree, installed into a fresh virtual
environment and run from a folder outside the repository: `--help`, `check`
and a `build` of the example, whose DOCX and PDF are read back. The editable
install the other tests use cannot see a package or a data file the wheel
leaves out; this test can.

To keep it to seconds the wheel goes in with --no-deps, and the dependencies
are those of the environment running the tests, made visible through a .pth
line naming its site-packages. Python adds that folder to sys.path but does not
read the .pth files inside it, so the editable install's finder never runs: the
test asserts that every reportgen module imported comes from the wheel.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest

from tests.measure import docx_text, pdf_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "nanchang-waiqiao"
TITLE = "南昌市外事侨务办公室2011年工作总结和2012年工作打算"

# Not part of the source tree: what builds, tests and tools leave in a checkout.
LEFT_BY_TOOLS = ("__pycache__", "*.pyc", "*.egg-info", "build", "dist", "output", ".venv", ".git",
                 ".pytest_cache", ".ruff_cache", ".hypothesis", "node_modules")


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path
    site_packages: Path
    work: Path  # a folder outside the repository, holding a copy of the example input
    env: dict[str, str]

    def run(self, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
        return subprocess.run([*args], cwd=self.work, env=self.env, capture_output=True, text=True,
                              timeout=timeout)

    def reportgen(self, *args: str) -> subprocess.CompletedProcess:
        return self.run(str(self.venv / "bin" / "reportgen"), *args)


def _pip(*args: str, cwd: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "pip", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, f"pip {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    if sys.platform == "win32":
        pytest.skip("the virtual environment's layout (bin/) is that of POSIX")
    base = tmp_path_factory.mktemp("packaging")
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*LEFT_BY_TOOLS))
    # This environment's setuptools (the test extra pins it): no download, no isolated build.
    _pip("wheel", "--quiet", "--no-deps", "--no-build-isolation", "--wheel-dir", str(base / "dist"), ".",
         cwd=source)
    (wheel,) = (base / "dist").glob("reportgen-*.whl")

    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    _pip("--python", str(venv / "bin" / "python"), "install", "--quiet", "--no-deps", "--no-index", str(wheel),
         cwd=base)
    site_packages = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    assert site_packages.is_dir(), site_packages
    dependencies = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib"), *_dependency_folders()}
    (site_packages / "test-dependencies.pth").write_text("\n".join(sorted(dependencies)) + "\n", encoding="utf-8")

    work = base / "work"
    work.mkdir()
    for name in ("2011.yaml", "2011-ledger.csv"):
        shutil.copy2(EXAMPLE / name, work / name)
    archive = base / "empty-archive"
    archive.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(REPORTGEN_ARCHIVE=str(archive), PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}")
    return Installed(wheel, venv, site_packages, work, env)


def _dependency_folders() -> set[str]:
    """Where this environment found reportgen's dependencies, should that not be its site-packages."""
    folders = set()
    for name in ("jinja2", "docx", "weasyprint", "pydantic", "ruamel.yaml", "lxml", "pypdf", "pdfplumber"):
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.origin, f"dependency {name} is not installed"
        folders.add(str(Path(spec.origin).parents[len(name.split("."))]))
    return folders


def _source_files() -> set[str]:
    """Every file of reportgen/ and templates/ that git tracks or would add."""
    if (ROOT / ".git").exists() and shutil.which("git"):
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z", "--", "reportgen", "templates"],
            cwd=ROOT, capture_output=True, text=True, check=True, timeout=60,
        ).stdout.split("\0")
        paths = [ROOT / name for name in listed if name]
    else:
        paths = [*(ROOT / "reportgen").rglob("*"), *(ROOT / "templates").rglob("*")]
    return {
        path.relative_to(ROOT).as_posix() for path in paths
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


def _in_wheel(source_path: str) -> str:
    if source_path.startswith("templates/"):
        return "reportgen/" + source_path
    return source_path


def test_the_wheel_holds_every_file_of_the_source_tree(installed):
    with zipfile.ZipFile(installed.wheel) as wheel:
        shipped = set(wheel.namelist())
    expected = {_in_wheel(path) for path in _source_files()}
    assert {"reportgen/cli.py", "reportgen/archive/__init__.py", "reportgen/ledger/__init__.py",
            "reportgen/catalogues/foreign-affairs.yaml", "reportgen/templates/report.xml.j2"} <= expected
    missing = sorted(expected - shipped)
    assert missing == [], (
        "the wheel leaves these out (a folder setup.py does not find, or a kind of data file with no "
        f"pattern in pyproject.toml's [tool.setuptools.package-data]): {missing}"
    )


def test_the_installed_reportgen_is_the_wheels_copy(installed):
    listing = installed.run(
        str(installed.venv / "bin" / "python"), "-c",
        "import sys, reportgen.cli, reportgen.build, reportgen.archive, reportgen.ledger\n"
        "print('\\n'.join(m.__file__ for n, m in sys.modules.items()"
        " if n.split('.')[0] == 'reportgen' and getattr(m, '__file__', None)))",
    )
    assert listing.returncode == 0, listing.stderr
    files = [Path(line) for line in listing.stdout.split()]
    assert files, listing.stdout
    strays = [str(path) for path in files if not path.is_relative_to(installed.site_packages)]
    assert strays == [], f"reportgen imported from outside the wheel's install: {strays}"


def test_help(installed):
    done = installed.reportgen("--help")
    assert done.returncode == 0, done.stderr
    assert "用法：reportgen" in done.stdout
    for command in ("build", "check", "lint", "archive"):
        assert command in done.stdout


def test_check(installed):
    done = installed.reportgen("check", "2011.yaml")
    assert done.returncode == 0, done.stderr
    assert "格式正确" in done.stdout and "南昌市外事侨务办公室" in done.stdout


def test_check_reports_a_bad_input_with_exit_status_2(installed):
    (installed.work / "bad.yaml").write_text("office: 某办公室\nyear: 二〇一一\n", encoding="utf-8")
    done = installed.reportgen("check", "bad.yaml")
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "bad.yaml" in done.stderr and "Traceback" not in done.stderr


def test_build(installed):
    done = installed.reportgen("build", "2011.yaml", "-o", "out")
    assert done.returncode == 0, done.stderr
    folder = installed.work / "out" / "南昌市外事侨务办公室" / "2011"
    docx_path, pdf_path = folder / f"{TITLE}.docx", folder / f"{TITLE}.pdf"
    assert str(docx_path.relative_to(installed.work)) in done.stdout

    # The title, and a figure the catalogue and the ledger CSV produce, in both files.
    assert docx.Document(str(docx_path)).core_properties.title == TITLE
    for text in (docx_text(docx_path), pdf_text(pdf_path)):
        assert TITLE in text
        assert "接待党宾、外宾28批368人次" in text
