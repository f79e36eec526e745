"""The fixed words stored in the claims table: review statuses, quote forms, origins.

Apart from the models so that code which must not import SQLAlchemy (the start-up's first
look at the article list, ``db/early_list.py``) counts claims by the same words.
"""

from __future__ import annotations

REVIEW_STATUSES = ("unreviewed", "confirmed", "disputed", "needs-check")
QUOTE_FORMS = ("direct", "indirect")
# "manual" claims were made by a person; the others follow a suggestion's life (issue 7).
ORIGINS = ("manual", "suggested", "accepted", "edited", "rejected")
# Pending and rejected suggestions are proposals, not the analyst's claims: counts, lists and
# exports leave them out unless asked.
NOT_CLAIMED_ORIGINS = ("suggested", "rejected")
