"""Reads on a worker thread: the latest request wins, results arrive on the GUI thread."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator

import pytest
import shiboken6
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from sourcemark.ui.background import BackgroundRead, finish_reads

WAIT_S = 10


class Gate:
    """A read that runs until the test opens its gate, noting which reads ran where."""

    def __init__(self) -> None:
        self.opened = threading.Event()
        self.started = threading.Event()
        self.ran: list[str] = []
        self.threads: set[int] = set()

    def read(self, name: str) -> Callable[[], str]:
        def run() -> str:
            self.ran.append(name)
            self.threads.add(threading.get_ident())
            self.started.set()
            assert self.opened.wait(WAIT_S)
            return name.upper()

        return run


def unexpected(error: BaseException) -> None:
    raise AssertionError(f"the read failed: {error!r}")


@pytest.fixture
def gate() -> Iterator[Gate]:
    opened = Gate()
    yield opened
    opened.opened.set()  # never leave a thread waiting
    finish_reads()


@pytest.fixture
def reading(qtbot: QtBot) -> Iterator[BackgroundRead]:
    owner = QObject()
    read = BackgroundRead(owner)
    yield read
    finish_reads()
    owner.deleteLater()


def test_a_read_runs_off_the_gui_thread_and_is_delivered_on_it(
    reading: BackgroundRead, gate: Gate, qtbot: QtBot
) -> None:
    delivered: list[tuple[str, int]] = []
    reading.request(
        gate.read("a"),
        lambda result: delivered.append((result, threading.get_ident())),
        unexpected,
    )
    assert gate.started.wait(WAIT_S)
    assert reading.busy and delivered == []  # the caller went on meanwhile
    gate.opened.set()
    qtbot.waitUntil(lambda: delivered != [])
    assert delivered == [("A", threading.get_ident())]
    assert threading.get_ident() not in gate.threads
    assert not reading.busy


def test_only_the_latest_request_is_delivered(
    reading: BackgroundRead, gate: Gate, qtbot: QtBot
) -> None:
    delivered: list[str] = []
    for name in ("first", "second", "third"):
        reading.request(gate.read(name), delivered.append, unexpected)
    assert gate.started.wait(WAIT_S)
    gate.opened.set()
    qtbot.waitUntil(lambda: not reading.busy)
    # "first" was already running; "second" was superseded before it could start.
    assert gate.ran == ["first", "third"]
    assert delivered == ["THIRD"]


def test_what_a_read_raises_goes_to_fail(reading: BackgroundRead, qtbot: QtBot) -> None:
    failures: list[BaseException] = []

    def broken() -> str:
        raise ValueError("the project went away")

    reading.request(broken, lambda result: unexpected(AssertionError(result)), failures.append)
    qtbot.waitUntil(lambda: not reading.busy)
    assert [str(error) for error in failures] == ["the project went away"]


def test_cancelled_reads_deliver_nothing(reading: BackgroundRead, gate: Gate, qtbot: QtBot) -> None:
    delivered: list[str] = []
    reading.request(gate.read("a"), delivered.append, unexpected)
    assert gate.started.wait(WAIT_S)
    reading.cancel()
    assert not reading.busy
    gate.opened.set()
    finish_reads()
    assert delivered == []


def test_collection_is_paused_while_a_read_runs_even_if_its_owner_goes(
    gate: Gate, qtbot: QtBot
) -> None:
    """A collection on the worker could free Qt objects off their thread (ui/garbage.py)."""
    assert gc.isenabled()
    owner = QObject()
    reading = BackgroundRead(owner)
    delivered: list[str] = []
    reading.request(gate.read("a"), delivered.append, unexpected)
    assert gate.started.wait(WAIT_S)
    assert not gc.isenabled()
    shiboken6.delete(owner)  # the panel closed while its table was being read
    gate.opened.set()
    qtbot.waitUntil(gc.isenabled)
    assert delivered == []
