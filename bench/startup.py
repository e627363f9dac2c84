"""Start-up latency of the commands a user types first: `srmscan --help`, `srmscan checks` (every check
registered and validated against the collectors' declarations, the mappings loaded) and `--provider aws`.

Runs the installed `srmscan` as a fresh process N times each and prints the median and the spread. Run it
with bytecode caching on (a normal install has .pyc files; PYTHONDONTWRITEBYTECODE=1 recompiles every module
on every start and measures the compiler, not srmscan).

    python bench/startup.py --repeat 9
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

COMMANDS = (["--help"], ["checks"], ["checks", "--provider", "aws"], ["checks", "--format", "json"])


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    executable = shutil.which("srmscan", path=os.path.dirname(sys.executable)) or shutil.which("srmscan")
    if executable is None:
        sys.exit("srmscan is not installed next to this Python; pip install . first")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    for command in COMMANDS:
        timed([executable, *command], env)   # writes the bytecode caches once
        runs = sorted(timed([executable, *command], env) for _ in range(args.repeat))
        print(f"srmscan {' '.join(command):28} median {statistics.median(runs):.3f} s "
              f"(min {runs[0]:.3f}, max {runs[-1]:.3f}, {args.repeat} runs)")


if __name__ == "__main__":
    main()
