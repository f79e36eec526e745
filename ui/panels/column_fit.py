"""A table's columns in a narrow window: the stretched one stays readable.

A table has columns of fixed widths measured from the font and one that takes the rest
(``common.sortable_columns``). In a window of half a screen the fixed ones took it all: the
claims table's quotes shrank to "Quot…". While the person has not sized a column themselves,
the fixed columns now give up width in proportion, down to half their own, so that the
stretched one keeps a third of the table. Columns whose few words are no use cut short (a
review status) are ``kept`` at their width; the others give way for them.
"""

from __future__ import annotations

from PySide6.QtCore import SIGNAL, QEvent, QObject, Slot
from PySide6.QtWidgets import QTableView

# The stretched column's share of the table, kept while the others can still give way
# (unless a table asks for more).
STRETCH_SHARE = 1 / 3
# The least part of its own width a fixed column keeps.
LEAST_SHARE = 0.5


class ColumnFit(QObject):
    """Fits ``view``'s fixed columns (their widths ``widths``) to its width, see the module."""

    def __init__(
        self,
        view: QTableView,
        stretch: int,
        widths: dict[int, int],
        kept: frozenset[int] = frozenset(),
        stretch_share: float = STRETCH_SHARE,
    ) -> None:
        super().__init__(view)
        self._view = view
        self._stretch = stretch
        self._stretch_share = stretch_share
        self._widths = dict(widths)
        self._kept = kept
        self._fitting = False
        self.sized_by_hand = False
        header = view.horizontalHeader()
        # QTableView repaints resized columns from a zero timer, after the window has painted
        # them at their new widths already: a window resize painted the claims table twice
        # (2.5-5 ms more in a frame that is full). Its own connection goes (if Qt has it as
        # expected; else it stays) and the columns repaint in the frame they change in.
        # (No slot named: every connection of the signal to the view, which Qt makes to a
        # member function, not a slot name; the stubs lack this form.)
        self._repaints_columns = QObject.disconnect(  # type: ignore[call-overload]
            header, SIGNAL("sectionResized(int,int,int)"), view, None
        )
        header.sectionResized.connect(self._section_resized)
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and not self.sized_by_hand:
            self.fit()
        return False

    def fit(self) -> None:
        header = self._view.horizontalHeader()
        shown = {c: w for c, w in self._widths.items() if not header.isSectionHidden(c)}
        kept = sum(w for c, w in shown.items() if c in self._kept)
        giving = sum(shown.values()) - kept
        if not giving:
            return
        room = self._view.viewport().width() * (1 - self._stretch_share) - kept
        share = min(1.0, max(LEAST_SHARE, room / giving))
        self._fitting = True
        try:
            for column, natural in shown.items():
                header.resizeSection(
                    column, natural if column in self._kept else round(natural * share)
                )
        finally:
            self._fitting = False
        self._repaint_columns()  # once for all the columns fitted

    def _repaint_columns(self) -> None:
        if self._repaints_columns:  # what QTableView.columnResized's timer did
            self._view.updateGeometries()
            self._view.viewport().update()

    @Slot(int, int, int)
    def _section_resized(self, column: int, old: int, new: int) -> None:
        if not self._fitting:
            self._repaint_columns()
        # The stretched column follows the others; a column hidden or shown goes to or
        # from 0. Anything else not done here is the person's own width: keep it.
        if self._fitting or column == self._stretch or not old or not new:
            return
        self.sized_by_hand = True
