"""Start the desktop: the QApplication, the project, the main window (or a screenshot of it)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from sourcemark.app.errors import USER_ERRORS
from sourcemark.app.projects import open_project
from sourcemark.app.settings import load_settings

if TYPE_CHECKING:
    from sourcemark.ui.main_window import MainWindow

SCREENSHOT_SIZE = (1440, 860)


def create_application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
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
    application = create_application()
    settings = load_settings()
    target = project or os.environ.get("SOURCEMARK_DB") or _last_project(settings.recent_projects)
    if screenshot or debug:
        try:
            opened = open_project(target, annotator=annotator)
        except USER_ERRORS as error:
            if debug:
                raise
            print(f"sourcemark: error: {error}", file=sys.stderr)
            return 1
    else:
        from sourcemark.ui.file_actions import open_with_recovery

        recovered = open_with_recovery(None, target, annotator)
        if recovered is None:
            return 1
        opened = recovered
    from sourcemark.ui.main_window import MainWindow

    window = MainWindow(opened, settings)
    if screenshot:
        return _save_screenshot(application, window, Path(screenshot))
    window.show()
    return application.exec()


def tr(text: str) -> str:
    return QCoreApplication.translate("Application", text)


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
