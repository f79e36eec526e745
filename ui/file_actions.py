"""The File menu's work: projects, importing, pasting and exporting, with their dialogs.

Dialog functions are looked up on the module at call time (``QFileDialog.getOpenFileNames``
and friends), so tests can replace them and no modal dialog can hang a test run.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QMimeData
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox, QWidget

from sourcemark.app import articles, backups
from sourcemark.app.errors import USER_ERRORS, DuplicateArticleError
from sourcemark.app.paths import resolve_project_target
from sourcemark.app.projects import Project, open_project
from sourcemark.db.errors import DamagedProjectError
from sourcemark.ui.changes import Change
from sourcemark.ui.context import AppContext
from sourcemark.ui.workers import Progress, ShouldCancel, run_with_progress

if TYPE_CHECKING:
    # The importers and the exporter load when first used: they are not needed to open a
    # project, and importing them costs more than a tenth of a second (docs/performance.md).
    from sourcemark.app.backups import BackupInfo
    from sourcemark.app.exporting.csv_export import ExportOptions
    from sourcemark.app.importing.batch import ImportReport
    from sourcemark.app.importing.claims_csv import ClaimsImportReport
    from sourcemark.db.engine import LookedOver


# Reasons for skipping rows shown after an import of claims; every row is in its details.
_LISTED_REASONS = 6


def _project_filter(parent: QWidget) -> str:
    return parent.tr("Sourcemark projects (*.sourcemark);;All files (*)")


def _import_filter(parent: QWidget) -> str:
    return parent.tr(
        "Articles (*.txt *.md *.markdown *.html *.htm *.mhtml *.mht *.docx *.odt *.pdf *.eml "
        "*.csv *.tsv *.jsonl *.ndjson);;All files (*)"
    )


def new_project(parent: QWidget, context: AppContext) -> bool:
    path, _ = QFileDialog.getSaveFileName(
        parent, parent.tr("New Project"), str(_start_folder(context)), _project_filter(parent)
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
        parent, parent.tr("Open Project"), str(_start_folder(context)), _project_filter(parent)
    )
    return bool(path) and switch_project(parent, context, path)


def open_with_recovery(
    parent: QWidget | None,
    target: str | None,
    annotator: str | None,
    *,
    daily_backup: bool = True,
    looked_over: LookedOver | None = None,
) -> Project | None:
    """Open a project; a damaged one with backups is offered a restore, then opened again.

    ``daily_backup=False`` leaves the day's backup to the caller, ``looked_over`` gives a look
    at the file taken ahead of time (see ``open_project``).
    """
    try:
        return open_project(
            target, annotator=annotator, daily_backup=daily_backup, looked_over=looked_over
        )
    except DamagedProjectError as error:
        path = Path(resolve_project_target(target)).expanduser().absolute()
        if not backups.list_backups(path):
            QMessageBox.critical(parent, _tr("Cannot open the project"), str(error))
            return None
        answer = QMessageBox.question(
            parent,
            _tr("Damaged project"),
            str(error) + "\n\n" + _tr("Restore one of its backups now?"),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        chosen = choose_backup(path, parent)
        if chosen is None:
            return None
        try:
            backups.restore_backup(path, chosen)
            return open_project(path, annotator=annotator, daily_backup=daily_backup)
        except USER_ERRORS as again:
            QMessageBox.critical(parent, _tr("Cannot open the project"), str(again))
            return None
    except USER_ERRORS as error:
        QMessageBox.critical(parent, _tr("Cannot open the project"), str(error))
        return None


def restore_from_backup(parent: QWidget, context: AppContext) -> bool:
    """File → Restore from Backup: pick a backup, put it back, reopen the project."""
    path = context.project.path
    if path is None:
        QMessageBox.information(
            parent, parent.tr("Backups"), parent.tr("Only project files have backups.")
        )
        return False
    chosen = choose_backup(path, parent)
    if chosen is None:
        return False
    annotator = context.project.annotator
    # Let go of the file (and the undo history that refers to it) before replacing it.
    context.close_project()
    kept: Path | None = None
    project: Project | None = None
    try:
        kept = backups.restore_backup(path, chosen)
        project = open_project(path, annotator=annotator)
    except USER_ERRORS as error:
        QMessageBox.warning(parent, parent.tr("Restore failed"), str(error))
        project = open_with_recovery(parent, str(path), annotator)
    if project is None:
        return False
    context.replace_project(project)
    if kept is not None:
        QMessageBox.information(
            parent,
            parent.tr("Backup restored"),
            parent.tr("The project was restored. What it held before is kept as the backup %s.")
            % kept.name,
        )
    return True


def switch_project(parent: QWidget, context: AppContext, target: str) -> bool:
    project = open_with_recovery(parent, target, context.project.annotator)
    if project is None:
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
            parent, parent.tr("Import Articles"), str(Path.home()), _import_filter(parent)
        )
        paths = [Path(p) for p in chosen]
    if not paths:
        return None
    project = context.project
    from sourcemark.app.importing.batch import import_paths

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


def import_dropped(parent: QWidget, context: AppContext, paths: list[Path]) -> None:
    """Files dropped on the window: exports of claims go to the claims import, one by one,
    everything else to the articles import."""
    from sourcemark.app.importing.claims_csv import looks_like_claims_csv

    claims_files = [path for path in paths if looks_like_claims_csv(path)]
    for path in claims_files:
        import_claims(parent, context, path)
    others = [path for path in paths if path not in claims_files]
    if others:
        import_files(parent, context, others)


def import_claims(
    parent: QWidget, context: AppContext, path: Path | None = None
) -> ClaimsImportReport | None:
    """Add claims from a CSV file in the export's format (asking for the file when none is
    given), off the GUI thread; then says what was added and which rows were skipped."""
    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(
            parent,
            parent.tr("Import Claims from CSV"),
            str(_start_folder(context)),
            parent.tr("Claims CSV (*.csv);;All files (*)"),
        )
        if not chosen:
            return None
        path = Path(chosen)
    project = context.project
    from sourcemark.app.importing.claims_csv import import_claims_csv

    def work(progress: Progress, should_cancel: ShouldCancel) -> ClaimsImportReport:
        def rows_read(rows: int, saving: int) -> None:
            if saving:
                progress(rows, 0, parent.tr("Saving %s claims…") % f"{saving:,}")
            else:
                progress(rows, 0, parent.tr("%s rows read") % f"{rows:,}")

        return import_claims_csv(project, path, progress=rows_read, should_cancel=should_cancel)

    report, error = run_with_progress(parent, parent.tr("Importing claims…"), work)
    if error is not None or report is None:
        QMessageBox.warning(parent, parent.tr("Import failed"), error or "")
        return None
    if report.claims:
        # The article list counts claims; the open article, if it got some, shows them.
        context.notify(Change(articles=True, claims_of=report.article_ids))
    show_claims_import_report(parent, report)
    return report


def show_claims_import_report(parent: QWidget, report: ClaimsImportReport) -> None:
    """What an import of claims did: the counts, the commonest reasons rows were skipped,
    and every skipped row under "Show Details…"."""
    box = QMessageBox(parent)
    box.setWindowTitle(parent.tr("Import Claims from CSV"))
    box.setIcon(
        QMessageBox.Icon.Warning
        if report.problem_count or report.cancelled
        else QMessageBox.Icon.Information
    )
    if report.cancelled:
        box.setText(
            parent.tr("Cancelled after %s rows; nothing was imported.") % f"{report.rows:,}"
        )
        box.exec()
        return
    text = parent.tr("Imported %s claim(s) from %s row(s) of %s.") % (
        f"{report.claims:,}",
        f"{report.rows:,}",
        report.source,
    )
    if report.already_there:
        text += " " + parent.tr("%s were already in the project.") % f"{report.already_there:,}"
    if report.matched_by_url_or_title:
        text += (
            " "
            + parent.tr(
                "%s row(s) named articles by numbers this project does not use; they were matched "
                "to its articles by URL or title."
            )
            % f"{report.matched_by_url_or_title:,}"
        )
    box.setText(text)
    if report.problem_count:
        reasons = report.reasons()
        lines = [parent.tr("%s row(s) were skipped:") % f"{report.problem_count:,}"]
        for message, numbers in reasons[:_LISTED_REASONS]:
            lines.append(f"• {_line_numbers(parent, numbers)}: {message}")
        if len(reasons) > _LISTED_REASONS:
            more = len(reasons) - _LISTED_REASONS
            lines.append(parent.tr("… and %d other reason(s): see Show Details.") % more)
        box.setInformativeText("\n".join(lines))
        details = [str(problem) for problem in report.problems]
        if report.problem_count > len(report.problems):
            more = report.problem_count - len(report.problems)
            details.append(parent.tr("… and %s more rows.") % f"{more:,}")
        box.setDetailedText("\n".join(details))
    box.exec()


def _line_numbers(parent: QWidget, numbers: list[int]) -> str:
    """ "line 7", "lines 3–42" (each line between), "lines 3, 9, 12 and 40 more"."""
    if len(numbers) == 1:
        return parent.tr("line %d") % numbers[0]
    if numbers[-1] - numbers[0] == len(numbers) - 1:
        return parent.tr("lines %d–%d") % (numbers[0], numbers[-1])
    listed = ", ".join(str(n) for n in numbers[:3])
    if len(numbers) <= 3:
        return parent.tr("lines %s") % listed
    return parent.tr("lines %s and %d more") % (listed, len(numbers) - 3)


def paste_article(parent: QWidget, context: AppContext) -> int | None:
    """Add the clipboard's text (or HTML) as an article, asking for its title."""
    mime: QMimeData | None = QApplication.clipboard().mimeData()
    text = mime.text() if mime and mime.hasText() else None
    markup = mime.html() if mime and mime.hasHtml() else None
    from sourcemark.app.importing import read_clipboard

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
    from sourcemark.app.exporting.csv_export import export_claims_csv

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


def choose_backup(project_path: Path, parent: QWidget | None = None) -> BackupInfo | None:
    """The backups dialog (``dialogs.backups_dialog``), loaded when first shown: building its
    Qt types (QLocale's enums among them) would add ~20 ms to every start-up."""
    from sourcemark.ui.dialogs import backups_dialog

    return backups_dialog.choose_backup(project_path, parent)


def _tr(text: str) -> str:
    return QCoreApplication.translate("FileActions", text)


def _start_folder(context: AppContext) -> Path:
    path = context.project.path
    return path.parent if path else Path.home()
