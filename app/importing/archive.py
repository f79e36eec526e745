"""Opening zip-based documents (.docx, .odt) safely.

A "zip bomb" is a small file that unpacks to gigabytes. Before anything is decompressed we
add up the sizes the archive declares for its members and compare each with its compressed
size; Python's zipfile never inflates a member past its declared size (it fails the CRC
check instead), so the declared sizes are a real bound on what reading can cost.
"""

from __future__ import annotations

import io
import zipfile

from sourcemark.app.importing.draft import ImportFailure

# A long report with its images unpacks to tens of megabytes.
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_MEMBERS = 10_000
# Document XML compresses 5-20 to one; a member that claims 200 to one is a trap.
MAX_RATIO = 200
_RATIO_FLOOR = 1024 * 1024  # small members compress as they like


def open_archive(data: bytes, *, name: str, kind: str) -> zipfile.ZipFile:
    """Open ``data`` as a zip archive after checking it cannot unpack to something huge."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ImportFailure(
            f"{name} is not a valid {kind}: it may be damaged or only renamed; "
            "open it in its program and save it again."
        ) from None
    total = sum(member.file_size for member in members)
    bomb = len(members) > MAX_MEMBERS or total > MAX_UNPACKED_BYTES
    bomb = bomb or any(
        member.file_size > _RATIO_FLOOR
        and member.file_size > MAX_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if bomb:
        archive.close()
        raise ImportFailure(
            f"{name} would unpack to {total / 2**20:,.0f} MB in {len(members):,} parts, beyond the "
            f"limit of {MAX_UNPACKED_BYTES // 2**20} MB (or it is a zip bomb); "
            "save the text alone in a smaller file."
        )
    return archive


def read_member(archive: zipfile.ZipFile, member: str, *, name: str, kind: str) -> bytes:
    """One member's bytes; a missing or damaged member is a damaged document."""
    try:
        return archive.read(member)
    except KeyError:
        raise ImportFailure(
            f"{name} is not a valid {kind}: it has no {member}; "
            "open it in its program and save it again."
        ) from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise ImportFailure(
            f"{name} is damaged ({member} cannot be unpacked); "
            "open it in its program and save it again."
        ) from None
