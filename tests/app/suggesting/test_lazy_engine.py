"""Accepting and rejecting suggestions does not load the suggester's engine.

Importing the engine compiles its patterns (~100 ms here). The window imports the service
when a suggestion is first accepted or rejected, and that keypress used to pay for it.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ENGINE = "sourcemark.app.suggesting.engine"

SCRIPT = textwrap.dedent(
    f"""
    import sys
    from pathlib import Path
    from sourcemark.app import articles, claims
    from sourcemark.app.claims import ClaimFields
    from sourcemark.app.projects import open_project
    from sourcemark.app.textspan import Span
    from sourcemark.app.suggesting import service

    project = open_project(Path(sys.argv[1]), annotator="tester", daily_backup=False)
    text = "Two officials familiar with the matter said the talks had stalled. It rained."
    article = articles.import_text(project, text, title="Talks")
    made = claims.create_claims(
        project,
        article.id,
        [
            (Span(0, 66), [], ClaimFields(origin="suggested")),
            (Span(67, 76), [], ClaimFields(origin="suggested")),
        ],
    )
    print("pending", len(service.pending_suggestions(project, article.id)))
    print("accepted", service.accept(project, made[0].id).origin)
    print("rejected", service.reject(project, made[1].id).origin)
    print("engine after deciding", {ENGINE!r} in sys.modules)
    found = service.suggest_for_article(project, article.id)
    print("engine after suggesting", {ENGINE!r} in sys.modules)
    from sourcemark.app.suggesting import Suggestion, suggest
    print("package names", Suggestion.__name__, suggest.__name__)
    project.close()
    """
)


def test_deciding_on_suggestions_leaves_the_engine_unloaded(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "p.sourcemark")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "pending 2",
        "accepted accepted",
        "rejected rejected",
        "engine after deciding False",
        "engine after suggesting True",
        "package names Suggestion suggest",
    ]
