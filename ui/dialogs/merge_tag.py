"""The dialog that merges a tag into another: choose the target, and confirm, since it is final."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from sourcemark.app.codebook import TagInfo
from sourcemark.ui.panels.common import counted, swatch_icon


class MergeTagDialog(QDialog):
    """Asks which tag ``source`` goes into, saying plainly that merging cannot be undone."""

    def __init__(
        self,
        source: TagInfo,
        targets: list[TagInfo],
        claim_count: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Merge tag"))
        self.setMinimumWidth(420)
        self._source = source

        # Widgets
        self.target_combo = QComboBox()
        self.target_combo.setToolTip(self.tr("The tag that takes over the claims"))
        for tag in targets:
            label = (
                tag.name if not tag.archived else self.tr("%1 (archived)").replace("%1", tag.name)
            )
            self.target_combo.addItem(swatch_icon(tag.colour), label, tag.id)
        uses = counted(claim_count, self.tr("%n claim"), self.tr("%n claims"))
        self.explanation = QLabel(
            self.tr(
                "The %1 tagged “%2” will carry the chosen tag instead, and “%2” will be "
                "deleted from the codebook."
            )
            .replace("%1", uses)
            .replace("%2", source.name)
        )
        self.explanation.setWordWrap(True)
        self.warning = QLabel(self.tr("<b>Merging cannot be undone.</b>"))
        self.warning.setWordWrap(True)

        # Buttons
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton(
            self.tr("&Merge"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.merge_button.setToolTip(self.tr("Merge the tags now; this cannot be undone"))
        self.merge_button.setEnabled(bool(targets))
        # Cancel is the default: Enter must not do something final by accident.
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        # Layout
        form = QFormLayout()
        form.addRow(self.tr("Merge “%1” &into:").replace("%1", source.name), self.target_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.explanation)
        layout.addWidget(self.warning)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def target_id(self) -> int | None:
        value = self.target_combo.currentData()
        return int(value) if value is not None else None

    @Slot()
    def accept(self) -> None:
        if self.target_id() is not None:
            super().accept()

    @classmethod
    def choose(
        cls,
        source: TagInfo,
        targets: list[TagInfo],
        claim_count: int,
        parent: QWidget | None = None,
    ) -> int | None:
        """Show the dialog; the chosen target's id, or None when cancelled."""
        dialog = cls(source, targets, claim_count, parent)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return dialog.target_id()
            return None
        finally:
            dialog.deleteLater()
