"""Claims from CSV in the export's format: round trips, rows that don't fit, the command."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from sourcemark.app import articles, claims, codebook
from sourcemark.app.claims import ClaimFields, ClaimFilter, ClaimInfo
from sourcemark.app.cli import main
from sourcemark.app.errors import ValidationError
from sourcemark.app.exporting.csv_export import ExportOptions, export_claims_csv
from sourcemark.app.importing.claims_csv import import_claims_csv, looks_like_claims_csv
from sourcemark.app.projects import Project, open_project
from sourcemark.app.textspan import Span, find_quote

TEXTS = (
    "The minister said, “we will not retreat,” according to two officials 🚁 familiar with "
    "the matter. Analysts at the Institute, Berlin, disagreed.\nA second paragraph: -5 % "
    "growth, said the bank.",
    "Another article. Officials said the talks would resume on Monday, a spokesman said.",
)


def _articles(project: Project) -> list[int]:
    return [articles.import_text(project, text, title=f"A{n}").id for n, text in enumerate(TEXTS)]


def _tag(project: Project, key: str) -> int:
    return codebook.find_tag(project, key).id


def _fill(project: Project, article_ids: list[int]) -> None:
    first, second = article_ids
    text = TEXTS[0]
    made = claims.create_claim(
        project,
        first,
        find_quote(text, "“we will not retreat,”"),
        [_tag(project, "named-official"), _tag(project, "anonymous-official")],
        ClaimFields(
            speaker="=the minister", affiliation="Ministry, Defence", cue="said",
            quote_form="direct", note='line one\nline "two", with a comma',
        ),
    )  # fmt: skip
    claims.review_claim(project, made.id, status="confirmed", note="+checked")
    claims.create_claim(project, first, find_quote(text, "-5 % growth"), [], ClaimFields())
    claims.create_claim(
        project,
        first,
        find_quote(text, "two officials 🚁 familiar"),
        [_tag(project, "anonymous-official")],
        ClaimFields(origin="suggested", evidence="according to"),
    )
    claims.create_claim(
        project, second, find_quote(TEXTS[1], "a spokesman said"), [_tag(project, "expert")]
    )


def _comparable(project: Project, claim: ClaimInfo) -> tuple[object, ...]:
    names = {tag.id: tag.name for tag in codebook.list_tags(project)}

    def second(moment: datetime | None) -> datetime | None:  # the CSV keeps whole seconds
        return None if moment is None else moment.replace(microsecond=0)

    return (
        claim.uuid, claim.article_id, claim.start, claim.end, claim.quote, claim.prefix,
        claim.suffix, claim.speaker, claim.affiliation, claim.cue, claim.quote_form, claim.note,
        claim.status, claim.reviewer_note, claim.reviewer, second(claim.reviewed_at),
        claim.annotator, claim.origin, claim.evidence, second(claim.created_at),
        second(claim.updated_at), sorted(names[t] for t in claim.tag_ids),
    )  # fmt: skip


def _all(project: Project) -> list[tuple[object, ...]]:
    found = claims.list_claims(project, ClaimFilter(include_suggestions=True))
    return sorted((_comparable(project, c) for c in found), key=lambda row: str(row[0]))


@pytest.mark.parametrize("excel", [False, True])
def test_export_then_import_into_a_fresh_project_gives_the_same_claims(
    tmp_path: Path, excel: bool
) -> None:
    source = open_project(tmp_path / "source.sourcemark", annotator="amira")
    _fill(source, _articles(source))
    exported = tmp_path / "claims.csv"
    export_claims_csv(
        source, exported, ExportOptions(ClaimFilter(include_suggestions=True), excel=excel)
    )
    expected = _all(source)
    source.close()

    # A colleague's project: the same articles (numbered alike), other article UUIDs.
    target = open_project(tmp_path / "target.sourcemark", annotator="ben")
    _articles(target)
    report = import_claims_csv(target, exported)
    assert (report.claims, report.problem_count, report.already_there) == (4, 0, 0)
    assert report.tags == 4
    assert _all(target) == expected
    target.close()


def test_importing_the_same_file_again_adds_nothing(project: Project, tmp_path: Path) -> None:
    _fill(project, _articles(project))
    exported = tmp_path / "claims.csv"
    export_claims_csv(project, exported)  # pending suggestions left out, as by default
    before = _all(project)
    report = import_claims_csv(project, exported)
    assert (report.claims, report.already_there, report.problem_count) == (0, 3, 0)
    assert _all(project) == before


HEADER = "article_id,start,end,quote,tag,speaker,status\r\n"


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "edited.csv"
    path.write_text(HEADER + body, encoding="utf-8", newline="")
    return path


def test_rows_that_do_not_fit_are_reported_by_line_and_the_rest_kept(
    project: Project, tmp_path: Path
) -> None:
    first, _second = _articles(project)
    text = TEXTS[0]
    span = find_quote(text, "Analysts at the Institute")
    good = f"{first},{span.start},{span.end},{text[span.start : span.end]},Expert,,\r\n"
    path = _write(
        tmp_path,
        good  # line 2
        + "99,0,5,,Expert,,\r\n"  # line 3: no such article
        + f"{first},0,5,,No such tag,,\r\n"  # line 4
        + f"{first},0,99999,,Expert,,\r\n"  # line 5: outside the text
        + f'{first},0,3,"Not this",Expert,"a speaker\r\non two lines",\r\n'  # lines 6-7
        + "\r\n"  # line 8: blank, skipped silently
        + f"{first},4,12,,Expert,,maybe\r\n"  # line 9: not a status
        + f'{first},,,"said the bank",Named official,,confirmed\r\n',  # line 10: quote only
    )
    report = import_claims_csv(project, path)
    assert [(p.line, p.message.split()[0]) for p in report.problems] == [
        (3, "no"),
        (4, "there"),
        (5, "the"),
        (6, "the"),
        (9, "status"),
    ]
    assert "99" in report.problems[0].message
    assert "'No such tag'" in report.problems[1].message
    assert "'Not this'" in report.problems[3].message
    assert (report.rows, report.claims, report.problem_count) == (7, 2, 5)
    found = claims.list_claims(project, ClaimFilter(article_id=first))
    assert [(c.quote, c.status) for c in found] == [
        ("Analysts at the Institute", "unreviewed"),
        ("said the bank", "confirmed"),
    ]


def test_a_quote_that_occurs_twice_needs_offsets(project: Project, tmp_path: Path) -> None:
    _first, second = _articles(project)
    report = import_claims_csv(project, _write(tmp_path, f"{second},,,said,Expert,,\r\n"))
    assert report.claims == 0
    assert "more than once" in report.problems[0].message


def test_one_claim_id_on_two_passages_is_refused_for_the_second(
    project: Project, tmp_path: Path
) -> None:
    first, _second = _articles(project)
    uuid = "6f1d2c3b-1111-4a2b-8c3d-0123456789ab"
    path = tmp_path / "two.csv"
    path.write_text(
        "claim_id,article_id,start,end,tag\n"
        f"{uuid},{first},0,9,Expert\n"
        f"{uuid},{first},0,9,Named official\n"
        f"{uuid},{first},10,20,Expert\n",
        encoding="utf-8",
    )
    report = import_claims_csv(project, path)
    assert (report.claims, report.tags) == (1, 2)
    assert [p.line for p in report.problems] == [4]
    assert claims.list_claims(project)[0].uuid == uuid


def test_a_file_without_the_needed_columns_changes_nothing(
    project: Project, tmp_path: Path
) -> None:
    _articles(project)
    path = tmp_path / "wrong.csv"
    path.write_text("title,quote\nA,we will not retreat\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="article_id"):
        import_claims_csv(project, path)
    assert claims.count_claims(project) == 0


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"PK\x03\x04" + bytes(range(256)), "is a zip archive"),  # an .xlsx, for one
        (b"article_id,tag\x00\x01\x02,start", "looks like a binary file"),  # valid UTF-8
        (b"article_id,tag,quote\n1,expert,caf\xe9\n", "is not UTF-8 text"),  # Latin-1
    ],
)
def test_a_file_that_is_not_a_utf8_csv_says_so_and_changes_nothing(
    project: Project, tmp_path: Path, content: bytes, said: str
) -> None:
    _articles(project)
    path = tmp_path / "claims.xlsx"
    path.write_bytes(content)
    with pytest.raises(ValidationError, match=said) as raised:
        import_claims_csv(project, path)
    assert "CSV UTF-8" in str(raised.value)  # and what to do
    assert claims.count_claims(project) == 0


def test_the_command_lists_skipped_rows_and_exits_1(
    project_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = open_project(project_path)
    first, _second = _articles(project)
    span = Span(4, 12)
    project.close()
    path = _write(tmp_path, f"{first},{span.start},{span.end},,Expert,,\r\n7,0,1,,Expert,,\r\n")
    code = main(["--db", str(project_path), "import-claims", str(path)])
    captured = capsys.readouterr()
    assert code == 1
    assert f"{path}:3: no article has the id 7 in this project; import the article first" in (
        captured.err
    )
    assert "imported 1 claim from 2 rows, 1 row skipped." in captured.out
    code = main(["--db", str(project_path), "import-claims", str(path)])
    assert code == 1  # the bad row is still bad; the good one is not added twice
    assert "1 claim already in the project" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("claims.csv", b"claim_id,article_id,tag,quote\n,1,Expert,said\n", True),
        ("claims.CSV", b"\xef\xbb\xbfarticle_uuid,Tag,start,end\n", True),  # --excel's BOM
        ("articles.csv", b"title,text\nA,Body\n", False),
        ("both.csv", b"article_id,tag,text\n1,x,Body\n", False),  # has a text: articles
        ("claims.tsv", b"article_id\ttag\n", False),  # the claims import reads CSV only
        ("binary.csv", b"\x00\x01\x02\xff" * 100, False),
        ("empty.csv", b"", False),
    ],
)
def test_a_claims_csv_is_told_from_others_by_its_header(
    tmp_path: Path, name: str, data: bytes, expected: bool
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert looks_like_claims_csv(path) is expected
    assert not looks_like_claims_csv(tmp_path / "missing.csv")
