"""Where Sourcemark keeps the user's projects, backups and settings.

platformdirs gives the operating system's usual folders. ``SOURCEMARK_HOME`` moves all of them
under one folder, which the tests use so they never touch a real user's files.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_path, user_data_path

APP_NAME = "Sourcemark"
HOME_VARIABLE = "SOURCEMARK_HOME"
DB_VARIABLE = "SOURCEMARK_DB"
DEFAULT_PROJECT_NAME = "project.sourcemark"


def data_dir() -> Path:
    home = os.environ.get(HOME_VARIABLE)
    return Path(home) / "data" if home else user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    home = os.environ.get(HOME_VARIABLE)
    return Path(home) / "config" if home else user_config_path(APP_NAME, appauthor=False)


def backups_dir() -> Path:
    return data_dir() / "backups"


def default_project_path() -> Path:
    return data_dir() / DEFAULT_PROJECT_NAME


def resolve_project_target(explicit: str | os.PathLike[str] | None) -> str:
    """The project to open: an explicit path or URL, else $SOURCEMARK_DB, else the default."""
    if explicit is not None:
        return os.fspath(explicit)
    return os.environ.get(DB_VARIABLE) or os.fspath(default_project_path())
