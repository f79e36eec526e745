"""The claims of one article as highlights: an index by paragraph, flattened into styled segments.

The reader draws every claim as a coloured background. Claims overlap and nest, so each
paragraph (a Qt block) is cut into *segments* where the set of covering claims is constant,
and each segment gets one style: the blend of its claims' colours, stronger the more claims
stack there, with an underline wherever two or more overlap, and a dashed underline (no fill)
for suggestions still waiting to be accepted.

Highlights are kept per block, so adding, changing or removing one claim names the one or two
blocks to re-format, whatever the number of claims. Positions here are code points into the
stored text; converting them to Qt positions is the view's job (:mod:`.offsets`).

Pure Python (no Qt) so the flattening can be tested without a display.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

UnderlineKind = Literal["solid", "dashed"]


@dataclass(frozen=True, slots=True)
class Highlight:
    """One claim as the reader shows it.

    ``start``/``end`` are code points, end exclusive. ``colours`` holds one ``#RRGGBB`` per tag
    (blended when there are several; an empty tuple shows a neutral grey). ``pending`` marks an
    unaccepted suggestion: drawn as a dashed underline without fill.
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


@dataclass(frozen=True, slots=True)
class SegmentStyle:
    """How one segment looks: hashable, so equal styles share one Qt format."""

    fill: str | None
    underline: str | None = None
    underline_kind: UnderlineKind | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text covered by the same claims; ``claim_ids`` innermost (shortest) first."""

    start: int
    end: int
    claim_ids: tuple[int, ...]
    style: SegmentStyle


NEUTRAL = "#9e9e9e"
# Fill strength by depth (number of accepted claims covering the text): one claim reads as a
# soft wash; each claim stacked on top darkens it, so nesting shows even between equal colours.
_ALPHA_LIGHT = (0.32, 0.5, 0.64, 0.74)
_ALPHA_DARK = (0.38, 0.55, 0.68, 0.78)


class HighlightIndex:
    """Highlights by block, flattened on demand into the segments of one block.

    ``block_starts`` are the code-point indexes where each paragraph starts (0 first, then one
    after every paragraph break); ``length`` is the text length. Block ``b`` covers
    ``[block_starts[b], block_starts[b + 1] - 1)`` — its break character is not part of it.
    """

    def __init__(self, block_starts: Sequence[int], length: int, theme: Theme | None = None):
        if not block_starts or block_starts[0] != 0:
            raise ValueError("block_starts must begin with 0")
        self._starts: list[int] = list(block_starts)
        self._length = length
        self._theme = theme or Theme()
        self._by_id: dict[int, Highlight] = {}
        self._by_block: dict[int, list[Highlight]] = {}
        self._styles: dict[tuple[tuple[str, ...], tuple[str, ...]], SegmentStyle] = {}

    # -- geometry ---------------------------------------------------------------------------

    @property
    def block_count(self) -> int:
        return len(self._starts)

    def block_of(self, codepoint: int) -> int:
        """The block holding ``codepoint`` (a paragraph break belongs to the block it ends)."""
        return max(bisect_right(self._starts, codepoint) - 1, 0)

    def block_span(self, block: int) -> tuple[int, int]:
        """``[start, end)`` of a block's text, without its trailing break."""
        start = self._starts[block]
        end = self._starts[block + 1] - 1 if block + 1 < len(self._starts) else self._length
        return start, end

    def blocks_of(self, highlight: Highlight) -> range:
        """The blocks a highlight touches (empty for an empty span)."""
        if highlight.end <= highlight.start:
            return range(0)
        return range(self.block_of(highlight.start), self.block_of(highlight.end - 1) + 1)

    # -- contents ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, claim_id: object) -> bool:
        return claim_id in self._by_id

    def get(self, claim_id: int) -> Highlight | None:
        return self._by_id.get(claim_id)

    def highlights(self) -> Iterable[Highlight]:
        return self._by_id.values()

    def reset(self, highlights: Iterable[Highlight]) -> None:
        """Replace every highlight (one pass; ~1 µs per claim)."""
        by_id: dict[int, Highlight] = {}
        by_block: dict[int, list[Highlight]] = {}
        starts = self._starts
        last = len(starts) - 1
        length = self._length
        added = 0
        for highlight in highlights:
            start = max(highlight.start, 0)
            end = min(highlight.end, length)
            if end <= start:
                continue
            by_id[highlight.claim_id] = highlight
            added += 1
            first = bisect_right(starts, start) - 1
            # Most claims sit inside one paragraph: skip the second search then.
            if first == last or end <= starts[first + 1]:
                block_list = by_block.get(first)
                if block_list is None:
                    by_block[first] = [highlight]
                else:
                    block_list.append(highlight)
                continue
            for block in range(first, bisect_right(starts, end - 1)):
                by_block.setdefault(block, []).append(highlight)
        if added != len(by_id):  # an id listed twice: the last one wins, as with put()
            by_block = _dedupe(by_block, by_id)
        self._by_id = by_id
        self._by_block = by_block

    def put(self, highlight: Highlight) -> set[int]:
        """Add or replace one highlight; returns the blocks whose look may have changed."""
        touched = self._discard(highlight.claim_id)
        clipped = max(highlight.start, 0) < min(highlight.end, self._length)
        if clipped:
            self._by_id[highlight.claim_id] = highlight
            for block in self.blocks_of(highlight):
                self._by_block.setdefault(block, []).append(highlight)
                touched.add(block)
        return touched

    def remove(self, claim_id: int) -> set[int]:
        """Remove one highlight (no error when absent); returns the blocks to re-format."""
        return self._discard(claim_id)

    def _discard(self, claim_id: int) -> set[int]:
        old = self._by_id.pop(claim_id, None)
        if old is None:
            return set()
        touched = set(self.blocks_of(old))
        for block in touched:
            remaining = [h for h in self._by_block.get(block, ()) if h.claim_id != claim_id]
            if remaining:
                self._by_block[block] = remaining
            else:
                self._by_block.pop(block, None)
        return touched

    def blocks_with_highlights(self) -> Iterable[int]:
        return self._by_block.keys()

    def in_block(self, block: int) -> Sequence[Highlight]:
        return self._by_block.get(block, ())

    def claims_at(self, codepoint: int) -> list[int]:
        """Ids of the claims covering ``codepoint``, innermost (shortest) first."""
        found = [
            h
            for h in self._by_block.get(self.block_of(codepoint), ())
            if h.start <= codepoint < h.end
        ]
        found.sort(key=_innermost_first)
        return [h.claim_id for h in found]

    # -- look -------------------------------------------------------------------------------

    @property
    def theme(self) -> Theme:
        return self._theme

    def set_theme(self, theme: Theme) -> None:
        if theme != self._theme:
            self._theme = theme
            self._styles.clear()

    def segments(self, block: int) -> list[Segment]:
        """The block's highlighted text cut where the set of covering claims changes."""
        highlights = self._by_block.get(block)
        if not highlights:
            return []
        block_start, block_end = self.block_span(block)
        if len(highlights) == 1:  # the common case needs no sweep
            only = highlights[0]
            start, end = max(only.start, block_start), min(only.end, block_end)
            if end <= start:
                return []
            return [Segment(start, end, (only.claim_id,), self._style_for((only,)))]
        cuts = {block_start, block_end}
        for h in highlights:
            if block_start < h.start < block_end:
                cuts.add(h.start)
            if block_start < h.end < block_end:
                cuts.add(h.end)
        ordered = sorted(cuts)
        by_start = sorted(highlights, key=_by_start)
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
            style = self._style_for(covering)
            ids = tuple(h.claim_id for h in covering)
            previous = segments[-1] if segments else None
            if previous and previous.end == left and previous.claim_ids == ids:
                segments[-1] = Segment(previous.start, right, ids, style)
            else:
                segments.append(Segment(left, right, ids, style))
        return segments

    def _style_for(self, covering: Sequence[Highlight]) -> SegmentStyle:
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


def _by_start(h: Highlight) -> int:
    return h.start


def _claim_colour(h: Highlight) -> str:
    if not h.colours:
        return NEUTRAL
    if len(h.colours) == 1:
        return h.colours[0].lower()
    return _hex(_mean([_rgb(colour) for colour in h.colours]))


def _dedupe(
    by_block: dict[int, list[Highlight]], by_id: dict[int, Highlight]
) -> dict[int, list[Highlight]]:
    return {
        block: kept
        for block, listed in by_block.items()
        if (kept := [h for h in listed if by_id.get(h.claim_id) is h])
    }


RGB = tuple[float, float, float]


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
