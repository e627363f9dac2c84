"""A bounded thread pool whose tasks may submit follow-up tasks (e.g. locate a bucket, then read it)."""

from __future__ import annotations

import threading
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any, Callable


class TaskPool:
    def __init__(self, workers: int):
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="srmscan")
        self._pending: set[Future] = set()
        self._lock = threading.Lock()

    def submit(self, fn: Callable[..., Any], *args: Any) -> None:
        future = self._executor.submit(fn, *args)
        with self._lock:
            self._pending.add(future)

    def wait(self) -> None:
        """Wait for every task, including those submitted by tasks; re-raise the first failure."""
        while True:
            with self._lock:
                pending = set(self._pending)
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            with self._lock:
                self._pending -= done
            for future in done:
                future.result()

    def __enter__(self) -> "TaskPool":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self._executor.shutdown(wait=exc_info[0] is None, cancel_futures=exc_info[0] is not None)
