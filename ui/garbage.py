"""Python's cyclic garbage collector, paused while a worker thread runs Python, or while the
GUI thread builds many objects that all live on (an article's 50,000 highlights: collections
meanwhile only walk them, and the whole window, again and again).

Python collects cycles in whichever thread allocates past the threshold. When that is a
worker (an import, the day's backup) and the garbage holds a Qt object, the object is
destroyed off the GUI thread: the import worker crashed that way in the test suite (a
segmentation fault while collecting). So workers run with automatic collection paused.
Pausing and resuming happen on the GUI thread, when a worker starts and when it has ended;
the collector runs again, on the GUI thread, once the last worker is done.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


class _Pauses:
    def __init__(self) -> None:
        self.count = 0
        self.resume_enabled = False

    def pause(self) -> None:
        if self.count == 0:
            # Start-up runs with collection off (ui/launcher.py): leave it as it was found.
            self.resume_enabled = gc.isenabled()
            gc.disable()
        self.count += 1

    def resume(self) -> None:
        self.count -= 1
        if self.count == 0 and self.resume_enabled:
            gc.enable()

    def enable(self) -> None:
        if self.count == 0:
            gc.enable()
        else:
            self.resume_enabled = True  # once the last worker has ended


_PAUSES = _Pauses()


def pause_collection() -> None:
    """A worker is starting (call on the GUI thread); pair with ``resume_collection``."""
    _PAUSES.pause()


def resume_collection() -> None:
    """A worker has ended (call on the GUI thread)."""
    _PAUSES.resume()


def enable_collection() -> None:
    """Turn automatic collection on (call on the GUI thread): now, or once no worker runs.

    Never ``gc.enable()`` directly while a worker may run: the window's first reads start
    as it is built, just before the start-up turns collection back on.
    """
    _PAUSES.enable()


def settle_survivors(*, oldest_too: bool = False) -> None:
    """Collect the young generations once, now, and move what survives to the oldest.

    For after building many objects that all live on, with collection paused (an article's
    50,000 highlights): left young, they were walked by the next collection of generation 0
    (~15 ms, as the window painted the article) and again by the next of generation 1 (13-21
    ms, in whatever the analyst did next: it made accepting a suggestion take 36 ms once).
    Collected here they are walked once, during the open. On the GUI thread, as every
    collection here.

    ``oldest_too`` collects the oldest generation as well, for about the same cost when the
    survivors are most of it (an article's claims). Python walks the oldest generation
    whole once the objects moved there since its last walk outnumber a quarter of those in
    it; each opened article moved ~100,000, so that walk (30-45 ms at 50,000 claims) fell
    on one of the first keys after most opens. Walked here, it waits for that many again.
    """
    gc.collect(2 if oldest_too else 1)


@contextmanager
def collection_paused() -> Iterator[None]:
    pause_collection()
    try:
        yield
    finally:
        resume_collection()
