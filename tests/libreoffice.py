"""LibreOffice's rendering of DOCX files, many in one start-up.

Starting LibreOffice costs 2-3 s; converting one more file in the same run
costs a fraction of that. `convert_all` takes every DOCX a test session (or a
module) needs and converts them in one `soffice --convert-to pdf` call, in a
profile of its own so that no user's settings, and no other running
LibreOffice, change the result.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    assert found, "LibreOffice is missing: `make test` installs libreoffice-writer-nogui"
    return found


def convert_all(docx_files: list[Path], out_dir: Path, timeout: float = 600) -> dict[Path, Path]:
    """Each DOCX → the PDF LibreOffice laid out from it (in `out_dir`), in one run.

    The files' stems must differ: LibreOffice names each PDF after its DOCX."""
    stems = [path.stem for path in docx_files]
    assert len(set(stems)) == len(stems), "two DOCX files with one name would write one PDF"
    out_dir.mkdir(parents=True, exist_ok=True)
    if not docx_files:
        return {}
    profile = out_dir / "lo-profile"
    env = {**os.environ, "HOME": str(out_dir)}
    subprocess.run(
        [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, docx_files)],
        check=True, capture_output=True, timeout=timeout, env=env,
    )
    converted = {path: out_dir / f"{path.stem}.pdf" for path in docx_files}
    missing = [str(path) for path, pdf in converted.items() if not pdf.is_file()]
    assert not missing, f"LibreOffice wrote no PDF for {missing}"
    return converted
