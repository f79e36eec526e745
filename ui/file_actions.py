"""The File menu's work: projects, importing, pasting and exporting, with their dialogs.

Dialog functions are looked up on the module at call time (``QFileDialog.getOpenFileNames``
and friends), so tests can replace them and no modal dialog can hang a test run.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox, QWidget

from sourcemark.app import articles
from sourcemark.app.errors import USER_ERRORS, DuplicateArticleError
from sourcemark.app.exporting.csv_export import ExportOptions, export_claims_csv
from sourcemark.app.importing import read_clipboard
from sourcemark.app.importing.batch import ImportReport, import_paths
from sourcemark.app.projects import open_project
from sourcemark.ui.changes import Change
from sourcemark.ui.context import AppContext
from sourcemark.ui.workers import Progress, ShouldCancel, run_with_progress

PROJECT_FILTER = "Sourcemark projects (*.sourcemark);;All files (*)"
IMPORT_FILTER = (
    "Articles (*.txt *.md *.markdown *.html *.htm *.mhtml *.mht *.docx *.odt *.pdf *.eml "
    "*.csv *.jsonl *.ndjson);;All files (*)"
)


def new_project(parent: QWidget, context: AppContext) -> bool:
    path, _ = QFileDialog.getSaveFileName(
        parent, parent.tr("New Project"), str(_start_folder(context)), PROJECT_FILTER
    )
    if not path:
        return False
    if not path.endswith(".sourcemark"):
        path += ".sourcemark"
    if Path(path).exists():
        QMessageBox.warning(
            parent,
            parent.tr("New Project"),
            parent.tr("%s already exists. Use Open Project to open it.") % path,
        )
        return False
    return switch_project(parent, context, path)


def open_existing_project(parent: QWidget, context: AppContext) -> bool:
    path, _ = QFileDialog.getOpenFileName(
        parent, parent.tr("Open Project"), str(_start_folder(context)), PROJECT_FILTER
    )
    return bool(path) and switch_project(parent, context, path)


def switch_project(parent: QWidget, context: AppContext, target: str) -> bool:
    try:
        project = open_project(target, annotator=context.project.annotator)
    except USER_ERRORS as error:
        QMessageBox.warning(parent, parent.tr("Cannot open the project"), str(error))
        return False
    context.settings.add_recent_project(str(project.path or target))
    context.save_settings()
    context.replace_project(project)
    return True


def import_files(
    parent: QWidget, context: AppContext, paths: list[Path] | None = None
) -> ImportReport | None:
    """Import files or folders (asking for files when none are given), off the GUI thread."""
    if paths is None:
        chosen, _ = QFileDialog.getOpenFileNames(
            parent, parent.tr("Import Articles"), str(Path.home()), IMPORT_FILTER
        )
        paths = [Path(p) for p in chosen]
    if not paths:
        return None
    project = context.project

    def work(progress: Progress, should_cancel: ShouldCancel) -> ImportReport:
        return import_paths(project, paths, progress=progress, should_cancel=should_cancel)

    report, error = run_with_progress(parent, parent.tr("Importing articles…"), work)
    if error is not None or report is None:
        QMessageBox.warning(parent, parent.tr("Import failed"), error or "")
        return None
    context.notify(Change(articles=True))
    imported = [o for o in report.outcomes if o.status == "imported"]
    if imported:
        context.set_article(imported[0].article_id)
    problems = [o for o in report.outcomes if o.status != "imported"]
    if problems or report.cancelled:
        lines = [f"{Path(o.path).name}: {o.message}" for o in problems[:30]]
        if len(problems) > 30:
            lines.append(parent.tr("… and %d more.") % (len(problems) - 30))
        summary = parent.tr("Imported %d article(s); %d skipped.") % (len(imported), len(problems))
        if report.cancelled:
            summary += " " + parent.tr("Import cancelled; what finished is kept.")
        QMessageBox.information(
            parent, parent.tr("Import finished"), summary + "\n\n" + "\n".join(lines)
        )
    return report


def paste_article(parent: QWidget, context: AppContext) -> int | None:
    """Add the clipboard's text (or HTML) as an article, asking for its title."""
    mime: QMimeData | None = QApplication.clipboard().mimeData()
    text = mime.text() if mime and mime.hasText() else None
    markup = mime.html() if mime and mime.hasHtml() else None
    try:
        draft = read_clipboard(text=text, html=markup)
    except USER_ERRORS as error:
        QMessageBox.information(parent, parent.tr("Paste Article"), str(error))
        return None
    suggested = draft.title or articles.title_from_text(draft.text)
    title, accepted = QInputDialog.getText(
        parent, parent.tr("Paste Article"), parent.tr("Title of the new article:"), text=suggested
    )
    if not accepted:
        return None
    try:
        info = articles.add_article(context.project, replace(draft, title=title or suggested))
    except DuplicateArticleError as error:
        QMessageBox.information(parent, parent.tr("Paste Article"), str(error))
        context.set_article(error.existing_id)
        return None
    except USER_ERRORS as error:
        QMessageBox.warning(parent, parent.tr("Paste Article"), str(error))
        return None
    context.notify(Change(articles=True))
    context.set_article(info.id)
    return info.id


def export_csv(
    parent: QWidget, context: AppContext, options: ExportOptions, destination: Path
) -> int | None:
    """Write the CSV on a worker thread; returns the number of rows, or None on failure."""
    project = context.project

    def work(progress: Progress, should_cancel: ShouldCancel) -> int:
        def rows_done(count: int) -> None:
            progress(count, 0, parent.tr("%d rows written") % count)

        return export_claims_csv(
            project, destination, options, progress=rows_done, should_cancel=should_cancel
        )

    rows, error = run_with_progress(parent, parent.tr("Exporting claims…"), work)
    if error is not None:
        QMessageBox.warning(parent, parent.tr("Export failed"), error)
        return None
    return rows


def _start_folder(context: AppContext) -> Path:
    path = context.project.path
    return path.parent if path else Path.home()
