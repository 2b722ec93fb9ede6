"""LibreOffice's layout of DOCX files, many in one start-up.

Starting LibreOffice costs 2-3 s; each further file in the same run a fraction
of that, so everything that needs LibreOffice's rendering (the calibration's
probes, the tests) converts its files in one call. The run has a profile of its
own (no user's settings, no running LibreOffice changes the result) and, when a
fonts folder is given, sees the faces in it through a fontconfig file of its own,
as the PDF does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

from reportgen.errors import Problem, ReportError

INSTALL_HINT = "请安装 LibreOffice（Debian：apt-get install libreoffice-writer-nogui，或运行 make demo）。"


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise ReportError(Problem("本机没有 LibreOffice，无法测量 DOCX 的排版", hint=INSTALL_HINT))
    return found


def convert_all(docx_files: list[Path], out_dir: Path, fonts_dir: Path | None = None,
                timeout: float = 600) -> dict[Path, Path]:
    """Each DOCX → the PDF LibreOffice laid out from it (in `out_dir`), in one run.

    The files' stems must differ: LibreOffice names each PDF after its DOCX."""
    stems = [path.stem for path in docx_files]
    if len(set(stems)) != len(stems):
        raise ValueError("two DOCX files with one name would write one PDF")
    out_dir.mkdir(parents=True, exist_ok=True)
    if not docx_files:
        return {}
    env = {**os.environ, "HOME": str(out_dir)}
    if fonts_dir is not None and fonts_dir.is_dir():
        env["FONTCONFIG_FILE"] = str(_fontconfig_with(fonts_dir, out_dir))
    profile = out_dir / "lo-profile"
    try:
        subprocess.run(
            [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, docx_files)],
            check=True, capture_output=True, timeout=timeout, env=env,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as err:
        raise ReportError(Problem(f"LibreOffice 转换 DOCX 失败：{err}", hint=INSTALL_HINT)) from None
    converted = {path: out_dir / f"{path.stem}.pdf" for path in docx_files}
    missing = [path.name for path, pdf in converted.items() if not pdf.is_file()]
    if missing:
        raise ReportError(Problem(f"LibreOffice 没有为 {'、'.join(missing)} 生成 PDF", hint=INSTALL_HINT))
    return converted


def _fontconfig_with(fonts_dir: Path, out_dir: Path) -> Path:
    """The system's fontconfig setup plus the faces of `fonts_dir`."""
    path = out_dir / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{escape(str(fonts_dir.resolve()))}</dir>\n"
        f"  <cachedir>{escape(str((out_dir / 'fontconfig-cache').resolve()))}</cachedir>\n"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return path
