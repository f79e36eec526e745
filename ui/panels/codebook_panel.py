"""The codebook panel: the tags in order, with colour, shortcut key and uses in this article.

Clicking a tag (or pressing Enter on it) asks the window to apply it to the reader's selection;
the toolbar and context menu edit the codebook through undoable commands.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, QPoint, QSignalBlocker, QSize, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMenu,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sourcemark.app import codebook
from sourcemark.app.codebook import TagInfo
from sourcemark.app.errors import USER_ERRORS
from sourcemark.app.tally import ClaimTally
from sourcemark.ui import commands
from sourcemark.ui.changes import Change
from sourcemark.ui.context import AppContext
from sourcemark.ui.dialogs.merge_tag import MergeTagDialog
from sourcemark.ui.panels.common import dim_colour, make_action, swatch_icon, tool_button

NAME, KEY, COUNT = range(3)
TAG_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1


class TagTree(QTreeWidget):
    """The tag list; Enter or Return on a tag activates it, like a click."""

    tagActivated = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.currentItem()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and item is not None:
            self.tagActivated.emit(int(item.data(NAME, TAG_ID_ROLE)))
            event.accept()
            return
        super().keyPressEvent(event)


class CodebookPanel(QWidget):
    # The user picked a tag to apply: the window tags the reader's selection with it.
    applyTagRequested = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._tags: list[TagInfo] = []
        self._by_id: dict[int, TagInfo] = {}
        self._items: dict[int, QTreeWidgetItem] = {}
        self._size_hint: QSize | None = None
        # The open article's tag counts. The reader's controller keeps them (``tallyChanged``)
        # for the article ``context.tally_of``; for any other, reload() counts with a query.
        self._counts: Mapping[int, int] = {}

        # Widgets
        self.tree = TagTree()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([self.tr("Tag"), self.tr("Key"), self.tr("Here")])
        header_item = self.tree.headerItem()
        header_item.setToolTip(NAME, self.tr("Tags in codebook order; click one to apply it"))
        header_item.setToolTip(KEY, self.tr("The key that applies the tag in the reader"))
        header_item.setToolTip(COUNT, self.tr("Claims with this tag in the open article"))
        header_item.setTextAlignment(KEY, Qt.AlignmentFlag.AlignCenter)
        header_item.setTextAlignment(COUNT, Qt.AlignmentFlag.AlignRight)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(16)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.setToolTip(
            self.tr("Click a tag, or press Enter on it, to tag the selected passage")
        )
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        metrics = self.tree.fontMetrics()
        header.setSectionResizeMode(KEY, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(KEY, metrics.horizontalAdvance(self.tr("Key")) + 18)
        header.setSectionResizeMode(COUNT, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(COUNT, metrics.horizontalAdvance(self.tr("Here")) + 18)

        # Actions
        self.add_action = make_action(
            self, self.tr("Add tag…"), self.tr("Add a tag to the codebook"), "Ins", self.add_tag
        )
        self.rename_action = make_action(
            self, self.tr("Rename…"), self.tr("Rename the selected tag"), "F2", self.rename_tag
        )
        self.colour_action = make_action(
            self,
            self.tr("Colour…"),
            self.tr("Choose the selected tag's highlight colour"),
            "Ctrl+Alt+C",
            self.recolour_tag,
        )
        self.shortcut_action = make_action(
            self,
            self.tr("Shortcut key…"),
            self.tr("Set or clear the key that applies the selected tag"),
            "Ctrl+Alt+K",
            self.set_shortcut,
        )
        self.description_action = make_action(
            self,
            self.tr("Description…"),
            self.tr("Describe when the selected tag applies"),
            "Ctrl+Alt+D",
            self.describe_tag,
        )
        self.merge_action = make_action(
            self,
            self.tr("Merge into…"),
            self.tr("Move the selected tag's claims to another tag and delete it"),
            "Ctrl+Alt+M",
            self.merge_tag,
        )
        self.archive_action = make_action(
            self,
            self.tr("Archive"),
            self.tr("Hide the selected tag from the codebook; its claims keep it"),
            "Ctrl+Alt+H",
            self.toggle_archived,
        )
        self.up_action = make_action(
            self,
            self.tr("Move up"),
            self.tr("Move the selected tag up"),
            "Ctrl+Shift+Up",
            self.move_up,
        )
        self.down_action = make_action(
            self,
            self.tr("Move down"),
            self.tr("Move the selected tag down"),
            "Ctrl+Shift+Down",
            self.move_down,
        )
        self.show_archived_action = make_action(
            self,
            self.tr("Show archived"),
            self.tr("Show archived tags, greyed out"),
            "Ctrl+Alt+V",
            self._show_archived_toggled,
        )
        self.show_archived_action.setCheckable(True)

        # Buttons
        self.add_button = tool_button(self.add_action, self.tr("+ Add"))
        self.up_button = tool_button(self.up_action, "↑")
        self.down_button = tool_button(self.down_action, "↓")
        self.edit_button = QToolButton()
        self.edit_button.setText(self.tr("Edit"))
        self.edit_button.setToolTip(self.tr("Rename, recolour, re-key, merge or archive the tag"))
        self.edit_button.setAutoRaise(True)
        self.edit_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.edit_menu = QMenu(self)
        self._fill_edit_menu(self.edit_menu)
        self.edit_button.setMenu(self.edit_menu)
        self.archived_button = tool_button(self.show_archived_action, self.tr("Archived"))

        # Layout
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(0)
        for button in (self.add_button, self.edit_button, self.up_button, self.down_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.archived_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.tree, 1)

        # Signals
        self.tree.itemClicked.connect(self._item_clicked)
        self.tree.tagActivated.connect(self.applyTagRequested)
        self.tree.currentItemChanged.connect(self._current_changed)
        self.setFocusProxy(self.tree)
        self.tree.customContextMenuRequested.connect(self._show_menu)
        context.changed.connect(self._on_changed)
        context.currentArticleChanged.connect(self._article_changed)
        context.tallyChanged.connect(self._tally_changed)
        context.projectOpened.connect(self._project_opened)

        self.reload()

    def sizeHint(self) -> QSize:
        # Tall enough for the tags, no taller: the inspector below needs the room more.
        # Kept until the tags or the font change: the dock layout asks on every relayout
        # (two dozen times in an edit's frame), and measuring a row costs ~0.5 ms.
        if self._size_hint is None:
            rows = max(6, min(len(self._items), 16))
            row_height = (
                self.tree.sizeHintForRow(0) if self._items else self.fontMetrics().height() + 4
            )
            header = self.tree.header().sizeHint().height()
            bar = self.add_button.sizeHint().height()
            self._size_hint = QSize(300, bar + header + rows * max(row_height, 1) + 16)
        return QSize(self._size_hint)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._size_hint = None
        super().changeEvent(event)

    # Public API

    def selected_tag(self) -> TagInfo | None:
        item = self.tree.currentItem()
        if item is None or not item.isSelected():
            return None
        return self._by_id.get(int(item.data(NAME, TAG_ID_ROLE)))

    def select_tag(self, tag_id: int) -> None:
        item = self._items.get(tag_id)
        if item is not None:
            self.tree.setCurrentItem(item)

    def visible_tag_ids(self) -> list[int]:
        """The tags shown, top to bottom (children after their parent)."""
        ids: list[int] = []
        for item in self._top_items():
            self._collect(item, ids)
        return ids

    @Slot()
    def reload(self) -> None:
        """Show the codebook (as the context holds it since its last change) and this
        article's counts again, keeping the selection."""
        selected = self.selected_tag()
        article_id = self.context.article_id
        try:
            if article_id is None or article_id == self.context.tally_of:
                self._tags = self.context.tags()
            else:
                counted = codebook.tag_counts(self.context.project, article_id)
                self._tags = [entry.tag for entry in counted]
                self._counts = {entry.tag.id: entry.claims for entry in counted}
        except USER_ERRORS as error:
            self.context.errorRaised.emit(str(error))
            self._tags = []
        self._by_id = {tag.id: tag for tag in self._tags}
        counts = self._counts if article_id is not None else {}
        show_counts = article_id is not None
        show_archived = self.show_archived_action.isChecked()
        with QSignalBlocker(self.tree):
            self.tree.clear()
            self._items = {}
            for tag in self._tags:
                if tag.archived and not show_archived:
                    continue
                self._items[tag.id] = self._make_item(tag, counts.get(tag.id, 0), show_counts)
            for tag in self._tags:
                item = self._items.get(tag.id)
                if item is None:
                    continue
                parent = self._items.get(tag.parent_id) if tag.parent_id is not None else None
                if parent is not None:
                    parent.addChild(item)
                else:
                    self.tree.addTopLevelItem(item)
            self.tree.expandAll()
            if selected is not None and selected.id in self._items:
                self.tree.setCurrentItem(self._items[selected.id])
        self._size_hint = None
        self._update_actions()

    # Editing

    @Slot()
    def add_tag(self) -> None:
        name, ok = QInputDialog.getText(
            self, self.tr("Add tag"), self.tr("Name of the new tag:"), QLineEdit.EchoMode.Normal
        )
        if not ok or not name.strip():
            return
        command = commands.AddTagCommand(self.context, name.strip())
        if commands.run(self.context, command) and command.created is not None:
            self.select_tag(command.created.id)

    @Slot()
    def rename_tag(self) -> None:
        tag = self.selected_tag()
        if tag is None:
            return
        name, ok = QInputDialog.getText(
            self,
            self.tr("Rename tag"),
            self.tr("New name for “%1”:").replace("%1", tag.name),
            QLineEdit.EchoMode.Normal,
            tag.name,
        )
        if ok and name.strip() and name.strip() != tag.name:
            text = self.tr("Rename tag “%1”").replace("%1", tag.name)
            self._update(tag, commands.renamed(tag, name=name.strip()), text)

    @Slot()
    def recolour_tag(self) -> None:
        tag = self.selected_tag()
        if tag is None:
            return
        title = self.tr("Colour of “%1”").replace("%1", tag.name)
        colour = QColorDialog.getColor(QColor(tag.colour), self, title)
        if colour.isValid() and colour.name().upper() != tag.colour.upper():
            text = self.tr("Recolour tag “%1”").replace("%1", tag.name)
            self._update(tag, commands.renamed(tag, colour=colour.name().upper()), text)

    @Slot()
    def set_shortcut(self) -> None:
        tag = self.selected_tag()
        if tag is None:
            return
        key, ok = QInputDialog.getText(
            self,
            self.tr("Shortcut key"),
            self.tr(
                "Key that applies “%1” (one of 0–9, a–z, - or =).\nLeave it empty for no key."
            ).replace("%1", tag.name),
            QLineEdit.EchoMode.Normal,
            tag.shortcut or "",
        )
        if not ok:
            return
        value = key.strip().lower() or None
        if value != tag.shortcut:
            text = self.tr("Set the key of “%1”").replace("%1", tag.name)
            self._update(tag, commands.renamed(tag, shortcut=value), text)

    @Slot()
    def describe_tag(self) -> None:
        tag = self.selected_tag()
        if tag is None:
            return
        description, ok = QInputDialog.getMultiLineText(
            self,
            self.tr("Tag description"),
            self.tr("When does “%1” apply? Examples help.").replace("%1", tag.name),
            tag.description,
        )
        if ok and description.strip() != tag.description:
            text = self.tr("Describe tag “%1”").replace("%1", tag.name)
            self._update(tag, commands.renamed(tag, description=description.strip()), text)

    @Slot()
    def toggle_archived(self) -> None:
        tag = self.selected_tag()
        if tag is None:
            return
        if tag.archived:
            text = self.tr("Unarchive tag “%1”").replace("%1", tag.name)
        else:
            text = self.tr("Archive tag “%1”").replace("%1", tag.name)
        self._update(tag, commands.renamed(tag, archived=not tag.archived), text)

    @Slot()
    def merge_tag(self) -> None:
        source = self.selected_tag()
        if source is None:
            return
        try:
            uses = {c.tag.id: c.claims for c in codebook.tag_counts(self.context.project)}
        except USER_ERRORS as error:
            self.context.errorRaised.emit(str(error))
            return
        targets = [tag for tag in self._tags if tag.id != source.id]
        target_id = MergeTagDialog.choose(source, targets, uses.get(source.id, 0), self)
        if target_id is None:
            return
        try:
            codebook.merge_tags(self.context.project, source.id, target_id)
        except USER_ERRORS as error:
            self.context.errorRaised.emit(str(error))
            return
        self.context.notify(Change(codebook=True, everything=True))
        self.select_tag(target_id)

    @Slot()
    def move_up(self) -> None:
        self._move(-1)

    @Slot()
    def move_down(self) -> None:
        self._move(+1)

    def _move(self, step: int) -> None:
        tag = self.selected_tag()
        item = None if tag is None else self._items.get(tag.id)
        if tag is None or item is None:
            return
        parent = item.parent()
        siblings = _children(parent) if parent is not None else self._top_items()
        index = siblings.index(item) + step
        if not 0 <= index < len(siblings):
            return
        neighbour = int(siblings[index].data(NAME, TAG_ID_ROLE))
        # Positions are one flat order; siblings show in that order, so moving the tag just
        # before (or after) its visible neighbour swaps them, hidden archived tags included.
        before = [t.id for t in self._tags]
        after = [i for i in before if i != tag.id]
        at = after.index(neighbour)
        after.insert(at if step < 0 else at + 1, tag.id)
        if commands.run(self.context, commands.ReorderTagsCommand(self.context, before, after)):
            self.select_tag(tag.id)

    def _update(self, tag: TagInfo, after: TagInfo, text: str) -> None:
        if commands.run(self.context, commands.UpdateTagCommand(self.context, tag, after, text)):
            self.select_tag(tag.id)

    # Reacting to the context

    @Slot(object)
    def _on_changed(self, change: Change) -> None:
        if change.everything or change.codebook:
            self.reload()
        elif change.touches_article(self.context.article_id) and (
            self.context.tally_of != self.context.article_id
        ):
            self.reload()  # no tally kept for this article: count with a query

    @Slot(int, object)
    def _tally_changed(self, article_id: int, tally: ClaimTally) -> None:
        """Show the open article's counts as the reader's controller keeps them: no query."""
        self._counts = tally.tags
        if article_id != self.context.article_id:
            return
        for tag_id, item in self._items.items():
            item.setText(COUNT, str(tally.tags.get(tag_id, 0)))

    @Slot(int)
    def _article_changed(self, article_id: int) -> None:
        self.reload()

    @Slot()
    def _project_opened(self) -> None:
        self._counts = {}  # of another project's article
        self.reload()

    # Reacting to the user

    @Slot(QTreeWidgetItem, int)
    def _item_clicked(self, item: QTreeWidgetItem, column: int) -> None:
        self.applyTagRequested.emit(int(item.data(NAME, TAG_ID_ROLE)))

    @Slot(QTreeWidgetItem, QTreeWidgetItem)
    def _current_changed(
        self, current: QTreeWidgetItem | None, previous: QTreeWidgetItem | None
    ) -> None:
        self._update_actions()

    @Slot()
    def _show_archived_toggled(self) -> None:
        self.reload()

    @Slot(QPoint)
    def _show_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        if self.selected_tag() is not None:
            self._fill_edit_menu(menu)
            menu.addSeparator()
            menu.addAction(self.up_action)
            menu.addAction(self.down_action)
            menu.addSeparator()
        menu.addAction(self.add_action)
        menu.addAction(self.show_archived_action)
        menu.exec(self.tree.viewport().mapToGlobal(position))
        menu.deleteLater()

    def _fill_edit_menu(self, menu: QMenu) -> None:
        for action in (
            self.rename_action,
            self.colour_action,
            self.shortcut_action,
            self.description_action,
        ):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.merge_action)
        menu.addAction(self.archive_action)

    def _update_actions(self) -> None:
        tag = self.selected_tag()
        writable = not self.context.project.read_only
        self.add_action.setEnabled(writable)
        if not writable:
            tag = None  # a read-only project's codebook can be used, not edited
        for action in (
            self.rename_action,
            self.colour_action,
            self.shortcut_action,
            self.description_action,
            self.merge_action,
            self.archive_action,
            self.up_action,
            self.down_action,
        ):
            action.setEnabled(tag is not None)
        self.edit_button.setEnabled(tag is not None)
        self.archive_action.setText(
            self.tr("Unarchive") if tag is not None and tag.archived else self.tr("Archive")
        )

    def _make_item(self, tag: TagInfo, count: int, show_count: bool) -> QTreeWidgetItem:
        item = QTreeWidgetItem()
        item.setData(NAME, TAG_ID_ROLE, tag.id)
        item.setText(NAME, tag.name)
        item.setIcon(NAME, swatch_icon(tag.colour, muted=tag.archived))
        item.setText(KEY, (tag.shortcut or "").upper())
        item.setTextAlignment(KEY, Qt.AlignmentFlag.AlignCenter)
        item.setText(COUNT, str(count) if show_count else "")
        item.setTextAlignment(COUNT, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        tip = [f"<b>{_escape(tag.name)}</b>"]
        if tag.description:
            tip.append(_escape(tag.description))
        if tag.shortcut:
            tip.append(self.tr("Key: %1").replace("%1", _escape(tag.shortcut.upper())))
        if tag.archived:
            tip.append(self.tr("Archived: hidden from the codebook; its claims keep it."))
        item.setToolTip(NAME, "<br>".join(tip))
        dim = QBrush(dim_colour(self))
        item.setForeground(KEY, dim)
        if show_count and count == 0:
            item.setForeground(COUNT, dim)
        if tag.archived:
            font = QFont(self.tree.font())
            font.setItalic(True)
            for column in (NAME, KEY, COUNT):
                item.setForeground(column, dim)
                item.setFont(column, font)
        return item

    def _collect(self, item: QTreeWidgetItem, ids: list[int]) -> None:
        ids.append(int(item.data(NAME, TAG_ID_ROLE)))
        for child in _children(item):
            self._collect(child, ids)

    def _top_items(self) -> list[QTreeWidgetItem]:
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item for item in items if item is not None]


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    children = (item.child(i) for i in range(item.childCount()))
    return [child for child in children if child is not None]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
