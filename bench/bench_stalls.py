"""How long the window stops answering during each everyday interaction with a big article
open: issue 6's "no interaction in a 5 MB / 50,000-claim article makes the UI stall for
more than a frame".

Run: python bench/bench_stalls.py [--sizes 5:50000] [--runs 5] [--quick] [--json FILE]

Each interaction is done as a person does it (an action's shortcut triggered, a key pressed
in the reader, a column header clicked) from inside the running event loop, while a 1 ms
timer ticks. The stall is the longest gap between two ticks from the interaction until the
window has settled (250 ms later, or once a worker thread's result is in): the longest a
keypress would have waited, the interaction's own work, the reloads and timers it queued and
the repaint included. Medians of ``--runs``. The floor is the same gap around repainting the
unchanged window, the least any visible change costs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QEventLoop, QPoint, Qt, QTimer
from PySide6.QtGui import QHelpEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from bench.bench_window import SHORT_TEXT, SIZE, open_window, prepare
from bench.common import Figure, load_average, private_home, report, standard_arguments
from sourcemark.app import codebook
from sourcemark.ui.background import finish_reads
from sourcemark.ui.main_window import MainWindow

FRAME_MS = 16.0
SETTLE_MS = 250
TICK_MS = 1


def longest_pause(
    job: Callable[[], object], *, settle_ms: int = SETTLE_MS, done: Callable[[], bool] | None = None
) -> float:
    """The longest gap (ms) between 1 ms timer ticks from running ``job`` in the event loop
    until ``settle_ms`` have passed (and, given ``done``, until it holds; at most 60 s)."""
    loop = QEventLoop()
    ticks: list[float] = []
    heartbeat = QTimer()
    heartbeat.setInterval(TICK_MS)
    heartbeat.timeout.connect(lambda: ticks.append(time.perf_counter()))
    began = [0.0]

    def start() -> None:
        began[0] = time.perf_counter()
        ticks.append(began[0])
        job()

    def check() -> None:
        waited = (time.perf_counter() - began[0]) * 1000
        if waited >= settle_ms and (done is None or done() or waited > 60_000):
            loop.quit()

    checker = QTimer()
    checker.setInterval(10)
    checker.timeout.connect(check)
    heartbeat.start()
    checker.start()
    QTimer.singleShot(0, start)
    loop.exec()
    heartbeat.stop()
    checker.stop()
    ticks.append(time.perf_counter())
    return max(b - a for a, b in pairwise(ticks)) * 1000


class Interactions:
    """The window with the long article open, and what a person does in it."""

    def __init__(self, window: MainWindow, long_id: int, short_id: int) -> None:
        self.window, self.long_id, self.short_id = window, long_id, short_id
        self.context = window.context
        self.reader = window.reader
        self.tag = next(t for t in codebook.list_tags(self.context.project) if t.shortcut)
        self.context.set_article(long_id)
        self.middle()

    # -- set-ups (untimed) ---------------------------------------------------------------------

    def middle(self) -> None:
        """The reader scrolled half-way, a passage there selected, no claim current."""
        bar = self.reader.verticalScrollBar()
        bar.setValue(bar.maximum() // 2)
        QApplication.processEvents()
        point = self.reader.viewport().rect().center()
        at = self.reader.offsets.to_codepoint(self.reader.cursorForPosition(point).position())
        text = self.window.annotation.text
        self.start = max(text.rfind(" ", 0, at) + 1, 0)
        self.end = text.find(" ", self.start + 40)
        self.context.set_claim(None)
        self.reader.select_span(self.start, self.end)
        QApplication.processEvents()

    def after(self, action_id: str) -> Callable[[], None]:
        """A set-up: ``middle()``, then an action (a claim made current, review mode on...)."""

        def setup() -> None:
            self.middle()
            self.window.action_map[action_id].trigger()
            QApplication.processEvents()
            finish_reads()  # review mode's walk is on the screen before the step
            # And the move to its first claim, which comes a turn or two later: left
            # pending, the step's own key finished it first and was billed for it.
            deadline = time.perf_counter() + 5
            while self.context.moving and time.perf_counter() < deadline:
                QApplication.processEvents()

        return setup

    def just_opened(self) -> None:
        """The long article opened afresh (from the short one) and painted, as ``middle()``."""
        self.leave()
        self.open_long()
        QApplication.processEvents()
        finish_reads()
        self.middle()

    def tagged(self) -> None:
        self.middle()
        self.window.annotation.apply_tag(self.tag.id)
        QApplication.processEvents()

    # -- the interactions ----------------------------------------------------------------------

    def action(self, action_id: str) -> Callable[[], object]:
        return self.window.action_map[action_id].trigger

    def key(
        self, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> Callable[[], None]:
        return lambda: QTest.keyClick(self.reader, key, modifiers)

    def tag_selection(self) -> None:
        self.window.annotation.apply_tag(self.tag.id)

    def hover_tooltip(self) -> None:
        point = self.reader.viewport().rect().center()
        where = self.reader.viewport().mapToGlobal(point)
        QApplication.sendEvent(
            self.reader.viewport(), QHelpEvent(QEvent.Type.ToolTip, point, where)
        )

    def context_menu(self) -> None:
        menu = self.reader.build_context_menu(self.reader.viewport().rect().center())
        menu.deleteLater()

    def sort_claims(self, column: int) -> Callable[[], None]:
        header = self.window.claims_table.table.horizontalHeader()

        def click() -> None:
            x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
            QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))

        return click

    def whole_project(self, whole: bool) -> Callable[[], None]:
        return lambda: self.window.claims_table.set_whole_project(whole)

    def resize(self) -> None:
        width, height = self.window.width(), self.window.height()
        self.window.resize(width - 40 if width >= SIZE[0] else SIZE[0], height)

    def open_long(self) -> None:
        self.context.set_article(self.long_id)

    def leave(self) -> None:
        self.context.set_article(self.short_id)
        QApplication.processEvents()


@dataclass
class Step:
    what: str
    job: Callable[[], object]
    setup: Callable[[], object] | None = None  # untimed, before each run; default: middle()
    teardown: Callable[[], object] | None = None  # untimed, after each run
    in_a_frame: bool = True  # held to one frame (some have their own, larger target)


def measure(window: MainWindow, long_id: int, short_id: int, runs: int) -> list[Figure]:
    act = Interactions(window, long_id, short_id)

    def reading() -> bool:
        return window.claims_table.model.loading or window.review_bar.loading

    ctrl = Qt.KeyboardModifier.ControlModifier
    review_off = act.action("review_mode")
    # Each run tags the same passage: taken back after it, so the next run tags it anew.
    undo = act.action("undo")
    plan = [
        Step("repaint the window (the floor)", window.repaint, in_a_frame=False),
        Step("next claim (Alt+Down)", act.action("next_claim")),
        Step("previous claim (Alt+Up)", act.action("previous_claim"), act.after("next_claim")),
        Step("next claim, the first key after opening", act.action("next_claim"), act.just_opened),
        Step("next claim right after tagging", act.action("next_claim"), act.tagged, undo),
        Step("tag the selected passage (the tag's key)", act.tag_selection, teardown=undo),
        Step("undo the tag (Ctrl+Z)", act.action("undo"), act.tagged),
        Step("delete the current claim (Delete)", act.action("delete_claim"), act.tagged),
        Step("next suggestion (Alt+Shift+Down)", act.action("next_suggestion")),
        Step(
            "accept the suggestion (Ctrl+Return)",
            act.action("accept_suggestion"),
            act.after("next_suggestion"),
        ),
        Step("page down in the reader", act.key(Qt.Key.Key_PageDown)),
        Step("to the article's end (Ctrl+End)", act.key(Qt.Key.Key_End, ctrl)),
        Step("select the whole article (Ctrl+A)", act.key(Qt.Key.Key_A, ctrl)),
        Step("zoom in (Ctrl++)", act.action("zoom_in"), act.action("zoom_reset")),
        Step("hover a passage (tooltip)", act.hover_tooltip),
        Step("open the context menu", act.context_menu),
        Step("resize the window", act.resize),
        Step("sort the article's claims by quote", act.sort_claims(0)),
        Step("sort the article's claims by tags", act.sort_claims(1)),
        Step("review mode on", act.action("review_mode"), teardown=review_off),
        Step(
            "confirm in review mode (C)",
            act.action("review_confirm"),
            act.after("review_mode"),
            review_off,
        ),
        Step(
            "next in review mode (N)",
            act.action("review_next"),
            act.after("review_mode"),
            review_off,
        ),
        Step("show the whole project's claims", act.whole_project(True), act.whole_project(False)),
        Step(
            "open the article (its own target: 500 ms)", act.open_long, act.leave, in_a_frame=False
        ),
    ]
    floor: float | None = None
    figures = []
    for step in plan:
        pauses = []
        for _ in range(runs):
            (step.setup or act.middle)()
            QApplication.processEvents()
            # Until what is read on worker threads (the claims table's ids, review mode's
            # walk) is shown too.
            pauses.append(longest_pause(step.job, done=lambda: not reading()))
            if step.teardown is not None:
                step.teardown()
                QApplication.processEvents()
        median = statistics.median(pauses)
        if floor is None:
            floor = median
        figures.append(
            Figure(
                f"longest pause: {step.what}",
                median,
                target=FRAME_MS if step.in_a_frame else None,
                floor=floor,
                floor_what="repainting the window",
                runs=runs,
            )
        )
    act.middle()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    standard_arguments(parser, runs=5)
    parser.add_argument(
        "--sizes", default="5:50000", help="MB:claims of the article (default 5:50000)"
    )
    args = parser.parse_args(argv)
    megabytes, count = (0.05, 300) if args.quick else map(float, args.sizes.split(":"))
    runs = 1 if args.quick else args.runs
    private_home()
    QApplication.instance() or QApplication(sys.argv[:1])
    load_before = load_average()
    with tempfile.TemporaryDirectory() as folder:
        path, long_id, short_id = prepare(megabytes, int(count), Path(folder))
        window = open_window(path)
        figures = measure(window, long_id, short_id, runs)
        window.close()
    label = f" ({megabytes:g} MB article, {int(count):,} claims)"
    for figure in figures:
        figure.what += label
    report(figures, args.json, load_before=load_before)
    return 0


if __name__ == "__main__":
    assert SHORT_TEXT  # the short article bench_window.prepare adds
    sys.exit(main())
