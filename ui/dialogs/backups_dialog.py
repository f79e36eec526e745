"""File → Backups: the project's backups with their date, reason and size; pick one to restore.

The dialog only chooses. Restoring is the caller's job, because the window must let go of the
project's undo history first::

    dialog = BackupsDialog(project.path, window)
    if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen is not None:
        backups.restore_backup(project.path, dialog.chosen)   # then reopen the project

"Back Up Now" makes a ``manual`` backup right here (it is quick: SQLite's backup API).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDateTime, QLocale, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sourcemark.app import backups
from sourcemark.app.backups import BackupInfo
from sourcemark.ui.panels.common import counted

_DATE, _REASON, _CONTENTS, _SIZE = range(4)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class BackupsDialog(QDialog):
    def __init__(self, project_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Backups"))
        self.project_path = project_path
        self.chosen: BackupInfo | None = None
        self._backups: list[BackupInfo] = []

        # Build widgets.
        intro = QLabel(
            self.tr(
                "Sourcemark backs up this project once a day when you open it, and before "
                "every upgrade. Restoring replaces the project with the chosen backup; the "
                "project as it is now is kept as a backup first, so a restore can be undone."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("Reason"), self.tr("Contents"), self.tr("Size")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(_CONTENTS, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(
            self.tr("No backups yet. The first is made when you next open the project."), self
        )
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.folder = QLabel(self.tr("Folder: %s") % backups.project_backup_dir(project_path), self)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder.setWordWrap(True)

        # Buttons.
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = QPushButton(self.tr("&Restore…"), self)
        self.restore_button.setShortcut(QKeySequence(self.tr("Ctrl+R")))
        self.restore_button.setToolTip(
            self.tr("Replace the project with the selected backup (Ctrl+R)")
        )
        self.backup_button = QPushButton(self.tr("&Back Up Now"), self)
        self.backup_button.setShortcut(QKeySequence(self.tr("Ctrl+B")))
        self.backup_button.setToolTip(self.tr("Make a backup of the project now (Ctrl+B)"))
        self.open_folder_button = QPushButton(self.tr("Show &Folder"), self)
        self.open_folder_button.setShortcut(QKeySequence(self.tr("Ctrl+O")))
        self.open_folder_button.setToolTip(
            self.tr("Open the folder holding this project's backups (Ctrl+O)")
        )
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.open_folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self._restore_chosen)
        self.backup_button.clicked.connect(self._back_up_now)
        self.open_folder_button.clicked.connect(self._open_folder)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(self._restore_chosen)

        # Assemble.
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        layout.addWidget(self.folder)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(640, 420)
        self.refresh()

    @property
    def backups(self) -> list[BackupInfo]:
        """The backups listed, newest first."""
        return list(self._backups)

    def refresh(self) -> None:
        self._backups = backups.list_backups(self.project_path)
        self.table.setRowCount(len(self._backups))
        locale = QLocale()
        for row, info in enumerate(self._backups):
            moment = QDateTime.fromSecsSinceEpoch(int(info.created_at.timestamp()))
            contents = backups.backup_contents(info.path)
            cells = {
                _DATE: locale.toString(moment, QLocale.FormatType.ShortFormat),
                _REASON: self._reason_label(info.reason),
                _CONTENTS: (
                    counted(contents[0], self.tr("%n article"), self.tr("%n articles"))
                    + ", "
                    + counted(contents[1], self.tr("%n claim"), self.tr("%n claims"))
                    if contents is not None
                    else self.tr("cannot be read")
                ),
                _SIZE: locale.formattedDataSize(info.size),
            }
            for column, text in cells.items():
                item = QTableWidgetItem(text)
                item.setToolTip(str(info.path))
                if column == _SIZE:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.table.setVisible(bool(self._backups))
        self.empty.setVisible(not self._backups)
        self._update_buttons()

    def _reason_label(self, reason: str) -> str:
        labels = {
            "daily": self.tr("Daily"),
            "before-upgrade": self.tr("Before an upgrade"),
            "before-restore": self.tr("Before a restore"),
            "manual": self.tr("Made by hand"),
            "damaged": self.tr("Damaged file set aside"),
        }
        return labels.get(reason, reason)

    def _selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self._backups[rows[0].row()]

    @Slot()
    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self._selected() is not None)

    @Slot()
    def _restore_chosen(self) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        self.chosen = chosen
        self.accept()

    @Slot()
    def _back_up_now(self) -> None:
        try:
            made = backups.backup_project(self.project_path, "manual")
        except backups.BackupError as error:
            self.status.setText(str(error))
            return
        self.status.setText(self.tr("Backed up as %s.") % made.name)
        self.refresh()

    @Slot()
    def _open_folder(self) -> None:
        folder = backups.project_backup_dir(self.project_path)
        if folder.is_dir():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        else:
            self.status.setText(self.tr("There is no backups folder yet."))


def choose_backup(project_path: Path, parent: QWidget | None = None) -> BackupInfo | None:
    """Show the dialog; the backup the user chose to restore, or ``None``."""
    dialog = BackupsDialog(project_path, parent)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        return dialog.chosen
    return None
