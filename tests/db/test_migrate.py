"""db.migrate answers "which revision, is it known, is an upgrade needed" without alembic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sourcemark.db import migrate


def test_the_revision_list_is_the_migrations_folder_in_order() -> None:
    walked = [s.revision for s in reversed(list(migrate.script_directory().walk_revisions()))]
    assert list(migrate.revisions()) == walked
    assert migrate.head_revision() == migrate.script_directory().get_current_head()


def test_opening_an_up_to_date_project_does_not_import_alembic(tmp_path: Path) -> None:
    path = tmp_path / "p.sourcemark"
    from sourcemark.app.projects import open_project

    open_project(path).close()  # created and migrated: alembic needed here
    script = (
        "import sys\n"
        "from sourcemark.app.projects import open_project\n"
        f"open_project({str(path)!r}).close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"
