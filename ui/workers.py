"""Run slow work (imports, exports) off the GUI thread, with a progress dialog and Cancel.

The work is a plain function from ``app/`` that takes a progress callback and a
should-cancel callback; it runs on a ``QThread`` while the window keeps repainting, and the
caller gets its result (or its user-facing error) back on the GUI thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QEventLoop, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from sourcemark.app.errors import USER_ERRORS
from sourcemark.ui.garbage import collection_paused

T = TypeVar("T")
Progress = Callable[[int, int, str], None]
ShouldCancel = Callable[[], bool]
Work = Callable[[Progress, ShouldCancel], T]
# The progress dialog is updated at most once per this many seconds (twenty times a second).
_PROGRESS_EVERY_S = 0.05


class _WorkerThread(QThread, Generic[T]):
    progressed = Signal(int, int, str)

    def __init__(self, work: Work[T]) -> None:
        super().__init__()
        self.work = work
        self.cancel_requested = threading.Event()
        self.result: T | None = None
        self.error: str | None = None
        self.crash: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.work(self._report, self.cancel_requested.is_set)
        except USER_ERRORS as error:
            self.error = str(error)
        except BaseException as error:  # re-raised on the GUI thread, never swallowed
            self.crash = error

    def _report(self, done: int, total: int, label: str) -> None:
        self.progressed.emit(done, total, label)


def run_with_progress(
    parent: QWidget | None, title: str, work: Work[T], *, delay_ms: int = 300
) -> tuple[T | None, str | None]:
    """Run ``work`` on a thread and wait (events keep flowing) for (result, error message).

    The dialog appears only if the work takes longer than ``delay_ms``, so quick jobs do not
    flash a window.
    """
    thread: _WorkerThread[T] = _WorkerThread(work)
    dialog = QProgressDialog(title, parent.tr("Cancel") if parent else "Cancel", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setMinimumDuration(delay_ms)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(thread.cancel_requested.set)

    shown_at = [0.0]

    def show_progress(done: int, total: int, label: str) -> None:
        # Twenty times a second is plenty to read: updating the dialog for each of 1,000 files
        # took ~0.3 s of the GUI thread, time the worker waited for Python's lock.
        now = time.monotonic()
        if now - shown_at[0] < _PROGRESS_EVERY_S and done < total:
            return
        shown_at[0] = now
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)
        if label:
            dialog.setLabelText(label)

    thread.progressed.connect(show_progress)
    loop = QEventLoop()
    thread.finished.connect(loop.quit)
    # The worker must never collect the window's garbage (see ui/garbage.py).
    with collection_paused():
        thread.start()
        if not thread.isFinished():
            loop.exec()
        thread.wait()
    dialog.close()
    dialog.deleteLater()
    if thread.crash is not None:
        raise thread.crash
    return thread.result, thread.error
