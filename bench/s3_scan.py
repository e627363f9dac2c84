"""Benchmark `srmscan scan aws` against a floor: a plain boto3 script with the same reads and pool.

    python bench/s3_scan.py --buckets 1000            # against moto's server (seeded here)
    python bench/s3_scan.py --standin 1000 --latency 30   # against ../shared/bench/s3_standin.py

Prints wall time, CPU time and peak memory (PSS) of all the processes of each (bench/process_tree.py),
API requests per bucket and process count for srmscan and for the floor,
their ratios, the time to scan an empty account, and `srmscan --help` start-up. srmscan and the floor
run alternately --repeat times and the median of each is reported (single runs on a shared 2-core
machine vary by +-20%). moto's own CPU is the bottleneck here, so against moto only the ratios mean
something. Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import process_tree  # noqa: E402
ENV = {**os.environ, "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1",
       "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull, "AWS_EC2_METADATA_DISABLED": "true"}


def measure(command: list[str]) -> dict:
    """Wall, CPU and peak memory of the command and every process it starts (srmscan's workers)."""
    return process_tree.measure(command, ENV, tempfile.gettempdir())


def seed(endpoint: str, count: int) -> None:
    import boto3

    s3 = boto3.client("s3", endpoint_url=endpoint)
    public = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::{}/*"}]})

    def one(i: int) -> None:
        name = f"bench-{i:05d}"
        s3.create_bucket(Bucket=name)
        if i % 5 == 0:
            s3.put_bucket_policy(Bucket=name, Policy=public.replace("{}", name))
        if i % 3 == 0:
            s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
                "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
        if i % 7 == 0:
            s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        if i % 11 == 0:
            s3.put_bucket_acl(Bucket=name, ACL="public-read")

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(one, range(count)))


def scan(endpoint: str, workers: int, out: Path) -> dict:
    result = measure([sys.executable, "-m", "srmscan", "scan", "aws", "--service", "s3", "--endpoint-url", endpoint,
                      "--max-workers",
                      str(workers), "--format", "json", "--output", str(out / "f.json"), "--snapshot-out",
                      str(out / "snap.json")])
    if result["code"] not in (0, 1, 3):
        sys.exit(f"srmscan failed ({result['code']}): {result['stderr']}")
    result["requests"] = json.loads((out / "snap.json").read_text())["metadata"]["api_requests"]
    return result


def floor(endpoint: str, workers: int) -> dict:
    result = measure([sys.executable, str(HERE / "floor_s3.py"), endpoint, str(workers)])
    if result["code"] != 0:
        sys.exit(f"floor failed: {result['stderr']}")
    return result


def median_of(runs: list[dict]) -> dict:
    """Per measure, the median over the runs."""
    return {key: statistics.median(run[key] for run in runs) for key in ("wall", "cpu", "rss_mb", "requests", "resources", "processes")
            if key in runs[0]}


def alternate(repeat: int, floor_run, scan_run) -> tuple[dict, dict]:
    ours, base = [], []
    for _ in range(repeat):
        base.append(floor_run())
        ours.append(scan_run())
    return median_of(ours), median_of(base)


def report(label: str, buckets: int, ours: dict, base: dict) -> None:
    print(f"\n== {label}: {buckets} buckets")
    print(f"{'':10}{'wall s':>9}{'cpu s':>9}{'PSS MB':>9}{'req/bucket':>12}{'processes':>11}")
    per_bucket = ours["requests"] / max(buckets, 1)
    print(f"{'srmscan':10}{ours['wall']:9.2f}{ours['cpu']:9.2f}{ours['rss_mb']:9.1f}{per_bucket:12.2f}{ours['processes']:11.0f}")
    print(f"{'floor':10}{base['wall']:9.2f}{base['cpu']:9.2f}{base['rss_mb']:9.1f}{'':>12}{base['processes']:11.0f}")
    print(f"{'ratio':10}{ours['wall'] / base['wall']:9.2f}{ours['cpu'] / base['cpu']:9.2f}")


def help_time() -> float:
    return min(measure([sys.executable, "-m", "srmscan", "--help"])["wall"] for _ in range(5))


def start_moto():
    """moto's server on a free port, with this bench's AWS settings in the environment: (server, endpoint)."""
    from moto.server import ThreadedMotoServer

    os.environ.update({k: v for k, v in ENV.items() if k.startswith("AWS_")})
    # moto's default AMIs come with ~1,300 snapshots per region listed as the caller's own (a moto
    # artefact: real accounts own none of Amazon's); without them a scan reads what a real account has
    os.environ.setdefault("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    return server, f"http://{host}:{port}"


def run_moto(count: int, workers: int, repeat: int) -> None:
    import requests

    server, endpoint = start_moto()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            empty = scan(endpoint, workers, Path(tmp))
            print(f"empty account: srmscan wall {empty['wall']:.2f} s, cpu {empty['cpu']:.2f} s, {empty['requests']} requests")
            started = time.perf_counter()
            seed(endpoint, count)
            print(f"seeded {count} buckets in {time.perf_counter() - started:.1f} s")
            ours, base = alternate(repeat, lambda: floor(endpoint, workers), lambda: scan(endpoint, workers, Path(tmp)))
            report(f"moto, {workers} workers, median of {repeat}", count, ours, base)
    finally:
        requests.post(f"{endpoint}/moto-api/reset", timeout=30)
        server.stop()


def prowler(executable: Path, endpoint: str, out: Path) -> dict:
    """Prowler's S3 checks on the same buckets, once (it takes minutes)."""
    result = process_tree.measure([str(executable), "aws", "--service", "s3", "-f", "us-east-1", "--no-banner",
                                   "-M", "json-ocsf", "--output-directory", str(out / "prowler")],
                                  {**ENV, "AWS_ENDPOINT_URL": endpoint}, tempfile.gettempdir())
    if result["code"] not in (0, 3):
        sys.exit(f"prowler failed ({result['code']}): {result['stderr'][-2000:]}")
    return result


def run_standin(count: int, latency: int, workers: int, script: Path, repeat: int, prowler_at: Path | None) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, str(script), str(port), str(count), str(latency)], stdout=subprocess.PIPE)
    try:
        process.stdout.readline()  # "ready"
        endpoint = f"http://127.0.0.1:{port}"
        with tempfile.TemporaryDirectory() as tmp:
            ours, base = alternate(repeat, lambda: floor(endpoint, workers), lambda: scan(endpoint, workers, Path(tmp)))
            report(f"stand-in at {latency} ms a call, {workers} workers, median of {repeat}", count, ours, base)
            if prowler_at:
                theirs = prowler(prowler_at, endpoint, Path(tmp))
                print(f"{'prowler':10}{theirs['wall']:9.2f}{theirs['cpu']:9.2f}{theirs['rss_mb']:9.1f}{'':>12}"
                      f"{theirs['processes']:11.0f}")
                print(f"prowler / srmscan wall: {theirs['wall'] / ours['wall']:.1f}x")
    finally:
        process.terminate()
        process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--buckets", type=int, default=1000, help="buckets to seed into moto (0: skip moto)")
    parser.add_argument("--standin", type=int, default=0, help="buckets for the latency stand-in (0: skip)")
    parser.add_argument("--latency", type=int, default=30, help="stand-in latency per call, ms")
    parser.add_argument("--workers", type=int, default=32, help="pool size for srmscan and the floor")
    parser.add_argument("--repeat", type=int, default=3, help="alternating runs of each; medians are reported")
    parser.add_argument("--standin-script", type=Path,
                        default=HERE.parent.parent / "shared" / "bench" / "s3_standin.py")
    parser.add_argument("--prowler", type=Path, help="with --standin: a prowler executable (installed in a throwaway "
                        "virtualenv: python3 -m venv v && v/bin/pip install 'prowler==5.46.*') to run once on it")
    args = parser.parse_args()
    print(f"srmscan --help: {help_time() * 1000:.0f} ms (best of 5)")
    if args.buckets:
        run_moto(args.buckets, args.workers, args.repeat)
    if args.standin:
        run_standin(args.standin, args.latency, args.workers, args.standin_script, args.repeat, args.prowler)


if __name__ == "__main__":
    main()
