"""`sourcemark export`: to stdout or a file, with the filters and switches."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.app.cli.helpers import Run, assert_one_line_error


@pytest.fixture
def claim_ids(run: Run, article_id: int) -> list[str]:
    made = []
    for quote, tag in (
        ("“We will not negotiate,”", "named-official"),
        ("שרה כהן", "named-participant"),
        ("東京の専門家", "expert"),
    ):
        result = run("annotate", str(article_id), "--quote", quote, "--tag", tag, "--note", "=1+1")
        assert result.code == 0, result.err
        made.append(result.out.strip())
    run("review", made[2], "--status", "confirmed")
    return made


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_export_writes_csv_to_stdout_by_default(run: Run, claim_ids: list[str]) -> None:
    result = run("export")
    assert result.code == 0 and result.err == ""
    assert "\r\n" in result.out
    exported = rows(result.out)
    assert [r["claim_number"] for r in exported] == claim_ids
    assert exported[1]["quote"] == "שרה כהן"
    assert {r["note"] for r in exported} == {"'=1+1"}
    assert rows(run("export", "-o", "-").out) == exported


def test_export_to_a_file_reports_the_row_count(
    run: Run, claim_ids: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "export" / "claims.csv"
    out.parent.mkdir()
    result = run("export", "-o", str(out))
    assert result.code == 0 and result.out == ""
    assert f"wrote 3 rows to {out}" in result.err
    with out.open(newline="", encoding="utf-8") as file:
        assert len(list(csv.DictReader(file))) == 3


def test_export_filters_excel_and_formula_switch(
    run: Run, claim_ids: list[str], article_id: int, tmp_path: Path
) -> None:
    by_tag = rows(run("export", "--tag", "expert").out)
    assert [r["claim_number"] for r in by_tag] == [claim_ids[2]]
    by_status = rows(run("export", "--status", "confirmed").out)
    assert [r["claim_number"] for r in by_status] == [claim_ids[2]]
    assert len(rows(run("export", "--article", str(article_id)).out)) == 3
    raw = rows(run("export", "--no-formula-escape").out)
    assert {r["note"] for r in raw} == {"=1+1"}
    out = tmp_path / "excel.csv"
    assert run("export", "--excel", "-o", str(out)).code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfclaim_id,")
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(frame["claim_number"]) == claim_ids


def test_export_errors_are_one_line_and_leave_no_file(
    run: Run, claim_ids: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "claims.csv"
    assert_one_line_error(run("export", "--status", "done", "-o", str(target)), "not a status")
    assert_one_line_error(run("export", "--tag", "nope", "-o", str(target)), "no tag called")
    assert_one_line_error(run("export", "--article", "9", "-o", str(target)), "No article has")
    assert list(out.iterdir()) == []
    missing = tmp_path / "missing" / "claims.csv"
    assert_one_line_error(run("export", "-o", str(missing)), "does not exist")
    assert_one_line_error(run("export", "-o", str(out)), "is a folder")
