"""The user's own settings (not the project's): a small JSON file in the config folder.

Written atomically (temporary file, then rename), so a crash never leaves half a file; a
damaged or missing file falls back to the defaults rather than stopping the program.
"""

from __future__ import annotations

import getpass
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from sourcemark.app.paths import config_dir

ANNOTATOR_VARIABLE = "SOURCEMARK_ANNOTATOR"
MAX_RECENT_PROJECTS = 10


@dataclass
class Settings:
    annotator: str = ""
    snap_to_words: bool = True
    font_size: int = 13
    recent_projects: list[str] = field(default_factory=list)
    last_article: dict[str, int] = field(default_factory=dict)
    window_geometry: str = ""
    window_state: str = ""
    splitter_sizes: dict[str, list[int]] = field(default_factory=dict)

    def add_recent_project(self, target: str) -> None:
        self.recent_projects = [target] + [p for p in self.recent_projects if p != target]
        del self.recent_projects[MAX_RECENT_PROJECTS:]


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load_settings() -> Settings:
    try:
        raw = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    defaults = Settings()
    known: dict[str, Any] = {}
    for item in fields(Settings):
        value = raw.get(item.name)
        if value is not None and isinstance(value, type(getattr(defaults, item.name))):
            known[item.name] = value
    return Settings(**known)


def save_settings(settings: Settings) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(asdict(settings), file, indent=2, ensure_ascii=False)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def current_annotator(settings: Settings | None = None) -> str:
    """Who is annotating: $SOURCEMARK_ANNOTATOR, else the settings, else the OS user name."""
    from_environment = os.environ.get(ANNOTATOR_VARIABLE, "").strip()
    if from_environment:
        return from_environment
    chosen = (settings or load_settings()).annotator.strip()
    if chosen:
        return chosen
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"
