"""WeasyPrint is imported without spawning ldconfig/gcc, and loads the same libraries as its own search.

Each case runs in a fresh interpreter: an import is once per process.
Timings are in benchmarks/bench_build.py, not here.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="only Linux searches for libraries with subprocesses")

# Prints what the import did: processes started, shared libraries mapped, and
# whether ctypes.util.find_library is the real one again afterwards.
REPORT = """
import ctypes.util, json, os, sys
real_find_library = ctypes.util.find_library
spawned = []
def hook(event, args):
    if event in ("subprocess.Popen", "os.posix_spawn", "os.fork", "os.exec", "os.system"):
        spawned.append(event)
sys.addaudithook(hook)
{setup}
{import_line}
import weasyprint
libs = sorted({{line.split()[-1] for line in open("/proc/self/maps") if ".so" in line
               and os.path.basename(line.split()[-1]).startswith("lib")}})
print(json.dumps({{"spawned": spawned, "libs": libs, "weasyprint": weasyprint.__file__,
                  "restored": ctypes.util.find_library is real_find_library}}))
"""

LOADER = "from reportgen.render.weasyprint_loader import load_weasyprint; load_weasyprint()"


def _run(import_line: str, setup: str = "") -> dict:
    code = REPORT.format(setup=textwrap.dedent(setup), import_line=import_line)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _text_libraries(libs: list[str]) -> set[str]:
    names = ("libgobject-2.0", "libpango-1.0", "libpangoft2-1.0", "libharfbuzz", "libfontconfig")
    return {lib for lib in libs if Path(lib).name.startswith(names)}


@pytest.fixture(scope="module")
def own_search() -> dict:
    """WeasyPrint imported plainly: cffi's find_library search, subprocesses and all."""
    return _run("")


def test_import_starts_no_process_and_loads_the_same_libraries(own_search):
    loaded = _run(LOADER)
    assert loaded["spawned"] == []
    assert own_search["spawned"], "the plain import no longer searches: is this module still needed?"
    assert loaded["libs"] == own_search["libs"]
    assert len(_text_libraries(loaded["libs"])) >= 5, loaded["libs"]
    assert loaded["restored"]


def test_a_library_only_the_search_finds_falls_back_to_weasyprints_own_import(own_search):
    # The dynamic linker refuses GObject's soname, as on a system whose soname
    # differs from WeasyPrint's list: only find_library's answer opens it.
    refuse = """
    import cffi
    _dlopen = cffi.FFI.dlopen
    def dlopen(self, name, *args):
        if name == "libgobject-2.0.so.0":
            raise OSError("refused by the test")
        return _dlopen(self, name, *args)
    cffi.FFI.dlopen = dlopen
    """
    loaded = _run(LOADER, setup=refuse)
    assert loaded["spawned"], "the fallback should have searched"
    assert _text_libraries(loaded["libs"]) == _text_libraries(own_search["libs"])
    assert loaded["restored"]


def test_reportgen_imports_weasyprint_only_through_the_loader():
    direct = re.compile(r"^\s*(import weasyprint|from weasyprint[ .])", re.MULTILINE)
    offenders = [
        str(path.relative_to(ROOT)) for path in sorted((ROOT / "reportgen").rglob("*.py"))
        if path.name != "weasyprint_loader.py" and direct.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "import WeasyPrint with reportgen.render.weasyprint_loader.load_weasyprint()"
