"""How much a noisy API slows a scan down, and whether it changes any result.

    python bench/fault_scan.py --buckets 300 --fault-rate 0.30 --drop-rate 0.05

Seeds moto with N buckets, then runs `srmscan scan aws --service s3` twice through the same local proxy:
clean, then with a seeded share of requests answered SlowDown / InternalError / ServiceUnavailable /
429 / 502 and a share of connections dropped. Prints both wall times, the slow-down, the retries made
and whether every (check, resource, status) is the same. Real backoff (srmscan's defaults). Asserts
nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from s3_scan import ENV, measure, seed  # noqa: E402


def scan(endpoint: str, out: Path, name: str) -> tuple[dict, dict]:
    report, snapshot = out / f"{name}.json", out / f"{name}.snapshot.json"
    result = measure([sys.executable, "-m", "srmscan", "scan", "aws", "--service", "s3", "--endpoint-url", endpoint,
                      "--format", "json", "--output", str(report), "--snapshot-out", str(snapshot)])
    if result["code"] not in (0, 1, 3):
        sys.exit(f"srmscan failed ({result['code']}): {result['stderr']}")
    findings = json.loads(report.read_text())["findings"]
    result["retries"] = json.loads(snapshot.read_text())["metadata"].get("api_retries")
    return result, {(f["check"]["id"], f["resource"]["id"]): f["status"] for f in findings}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--buckets", type=int, default=300)
    parser.add_argument("--fault-rate", type=float, default=0.30)
    parser.add_argument("--drop-rate", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    from moto.server import ThreadedMotoServer

    from fault_proxy import (BAD_GATEWAY, S3_INTERNAL_ERROR, S3_SERVICE_UNAVAILABLE, S3_SLOW_DOWN, TOO_MANY_REQUESTS,
                             Chaos, FaultProxy)

    os.environ.update({k: v for k, v in ENV.items() if k.startswith("AWS_")})
    # moto's default AMIs come with ~1,300 snapshots per region listed as the caller's own (a moto
    # artefact: real accounts own none of Amazon's); without them a scan reads what a real account has
    os.environ.setdefault("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        seed(f"http://{host}:{port}", args.buckets)
        with FaultProxy(f"http://{host}:{port}") as proxy, tempfile.TemporaryDirectory() as tmp:
            clean, clean_results = scan(proxy.url, Path(tmp), "clean")
            proxy.chaos = Chaos(args.seed, args.fault_rate, args.drop_rate,
                                (S3_SLOW_DOWN, S3_INTERNAL_ERROR, S3_SERVICE_UNAVAILABLE, TOO_MANY_REQUESTS, BAD_GATEWAY))
            noisy, noisy_results = scan(proxy.url, Path(tmp), "noisy")
            chaos = proxy.chaos
    finally:
        server.stop()
    different = {k for k in clean_results.keys() | noisy_results.keys() if clean_results.get(k) != noisy_results.get(k)}
    errors = sum(1 for status in noisy_results.values() if status == "ERROR")
    print(f"{args.buckets} buckets, {len(clean_results)} results; faults injected {chaos.faults}, connections dropped "
          f"{chaos.drops} (seed {args.seed})")
    print(f"clean  {clean['wall']:7.2f} s wall  {clean['cpu']:6.2f} s cpu  retries {clean['retries']}")
    print(f"noisy  {noisy['wall']:7.2f} s wall  {noisy['cpu']:6.2f} s cpu  retries {noisy['retries']}")
    print(f"slow-down x{noisy['wall'] / clean['wall']:.2f}; results that differ: {len(different)}; ERROR results: {errors}")


if __name__ == "__main__":
    main()
