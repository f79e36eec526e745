"""A child process for the read-only tests: open a project, read it, try to write, report JSON.

    python probe_process.py PROJECT

Prints one JSON object: ``read_only``, ``claims`` (how many could be read), ``data_version``
(whether it could be asked), and ``write_error`` ([class name, message] or null).
"""

from __future__ import annotations

import json
import sys

from sourcemark.app import articles, claims
from sourcemark.app.errors import USER_ERRORS
from sourcemark.app.projects import open_project


def main(path: str) -> int:
    try:
        project = open_project(path)
    except USER_ERRORS as error:
        print(json.dumps({"open_error": [type(error).__name__, str(error)]}))
        return 0
    report: dict[str, object] = {
        "read_only": project.read_only,
        "claims": claims.count_claims(project),
        "data_version": project.db.data_version() >= 0,
        "write_error": None,
    }
    try:
        articles.import_text(project, "A new article that must not be saved.")
    except USER_ERRORS as error:
        report["write_error"] = [type(error).__name__, str(error)]
    project.close()
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
