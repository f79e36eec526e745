"""The claims of one article as highlights: an index by position, flattened into styled segments.

The reader draws every claim as a coloured background. Claims overlap and nest, so each
paragraph (a Qt block) is cut into *segments* where the set of covering claims is constant,
and each segment gets one style: the blend of its claims' colours, stronger the more claims
stack there, with an underline wherever two or more overlap, and a dashed underline (no fill)
for suggestions still waiting to be accepted.

The index answers "which claims touch this block" with two bisects, and adding, changing or
removing one claim names the one or two blocks to re-format, whatever the number of claims.
Positions here are code points into the stored text; converting them to Qt positions is the
view's job (:mod:`.offsets`).

Pure Python (no Qt) so the flattening can be tested without a display.
"""

from __future__ import annotations

import sys
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice, pairwise
from operator import attrgetter, le, sub
from typing import Literal, NamedTuple

UnderlineKind = Literal["solid", "dashed"]


class Highlight(NamedTuple):
    """One claim as the reader shows it (immutable).

    ``start``/``end`` are code points, end exclusive. ``colours`` holds one ``#RRGGBB`` per tag
    (blended when there are several; an empty tuple shows a neutral grey). ``pending`` marks an
    unaccepted suggestion: drawn as a dashed underline without fill.

    A NamedTuple rather than a frozen dataclass: an article open builds tens of thousands of
    these, and a frozen dataclass takes three times as long to construct. Use ``_replace``
    to derive a changed copy.
    """

    claim_id: int
    start: int
    end: int
    colours: tuple[str, ...] = ()
    pending: bool = False


@dataclass(frozen=True, slots=True)
class Theme:
    """The page colours a fill is blended against, so text stays readable in light and dark."""

    page: str = "#ffffff"
    text: str = "#1a1a1a"

    @property
    def dark(self) -> bool:
        return _luminance(_rgb(self.page)) < 0.5


class SegmentStyle(NamedTuple):
    """How one segment looks: hashable, so equal styles share one Qt format."""

    fill: str | None
    underline: str | None = None
    underline_kind: UnderlineKind | None = None


class Segment(NamedTuple):
    """A run of text covered by the same claims; ``claim_ids`` innermost (shortest) first."""

    start: int
    end: int
    claim_ids: tuple[int, ...]
    style: SegmentStyle


NEUTRAL = "#9e9e9e"
_ID = attrgetter("claim_id")
_START = attrgetter("start")
_END = attrgetter("end")
# Fill strength by depth (number of accepted claims covering the text): one claim reads as a
# soft wash; each claim stacked on top darkens it, so nesting shows even between equal colours.
_ALPHA_LIGHT = (0.32, 0.5, 0.64, 0.74)
_ALPHA_DARK = (0.38, 0.55, 0.68, 0.78)


class HighlightIndex:
    """The claims of one article, queried by block and flattened into segments on demand.

    ``block_starts`` are the code-point indexes where each paragraph starts (0 first, then one
    after every paragraph break); ``length`` is the text length. Block ``b`` covers
    ``[block_starts[b], block_starts[b + 1] - 1)`` — its break character is not part of it.

    Claims are kept sorted by start, with the length of the longest one (its *reach*): the
    claims touching ``[a, b)`` are those starting in ``[a - reach, b)`` that end after ``a``,
    two bisects and a short scan. Building that is one C-level sort, so opening an article
    costs a few milliseconds for 50,000 claims; no per-block lists are kept, because only the
    blocks coming into view are ever asked for. The few claims far longer than the rest are
    kept aside so they do not widen every query.
    """

    LONG_CLAIM = 2000  # characters; longer claims are scanned apart (there are few)

    def __init__(self, block_starts: Sequence[int], length: int, theme: Theme | None = None):
        if not block_starts or block_starts[0] != 0:
            raise ValueError("block_starts must begin with 0")
        self._blocks: list[int] = list(block_starts)
        self._length = length
        self._theme = theme or Theme()
        self._by_id_cache: dict[int, Highlight] | None = {}
        self._sorted: list[Highlight] = []  # claims up to LONG_CLAIM long, by start
        self._starts: list[int] = []  # their starts, for bisect
        self._reach = 0  # the longest of them (never shrinks: a wider window is still right)
        self._long: dict[int, Highlight] = {}
        self._styles: dict[tuple[tuple[str, ...], tuple[str, ...]], SegmentStyle] = {}
        self._single_styles: dict[tuple[tuple[str, ...], bool], SegmentStyle] = {}

    # -- geometry ---------------------------------------------------------------------------

    @property
    def block_count(self) -> int:
        return len(self._blocks)

    def block_of(self, codepoint: int) -> int:
        """The block holding ``codepoint`` (a paragraph break belongs to the block it ends)."""
        return max(bisect_right(self._blocks, codepoint) - 1, 0)

    def block_span(self, block: int) -> tuple[int, int]:
        """``[start, end)`` of a block's text, without its trailing break."""
        start = self._blocks[block]
        end = self._blocks[block + 1] - 1 if block + 1 < len(self._blocks) else self._length
        return start, end

    def blocks_of(self, highlight: Highlight) -> range:
        """The blocks a highlight touches (empty for an empty span)."""
        start, end = max(highlight.start, 0), min(highlight.end, self._length)
        if end <= start:
            return range(0)
        return range(self.block_of(start), self.block_of(end - 1) + 1)

    # -- contents ---------------------------------------------------------------------------

    @property
    def _by_id(self) -> dict[int, Highlight]:
        """Claims by id, built on first use or by ``prepare_lookups`` (the reader does, once
        the article has painted): opening an article never needs it.

        Ids should be unique; if one was given twice, the last copy is kept here and the
        earlier ones are dropped from the index too, as :meth:`put` would have done.
        """
        by_id = self._by_id_cache
        if by_id is None:
            everything = [*self._sorted, *self._long.values()]
            by_id = dict(zip(map(_ID, everything), everything, strict=True))
            if len(by_id) != len(everything):
                self._sorted = [h for h in self._sorted if by_id[h.claim_id] is h]
                self._starts = list(map(_START, self._sorted))
                self._long = {i: h for i, h in self._long.items() if by_id[i] is h}
            self._by_id_cache = by_id
        return by_id

    def prepare_lookups(self) -> None:
        """Build the claims-by-id map now (see ``_by_id``)."""
        self._by_id  # noqa: B018 - the property builds the map

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, claim_id: object) -> bool:
        return claim_id in self._by_id

    def get(self, claim_id: int) -> Highlight | None:
        return self._by_id.get(claim_id)

    def highlights(self) -> Iterable[Highlight]:
        return self._by_id.values()

    def reset(self, highlights: Iterable[Highlight]) -> None:
        """Replace every highlight. A claim id given twice keeps the last one, as with put().

        Three C-level passes (starts, order check, lengths) and no per-claim Python code in
        the usual case of valid claims sorted by start, as the database returns them.
        """
        kept = list(highlights)
        starts = list(map(_START, kept))
        in_order = all(map(le, starts, islice(starts, 1, None)))
        if not in_order:
            kept.sort(key=_START)
            starts = list(map(_START, kept))
        lengths = list(map(sub, map(_END, kept), starts))
        length = self._length
        if kept and (min(lengths) <= 0 or starts[-1] >= length or starts[0] < 0):
            # Empty spans, or claims reaching outside the text: the slow, careful way (rare).
            kept = [h for h in kept if h.start < h.end and h.start < length and h.end > 0]
            starts = list(map(_START, kept))
            lengths = list(map(sub, map(_END, kept), starts))
        reach = max(lengths, default=0)
        long: dict[int, Highlight] = {}
        if reach > self.LONG_CLAIM:
            long = {h.claim_id: h for h in kept if h.end - h.start > self.LONG_CLAIM}
            kept = [h for h in kept if h.end - h.start <= self.LONG_CLAIM]
            starts = list(map(_START, kept))
            reach = max((h.end - h.start for h in kept), default=0)
        self._sorted = kept
        self._starts = starts
        self._reach = reach
        self._long = long
        self._by_id_cache = None  # built on first use by id

    def put(self, highlight: Highlight) -> set[int]:
        """Add or replace one highlight; returns the blocks whose look may have changed."""
        touched = self._discard(highlight.claim_id)
        if not (highlight.start < highlight.end and highlight.start < self._length):
            return touched
        if highlight.end <= 0:
            return touched
        self._by_id[highlight.claim_id] = highlight
        size = highlight.end - highlight.start
        if size > self.LONG_CLAIM:
            self._long[highlight.claim_id] = highlight
        else:
            at = bisect_right(self._starts, highlight.start)
            self._starts.insert(at, highlight.start)
            self._sorted.insert(at, highlight)
            self._reach = max(self._reach, size)
        touched.update(self.blocks_of(highlight))
        return touched

    def remove(self, claim_id: int) -> set[int]:
        """Remove one highlight (no error when absent); returns the blocks to re-format."""
        return self._discard(claim_id)

    def _discard(self, claim_id: int) -> set[int]:
        old = self._by_id.pop(claim_id, None)
        if old is None:
            return set()
        if self._long.pop(claim_id, None) is None:
            at = bisect_left(self._starts, old.start)
            while self._sorted[at].claim_id != claim_id:
                at += 1
            del self._sorted[at]
            del self._starts[at]
        return set(self.blocks_of(old))

    def touching(self, start: int, end: int) -> list[Highlight]:
        """The claims overlapping ``[start, end)``, in no particular order."""
        low = bisect_left(self._starts, start - self._reach)
        high = bisect_left(self._starts, end)
        found = [h for h in self._sorted[low:high] if h.end > start]
        if self._long:
            found.extend(h for h in self._long.values() if h.start < end and h.end > start)
        return found

    def in_block(self, block: int) -> list[Highlight]:
        return self.touching(*self.block_span(block))

    def claims_at(self, codepoint: int) -> list[int]:
        """Ids of the claims covering ``codepoint``, innermost (shortest) first."""
        found = self.touching(codepoint, codepoint + 1)
        found.sort(key=_innermost_first)
        return [h.claim_id for h in found]

    def step_from(
        self, place: Place | None, step: int, *, pending_only: bool = False
    ) -> int | None:
        """The claim after (``step`` > 0) or before ``place``, a claim's (start, end, id), in
        reading order; from the first or the last one when ``place`` is None. Only pending
        suggestions with ``pending_only``. None past the end.

        Bisection into the claims by start, then a scan to the first claim that fits, to the
        end of its group of equal starts: no list of all the claims in reading order is
        kept (building one took 20-30 ms at 50,000 claims, after every open).
        """
        forward = step > 0
        if place is None:
            place = _BEFORE_ALL if forward else _AFTER_ALL
        best: Place | None = None
        for highlight in self._long.values():
            best = _nearer(best, highlight, place, forward, pending_only)
        sorted_, count = self._sorted, len(self._sorted)
        if forward:
            at = bisect_left(self._starts, place[0])
            while at < count and (best is None or sorted_[at].start <= best[0]):
                best = _nearer(best, sorted_[at], place, forward, pending_only)
                at += 1
        else:
            at = bisect_right(self._starts, place[0]) - 1
            while at >= 0 and (best is None or sorted_[at].start >= best[0]):
                best = _nearer(best, sorted_[at], place, forward, pending_only)
                at -= 1
        return None if best is None else best[2]

    # -- look -------------------------------------------------------------------------------

    @property
    def theme(self) -> Theme:
        return self._theme

    def set_theme(self, theme: Theme) -> None:
        if theme != self._theme:
            self._theme = theme
            self._styles.clear()
            self._single_styles.clear()

    def segments(self, block: int) -> list[Segment]:
        """The block's highlighted text cut where the set of covering claims changes."""
        block_start, block_end = self.block_span(block)
        highlights = self.touching(block_start, block_end)
        if not highlights:
            return []
        if len(highlights) == 1:  # the common case needs no sweep
            only = highlights[0]
            start, end = max(only.start, block_start), min(only.end, block_end)
            return [Segment(start, end, (only.claim_id,), self._style_for((only,)))]
        cuts = {block_start, block_end}
        for h in highlights:
            if block_start < h.start < block_end:
                cuts.add(h.start)
            if block_start < h.end < block_end:
                cuts.add(h.end)
        ordered = sorted(cuts)
        by_start = sorted(highlights, key=_START)
        segments: list[Segment] = []
        active: list[Highlight] = []
        next_index = 0
        for left, right in pairwise(ordered):
            while next_index < len(by_start) and by_start[next_index].start <= left:
                active.append(by_start[next_index])
                next_index += 1
            active = [h for h in active if h.end > left]
            if not active:
                continue
            covering = tuple(sorted(active, key=_innermost_first))
            ids = tuple(h.claim_id for h in covering)
            previous = segments[-1] if segments else None
            if previous and previous.end == left and previous.claim_ids == ids:
                segments[-1] = previous._replace(end=right)
            else:
                segments.append(Segment(left, right, ids, self._style_for(covering)))
        return segments

    def _style_for(self, covering: Sequence[Highlight]) -> SegmentStyle:
        if len(covering) == 1:  # most text is under one claim: skip building the key
            only = covering[0]
            single = self._single_styles.get((only.colours, only.pending))
            if single is None:
                single = self._style_for_many(covering)
                self._single_styles[(only.colours, only.pending)] = single
            return single
        return self._style_for_many(covering)

    def _style_for_many(self, covering: Sequence[Highlight]) -> SegmentStyle:
        accepted = tuple(sorted(_claim_colour(h) for h in covering if not h.pending))
        pending = tuple(sorted({_claim_colour(h) for h in covering if h.pending}))
        key = (accepted, pending)
        style = self._styles.get(key)
        if style is None:
            style = segment_style(accepted, pending, self._theme)
            self._styles[key] = style
        return style


def segment_style(accepted: Sequence[str], pending: Sequence[str], theme: Theme) -> SegmentStyle:
    """The look of text covered by claims of colours ``accepted`` and suggestions ``pending``.

    Fills are opaque colours pre-blended with the page, so the text colour stays readable;
    depth (how many claims stack) raises the strength, and two or more add an underline in a
    deeper shade of the blend. A suggestion adds a dashed underline in its own colour.
    """
    page = _rgb(theme.page)
    dark = theme.dark
    fill: str | None = None
    underline: str | None = None
    kind: UnderlineKind | None = None
    if accepted:
        mixed = _mean([_rgb(colour) for colour in accepted])
        alphas = _ALPHA_DARK if dark else _ALPHA_LIGHT
        alpha = alphas[min(len(accepted), len(alphas)) - 1]
        fill = _hex(_mix(page, mixed, alpha))
        if len(accepted) > 1:
            underline = _hex(_deepen(mixed, dark))
            kind = "solid"
    if pending:
        underline = _hex(_deepen(_mean([_rgb(colour) for colour in pending]), dark))
        kind = "dashed"
    return SegmentStyle(fill, underline, kind)


def _innermost_first(h: Highlight) -> tuple[int, int, int]:
    return (h.end - h.start, -h.start, h.claim_id)


def _claim_colour(h: Highlight) -> str:
    return _colour_of_tags(h.colours)


@lru_cache(maxsize=4096)
def _colour_of_tags(colours: tuple[str, ...]) -> str:
    if not colours:
        return NEUTRAL
    if len(colours) == 1:
        return colours[0].lower()
    return _hex(_mean([_rgb(colour) for colour in colours]))


RGB = tuple[float, float, float]


@lru_cache(maxsize=4096)
def _rgb(colour: str) -> RGB:
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"Colour {colour!r} is not #RRGGBB.")
    return (int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255)


def _hex(rgb: RGB) -> str:
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02x}" for c in rgb)


def _mean(colours: Sequence[RGB]) -> RGB:
    n = len(colours)
    return (
        sum(c[0] for c in colours) / n,
        sum(c[1] for c in colours) / n,
        sum(c[2] for c in colours) / n,
    )


def _mix(base: RGB, top: RGB, alpha: float) -> RGB:
    return (
        base[0] + (top[0] - base[0]) * alpha,
        base[1] + (top[1] - base[1]) * alpha,
        base[2] + (top[2] - base[2]) * alpha,
    )


def _deepen(rgb: RGB, dark: bool) -> RGB:
    """A shade of ``rgb`` that stands out from its fill: darker on light pages, lighter on dark."""
    return _mix(rgb, (1.0, 1.0, 1.0), 0.35) if dark else _mix(rgb, (0.0, 0.0, 0.0), 0.35)


def _luminance(rgb: RGB) -> float:
    return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]


# A claim's place in reading order: (start, end, id).
Place = tuple[int, int, int]
_BEFORE_ALL: Place = (-1, -1, -1)
_AFTER_ALL: Place = (sys.maxsize, sys.maxsize, sys.maxsize)


def _nearer(
    best: Place | None, highlight: Highlight, place: Place, forward: bool, pending_only: bool
) -> Place | None:
    """``best``, or ``highlight``'s place if it lies beyond ``place`` and nearer to it."""
    if pending_only and not highlight.pending:
        return best
    candidate = (highlight.start, highlight.end, highlight.claim_id)
    if forward:
        if candidate > place and (best is None or candidate < best):
            return candidate
    elif candidate < place and (best is None or candidate > best):
        return candidate
    return best
