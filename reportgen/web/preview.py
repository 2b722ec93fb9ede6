"""The live preview: the report's pages as images, redrawn after each edit.

One worker thread composes and renders, newest edit first: an edit that arrives
while an older one waits replaces it. Each edit is rendered once, as `build` would
write its PDF (pipeline.Renderer); the quick stage shows its pages, then, when
nothing newer waits, the exact stage adds the pages' texts and what each
expression states. Pages are rasterised in-process by PDFium (pypdfium2); each page
image is named by the hash of its pixels, so a page an edit did not change keeps
its address and the browser its cached copy.
"""

from __future__ import annotations

import hashlib
import io
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from reportgen.errors import Problem
from reportgen.web import pipeline

SCALE = 1.25  # 744 px across an A4 page: sharp at the preview's width on an ordinary screen
MAX_IMAGES = 48  # encoded pages kept (about 200 KB each): the pages of the last few versions


class Stage(StrEnum):
    """The two stages of a version's preview (its value is the page's ?stage=)."""

    QUICK = "quick"  # the pages
    EXACT = "exact"  # and their texts, and what each expression states


QUICK, EXACT = Stage.QUICK, Stage.EXACT


@dataclass(frozen=True)
class Preview:
    """What the page shows for one version of a draft."""

    version: int
    stage: Stage
    pages: tuple[str, ...]  # image keys, one a page
    texts: tuple[str, ...]  # each page's text, for screen readers and find-in-page
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    expanded: dict[tuple, str]
    seconds: float  # from the edit to this result
    figures: object | None = None  # the Figures of this version, for the figure picker


@dataclass
class _Draft:
    version: int
    data: bytes
    input_path: Path
    since: float  # when the edit arrived (perf_counter)
    done: dict[Stage, Preview] = field(default_factory=dict)
    composition: pipeline.Composition | None = None


class Previewer:
    def __init__(self, renderer: pipeline.Renderer, root: Path, archive: Path | None = None):
        self.renderer = renderer
        self.root = root
        self.archive = archive  # where last year's input is looked up, as the command line does
        self._drafts: dict[str, _Draft] = {}  # session id → newest draft
        self._latest: dict[str, Preview] = {}  # session id → newest result
        self._expanded: dict[str, dict[tuple, str]] = {}  # session id → texts of the newest exact result
        self._good: dict[str, Preview] = {}  # session id → newest result with pages, shown under an error
        self._images: OrderedDict[str, bytes] = OrderedDict()
        self._pending_images: dict[str, object] = {}
        self._cond = threading.Condition()
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="reportgen-preview", daemon=True)
        self._thread.start()

    # --- the requests' side ---------------------------------------------------------------

    def request(self, session: str, version: int, data: bytes, input_path: Path) -> None:
        with self._cond:
            current = self._drafts.get(session)
            if current is not None and current.version >= version:
                return
            self._drafts[session] = _Draft(version, data, input_path, time.perf_counter())
            self._cond.notify_all()

    def wait(self, session: str, version: int, stage: Stage = QUICK, timeout: float = 30.0) -> Preview | None:
        """The newest result for `version` or later, at `stage` or better; None on timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                result = self._latest.get(session)
                if result is not None and (result.version > version or (
                        result.version == version and (stage == QUICK or result.stage == EXACT))):
                    return result
                left = deadline - time.monotonic()
                if left <= 0 or self._stopped:
                    return result
                self._cond.wait(left)

    def latest(self, session: str) -> Preview | None:
        with self._cond:
            return self._latest.get(session)

    def last_good(self, session: str) -> Preview | None:
        """The newest rendering that had pages: shown, dimmed, while the input has an error."""
        with self._cond:
            return self._good.get(session)

    def expanded(self, session: str) -> dict[tuple, str]:
        """What each text with an expression states, as of the newest exact rendering."""
        with self._cond:
            return self._expanded.get(session, {})

    def forget(self, session: str) -> None:
        with self._cond:
            self._drafts.pop(session, None)
            self._latest.pop(session, None)
            self._expanded.pop(session, None)
            self._good.pop(session, None)

    def image(self, key: str) -> bytes | None:
        with self._cond:
            data = self._images.get(key)
            if data is not None:
                self._images.move_to_end(key)
                return data
            pending = self._pending_images.get(key)
        if pending is None:
            return None
        buffer = io.BytesIO()
        pending.save(buffer, format="PNG", compress_level=1)
        data = buffer.getvalue()
        with self._cond:
            self._pending_images.pop(key, None)
            self._remember(key, data)
        return data

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()
        self._thread.join(timeout=10)

    # --- the worker ---------------------------------------------------------------------

    def _next(self) -> tuple[str, _Draft, Stage] | None:
        """Quick renderings first (newest edit first), then the exact ones."""
        waiting = [(s, d) for s, d in self._drafts.items() if QUICK not in d.done]
        if waiting:
            session, draft = max(waiting, key=lambda item: item[1].since)
            return session, draft, QUICK
        for session, draft in self._drafts.items():
            if EXACT not in draft.done:
                return session, draft, EXACT
        return None

    def _run(self) -> None:
        while True:
            with self._cond:
                job = self._next()
                while job is None and not self._stopped:
                    self._cond.wait()
                    job = self._next()
                if self._stopped:
                    return
            session, draft, stage = job
            try:
                result = self._render(draft, stage)
            except Exception as err:  # a preview must never take the server down
                result = Preview(draft.version, EXACT, (), (), (Problem(f"预览失败：{err}"),), (), {},
                                 time.perf_counter() - draft.since)
            with self._cond:
                draft.done[stage] = result
                if result.stage == EXACT:
                    draft.done[EXACT] = draft.done[QUICK] = result
                if self._drafts.get(session) is draft:
                    self._latest[session] = result
                    if result.stage == EXACT and not result.problems:
                        self._expanded[session] = result.expanded
                    if result.pages:
                        self._good[session] = result
                self._cond.notify_all()

    def _render(self, draft: _Draft, stage: Stage) -> Preview:
        if draft.composition is None:
            draft.composition = pipeline.compose_draft(draft.data, draft.input_path, self.root, self.archive)
        composition = draft.composition
        if composition.composed is None:
            # Nothing to draw: the errors are the preview, and no exact stage follows.
            return Preview(draft.version, EXACT, (), (), composition.problems, composition.warnings, {},
                           time.perf_counter() - draft.since)
        # The quick stage does only what the pages need; the texts come with the exact one, which
        # reads the same PDF (kept by the renderer) and so keeps the quick stage's page images,
        # unless another session's rendering let go of one that was never asked for.
        exact = stage == EXACT
        pdf = self.renderer.render(composition.composed)
        quick = draft.done.get(QUICK)
        drawn = quick.pages if exact and quick is not None and quick.pages else None
        if drawn is not None:
            with self._cond:
                if any(key not in self._images and key not in self._pending_images for key in drawn):
                    drawn = None
        pages, texts = self._pages(pdf, with_text=exact, drawn=drawn)
        expanded = pipeline.expanded_texts(composition) if exact else {}
        return Preview(draft.version, stage, pages, texts, (), composition.warnings, expanded,
                       time.perf_counter() - draft.since, composition.composed.figures)

    def _pages(self, pdf: bytes, with_text: bool, drawn: tuple[str, ...] | None = None
               ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The image keys of `pdf`'s pages (rasterised, or `drawn`: this PDF's, already) and, if
        `with_text`, their texts."""
        import pypdfium2

        keys, texts = list(drawn or ()), []
        with self.renderer.lock:  # PDFium is not thread-safe either
            document = pypdfium2.PdfDocument(pdf)
            try:
                for index in range(len(document)):
                    page = document[index]
                    if drawn is None:
                        bitmap = page.render(scale=SCALE)
                        key = hashlib.blake2b(bytes(bitmap.buffer), digest_size=16).hexdigest()
                        keys.append(key)
                        with self._cond:
                            if key not in self._images and key not in self._pending_images:
                                self._pending_images[key] = bitmap.to_pil()  # encoded when asked for
                    if with_text:
                        text_page = page.get_textpage()
                        texts.append(text_page.get_text_bounded())
                        text_page.close()
                    page.close()
            finally:
                document.close()
        with self._cond:
            # Pages of an older rendering that nobody asked for are not kept.
            for key in [k for k in self._pending_images if k not in keys]:
                del self._pending_images[key]
        return tuple(keys), tuple(texts)

    def _remember(self, key: str, data: bytes) -> None:
        self._images[key] = data
        self._images.move_to_end(key)
        while len(self._images) > MAX_IMAGES:
            self._images.popitem(last=False)
