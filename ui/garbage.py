"""Python's cyclic garbage collector, run on the GUI thread only.

Python collects cycles in whichever thread happens to allocate past the threshold. When that
is a worker (an import, the day's backup, the start-up look ahead) and the garbage holds a Qt
object, the object is destroyed off the GUI thread and Qt crashes: we saw a segmentation
fault in the import worker, collecting a window an earlier test had closed. So automatic
collection is off, and a timer on the GUI thread collects each generation when it is due,
as the automatic collector would have.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

# Often enough that garbage never piles up; a young-generation pass costs microseconds.
INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.collect)
        self.timer.start()

    def collect(self) -> None:
        if gc.isenabled():
            gc.disable()  # a command run in this process (tests do) turned it back on
        # The same cascade as the automatic collector: older generations only when their
        # own counts are over their thresholds.
        young, middle, old = gc.get_count()
        if young > self.threshold[0]:
            gc.collect(0)
            if middle > self.threshold[1]:
                gc.collect(1)
                if old > self.threshold[2]:
                    gc.collect(2)


def collect_on_gui_thread(application: QObject) -> GuiThreadCollector:
    """Install the collector once for ``application`` (idempotent); it lives as long as it."""
    gc.disable()
    existing = application.findChild(GuiThreadCollector)
    return existing if existing is not None else GuiThreadCollector(application)
