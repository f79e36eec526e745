"""The command line as a whole: parsing, exit codes, error lines, start-up, a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sourcemark.app import cli, cli_commands
from sourcemark.app.cli import build_parser, has_command, main
from sourcemark.db.vocabulary import QUOTE_FORMS, REVIEW_STATUSES
from tests.app.cli.helpers import TEXT, Run, assert_one_line_error

RUN_CLI = "import sys; from sourcemark.app.cli import main; sys.exit(main())"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], False),
        (["--db", "x.sourcemark"], False),
        (["--annotator", "Sara", "--debug"], False),
        (["--db", "tags"], False),  # a project file called "tags" is not the command
        (["--screenshot", "export"], False),  # nor is the launcher's screenshot file
        (["tags"], True),
        (["--db", "p.sourcemark", "export", "-o", "-"], True),
        (["--annotator", "Sara", "annotate", "1"], True),
        (["-h"], True),
        (["--help"], True),
        (["--version"], True),
        (["some-file.sourcemark"], False),
    ],
)
def test_has_command_tells_the_launcher_cli_from_window(argv: list[str], expected: bool) -> None:
    assert has_command(argv) is expected


def test_every_command_is_known_to_has_command() -> None:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    assert set(subparsers.choices or {}) == set(cli._COMMANDS)


def test_statuses_and_quote_forms_in_help_match_the_model() -> None:
    # Kept as text in cli.py so --help needs no database import.
    assert cli.STATUSES == REVIEW_STATUSES
    assert cli.QUOTE_FORMS == QUOTE_FORMS


def test_help_lists_the_commands_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in cli._COMMANDS:
        assert command in out
    assert main(["export", "--help"]) == 0
    assert "--no-formula-escape" in capsys.readouterr().out


def test_no_command_and_usage_mistakes_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "give a command" in capsys.readouterr().err
    assert main(["frobnicate"]) == 2
    assert "invalid choice" in capsys.readouterr().err
    assert main(["annotate", "1", "--tag", "x"]) == 2  # neither --quote nor --start
    assert main(["review", "abc", "--status", "confirmed"]) == 2
    assert "'abc' is not a number" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("sourcemark ")


def test_a_new_project_is_announced_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "new.sourcemark"
    assert main(["--db", str(path), "tags"]) == 0
    assert f"created a new project at {path}" in capsys.readouterr().err
    assert main(["--db", str(path), "tags"]) == 0
    assert "created" not in capsys.readouterr().err


def test_global_options_may_follow_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "after.sourcemark"
    assert main(["tags", "--db", str(path)]) == 0
    assert path.exists()
    assert "Anonymous official" in capsys.readouterr().out


def test_db_from_the_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "env.sourcemark"
    monkeypatch.setenv("SOURCEMARK_DB", str(path))
    assert main(["articles"]) == 0
    assert path.exists()


def test_a_file_that_is_not_a_project_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("my notes", encoding="utf-8")
    code = main(["--db", str(path), "articles"])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.startswith("sourcemark: error: ")
    assert "not a Sourcemark project" in captured.err
    assert "Traceback" not in captured.err
    assert path.read_text(encoding="utf-8") == "my notes"


def test_debug_adds_the_traceback(run: Run) -> None:
    quiet = run("claims", "--tag", "no such tag")
    assert_one_line_error(quiet, "no tag called 'no such tag'")
    loud = run("--debug", "claims", "--tag", "no such tag")
    assert loud.code == 1
    assert "Traceback" in loud.err and "NotFoundError" in loud.err
    assert loud.err.rstrip().splitlines()[-1].startswith("sourcemark: error: ")


def test_an_unexpected_error_is_still_one_line(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli_commands, "list_articles", broken)
    assert_one_line_error(run("articles"), "unexpected RuntimeError: boom", "--debug")


def test_ctrl_c_exits_130_quietly(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_commands, "list_articles", interrupted)
    result = run("articles")
    assert (result.code, result.out, result.err) == (130, "", "")


def test_help_does_not_load_sqlalchemy() -> None:
    # The CLI must start fast: `import sqlalchemy.orm` alone costs about a quarter second.
    code = (
        "import sys\nfrom sourcemark.app.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'PySide6'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_a_real_process_imports_annotates_and_exports(tmp_path: Path) -> None:
    """The whole trip through a separate Python process, as a shell script would run it."""
    project = tmp_path / "process.sourcemark"
    article = tmp_path / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8", "SOURCEMARK_ANNOTATOR": "שרה"}

    def sourcemark(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", RUN_CLI, "--db", str(project), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=environment,
            timeout=120,
        )

    imported = sourcemark("import", str(article))
    assert imported.returncode == 0, imported.stderr
    article_id = imported.stdout.split()[0]
    annotated = sourcemark(
        "annotate", article_id, "--quote", "“We will not negotiate,”", "--tag", "Named official",
        "--speaker", "محمد العلي",
    )  # fmt: skip
    assert annotated.returncode == 0, annotated.stderr
    claim_id = annotated.stdout.strip()
    assert claim_id.isdigit()
    exported = sourcemark("export")
    assert exported.returncode == 0, exported.stderr
    assert "محمد العلي" in exported.stdout
    assert ",שרה," in exported.stdout  # the annotator, from the environment
    failed = sourcemark("review", claim_id, "--status", "done")
    assert failed.returncode == 1
    assert failed.stderr.startswith("sourcemark: error: 'done' is not a status")
    assert "Traceback" not in failed.stderr
