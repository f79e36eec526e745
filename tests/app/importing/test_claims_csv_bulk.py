"""Claims CSV import at scale: line numbers, new UUIDs, the indexes built once at the end, and
the garbage collector left as it was found."""

from __future__ import annotations

import gc
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from sourcemark.app import articles, claims, codebook
from sourcemark.app.claims import ClaimFilter
from sourcemark.app.errors import ValidationError
from sourcemark.app.importing import claims_csv, claims_csv_rows
from sourcemark.app.importing.claims_csv import import_claims_csv
from sourcemark.app.projects import Project

TEXT = "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi."


@pytest.fixture
def article_ids(project: Project) -> list[int]:
    return [articles.import_text(project, f"{TEXT} {n}", title=f"A{n}").id for n in range(5)]


def _spans() -> Iterator[tuple[int, int]]:
    """Distinct passages of TEXT (whole words)."""
    starts = [0] + [i + 1 for i, char in enumerate(TEXT) if char == " "]
    for first, start in enumerate(starts[:-3]):
        yield start, starts[first + 2] - 1


def _indexes(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as connection:
        found = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
        ).fetchall()
    connection.close()
    return found


def test_many_rows_with_bad_ones_among_them(
    project: Project, article_ids: list[int], tmp_path: Path
) -> None:
    lines = ["article_id,start,end,tag"]
    for article_id in article_ids:
        lines += [f"{article_id},{start},{end},Expert" for start, end in _spans()]
    lines.insert(7, "999,0,5,Expert")  # line 8: no such article
    lines.insert(12, f"{article_ids[0]},0,5,Nope")  # line 13: no such tag
    path = tmp_path / "claims.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_claims_csv(project, path)
    assert [(p.line, p.message.split()[0]) for p in report.problems] == [(8, "no"), (13, "there")]
    assert report.claims == len(lines) - 3 == claims.count_claims(project)
    found = claims.list_claims(project, ClaimFilter(article_id=article_ids[-1]))
    assert [(c.start, c.end) for c in found] == sorted(_spans())


def test_line_numbers_count_a_header_on_two_lines(
    project: Project, article_ids: list[int], tmp_path: Path
) -> None:
    path = tmp_path / "claims.csv"
    path.write_text(
        f'article_id,start,end,tag,"note\nabout it"\n{article_ids[0]},0,5,Expert,\n'
        "999,0,5,Expert,\n",
        encoding="utf-8",
    )
    report = import_claims_csv(project, path)
    assert [p.line for p in report.problems] == [4]
    assert report.claims == 1


def test_new_claims_get_distinct_random_uuids(
    project: Project, article_ids: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(claims_csv_rows, "UUIDS_AT_ONCE", 7)  # made a few at a time
    rows = [f"{a},{s},{e},Expert" for a in article_ids for s, e in _spans()]
    path = tmp_path / "claims.csv"
    path.write_text("article_id,start,end,tag\n" + "\n".join(rows), encoding="utf-8")
    import_claims_csv(project, path)
    made = [uuid.UUID(c.uuid) for c in claims.list_claims(project, ClaimFilter())]
    assert len(made) == len(rows) == len(set(made))
    assert all(u.version == 4 and u.variant == uuid.RFC_4122 for u in made)
    assert all(str(u) == c.uuid for u, c in zip(made, claims.list_claims(project), strict=True))


@pytest.mark.parametrize("enabled", [True, False])
def test_the_garbage_collector_is_left_as_it_was(
    project: Project, article_ids: list[int], tmp_path: Path, enabled: bool
) -> None:
    good = tmp_path / "good.csv"
    good.write_text(f"article_id,start,end,tag\n{article_ids[0]},0,5,Expert\n", encoding="utf-8")
    broken = tmp_path / "broken.csv"
    broken.write_text(f'article_id,start,end,tag\n{article_ids[0]},0,5,"Exp\n', encoding="utf-8")
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        import_claims_csv(project, good)
        assert gc.isenabled() is enabled
        with pytest.raises(ValidationError, match="line 2"):
            import_claims_csv(project, broken)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_a_big_import_leaves_the_schema_as_it_was(
    project: Project, project_path: Path, article_ids: list[int], tmp_path: Path
) -> None:
    """The indexes are dropped for the inserts and made again from their own SQL."""
    before = _indexes(project_path)
    rows = [f"{a},{s},{e},Expert" for a in article_ids for s, e in _spans()]
    path = tmp_path / "claims.csv"
    path.write_text("article_id,start,end,tag\n" + "\n".join(rows), encoding="utf-8")
    assert import_claims_csv(project, path).claims == len(rows)
    assert _indexes(project_path) == before
    # The reading-order index still answers an article's claims in order.
    found = claims.list_claims(project, ClaimFilter(article_id=article_ids[2]))
    assert [(c.start, c.end) for c in found] == sorted(_spans())


def test_rows_of_empty_or_blank_cells_are_skipped_silently(
    project: Project, article_ids: list[int], tmp_path: Path
) -> None:
    path = tmp_path / "claims.csv"
    path.write_text(
        f"article_id,start,end,tag\n,,,\n , \t,\u00a0,\n\n{article_ids[0]},0,5,Expert\n999,0,5,\n",
        encoding="utf-8",
    )
    report = import_claims_csv(project, path)
    assert (report.rows, report.claims, [p.line for p in report.problems]) == (2, 1, [6])


def test_cells_written_differently_on_each_row_are_read_alike(
    project: Project, article_ids: list[int], tmp_path: Path
) -> None:
    """The same article, tag, offsets and times, spelled as the export writes them or not."""
    article = articles.get_article(project, article_ids[1])
    text = articles.get_article_text(project, article.id)
    words = list(_spans())[:6]
    quote = text[words[1][0] : words[1][1]]
    path = tmp_path / "claims.csv"
    rows = [
        "article_uuid,article_id,start,end,quote,tag,created_at,updated_at,reviewed_at",
        f"{article.uuid},,{words[0][0]},{words[0][1]},,Expert,"
        "2024-05-01T09:30:00Z,2024-05-01T09:30:00Z,",
        f" {article.uuid} ,,{words[1][0]},{words[1][1]},{quote}, expert ,"
        "2024-05-01T09:30:00Z,2024-05-02T10:00:00+02:00, ",
        f",{article_ids[1]}, {words[2][0]} ,{words[2][1]} ,,EXPERT,,,2024-05-03T08:00:00Z",
        f"{article.uuid},,0,{words[3][0]},,Expert,,,",  # line 5: a passage, not whitespace
        f"{article.uuid},,{words[3][1]},{words[3][1] + 1},,Expert,,,",  # line 6: one space
        f"{article.uuid},,{words[4][0]},{words[4][1]},,Nope,,,",  # line 7: no such tag
        f"{article.uuid},,{words[5][0]},{words[5][1]},,,,,",  # no tag
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    report = import_claims_csv(project, path)
    assert [(p.line, p.message.split()[0]) for p in report.problems] == [(6, "the"), (7, "there")]
    assert "only whitespace" in report.problems[0].message
    found = claims.list_claims(project, ClaimFilter(article_id=article_ids[1]))
    expert = codebook.find_tag(project, "expert").id
    assert {(c.start, c.end): (c.quote, c.tag_ids) for c in found} == {
        (0, words[3][0]): (text[: words[3][0]], (expert,)),
        words[0]: (text[words[0][0] : words[0][1]], (expert,)),
        words[1]: (quote, (expert,)),
        words[2]: (text[words[2][0] : words[2][1]], (expert,)),
        words[5]: (text[words[5][0] : words[5][1]], ()),
    }
    times = {(c.start, c.end): (c.created_at, c.updated_at, c.reviewed_at) for c in found}
    may_first = datetime(2024, 5, 1, 9, 30)
    assert times[words[0]] == (may_first, may_first, None)
    assert times[words[1]] == (may_first, datetime(2024, 5, 2, 8, 0), None)
    assert times[words[2]][2] == datetime(2024, 5, 3, 8, 0)
    assert times[words[2]][0] == times[words[2]][1] != may_first  # the time of the import


def test_cancelling_saves_nothing_and_says_how_far_it_read(
    project: Project, article_ids: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(claims_csv, "ROWS_PER_STEP", 10)
    lines = ["article_id,start,end,tag"]
    for article_id in article_ids:
        lines += [f"{article_id},{start},{end},Expert" for start, end in _spans()]
    path = tmp_path / "claims.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    asked: list[int] = []

    def cancel_on_the_third_ask() -> bool:
        asked.append(1)
        return len(asked) == 3

    report = import_claims_csv(project, path, should_cancel=cancel_on_the_third_ask)
    assert report.cancelled and report.rows == 30 and report.claims == 0
    assert report.summary() == "claims.csv: cancelled after 30 rows; nothing was imported."
    assert claims.count_claims(project) == 0
    # Not cancelled: everything, and the articles that received claims.
    seen: list[tuple[int, int]] = []
    report = import_claims_csv(
        project, path, progress=lambda *told: seen.append(told), should_cancel=lambda: False
    )
    assert not report.cancelled and report.claims == len(lines) - 1 == claims.count_claims(project)
    assert report.article_ids == frozenset(article_ids)
    # Rows read, then the claims being saved.
    assert seen[:2] == [(10, 0), (20, 0)] and seen[-1] == (len(lines) - 1, len(lines) - 1)


def test_a_cancel_after_the_last_row_still_saves_nothing(
    project: Project, article_ids: list[int], tmp_path: Path
) -> None:
    path = tmp_path / "claims.csv"
    path.write_text(f"article_id,start,end,tag\n{article_ids[0]},0,5,Expert\n", encoding="utf-8")
    report = import_claims_csv(project, path, should_cancel=lambda: True)
    assert report.cancelled and claims.count_claims(project) == 0


def test_texts_read_in_blocks_in_any_order(
    project: Project, article_ids: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Articles named in any order, across blocks of ids, and one that does not exist."""
    monkeypatch.setattr(claims_csv_rows, "TEXTS_AT_ONCE", 2)
    missing = max(article_ids) + 1
    order = [*reversed(article_ids), missing, article_ids[2]]
    lines = ["article_id,start,end,tag"] + [f"{a},0,5,Expert" for a in order]
    path = tmp_path / "claims.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_claims_csv(project, path)
    assert [(p.line, p.message.split(";")[0]) for p in report.problems] == [
        (7, f"no article has the id {missing} in this project")
    ]
    assert report.claims == len(article_ids) == claims.count_claims(project)
    assert report.already_there == 0  # the second row of article 3 is the same claim
    found = claims.list_claims(project, ClaimFilter())
    assert sorted(c.article_id for c in found) == sorted(article_ids)
    assert {c.quote for c in found} == {TEXT[:5]}
