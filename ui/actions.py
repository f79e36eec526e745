"""Every command of the main window as data: id, text, shortcut, tooltip, menu.

The window builds its menus and the Help → Keyboard shortcuts list from this one table, so a
shortcut cannot exist without a tooltip or be missing from the help.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

CONTEXT = "Actions"
# The stubs say it returns object; it returns the text unchanged. Same name, so lupdate finds it.
QT_TRANSLATE_NOOP = cast(Callable[[str, str], str], QtCore.QT_TRANSLATE_NOOP)


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str
    shortcuts: tuple[str | QKeySequence.StandardKey, ...]
    tooltip: str
    menu: str
    checkable: bool = False
    # Needs a project that can be written to (greyed out on a read-only project).
    writes: bool = False


def _spec(
    id: str,
    text: str,
    shortcuts: tuple[str | QKeySequence.StandardKey, ...],
    tooltip: str,
    menu: str,
    *,
    checkable: bool = False,
    writes: bool = False,
) -> ActionSpec:
    return ActionSpec(id, text, shortcuts, tooltip, menu, checkable, writes)


SK = QKeySequence.StandardKey

# Texts are marked for translation here and translated when the QAction is made.
ACTIONS: tuple[ActionSpec, ...] = (
    # File
    _spec("new_project", QT_TRANSLATE_NOOP(CONTEXT, "&New Project…"), (SK.New,),
          QT_TRANSLATE_NOOP(CONTEXT, "Create a new, empty project file"), "file"),
    _spec("open_project", QT_TRANSLATE_NOOP(CONTEXT, "&Open Project…"), (SK.Open,),
          QT_TRANSLATE_NOOP(CONTEXT, "Open another project file"), "file"),
    _spec("import_articles", QT_TRANSLATE_NOOP(CONTEXT, "&Import Articles…"), ("Ctrl+I",),
          QT_TRANSLATE_NOOP(CONTEXT, "Import articles from files or a folder"), "file",
          writes=True),
    _spec("paste_article", QT_TRANSLATE_NOOP(CONTEXT, "&Paste Article"), ("Ctrl+Shift+V",),
          QT_TRANSLATE_NOOP(CONTEXT, "Add the text on the clipboard as a new article"), "file",
          writes=True),
    _spec("import_claims", QT_TRANSLATE_NOOP(CONTEXT, "Import &Claims from CSV…"),
          ("Ctrl+Shift+I",),
          QT_TRANSLATE_NOOP(CONTEXT, "Add the claims of a CSV file in the export's format"),
          "file", writes=True),
    _spec("export_csv", QT_TRANSLATE_NOOP(CONTEXT, "&Export Claims to CSV…"), ("Ctrl+E",),
          QT_TRANSLATE_NOOP(CONTEXT, "Save the tagged claims as a CSV file for analysis"),
          "file"),
    _spec("restore_backup", QT_TRANSLATE_NOOP(CONTEXT, "&Backups…"), ("Ctrl+Shift+B",),
          QT_TRANSLATE_NOOP(CONTEXT, "List this project's backups and restore one"), "file"),
    _spec("set_annotator", QT_TRANSLATE_NOOP(CONTEXT, "Set Your &Name…"), ("Ctrl+Shift+N",),
          QT_TRANSLATE_NOOP(CONTEXT, "Choose the annotator name put on your new claims"),
          "file"),
    _spec("quit", QT_TRANSLATE_NOOP(CONTEXT, "&Quit"), ("Ctrl+Q",),
          QT_TRANSLATE_NOOP(CONTEXT, "Close Sourcemark; all work is already saved"), "file"),
    # Edit
    _spec("undo", QT_TRANSLATE_NOOP(CONTEXT, "&Undo"), (SK.Undo,),
          QT_TRANSLATE_NOOP(CONTEXT, "Undo the last change"), "edit", writes=True),
    _spec("redo", QT_TRANSLATE_NOOP(CONTEXT, "&Redo"), ("Ctrl+Shift+Z", "Ctrl+Y"),
          QT_TRANSLATE_NOOP(CONTEXT, "Redo the change just undone"), "edit", writes=True),
    _spec("delete_claim", QT_TRANSLATE_NOOP(CONTEXT, "&Delete Claim"), ("Del",),
          QT_TRANSLATE_NOOP(CONTEXT, "Delete the selected claim and its tags"), "edit",
          writes=True),
    _spec("set_span", QT_TRANSLATE_NOOP(CONTEXT, "Set Claim &Span to Selection"),
          ("Ctrl+Shift+S",),
          QT_TRANSLATE_NOOP(CONTEXT, "Extend or shrink the selected claim to the selected text"),
          "edit", writes=True),
    _spec("snap_words", QT_TRANSLATE_NOOP(CONTEXT, "Snap Selections to &Words"),
          ("Ctrl+Shift+W",),
          QT_TRANSLATE_NOOP(CONTEXT, "Widen selections to whole words before tagging"), "edit",
          checkable=True),
    _spec("focus_speaker", QT_TRANSLATE_NOOP(CONTEXT, "Edit S&peaker"), ("Ctrl+K",),
          QT_TRANSLATE_NOOP(CONTEXT, "Move to the speaker field of the selected claim"),
          "edit"),
    _spec("find", QT_TRANSLATE_NOOP(CONTEXT, "&Find in Article…"), (SK.Find,),
          QT_TRANSLATE_NOOP(CONTEXT, "Find words in the open article and select them"),
          "edit"),
    _spec("find_next", QT_TRANSLATE_NOOP(CONTEXT, "Find &Next"), ("F3",),
          QT_TRANSLATE_NOOP(CONTEXT, "Select the next place the words being found appear"),
          "edit"),
    _spec("find_previous", QT_TRANSLATE_NOOP(CONTEXT, "Find Pre&vious"), ("Shift+F3",),
          QT_TRANSLATE_NOOP(CONTEXT, "Select the previous place the words being found appear"),
          "edit"),
    _spec("find_case", QT_TRANSLATE_NOOP(CONTEXT, "Match &Case"), ("Alt+C",),
          QT_TRANSLATE_NOOP(CONTEXT, "Find the words only in the letter case typed"), "edit",
          checkable=True),
    _spec("find_words", QT_TRANSLATE_NOOP(CONTEXT, "Whole Wor&ds Only"), ("Alt+W",),
          QT_TRANSLATE_NOOP(CONTEXT, "Find the words only where they stand alone, not inside "
                            "longer words"), "edit", checkable=True),
    # View / navigation
    _spec("next_claim", QT_TRANSLATE_NOOP(CONTEXT, "Ne&xt Claim"), ("Alt+Down",),
          QT_TRANSLATE_NOOP(CONTEXT, "Select the next claim in the article"), "view"),
    _spec("previous_claim", QT_TRANSLATE_NOOP(CONTEXT, "Pre&vious Claim"), ("Alt+Up",),
          QT_TRANSLATE_NOOP(CONTEXT, "Select the previous claim in the article"), "view"),
    _spec("next_article", QT_TRANSLATE_NOOP(CONTEXT, "Next &Article"), ("Ctrl+PgDown",),
          QT_TRANSLATE_NOOP(CONTEXT, "Open the next article in the list"), "view"),
    _spec("previous_article", QT_TRANSLATE_NOOP(CONTEXT, "Previous A&rticle"), ("Ctrl+PgUp",),
          QT_TRANSLATE_NOOP(CONTEXT, "Open the previous article in the list"), "view"),
    _spec("focus_articles", QT_TRANSLATE_NOOP(CONTEXT, "Go to Article &List"), ("Ctrl+1",),
          QT_TRANSLATE_NOOP(CONTEXT, "Move the keyboard focus to the article list"), "view"),
    _spec("focus_reader", QT_TRANSLATE_NOOP(CONTEXT, "Go to &Reader"), ("Ctrl+2",),
          QT_TRANSLATE_NOOP(CONTEXT, "Move the keyboard focus to the article text"), "view"),
    _spec("focus_inspector", QT_TRANSLATE_NOOP(CONTEXT, "Go to &Inspector"), ("Ctrl+3",),
          QT_TRANSLATE_NOOP(CONTEXT, "Move the keyboard focus to the claim inspector"), "view"),
    _spec("focus_claims", QT_TRANSLATE_NOOP(CONTEXT, "Go to &Claims Table"), ("Ctrl+4",),
          QT_TRANSLATE_NOOP(CONTEXT, "Move the keyboard focus to the claims table"), "view"),
    _spec("zoom_in", QT_TRANSLATE_NOOP(CONTEXT, "Zoom &In"), (SK.ZoomIn, "Ctrl+="),
          QT_TRANSLATE_NOOP(CONTEXT, "Make the article text larger"), "view"),
    _spec("zoom_out", QT_TRANSLATE_NOOP(CONTEXT, "Zoom &Out"), (SK.ZoomOut,),
          QT_TRANSLATE_NOOP(CONTEXT, "Make the article text smaller"), "view"),
    _spec("zoom_reset", QT_TRANSLATE_NOOP(CONTEXT, "&Normal Size"), ("Ctrl+0",),
          QT_TRANSLATE_NOOP(CONTEXT, "Reset the article text to its normal size"), "view"),
    # Review
    _spec("review_mode", QT_TRANSLATE_NOOP(CONTEXT, "&Review Mode"), ("F7",),
          QT_TRANSLATE_NOOP(CONTEXT, "Walk through the claims one by one to review them"),
          "review", checkable=True),
    _spec("review_next", QT_TRANSLATE_NOOP(CONTEXT, "&Next Claim to Review"), ("N",),
          QT_TRANSLATE_NOOP(CONTEXT, "In review mode: go to the next claim"), "review"),
    _spec("review_previous", QT_TRANSLATE_NOOP(CONTEXT, "&Previous Claim to Review"), ("P",),
          QT_TRANSLATE_NOOP(CONTEXT, "In review mode: go back to the previous claim"),
          "review"),
    _spec("review_confirm", QT_TRANSLATE_NOOP(CONTEXT, "&Confirm"), ("C",),
          QT_TRANSLATE_NOOP(CONTEXT, "In review mode: mark the claim confirmed and move on"),
          "review", writes=True),
    _spec("review_dispute", QT_TRANSLATE_NOOP(CONTEXT, "&Dispute"), ("D",),
          QT_TRANSLATE_NOOP(CONTEXT, "In review mode: mark the claim disputed and move on"),
          "review", writes=True),
    _spec("review_needs_check", QT_TRANSLATE_NOOP(CONTEXT, "Needs C&heck"), ("X",),
          QT_TRANSLATE_NOOP(CONTEXT, "In review mode: flag the claim as needing a check"),
          "review", writes=True),
    _spec("review_unreviewed", QT_TRANSLATE_NOOP(CONTEXT, "Mark &Unreviewed"), ("U",),
          QT_TRANSLATE_NOOP(CONTEXT, "In review mode: clear the claim's review verdict"),
          "review", writes=True),
    _spec("review_note", QT_TRANSLATE_NOOP(CONTEXT, "Reviewer &Note"), ("R",),
          QT_TRANSLATE_NOOP(CONTEXT, "In review mode: type a reviewer note for the claim"),
          "review"),
    # Suggestions: Ctrl+Return / Ctrl+Backspace rather than letters, which tags and review use;
    # in a text field the field's own meaning of the key wins (Qt's shortcut override).
    _spec("suggest_claims", QT_TRANSLATE_NOOP(CONTEXT, "&Suggest Claims"), ("Ctrl+Shift+G",),
          QT_TRANSLATE_NOOP(CONTEXT, "Propose the attributions of this article as pending claims"),
          "suggest", writes=True),
    _spec("suggest_all", QT_TRANSLATE_NOOP(CONTEXT, "Suggest for &All Articles"), ("Ctrl+Alt+G",),
          QT_TRANSLATE_NOOP(CONTEXT, "Propose pending claims for every article in the project"),
          "suggest", writes=True),
    _spec("next_suggestion", QT_TRANSLATE_NOOP(CONTEXT, "&Next Suggestion"), ("Alt+Shift+Down",),
          QT_TRANSLATE_NOOP(CONTEXT, "Select the next pending suggestion in the article"),
          "suggest"),
    _spec("previous_suggestion", QT_TRANSLATE_NOOP(CONTEXT, "&Previous Suggestion"),
          ("Alt+Shift+Up",),
          QT_TRANSLATE_NOOP(CONTEXT, "Select the previous pending suggestion in the article"),
          "suggest"),
    _spec("accept_suggestion", QT_TRANSLATE_NOOP(CONTEXT, "A&ccept Suggestion"),
          ("Ctrl+Return", "Ctrl+Enter"),
          QT_TRANSLATE_NOOP(CONTEXT, "Make the selected suggestion your claim and go to the next"),
          "suggest", writes=True),
    _spec("reject_suggestion", QT_TRANSLATE_NOOP(CONTEXT, "&Reject Suggestion"),
          ("Ctrl+Backspace",),
          QT_TRANSLATE_NOOP(CONTEXT, "Turn the suggestion down for good and go to the next"),
          "suggest", writes=True),
    # Help
    _spec("shortcuts", QT_TRANSLATE_NOOP(CONTEXT, "&Keyboard Shortcuts"), ("F1",),
          QT_TRANSLATE_NOOP(CONTEXT, "List every keyboard shortcut"), "help"),
    _spec("about", QT_TRANSLATE_NOOP(CONTEXT, "&About Sourcemark"), ("Ctrl+F1",),
          QT_TRANSLATE_NOOP(CONTEXT, "Version and licence"), "help"),
)  # fmt: skip

MENUS: tuple[tuple[str, str], ...] = (
    ("file", QT_TRANSLATE_NOOP(CONTEXT, "&File")),
    ("edit", QT_TRANSLATE_NOOP(CONTEXT, "&Edit")),
    ("view", QT_TRANSLATE_NOOP(CONTEXT, "&View")),
    ("review", QT_TRANSLATE_NOOP(CONTEXT, "&Review")),
    ("suggest", QT_TRANSLATE_NOOP(CONTEXT, "&Suggestions")),
    ("help", QT_TRANSLATE_NOOP(CONTEXT, "&Help")),
)

# Actions whose single-letter keys only make sense while reviewing.
REVIEW_KEYS = frozenset(
    {"review_next", "review_previous", "review_confirm", "review_dispute",
     "review_needs_check", "review_unreviewed", "review_note"}
)  # fmt: skip


def translate(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def create_actions(parent: QWidget) -> dict[str, QAction]:
    """One QAction per spec, translated, with its shortcuts and a tooltip naming the keys."""
    actions: dict[str, QAction] = {}
    for spec in ACTIONS:
        action = QAction(translate(spec.text), parent)
        action.setObjectName(spec.id)
        sequences = [QKeySequence(s) for s in spec.shortcuts]
        action.setShortcuts(sequences)
        keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in sequences)
        tip = translate(spec.tooltip)
        action.setToolTip(f"{tip} ({keys})" if keys else tip)
        action.setStatusTip(tip)
        action.setCheckable(spec.checkable)
        actions[spec.id] = action
    return actions


def shortcut_rows() -> list[tuple[str, str, str]]:
    """(menu, action text, keys) for the Help → Keyboard shortcuts list."""
    menu_names = dict(MENUS)
    rows = []
    for spec in ACTIONS:
        keys = ", ".join(
            QKeySequence(s).toString(QKeySequence.SequenceFormat.NativeText) for s in spec.shortcuts
        )
        text = translate(spec.text).replace("&", "").removesuffix("…")
        rows.append((translate(menu_names[spec.menu]).replace("&", ""), text, keys))
    return rows
