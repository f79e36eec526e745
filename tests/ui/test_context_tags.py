"""The window reads the codebook once, and again only after a change to it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from sourcemark.app import codebook
from sourcemark.app.codebook import TagInfo
from sourcemark.app.projects import Project
from sourcemark.ui.changes import Change
from tests.ui.windows import open_window


def test_building_the_window_reads_the_codebook_once(
    qtbot: QtBot, project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[int] = []
    list_tags = codebook.list_tags

    def counted(project: Project, *, include_archived: bool = True) -> list[TagInfo]:
        reads.append(1)
        return list_tags(project, include_archived=include_archived)

    monkeypatch.setattr(codebook, "list_tags", counted)
    window = open_window(qtbot, project_path)
    try:
        assert len(reads) == 1
        window.context.tags()
        assert len(reads) == 1
    finally:
        window.close()


def test_a_change_to_the_codebook_is_read_afresh(qtbot: QtBot, project_path: Path) -> None:
    window = open_window(qtbot, project_path)
    context = window.context
    try:
        before = [tag.name for tag in context.tags()]
        added = codebook.add_tag(context.project, "Leaked memo")
        context.notify(Change(codebook=True))
        assert [tag.name for tag in context.tags()] == [*before, "Leaked memo"]
        codebook.update_tag(context.project, added.id, archived=True)
        context.notify(Change(codebook=True))
        assert "Leaked memo" in [tag.name for tag in context.tags()]
        assert "Leaked memo" not in [tag.name for tag in context.tags(include_archived=False)]
        # What a panel does to the list it is given does not reach the next one.
        context.tags().clear()
        assert len(context.tags()) == len(before) + 1
    finally:
        window.close()
