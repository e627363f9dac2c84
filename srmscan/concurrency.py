"""A bounded thread pool whose tasks may submit follow-up tasks (e.g. locate a bucket, then read it).

Completion is tracked with a counter and a condition, not by polling futures, so waiting costs
nothing per task however many thousands are queued.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable


class TaskPool:
    def __init__(self, workers: int):
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="srmscan")
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._outstanding = 0
        self._errors: list[BaseException] = []

    def submit(self, fn: Callable[..., Any], *args: Any) -> None:
        with self._lock:
            self._outstanding += 1
        self._executor.submit(self._run, fn, args)

    def _run(self, fn: Callable[..., Any], args: tuple) -> None:
        try:
            fn(*args)
        except BaseException as exc:  # re-raised in wait(): a failing task must not pass silently
            with self._lock:
                self._errors.append(exc)
        finally:
            with self._lock:
                self._outstanding -= 1
                if self._outstanding == 0:
                    self._idle.notify_all()

    def wait(self) -> None:
        """Wait for every task, including those submitted by tasks; re-raise the first failure."""
        with self._lock:
            while self._outstanding:
                self._idle.wait()
            if self._errors:
                raise self._errors[0]

    def __enter__(self) -> "TaskPool":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self._executor.shutdown(wait=exc_info[0] is None, cancel_futures=exc_info[0] is not None)
