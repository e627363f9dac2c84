"""Benchmark the findings history (issue 25): writing a 100,000-result run into SQLite and into PostgreSQL (a real
server from Debian's binaries, as the tests start it), and `history trend` over many stored runs.

    python bench/history_store.py --results 100000 --runs 100

The run is a synthetic project of service accounts (one result each, half failing), evaluated by the real
pipeline; only Store.record and Store.trend are timed. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

CHECK = "gcp.iam.service_account_key_rotation"


def report_of(results: int):
    from srmscan.model import Resource, Snapshot
    from srmscan.pipeline import Selection, evaluate_snapshots

    read_at = datetime(2026, 12, 4, tzinfo=timezone.utc)
    resources = [Resource("gcp", "gcp.account", "projects/p", "p", "p", "global", config={"read_at": read_at.isoformat()})]
    for i in range(results):
        created = (read_at - timedelta(days=100 if i % 2 else 10)).isoformat().replace("+00:00", "Z")
        resources.append(Resource("gcp", "gcp.iam.service_account", f"sa/{i}", f"sa-{i}", "p", "global",
                                  config={"user_managed_keys": [{"id": "k", "valid_after": created, "valid_before": None}]}))
    snapshot = Snapshot(provider="gcp", resources=resources)
    snapshot.metadata.accounts = ["p"]
    return evaluate_snapshots([snapshot], Selection(include=(CHECK,)))


def measure(url: str, report, runs: int) -> dict:
    from srmscan.history.store import Store

    store = Store(url).open()
    started = time.perf_counter()
    store.record(report, 1, [CHECK])
    first = time.perf_counter() - started
    started = time.perf_counter()
    store.record(report, 1, [CHECK])   # the second run updates every finding's last_seen
    second = time.perf_counter() - started
    for _ in range(max(0, runs - 2)):
        store.record(report, 1, [CHECK])
    started = time.perf_counter()
    trend = store.trend("severity")
    return {"first_run_s": round(first, 2), "next_run_s": round(second, 2), "runs": len(trend),
            "trend_s": round(time.perf_counter() - started, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--trend-results", type=int, default=2_000, help="results per run for the trend figure")
    args = parser.parse_args()
    big = report_of(args.results)
    small = report_of(args.trend_results)
    folder = Path(tempfile.mkdtemp(prefix="srmscan-history-bench-"))
    figures = {"results": len(big.findings),
               "sqlite": measure(f"sqlite:///{folder / 'big.sqlite'}", big, 2),
               "sqlite_trend": measure(f"sqlite:///{folder / 'trend.sqlite'}", small, args.runs)}
    from postgres_server import PostgresServer, binaries

    if binaries() is not None:
        server = PostgresServer().start()
        try:
            figures["postgresql"] = measure(server.create_database("big"), big, 2)
            figures["postgresql_trend"] = measure(server.create_database("trend"), small, args.runs)
        finally:
            server.stop()
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
