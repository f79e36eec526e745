"""Choose what to export and how, before picking the CSV file."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from sourcemark.app.claims import ClaimFilter
from sourcemark.app.codebook import TagInfo
from sourcemark.app.exporting.csv_export import ExportOptions
from sourcemark.db.vocabulary import REVIEW_STATUSES
from sourcemark.ui.panels.common import letters_wide, status_text


class ExportDialog(QDialog):
    def __init__(
        self,
        tags: list[TagInfo],
        current_article: tuple[int, str] | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export Claims to CSV"))
        self._current_article = current_article

        # Build widgets.
        self.scope = QComboBox(self)
        self.scope.addItem(self.tr("All articles"), None)
        if current_article is not None:
            self.scope.addItem(self.tr("This article: %s") % current_article[1], current_article[0])
        self.scope.setToolTip(self.tr("Export the whole project or only the open article"))
        self.tag = QComboBox(self)
        self.tag.addItem(self.tr("All tags"), None)
        for tag in tags:
            self.tag.addItem(tag.name, tag.id)
        self.tag.setToolTip(self.tr("Export only claims with this tag"))
        self.status = QComboBox(self)
        self.status.addItem(self.tr("Any status"), None)
        for status in REVIEW_STATUSES:
            self.status.addItem(status_text(status), status)
        self.status.setToolTip(self.tr("Export only claims with this review status"))
        for combo in (self.scope, self.tag, self.status):
            letters_wide(combo, 32)  # "This article: <a headline>"
        self.suggestions = QCheckBox(self.tr("Include pending and rejected suggestions"), self)
        self.suggestions.setToolTip(
            self.tr("Add suggested claims not yet accepted, with their origin column")
        )
        self.excel = QCheckBox(self.tr("Excel-friendly (UTF-8 with BOM)"), self)
        self.excel.setToolTip(self.tr("Lets Excel detect the encoding when opening the file"))
        self.escape = QCheckBox(self.tr("Neutralise spreadsheet formulas"), self)
        self.escape.setChecked(True)
        self.escape.setToolTip(
            self.tr("Prefix cells starting with = + - @ tab or CR with ' so no formula runs")
        )
        note = QLabel(self.tr("One row per claim and tag. UTF-8, comma-separated, RFC 4180."), self)
        note.setWordWrap(True)

        # Buttons.
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Export…"))
        ok.setToolTip(self.tr("Choose the file and write the CSV"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        # Assemble.
        form = QFormLayout()
        form.addRow(self.tr("Articles:"), self.scope)
        form.addRow(self.tr("Tag:"), self.tag)
        form.addRow(self.tr("Status:"), self.status)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.suggestions)
        layout.addWidget(self.excel)
        layout.addWidget(self.escape)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def options(self) -> ExportOptions:
        tag = self.tag.currentData()
        status = self.status.currentData()
        criteria = ClaimFilter(
            article_id=self.scope.currentData(),
            tag_ids=[tag] if tag is not None else [],
            statuses=[status] if status else [],
            include_suggestions=self.suggestions.isChecked(),
        )
        return ExportOptions(
            criteria=criteria, excel=self.excel.isChecked(), escape_formulas=self.escape.isChecked()
        )
