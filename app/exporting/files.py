"""Writing an export file safely: into a temporary file beside it, renamed over it at the end.

A failed, cancelled or interrupted export therefore leaves no partial file, and an existing file
of the same name is replaced only once the new one is complete and on disk.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from sourcemark.app.errors import SourcemarkError

# Big writes: an export is tens of megabytes written in pieces of a few hundred KB.
WRITE_BUFFER = 1 << 20


class ExportError(SourcemarkError):
    """The export file could not be written; the message names the file and what to do."""


class ExportCancelled(SourcemarkError):
    """The export was stopped on request; nothing was written."""


@contextmanager
def atomic_binary_file(destination: Path) -> Iterator[BinaryIO]:
    """A binary file that appears at ``destination`` only on success."""
    destination = Path(destination)
    _check_destination(destination)
    temporary = destination.with_name(f".{destination.name}.{secrets.token_hex(4)}.partial")
    try:
        # os.open with 0o666 lets the umask decide the permissions, as for any new file
        # (mkstemp would make it private to the user).
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as error:
        raise _write_error(destination, error) from error
    try:
        with os.fdopen(handle, "wb", buffering=WRITE_BUFFER) as file:
            yield file
            file.flush()
            # On disk before the rename, so a power cut cannot leave an empty "complete" file.
            os.fsync(file.fileno())
        os.replace(temporary, destination)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise _write_error(destination, error) from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _check_destination(destination: Path) -> None:
    if destination.is_dir():
        raise ExportError(
            f"Cannot export to {destination}: it is a folder. Give a file name, "
            "for example claims.csv."
        )
    if not destination.parent.is_dir():
        raise ExportError(
            f"Cannot export to {destination}: the folder {destination.parent} does not exist. "
            "Create it first or choose another folder."
        )


def _write_error(destination: Path, error: OSError) -> ExportError:
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        hint = (
            "if the file is open in a spreadsheet program, close it; otherwise choose a folder "
            "you can write to"
            if destination.exists()
            else "choose a folder you can write to"
        )
        reason = "permission denied"
    elif error.errno == errno.ENOSPC:
        reason, hint = "the disk is full", "free some space and try again"
    else:
        reason, hint = error.strerror or str(error), "check the file name and try again"
    return ExportError(
        f"Cannot write the export to {destination}: {reason}. Nothing was written; {hint}."
    )
