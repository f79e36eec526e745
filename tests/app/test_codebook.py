from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from sourcemark.app import articles, claims, codebook
from sourcemark.app.errors import NotFoundError, ValidationError
from sourcemark.app.projects import Project, open_project
from sourcemark.app.textspan import Span


def test_new_project_gets_the_default_codebook(project: Project) -> None:
    tags = codebook.list_tags(project)
    shipped = json.loads(
        resources.files("sourcemark.resources").joinpath("default_codebook.json").read_text()
    )["tags"]
    assert [t.name for t in tags] == [entry["name"] for entry in shipped]
    assert len(tags) == 11
    assert len({t.colour for t in tags}) == 11, "every default tag has its own colour"
    assert len({t.shortcut for t in tags}) == 11
    assert all(t.description for t in tags)
    assert codebook.find_tag(project, "anonymous-official").name == "Anonymous official"


def test_default_codebook_is_seeded_once(project: Project, project_path: Path) -> None:
    for tag in codebook.list_tags(project):
        codebook.delete_tag(project, tag.id)
    project.close()
    reopened = open_project(project_path)
    try:
        assert codebook.list_tags(reopened) == []
    finally:
        reopened.close()


def test_add_rename_recolour_archive(project: Project) -> None:
    tag = codebook.add_tag(project, "  Leaked   email ", description="A leaked e-mail")
    assert tag.name == "Leaked email"
    assert tag.position == 11
    assert tag.colour.startswith("#")
    renamed = codebook.update_tag(project, tag.id, name="Leaked e-mail", colour="aabbcc")
    assert (renamed.name, renamed.colour) == ("Leaked e-mail", "#AABBCC")
    archived = codebook.update_tag(project, tag.id, archived=True)
    assert archived.archived
    active = codebook.list_tags(project, include_archived=False)
    assert tag.id not in {t.id for t in active}


def test_bad_tag_input_is_refused_with_a_reason(project: Project) -> None:
    with pytest.raises(ValidationError, match="already a tag called"):
        codebook.add_tag(project, "anonymous official")  # case differs: SQLite UNIQUE is exact
    with pytest.raises(ValidationError, match="already a tag called"):
        codebook.add_tag(project, "Expert")
    with pytest.raises(ValidationError, match="already a tag called"):
        codebook.update_tag(project, codebook.find_tag(project, "document").id, name="EXPERT ")
    with pytest.raises(ValidationError, match="not a colour"):
        codebook.add_tag(project, "X", colour="blue")
    with pytest.raises(ValidationError, match="already belongs"):
        codebook.add_tag(project, "Y", shortcut="1")
    with pytest.raises(ValidationError, match="needs a name"):
        codebook.add_tag(project, "   ")
    with pytest.raises(NotFoundError, match="no tag called"):
        codebook.find_tag(project, "nonexistent")


def test_grouping_refuses_cycles(project: Project) -> None:
    parent = codebook.add_tag(project, "Officials")
    child = codebook.add_tag(project, "Local officials", parent_id=parent.id)
    assert child.parent_id == parent.id
    with pytest.raises(ValidationError, match="grouped under itself"):
        codebook.update_tag(project, parent.id, parent_id=child.id)


def test_reorder_puts_listed_tags_first(project: Project) -> None:
    tags = codebook.list_tags(project)
    reordered = codebook.reorder_tags(project, [tags[3].id, tags[0].id])
    assert [t.id for t in reordered][:3] == [tags[3].id, tags[0].id, tags[1].id]
    assert [t.id for t in codebook.list_tags(project)] == [t.id for t in reordered]


def test_merge_moves_claims_and_removes_the_source(project: Project) -> None:
    article = articles.import_text(project, "Officials said the drone failed to detonate.")
    source = codebook.find_tag(project, "Anonymous other source")
    target = codebook.find_tag(project, "Anonymous official")
    both = claims.create_claim(project, article.id, Span(0, 9), [source.id, target.id])
    only_source = claims.create_claim(project, article.id, Span(10, 14), [source.id])
    merged = codebook.merge_tags(project, source.id, target.id)
    assert merged.id == target.id
    assert claims.get_claim(project, both.id).tag_ids == (target.id,)
    assert claims.get_claim(project, only_source.id).tag_ids == (target.id,)
    assert source.id not in {t.id for t in codebook.list_tags(project)}
    counts = {c.tag.id: c.claims for c in codebook.tag_counts(project, article.id)}
    assert counts[target.id] == 2


def test_a_tag_in_use_cannot_be_deleted(project: Project) -> None:
    article = articles.import_text(project, "A document shows the plan.")
    tag = codebook.find_tag(project, "Document or record")
    claims.create_claim(project, article.id, Span(0, 10), [tag.id])
    with pytest.raises(ValidationError, match="used by 1 claim"):
        codebook.delete_tag(project, tag.id)


def test_tag_names_match_in_any_letter_case_beyond_ascii(project: Project) -> None:
    tag = codebook.add_tag(project, "Économie")
    assert codebook.find_tag(project, "ÉCONOMIE").id == tag.id
    assert codebook.find_tag(project, "économie").id == tag.id
    with pytest.raises(ValidationError, match="already a tag called"):
        codebook.add_tag(project, "ÉCONOMIE")
