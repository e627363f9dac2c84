"""Writing files srmscan produces (reports, snapshots) so that the previous file survives any failure.

Each file is written to a temporary file in the same folder, flushed and fsynced, then renamed over the
target: an interrupt (SIGINT, SIGTERM), a full disk or a failing report leaves the previous file
byte-identical and no temporary file behind. A target that is not a regular file (/dev/stdout, a named
pipe) cannot be replaced and is written in place.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Iterable


def write_atomically(path: Path, pieces: str | Iterable[str]) -> None:
    """Write `pieces` (text, or text in pieces as a report streams it) to `path`, all or nothing.
    Raises OSError as the file system does; the previous file is then untouched."""
    if _special(path):
        with path.open("w", encoding="utf-8") as out:
            _write(out, pieces)
        return
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            _write(out, pieces)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    _sync_folder(folder)


def _write(out, pieces: str | Iterable[str]) -> None:
    for piece in ([pieces] if isinstance(pieces, str) else pieces):
        out.write(piece)


def _special(path: Path) -> bool:
    try:
        return not stat.S_ISREG(path.stat().st_mode)
    except FileNotFoundError:
        return False


def _mode_for(path: Path) -> int:
    """The mode the file had, or what a plain open() would have given a new one (0666 less the umask)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: some file systems refuse to open a folder)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def folder_refuses_files(folder: Path) -> str | None:
    """Why a new file cannot be created in `folder` (permission, read-only file system), or None: found
    by creating and removing an empty temporary file, which is what writing will do."""
    try:
        handle, probe = tempfile.mkstemp(prefix=".srmscan-probe.", dir=folder)
    except OSError as exc:
        return exc.strerror or str(exc)
    os.close(handle)
    os.unlink(probe)
    return None


class Written:
    """The files this process has finished writing, to say what survived an interrupt."""

    def __init__(self) -> None:
        self.paths: list[Path] = []

    def add(self, path: Path) -> None:
        self.paths.append(path)

    def summary(self) -> str:
        if not self.paths:
            return "nothing written"
        return "wrote " + ", ".join(str(p) for p in self.paths) + " before the interrupt; nothing else written"


WRITTEN = Written()   # this process's record; the CLI starts it anew for each command
