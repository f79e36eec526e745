"""Suggested claims: find a news article's attributions and propose how each is sourced."""

from sourcemark.app.suggesting.engine import Suggestion, suggest

__all__ = ["Suggestion", "suggest"]
