"""Collection progress: a bar on stderr when stderr is a terminal, nothing otherwise."""

from __future__ import annotations

import sys
import threading
from typing import Any


class NoProgress:
    def add_total(self, count: int) -> None:
        pass

    def advance(self, count: int = 1) -> None:
        pass

    def __enter__(self) -> "NoProgress":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        pass


class BarProgress(NoProgress):
    def __init__(self, description: str):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                  TimeElapsedColumn(), console=Console(stderr=True), transient=True)
        self._task = self._progress.add_task(description, total=0)
        self._lock = threading.Lock()

    def add_total(self, count: int) -> None:
        with self._lock:
            total = self._progress.tasks[0].total or 0
            self._progress.update(self._task, total=total + count)

    def advance(self, count: int = 1) -> None:
        self._progress.advance(self._task, count)

    def __enter__(self) -> "BarProgress":
        self._progress.start()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self._progress.stop()


def progress_for(description: str) -> NoProgress:
    return BarProgress(description) if sys.stderr.isatty() else NoProgress()
