"""Run ``sourcemark`` commands in-process against a real project file, capturing the output."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcemark.app.cli import main
from tests.app.cli.helpers import TEXT, Result, Run


@pytest.fixture
def run(
    project_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Run:
    """``run("claims", "--tag", "x")`` runs ``sourcemark --db <project> claims --tag x``."""
    monkeypatch.setenv("COLUMNS", "120")

    def run(*args: str) -> Result:
        code = main(["--db", str(project_path), *args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    run("tags")  # create the project, so no test sees the "created a new project" note
    return run


@pytest.fixture
def article_file(tmp_path: Path) -> Path:
    path = tmp_path / "ministry.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.fixture
def article_id(run: Run, article_file: Path) -> int:
    result = run("import", str(article_file))
    assert result.code == 0, result.err
    return int(result.out.split()[0])
