"""The codebook: the tags claims are marked with, their colours, shortcuts and order."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from sourcemark.app.errors import NotFoundError, ValidationError
from sourcemark.db.models import Claim, ClaimTag, Tag, utcnow
from sourcemark.db.project_meta import read_meta, write_meta
from sourcemark.db.vocabulary import NOT_CLAIMED_ORIGINS

if TYPE_CHECKING:
    from sourcemark.app.projects import Project

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_SEEDED_KEY = "default_codebook_seeded"
# Shortcuts the reader leaves free for tags: one key each, no modifier.
ALLOWED_SHORTCUTS = set("0123456789-=qwertyuiopasdfghjklzxcvbnm")


@dataclass(frozen=True)
class TagInfo:
    id: int
    uuid: str
    name: str
    key: str | None
    description: str
    colour: str
    parent_id: int | None
    shortcut: str | None
    position: int
    archived: bool


@dataclass(frozen=True)
class TagCount:
    tag: TagInfo
    claims: int


def default_codebook() -> list[dict[str, str]]:
    """The tags a new project starts with, from ``resources/default_codebook.json``."""
    raw = (
        resources.files("sourcemark.resources")
        .joinpath("default_codebook.json")
        .read_text(encoding="utf-8")
    )
    tags: list[dict[str, str]] = json.loads(raw)["tags"]
    return tags


def seed_default_codebook(project: Project) -> bool:
    """Give a new project the default codebook, once: a user who empties it keeps it empty."""
    with project.db.write() as session:
        connection = session.connection()
        if read_meta(connection, _SEEDED_KEY):
            return False
        has_tags = session.execute(select(func.count()).select_from(Tag)).scalar_one() > 0
        if not has_tags:
            now = utcnow()
            rows = [
                {
                    "key": entry["key"],
                    "name": entry["name"],
                    "description": entry["description"],
                    "colour": entry["colour"].upper(),
                    "shortcut": entry.get("shortcut"),
                    "position": position,
                    "archived": False,
                    "created_at": now,
                    "updated_at": now,
                }
                for position, entry in enumerate(default_codebook())
            ]
            session.execute(insert(Tag), rows)
        write_meta(connection, _SEEDED_KEY, "1")
        return not has_tags


def list_tags(project: Project, *, include_archived: bool = True) -> list[TagInfo]:
    with project.db.read() as session:
        query = select(Tag).order_by(Tag.position, Tag.id)
        if not include_archived:
            query = query.where(Tag.archived.is_(False))
        return [_info(tag) for tag in session.scalars(query)]


def tag_counts(project: Project, article_id: int | None = None) -> list[TagCount]:
    """Every tag with the number of claims carrying it (in one article, or the project)."""
    with project.db.read() as session:
        counted = select(ClaimTag.tag_id, func.count().label("n")).join(
            Claim, Claim.id == ClaimTag.claim_id
        )
        if article_id is not None:
            counted = counted.where(Claim.article_id == article_id)
        counted = counted.where(Claim.origin.not_in(NOT_CLAIMED_ORIGINS))
        subquery = counted.group_by(ClaimTag.tag_id).subquery()
        rows = session.execute(
            select(Tag, func.coalesce(subquery.c.n, 0))
            .outerjoin(subquery, subquery.c.tag_id == Tag.id)
            .order_by(Tag.position, Tag.id)
        ).all()
        return [TagCount(_info(tag), int(count)) for tag, count in rows]


def get_tag(project: Project, tag_id: int) -> TagInfo:
    with project.db.read() as session:
        return _info(_load(session, tag_id))


def find_tag(project: Project, name: str) -> TagInfo:
    """A tag by its name (in any letter case), its default-codebook key or its shortcut."""
    wanted = name.strip().casefold()
    # The codebook is small; Python's casefold, unlike SQLite's lower(), folds "É" to "é".
    tags = list_tags(project)
    for found in (
        next((t for t in tags if t.name.casefold() == wanted), None),
        next((t for t in tags if t.key == wanted), None),
        next((t for t in tags if t.shortcut == wanted), None),
    ):
        if found is not None:
            return found
    names = ", ".join(repr(t.name) for t in tags)
    raise NotFoundError(
        f"There is no tag called {name.strip()!r}. Known tags: {names or 'none'}. "
        "Add it with 'sourcemark tags add'."
    )


def add_tag(
    project: Project,
    name: str,
    *,
    colour: str | None = None,
    description: str = "",
    shortcut: str | None = None,
    parent_id: int | None = None,
) -> TagInfo:
    name = _check_name(name)
    with project.db.write() as session:
        _check_name_free(session, name, None)
        position = session.execute(select(func.coalesce(func.max(Tag.position), -1))).scalar_one()
        used = {c.lower() for c in session.scalars(select(Tag.colour))}
        tag = Tag(
            name=name,
            description=description.strip(),
            colour=_check_colour(colour) if colour else _next_free_colour(used),
            shortcut=_check_shortcut(session, shortcut, None),
            parent_id=_check_parent(session, parent_id, None),
            position=int(position) + 1,
            archived=False,
        )
        session.add(tag)
        session.flush()
        return _info(tag)


def update_tag(
    project: Project,
    tag_id: int,
    *,
    name: str | None = None,
    colour: str | None = None,
    description: str | None = None,
    shortcut: str | None = "",
    parent_id: int | None = -1,
    archived: bool | None = None,
) -> TagInfo:
    """Change a tag. ``shortcut=None`` clears the shortcut; ``""`` leaves it as it is.

    ``parent_id=None`` makes it a top-level tag; ``-1`` leaves the parent as it is.
    """
    with project.db.write() as session:
        tag = _load(session, tag_id)
        if name is not None:
            tag.name = _check_name_free(session, _check_name(name), tag_id)
        if colour is not None:
            tag.colour = _check_colour(colour)
        if description is not None:
            tag.description = description.strip()
        if shortcut != "":
            tag.shortcut = _check_shortcut(session, shortcut, tag_id)
        if parent_id != -1:
            tag.parent_id = _check_parent(session, parent_id, tag_id)
        if archived is not None:
            tag.archived = archived
        session.flush()
        return _info(tag)


def reorder_tags(project: Project, ordered_ids: list[int]) -> list[TagInfo]:
    """Put the tags in the given order; tags not listed keep their order after those listed."""
    with project.db.write() as session:
        existing = list(session.scalars(select(Tag).order_by(Tag.position, Tag.id)))
        by_id = {tag.id: tag for tag in existing}
        unknown = [i for i in ordered_ids if i not in by_id]
        if unknown:
            raise NotFoundError(f"No tag has the id {unknown[0]}; reload the codebook.")
        rest = [tag for tag in existing if tag.id not in set(ordered_ids)]
        for position, tag in enumerate([by_id[i] for i in ordered_ids] + rest):
            tag.position = position
        session.flush()
        return [_info(tag) for tag in sorted(existing, key=lambda t: t.position)]


def merge_tags(project: Project, source_id: int, target_id: int) -> TagInfo:
    """Move every claim of ``source`` to ``target`` and delete ``source``."""
    if source_id == target_id:
        raise ValidationError("A tag cannot be merged into itself; choose another tag.")
    with project.db.write() as session:
        source, target = _load(session, source_id), _load(session, target_id)
        already = select(ClaimTag.claim_id).where(ClaimTag.tag_id == target.id)
        session.execute(
            delete(ClaimTag).where(ClaimTag.tag_id == source.id, ClaimTag.claim_id.in_(already))
        )
        session.execute(
            update(ClaimTag).where(ClaimTag.tag_id == source.id).values(tag_id=target.id)
        )
        session.execute(update(Tag).where(Tag.parent_id == source.id).values(parent_id=target.id))
        # Keep the default-codebook key, so the suggester still finds the merged tag.
        key = target.key or source.key
        session.delete(source)
        session.flush()
        target.key = key
        return _info(target)


def delete_tag(project: Project, tag_id: int) -> None:
    """Delete a tag no claim uses; a tag in use must be merged or archived instead."""
    with project.db.write() as session:
        tag = _load(session, tag_id)
        used = session.execute(
            select(func.count()).select_from(ClaimTag).where(ClaimTag.tag_id == tag_id)
        ).scalar_one()
        if used:
            raise ValidationError(
                f"The tag {tag.name!r} is used by {used} claim(s), so it was not deleted. "
                "Merge it into another tag or archive it instead."
            )
        session.delete(tag)


def _info(tag: Tag) -> TagInfo:
    return TagInfo(
        id=tag.id,
        uuid=tag.uuid,
        name=tag.name,
        key=tag.key,
        description=tag.description,
        colour=tag.colour,
        parent_id=tag.parent_id,
        shortcut=tag.shortcut,
        position=tag.position,
        archived=tag.archived,
    )


def _load(session: Session, tag_id: int) -> Tag:
    tag = session.get(Tag, tag_id)
    if tag is None:
        raise NotFoundError(f"No tag has the id {tag_id}; it may have been deleted.")
    return tag


def _check_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationError("A tag needs a name; type one.")
    if len(cleaned) > 200:
        raise ValidationError("A tag name can be at most 200 characters long; shorten it.")
    return cleaned


def _check_colour(colour: str) -> str:
    cleaned = colour.strip()
    if not cleaned.startswith("#"):
        cleaned = "#" + cleaned
    if not _COLOUR.match(cleaned):
        raise ValidationError(
            f"{colour!r} is not a colour; give it as #RRGGBB, for example #77AADD."
        )
    return cleaned.upper()


def _check_shortcut(session: Session, shortcut: str | None, tag_id: int | None) -> str | None:
    if shortcut is None or not shortcut.strip():
        return None
    key = shortcut.strip().lower()
    if key not in ALLOWED_SHORTCUTS:
        raise ValidationError(
            f"{shortcut!r} cannot be a tag shortcut; use one digit, letter, '-' or '='."
        )
    holder = session.scalars(select(Tag).where(Tag.shortcut == key, Tag.id != tag_id)).first()
    if holder is not None:
        raise ValidationError(
            f"The shortcut {key!r} already belongs to the tag {holder.name!r}; "
            "choose another key or clear that tag's shortcut first."
        )
    return key


def _check_parent(session: Session, parent_id: int | None, tag_id: int | None) -> int | None:
    if parent_id is None:
        return None
    ancestor: Tag | None = _load(session, parent_id)
    while ancestor is not None:
        if ancestor.id == tag_id:
            raise ValidationError("A tag cannot be grouped under itself or one of its children.")
        ancestor = session.get(Tag, ancestor.parent_id) if ancestor.parent_id else None
    return parent_id


def _check_name_free(session: Session, name: str, tag_id: int | None) -> str:
    """Refuse a name another tag has in any letter case: ``find_tag`` ignores case."""
    others = session.scalars(select(Tag.name).where(Tag.id != (tag_id or -1)))
    holder = next((n for n in others if n.casefold() == name.casefold()), None)
    if holder is not None:
        raise ValidationError(
            f"There is already a tag called {holder!r}; choose another name or merge the tags."
        )
    return name


# Colour-blind-safe tints for tags the user adds, used in order while still free.
_EXTRA_COLOURS = (
    "#77AADD", "#99DDFF", "#44BB99", "#BBCC33", "#EEDD88", "#EE8866", "#FFAABB",
    "#AAAA00", "#C4A5DE", "#E0C29A", "#DDDDDD", "#88CCEE", "#CC99BB", "#A5D6A7",
)  # fmt: skip


def _next_free_colour(used: set[str]) -> str:
    return next((c for c in _EXTRA_COLOURS if c.lower() not in used), _EXTRA_COLOURS[0])
