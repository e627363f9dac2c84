"""Write reports: the --format one to stdout (or --output), plus every --<format> FILE, each file whole or not
at all (srmscan.outputfiles)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from srmscan.errors import SrmscanError
from srmscan.outputfiles import WRITTEN, folder_refuses_files, write_atomically

if TYPE_CHECKING:   # the report modules are imported when a report is made: `collect` writes a snapshot only
    from srmscan.findings import Report


def check_format(name: str) -> None:
    from srmscan.report import FORMATS

    if name not in FORMATS:
        raise SrmscanError(f"unknown --format {name!r}; choose one of: {', '.join(FORMATS)}")


def check_writable(*paths: Path | None) -> None:
    """Fail before a long scan, not after it, when an output file cannot be written."""
    for path in paths:
        if path is None:
            continue
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.is_dir():
            raise SrmscanError(f"cannot write {path}: folder {folder} does not exist")
        if path.is_dir():
            raise SrmscanError(f"cannot write {path}: it is a folder")
        if not path.exists() or path.is_file():   # written beside itself, then renamed: the folder must take a file
            problem = folder_refuses_files(folder)
            if problem:
                raise SrmscanError(f"cannot write {path}: {problem}")
        if path.exists() and not os.access(path, os.W_OK):
            raise SrmscanError(f"cannot write {path}: permission denied")


def write_text(path: Path, text: str | Iterable[str]) -> None:
    """Write a whole file or nothing: the previous file stays as it was on any failure or interrupt."""
    try:
        write_atomically(path, text)
    except OSError as exc:
        raise SrmscanError(f"cannot write {path}: {exc.strerror or exc} (the previous file, if any, is unchanged)") from None
    WRITTEN.add(path)


def wants_color(stream: Any, color: bool | None = None) -> bool:
    """Colour for a terminal: never when told not to (--no-color), when NO_COLOR is set to anything
    (no-color.org) or TERM is dumb; else when the stream is a terminal."""
    if color is not None:
        return color
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return stream.isatty()


def deliver(report: Report, fmt: str, output: Path | None, extra_files: dict[str, Path | None],
            options: dict[str, dict[str, Any]] | None = None, color: bool | None = None) -> None:
    from srmscan.report import pieces, report_files

    if output is None:
        for piece in pieces(fmt, report, color=wants_color(sys.stdout, color), options=options):
            sys.stdout.write(piece)
        sys.stdout.flush()
    else:
        write_text(output, pieces(fmt, report, options=options))
    for name, path in extra_files.items():
        if path is not None:
            write_text(path, pieces(name, report, options=options))
    for name, format_options in (options or {}).items():   # files a format writes of its own (sarif --sarif-dir)
        for path, text in report_files(name, report, format_options):
            write_text(path, text)
