"""`sourcemark import` and `sourcemark articles` (list, edit, delete)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from sourcemark.app import articles
from sourcemark.app.projects import open_project
from tests.app.cli.helpers import Run, assert_one_line_error


def test_import_prints_each_new_articles_id_and_title(
    run: Run, article_file: Path, tmp_path: Path
) -> None:
    second = tmp_path / "شهادة.txt"
    second.write_text("شهادة محمد\n\nقال محمد إن الطائرة سقطت.", encoding="utf-8")
    result = run("import", str(article_file), str(second))
    assert result.code == 0, result.err
    first_line, second_line = result.lines
    assert first_line.split("  ", 1)[1] == "Ministry rejects “drone” report"
    assert second_line.split("  ", 1)[1] == "شهادة محمد"
    assert int(first_line.split()[0]) != int(second_line.split()[0])
    assert "Imported 2 articles" in result.err


def test_a_bad_file_is_reported_and_the_others_still_import(
    run: Run, article_file: Path, tmp_path: Path, project_path: Path
) -> None:
    unsupported = tmp_path / "old.doc"
    unsupported.write_bytes(b"\xd0\xcf\x11\xe0 word 97")
    missing = tmp_path / "missing.txt"
    result = run("import", str(unsupported), str(article_file), str(missing))
    assert result.code == 1
    assert len(result.lines) == 1 and "Ministry rejects" in result.out
    errors = [line for line in result.err.splitlines() if line.startswith("sourcemark: error:")]
    assert len(errors) == 2
    assert "old.doc" in errors[0] and ".docx" in errors[0]
    assert "missing.txt" in errors[1]
    assert "Traceback" not in result.err
    project = open_project(project_path)
    try:
        assert articles.count_articles(project) == 1
    finally:
        project.close()


def test_a_duplicate_is_skipped_unless_allowed(run: Run, article_file: Path) -> None:
    first = run("import", str(article_file))
    again = run("import", str(article_file))
    assert again.code == 0 and again.out == ""
    assert f"already in the project as article {first.out.split()[0]}" in again.err
    assert "--allow-duplicates" in again.err
    forced = run("import", "--allow-duplicates", str(article_file))
    assert forced.code == 0 and forced.out.split()[0] != first.out.split()[0]


def test_importing_an_empty_folder_says_so(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    assert_one_line_error(run("import", str(folder)), "no files to import", ".txt")


def test_articles_lists_one_article_a_line_id_first(run: Run, article_id: int) -> None:
    run("annotate", str(article_id), "--quote", "prices rose. Officials", "--tag", "expert")
    result = run("articles")
    assert result.code == 0
    (line,) = result.lines
    assert line.split()[0] == str(article_id)
    assert "Ministry rejects “drone” report" in line
    assert "1 claim" in line and "0 reviewed" in line


def test_articles_on_an_empty_project_says_how_to_add_one(run: Run) -> None:
    result = run("articles")
    assert result.code == 0 and result.out == ""
    assert "import" in result.err


def test_articles_edit_changes_details(run: Run, article_id: int) -> None:
    result = run(
        "articles", "edit", str(article_id), "--outlet", "Rûdaw, Erbil",
        "--published", "2024-03-01", "--title", "  Ministry   rejects report ",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert result.out.startswith(
        f"{article_id}  Ministry rejects report  (Rûdaw, Erbil; 2024-03-01"
    )
    listed = run("articles", "--search", "rûdaw")
    assert listed.out.split()[0] == str(article_id)


def test_articles_edit_needs_something_to_change_and_a_real_article(
    run: Run, article_id: int
) -> None:
    assert_one_line_error(run("articles", "edit", str(article_id)), "nothing to change")
    assert_one_line_error(
        run("articles", "edit", "999", "--title", "x"), "No article has the id 999"
    )
    assert_one_line_error(run("articles", "edit", str(article_id), "--title", " "), "needs a title")


def test_articles_delete_removes_it_and_its_claims(run: Run, article_id: int) -> None:
    run("annotate", str(article_id), "--quote", "prices rose. Officials", "--tag", "expert")
    result = run("articles", "delete", str(article_id))
    assert result.code == 0
    assert "deleted article" in result.err and "and its 1 claim." in result.err
    assert run("articles").out == ""
    assert_one_line_error(run("articles", "delete", str(article_id)), "No article has the id")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_import_shows_progress_on_a_terminal_and_clears_it(
    run: Run, article_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    result = run("import", str(article_file))
    assert result.code == 0
    shown = terminal.getvalue()
    assert "\r\x1b[K[1/1] ministry.txt" in shown
    assert shown.endswith("\r\x1b[K")  # the progress line is gone before the results


def test_import_shows_no_progress_when_stderr_is_not_a_terminal(
    run: Run, article_file: Path
) -> None:
    result = run("import", str(article_file))
    assert "\x1b" not in result.err and "[1/1]" not in result.err
