"""Start the desktop: the QApplication, the project, the main window (or a screenshot of it).

The window's shell (title, menus, the saved size and place) is painted first, before anything
heavy is imported: SQLAlchemy alone costs more than Qt, and a project can take a while to
open. When the shell has painted, a worker thread looks the project file over and reads its
article list with the standard library's sqlite3 (``LookAhead``), and the shell shows the
list where the main window has it: the person can look, filter, sort and pick an article.
Meanwhile another worker imports SQLAlchemy and the window's modules (``ui/background``);
then the project is opened and the real main window replaces the shell at the same place,
with the list as the person left it and the article they picked open.

Nothing here at module level may import SQLAlchemy, alembic or the panels:
``bench/bench_startup.py`` measures the difference (docs/performance.md). The day's backup
is taken on a worker thread once the main window has painted.
"""

from __future__ import annotations

import gc
import importlib
import logging
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QPaintEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QWidget

from sourcemark.app.settings import Settings, load_settings
from sourcemark.ui.garbage import enable_collection, pause_collection, resume_collection
from sourcemark.ui.import_hook import drop_feature_hook

if TYPE_CHECKING:
    # QEvent and QMessageBox only after the shell has painted: the first use of a Qt class
    # builds its enums, ~6 ms for QEvent's.
    from PySide6.QtCore import QEvent

    from sourcemark.app.article_rows import ArticleRow, EarlyArticleRows
    from sourcemark.app.projects import Project
    from sourcemark.db import sqlite_file
    from sourcemark.ui.background import BackgroundRead
    from sourcemark.ui.main_window import MainWindow
    from sourcemark.ui.panels.article_table import ArticleBrowser

log = logging.getLogger(__name__)

SCREENSHOT_SIZE = (1440, 860)
# The main window's size when no size was saved (main_window.DEFAULT_SIZE, not imported:
# that module pulls in the panels and the database).
DEFAULT_SIZE = (1340, 760)
# The Qt-free modules the window needs to open a project, SQLAlchemy among them: imported
# first. Only speed depends on this list.
DATABASE_LAYER = (
    "sourcemark.app.projects",
    "sourcemark.app.articles",
    "sourcemark.app.claims",
    "sourcemark.app.codebook",
    "sourcemark.app.backups",
)
# Then the window's own modules (Qt classes, but no widget is made by importing them).
WINDOW_MODULES = ("sourcemark.ui.file_actions", "sourcemark.ui.main_window")
# The shell's list starts the imports once it has painted; this long at most, should that
# paint never come (a minimised window is not painted).
_IMPORT_AT_LATEST_MS = 100


def create_application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # High-DPI scale factors are not rounded: Qt 6's default (PassThrough), so nothing is set
    # here; naming the policy would load the whole ``Qt`` namespace (~30 ms) before the shell.
    application = QApplication(sys.argv[:1])
    application.setApplicationName("Sourcemark")
    application.setOrganizationName("Sourcemark")
    application.setApplicationDisplayName("Sourcemark")
    return application


def run_gui(
    *,
    project: str | None = None,
    annotator: str | None = None,
    screenshot: str | None = None,
    debug: bool = False,
) -> int:
    drop_feature_hook()  # done by the launcher already; for any other caller
    application = create_application()
    settings = load_settings()
    target = project or os.environ.get("SOURCEMARK_DB") or _last_project(settings.recent_projects)
    if screenshot or debug:
        # No shell: a screenshot wants the finished window, --debug the plain traceback.
        opened = _open_plainly(target, annotator, debug=debug)
        if opened is None:
            return 1
        from sourcemark.ui.main_window import MainWindow

        window = MainWindow(opened, settings)
        _collect_from_now_on()
        if screenshot:
            return _save_screenshot(application, window, Path(screenshot))
        window.show()
        return application.exec()
    shell = StartupShell(settings, _label(target))
    starter = _Starter(shell, settings, target, annotator)
    shell.painted.connect(starter.start)
    shell.show()
    code = application.exec()
    return 1 if starter.failed else code


class StartupShell(QMainWindow):
    """The main window's frame, shown while the project opens: same title, menus and place.

    Emits ``painted`` once, after its first paint has reached the screen. ``show_articles``
    puts the project's article list where the main window has it, before the project is open.
    """

    painted = Signal()
    # The article list read ahead (EarlyArticleRows), or None: sent from LookAhead's thread.
    rowsRead = Signal(object)

    def __init__(self, settings: Settings, label: str) -> None:
        super().__init__()
        from sourcemark.ui.actions import MENUS, translate  # Qt only: cheap

        self.setWindowTitle(self.tr("%s — Sourcemark") % label if label else "Sourcemark")
        for _key, title in MENUS:
            self.menuBar().addMenu(translate(title)).setEnabled(False)
        message = QLabel(self.tr("Opening %s…") % (label or self.tr("the project")), self)
        # Not setAlignment(Qt.AlignmentFlag...): the first use of ``Qt`` builds its ~100 enum
        # classes (~30 ms), which the main window pays later anyway.
        message.setStyleSheet("qproperty-alignment: AlignCenter;")
        message.setEnabled(False)  # drawn greyed: nothing to click yet
        self.setCentralWidget(message)
        self.message = message
        self.settings = settings
        self.article_list: ArticleBrowser | None = None
        self.statusBar().showMessage(self.tr("Opening the project…"))
        self.resize(*DEFAULT_SIZE)
        if settings.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(settings.window_geometry.encode()))
        self._announced = False
        self.replaced = False

    def show_articles(self, rows: list[ArticleRow]) -> ArticleBrowser:
        """Show ``rows`` in an article list at the main window's place for it."""
        from PySide6.QtWidgets import QSplitter

        from sourcemark.ui.panels.article_table import ArticleBrowser

        browser = ArticleBrowser(self)
        browser.set_rows(rows)
        splitter = QSplitter(self)
        splitter.addWidget(browser)
        splitter.addWidget(self.message)
        splitter.setStretchFactor(1, 1)
        # The main window's three panes, its default sizes when none were saved.
        saved = self.settings.splitter_sizes.get("main")
        left, centre, right = saved if saved and len(saved) == 3 else (270, 740, 330)
        splitter.setSizes([max(left, 0), max(centre, 0) + max(right, 0)])
        self.setCentralWidget(splitter)
        self.statusBar().showMessage(
            self.tr("Opening the project… Pick an article meanwhile: it opens once it is ready.")
        )
        browser.table.setFocus()
        self.article_list = browser
        return browser

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._announced:
            self._announced = True
            # After this paint is done and on screen, not inside it.
            QTimer.singleShot(0, self.painted.emit)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closed by the person while the project was still opening: stop there.
        if not self.replaced:
            QApplication.quit()
        event.accept()


class _Starter(QObject):
    """Opens the project once the shell has painted, then puts the main window in its place."""

    def __init__(
        self, shell: StartupShell, settings: Settings, target: str | None, annotator: str | None
    ) -> None:
        super().__init__()
        self.shell = shell
        self.settings = settings
        self.target = target
        self.annotator = annotator
        self.window: MainWindow | None = None
        self.backup: DailyBackup | None = None
        self.look: LookAhead | None = None
        self.early: EarlyArticleRows | None = None
        self.imports: BackgroundRead | None = None
        self.failed = False

    @Slot()
    def start(self) -> None:
        """The shell has painted: look the file over, and show its article list if it has one."""
        self.look = LookAhead(self.target, on_rows=self.shell.rowsRead.emit)
        self.shell.rowsRead.connect(self._rows_read)
        if not self.look.start():
            self._import_ahead()

    @Slot(object)
    def _rows_read(self, early: EarlyArticleRows | None) -> None:
        if early is None or not early.rows:
            if early is not None:
                early.close()
            self._import_ahead()
            return
        self.early = early
        browser = self.shell.show_articles(early.rows)
        # The imports hold Python's lock: they start once the list is on the screen.
        after_first_paint(browser.table.viewport(), self._import_ahead)
        QTimer.singleShot(_IMPORT_AT_LATEST_MS, self._import_ahead)

    @Slot()
    def _import_ahead(self) -> None:
        if self.imports is None:
            from sourcemark.ui.background import BackgroundRead

            self.imports = BackgroundRead(self)
            self.imports.request(_import_window_modules, self._imported, self._imports_failed)

    def _imported(self, _nothing: None) -> None:
        self._open()

    def _imports_failed(self, error: BaseException) -> None:
        # Imported again on the GUI thread by _open, which raises it there.
        log.debug("importing ahead failed", exc_info=error)
        self._open()

    @Slot()
    def _open(self) -> None:
        """Everything is imported: open the project and put the main window in the shell's place."""
        # Already imported on the worker; should that have failed, the same error is
        # raised here, on the GUI thread, as it was before there was a worker.
        for name in DATABASE_LAYER:
            importlib.import_module(name)
        from sourcemark.ui.file_actions import open_with_recovery

        opened = open_with_recovery(
            self.shell, self.target, self.annotator, daily_backup=False, looked_over=self.look
        )
        early, self.early = self.early, None
        # The rows the shell showed serve the main window too, unless something was written
        # to the project since they were read (another window, another process).
        listed = early.rows if early is not None and early.still_current() else None
        if early is not None:
            early.close()
        if opened is None:
            enable_collection()
            self.failed = True
            self.shell.replaced = True
            self.shell.close()
            QApplication.quit()
            return
        from sourcemark.ui.main_window import MainWindow

        early_list = self.shell.article_list
        window = MainWindow(
            opened,
            self.settings,
            start_with=None if early_list is None else early_list.state(),
            listed=listed,
        )
        if not self.settings.window_geometry:
            window.setGeometry(self.shell.geometry())
        window.show()
        self.window = window
        self.shell.replaced = True
        self.shell.close()
        self.shell.deleteLater()
        _collect_from_now_on()
        self.backup = DailyBackup(opened, window)
        after_first_paint(window, self.backup.start)


def _import_window_modules() -> None:
    """Import the database layer and the window's modules: on a worker thread, as Python's
    lock is held while a module runs, this is no faster, but the shell's article list keeps
    answering (scrolling, filtering, picking) meanwhile."""
    for name in (*DATABASE_LAYER, *WINDOW_MODULES):
        importlib.import_module(name)


class LookAhead:
    """Looks the project file over on a worker thread while the window imports SQLAlchemy.

    First, when ``on_rows`` is given, it reads the article list without SQLAlchemy
    (``article_rows.early_article_rows``) and hands it to ``on_rows``, or ``None`` when the
    file is not plainly an up-to-date project; ``on_rows`` is called exactly once, on the
    worker's thread, and owns what it is given (it must ``close`` it). Then the look
    (``sqlite_file.check_is_sqlite_or_new`` and ``inspect_file``: is it a project, is it
    sound, which schema) is what opening does first; its page check, SQLite's quick_check,
    reads the whole file (~0.17 s at 64 MB) without holding Python's GIL, so on two cores it
    costs the start-up nothing. Opening then takes the result (``db.engine.LookedOver``),
    re-raising what the look raised, and re-reads the schema revision before touching the
    file.
    """

    def __init__(
        self,
        target: str | None,
        *,
        on_rows: Callable[[EarlyArticleRows | None], None] | None = None,
    ) -> None:
        # The worker's modules are imported on this thread: the worker only looks them up.
        from sourcemark.app import article_rows  # noqa: F401
        from sourcemark.app.paths import resolve_project_target
        from sourcemark.db import sqlite_file  # noqa: F401

        resolved = resolve_project_target(target)
        # A URL needs SQLAlchemy to read: opening looks at it itself.
        self.path = None if "://" in resolved else Path(resolved).expanduser().absolute()
        self._facts: sqlite_file.FileFacts | None = None
        self._error: BaseException | None = None
        self._on_rows = on_rows
        self._thread = threading.Thread(target=self._run, name="sourcemark-look-ahead")

    def start(self) -> bool:
        """Start looking; ``False`` when there is no file to look at (a URL)."""
        if self.path is None:
            return False
        self._thread.start()
        return True

    def __call__(self, path: Path) -> sqlite_file.FileFacts | None:
        if self.path is None or path != self.path:
            return None
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._facts

    def _run(self) -> None:
        from sourcemark.app.article_rows import early_article_rows
        from sourcemark.db import sqlite_file

        assert self.path is not None
        try:
            sqlite_file.check_is_sqlite_or_new(self.path)
        except BaseException as error:  # raised again on the GUI thread, when opening asks
            self._error = error
        if self._on_rows is not None:
            early = None
            if self._error is None:
                try:
                    early = early_article_rows(self.path)
                except Exception:  # the list is a head start only: opening goes on without it
                    log.warning("reading the article list ahead failed", exc_info=True)
            self._on_rows(early)  # always, once: the start-up waits for it
        if self._error is not None:
            return
        try:
            self._facts = sqlite_file.inspect_file(self.path)
        except BaseException as error:  # raised again on the GUI thread, when opening asks
            self._error = error


class DailyBackup(QObject):
    """The day's backup of a project, taken on a worker thread (``projects.take_daily_backup``).

    The copy uses its own SQLite connections and the backup API, which reads a consistent
    snapshot while the window goes on writing, and ``app.backups`` lets one copy or restore
    run at a time. A failure is shown to the person: a missing backup would otherwise go
    unnoticed until the day it is needed. Quitting waits for a copy in progress to finish.
    """

    failed = Signal(str)
    finished = Signal()

    def __init__(self, project: Project, window: QWidget) -> None:
        super().__init__(window)
        self.project = project
        self.window = window
        self.made: Path | None = None
        self.error: str | None = None
        self._paused = False
        self._thread = threading.Thread(target=self._run, name="sourcemark-daily-backup")
        self.failed.connect(self._report)

    @Slot()
    def start(self) -> None:
        if self._thread.ident is not None:
            return
        application = QApplication.instance()
        if application is not None:
            application.aboutToQuit.connect(self.wait)
        # No garbage collection on the copying thread (see ui/garbage.py) until it is done.
        pause_collection()
        self._paused = True
        self.finished.connect(self._resume_collection)
        self._thread.start()

    @Slot()
    def wait(self) -> None:
        if self._thread.ident is not None:
            self._thread.join()
            self._resume_collection()  # quitting: the queued "finished" may never arrive

    @Slot()
    def _resume_collection(self) -> None:
        if self._paused:
            # "finished" is the thread's last act: joining it costs microseconds, and no
            # Python runs there once collection is back on.
            self._thread.join()
            self._paused = False
            resume_collection()

    def _run(self) -> None:
        from sourcemark.app.errors import SourcemarkError
        from sourcemark.app.projects import take_daily_backup

        try:
            self.made = take_daily_backup(self.project)
        except Exception as error:  # any failure reaches the person, none dies with the thread
            log.warning("daily backup failed", exc_info=True)
            self.error = (
                str(error)
                if isinstance(error, SourcemarkError)
                else tr("The daily backup failed (%s).") % error
            )
            self.failed.emit(self.error)
        self.finished.emit()

    @Slot(str)
    def _report(self, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(
            self.window,
            tr("Daily backup failed"),
            message
            + "\n\n"
            + tr(
                "Your work is saved in the project; only today's backup copy is missing. "
                "Sourcemark tries again the next time it opens the project."
            ),
        )


def after_first_paint(window: QWidget, callback: Callable[[], None]) -> None:
    """Call ``callback`` once ``window`` has painted for the first time (and the paint is done)."""
    watcher = _FirstPaint(window, callback)
    window.installEventFilter(watcher)


class _FirstPaint(QObject):
    def __init__(self, window: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(window)
        self.callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.callback)
        return False


def _collect_from_now_on() -> None:
    """Everything built so far lives as long as the window: keep the garbage collector from
    walking it again on every collection (several ms each), and turn collection back on
    (``launcher.main`` turned it off for the start-up)."""
    gc.freeze()
    enable_collection()


def _open_plainly(target: str | None, annotator: str | None, *, debug: bool) -> Project | None:
    from sourcemark.app.errors import USER_ERRORS
    from sourcemark.app.projects import open_project

    try:
        return open_project(target, annotator=annotator)
    except USER_ERRORS as error:
        if debug:
            raise
        print(f"sourcemark: error: {error}", file=sys.stderr)
        return None


def tr(text: str) -> str:
    return QCoreApplication.translate("Application", text)


def _label(target: str | None) -> str:
    """The project's file name for the shell's title, or empty for the default project."""
    if not target:
        return ""
    return target if "://" in target else Path(target).name


def _last_project(recent: list[str]) -> str | None:
    for candidate in recent:
        if "://" in candidate or Path(candidate).exists():
            return candidate
    return None


def _save_screenshot(application: QApplication, window: MainWindow, path: Path) -> int:
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    # Lay the window out at its final size first: scrolling to a claim needs the real lines.
    for _ in range(3):
        application.processEvents()
    window.prepare_screenshot()
    for _ in range(3):
        application.processEvents()
    from sourcemark.ui.background import finish_reads

    finish_reads()  # the claims table's ids, read on a worker thread, are in the picture
    application.processEvents()
    QTimer.singleShot(0, application.quit)
    application.exec()
    image = window.grab()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path)):
        print(f"sourcemark: error: could not write the screenshot to {path}.", file=sys.stderr)
        return 1
    window.close()
    print(path)
    return 0
