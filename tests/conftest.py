"""Fixtures for every test: user folders in a temp dir, and a fresh project on a real file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from sourcemark.app.projects import Project

# Qt must never try to open a real display in a test run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_configure(config: pytest.Config) -> None:
    # As the window's start does (ui/launcher.py): the test modules, imported after pytest-qt
    # has loaded PySide6, are not read by PySide6's import hook.
    import PySide6.QtCore  # noqa: F401

    from sourcemark.ui.import_hook import drop_feature_hook

    drop_feature_hook()


@pytest.fixture(autouse=True)
def isolated_user_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point settings, data and backups at a temp folder so no test touches real user files."""
    home = tmp_path_factory.mktemp("sourcemark-home")
    monkeypatch.setenv("SOURCEMARK_HOME", str(home))
    monkeypatch.delenv("SOURCEMARK_DB", raising=False)
    monkeypatch.setenv("SOURCEMARK_ANNOTATOR", "tester")
    return home


@pytest.fixture(autouse=True)
def qt_and_collector_left_as_found() -> Iterator[None]:
    """After each test: the widgets it closed, and the windows it left, are deleted now, and
    garbage collection is as the test found it.

    pytest-qt closes a test's widgets and asks Qt to delete them later, which only happens
    when some later test runs an event loop; and a test that left the collector off (one
    did) let 140,000 objects, 26 main windows among them, pile up until the end. Freed in
    bulk there, they crashed the test process on CI (see ``AppContext.close``).
    """
    import gc
    import sys

    enabled, frozen = gc.isenabled(), gc.get_freeze_count()
    yield
    if "sourcemark.ui.background" in sys.modules:
        from sourcemark.ui import background

        # A table's read still running pauses the collector, and a test that turns it on
        # (or the next one) would let it collect on the worker's thread.
        background.finish_reads()
    if "PySide6.QtWidgets" in sys.modules:
        from PySide6.QtCore import QEvent
        from PySide6.QtWidgets import QApplication

        if QApplication.instance() is not None:
            # run_gui's windows (no qtbot to close them) would otherwise live on until a
            # collection, which may come in the middle of another test's event.
            for widget in QApplication.topLevelWidgets():
                if type(widget).__name__ in ("MainWindow", "StartupShell"):
                    widget.close()
                    widget.deleteLater()
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    left = (gc.isenabled(), gc.get_freeze_count())
    if left != (enabled, frozen):
        gc.unfreeze()
        if enabled:
            gc.enable()
        pytest.fail(
            f"the test left garbage collection {'on' if left[0] else 'off'} with {left[1]} "
            f"objects frozen; it found it {'on' if enabled else 'off'} with {frozen}"
        )


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sourcemark"


@pytest.fixture
def project(project_path: Path) -> Iterator[Project]:
    from sourcemark.app.projects import open_project

    opened = open_project(project_path)
    try:
        yield opened
    finally:
        opened.close()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Take Qt down while Python is still whole: delete every window the tests left.

    Otherwise they, and anything held in a reference cycle, are destroyed during the
    interpreter's shutdown, in whatever order PySide6 tears its wrappers down, where no
    faulthandler stack says what crashed. Then no worker thread may still run.
    """
    import gc
    import sys

    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication, QEvent, QThread
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        return
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    gc.unfreeze()
    for _ in range(3):
        gc.collect()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()
    # A worker may still be finishing (a backup the last test left); one that runs on is a
    # thread nobody stops.
    running = [o for o in gc.get_objects() if isinstance(o, QThread) and not o.wait(5000)]
    assert not running, f"threads still running 5 s after the last test: {running}"
