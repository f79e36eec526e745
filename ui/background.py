"""Reads that can take a while run on a worker thread, so the window goes on answering.

Sorting an article's 50,000 claims by quote is ~100 ms of SQLite; the ids of a whole
project's 100,000 claims ~25-50 ms. SQLite runs a statement without Python's lock, so a read
on a worker leaves the GUI thread free to paint and take keys; only what needs the lock
(building the statement, parsing the result) competes with it, a few milliseconds.

``BackgroundRead`` is one kind of read for one owner (a table's ids): at most one runs at a
time, and a new request supersedes the one before. Its result is delivered on the GUI
thread only if nothing was asked since, so a reader of the result never sees an order or a
filter the person has already changed. The read is a plain function from ``app/`` that
opens its own transaction: SQLite's WAL lets it read while the GUI thread writes, each on its
own pooled connection.

Python's cyclic collector is paused while a read runs (see ``ui/garbage.py``) and resumed on
the GUI thread once its result is handed over, even if its owner has been deleted meanwhile.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal, Slot

from sourcemark.ui.garbage import pause_collection, resume_collection

T = TypeVar("T")


class _Owner:
    """What a job knows of its ``BackgroundRead``: whether it is still there to hear back
    (its window may have been deleted while the read ran), as its ``destroyed`` signal
    tells."""

    def __init__(self, finished: Callable[[_Job[Any]], None]) -> None:
        self.alive = True
        self.finished = finished

    def gone(self) -> None:
        self.alive = False


@dataclass(eq=False)
class _Job(Generic[T]):
    read: Callable[[], T]
    deliver: Callable[[T], None]
    fail: Callable[[BaseException], None]
    owner: _Owner
    result: T | None = None
    error: BaseException | None = None
    thread: threading.Thread | None = field(default=None, repr=False)


class _Relay(QObject):
    """Lives on the GUI thread and outlives every owner: brings each finished job back."""

    finished = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.finished.connect(self._on_finished)

    @Slot(object)
    def _on_finished(self, job: _Job[Any]) -> None:
        if job.thread is not None:
            job.thread.join()  # it has emitted: only its last instructions are left
            _running.discard(job.thread)
        try:
            if job.owner.alive:
                job.owner.finished(job)
        finally:
            # Only now: a collection could otherwise run in between and delete the owner's
            # window (garbage a test left), its owner included, under the delivery.
            resume_collection()


_relay: _Relay | None = None
# Every read's thread from its start until the relay has handed its result over.
_running: set[threading.Thread] = set()


def _the_relay() -> _Relay:
    global _relay
    if _relay is None:
        _relay = _Relay()  # made by the first owner, on the GUI thread
    return _relay


def wait_for_reads() -> None:
    """Block until no read runs: before a project is closed under them."""
    for thread in list(_running):
        thread.join()


def finish_reads() -> None:
    """Wait for every read and hand its result over now, without an event loop.

    Handing a result over may start the read asked for meanwhile: that one too.
    """
    while _running:
        wait_for_reads()
        if _relay is not None:
            QCoreApplication.sendPostedEvents(_relay, QEvent.Type.MetaCall)


class BackgroundRead(QObject):
    """Runs ``read`` on a worker thread and hands its result to ``deliver`` on the GUI
    thread, unless another request came meanwhile (then only the latest is delivered).

    ``fail`` gets what the read raised instead. ``busy`` holds from a request until its
    result (or the latest one's) is delivered.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relay = _the_relay()
        self._owner = _Owner(self._finished)
        self.destroyed.connect(self._owner.gone)
        self._running: _Job[Any] | None = None
        self._latest: _Job[Any] | None = None

    @property
    def busy(self) -> bool:
        return self._latest is not None

    def request(
        self,
        read: Callable[[], T],
        deliver: Callable[[T], None],
        fail: Callable[[BaseException], None],
    ) -> None:
        job: _Job[T] = _Job(read, deliver, fail, self._owner)
        self._latest = job
        if self._running is None:
            self._start(job)
        # Otherwise it starts when the running one ends: one read at a time per owner, and
        # the one running cannot be stopped halfway through SQLite's step.

    def finish(self) -> None:
        """Block until the latest request is delivered: for a key that needs its result
        now (a verdict pressed right after review mode opened), never dropped meanwhile."""
        while self.busy and _running:
            finish_reads()

    def cancel(self) -> None:
        """Deliver nothing of what was asked so far (a read running ends unheard)."""
        self._latest = None

    def _start(self, job: _Job[Any]) -> None:
        pause_collection()  # resumed by the relay, on this thread, whatever happens
        self._running = job
        job.thread = threading.Thread(target=self._run, args=(job,), name="background read")
        _running.add(job.thread)
        job.thread.start()

    def _run(self, job: _Job[Any]) -> None:
        try:
            job.result = job.read()
        except BaseException as error:  # handed to the GUI thread, never lost with the thread
            job.error = error
        self._relay.finished.emit(job)

    def _finished(self, job: _Job[Any]) -> None:
        self._running = None
        latest = self._latest
        if latest is None:
            return
        if latest is not job:
            self._start(latest)  # asked for meanwhile: the result just read is stale
            return
        self._latest = None
        if job.error is not None:
            job.fail(job.error)
        else:
            job.deliver(job.result)
