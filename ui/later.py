"""Following the window's changes one pass of the event loop after they happen.

A key that writes (tagging, a review verdict) is handled in one go: the write, then every
view told of it. Handled that way, tagging in a 50,000-claim article kept the window from
answering for ~28 ms. The views a person looks at while pressing the key (the reader, the
claim's details as it becomes current) follow at once; the others take the change here, on
a zero timer, so the window paints in between and each part fits in a frame
(``bench/bench_stalls.py``, docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Slot

from sourcemark.ui.changes import Change
from sourcemark.ui.context import AppContext


class ChangesLater(QObject):
    """Hands each of ``context``'s changes to ``handler`` once the event loop has turned,
    all of them and in the order they came."""

    def __init__(
        self, context: AppContext, handler: Callable[[Change], None], parent: QObject
    ) -> None:
        super().__init__(parent)
        self._handler = handler
        self._pending: list[Change] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._apply)
        context.changed.connect(self._add)

    @property
    def pending(self) -> bool:
        return bool(self._pending)

    def drop(self) -> None:
        """Forget the changes not handled yet (another project has opened: they are its
        predecessor's)."""
        self._pending.clear()

    @Slot(object)
    def _add(self, change: Change) -> None:
        self._pending.append(change)
        self._timer.start()

    @Slot()
    def _apply(self) -> None:
        pending, self._pending = self._pending, []
        for change in pending:
            self._handler(change)
