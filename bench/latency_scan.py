"""A whole AWS account at real-world latency (issue 26): the twin account (fixtures/aws_twin_account.py, the one the
demo snapshot is read from) on moto in its own process, behind a proxy that delays every request by --latency ms
and answers what moto lacks (Access Analyzer, Macie, Systems Manager, RDS lifecycles).

    python bench/latency_scan.py --latency 100 --repeat 3            # 3 regions, then every region moto lists
    python bench/latency_scan.py --regions 3 --prowler /tmp/pv/bin/prowler

For each run it prints wall, client CPU, requests, and the critical path: the longest chain of requests that
depend on each other, worked out from the proxy's log (bench/critical_path.py), times the latency; and the rule
issue 26 judges by, wall <= 1.5 x critical path + 0.5 s. Also an empty account (no resource seeded, one region)
at the same latency. Asserts nothing.

moto and the proxy run on the same cores as srmscan; moto spends seconds of CPU on a scan. So, unless --live, the
proxy keeps moto's answers from the warm-up run and answers the measured runs' repeats of those requests itself
(keyed by method, path, SigV4 region/service and body), after the same delay: what is measured is srmscan and the
network, as against a real account. A request the warm-up did not send still goes to moto.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests"), str(HERE.parent / "fixtures")]

from critical_path import rule_bound  # noqa: E402
from s3_scan import ENV, measure  # noqa: E402

THREE = ("us-east-1", "eu-west-1", "ap-southeast-2")


class MotoProcess:
    """moto's server in a process of its own (its own interpreter lock, as a real service is not slowed by the
    proxy's threads), quiet."""

    def __init__(self):
        import socket
        import subprocess

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        from aws_twin_account import MOTO_SETTINGS

        env = {**ENV, **MOTO_SETTINGS}
        self.process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
                                        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        sys.exit("moto's server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def start_moto():
    os.environ.update({key: ENV[key] for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION")})
    server = MotoProcess()
    return server, server.url


def seed_twins(endpoint: str) -> dict:
    import boto3

    import aws_twin_account

    return aws_twin_account.seed(lambda service, region: boto3.client(service, region_name=region,
                                                                       endpoint_url=endpoint))


def every_region(endpoint: str) -> list[str]:
    import boto3

    ec2 = boto3.client("ec2", region_name="us-east-1", endpoint_url=endpoint)
    return sorted(r["RegionName"] for r in ec2.describe_regions()["Regions"])


def moto_failures(out: Path) -> set[str]:
    """Regions where moto itself failed in the last run (a backend it lacks there answers 500): listings that
    failed so, and results that are ERROR for it."""
    report = json.loads((out / "f.json").read_text())
    broken = {e["scope"].rsplit(" in ", 1)[-1] for e in report["collection_errors"] if _moto_broke(e.get("message", ""))}
    broken |= {f["resource"].get("region", "") for f in report["findings"]
               if f["status"] == "ERROR" and _moto_broke(f.get("message", ""))}
    return broken - {""}


def _moto_broke(message: str) -> bool:
    return any(sign in message for sign in ("InternalError", "InternalFailure", "(500)", "500 Internal"))


def scan_once(proxy, regions: list[str], latency: float, out: Path, extra: list[str]) -> dict:
    region_args = [arg for region in regions for arg in ("--region", region)]
    result = timed(proxy, [sys.executable, "-m", "srmscan", "scan", "aws", "--endpoint-url", proxy.url, *region_args,
                           "--format", "json", "--output", str(out / "f.json"), *extra], latency)
    if result["code"] not in (0, 1, 3):
        sys.exit(f"srmscan failed ({result['code']}): {result['stderr'][-2000:]}")
    result["findings"] = len(json.loads((out / "f.json").read_text())["findings"])
    return result


def floor_once(proxy, regions: list[str], latency: float) -> dict:
    """bench/floor_aws_account.py: plain boto3 making the reads srmscan makes of the foundations services, same pool."""
    result = timed(proxy, [sys.executable, str(HERE / "floor_aws_account.py"), proxy.url, "32", *regions], latency)
    if result["code"] != 0:
        sys.exit(f"the floor failed: {result['stderr'][-2000:]}")
    return result


def timed(proxy, command: list[str], latency: float) -> dict:
    """One run of `command` through the proxy, answered as the warm-up run was: wall, CPU, requests, critical path."""
    from critical_path import aws_chain

    since = time.monotonic()
    proxy.replay_from_start()
    before = len(proxy.timeline)
    result = measure(command)
    result["requests"] = len(proxy.timeline) - before
    trips, result["chain"] = aws_chain(proxy.timeline, since)
    result["critical_s"] = trips * latency
    return result


def foundations_only() -> list[str]:
    from aws_foundations_account import SERVICES

    return [arg for service in SERVICES for arg in ("--service", service)]


def prowler_once(executable: Path, proxy, regions: list[str], out: Path) -> dict:
    before = len(proxy.timeline)
    ENV["AWS_ENDPOINT_URL"] = proxy.url
    try:
        result = measure([str(executable), "aws", "-f", *regions, "--no-banner", "-M", "json-ocsf",
                          "--output-directory", str(out / "prowler")])
    finally:
        del ENV["AWS_ENDPOINT_URL"]
    result["requests"] = len(proxy.timeline) - before
    return result


def summary(label: str, runs: list[dict]) -> None:
    wall = statistics.median(r["wall"] for r in runs)
    cpu = statistics.median(r["cpu"] for r in runs)
    critical = statistics.median(r["critical_s"] for r in runs)
    bound = rule_bound(critical)
    print(f"{label:34}{wall:8.2f}{min(r['wall'] for r in runs):7.2f}-{max(r['wall'] for r in runs):<6.2f}"
          f"{cpu:7.2f}{statistics.median(r['requests'] for r in runs):9.0f}{critical:10.2f}{bound:8.2f}"
          f"  {'within' if wall <= bound else 'OVER'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--latency", type=float, default=100, help="ms added to every request")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--regions", choices=("3", "all", "both"), default="both")
    parser.add_argument("--prowler", type=Path, help="a prowler executable to run once on the 3 regions")
    parser.add_argument("--show-chain", action="store_true", help="print the critical path's requests")
    parser.add_argument("--floor", action="store_true",
                        help="also the foundations services alone, srmscan and a plain boto3 loop making the same reads "
                             "(bench/floor_aws_account.py), alternating")
    parser.add_argument("--live", action="store_true",
                        help="every request answered by moto (by default a request the warm-up sent is answered with "
                             "moto's answer then, so moto's CPU does not share srmscan's cores)")
    args = parser.parse_args()
    latency = args.latency / 1000

    import aws_standins
    import aws_twin_account
    from fault_proxy import FaultProxy, Rule

    # the stand-ins page at 2 to exercise paging in tests; the real APIs answer 50-100 a page by default (RDS's
    # DescribeDBMajorEngineVersions 100): at 2, their pages would be a chain no real account has
    aws_standins.PAGE_SIZE = 50

    print(f"{'':34}{'wall s':>8}{'range':>14}{'cpu s':>7}{'requests':>9}{'critical':>10}{'1.5x+.5':>8}")
    rows = []
    for seeded in (False, True):
        server, endpoint = start_moto()
        try:
            twins = seed_twins(endpoint) if seeded else None
            everything = every_region(endpoint)
            with FaultProxy(endpoint) as proxy, tempfile.TemporaryDirectory() as tmp:
                proxy.rules.append(Rule("*", "", delay=latency))
                proxy.replay = None if args.live else {}   # measured runs answered from the warm-up's answers
                proxy.responders.extend(aws_twin_account.responders(twins))
                plans = ([("empty account, 1 region", ["us-east-1"])] if not seeded else
                         [(f"twin account, {len(THREE)} regions", list(THREE))] * (args.regions in ("3", "both")) +
                         [(f"twin account, all {len(everything)} regions", everything)] * (args.regions in ("all", "both")))
                for label, regions in plans:
                    scan_once(proxy, regions, latency, Path(tmp), [])   # warm-up: moto makes each backend on first use
                    broken = moto_failures(Path(tmp)) & set(regions)
                    if broken:   # not srmscan's to measure: moto answers 500 there, and retries would be timed
                        regions = [r for r in regions if r not in broken]
                        label = f"twin account, {len(regions)} regions"
                        print(f"   (left out, moto fails there: {', '.join(sorted(broken))})")
                        scan_once(proxy, regions, latency, Path(tmp), [])
                    runs = [scan_once(proxy, regions, latency, Path(tmp), []) for _ in range(args.repeat)]
                    summary(label, runs)
                    rows.append((label, runs))
                    if seeded and args.floor:   # the same reads as a plain boto3 loop, alternating
                        scan_once(proxy, regions, latency, Path(tmp), foundations_only())   # its warm-up
                        floor_once(proxy, regions, latency)
                        pairs = [(scan_once(proxy, regions, latency, Path(tmp), foundations_only()),
                                  floor_once(proxy, regions, latency)) for _ in range(args.repeat)]
                        summary("  foundations only: srmscan", [ours for ours, _ in pairs])
                        summary("  foundations only: boto3 floor", [floor for _, floor in pairs])
                    if args.show_chain:
                        print("   critical path: " + " -> ".join(runs[-1]["chain"]))
                if seeded and args.prowler:
                    result = prowler_once(args.prowler, proxy, list(THREE), Path(tmp))
                    print(f"{'prowler, 3 regions (once)':34}{result['wall']:8.2f}{'':14}{result['cpu']:7.2f}"
                          f"{result['requests']:9.0f}")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
