"""A big export is written by two processes (``csv_process``); the file is byte for byte the
one a single process writes, and a second process that fails, stalls or is cancelled never
spoils it."""

from __future__ import annotations

import csv
import io
import logging
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sourcemark.app import codebook
from sourcemark.app.claims import ClaimFilter
from sourcemark.app.exporting import csv_export, csv_process
from sourcemark.app.exporting.csv_export import ExportOptions, export_claims_csv
from sourcemark.app.exporting.files import ExportCancelled
from sourcemark.app.projects import Project
from tests.app.exporting.reference import expected_csv

Split = Callable[[bool], None]


@pytest.fixture
def split(monkeypatch: pytest.MonkeyPatch) -> Split:
    """``split(True)``: every export goes in two, as a big one on two cores does;
    ``split(False)``: none does."""

    def choose(on: bool) -> None:
        monkeypatch.setattr(csv_export, "SPLIT_MIN_CLAIMS", 1 if on else 10**9)
        monkeypatch.setattr(csv_export, "_processors", lambda: 2)

    return choose


def _second_process_rows(caplog: pytest.LogCaptureFixture) -> int:
    [record] = [r for r in caplog.records if r.getMessage().startswith("A second process wrote")]
    return int(record.getMessage().split()[4])


def test_two_processes_write_the_same_file_as_one(
    awkward_project: Project, tmp_path: Path, split: Split, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "claims.csv"
    split(True)
    seen: list[int] = []
    with caplog.at_level(logging.DEBUG, logger=csv_export.__name__):
        written = export_claims_csv(awkward_project, out, progress=seen.append)
    assert out.read_bytes().decode("utf-8") == expected_csv(awkward_project, escape=True)
    # The second process did write its part: the rows of the second of the two articles.
    assert 0 < _second_process_rows(caplog) < written
    assert seen[-1] == written and seen == sorted(seen)
    assert [path.name for path in folder.iterdir()] == ["claims.csv"]  # no scratch file left


@pytest.mark.parametrize(
    "options",
    [
        ExportOptions(escape_formulas=False),
        ExportOptions(excel=True),
        ExportOptions(ClaimFilter(text="word1")),
        ExportOptions(ClaimFilter(statuses=["confirmed", "unreviewed"], include_suggestions=True)),
        "first two tags",
    ],
    ids=["no escaping", "excel", "text filter", "statuses", "tags"],
)
def test_every_filter_and_option_gives_the_same_bytes_in_two(
    awkward_project: Project, tmp_path: Path, split: Split, options: ExportOptions | str
) -> None:
    """The second process runs the exporter's own statement, parameters and all."""
    if options == "first two tags":
        tags = [tag.id for tag in codebook.list_tags(awkward_project)][:2]
        options = ExportOptions(ClaimFilter(tag_ids=tags))
    assert isinstance(options, ExportOptions)
    split(False)
    export_claims_csv(awkward_project, tmp_path / "one.csv", options)
    split(True)
    export_claims_csv(awkward_project, tmp_path / "two.csv", options)
    assert (tmp_path / "two.csv").read_bytes() == (tmp_path / "one.csv").read_bytes()
    assert (tmp_path / "one.csv").stat().st_size > 1000


_READ_JOB = "import os, sys; sys.stdin.buffer.read(); "
FAILING = {
    "cannot start": ["/nonexistent/python"],
    "exits at once": [sys.executable, "-c", "import sys; sys.exit(3)"],
    "says why and stops": [sys.executable, "-c", _READ_JOB + "print('disk on fire'); sys.exit(1)"],
    "dies halfway": [sys.executable, "-c", _READ_JOB + "print(5, flush=True); os._exit(9)"],
}


@pytest.mark.parametrize("command", FAILING.values(), ids=FAILING.keys())
def test_the_first_process_writes_the_rows_of_a_second_that_fails(
    awkward_project: Project,
    tmp_path: Path,
    split: Split,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    command: list[str],
) -> None:
    split(True)
    monkeypatch.setattr(csv_process, "_command", lambda: command)
    out = tmp_path / "claims.csv"
    with caplog.at_level(logging.WARNING):
        written = export_claims_csv(awkward_project, out)
    text = out.read_bytes().decode("utf-8")
    assert text == expected_csv(awkward_project, escape=True)
    assert written == len(list(csv.reader(io.StringIO(text, newline="")))) - 1
    [warning] = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert "second process" in warning
    if "disk on fire" in command[-1]:
        assert "disk on fire" in warning


def test_a_second_process_that_stalls_is_stopped_and_its_rows_written_here(
    awkward_project: Project, tmp_path: Path, split: Split, monkeypatch: pytest.MonkeyPatch
) -> None:
    split(True)
    monkeypatch.setattr(csv_export, "SILENCE_LIMIT", 0.3)
    monkeypatch.setattr(
        csv_process, "_command", lambda: [sys.executable, "-c", "import time; time.sleep(60)"]
    )
    out = tmp_path / "claims.csv"
    export_claims_csv(awkward_project, out)
    assert out.read_bytes().decode("utf-8") == expected_csv(awkward_project, escape=True)


def test_cancelling_an_export_in_two_stops_both_and_leaves_nothing_behind(
    awkward_project: Project, tmp_path: Path, split: Split, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancelling is asked while the first process waits for the second, however few rows
    either has written (the second one here never writes any)."""
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "claims.csv"
    out.write_text("an earlier export\n")
    split(True)
    monkeypatch.setattr(
        csv_process, "_command", lambda: [sys.executable, "-c", "import time; time.sleep(60)"]
    )
    asked: list[bool] = []

    def cancel_when_asked_again() -> bool:
        asked.append(True)
        return len(asked) > 1

    with pytest.raises(ExportCancelled):
        export_claims_csv(awkward_project, out, should_cancel=cancel_when_asked_again)
    assert len(asked) == 2
    assert [path.name for path in folder.iterdir()] == ["claims.csv"]
    assert out.read_text() == "an earlier export\n"


def test_an_export_that_fails_before_it_splits_ends_its_second_process(
    awkward_project: Project, tmp_path: Path, split: Split, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second process starts before the first has found where to split; a failure
    there must not leave it waiting for a part that never comes."""
    split(True)
    started: list[csv_process.PartProcess] = []
    start = csv_process.PartProcess.start

    def keep_started() -> csv_process.PartProcess | None:
        process = start()
        if process is not None:
            started.append(process)
        return process

    def fail(*_args: object) -> int | None:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(csv_process.PartProcess, "start", staticmethod(keep_started))
    monkeypatch.setattr(csv_export, "_split_point", fail)
    out = tmp_path / "claims.csv"
    with pytest.raises(RuntimeError, match="disk went away"):
        export_claims_csv(awkward_project, out)
    assert len(started) == 1 and not started[0].running
    assert not out.exists() and list(tmp_path.glob("*.part")) == []
