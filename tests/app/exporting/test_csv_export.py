"""CSV export: format, round trips through csv and pandas, escaping, filters, safe writing."""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import pytest

from sourcemark.app import articles, claims, codebook
from sourcemark.app.claims import ClaimFields, ClaimFilter
from sourcemark.app.errors import ValidationError
from sourcemark.app.exporting.csv_export import (
    COLUMNS,
    FORMULA_TRIGGERS,
    ExportOptions,
    export_claims_csv,
    neutralise_formula,
)
from sourcemark.app.exporting.files import ExportCancelled, ExportError
from sourcemark.app.projects import Project
from sourcemark.app.textspan import Span, find_quote

ISSUE_COLUMNS = [
    "claim_id", "article_id", "article_title", "outlet", "published", "url", "tag", "quote",
    "start", "end", "speaker", "affiliation", "cue", "quote_form", "status", "note",
    "reviewer_note", "annotator", "created_at", "updated_at",
]  # fmt: skip
TEXT = (
    "Le ministre a déclaré « non », selon deux responsables 🚁 anonymes.\n"
    'محمد العلي, a spokesman, said: “We have nothing, "nothing", to add.”\n'
    "שרה כהן said 東京 was calm."
)
TRICKY_NOTE = 'He said, "no"\nthen left; second line, with a comma'


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """A folder of its own for exports (the project file lives in tmp_path)."""
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


def read_rows(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    with path.open(newline="", encoding=encoding) as file:
        return list(csv.DictReader(file))


@pytest.fixture
def article_id(project: Project) -> int:
    info = articles.import_text(project, TEXT, title="Erbil: “drone” crash, day 2")
    articles.update_article(project, info.id, outlet="Le Monde, Paris", published="2024-03")
    return info.id


def tag(project: Project, name: str) -> int:
    return codebook.find_tag(project, name).id


@pytest.fixture
def claim_ids(project: Project, article_id: int) -> dict[str, int]:
    """Three claims: two tags; one tag and a tricky note; no tag at all."""
    spokesman = claims.create_claim(
        project,
        article_id,
        find_quote(TEXT, '“We have nothing, "nothing", to add.”'),
        [tag(project, "organisation-statement"), tag(project, "named-official")],
        ClaimFields(speaker="محمد العلي", affiliation="Ministry", cue="said", note=TRICKY_NOTE),
    )
    anonymous = claims.create_claim(
        project,
        article_id,
        find_quote(TEXT, "deux responsables 🚁 anonymes"),
        [tag(project, "anonymous-official")],
        ClaimFields(quote_form="indirect"),
    )
    untagged = claims.create_claim(project, article_id, find_quote(TEXT, "東京 was calm"), [])
    claims.review_claim(project, anonymous.id, status="confirmed", note="checked")
    return {"spokesman": spokesman.id, "anonymous": anonymous.id, "untagged": untagged.id}


def test_header_starts_with_the_issues_columns_in_order(
    project: Project, claim_ids: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "claims.csv"
    export_claims_csv(project, out, ExportOptions())
    with out.open(newline="", encoding="utf-8") as file:
        header = next(csv.reader(file))
    assert header[: len(ISSUE_COLUMNS)] == ISSUE_COLUMNS
    assert tuple(header) == COLUMNS
    assert {"claim_number", "article_uuid", "origin", "reviewer", "reviewed_at"} <= set(header)


def test_one_row_per_claim_and_tag_and_an_untagged_claim_keeps_a_row(
    project: Project, claim_ids: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "claims.csv"
    assert export_claims_csv(project, out) == 4
    rows = read_rows(out)
    by_claim: dict[str, list[str]] = {}
    for row in rows:
        by_claim.setdefault(row["claim_number"], []).append(row["tag"])
    assert sorted(by_claim[str(claim_ids["spokesman"])]) == [
        "Named official",
        "Organisation statement or spokesperson",
    ]
    assert by_claim[str(claim_ids["anonymous"])] == ["Anonymous official"]
    assert by_claim[str(claim_ids["untagged"])] == [""]
    # Reading order: by position in the article.
    assert rows[0]["quote"].startswith("deux ")


def test_fields_round_trip_through_the_csv_module(
    project: Project, article_id: int, claim_ids: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "claims.csv"
    export_claims_csv(project, out)
    spokesman = claims.get_claim(project, claim_ids["spokesman"])
    row = next(r for r in read_rows(out) if r["claim_number"] == str(spokesman.id))
    assert row["claim_id"] == spokesman.uuid
    assert row["article_id"] == str(article_id)
    assert row["article_title"] == "Erbil: “drone” crash, day 2"
    assert row["outlet"] == "Le Monde, Paris"
    assert row["published"] == "2024-03"
    assert row["quote"] == '“We have nothing, "nothing", to add.”'
    assert row["note"] == TRICKY_NOTE  # the line break inside the field is kept as \n
    assert row["speaker"] == "محمد العلي"
    assert (row["start"], row["end"]) == (str(spokesman.start), str(spokesman.end))
    assert TEXT[int(row["start"]) : int(row["end"])] == row["quote"]
    assert (row["status"], row["origin"], row["annotator"]) == ("unreviewed", "manual", "tester")
    assert row["quote_form"] == "" and row["reviewed_at"] == ""


def test_times_are_iso_8601_utc_with_z(
    project: Project, claim_ids: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "claims.csv"
    export_claims_csv(project, out)
    reviewed = next(r for r in read_rows(out) if r["status"] == "confirmed")
    stamp = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
    for name in ("created_at", "updated_at", "reviewed_at"):
        assert stamp.match(reviewed[name]), reviewed[name]
    assert reviewed["reviewer"] == "tester" and reviewed["reviewer_note"] == "checked"


def test_records_end_in_crlf_and_embedded_newlines_stay_lf(
    project: Project, claim_ids: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "claims.csv"
    export_claims_csv(project, out)
    data = out.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8").count("\r\n") == 5  # header + 4 records
    assert b'He said, ""no""\nthen left' in data  # RFC 4180: quoted, quotes doubled


def test_pandas_reads_the_file(project: Project, claim_ids: dict[str, int], tmp_path: Path) -> None:
    pandas = pytest.importorskip("pandas")
    out = tmp_path / "claims.csv"
    export_claims_csv(project, out)
    frame = pandas.read_csv(out, dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(COLUMNS)
    assert len(frame) == 4
    note = frame.loc[frame["claim_number"] == str(claim_ids["spokesman"]), "note"].iloc[0]
    assert note == TRICKY_NOTE
    assert set(frame["speaker"]) == {"محمد العلي", ""}
    assert frame["quote"].str.contains("🚁").any()


def test_excel_variant_starts_with_a_bom_and_still_reads_back(
    project: Project, claim_ids: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "claims.csv"
    export_claims_csv(project, out, ExportOptions(excel=True))
    assert out.read_bytes().startswith(b"\xef\xbb\xbfclaim_id,")
    rows = read_rows(out, encoding="utf-8-sig")
    assert rows[0]["claim_id"] and len(rows) == 4
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert frame.columns[0] == "claim_id"


@pytest.mark.parametrize("trigger", sorted(FORMULA_TRIGGERS))
def test_neutralise_formula_prefixes_each_dangerous_first_character(trigger: str) -> None:
    assert neutralise_formula(trigger + "1+1") == "'" + trigger + "1+1"
    assert neutralise_formula("a" + trigger) == "a" + trigger
    assert neutralise_formula("") == ""


FORMULAS = {
    "speaker": '=HYPERLINK("http://evil","x")',
    "affiliation": "+1+1",
    "cue": "-2+3",
    "note": "@SUM(A1:A9)",
}


@pytest.fixture
def dangerous_claim(project: Project, article_id: int) -> int:
    """A claim whose text cells start with every trigger character.

    Tab: the quote starts with one (an indented line); CR cannot be in article text or in
    stripped fields, so it comes through the unstripped ``evidence`` of a suggestion.
    """
    text = "Title line\n\tIndented quote here.\nEnd."
    other = articles.import_text(project, text, title="=cmd|' /C calc'!A0").id
    start = text.index("\t")
    claim = claims.create_claim(
        project,
        other,
        Span(start, text.index(".\nEnd")),
        [tag(project, "expert")],
        ClaimFields(**FORMULAS, evidence="\rtrigger words"),
    )
    return claim.id


def test_export_escapes_formulas_by_default(
    project: Project, dangerous_claim: int, tmp_path: Path
) -> None:
    out = tmp_path / "claims.csv"
    export_claims_csv(project, out)
    row = next(r for r in read_rows(out) if r["claim_number"] == str(dangerous_claim))
    for name, value in FORMULAS.items():
        assert row[name] == "'" + value
    assert row["quote"] == "'\tIndented quote here"
    assert row["evidence"] == "'\rtrigger words"
    assert row["article_title"] == "'=cmd|' /C calc'!A0"
    # Columns a person cannot type stay as they are.
    assert row["start"].isdigit() and row["status"] == "unreviewed"


def test_formula_escaping_can_be_turned_off(
    project: Project, dangerous_claim: int, tmp_path: Path
) -> None:
    out = tmp_path / "claims.csv"
    export_claims_csv(project, out, ExportOptions(escape_formulas=False))
    row = next(r for r in read_rows(out) if r["claim_number"] == str(dangerous_claim))
    for name, value in FORMULAS.items():
        assert row[name] == value
    assert row["quote"] == "\tIndented quote here"
    assert row["evidence"] == "\rtrigger words"


def test_filter_by_tag_writes_only_that_tags_rows(
    project: Project, claim_ids: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "claims.csv"
    criteria = ClaimFilter(tag_ids=[tag(project, "named-official")])
    assert export_claims_csv(project, out, ExportOptions(criteria)) == 1
    (row,) = read_rows(out)
    assert row["tag"] == "Named official"
    assert row["claim_number"] == str(claim_ids["spokesman"])


def test_filter_by_status_and_article(
    project: Project, claim_ids: dict[str, int], article_id: int, tmp_path: Path
) -> None:
    other = articles.import_text(project, "Another article, with a claim.").id
    claims.create_claim(project, other, Span(0, 7), [tag(project, "expert")])
    out = tmp_path / "claims.csv"
    confirmed = ExportOptions(ClaimFilter(statuses=["confirmed"]))
    assert export_claims_csv(project, out, confirmed) == 1
    assert read_rows(out)[0]["claim_number"] == str(claim_ids["anonymous"])
    assert export_claims_csv(project, out, ExportOptions(ClaimFilter(article_id=other))) == 1
    assert {r["article_id"] for r in read_rows(out)} == {str(other)}
    assert export_claims_csv(project, out, ExportOptions()) == 5


def test_a_bad_status_is_refused_before_any_file_is_written(
    project: Project, claim_ids: dict[str, int], out_dir: Path
) -> None:
    out = out_dir / "claims.csv"
    with pytest.raises(ValidationError, match="not a status"):
        export_claims_csv(project, out, ExportOptions(ClaimFilter(statuses=["done"])))
    assert list(out_dir.iterdir()) == []


def test_suggestions_are_left_out_unless_asked_for(
    project: Project, article_id: int, claim_ids: dict[str, int], tmp_path: Path
) -> None:
    expert = [tag(project, "expert")]
    for origin in ("suggested", "rejected", "accepted"):
        claims.create_claim(
            project, article_id, find_quote(TEXT, "said 東京"), expert, ClaimFields(origin=origin)
        )
    out = tmp_path / "claims.csv"
    export_claims_csv(project, out)
    assert {r["origin"] for r in read_rows(out)} == {"manual", "accepted"}
    export_claims_csv(project, out, ExportOptions(ClaimFilter(include_suggestions=True)))
    assert {r["origin"] for r in read_rows(out)} == {"manual", "accepted", "suggested", "rejected"}


def test_a_text_stream_gets_the_csv_and_the_bom_when_asked(
    project: Project, claim_ids: dict[str, int]
) -> None:
    stream = io.StringIO(newline="")
    assert export_claims_csv(project, stream, ExportOptions(excel=True)) == 4
    text = stream.getvalue()
    assert text.startswith("\ufeffclaim_id,")
    assert len(list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))) == 5


def test_an_empty_project_exports_just_the_header(project: Project, out_dir: Path) -> None:
    out = out_dir / "claims.csv"
    assert export_claims_csv(project, out) == 0
    assert out.read_bytes() == (",".join(COLUMNS) + "\r\n").encode()


def test_an_existing_file_is_replaced_only_when_the_export_completes(
    project: Project, claim_ids: dict[str, int], out_dir: Path
) -> None:
    out = out_dir / "claims.csv"
    out.write_text("earlier export\n", encoding="utf-8")
    with pytest.raises(ExportCancelled):
        export_claims_csv(project, out, should_cancel=lambda: True)
    assert out.read_text(encoding="utf-8") == "earlier export\n"
    assert [p.name for p in out_dir.iterdir()] == ["claims.csv"]  # no temporary file left

    def explode(rows: int) -> None:
        raise RuntimeError("disk pulled out")

    with pytest.raises(RuntimeError):
        export_claims_csv(project, out, progress=explode)
    assert out.read_text(encoding="utf-8") == "earlier export\n"
    assert [p.name for p in out_dir.iterdir()] == ["claims.csv"]

    seen: list[int] = []
    assert export_claims_csv(project, out, progress=seen.append) == 4
    assert seen == [4]
    assert out.read_text(encoding="utf-8").startswith("claim_id,")


def test_a_failed_rename_leaves_the_old_file_and_says_what_to_do(
    project: Project, claim_ids: dict[str, int], out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What Windows does when the CSV is open in Excel; simulated, as root can rename anything.
    out = out_dir / "claims.csv"
    out.write_text("open in Excel\n", encoding="utf-8")

    def locked(source: object, destination: object) -> None:
        raise PermissionError(13, "Permission denied", str(destination))

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ExportError, match="close it") as raised:
        export_claims_csv(project, out)
    assert "\n" not in str(raised.value)
    assert out.read_text(encoding="utf-8") == "open in Excel\n"
    assert [p.name for p in out_dir.iterdir()] == ["claims.csv"]


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write anywhere"
)
def test_a_read_only_folder_fails_with_a_clear_message_and_no_file(
    project: Project, claim_ids: dict[str, int], out_dir: Path
) -> None:
    folder = out_dir / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError, match=r"permission denied\. Nothing was written"):
            export_claims_csv(project, folder / "claims.csv")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_bad_destinations_get_clear_messages(project: Project, out_dir: Path) -> None:
    with pytest.raises(ExportError, match="is a folder"):
        export_claims_csv(project, out_dir)
    with pytest.raises(ExportError, match="does not exist"):
        export_claims_csv(project, out_dir / "missing" / "claims.csv")
