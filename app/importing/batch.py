"""Importing many files into a project, each in its own transaction.

One bad file never costs the others, and a cancel keeps every article that finished: each
article is saved by ``articles.add_article`` in one transaction, after its file was read
completely. Reading needs no database, so a file that fails to read changes nothing.
Runs on whatever thread calls it; the desktop calls it off the GUI thread and passes
``progress`` and ``should_cancel``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sourcemark.app import articles
from sourcemark.app.errors import USER_ERRORS, DuplicateArticleError
from sourcemark.app.importing.draft import ArticleDraft, ImportFailure
from sourcemark.app.importing.sources import iter_sources, read_file

if TYPE_CHECKING:
    from sourcemark.app.projects import Project

Status = Literal["imported", "duplicate", "failed"]
# (files done, files in all, what is being read now)
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class ImportOutcome:
    """What became of one article (or of a file that gave none)."""

    path: Path
    article_id: int | None  # the new article, or the existing one a duplicate matched
    title: str
    status: Status
    message: str


@dataclass
class ImportReport:
    outcomes: list[ImportOutcome] = field(default_factory=list)
    cancelled: bool = False

    @property
    def imported(self) -> list[ImportOutcome]:
        return [outcome for outcome in self.outcomes if outcome.status == "imported"]

    @property
    def skipped(self) -> list[ImportOutcome]:
        """Articles already in the project, so not added again."""
        return [outcome for outcome in self.outcomes if outcome.status == "duplicate"]

    @property
    def failed(self) -> list[ImportOutcome]:
        return [outcome for outcome in self.outcomes if outcome.status == "failed"]

    def summary(self) -> str:
        """One line for a status bar or the end of the CLI's output."""
        parts = [f"Imported {_count(len(self.imported), 'article')}"]
        if self.skipped:
            parts.append(f"skipped {len(self.skipped)} already in the project")
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        line = ", ".join(parts) + "."
        return line + " Cancelled; the rest were not imported." if self.cancelled else line


def import_paths(
    project: Project,
    paths: Sequence[Path],
    *,
    allow_duplicates: bool = False,
    progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> ImportReport:
    """Import files and folders (recursively); one outcome per article or failed file."""
    sources = iter_sources(paths)
    report = ImportReport()
    total = len(sources)
    for index, path in enumerate(sources):
        if should_cancel is not None and should_cancel():
            report.cancelled = True
            break
        if progress is not None:
            progress(index, total, path.name)
        try:
            drafts = read_file(path)
        except ImportFailure as failure:
            report.outcomes.append(ImportOutcome(path, None, path.name, "failed", str(failure)))
            continue
        for number, draft in enumerate(drafts):
            if number and should_cancel is not None and should_cancel():
                report.cancelled = True
                break
            if number and progress is not None:
                progress(index, total, f"{path.name} ({draft.source_part})")
            report.outcomes.append(_save(project, path, draft, allow_duplicates))
        if report.cancelled:
            break
    if progress is not None and not report.cancelled:
        progress(total, total, "")
    return report


def _save(
    project: Project, path: Path, draft: ArticleDraft, allow_duplicate: bool
) -> ImportOutcome:
    where = f"{draft.source_part}: " if draft.source_part else ""
    title = draft.title or articles.title_from_text(draft.text)
    try:
        info = articles.add_article(project, draft, allow_duplicate=allow_duplicate)
    except DuplicateArticleError as duplicate:
        return ImportOutcome(
            path, duplicate.existing_id, title, "duplicate", where + str(duplicate)
        )
    except USER_ERRORS as error:
        return ImportOutcome(path, None, title, "failed", where + str(error))
    return ImportOutcome(
        path, info.id, info.title, "imported", f"{where}imported as article {info.id}."
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
