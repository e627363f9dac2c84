"""Measure a command with every process it starts: wall time, CPU time and peak memory of the whole tree.

GNU time or getrusage cannot: srmscan's worker processes are forked by a fork server that the scanning
process starts but never waits for, and ru_maxrss is one process's peak, not the tree's. This samples
/proc every INTERVAL seconds: CPU is the sum over the tree's processes of their own user+system time
(each process's last sample, so at most INTERVAL of each is missed), memory is the peak over samples of
the summed PSS (proportional set size: pages shared between processes, as after a fork, count once in
all). Linux only.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time

INTERVAL = 0.02
TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, own user+system seconds) of a process, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rpartition(")")[2].split()
    except OSError:
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(root: int) -> dict[int, float]:
    """CPU seconds so far of root and each of its descendants."""
    stats = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            found = _stat(int(name))
            if found:
                stats[int(name)] = found
    members, frontier = {}, [root]
    while frontier:
        pid = frontier.pop()
        if pid in stats and pid not in members:
            members[pid] = stats[pid][1]
            frontier += [child for child, (parent, _) in stats.items() if parent == pid]
    return members


def measure(command: list[str], env: dict, cwd: str) -> dict:
    cpu: dict[int, float] = {}
    peak = [0]
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            members = _tree(process.pid)
            cpu.update(members)
            peak[0] = max(peak[0], sum(_pss_kb(pid) for pid in members))
            done.wait(INTERVAL)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    return {"wall": wall, "cpu": sum(cpu.values()), "rss_mb": peak[0] / 1024, "processes": len(cpu),
            "code": process.returncode, "stdout": stdout.decode(), "stderr": stderr.decode()}
