"""Suggested claims: find a news article's attributions and propose how each is sourced.

``suggest`` and ``Suggestion`` come from ``engine``, loaded on first use: importing the
engine compiles its patterns (~100 ms), which accepting or rejecting a suggestion through
``service`` does not need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sourcemark.app.suggesting.engine import Suggestion, suggest

__all__ = ["Suggestion", "suggest"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from sourcemark.app.suggesting import engine

        return getattr(engine, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
