"""`sourcemark tags`: list, add, edit, rename, merge, archive, delete."""

from __future__ import annotations

from tests.app.cli.helpers import Run, assert_one_line_error


def names(run: Run, *options: str) -> list[str]:
    return [line.split("  ")[0].strip() for line in run("tags", *options).lines]


def test_tags_lists_the_default_codebook_one_tag_a_line(run: Run) -> None:
    result = run("tags")
    assert result.code == 0
    assert len(result.lines) == 11
    first = result.lines[0]
    assert first.startswith("Anonymous official ")
    assert "  1  #77AADD  " in first and "key anonymous-official" in first
    # Names are padded to one width, so the shortcut column lines up.
    assert len({line.index("#") for line in result.lines}) == 1


def test_a_listed_name_works_as_typed_in_tag(run: Run, article_id: int) -> None:
    for name in names(run):
        result = run("annotate", str(article_id), "--quote", "東京の専門家", "--tag", name)
        assert result.code == 0, result.err


def test_tags_add_with_details_and_non_ascii_name(run: Run) -> None:
    result = run(
        "tags", "add", "Témoin anonyme — 匿名", "--colour", "#aa3377", "--description",
        "Un témoin qui n’est pas nommé", "--shortcut", "w",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert result.out.startswith("Témoin anonyme — 匿名  w  #AA3377")
    listed = run("tags").lines[-1]
    assert listed.startswith("Témoin anonyme — 匿名") and "0 claims" in listed


def test_tags_add_refuses_bad_input_with_one_line(run: Run) -> None:
    assert_one_line_error(run("tags", "add", "Expert"), "already a tag called 'Expert'")
    assert_one_line_error(run("tags", "add", "New", "--colour", "blue"), "not a colour")
    assert_one_line_error(run("tags", "add", "New", "--shortcut", "1"), "already belongs")
    assert_one_line_error(run("tags", "add", "  "), "needs a name")


def test_tags_edit_rename_and_the_shortcut_lookup(run: Run) -> None:
    edited = run("tags", "edit", "expert", "--colour", "123456", "--shortcut", "")
    assert edited.code == 0, edited.err
    assert edited.out.startswith("Expert  -  #123456")
    renamed = run("tags", "rename", "Expert", "Analyst or academic")
    assert renamed.out.startswith("Analyst or academic")
    # The default codebook's key still finds the renamed tag; so does its shortcut.
    assert run("tags", "edit", "expert", "--shortcut", "e").out.startswith("Analyst or academic  e")
    assert run("tags", "edit", "e", "--description", "x").code == 0
    assert_one_line_error(run("tags", "edit", "expert"), "nothing to change")
    assert_one_line_error(run("tags", "rename", "nope", "x"), "no tag called 'nope'")


def test_tags_merge_moves_the_claims(run: Run, article_id: int) -> None:
    run("annotate", str(article_id), "--quote", "東京の専門家", "--tag", "Data or poll")
    result = run("tags", "merge", "data-poll", "document")
    assert result.code == 0
    assert "merged 'Data or poll' into 'Document or record'" in result.err
    assert "Data or poll" not in names(run)
    document = next(line for line in run("tags").lines if line.startswith("Document"))
    assert "1 claim " in document
    assert_one_line_error(run("tags", "merge", "expert", "expert"), "into itself")


def test_tags_archive_hides_from_active_and_delete_refuses_used_tags(
    run: Run, article_id: int
) -> None:
    archived = run("tags", "archive", "Other media report")
    assert archived.out.rstrip().endswith("(archived)")
    assert "Other media report" not in names(run, "--active")
    assert "Other media report" in names(run)
    assert "(archived)" not in run("tags", "unarchive", "other-media").out
    run("annotate", str(article_id), "--quote", "東京の専門家", "--tag", "expert")
    assert_one_line_error(run("tags", "delete", "expert"), "used by 1 claim", "archive")
    deleted = run("tags", "delete", "declined-to-comment")
    assert deleted.code == 0 and "Declined to comment" not in names(run)
