"""WeasyPrint, imported without its shared-library search: the one way reportgen imports it.

weasyprint.text.ffi (WeasyPrint 70) opens each of its C libraries by trying a
list of names through cffi's FFI.dlopen, in this order, e.g. for GObject:

    'libgobject-2.0-0', 'gobject-2.0-0', 'gobject-2.0', 'libgobject-2.0.so.0',
    'libgobject-2.0.0.dylib', 'libgobject-2.0-0.dll'

and likewise for Pango, HarfBuzz, HarfBuzz-subset, HarfBuzz-vector (these two
may be missing), Fontconfig and PangoFT2. When the dynamic linker cannot open a
name, cffi asks ctypes.util.find_library, which on Linux runs `ldconfig -p` and
then gcc and ld as subprocesses: about 25 ms for each of the 17 names that
nothing answers to on Debian 12, 0.45 s of the 0.48 s that importing WeasyPrint
took.

Every one of those lists holds the library's Linux soname ('libgobject-2.0.so.0',
'libpango-1.0.so.0', 'libharfbuzz.so.0', 'libfontconfig.so.1', ...), and the
search gains nothing over it: what find_library finds is the soname from
ldconfig's cache, which cffi then hands to the dynamic linker, the very call
that opening the soname directly makes. So while WeasyPrint is being imported,
find_library answers "not found" at once to cffi in the importing thread; the
names the linker cannot open fail fast, WeasyPrint goes on to the soname, and
the same library files are loaded (tests/test_weasyprint_loader.py compares
them; benchmarks/bench_build.py compares the PDF bytes). Other callers and
other threads get the real find_library, and it is put back after the import.

Should a library open only through the search (a system whose soname differs
from WeasyPrint's list), the import is done again with the real search: that
machine is as slow as before, and otherwise just the same, but for WeasyPrint's
"could not import some external libraries" notice, printed once by the first
attempt. Only Linux searches with subprocesses; elsewhere WeasyPrint is
imported as it is. The list of names is WeasyPrint 70's (pyproject.toml pins
the major): on an upgrade, read text/ffi.py again.
"""

from __future__ import annotations

import ctypes.util
import importlib
import sys
import threading
from types import ModuleType

_lock = threading.Lock()


def load_weasyprint() -> ModuleType:
    """Import WeasyPrint (once per process) and return the module."""
    with _lock:
        if "weasyprint" not in sys.modules and sys.platform.startswith("linux"):
            try:
                _import_without_search()
            except OSError:
                # A library that only find_library could locate: forget the half
                # import, and import_module below does it WeasyPrint's own way.
                for name in [name for name in sys.modules if name == "weasyprint" or name.startswith("weasyprint.")]:
                    del sys.modules[name]
        # Through the import system even when already imported: should another
        # thread be importing WeasyPrint right now, this waits until it is complete.
        return importlib.import_module("weasyprint")


def _import_without_search() -> None:
    real = ctypes.util.find_library
    importer = threading.get_ident()

    def find_library(name: str) -> str | None:
        # cffi.api._load_backend_lib calls this after the linker failed to open `name`.
        caller = sys._getframe(1).f_globals.get("__name__")
        if caller == "cffi.api" and threading.get_ident() == importer:
            return None
        return real(name)

    ctypes.util.find_library = find_library
    try:
        import weasyprint  # noqa: F401
    finally:
        ctypes.util.find_library = real
