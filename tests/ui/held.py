"""A service's read held back, for tests of what the window does while a worker reads."""

from __future__ import annotations

import threading
from types import ModuleType
from typing import Any

import pytest

WAIT_S = 10


class HeldRead:
    """``module.name`` replaced by itself run as usual, then held until ``released`` is set:
    what a worker reading a big project looks like to the window.

    The read runs before the hold, so it sees nothing a test saves meanwhile. ``read`` is
    the function as it was, for the test's own comparisons.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch, module: ModuleType, name: str) -> None:
        self.started = threading.Event()
        self.released = threading.Event()
        self.read = getattr(module, name)

        def held(*args: Any, **kwargs: Any) -> Any:
            result = self.read(*args, **kwargs)
            self.started.set()
            assert self.released.wait(WAIT_S)
            return result

        monkeypatch.setattr(module, name, held)

    def release_after(self, seconds: float) -> None:
        """Let the read go from another thread (the test's own may be waiting for it)."""
        threading.Timer(seconds, self.released.set).start()
