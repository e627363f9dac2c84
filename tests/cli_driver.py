"""Run the real srmscan CLI in this process with faults injected, for tests/test_interrupts.py and
tests/test_unreachable.py (`python tests/cli_driver.py ARGS...`, driven by environment variables):

- SRMSCAN_FAULT_FILE=NAME, SRMSCAN_FAULT_SIGNAL=SIGINT|SIGTERM: while the output file NAME is being
  written (half of its first piece out), this process sends itself the signal: an interrupt exactly at
  the write, not timing luck.
- SRMSCAN_FAULT_AT=retry_failed, with SRMSCAN_FAULT_SIGNAL and SRMSCAN_PIDS_FILE: the signal arrives
  when an AWS scan's listings are done and its worker processes are alive; their pids are written first.
- SRMSCAN_FIRST_CONTACT=WINDOW,CONNECT,READ: a shorter first-contact window and timeouts (seconds), so
  that an unreachable endpoint is tested in seconds; READ is also the AWS read timeout.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path


def _interrupting(pieces, signum: int):
    for index, piece in enumerate([pieces] if isinstance(pieces, str) else pieces):
        if index == 0:
            yield piece[: len(piece) // 2]
            os.kill(os.getpid(), signum)
            yield piece[len(piece) // 2:]
        else:
            yield piece


def _fault_at_write(name: str, signum: int) -> None:
    from srmscan import outputfiles

    original = outputfiles.write_atomically

    def write(path, pieces):
        return original(path, _interrupting(pieces, signum) if Path(path).name == name else pieces)

    outputfiles.write_atomically = write


def _fault_with_workers(signum: int, pids_file: str) -> None:
    import multiprocessing

    from srmscan.providers.aws.walker import Walker

    original = Walker.retry_failed

    def retry_failed(self):
        Path(pids_file).write_text(" ".join(str(child.pid) for child in multiprocessing.active_children()))
        os.kill(os.getpid(), signum)
        return original(self)

    Walker.retry_failed = retry_failed


def _first_contact(spec: str) -> None:
    from srmscan.providers import http_adapter, reachability
    from srmscan.providers.aws import session

    window, connect, read = (float(part) for part in spec.split(","))
    reachability.Reachability.__init__.__defaults__ = (window, reachability.Reachability.__init__.__defaults__[1])
    http_adapter.FIRST_CONTACT_TIMEOUT = (connect, read)
    session.CONNECT_TIMEOUT, session.READ_TIMEOUT = connect, read


def main() -> None:
    signum = getattr(signal, os.environ.get("SRMSCAN_FAULT_SIGNAL", "SIGTERM"))
    if os.environ.get("SRMSCAN_FAULT_FILE"):
        _fault_at_write(os.environ["SRMSCAN_FAULT_FILE"], signum)
    if os.environ.get("SRMSCAN_FAULT_AT") == "retry_failed":
        _fault_with_workers(signum, os.environ["SRMSCAN_PIDS_FILE"])
    if os.environ.get("SRMSCAN_FIRST_CONTACT"):
        _first_contact(os.environ["SRMSCAN_FIRST_CONTACT"])
    from srmscan.cli.app import main as srmscan

    srmscan(sys.argv[1:])


if __name__ == "__main__":
    main()
