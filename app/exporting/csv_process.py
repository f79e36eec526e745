"""Part of a big CSV export written by a second Python process, beside the first.

Python's ``sqlite3`` takes and releases the interpreter's lock for every cell it reads, and the
encoding is Python code, so a 100,000-claim export keeps one core busy for over a second and a
second thread would only take turns with it (measured slower, docs/performance.md). A second
process has an interpreter of its own: on two cores, the two halves take about half the time.

The exporter (``csv_export``) starts the process early, so its start-up overlaps the
exporter's own reading, then hands it a ``Part`` (pickled on its stdin): the project file, the
SQL text and parameters of its rows, the encoding plan and the cells shared by many rows. The
process writes its records to ``Part.output`` and reports the rows written on stdout, one
number a line, then ``done`` and the total. Anything that goes wrong makes it stop, say why and
exit non-zero, and the exporter writes those rows itself: the export never depends on it.

It imports no SQLAlchemy (a quarter of a second) and starts in ~50 ms.
"""

from __future__ import annotations

import logging
import pickle
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sourcemark.app.exporting.csv_cells import Shared, Step, encode_batch

log = logging.getLogger(__name__)

_DONE = "done "


@dataclass(frozen=True)
class Part:
    """The rows a second process writes, and everything it needs to write them."""

    database: Path
    sql: str
    parameters: list[Any]
    plan: tuple[Step, ...]
    shared: Shared
    escape: bool
    output: Path
    batch_rows: int
    progress_rows: int


def _command() -> list[str]:
    return [sys.executable, "-m", __name__]


class PartProcess:
    """A second process writing a ``Part``, seen from the exporter."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self._process = process
        self.rows = 0  # written so far, as last reported
        self.total: int | None = None  # the rows written, once the process said it is done
        self.said: list[str] = []  # anything else it printed: why it stopped
        self._heard = time.monotonic()
        self._reader = threading.Thread(target=self._read_reports, daemon=True)
        self._reader.start()
        self._sender: threading.Thread | None = None

    @classmethod
    def start(cls) -> PartProcess | None:
        """A process waiting for its ``Part``, or None if none can be started."""
        if not sys.executable:  # an embedded interpreter
            return None
        try:
            process = subprocess.Popen(
                _command(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                # No console window flashing up on Windows.
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
            )
        except OSError as error:
            log.warning("Could not start a second process for the export: %s", error)
            return None
        return cls(process)

    def send(self, part: Part) -> None:
        """Hand the process its part, from a thread: the pipe holds 64 KiB, the shared cells
        a megabyte or two, and the process may still be starting."""
        job = pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL)
        self._sender = threading.Thread(target=self._send, args=(job,), daemon=True)
        self._sender.start()

    def _send(self, job: bytes) -> None:
        stdin: IO[bytes] | None = self._process.stdin
        if stdin is None:  # pragma: no cover - started with a pipe
            return
        try:
            with stdin:
                stdin.write(job)
        except OSError:  # it stopped before reading it all (BrokenPipeError): it says why
            pass

    def wait(self, timeout: float) -> bool:
        """True once the process has ended (successfully or not)."""
        try:
            self._process.wait(timeout)
        except subprocess.TimeoutExpired:
            return False
        self._reader.join()
        return True

    def silent_for(self) -> float:
        """Seconds since the process last said something."""
        return time.monotonic() - self._heard

    @property
    def running(self) -> bool:
        return self._process.poll() is None

    @property
    def succeeded(self) -> bool:
        return self._process.returncode == 0 and self.total is not None

    def stop(self) -> None:
        """End the process if it still runs (cancelled, or the exporter failed)."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._reader.join()
        if self._sender is not None:
            self._sender.join()  # the pipe is broken now if it was still writing
        elif self._process.stdin is not None:
            self._process.stdin.close()

    def _read_reports(self) -> None:
        stdout = self._process.stdout
        if stdout is None:  # pragma: no cover - started with a pipe
            return
        with stdout:
            for raw in stdout:
                self._heard = time.monotonic()
                line = raw.decode("utf-8", "replace").strip()
                if line.isdigit():
                    self.rows = int(line)
                elif line.startswith(_DONE) and line[len(_DONE) :].isdigit():
                    self.total = self.rows = int(line[len(_DONE) :])
                elif line:
                    self.said.append(line)


def write_part(part: Part, report: Callable[[int], None]) -> int:
    """Write ``part``'s records to its output file; returns the number of rows."""
    uri = f"{part.database.resolve().as_uri()}?mode=ro"
    connection = sqlite3.connect(uri, uri=True)
    # Text stays SQLite's UTF-8 bytes, as in the exporter's own half.
    connection.text_factory = bytes
    written = next_report = 0
    try:
        cursor = connection.execute(part.sql, part.parameters)
        with part.output.open("wb", buffering=1 << 20) as file:
            while batch := cursor.fetchmany(part.batch_rows):
                file.write(encode_batch(batch, part.plan, part.shared, part.escape))
                written += len(batch)
                if written >= next_report:
                    report(written)
                    next_report = written + part.progress_rows
    finally:
        connection.close()
    return written


def main() -> int:
    def report(rows: int) -> None:
        print(rows, flush=True)

    try:
        part = pickle.load(sys.stdin.buffer)
        written = write_part(part, report)
    except Exception as error:  # anything at all: the exporter then writes these rows itself
        print(f"{type(error).__name__}: {error}", flush=True)
        return 1
    print(f"{_DONE}{written}", flush=True)
    return 0


if __name__ == "__main__":
    # Run as its package's module, so the pickled Part's classes are this module's own.
    from sourcemark.app.exporting import csv_process

    sys.exit(csv_process.main())
