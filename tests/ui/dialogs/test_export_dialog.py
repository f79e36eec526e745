"""The export dialog: what it offers, what it hands the export, and that it fits a screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from sourcemark.app import codebook
from sourcemark.app.projects import Project
from sourcemark.ui.dialogs.export_dialog import ExportDialog

LONG_TITLE = (
    "A malfunctioning drone launched by an Iranian-backed militia in Iraq may have prevented "
    "a deeper involvement of the United States in the conflict, officials say"
)


def test_the_choices_become_the_exports_options(qtbot: QtBot, project: Project) -> None:
    tags = codebook.list_tags(project)
    dialog = ExportDialog(tags, (7, LONG_TITLE))
    qtbot.addWidget(dialog)
    dialog.show()
    # Statuses read as words, not as the values stored.
    statuses = [dialog.status.itemText(i) for i in range(dialog.status.count())]
    assert statuses == ["Any status", "Unreviewed", "Confirmed", "Disputed", "Needs check"]
    assert dialog.scope.itemText(1) == f"This article: {LONG_TITLE}"

    dialog.scope.setCurrentIndex(1)
    dialog.tag.setCurrentIndex(dialog.tag.findData(tags[2].id))
    dialog.status.setCurrentIndex(dialog.status.findData("needs-check"))
    QTest.mouseClick(dialog.excel, Qt.MouseButton.LeftButton)
    QTest.mouseClick(dialog.escape, Qt.MouseButton.LeftButton)
    options = dialog.options()
    assert options.criteria.article_id == 7
    assert options.criteria.tag_ids == [tags[2].id]
    assert options.criteria.statuses == ["needs-check"]
    assert not options.criteria.include_suggestions
    assert options.excel and not options.escape_formulas


def test_a_long_title_does_not_widen_the_dialog_past_a_screen(
    qtbot: QtBot, project: Project
) -> None:
    long_tag = codebook.add_tag(project, "Statement by a ministry's press office or spokesperson")
    dialog = ExportDialog([long_tag], (7, LONG_TITLE))
    qtbot.addWidget(dialog)
    dialog.show()
    # It once asked for 840 px and more, the title's whole width; its list still shows it.
    assert dialog.minimumSizeHint().width() <= 600
    assert dialog.sizeHint().width() <= 600
