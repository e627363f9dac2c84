"""SIGINT, SIGTERM and a closed or failing standard output, turned into one clear ending.

- SIGINT and SIGTERM raise `Interrupted` in the main thread (click would turn a KeyboardInterrupt into
  a silent Abort): files being written are abandoned whole (srmscan.outputfiles), the command says
  what it had written, worker processes are stopped and the exit code is 128 + the signal (130, 143).
- Standard output is guarded: a reader that went away (`srmscan demo | head`) ends the run quietly
  with EXIT_BROKEN_PIPE; any other failed write (a full device) is `StdoutFailed`, one line, exit 2.
"""

from __future__ import annotations

import errno
import os
import signal
import sys
import threading
from typing import Any

EXIT_BROKEN_PIPE = 141   # 128 + SIGPIPE: what a shell reports for a writer whose reader left
HANDLED_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):
    """A signal asked srmscan to stop (a BaseException, like KeyboardInterrupt: no handler swallows it)."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


class StdoutClosed(Exception):
    """The reader of standard output went away (EPIPE)."""


class StdoutFailed(Exception):
    """Writing standard output failed for another reason (e.g. ENOSPC)."""


def install() -> None:
    if threading.current_thread() is not threading.main_thread():   # signals reach the main thread only
        return
    for signum in HANDLED_SIGNALS:
        signal.signal(signum, _raise)


def _raise(signum: int, _frame: Any) -> None:
    for other in HANDLED_SIGNALS:      # a second signal while unwinding does not interrupt the clean-up
        signal.signal(other, signal.SIG_IGN)
    raise Interrupted(signum)


class GuardedStdout:
    """sys.stdout whose write and flush failures are told apart from srmscan's own errors."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as exc:
            raise _stdout_error(exc) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            raise _stdout_error(exc) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _stdout_error(exc: OSError) -> Exception:
    if exc.errno in (errno.EPIPE, errno.ECONNRESET):
        return StdoutClosed()
    return StdoutFailed(exc.strerror or str(exc))


def discard_stdout() -> None:
    """Point file descriptor 1 at /dev/null so that the interpreter's own last flush cannot fail again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.__stdout__.fileno())
        os.close(null)
    except (OSError, AttributeError, ValueError):
        pass


def stop_now(code: int) -> None:
    """End the process at once: worker processes are terminated, stderr flushed, and no thread (a read
    waiting on the network) is waited for."""
    import multiprocessing

    for child in multiprocessing.active_children():
        child.terminate()
    try:
        sys.stderr.flush()
    except OSError:
        pass
    discard_stdout()
    os._exit(code)
