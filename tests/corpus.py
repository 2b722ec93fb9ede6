"""Every example input under every profile, built once per test session and shared.

Several test modules measure the same reports: the paginate stage's lines and
pages, lint of our own output, LibreOffice's rendering beside WeasyPrint's. A
`Corpus` builds each (input, profile) once into a folder all pytest-xdist
workers share (pytest's base temporary folder), under a file lock, and keeps
what a test needs beside the files: the composed document and the layout
(pickled). LibreOffice converts every DOCX a caller asks for in one start-up.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

from reportgen.build import compose_input, lay_out, render
from reportgen.layout import PROFILES
from tests.libreoffice import convert_all

ROOT = Path(__file__).resolve().parent.parent
INPUTS = sorted((ROOT / "inputs").glob("*/20*.yaml"))


@dataclass(frozen=True)
class Built:
    input: Path
    profile: str
    docx: Path
    pdf: Path
    folder: Path

    @staticmethod
    def tag_of(source: Path, profile: str) -> str:
        """What names an (input, profile)'s folder and files: "nanchang-waiqiao-2011-standard"."""
        return f"{source.parent.name}-{source.stem}-{profile}"

    @property
    def tag(self) -> str:
        return self.tag_of(self.input, self.profile)

    def state(self):
        """(document, layout) as the build composed and laid them out."""
        return pickle.loads((self.folder / "state.pickle").read_bytes())

    @property
    def libreoffice_pdf(self) -> Path:
        return self.folder / "libreoffice" / f"{self.docx.stem}.pdf"


class Corpus:
    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def build(self, source: Path, profile: str) -> Built:
        tag = Built.tag_of(source, profile)
        folder = self.root / tag
        # Named by the tag: LibreOffice names each PDF after its DOCX, all in one run.
        built = Built(source, profile, folder / f"{tag}.docx", folder / f"{tag}.pdf", folder)
        with FileLock(str(self.root / f"{tag}.lock")):
            if not (folder / "state.pickle").is_file():
                folder.mkdir(exist_ok=True)
                composed = compose_input(source, PROFILES[profile])
                laid = lay_out(composed)
                rendered = render(composed, laid=laid)
                built.docx.write_bytes(rendered.files["docx"])
                built.pdf.write_bytes(rendered.files["pdf"])
                # Written last: its presence says the folder is complete.
                (folder / "state.pickle").write_bytes(pickle.dumps((rendered.document, laid.layout)))
        return built

    def with_libreoffice(self, wanted: list[Built]) -> list[Built]:
        """`wanted`, each with its DOCX rendered by LibreOffice: those not yet converted, in one run."""
        with FileLock(str(self.root / "libreoffice.lock")):
            missing = [b for b in wanted if not b.libreoffice_pdf.is_file()]
            if missing:
                converted = convert_all([b.docx for b in missing], self.root / "libreoffice-run")
                for b in missing:
                    b.libreoffice_pdf.parent.mkdir(exist_ok=True)
                    converted[b.docx].replace(b.libreoffice_pdf)
        return wanted
