"""Importing files and folders into a real project: outcomes, duplicates, progress, cancel."""

from __future__ import annotations

from pathlib import Path

from sourcemark.app import articles
from sourcemark.app.importing import iter_sources
from sourcemark.app.importing.batch import import_paths
from sourcemark.app.projects import Project
from tests.app.importing.makers import docx_document, news_page


def make_folder(root: Path) -> Path:
    """A folder as an analyst has one: sub-folders, hidden files, lock files, pictures."""
    folder = root / "inbox"
    (folder / "b-sub" / "deeper").mkdir(parents=True)
    (folder / ".git").mkdir()
    (folder / "A.txt").write_text("Article A\n\nBody of A.", encoding="utf-8")
    (folder / "c.html").write_text(news_page(), encoding="utf-8")
    (folder / "b-sub" / "b.md").write_text("# Article B\n\nBody of B.", encoding="utf-8")
    (folder / "b-sub" / "deeper" / "d.docx").write_bytes(docx_document())
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not an article")
    (folder / ".hidden.txt").write_text("secret", encoding="utf-8")
    (folder / "~$d.docx").write_bytes(b"lock")
    (folder / ".git" / "notes.txt").write_text("repo", encoding="utf-8")
    return folder


def test_folders_expand_recursively_in_order_skipping_hidden_and_unsupported(
    tmp_path: Path,
) -> None:
    folder = make_folder(tmp_path)
    single = tmp_path / "single.txt"
    single.write_text("x", encoding="utf-8")
    found = iter_sources([single, folder, folder / "A.txt"])
    relative = [path.relative_to(tmp_path).as_posix() for path in found]
    assert relative == [
        "single.txt",
        "inbox/A.txt",
        "inbox/c.html",
        "inbox/b-sub/b.md",
        "inbox/b-sub/deeper/d.docx",
    ]


def test_import_a_folder_and_report_each_file(project: Project, tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    seen: list[tuple[int, int, str]] = []
    report = import_paths(project, [folder], progress=lambda *args: seen.append(args))
    assert [outcome.status for outcome in report.outcomes] == ["imported"] * 4
    assert [outcome.title for outcome in report.imported] == [
        "Article A",
        "Minister denies report on water contracts",
        "Article B",
        "Minister denies report on water contracts",
    ]
    assert seen[0] == (0, 4, "A.txt") and seen[-1] == (4, 4, "")
    stored = {s.article.id: s.article for s in articles.list_articles(project)}
    assert set(stored) == {outcome.article_id for outcome in report.imported}
    html = stored[report.outcomes[1].article_id]  # type: ignore[index]
    assert (html.outlet, html.source_format, html.source_filename) == (
        "The Daily Example",
        "html",
        "c.html",
    )
    assert report.summary() == "Imported 4 articles."


def test_duplicates_are_reported_not_added_unless_asked(project: Project, tmp_path: Path) -> None:
    first = tmp_path / "one.txt"
    first.write_text("Same story\r\n\r\nSame body.", encoding="utf-8")
    copy = tmp_path / "copy.md"
    copy.write_text("Same story\n\nSame body.\n", encoding="utf-8")
    report = import_paths(project, [first, copy])
    [imported] = report.imported
    [duplicate] = report.skipped
    assert duplicate.article_id == imported.article_id
    assert duplicate.message.startswith(f"Already imported as article {imported.article_id}")
    assert articles.count_articles(project) == 1
    assert report.summary() == "Imported 1 article, skipped 1 already in the project."

    again = import_paths(project, [copy], allow_duplicates=True)
    assert [outcome.status for outcome in again.outcomes] == ["imported"]
    assert articles.count_articles(project) == 2


def test_one_bad_file_never_costs_the_others(project: Project, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Good article", encoding="utf-8")
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip at all")
    later = tmp_path / "later.txt"
    later.write_text("Later article", encoding="utf-8")
    report = import_paths(project, [good, bad, later])
    assert [o.status for o in report.outcomes] == ["imported", "failed", "imported"]
    assert report.failed[0].message.startswith("bad.docx is not a valid Word document")
    assert report.failed[0].title == "bad.docx" and report.failed[0].article_id is None
    assert articles.count_articles(project) == 2


def test_bulk_file_gives_one_outcome_per_row(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("title,text\nOne,Body one\nTwo,Body two\nOne again,Body one\n", "utf-8")
    report = import_paths(project, [path])
    assert [(o.status, o.title) for o in report.outcomes] == [
        ("imported", "One"),
        ("imported", "Two"),
        ("duplicate", "One again"),
    ]
    assert (
        report.outcomes[0].message == f"row 2: imported as article {report.outcomes[0].article_id}."
    )
    assert report.outcomes[2].message.startswith("row 4: Already imported")


def test_cancel_keeps_what_finished(project: Project, tmp_path: Path) -> None:
    paths = []
    for number in range(5):
        path = tmp_path / f"{number}.txt"
        path.write_text(f"Article {number}", encoding="utf-8")
        paths.append(path)
    calls = 0

    def cancel_after_two() -> bool:
        nonlocal calls
        calls += 1
        return calls > 2

    report = import_paths(project, paths, should_cancel=cancel_after_two)
    assert report.cancelled
    assert [o.title for o in report.imported] == ["Article 0", "Article 1"]
    assert articles.count_articles(project) == 2
    assert report.summary().endswith("Cancelled; the rest were not imported.")


def test_cancel_inside_a_bulk_file_keeps_its_finished_rows(
    project: Project, tmp_path: Path
) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text("".join(f'{{"text": "Row {n}"}}\n' for n in range(5)), encoding="utf-8")
    progress: list[str] = []
    report = import_paths(
        project,
        [path],
        progress=lambda done, total, label: progress.append(label),
        should_cancel=lambda: len(progress) >= 3,
    )
    assert report.cancelled
    assert articles.count_articles(project) == 3
    assert progress == ["rows.jsonl", "rows.jsonl (line 2)", "rows.jsonl (line 3)"]
