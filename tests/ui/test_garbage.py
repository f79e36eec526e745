"""Cyclic garbage is collected on the GUI thread, by the timer, never by a worker thread."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from sourcemark.ui.garbage import INTERVAL_MS, collect_on_gui_thread


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the cyclic collector frees it
        self.widget = QWidget()  # the Qt object must die on the GUI thread


def test_cycles_are_collected_by_the_gui_threads_timer(qapp: QApplication, qtbot: QtBot) -> None:
    collector = collect_on_gui_thread(qapp)
    assert collect_on_gui_thread(qapp) is collector  # installed once
    assert not gc.isenabled()

    destroyed_on: list[threading.Thread] = []
    node = Node()
    node.widget.destroyed.connect(lambda: destroyed_on.append(threading.current_thread()))
    gone = weakref.ref(node)
    del node

    # A worker allocating a lot does not collect it: automatic collection is off.
    def allocate() -> None:
        [[] for _ in range(100_000)]

    worker = threading.Thread(target=allocate)
    worker.start()
    worker.join()
    assert gone() is not None

    # Once enough new objects live on, the timer collects, as Python would have.
    kept: list[list[int]] = [[] for _ in range(gc.get_threshold()[0] * 2)]
    qtbot.waitUntil(lambda: gone() is None, timeout=INTERVAL_MS * 6)
    assert kept
    assert destroyed_on == [threading.main_thread()]
