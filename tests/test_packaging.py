"""What pip installs is what the repository holds: every package, module, migration and resource
ships under the one `sourcemark` namespace, with its console script, and nothing lands in
site-packages as a generic top-level `app`, `ui` or `db`.

Two halves. The static half reads pyproject.toml against the source tree and runs everywhere. The
installed half reads the installed distribution's RECORD: it is meaningful for a normal install
(what CI tests, `bash .ci/test`), while an editable install (a developer's venv) serves files
from the repository itself, so there it is skipped, and it fails under CI, which must never test
an editable install.
"""

from __future__ import annotations

import glob
import importlib.metadata
import importlib.resources
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
TOP_LEVEL_FOLDERS = ("app", "ui", "db", "resources")


def _pyproject() -> dict[str, Any]:
    with (REPO / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)


SETUPTOOLS: dict[str, Any] = _pyproject()["tool"]["setuptools"]
PACKAGE_DIR: dict[str, str] = SETUPTOOLS["package-dir"]
LISTED_PACKAGES: list[str] = SETUPTOOLS["packages"]
PACKAGE_DATA: dict[str, list[str]] = SETUPTOOLS.get("package-data", {})


def _ignored(path: Path) -> bool:
    return "__pycache__" in path.parts or path.suffix == ".pyc" or path.name.startswith(".")


def package_folders() -> dict[str, Path]:
    """Every folder with an __init__.py under a mapped root, by its installed package name."""
    found: dict[str, Path] = {}
    for root_name, folder in PACKAGE_DIR.items():
        root = REPO / folder
        for init in root.rglob("__init__.py"):
            if _ignored(init):
                continue
            relative = init.parent.relative_to(root).parts
            found[".".join((root_name, *relative))] = init.parent
    return found


def owning_package(path: Path, packages: dict[str, Path]) -> str:
    """The nearest package folder holding path (package data may sit in plain sub-folders)."""
    by_folder = {folder: name for name, folder in packages.items()}
    for parent in path.parents:
        if parent in by_folder:
            return by_folder[parent]
    raise AssertionError(f"{path} is in no package")


def shipped_files() -> dict[str, Path]:
    """Every file a correct build ships, as its path inside site-packages, with its source."""
    packages = package_folders()
    files: dict[str, Path] = {}
    for folder in PACKAGE_DIR.values():
        for path in (REPO / folder).rglob("*"):
            if not path.is_file() or _ignored(path):
                continue
            package = owning_package(path, packages)
            inside = path.relative_to(packages[package]).as_posix()
            files[f"{package.replace('.', '/')}/{inside}"] = path
    return files


def _in_repo_folders(path: Path) -> bool:
    """Whether path is one of the repository's own files (a venv may live inside the repo)."""
    return any(path.is_relative_to(REPO / name) for name in TOP_LEVEL_FOLDERS)


def _repo_path(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


# --- static: pyproject.toml against the source tree -------------------------------------------


def test_the_mapped_roots_are_the_top_level_folders() -> None:
    expected = {f"sourcemark.{name}": name for name in TOP_LEVEL_FOLDERS}
    assert expected == PACKAGE_DIR


def test_every_package_folder_is_listed_in_pyproject() -> None:
    on_disk = set(package_folders())
    listed = set(LISTED_PACKAGES)
    assert not on_disk - listed, (
        "these package folders would not be installed; add them to [tool.setuptools] packages: "
        + ", ".join(sorted(on_disk - listed))
    )
    assert not listed - on_disk, "pyproject lists packages with no folder: " + ", ".join(
        sorted(listed - on_disk)
    )


def test_every_folder_of_python_modules_is_a_package() -> None:
    loose = sorted(
        _repo_path(path.parent)
        for folder in PACKAGE_DIR.values()
        for path in (REPO / folder).rglob("*.py")
        if not _ignored(path) and not (path.parent / "__init__.py").exists()
    )
    assert not loose, f"folders of modules without __init__.py never ship: {sorted(set(loose))}"


def test_every_data_file_matches_a_package_data_pattern() -> None:
    packages = package_folders()
    unmatched = []
    for path in shipped_files().values():
        if path.suffix == ".py":
            continue
        package = owning_package(path, packages)
        patterns = PACKAGE_DATA.get(package, []) + PACKAGE_DATA.get("*", [])
        matched = {
            Path(packages[package], hit)
            for pattern in patterns
            for hit in glob.glob(pattern, root_dir=packages[package], recursive=True)
        }
        if path not in matched:
            unmatched.append(_repo_path(path))
    assert not unmatched, (
        "these files would not be installed; add a [tool.setuptools.package-data] pattern: "
        + ", ".join(sorted(unmatched))
    )


def test_the_files_the_app_needs_at_run_time_are_in_the_tree() -> None:
    files = shipped_files()
    assert "sourcemark/db/migrations/script.py.mako" in files
    assert "sourcemark/db/migrations/env.py" in files
    assert "sourcemark/resources/default_codebook.json" in files
    revisions = [
        name
        for name in files
        if name.startswith("sourcemark/db/migrations/versions/")
        and name.endswith(".py")
        and not name.endswith("__init__.py")
    ]
    assert revisions, "no migration script under db/migrations/versions/"


# --- installed: what pip actually put in site-packages ------------------------------------------


def _distribution() -> importlib.metadata.Distribution:
    """The installed distribution, read from site-packages: importlib.metadata.distribution()
    would take a sourcemark.egg-info that a build left in the repository root, which pytest puts
    first on sys.path."""
    site_dirs = sorted({sysconfig.get_path("purelib"), sysconfig.get_path("platlib")})
    found = list(importlib.metadata.distributions(name="sourcemark", path=site_dirs))
    assert found, f"sourcemark is not installed in {site_dirs}"
    return found[0]


def _is_editable(dist: importlib.metadata.Distribution) -> bool:
    direct_url = json.loads(dist.read_text("direct_url.json") or "{}")
    return bool(direct_url.get("dir_info", {}).get("editable", False))


@pytest.fixture
def installed() -> importlib.metadata.Distribution:
    dist = _distribution()
    if _is_editable(dist):
        if os.environ.get("CI"):
            pytest.fail("CI must test a normal install (pip install .), not an editable one")
        pytest.skip("editable install serves the repository's own files; `bash .ci/test` checks")
    return dist


def test_ci_runs_against_the_installed_copy() -> None:
    import sourcemark.app

    module = Path(sourcemark.app.__file__ or "").resolve()
    if _is_editable(_distribution()):
        assert _in_repo_folders(module)
    else:
        assert not _in_repo_folders(module), f"sourcemark.app comes from {module}"
        site = Path(str(_distribution().locate_file(""))).resolve()
        assert module.is_relative_to(site)


def test_every_source_file_was_installed(installed: importlib.metadata.Distribution) -> None:
    record = {f.as_posix() for f in installed.files or []}
    missing = sorted(
        _repo_path(source) for name, source in shipped_files().items() if name not in record
    )
    assert not missing, f"in the repository but not installed: {missing}"


def test_installed_files_are_read_from_site_packages(
    installed: importlib.metadata.Distribution,
) -> None:
    site = Path(str(installed.locate_file(""))).resolve()
    migrations = importlib.resources.files("sourcemark.db.migrations")
    codebook = importlib.resources.files("sourcemark.resources") / "default_codebook.json"
    for resource in (migrations / "script.py.mako", migrations / "versions", codebook):
        path = Path(str(resource)).resolve()
        assert path.exists(), f"{resource} is missing from the install"
        assert path.is_relative_to(site) and not _in_repo_folders(path), path

    installed_revisions = {p.name for p in Path(str(migrations / "versions")).glob("*.py")}
    repo_revisions = {p.name for p in (REPO / "db/migrations/versions").glob("*.py")}
    assert repo_revisions <= installed_revisions
    assert json.loads(codebook.read_text(encoding="utf-8")), "the default codebook is empty"


def test_nothing_but_sourcemark_is_installed_at_the_top_level(
    installed: importlib.metadata.Distribution,
) -> None:
    top = {f.parts[0] for f in installed.files or [] if f.parts[0] != ".."}
    assert top == {"sourcemark", f"sourcemark-{installed.version}.dist-info"}, top
    assert (installed.read_text("top_level.txt") or "sourcemark").split() == ["sourcemark"]


# --- both kinds of install -----------------------------------------------------------------------


def test_top_level_folders_are_not_importable_outside_the_repository(tmp_path: Path) -> None:
    """A fresh interpreter (isolated: no current folder, no PYTHONPATH) finds no `app`, `ui`,
    `db` or `resources` of ours, but does find sourcemark.*."""
    probe = (
        "import importlib.util, json\n"
        f"names = {list(TOP_LEVEL_FOLDERS)!r}\n"
        "specs = {n: importlib.util.find_spec(n) for n in names}\n"
        "print(json.dumps({n: (s.origin, list(s.submodule_search_locations or []))"
        " for n, s in specs.items() if s}))\n"
        "for n in names:\n"
        "    assert importlib.util.find_spec('sourcemark.' + n) is not None, n\n"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", probe],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    found: dict[str, list[Any]] = json.loads(result.stdout)
    ours = [
        name
        for name, (origin, locations) in found.items()
        if any(Path(p).resolve() == REPO / name for p in [*locations, Path(origin or "/").parent])
    ]
    assert not ours, f"importable as top-level modules: {ours}"


def test_console_script_is_installed_and_loads() -> None:
    scripts = [ep for ep in _distribution().entry_points if ep.group == "console_scripts"]
    assert [ep.name for ep in scripts] == ["sourcemark"]
    assert scripts[0].module.startswith("sourcemark.")
    assert callable(scripts[0].load())
    assert shutil.which("sourcemark", path=sysconfig.get_path("scripts")), (
        f"no sourcemark executable in {sysconfig.get_path('scripts')}"
    )
