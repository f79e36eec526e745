"""The reader's targets measured the way a person meets them: in the real main window, with
the claims coming from the project file, beside bare-Qt floors from the same run.

Run: python bench/bench_window.py [--sizes 1:10000,5:50000] [--runs 5] [--quick] [--json FILE]

For each size, a project holds one long article (seeded prose, claims of 20-300 characters,
a quarter nested; ``bench/data.py``) and a short one. Medians of:

- open + paint: from choosing the long article (``context.set_article``, what a click in the
  article list does) to the window repainted, everything included: the text and the claims
  read from the project, the reader, the claims table and inspector following. Each run
  starts from the short article. Floor: a bare read-only ``QPlainTextEdit`` given the same
  text with ``setPlainText`` and painted.
- add one highlight: a passage on screen selected, its tag's key pressed (the tag action:
  undoable command, claim saved in the project, every panel told), until the window has
  painted it; remove: Ctrl+Z, the same way back. The panels that follow a change one turn of
  the event loop later (the claims table's row: ``ui/later.py``) paint in the next frame; the
  work of both frames, summed, is printed under each. Floor: repainting the unchanged window.
- scroll one page in the reader and paint it. Floor: the same in the bare editor.
- resident memory with the long article open (fresh process each). Floor: the bare editor
  holding the same text; an empty window for reference.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractSlider, QApplication, QPlainTextEdit, QWidget

from bench.bench_reader import rss_mb
from bench.common import (
    Figure,
    Samples,
    load_average,
    private_home,
    repeat,
    report,
    standard_arguments,
)
from bench.data import ProjectSpec, cached_project
from sourcemark.app import articles, codebook
from sourcemark.app.projects import open_project
from sourcemark.app.settings import Settings
from sourcemark.ui.background import finish_reads
from sourcemark.ui.main_window import MainWindow
from sourcemark.ui.reader.typography import reading_font

SIZE = (1340, 760)
TARGETS = {"open_1": 200.0, "open_5": 500.0, "change": 16.0, "scroll": 16.0, "rss": 300.0}
SHORT_TEXT = "A short article. Officials said the talks would resume on Monday."


def prepare(megabytes: float, claims: int, folder: Path) -> tuple[Path, int, int]:
    """A copy of the cached project with the long article, plus a short one; their ids."""
    path = cached_project(
        ProjectSpec(1, claims, int(megabytes * 1_000_000)),
        copy_to=folder / f"window-{megabytes:g}.sourcemark",
    )
    project = open_project(path, annotator="bench")
    try:
        long_id = articles.list_articles(project)[-1].article.id
        short_id = articles.import_text(project, SHORT_TEXT, title="Short").id
    finally:
        project.close()
    return path, long_id, short_id


def open_window(path: Path) -> MainWindow:
    window = MainWindow(open_project(path, annotator="bench"), Settings())
    window.resize(*SIZE)
    window.show()
    paint(window)
    # What the application does once its window is built (ui/application.py): what lives
    # as long as the window is left out of every later collection.
    gc.freeze()
    return window


class _Repainted(QObject):
    """Whether a window repainted (Qt paints every widget of a window in its UpdateRequest)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__()
        self.seen = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.UpdateRequest:
            self.seen = True
        return False


def paint(widget: QWidget) -> None:
    """Run what the last action queued and let the window paint its result, once.

    Painted by the window's own update when the action changed what it shows; repainted
    here only when nothing was (an unchanged widget: the floors). Until session nine this
    always repainted as well, so every figure of an action that changed the screen held a
    second, needless paint (~16 ms for the article list of 10,000 articles).
    """
    window = widget.window()
    repainted = _Repainted(window)
    try:
        QApplication.processEvents()  # queued reloads (claims table, counts) and paints
        finish_reads()  # and the ids the claims table reads on a worker thread are shown
        painted = repainted.seen
        while True:  # until a turn of the event loop paints nothing more
            repainted.seen = False
            QApplication.processEvents()
            if not repainted.seen:
                break
            painted = True
    finally:
        window.removeEventFilter(repainted)
    if not painted:
        widget.repaint()
        QApplication.processEvents()


def bare_editor(text: str = "") -> QPlainTextEdit:
    editor = QPlainTextEdit()
    editor.setReadOnly(True)
    editor.setFont(reading_font())
    editor.resize(*SIZE)
    editor.show()
    if text:
        editor.setPlainText(text)
    paint(editor)
    return editor


def time_open(window: MainWindow, long_id: int, short_id: int, runs: int) -> Samples:
    context = window.context

    def back() -> None:
        context.set_article(short_id)
        paint(window)

    def go() -> None:
        context.set_article(long_id)
        paint(window)

    return repeat(runs, go, setup=back)


def time_open_floor(text: str, runs: int) -> Samples:
    editors: list[QPlainTextEdit] = []

    def setup() -> None:
        for old in editors:
            old.deleteLater()
        editors[:] = [bare_editor()]

    def go() -> None:
        editors[0].setPlainText(text)
        paint(editors[0])

    samples = repeat(runs, go, setup=setup)
    for old in editors:
        old.deleteLater()
    return samples


def first_paint() -> None:
    """Deliver the window's pending paint, and nothing else: what the event loop does first
    once an action returns, before the zero-time timers of the panels that follow."""
    QApplication.sendPostedEvents(None, int(QEvent.Type.UpdateRequest))


@dataclass
class Changes:
    """Adding and removing a highlight: until it is saved and painted, and until every panel
    has followed and painted too (the claims table's row, one event-loop turn later)."""

    add_shown: Samples
    add_all: Samples
    remove_shown: Samples
    remove_all: Samples
    repaint_floor: Samples


def time_changes(window: MainWindow, rounds: int) -> Changes:
    """Add a highlight with the tag's key on a selected passage, then undo it; repaint each."""
    reader = window.reader
    bar = reader.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    paint(window)
    point = reader.viewport().rect().center()
    middle = reader.codepoint_at(point)
    if middle is None:
        middle = reader.offsets.to_codepoint(reader.cursorForPosition(point).position())
    text = window.annotation.text
    start = max(text.rfind(" ", 0, middle) + 1, 0)
    end = text.find(" ", start + 40)
    tag = next(t for t in codebook.list_tags(window.context.project) if t.shortcut)
    found = Changes(Samples(), Samples(), Samples(), Samples(), Samples())

    def timed(action: Callable[[], object], shown: Samples, whole: Samples) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        with whole.measure():
            action()
            first_paint()
            shown.wall.append(time.perf_counter() - wall)
            shown.cpu.append(time.process_time() - cpu)
            paint(window)

    for _ in range(rounds):
        reader.select_span(start, end)
        QApplication.processEvents()
        timed(lambda: window.annotation.apply_tag(tag.id), found.add_shown, found.add_all)
        timed(window.context.undo_stack.undo, found.remove_shown, found.remove_all)
        with found.repaint_floor.measure():
            paint(window)
    return found


def time_scroll(widget: QPlainTextEdit, pages: int, target: QWidget) -> Samples:
    bar = widget.verticalScrollBar()
    bar.setValue(0)
    paint(target)
    samples = Samples()
    for _ in range(pages):
        with samples.measure():
            bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)
            paint(target)
    return samples


# -- memory, in fresh processes -----------------------------------------------------------------


def memory_child(kind: str, path: str, article_id: int) -> None:
    QApplication.instance() or QApplication(sys.argv[:1])
    if kind == "window":
        empty = QWidget()
        empty.resize(*SIZE)
        empty.show()
        paint(empty)
    elif kind == "app":
        window = open_window(Path(path))
        window.context.set_article(article_id)
        paint(window)
        time_scroll(window.reader, 20, window)
    else:
        project = open_project(Path(path), annotator="bench")
        text = articles.get_article_text(project, article_id)
        project.close()
        editor = bare_editor(text)
        del text
        time_scroll(editor, 20, editor)
    print(json.dumps({"rss": rss_mb()}))


def measure_rss(kind: str, path: Path, article_id: int) -> float:
    command = [sys.executable, __file__, "--rss-child", kind, str(path), str(article_id)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return float(json.loads(output.strip().splitlines()[-1])["rss"])


# -- the figures --------------------------------------------------------------------------------


def run(sizes: list[tuple[float, int]], runs: int, with_memory: bool) -> list[Figure]:
    figures: list[Figure] = []
    warm = bare_editor("warm up " * 2000)  # Qt's one-time font set-up is not billed to anyone
    warm.deleteLater()
    with tempfile.TemporaryDirectory() as folder:
        for megabytes, count in sizes:
            label = f"{megabytes:g} MB article, {count:,} claims"
            path, long_id, short_id = prepare(megabytes, count, Path(folder))
            window = open_window(path)
            text = articles.get_article_text(window.context.project, long_id)
            target = TARGETS["open_1"] if megabytes <= 1 else TARGETS["open_5"]
            opened = time_open(window, long_id, short_id, runs)
            floor = time_open_floor(text, runs)
            figures.append(
                opened.figure(
                    f"open {label}, painted",
                    target=target if megabytes in (1, 5) else None,
                    floor=floor.wall_ms,
                    floor_what="bare QPlainTextEdit",
                )
            )
            window.context.set_article(long_id)
            paint(window)
            changes = time_changes(window, max(runs * 4, 5))
            for what, shown, whole in (
                ("add", changes.add_shown, changes.add_all),
                ("remove", changes.remove_shown, changes.remove_all),
            ):
                figures.append(
                    shown.figure(
                        f"{what} one highlight ({label}), saved and painted",
                        target=TARGETS["change"],
                        floor=changes.repaint_floor.wall_ms,
                        floor_what="window repaint",
                    )
                )
                figures.append(
                    whole.figure(
                        f"  (and every panel following, summed: {what}, {label})",
                        floor=changes.repaint_floor.wall_ms,
                        floor_what="window repaint",
                    )
                )
            scrolled = time_scroll(window.reader, max(runs * 8, 10), window)
            window.close()
            editor = bare_editor(text)
            scroll_floor = time_scroll(editor, max(runs * 8, 10), editor)
            editor.deleteLater()
            figures.append(
                scrolled.figure(
                    f"scroll one page ({label})",
                    target=TARGETS["scroll"],
                    floor=scroll_floor.wall_ms,
                    floor_what="bare QPlainTextEdit",
                )
            )
            QApplication.processEvents()
            if with_memory:
                figures.append(
                    Figure(
                        f"memory with the {label} open",
                        measure_rss("app", path, long_id),
                        target=TARGETS["rss"] if megabytes == 5 else None,
                        floor=measure_rss("bare", path, long_id),
                        floor_what="bare QPlainTextEdit, same text",
                        unit="MB",
                    )
                )
        if with_memory:
            figures.append(
                Figure(
                    "memory of an empty window (for reference)",
                    measure_rss("window", Path(folder), 0),
                    unit="MB",
                )
            )
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    standard_arguments(parser, runs=5)
    parser.add_argument("--sizes", default="1:10000,5:50000", help="MB:claims pairs")
    parser.add_argument("--no-memory", action="store_true", help="skip the RSS processes")
    parser.add_argument("--rss-child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rss_child:
        kind, path, article_id = args.rss_child
        memory_child(kind, path, int(article_id))
        return 0
    private_home()
    QApplication.instance() or QApplication(sys.argv[:1])
    sizes = (
        [(0.05, 300)]
        if args.quick
        else [(float(mb), int(n)) for mb, n in (pair.split(":") for pair in args.sizes.split(","))]
    )
    runs = 1 if args.quick else args.runs
    load_before = load_average()
    figures = run(sizes, runs, with_memory=not (args.quick or args.no_memory))
    report(figures, args.json, load_before=load_before)
    return 0


if __name__ == "__main__":
    sys.exit(main())
