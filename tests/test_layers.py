"""The layers depend one way, ui -> app -> db, and app/ and db/ run without Qt.

Read from the source with `ast`, so a forbidden import fails here even on a code path no other
test reaches (a branch, a TYPE_CHECKING block, a function body).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "PySide2")
# The repository's top-level folders are never importable as themselves once installed.
TOP_LEVEL_FOLDERS = ("app", "ui", "db", "resources")


@dataclass(frozen=True)
class Import:
    path: Path
    line: int
    module: str  # absolute dotted name

    def __str__(self) -> str:
        return f"{self.path.relative_to(REPO)}:{self.line}: {self.module}"


def _installed_package(path: Path) -> str:
    """The package a repository file belongs to once installed: db/migrations/env.py ->
    sourcemark.db.migrations."""
    # A module's package is its folder, and so is an __init__.py's.
    package = path.relative_to(REPO).parts[:-1]
    if package and package[0] in TOP_LEVEL_FOLDERS:
        return ".".join(("sourcemark", *package))
    return ".".join(package)


def _resolve_relative(path: Path, level: int, module: str | None) -> str:
    base = _installed_package(path).split(".")
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join([*base, module] if module else base)


def imports_in(path: Path) -> list[Import]:
    return imports_in_source(path.read_text(encoding="utf-8"), path)


def imports_in_source(source: str, path: Path) -> list[Import]:
    tree = ast.parse(source, filename=str(path))
    found: list[Import] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [Import(path, node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                module = _resolve_relative(path, node.level, node.module)
            else:
                module = node.module or ""
            found.append(Import(path, node.lineno, module))
            # `from sourcemark import app` imports sourcemark.app.
            found += [Import(path, node.lineno, f"{module}.{a.name}") for a in node.names]
        elif (
            isinstance(node, ast.Call)
            and _called_name(node.func) in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append(Import(path, node.lineno, node.args[0].value))
    return found


def _called_name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def python_files(*folders: str) -> list[Path]:
    return sorted(
        path
        for folder in folders
        for path in (REPO / folder).rglob("*.py")
        if "__pycache__" not in path.parts
    )


def _is_within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def offenders(folders: tuple[str, ...], forbidden: tuple[str, ...]) -> list[str]:
    return [
        str(imp)
        for path in python_files(*folders)
        for imp in imports_in(path)
        if any(_is_within(imp.module, package) for package in forbidden)
    ]


RULES = {
    "app/ and db/ import no Qt binding": (("app", "db"), QT_MODULES),
    "db/ imports nothing from app/ or ui/": (("db",), ("sourcemark.app", "sourcemark.ui")),
    "app/ imports nothing from ui/": (("app",), ("sourcemark.ui",)),
    # `from app.x import y` works from the repository root but not once installed, so every
    # module and test names the installed package.
    "imports name sourcemark.*, never the top-level folders": (
        ("app", "ui", "db", "resources", "tests", "bench"),
        TOP_LEVEL_FOLDERS,
    ),
}


@pytest.mark.parametrize("rule", list(RULES))
def test_layer_rule(rule: str) -> None:
    folders, forbidden = RULES[rule]
    bad = offenders(folders, forbidden)
    assert not bad, f"{rule}; these imports break it:\n" + "\n".join(bad)


def test_the_rules_see_the_code() -> None:
    """Guard against a rule that passes because it reads nothing."""
    app_imports = [imp.module for path in python_files("app") for imp in imports_in(path)]
    assert python_files("db"), "no Python file found under db/"
    assert any(_is_within(module, "sourcemark.db") for module in app_imports)


def test_imports_are_resolved_as_installed() -> None:
    migration = REPO / "db" / "migrations" / "versions" / "0001_initial.py"
    assert _resolve_relative(migration, 1, "x") == "sourcemark.db.migrations.versions.x"
    assert _resolve_relative(migration, 3, "models") == "sourcemark.db.models"
    assert _resolve_relative(REPO / "app" / "__init__.py", 1, "errors") == "sourcemark.app.errors"

    source = (
        "import PySide6.QtCore\n"
        "from sourcemark import ui\n"
        "from .. import app\n"
        "import importlib\n"
        "importlib.import_module('shiboken6')\n"
        "from app.errors import SourcemarkError\n"
    )
    found = {imp.module for imp in imports_in_source(source, REPO / "db" / "sample.py")}
    assert {
        "PySide6.QtCore",
        "sourcemark.ui",
        "sourcemark.app",
        "shiboken6",
        "app.errors",
    } <= found
