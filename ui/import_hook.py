"""Taking PySide6's import hook out once PySide6 is loaded.

Importing PySide6 replaces ``builtins.__import__`` with shiboken's ``__feature_import__``,
which serves ``from __feature__ import snake_case, true_property``. After every module
imported from then on it reads the module's whole source (``inspect.getsource``, kept in
``linecache`` for good) to see whether it names PySide6. The window's start imports most of
its ~460 modules after PySide6 (SQLAlchemy, alembic, the window's own): that reading cost the
start ~70 ms here and held ~22 MB until exit (docs/performance.md, session twelve).

Sourcemark uses no ``__feature__``: without the hook, every module keeps PySide6's default
behaviour, the one it has anyway. shiboken keeps the import it replaced as
``builtins.__orig_import__``; anything other than that pair is left as it is.
"""

from __future__ import annotations

import builtins

_HOOK_NAME = "__feature_import__"


def drop_feature_hook() -> bool:
    """Put back the import PySide6's feature hook wrapped (shiboken's lazy loader, itself
    around Python's) if the hook holds ``builtins.__import__``; True if it did."""
    original = getattr(builtins, "__orig_import__", None)
    current = builtins.__import__
    if original is None or getattr(current, "__name__", "") != _HOOK_NAME:
        return False
    builtins.__import__ = original
    return True
