"""The dialog that edits an article's details: title, outlet, author, address and date."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sourcemark.app.articles import ArticleInfo

# News dates are often partial: a year, a month, a day, maybe a time after it.
_DATE = re.compile(r"^\d{4}(-\d{2}){0,2}([T ]\S*)?$")


@dataclass(frozen=True)
class ArticleDetails:
    """What the dialog returns; an empty string clears a field."""

    title: str
    outlet: str
    author: str
    url: str
    published: str


class ArticleDetailsDialog(QDialog):
    def __init__(self, article: ArticleInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Article details"))
        self.setMinimumWidth(460)

        # Widgets
        self.title_edit = QLineEdit(article.title)
        self.title_edit.setToolTip(self.tr("The headline; every article needs one."))
        self.title_edit.setCursorPosition(0)  # a long headline shows its start, not its end
        self.outlet_edit = QLineEdit(article.outlet or "")
        self.outlet_edit.setPlaceholderText(self.tr("e.g. Reuters"))
        self.outlet_edit.setToolTip(self.tr("The newspaper, agency or site that published it."))
        self.author_edit = QLineEdit(article.author or "")
        self.author_edit.setToolTip(self.tr("Who wrote it, as the byline says."))
        self.url_edit = QLineEdit(article.url or "")
        self.url_edit.setPlaceholderText(self.tr("https://…"))
        self.url_edit.setToolTip(self.tr("Where the article was published online."))
        self.published_edit = QLineEdit(article.published or "")
        self.published_edit.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.published_edit.setToolTip(
            self.tr("The publication date: 2023-11-05, or 2023-11, or 2023 if that is all.")
        )
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.hide()

        # Buttons
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.title_edit.textChanged.connect(self._check)
        self.published_edit.textChanged.connect(self._check)

        # Layout
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(self.tr("&Title:"), self.title_edit)
        form.addRow(self.tr("&Outlet:"), self.outlet_edit)
        form.addRow(self.tr("&Author:"), self.author_edit)
        form.addRow(self.tr("&Address:"), self.url_edit)
        form.addRow(self.tr("&Published:"), self.published_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._check()

    def details(self) -> ArticleDetails:
        return ArticleDetails(
            title=self.title_edit.text().strip(),
            outlet=self.outlet_edit.text().strip(),
            author=self.author_edit.text().strip(),
            url=self.url_edit.text().strip(),
            published=self.published_edit.text().strip(),
        )

    @Slot()
    def _check(self) -> None:
        details = self.details()
        problem = ""
        if not details.title:
            problem = self.tr("Type a title: every article needs one.")
        elif details.published and not _DATE.match(details.published):
            problem = self.tr("Write the date as 2023-11-05 (or 2023-11, or 2023).")
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(not problem)

    @classmethod
    def edit(cls, article: ArticleInfo, parent: QWidget | None = None) -> ArticleDetails | None:
        """Show the dialog; the edited details, or None when cancelled."""
        dialog = cls(article, parent)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return dialog.details()
            return None
        finally:
            dialog.deleteLater()
