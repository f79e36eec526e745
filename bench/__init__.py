"""Benchmarks: see ``run_all.py``.

The scripts that run the window in their own process import PySide6 first and this package
next, before any of Sourcemark's modules. Like the ``sourcemark`` command (``ui/launcher.py``),
it takes PySide6's import hook out here, so the window measured loads as the real one does
(the hook costs the start ~70 ms and 22 MB: ``ui/import_hook.py``).
"""

from sourcemark.ui.import_hook import drop_feature_hook

drop_feature_hook()
