"""Seeded, realistic benchmark data: news-like English prose, articles and claims in a project.

Every benchmark builds its data from here, so the figures in ``docs/performance.md`` are
reproducible: the same seed gives the same text, the same claims and the same file.

What "realistic" means here, from the example articles and what analysts mark:
- prose in paragraphs of 2-7 sentences of 6-32 words, with commas (about one in every 14
  words), numbers, names (some accented), curly quotation marks and, rarely, an emoji
  (outside the BMP, so code points and UTF-16 offsets differ after it);
- articles of about 5,000 characters (an 800-word news story) with titles of 30-110
  characters, an outlet, author, URL and date;
- claims of 20-300 characters, made in reading order article by article (so an article's
  claims sit together in the file, as when an analyst works through an article), a quarter
  of them nested inside the one before; most with one tag, one in eight with two; speakers,
  affiliations and cues on most, notes on a few, a fifth reviewed.

Projects are built with SQLAlchemy Core bulk inserts (the ORM would take minutes) and cached
in a folder keyed by their parameters, so several benchmarks can share one build.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

# Bumped whenever the generator changes, so cached projects are rebuilt.
DATA_VERSION = 3

_VOCABULARY = (
    "the the the of of and and to to in in a a is that for on with as was by at from said "
    "his her an were are which this be or has had not but have it its their they after before "
    "during while because however despite including also would could should will may might "
    "government officials military minister according report attack drone militia forces "
    "spokesman president policy security statement sources anonymous expert analysts told "
    "reporters week country region conflict support strike base air defence ministry border "
    "talks ceasefire agreement economy inflation prices election campaign voters parliament "
    "court ruling judge prosecutors investigation police protest crowd city capital villages "
    "aid agencies hospital doctors patients schools children families water power "
    "officials familiar with the matter senior administration diplomats envoy delegation "
    "company shares market investors bank central interest rates percent million billion "
    "people killed wounded displaced according data figures survey study researchers "
    "university institute professor scientist climate emissions energy gas oil pipeline"
)
WORDS = tuple(_VOCABULARY.split())
NAMES = (
    "Biden", "Blinken", "Schenker", "Sudani", "Tehran", "Erbil", "Gaza", "Iraq", "Yemen",
    "Zürich", "São Paulo", "Müller", "Łódź", "Nuñez", "Kyiv", "Brussels", "Al-Hashimi",
)  # fmt: skip
SPEAKERS = (
    "a senior U.S. official", "David Schenker", "Dr. María “Mia” O'Neil", "محمد الحسيني",
    "a spokesman for the ministry", "Anne-Sophie Müller", "two diplomats", "Lt. Col. Kim",
    "the prime minister", "Prof. Chen Wei", "an aid worker", "-", "=unknown",
)  # fmt: skip
AFFILIATIONS = (
    "State Department", "Washington Institute, Near East Policy", "UNICEF", "the army",
    "Oxford University", "Reuters", "Ministry of Health", "Human Rights Watch",
)  # fmt: skip
CUES = ("said", "according to", "told reporters", "said in a statement", "warned", "added")
OUTLETS = (
    "Reuters", "The New York Times", "Le Monde", "Al Jazeera", "BBC News",
    "Outlet, Inc.", "Der Spiegel", "The Guardian",
)  # fmt: skip
ANNOTATORS = ("amira", "ben", "chloé")
STATUSES = ("confirmed", "disputed", "needs-check")
# origin of a claim: mostly the analyst's, some accepted suggestions, a few still pending
# (pending ones are excluded from exports and counts, as in a real project).
ORIGINS = (("manual", 0.9), ("accepted", 0.05), ("suggested", 0.04), ("rejected", 0.01))
EPOCH = datetime(2024, 3, 1, 8, 0, 0)


# -- text -------------------------------------------------------------------------------------


def _sentence(rng: random.Random) -> str:
    words = []
    for _ in range(rng.randint(6, 32)):
        roll = rng.random()
        if roll < 0.07:
            words.append(rng.choice(NAMES))
        elif roll < 0.09:
            words.append(f"{rng.randint(2, 980):,}")
        else:
            words.append(rng.choice(WORDS))
    for index in range(1, len(words) - 1):
        if rng.random() < 0.07:
            words[index] += ","
    if rng.random() < 0.15:
        cut = rng.randint(1, len(words) - 1)
        words[cut] = "“" + words[cut]
        words[-1] = words[-1].rstrip(",") + ",”"
    if rng.random() < 0.003:
        words.append("\U0001f4a5")
    sentence = " ".join(words)
    return sentence[0].upper() + sentence[1:] + "."


class TextSource:
    """Sentences drawn from a seeded pool: fast enough for 50 MB of articles."""

    def __init__(self, seed: int = 11, pool: int = 4000) -> None:
        self.rng = random.Random(seed)
        self.pool = [_sentence(self.rng) for _ in range(pool)]

    def text(self, characters: int) -> str:
        """Paragraphs of 2-7 sentences, cut at a word boundary near ``characters``."""
        rng, pool = self.rng, self.pool
        paragraphs: list[str] = []
        size = 0
        while size < characters:
            paragraph = " ".join(rng.choices(pool, k=rng.randint(2, 7)))
            paragraphs.append(paragraph)
            size += len(paragraph) + 1
        text = "\n".join(paragraphs)
        if len(text) > characters:
            cut = text.rfind(" ", 0, characters)
            text = text[: cut if cut > characters // 2 else characters]
        return text.rstrip()

    def title(self) -> str:
        words = self.rng.choice(self.pool).rstrip(".”").split()
        title = " ".join(words[: self.rng.randint(5, 16)]).rstrip(",")
        return title[:110]


def make_text(characters: int, seed: int = 11) -> str:
    return TextSource(seed).text(characters)


# -- claims -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def claim_spans(text: str, count: int, rng: random.Random) -> list[Span]:
    """``count`` spans of 20-300 characters in reading order, a quarter nested in the one
    before, starting and ending on word boundaries where the text allows."""
    limit = len(text)
    if limit < 40:
        return []
    spans: list[Span] = []
    step = max(limit // max(count, 1), 1)
    for number in range(count):
        previous = spans[-1] if spans else None
        if previous is not None and rng.random() < 0.25 and previous.end - previous.start > 45:
            start = rng.randint(previous.start, previous.end - 21)
            end = rng.randint(start + 20, previous.end)
        else:
            # Spread over the text, in order, with some jitter.
            anchor = min(number * step + rng.randrange(step), limit - 21)
            start = _word_start(text, anchor)
            end = min(start + rng.randint(20, 300), limit)
            end = _word_end(text, end, start + 20)
        spans.append(Span(start, end))
    return spans


def _word_start(text: str, position: int) -> int:
    space = text.rfind(" ", max(position - 30, 0), position)
    return space + 1 if space >= 0 else position


def _word_end(text: str, position: int, minimum: int) -> int:
    space = text.find(" ", position, position + 30)
    return space if space > minimum else position


# -- projects ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectSpec:
    """What a benchmark project holds; equal specs give byte-equal content."""

    articles: int
    claims: int
    article_chars: int = 5000
    seed: int = 7

    @property
    def name(self) -> str:
        return f"a{self.articles}-c{self.claims}-t{self.article_chars}-s{self.seed}-v{DATA_VERSION}"


def cache_folder() -> Path:
    folder = Path(os.environ.get("SOURCEMARK_BENCH_CACHE") or tempfile.gettempdir())
    folder = folder / "sourcemark-bench-cache"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def cached_project(spec: ProjectSpec, *, copy_to: Path | None = None) -> Path:
    """The project file for ``spec``, built once and kept in the cache folder.

    With ``copy_to`` the project is copied there first, for benchmarks that change it.
    """
    path = cache_folder() / f"{spec.name}.sourcemark"
    if not path.exists():
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        for stale in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            stale.unlink(missing_ok=True)
        build_project(partial, spec)
        os.replace(partial, path)
    _bring_to_head(path)
    if copy_to is None:
        return path
    shutil.copyfile(path, copy_to)
    return copy_to


def _bring_to_head(path: Path) -> None:
    """Migrate a cached project built by an older schema, once, in the cache itself.

    Otherwise every copy was migrated when opened, and a benchmark that times opening a copy
    (import-claims) billed the upgrade, its backup and alembic's import to the work measured.
    No backup: the cache is rebuilt from its seed whenever it is lost.
    """
    import sqlite3

    from sourcemark.db import migrate
    from sourcemark.db.engine import open_database

    with sqlite3.connect(path) as connection:
        (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    connection.close()
    if revision != migrate.head_revision():
        open_database(path).close()


def build_project(path: Path, spec: ProjectSpec) -> None:
    """Create the project at ``path`` holding ``spec``'s articles and claims."""
    from sqlalchemy import insert, select

    from sourcemark.app.projects import open_project
    from sourcemark.db.models import Article, Claim, ClaimTag, Tag

    project = open_project(path, annotator="bench")
    rng = random.Random(spec.seed)
    source = TextSource(spec.seed + 1)
    try:
        with project.db.write() as session:
            connection = session.connection()
            tag_ids = list(session.scalars(select(Tag.id).order_by(Tag.position)))
            per_article = _spread(spec.claims, spec.articles)
            claim_rows: list[dict[str, object]] = []
            tag_rows: list[tuple[int, int]] = []  # (index into claim_rows, tag id)
            for number in range(spec.articles):
                text = source.text(spec.article_chars)
                article_id = connection.execute(
                    insert(Article).returning(Article.id), [_article(rng, source, text, number)]
                ).scalar_one()
                for span in claim_spans(text, per_article[number], rng):
                    tags = [rng.choice(tag_ids)]
                    if rng.random() < 0.125:
                        tags.append(rng.choice([t for t in tag_ids if t != tags[0]]))
                    for tag_id in tags:
                        tag_rows.append((len(claim_rows), tag_id))
                    claim_rows.append(_claim(rng, text, span, article_id, len(claim_rows)))
                if len(claim_rows) >= 20_000:
                    _flush(connection, claim_rows, tag_rows, Claim, ClaimTag)
            _flush(connection, claim_rows, tag_rows, Claim, ClaimTag)
    finally:
        project.close()


def _flush(connection, claim_rows, tag_rows, claim_model, tag_model) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import insert

    if not claim_rows:
        return
    ids = list(
        connection.execute(
            insert(claim_model).returning(claim_model.id, sort_by_parameter_order=True),
            claim_rows,
        ).scalars()
    )
    connection.execute(
        insert(tag_model), [{"claim_id": ids[index], "tag_id": tag} for index, tag in tag_rows]
    )
    claim_rows.clear()
    tag_rows.clear()


def _spread(total: int, buckets: int) -> list[int]:
    base, extra = divmod(total, max(buckets, 1))
    return [base + (1 if i < extra else 0) for i in range(buckets)]


def _article(rng: random.Random, source: TextSource, text: str, number: int) -> dict[str, object]:
    imported = EPOCH + timedelta(minutes=number)
    title = source.title()
    if rng.random() < 0.2:
        title = f"“{title},” officials say"
    return {
        "title": title,
        "outlet": rng.choice(OUTLETS),
        "author": rng.choice(("Jane Doe", "Ahmed Rashid", "Li Na", None)),
        "url": f"https://news.example.org/{2024 - number % 3}/{number:05d}-{title[:20]}",
        "published": (imported - timedelta(days=rng.randint(0, 30))).date().isoformat(),
        "text": text,
        "content_hash": hashlib.sha256(text.encode()).hexdigest(),
        "source_format": "text",
        "imported_at": imported,
        "updated_at": imported,
    }


def _claim(
    rng: random.Random, text: str, span: Span, article_id: int, number: int
) -> dict[str, object]:
    created = EPOCH + timedelta(seconds=37 * number)
    reviewed = rng.random() < 0.2
    origin = rng.choices([o for o, _ in ORIGINS], [w for _, w in ORIGINS])[0]
    return {
        "article_id": article_id,
        "start": span.start,
        "end": span.end,
        "quote": text[span.start : span.end],
        "prefix": text[max(0, span.start - 32) : span.start],
        "suffix": text[span.end : span.end + 32],
        "speaker": rng.choice(SPEAKERS) if rng.random() < 0.6 else "",
        "affiliation": rng.choice(AFFILIATIONS) if rng.random() < 0.3 else "",
        "cue": rng.choice(CUES) if rng.random() < 0.5 else "",
        "quote_form": rng.choice(("direct", "indirect", None)),
        "note": rng.choice(("check the date", "line one\nline two, with a comma", "“see p. 3”"))
        if rng.random() < 0.05
        else "",
        "status": rng.choice(STATUSES) if reviewed else "unreviewed",
        "reviewer_note": "matches the wire copy" if reviewed and rng.random() < 0.3 else "",
        "reviewer": rng.choice(ANNOTATORS) if reviewed else "",
        "reviewed_at": created + timedelta(days=2) if reviewed else None,
        "annotator": rng.choice(ANNOTATORS),
        "origin": origin,
        "evidence": "according to" if origin != "manual" else "",
        "created_at": created,
        "updated_at": created,
    }


def big_article_project(megabytes: float, claims: int, *, copy_to: Path | None = None) -> Path:
    chars = int(megabytes * 1_000_000)
    return cached_project(ProjectSpec(1, claims, chars), copy_to=copy_to)


def write_text_files(folder: Path, count: int, *, chars: int = 5000, seed: int = 3) -> list[Path]:
    """``count`` plain-text articles (title line, blank line, body) for import benchmarks."""
    folder.mkdir(parents=True, exist_ok=True)
    source = TextSource(seed)
    paths = []
    for number in range(count):
        path = folder / f"article-{number:05d}.txt"
        path.write_text(f"{source.title()}\n\n{source.text(chars)}\n", encoding="utf-8")
        paths.append(path)
    return paths


def iter_specs() -> Iterator[ProjectSpec]:  # the projects run_all builds, for --prepare
    yield ProjectSpec(10_000, 100_000)
    yield ProjectSpec(1, 10_000, 1_000_000)
    yield ProjectSpec(1, 50_000, 5_000_000)
