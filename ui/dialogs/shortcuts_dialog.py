"""Help → Keyboard shortcuts: every action's keys, and the tag keys of this codebook."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sourcemark.ui.panels.common import compact_table


class ShortcutsDialog(QDialog):
    def __init__(self, rows: list[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard Shortcuts"))
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("Menu"), self.tr("Command"), self.tr("Keys")])
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        compact_table(self.table)  # one line a row, as the window's own tables
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        margins = layout.contentsMargins()
        self.resize(self._natural_width(margins.left() + margins.right()), 620)

    def _natural_width(self, margins: int) -> int:
        """Wide enough for every command's whole name beside its menu and keys (a fixed 560
        px cut "Export Claims…" short at a larger font), within the screen."""
        header = self.table.horizontalHeader()
        columns = sum(
            max(self.table.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(3)
        )
        chrome = 2 * self.table.frameWidth() + self.table.verticalScrollBar().sizeHint().width()
        wanted = columns + chrome + margins + 8
        screen = self.screen().availableGeometry().width() if self.screen() else wanted
        return max(560, min(wanted, int(screen * 0.9)))
