"""Crash safety: a writer killed with SIGKILL at random moments never loses or half-writes a claim.

What it rests on (docs/data-safety.md): each service call is one transaction, and SQLite in WAL
mode makes a transaction all-or-nothing across a crash; the next opener replays the committed
part of the -wal file and ignores the rest. ``synchronous=FULL`` additionally puts a commit on
disk before it is acknowledged, which matters for power cuts; a killed process cannot test that
(the operating system still writes its cached pages), see tests/db/test_migrations.py for the
pragma itself.
"""

from __future__ import annotations

import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from sourcemark.app import claims
from sourcemark.app.projects import open_project
from sourcemark.app.textspan import Span
from tests.reliability.support import (
    Seeded,
    acknowledged,
    audit,
    go,
    scaled,
    seed_project,
    spawn_writer,
)
from tests.reliability.writer_process import expected_tags

KILLS = scaled(15, 200)

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")


def _kill(process: subprocess.Popen[str], rng: random.Random, *, once_writing: bool) -> str:
    """Kill the writer at a random moment; return everything it printed."""
    assert process.stdout is not None and process.stderr is not None
    printed = ""
    if once_writing:
        printed = process.stdout.readline()
        time.sleep(rng.uniform(0, 0.3))
    else:
        # Any moment: opening (~70 ms), replaying the -wal of the last crash, writing.
        time.sleep(rng.uniform(0, 0.3))
    process.send_signal(signal.SIGKILL)
    printed += process.stdout.read()
    errors = process.stderr.read()
    process.wait(timeout=30)
    process.stdout.close()
    process.stderr.close()
    # Killed by us, not dead of an error of its own.
    assert process.returncode == -signal.SIGKILL, errors
    return printed


def _check_after_crash(seeded: Seeded, acked: dict[int, str]) -> int:
    """Everything the issue promises after a crash; returns the number of claims stored."""
    result = audit(seeded)
    assert result.integrity == ["ok"]
    lost = {i: u for i, u in acked.items() if result.claims.get(i) != u}
    assert not lost, f"acknowledged claims lost: {sorted(lost)[:10]}"
    assert not result.problems, result.problems[:5]
    # The project opens normally and takes new work.
    project = open_project(seeded.path)
    try:
        info = claims.create_claim(
            project, seeded.article_id, Span(0, 3), expected_tags(0, seeded.tag_ids)
        )
        acked[info.id] = info.uuid
    finally:
        project.close()
    return len(result.claims)


@pytest.mark.slow
@pytest.mark.timeout(60 + 4 * KILLS)
def test_killed_writer_loses_no_acknowledged_claim_and_leaves_none_half_written(
    tmp_path: Path,
) -> None:
    seeded = seed_project(tmp_path / "crash.sourcemark")
    rng = random.Random(20240501)
    acked: dict[int, str] = {}
    rounds_with_writes = 0
    standby = spawn_writer(seeded, seed=0)
    for round_number in range(KILLS):
        process = standby
        go(process)
        # The next writer starts up (imports take a second) while this one works.
        standby = spawn_writer(seeded, seed=round_number + 1)
        printed = _kill(process, rng, once_writing=round_number % 2 == 1)
        new = acknowledged(printed)
        rounds_with_writes += bool(new)
        acked.update(new)
        _check_after_crash(seeded, acked)
    standby.kill()
    standby.communicate()
    # The kills must have landed while claims were being written, not only before.
    assert rounds_with_writes >= KILLS // 2
    assert len(acked) > KILLS
