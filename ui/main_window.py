"""The main window: builds the panels, owns the actions and wires them together. Nothing else.

Left the article list; centre the reader (with the review bar above it and the claims table
below); right the codebook over the claim inspector. Every write goes through an undoable
command, so there is no Save: the status bar says so.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sourcemark.app import articles, claims
from sourcemark.app.article_rows import ArticleRow
from sourcemark.app.projects import Project
from sourcemark.app.settings import Settings
from sourcemark.app.tally import ClaimTally
from sourcemark.ui import file_actions
from sourcemark.ui.actions import (
    ACTIONS,
    MENUS,
    REVIEW_KEYS,
    create_actions,
    shortcut_rows,
    translate,
)
from sourcemark.ui.annotate import AnnotationController
from sourcemark.ui.changes import Change
from sourcemark.ui.commands import DeleteClaimCommand, run
from sourcemark.ui.context import AppContext
from sourcemark.ui.panels.article_list import ArticleListPanel
from sourcemark.ui.panels.article_table import BrowserState
from sourcemark.ui.panels.claims_table import ClaimsTablePanel
from sourcemark.ui.panels.codebook_panel import CodebookPanel
from sourcemark.ui.panels.common import counted
from sourcemark.ui.panels.inspector import InspectorPanel
from sourcemark.ui.path_label import PathLabel, home_relative
from sourcemark.ui.reader.find_bar import FindBar
from sourcemark.ui.reader.view import ReaderView
from sourcemark.ui.review_mode import ReviewBar
from sourcemark.ui.suggestions import SuggestionController

DEFAULT_SIZE = (1340, 760)


class MainWindow(QMainWindow):
    def __init__(
        self,
        project: Project,
        settings: Settings,
        *,
        start_with: BrowserState | None = None,
        listed: list[ArticleRow] | None = None,
    ) -> None:
        """``start_with``: what the person did in the start-up's article list, carried on;
        ``listed``: the project's article list as it is now, when the start-up has it."""
        super().__init__()
        self.context = AppContext(project, settings)
        self._start_with = start_with
        self._listed = listed
        # The status bar's project totals; the open article's share of the claims follows its
        # tally (``tallyChanged``), so tagging needs no count over the whole project.
        self._article_count = self._claim_count = 0
        self._tally_of: int | None = None
        self._tally_claims = 0
        self.action_map = create_actions(self)
        self._build_widgets()
        self._build_menus()
        self._assemble()
        self._connect_signals()
        self._restore_state()
        self._on_project_opened()

    # -- build ---------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        context = self.context
        self.article_list = ArticleListPanel(context, self, rows=self._listed)
        self._listed = None
        self.reader = ReaderView(self)
        self.reader.setObjectName("reader")
        self.annotation = AnnotationController(context, self.reader)
        self.review_bar = ReviewBar(context, self)
        self.review_bar.hide()
        self.find_bar = FindBar(self.reader, lambda: self.annotation.text, self)
        self.find_bar.set_actions(
            self.action_map["find_next"],
            self.action_map["find_previous"],
            self.action_map["find_case"],
            self.action_map["find_words"],
        )
        self.find_bar.hide()
        self.codebook_panel = CodebookPanel(context, self)
        self.inspector = InspectorPanel(context, self)
        self.suggestions = SuggestionController(
            context, self, self.review_bar, self.action_map, self.annotation
        )
        self.inspector.set_suggestion_actions(
            self.action_map["accept_suggestion"], self.action_map["reject_suggestion"]
        )
        self.claims_table = ClaimsTablePanel(context, self)
        self.read_only_banner = QLabel(self)
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setStyleSheet(
            "QLabel#readOnlyBanner { background: #fff3cd; color: #664d03; padding: 6px 10px; }"
        )
        self.read_only_banner.hide()
        self.status_project = PathLabel(self)
        self.status_annotator = QLabel(self)
        self.status_counts = QLabel(self)
        for label in (self.status_project, self.status_annotator, self.status_counts):
            self.statusBar().addPermanentWidget(label)
        self.setAcceptDrops(True)

    def _build_menus(self) -> None:
        menus: dict[str, QMenu] = {}
        for key, title in MENUS:
            menus[key] = self.menuBar().addMenu(translate(title))
            menus[key].setToolTipsVisible(True)
        for action_id, action in self.action_map.items():
            menu_key = next(spec.menu for spec in ACTIONS if spec.id == action_id)
            menus[menu_key].addAction(action)
            self.addAction(action)
        self.recent_menu = QMenu(self.tr("Open &Recent"), self)
        self.recent_menu.setToolTipsVisible(True)
        menus["file"].insertMenu(self.action_map["import_articles"], self.recent_menu)
        menus["file"].insertSeparator(self.action_map["import_articles"])
        menus["file"].insertSeparator(self.action_map["set_annotator"])
        menus["edit"].insertSeparator(self.action_map["delete_claim"])
        menus["view"].insertSeparator(self.action_map["focus_articles"])
        menus["view"].insertSeparator(self.action_map["zoom_in"])
        menus["review"].insertSeparator(self.action_map["review_next"])
        menus["suggest"].insertSeparator(self.action_map["next_suggestion"])
        menus["suggest"].insertSeparator(self.action_map["accept_suggestion"])
        self.action_map["snap_words"].setChecked(self.context.settings.snap_to_words)
        self._set_review_keys_enabled(False)

    def _assemble(self) -> None:
        centre = QWidget(self)
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(0)
        centre_layout.addWidget(self.read_only_banner)
        centre_layout.addWidget(self.review_bar)
        centre_layout.addWidget(self.reader, 1)
        centre_layout.addWidget(self.find_bar)

        self.centre_splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.centre_splitter.addWidget(centre)
        self.centre_splitter.addWidget(self.claims_table)
        self.centre_splitter.setStretchFactor(0, 3)
        self.centre_splitter.setStretchFactor(1, 1)

        self.right_splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.right_splitter.addWidget(self.codebook_panel)
        self.right_splitter.addWidget(self.inspector)
        self.right_splitter.setStretchFactor(0, 1)
        self.right_splitter.setStretchFactor(1, 1)

        self.main_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_splitter.addWidget(self.article_list)
        self.main_splitter.addWidget(self.centre_splitter)
        self.main_splitter.addWidget(self.right_splitter)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setSizes([270, 740, 330])
        self.centre_splitter.setSizes([520, 200])
        self.setCentralWidget(self.main_splitter)
        self.resize(*DEFAULT_SIZE)

    def _connect_signals(self) -> None:
        context, handlers = self.context, self._action_handlers()
        for action_id, handler in handlers.items():
            self.action_map[action_id].triggered.connect(handler)
        undo_stack = context.undo_stack
        undo_stack.canUndoChanged.connect(self.action_map["undo"].setEnabled)
        undo_stack.canRedoChanged.connect(self.action_map["redo"].setEnabled)
        self.action_map["undo"].setEnabled(False)
        self.action_map["redo"].setEnabled(False)
        context.changed.connect(self._on_changed)
        context.tallyChanged.connect(self._on_tally_changed)
        context.projectOpened.connect(self._on_project_opened)
        context.errorRaised.connect(self._show_error)
        context.currentArticleChanged.connect(self._on_article_changed)
        context.currentArticleChanged.connect(self.find_bar.forget_matches)
        self.annotation.message.connect(self._show_status_message)
        self.suggestions.message.connect(self._show_status_message)
        self.suggestions.scope_shortcuts(self, [self.reader])
        self.codebook_panel.applyTagRequested.connect(self._on_apply_tag_requested)
        self.review_bar.exitRequested.connect(self._leave_review_mode)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.reader.contextMenuAboutToShow.connect(self._extend_reader_menu)

    def _action_handlers(self) -> dict[str, Callable[..., object]]:
        return {
            "new_project": self._new_project,
            "open_project": self._open_project,
            "import_articles": self._import_articles,
            "paste_article": self._paste_article,
            "import_claims": self._import_claims,
            "export_csv": self._export_csv,
            "restore_backup": self._restore_backup,
            "set_annotator": self._set_annotator,
            "quit": self.close,
            "undo": self.context.undo_stack.undo,
            "redo": self.context.undo_stack.redo,
            "delete_claim": self._delete_claim,
            "set_span": self.annotation.set_span_to_selection,
            "snap_words": self._toggle_snap,
            "focus_speaker": self.inspector.focus_speaker,
            "find": self.find_bar.open,
            "find_next": self.find_bar.find_next,
            "find_previous": self.find_bar.find_previous,
            "find_case": self.find_bar.set_match_case,
            "find_words": self.find_bar.set_whole_words,
            "next_claim": self._next_claim,
            "previous_claim": self._previous_claim,
            "next_article": self.article_list.select_next,
            "previous_article": self.article_list.select_previous,
            "focus_articles": self.article_list.setFocus,
            "focus_reader": self.reader.setFocus,
            "focus_inspector": self.inspector.setFocus,
            "focus_claims": self.claims_table.setFocus,
            "zoom_in": self._zoom_in,
            "zoom_out": self._zoom_out,
            "zoom_reset": self._zoom_reset,
            "review_mode": self._toggle_review_mode,
            "review_next": self.review_bar.next,
            "review_previous": self.review_bar.previous,
            "review_confirm": self._review_confirm,
            "review_dispute": self._review_dispute,
            "review_needs_check": self._review_needs_check,
            "review_unreviewed": self._review_unreviewed,
            "review_note": self.review_bar.focus_note,
            "suggest_claims": self.suggestions.suggest_current,
            "suggest_all": self.suggestions.suggest_all,
            "next_suggestion": self.suggestions.next_suggestion,
            "previous_suggestion": self.suggestions.previous_suggestion,
            "accept_suggestion": self.suggestions.accept_current,
            "reject_suggestion": self.suggestions.reject_current,
            "shortcuts": self._show_shortcuts,
            "about": self._show_about,
        }

    # -- state ---------------------------------------------------------------------------

    def _restore_state(self) -> None:
        settings = self.context.settings
        if settings.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(settings.window_geometry.encode()))
        for name, splitter in self._splitters().items():
            sizes = settings.splitter_sizes.get(name)
            if sizes and len(sizes) == splitter.count() and all(s >= 0 for s in sizes):
                splitter.setSizes(sizes)
        self.reader.set_font_size(settings.font_size)

    def save_state(self) -> None:
        settings = self.context.settings
        settings.window_geometry = bytes(self.saveGeometry().toBase64().data()).decode()
        settings.splitter_sizes = {n: s.sizes() for n, s in self._splitters().items()}
        settings.font_size = round(self.reader.font_size())
        path = self.context.project.path
        if path is not None and self.context.article_id is not None:
            settings.last_article[str(path)] = self.context.article_id
        self.context.save_settings()

    def _splitters(self) -> dict[str, QSplitter]:
        return {
            "main": self.main_splitter,
            "centre": self.centre_splitter,
            "right": self.right_splitter,
        }

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self.context.close_project()
        self.context.close()
        event.accept()

    def changeEvent(self, event: QEvent) -> None:
        # Another window or the CLI may have written meanwhile: refresh when we come back.
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self._refresh_if_changed_elsewhere()
        super().changeEvent(event)

    def prepare_screenshot(self) -> None:
        """Open the first article and select a claim, for ``--screenshot``."""
        if self.context.article_id is None:
            self.article_list.select_next()
        first = self.annotation.neighbour_claim(+1)
        if first is not None:
            self.context.set_claim(first)
            # Show the claim by its outline: a text selection would hide its tag's colour.
            self.reader.clear_selection()

    # -- slots ---------------------------------------------------------------------------

    @Slot()
    def _on_project_opened(self) -> None:
        project = self.context.project
        self.setWindowTitle(
            self.tr("%s — Sourcemark") % project.label
            + (self.tr(" [read-only]") if project.read_only else "")
        )
        where = str(project.path or project.label)
        self.status_project.setText(home_relative(project.path) if project.path else where)
        self.status_project.setToolTip(
            where + "\n" + self.tr("The project file; every change is saved at once")
        )
        self.status_annotator.setText(self.tr("Annotator: %s") % project.annotator)
        self.read_only_banner.setVisible(project.read_only)
        self.read_only_banner.setText(
            self.tr(
                "This project is read-only (the file or its folder cannot be written). You can "
                "read and export; to annotate, copy it to a folder you can write to."
            )
        )
        for spec in ACTIONS:
            if spec.writes:
                self.action_map[spec.id].setEnabled(not project.read_only)
        self.suggestions.update_actions()  # Accept/Reject only on a pending suggestion
        self.annotation.reload_codebook()
        self._tally_of = None
        self._update_counts()
        self._seen_version = self._data_version()
        path = project.path
        last = self.context.settings.last_article.get(str(path)) if path else None
        start_with, self._start_with = self._start_with, None
        if start_with is not None:
            self.article_list.show_state(start_with)
            if start_with.article_id is not None:
                last = start_with.article_id  # picked while the project was opening
        # The article list already holds every article: ask it, not the project again.
        if last is not None and self.article_list.model.row_of(last) is not None:
            self.context.set_article(last)
        elif self.context.article_id is None:
            self.article_list.select_next()
        if start_with is not None and start_with.typing:
            # After the article opened, which gives the reader the keyboard.
            self.article_list.filter_edit.setFocus()

    @Slot(object)
    def _on_changed(self, change: Change) -> None:
        open_article = self.context.article_id
        only_the_open_article = (
            open_article is not None
            and open_article == self._tally_of
            and change.claims_of <= {open_article}
        )
        if change.everything or change.articles or not only_the_open_article:
            self._update_counts()
        self._seen_version = self._data_version()

    @Slot(int, object)
    def _on_tally_changed(self, article_id: int, tally: ClaimTally) -> None:
        if article_id == self._tally_of:
            self._claim_count += tally.claims - self._tally_claims
            self._show_counts()
        self._tally_of, self._tally_claims = article_id, tally.claims

    @Slot(int)
    def _on_article_changed(self, article_id: int) -> None:
        if article_id >= 0:
            self.reader.setFocus()

    @Slot(int)
    def _on_apply_tag_requested(self, tag_id: int) -> None:
        self.annotation.apply_tag(tag_id)
        self.reader.setFocus()

    @Slot(str)
    def _show_error(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("Sourcemark"), message)

    @Slot(str)
    def _show_status_message(self, message: str) -> None:
        self.statusBar().showMessage(message, 6000)

    def _update_counts(self) -> None:
        project = self.context.project
        self._article_count = articles.count_articles(project)
        self._claim_count = claims.count_claims(project)
        self._show_counts()
        self._show_reader_hint()

    def _show_counts(self) -> None:
        article_text = counted(self._article_count, self.tr("%n article"), self.tr("%n articles"))
        claim_text = counted(self._claim_count, self.tr("%n claim"), self.tr("%n claims"))
        self.status_counts.setText(f"{article_text} · {claim_text}")

    def _show_reader_hint(self) -> None:
        """What the empty reader says: the first thing a new project shows. It follows the
        article count, read anew only when articles change (not on every edit's tally)."""
        if self._article_count == 0:
            hint = self.tr(
                "No articles yet.\n\nImport files with File → Import Articles (%1), paste "
                "an article you copied (%2), or drop files on this window."
            )
            keys = (self._keys_of("import_articles"), self._keys_of("paste_article"))
        else:
            hint = self.tr(
                "Choose an article in the list on the left: %1 goes to the list, %2 opens "
                "the next article."
            )
            keys = (self._keys_of("focus_articles"), self._keys_of("next_article"))
        self.reader.setPlaceholderText(hint.replace("%1", keys[0]).replace("%2", keys[1]))

    def _keys_of(self, action_id: str) -> str:
        """An action's first shortcut as the platform writes it (Ctrl+I, ⌘I)."""
        shortcut = self.action_map[action_id].shortcut()
        return shortcut.toString(QKeySequence.SequenceFormat.NativeText)

    def _data_version(self) -> int:
        return self.context.project.db.data_version()

    def _refresh_if_changed_elsewhere(self) -> None:
        version = self._data_version()
        if version != getattr(self, "_seen_version", version):
            self._seen_version = version
            self.context.notify(Change(everything=True, articles=True, codebook=True))

    # -- actions -------------------------------------------------------------------------

    @Slot()
    def _new_project(self) -> None:
        file_actions.new_project(self, self.context)

    @Slot()
    def _open_project(self) -> None:
        file_actions.open_existing_project(self, self.context)

    @Slot()
    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.context.settings.recent_projects
        names = [Path(target).name or target for target in recent]
        for number, (target, name) in enumerate(zip(recent, names, strict=True), start=1):
            shown = name.replace("&", "&&")
            if names.count(name) > 1:  # two projects of one name: their folders tell them apart
                shown += "  —  " + home_relative(Path(target).parent).replace("&", "&&")
            # Alt+F, R, then the number: the last few projects from the keyboard.
            action = self.recent_menu.addAction(f"&{number} {shown}" if number < 10 else shown)
            action.setToolTip(target)
            action.setData(target)
            action.triggered.connect(self._open_recent)
        if not self.context.settings.recent_projects:
            self.recent_menu.addAction(self.tr("(none yet)")).setEnabled(False)

    @Slot()
    def _open_recent(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            file_actions.switch_project(self, self.context, str(action.data()))

    @Slot()
    def _import_articles(self) -> None:
        file_actions.import_files(self, self.context)

    @Slot()
    def _import_claims(self) -> None:
        file_actions.import_claims(self, self.context)

    @Slot()
    def _paste_article(self) -> None:
        file_actions.paste_article(self, self.context)

    @Slot()
    def _export_csv(self) -> None:
        article_id = self.context.article_id
        current = None
        if article_id is not None:
            current = (article_id, articles.get_article(self.context.project, article_id).title)
        from sourcemark.ui.dialogs.export_dialog import ExportDialog  # loads the exporter

        dialog = ExportDialog(self.context.tags(), current, self)
        if dialog.exec() != ExportDialog.DialogCode.Accepted:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export Claims to CSV"), str(Path.home() / "claims.csv"),
            self.tr("CSV files (*.csv)"),
        )  # fmt: skip
        if not path:
            return
        rows = file_actions.export_csv(self, self.context, dialog.options(), Path(path))
        if rows is not None:
            self._show_status_message(self.tr("Exported %d rows to %s") % (rows, path))

    @Slot()
    def _restore_backup(self) -> None:
        file_actions.restore_from_backup(self, self.context)

    @Slot()
    def _set_annotator(self) -> None:
        name, accepted = QInputDialog.getText(
            self,
            self.tr("Your Name"),
            self.tr("Name put on the claims you make and review:"),
            text=self.context.project.annotator,
        )
        if accepted and name.strip():
            self.context.project.annotator = name.strip()
            self.context.settings.annotator = name.strip()
            self.context.save_settings()
            self.status_annotator.setText(self.tr("Annotator: %s") % name.strip())

    @Slot()
    def _delete_claim(self) -> None:
        claim_id = self.context.claim_id
        claim = self.annotation.claim(claim_id)
        if claim is not None:
            run(self.context, DeleteClaimCommand(self.context, claim))

    @Slot(bool)
    def _toggle_snap(self, checked: bool) -> None:
        self.context.settings.snap_to_words = checked
        self.context.save_settings()

    @Slot()
    def _next_claim(self) -> None:
        self.context.set_claim(self.annotation.neighbour_claim(+1))

    @Slot()
    def _previous_claim(self) -> None:
        self.context.set_claim(self.annotation.neighbour_claim(-1))

    @Slot()
    def _zoom_in(self) -> None:
        self.reader.set_font_size(self.reader.font_size() + 1)

    @Slot()
    def _zoom_out(self) -> None:
        self.reader.set_font_size(self.reader.font_size() - 1)

    @Slot()
    def _zoom_reset(self) -> None:
        self.reader.set_font_size(Settings().font_size)

    @Slot(bool)
    def _toggle_review_mode(self, on: bool) -> None:
        self.review_bar.setVisible(on)
        self._set_review_keys_enabled(on)
        if on:
            self.review_bar.start()
            self.reader.setFocus()

    @Slot()
    def _leave_review_mode(self) -> None:
        self.action_map["review_mode"].setChecked(False)
        self._toggle_review_mode(False)

    def _set_review_keys_enabled(self, on: bool) -> None:
        writable = not self.context.project.read_only
        for action_id in REVIEW_KEYS:
            spec = next(s for s in ACTIONS if s.id == action_id)
            self.action_map[action_id].setEnabled(on and (writable or not spec.writes))
        # A tag whose key is also a review key would make the key ambiguous while reviewing.
        review_keys = {self.action_map[a].shortcut() for a in REVIEW_KEYS}
        for action in self.annotation.tag_actions:
            action.setEnabled(not (on and action.shortcut() in review_keys))

    @Slot()
    def _review_confirm(self) -> None:
        self.review_bar.verdict("confirmed")

    @Slot()
    def _review_dispute(self) -> None:
        self.review_bar.verdict("disputed")

    @Slot()
    def _review_needs_check(self) -> None:
        self.review_bar.verdict("needs-check")

    @Slot()
    def _review_unreviewed(self) -> None:
        self.review_bar.verdict("unreviewed")

    @Slot()
    def _show_shortcuts(self) -> None:
        from sourcemark.ui.dialogs.shortcuts_dialog import ShortcutsDialog

        ShortcutsDialog(self.shortcut_rows(), self).exec()

    def shortcut_rows(self) -> list[tuple[str, str, str]]:
        """Every key: the window's actions, the tag keys, and the panels' own keys."""
        rows = shortcut_rows()
        native = QKeySequence.SequenceFormat.NativeText
        places = (
            (self.tr("Tags (in the reader)"), self.annotation.tag_actions),
            (self.tr("Article list"), self.article_list.actions()),
            (self.tr("Codebook"), self.codebook_panel.actions()),
        )
        for place, actions in places:
            for action in actions:
                if not action.shortcut().isEmpty():
                    text = action.text().replace("&", "").removesuffix("…")
                    rows.append((place, text, action.shortcut().toString(native)))
        return rows

    @Slot()
    def _show_about(self) -> None:
        from sourcemark.db.migrate import app_version

        QMessageBox.about(
            self,
            self.tr("About Sourcemark"),
            self.tr(
                "<b>Sourcemark %s</b><br>Read news articles and mark, claim by claim, how each "
                "claim is sourced.<br>Free software under the GNU GPL v3 or later."
            )
            % app_version(),
        )

    @Slot(QMenu, list)
    def _extend_reader_menu(self, menu: QMenu, claim_ids: list[int]) -> None:
        """Right-click in the reader: apply a tag, and act on the claim under the mouse."""
        tag_menu = menu.addMenu(self.tr("Apply Tag"))
        tag_menu.setToolTipsVisible(True)
        for tag in self.annotation.tags.values():
            if tag.archived:
                continue
            label = f"{tag.name}\t{tag.shortcut.upper()}" if tag.shortcut else tag.name
            action = tag_menu.addAction(label)
            action.setData(tag.id)
            action.triggered.connect(self._on_tag_menu_action)
        if claim_ids:
            self.context.set_claim(claim_ids[0])
            menu.addAction(self.action_map["delete_claim"])
            menu.addAction(self.action_map["set_span"])
            if self.action_map["accept_suggestion"].isEnabled():
                menu.addAction(self.action_map["accept_suggestion"])
                menu.addAction(self.action_map["reject_suggestion"])

    @Slot()
    def _on_tag_menu_action(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.annotation.apply_tag(int(action.data()))

    # -- drag and drop -------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and not self.context.project.read_only:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            file_actions.import_dropped(self, self.context, paths)
