"""A child process for the reliability tests: writes claims to a project in a loop.

    python writer_process.py PROJECT ARTICLE_ID TAG_IDS SEED [COUNT]

TAG_IDS is a comma-separated list. After each claim is committed (``create_claim`` returned)
its "id uuid" goes to stdout, flushed: the parent counts only those as acknowledged. Without
COUNT it writes until killed. It imports everything, prints "started", then waits for a line
on stdin before opening the project (and prints "ready"), so a parent can start the next writer
while the current one works and time its kill from the moment the project is being opened.
Each claim gets the tags ``expected_tags(start, tag_ids)``, so the parent can tell a claim whose
tags are missing (a half-written claim).
"""

from __future__ import annotations

import random
import sys

from sourcemark.app import articles, claims
from sourcemark.app.projects import open_project
from sourcemark.app.textspan import Span


def expected_tags(start: int, tag_ids: list[int]) -> list[int]:
    """The tags the writer gives a claim starting at ``start``: one to three of them."""
    return tag_ids[: 1 + start % 3]


def main(argv: list[str]) -> int:
    path, article_id, tag_text, seed = argv[:4]
    count = int(argv[4]) if len(argv) > 4 else None
    tag_ids = [int(t) for t in tag_text.split(",")]
    rng = random.Random(int(seed))
    print("started", flush=True)
    sys.stdin.readline()
    project = open_project(path)
    text = articles.get_article_text(project, int(article_id))
    starts = [i for i, char in enumerate(text) if not char.isspace()]
    print("ready", flush=True)
    written = 0
    while count is None or written < count:
        start = rng.choice(starts[:-1])
        end = min(len(text), start + rng.randint(1, 60))
        info = claims.create_claim(
            project, int(article_id), Span(start, end), expected_tags(start, tag_ids)
        )
        print(f"{info.id} {info.uuid}", flush=True)
        written += 1
    project.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
