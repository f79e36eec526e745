"""The fast CSV encoder writes exactly what the csv module would, byte for byte.

The exporter encodes a batch column by column and skips columns that need nothing (see
``csv_export``'s docstring); these tests put every kind of awkward value next to plain ones in
one batch and compare the whole file with ``csv.writer`` over the same values.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest

from sourcemark.app import articles, claims
from sourcemark.app.claims import ClaimFields, ClaimFilter
from sourcemark.app.exporting import csv_export
from sourcemark.app.exporting.csv_export import (
    ExportOptions,
    export_claims_csv,
)
from sourcemark.app.exporting.files import ExportCancelled
from sourcemark.app.projects import Project
from sourcemark.app.textspan import Span
from tests.app.exporting.reference import AWKWARD, expected_csv


@pytest.mark.parametrize("escape", [True, False])
def test_the_export_is_what_the_csv_module_writes(
    awkward_project: Project, tmp_path: Path, escape: bool
) -> None:
    out = tmp_path / "claims.csv"
    export_claims_csv(awkward_project, out, ExportOptions(escape_formulas=escape))
    assert out.read_bytes().decode("utf-8") == expected_csv(awkward_project, escape=escape)


def test_clean_batches_and_awkward_batches_agree(project: Project, tmp_path: Path) -> None:
    """A file of only plain values (every column passed through untouched) is exact too."""
    info = articles.import_text(project, "plain words only " * 50, title="Plain")
    for number in range(30):
        claims.create_claim(project, info.id, Span(number, number + 25), [], ClaimFields())
    out = tmp_path / "plain.csv"
    export_claims_csv(project, out)
    assert out.read_bytes().decode("utf-8") == expected_csv(project, escape=True)


def test_batch_and_progress_boundaries_change_nothing(
    awkward_project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows are encoded a batch at a time; any batch size gives the same bytes."""
    expected = expected_csv(awkward_project, escape=True)
    rows = expected.count("\r\n") - 1 - sum(v.count("\r\n") for v in AWKWARD)
    monkeypatch.setattr(csv_export, "PROGRESS_ROWS", 10)
    for size in (1, 7, 64):
        monkeypatch.setattr(csv_export, "BATCH_ROWS", size)
        seen: list[int] = []
        out = tmp_path / f"claims-{size}.csv"
        written = export_claims_csv(awkward_project, out, progress=seen.append)
        assert out.read_bytes().decode("utf-8") == expected
        assert seen[-1] == written == rows
        # Reported as it goes (every PROGRESS_ROWS, give or take a batch) and at the end.
        steps = [after - before for before, after in zip([0, *seen], seen, strict=False)]
        assert all(0 < step <= 10 + size for step in steps)


def test_a_text_stream_gets_the_same_characters_as_a_file(
    awkward_project: Project, tmp_path: Path
) -> None:
    stream = io.StringIO(newline="")
    export_claims_csv(awkward_project, stream)
    assert stream.getvalue() == expected_csv(awkward_project, escape=True)


def test_the_project_reads_text_as_text_after_an_export(
    awkward_project: Project, tmp_path: Path
) -> None:
    """The export reads text as bytes on the project's own connection; it must hand it back
    as it was, also when the export is cancelled halfway."""
    before = claims.list_claims(awkward_project, ClaimFilter())
    export_claims_csv(awkward_project, tmp_path / "claims.csv")
    with pytest.raises(ExportCancelled):
        export_claims_csv(awkward_project, tmp_path / "x.csv", should_cancel=lambda: True)
    after = claims.list_claims(awkward_project, ClaimFilter())
    assert after == before
    assert all(isinstance(claim.quote, str) for claim in after)


def test_values_other_programs_may_have_stored_are_written_sensibly(
    project: Project, project_path: Path, tmp_path: Path
) -> None:
    """Times in other ISO forms, a number where text is expected, a missing optional value:
    what a script writing to the project file with plain SQL may leave behind."""
    info = articles.import_text(project, "One two three four five six.", title="T")
    made = [
        claims.create_claim(project, info.id, Span(n * 4, n * 4 + 3), [], ClaimFields())
        for n in range(4)
    ]
    with sqlite3.connect(project_path) as connection:
        for claim, created in zip(
            made,
            ("2024-05-01 09:30:00", "2024-05-01T09:30:00", "2024-05-01 09:30:00.5", "2024-05-01"),
            strict=True,
        ):
            connection.execute(
                "UPDATE claims SET created_at = ?, speaker = ? WHERE id = ?",
                (created, 42 if claim is made[0] else "", claim.id),
            )
        connection.execute("UPDATE articles SET outlet = NULL, author = NULL")
        connection.execute("UPDATE claims SET reviewed_at = 5 WHERE id = ?", (made[1].id,))
    connection.close()
    out = tmp_path / "claims.csv"
    export_claims_csv(project, out)
    with out.open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert [row["created_at"] for row in rows] == ["2024-05-01T09:30:00Z"] * 3 + [
        "2024-05-01T00:00:00Z"
    ]
    assert [row["speaker"] for row in rows] == ["42", "", "", ""]
    assert [row["reviewed_at"] for row in rows] == ["", "5", "", ""]
    assert {(row["outlet"], row["author"]) for row in rows} == {("", "")}


def test_times_of_sqlalchemys_length_in_other_forms_are_written_in_utc(
    project: Project, project_path: Path, tmp_path: Path
) -> None:
    """Only times exactly as SQLAlchemy stores them take the fast path; others of the same
    length (a T, an offset) are read as the times they are."""
    info = articles.import_text(project, "One two three four five six.", title="T")
    stored = (
        "2024-05-01T09:30:00.123456",
        "2024-05-01 09:30:00.5+0200",
        "1999-12-31 23:59:59.999999",
    )
    rows = _export_with_times(project, project_path, tmp_path, info.id, stored)
    assert [row["created_at"] for row in rows] == [
        "2024-05-01T09:30:00Z",
        "2024-05-01T07:30:00Z",
        "1999-12-31T23:59:59Z",
    ]
    assert [row["updated_at"] for row in rows] == [
        "2024-05-01T10:45:00Z",
        "2024-05-01T08:45:00Z",
        "1999-12-31T23:59:59Z",
    ]


def test_a_stored_time_that_is_no_time_is_written_as_stored_and_the_export_goes_on(
    project: Project, project_path: Path, tmp_path: Path
) -> None:
    """Another program may leave anything in a time column: the export neither stops on it
    nor loses it, and a formula in it is escaped like any text."""
    info = articles.import_text(project, "One two three four five six.", title="T")
    stored = ("yesterday, 09:30", "=HYPERLINK(1)", "2024-05-01T09:30:00+05:30")
    rows = _export_with_times(project, project_path, tmp_path, info.id, stored)
    assert [row["created_at"] for row in rows] == [
        "yesterday, 09:30",
        "'=HYPERLINK(1)",
        "2024-05-01T04:00:00Z",
    ]


def _export_with_times(
    project: Project, project_path: Path, tmp_path: Path, article_id: int, stored: tuple[str, ...]
) -> list[dict[str, str]]:
    """Claims whose created_at (and updated_at, an hour and a quarter later) are ``stored``,
    written by plain SQL as another program would, then exported and read back."""
    made = [
        claims.create_claim(project, article_id, Span(n * 4, n * 4 + 3), [], ClaimFields())
        for n in range(len(stored))
    ]
    with sqlite3.connect(project_path) as connection:
        for claim, value in zip(made, stored, strict=True):
            connection.execute(
                "UPDATE claims SET created_at = ?, updated_at = ? WHERE id = ?",
                (value, value.replace("09:30", "10:45"), claim.id),
            )
    connection.close()
    out = tmp_path / "claims.csv"
    export_claims_csv(project, out)
    with out.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))
