"""Between the reader and the project: show the current article, and tag what is selected.

The reader knows text and highlights; this controller knows claims and tags. It loads an
article once, then applies each ``Change`` to the few highlights it names, so an edit costs
the same in an article with ten claims or fifty thousand.

Opening an article loads only what the reader draws (``highlight_rows``: id, span, origin,
tags), read on a worker thread while the reader lays the text out; a claim's full details
(speaker, notes...) are read when something asks for them, one claim at a time (``claim``).
Building full ``ClaimInfo`` values for 50,000 claims took 3 s; the rows take a tenth of that.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence

from sourcemark.app import articles
from sourcemark.app.articles import ArticleText
from sourcemark.app.claims import ClaimInfo
from sourcemark.app.codebook import TagInfo
from sourcemark.app.highlight_rows import HighlightRow, HighlightRowsReading
from sourcemark.app.tally import ClaimTally
from sourcemark.app.textspan import Span, snap_to_words
from sourcemark.ui.changes import Change
from sourcemark.ui.commands import ClaimTagCommand, SetSpanCommand, TagSpanCommand, run
from sourcemark.ui.context import AppContext
from sourcemark.ui.garbage import collection_paused, settle_survivors
from sourcemark.ui.reader.highlights import Highlight
from sourcemark.ui.reader.view import ReaderView


class AnnotationController(QObject):
    """Keeps the reader showing the current article's claims and turns tag keys into claims."""

    # Emitted when the set of tag shortcut actions is rebuilt (for the shortcuts help).
    tagActionsChanged = Signal()
    message = Signal(str)

    def __init__(self, context: AppContext, reader: ReaderView) -> None:
        super().__init__(reader)
        self.context = context
        self.reader = reader
        self.tags: dict[int, TagInfo] = {}
        self.text = ""
        self.article_text: ArticleText | None = None  # self.text with its uuid, for tagging
        # Every visible claim of the open article as the reader draws it, by id.
        self.rows: dict[int, HighlightRow] = {}
        # Its counts (claims, reviewed, tags) for the article list and the codebook.
        self.tally = ClaimTally()
        self.tag_actions: list[QAction] = []
        reader.tooltip_provider = self.tooltip_for
        reader.claimClicked.connect(self._on_claim_clicked)
        context.changed.connect(self._on_changed)
        context.currentArticleChanged.connect(self._on_article_changed)
        context.currentClaimChanged.connect(self._on_claim_changed)
        self.reload_codebook()

    # -- loading -------------------------------------------------------------------------

    def reload_codebook(self) -> None:
        self.tags = {tag.id: tag for tag in self.context.tags()}
        self._rebuild_tag_actions()

    def load_article(self, article_id: int | None) -> None:
        if article_id is None:
            self.text, self.rows, self.tally = "", {}, ClaimTally()
            self.article_text = None
            self.reader.set_article("", [])
            return
        project = self.context.project
        # Tens of thousands of rows and highlights that all live on: a collection meanwhile
        # only walks them (and the whole window) again, a fifth of opening 50,000 claims.
        # Paused, it also lets the rows be read on a worker thread while the text is laid out.
        with (
            collection_paused(),
            HighlightRowsReading(
                project, article_id, origins=_VISIBLE_ORIGINS, meanwhile=True
            ) as reading,
        ):
            self.article_text = articles.read_article_text(project, article_id)
            self.text = self.article_text.text
            self.reader.set_article(self.text)
            rows = reading.rows()
            self.rows = {row.id: row for row in rows}
            self.tally = ClaimTally.of(rows)
            self.reader.set_highlights(self._highlights(rows))
            # A big article's survivors are most of what the oldest generation would hold:
            # walk it now too (see settle_survivors). A small one's are not worth its cost
            # (~5 ms once the article list of 10,000 has been read again).
            settle_survivors(oldest_too=len(rows) >= _MANY_CLAIMS)
        self.context.publish_tally(article_id, self.tally)

    def claim(self, claim_id: int | None) -> ClaimInfo | None:
        """The full details of a claim of the open article, read once when first asked for."""
        if claim_id is None or claim_id not in self.rows:
            return None
        return self.context.claim(claim_id)

    def highlight(self, claim: ClaimInfo | HighlightRow) -> Highlight:
        colours = tuple(self.tags[t].colour for t in claim.tag_ids if t in self.tags)
        return Highlight(
            claim.id, claim.start, claim.end, colours, pending=claim.origin == "suggested"
        )

    def _highlights(self, rows: Sequence[HighlightRow]) -> list[Highlight]:
        # Most claims share a few tag combinations: look each one's colours up once.
        tags = self.tags
        colours_of = {
            tag_ids: tuple(tags[t].colour for t in tag_ids if t in tags)
            for tag_ids in {row.tag_ids for row in rows}
        }
        # tuple.__new__ skips the NamedTuple's own __new__ (defaults, keywords): 50,000
        # highlights in half the time.
        new = tuple.__new__
        return [
            new(Highlight, (claim_id, start, end, colours_of[tag_ids], origin == "suggested"))
            for claim_id, start, end, origin, tag_ids, _status in rows
        ]

    # -- tagging -------------------------------------------------------------------------

    def selected_span(self) -> Span | None:
        """The reader's selection in code points, snapped to words if the setting says so."""
        selected = self.reader.selected_span()
        if selected is None:
            return None
        start, end = selected
        if self.context.settings.snap_to_words:
            span = snap_to_words(self.text, start, end)
            return span if span.end > span.start else None
        return Span(start, end) if end > start else None

    def apply_tag(self, tag_id: int) -> bool:
        """Tag the selected passage; with no selection, toggle the tag on the current claim."""
        article_id = self.context.article_id
        tag = self.tags.get(tag_id)
        if article_id is None or tag is None:
            return False
        span = self.selected_span()
        if span is not None:
            command = TagSpanCommand(self.context, article_id, span, tag, self.article_text)
            return run(self.context, command)
        current = self.claim(self.context.claim_id)
        if current is None:
            self.message.emit(
                self.tr("Select a passage first, then press the tag's key to mark it.")
            )
            return False
        add = tag_id not in current.tag_ids
        return run(self.context, ClaimTagCommand(self.context, current, tag, add=add))

    def set_span_to_selection(self) -> bool:
        current = self.claim(self.context.claim_id)
        span = self.selected_span()
        if current is None or span is None:
            self.message.emit(self.tr("Select a claim, then select its new passage."))
            return False
        return run(self.context, SetSpanCommand(self.context, current, span))

    def neighbour_claim(self, step: int) -> int | None:
        """The claim before or after the current one, in reading order."""
        current = self.rows.get(self.context.claim_id or -1)
        place = None if current is None else (current.start, current.end, current.id)
        return self.reader.step_from(place, step)

    def pending_suggestion(
        self, step: int, after: tuple[int, int, int] | None = None
    ) -> int | None:
        """The open article's pending suggestion after (``step`` > 0) or before ``after``, a
        claim's (start, end, id), wrapping round; the first or last one without ``after``.
        None when there is no other one.

        From the highlights the reader holds: reading the article's suggestions as claims
        took ~300 ms at 50,000 claims, on every step.
        """
        found = self.reader.step_from(after, step, pending_only=True)
        if found is None and after is not None:
            found = self.reader.step_from(None, step, pending_only=True)  # round the end
        return None if after is not None and found == after[2] else found

    def tooltip_for(self, claim_ids: Sequence[int]) -> str:
        parts = []
        for claim_id in claim_ids:
            claim = self.claim(claim_id)
            if claim is None:
                continue
            names = ", ".join(self.tags[t].name for t in claim.tag_ids if t in self.tags)
            lines = [f"<b>{html.escape(names or self.tr('No tag'))}</b>"]
            if claim.origin == "suggested":
                lines.append(f"<i>{html.escape(self.tr('Suggestion, not yet accepted'))}</i>")
            if claim.speaker:
                who = claim.speaker + (f" ({claim.affiliation})" if claim.affiliation else "")
                lines.append(html.escape(self.tr("Speaker: %s") % who))
            if claim.note:
                lines.append(html.escape(self.tr("Note: %s") % claim.note))
            parts.append("<br>".join(lines))
        return "<hr>".join(parts)

    # -- reacting to the project -------------------------------------------------------------

    @Slot(object)
    def _on_changed(self, change: Change) -> None:
        if change.codebook:
            self.reload_codebook()
        article_id = self.context.article_id
        if change.everything:
            self.load_article(article_id)
            self.reader.set_current_claim(self.context.claim_id)
            return
        if article_id is None or article_id not in change.claims_of:
            return
        if not change.claim_ids:
            self.load_article(article_id)
            return
        updated = self.context.claims_now(change.claim_ids)
        for claim_id in change.claim_ids:
            claim = updated.get(claim_id)
            before = self.rows.pop(claim_id, None)
            if before is not None:
                self.tally.remove(before)
            if claim is None or claim.origin not in _VISIBLE_ORIGINS:
                self.reader.remove_highlight(claim_id)
            else:
                row = HighlightRow(
                    claim.id, claim.start, claim.end, claim.origin, claim.tag_ids, claim.status
                )
                self.rows[claim_id] = row
                self.tally.add(row)
                self.reader.set_highlight(self.highlight(claim))
        self.context.publish_tally(article_id, self.tally)

    @Slot(int)
    def _on_article_changed(self, article_id: int) -> None:
        self.load_article(None if article_id < 0 else article_id)

    @Slot(int)
    def _on_claim_changed(self, claim_id: int) -> None:
        claim = self.rows.get(claim_id)
        self.reader.set_current_claim(claim.id if claim else None)
        if claim is not None and not self._selection_is(claim):
            self.reader.select_span(claim.start, claim.end)

    @Slot(int)
    def _on_claim_clicked(self, claim_id: int) -> None:
        self.context.set_claim(claim_id)

    def _selection_is(self, claim: HighlightRow) -> bool:
        return self.reader.selected_span() == (claim.start, claim.end)

    def _rebuild_tag_actions(self) -> None:
        for action in self.tag_actions:
            self.reader.removeAction(action)
            action.deleteLater()
        self.tag_actions = []
        for tag in self.tags.values():
            if tag.archived or not tag.shortcut:
                continue
            action = QAction(tag.name, self.reader)
            action.setShortcut(QKeySequence(tag.shortcut.upper()))
            # Only while reading: the key types normally in every text field.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(self.tr("Tag the selection “%s” (%s)") % (tag.name, tag.shortcut))
            action.setData(tag.id)
            action.triggered.connect(self._on_tag_action)
            self.reader.addAction(action)
            self.tag_actions.append(action)
        self.tagActionsChanged.emit()

    @Slot()
    def _on_tag_action(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.apply_tag(int(action.data()))


# Rejected suggestions stay in the project (so they are not proposed again) but are not shown.
_VISIBLE_ORIGINS = ("manual", "suggested", "accepted", "edited")
# Claims from which opening an article also collects Python's oldest generation.
_MANY_CLAIMS = 2000
