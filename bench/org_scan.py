"""Benchmark an organisation scan against moto: `srmscan scan aws --org` over N member accounts, once in
one process, then as 3 shards (`collect --shard i/3`) run side by side and merged with `evaluate`.

    python bench/org_scan.py --accounts 30 --buckets 5

Each member account gets B buckets (one public). Prints wall, CPU and peak memory (PSS summed over each
command's processes, bench/process_tree.py) of the single run and of the 3 shards together (wall of the
slowest, CPU and memory summed), the API requests per account, and CPU per request: the figures
docs/scaling.md reasons from. moto's own CPU (in this process) bounds every run here, so compare the
two ways of running, not absolute speed. Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import process_tree  # noqa: E402
from s3_scan import ENV, start_moto  # noqa: E402

ROLE = "SrmscanAudit"


def seed(endpoint: str, accounts: int, buckets: int) -> list[str]:
    import boto3

    org = boto3.client("organizations", endpoint_url=endpoint)
    org.create_organization(FeatureSet="ALL")
    sts = boto3.client("sts", endpoint_url=endpoint)
    members = []
    for i in range(accounts):
        account = org.create_account(Email=f"m{i}@example.com", AccountName=f"m{i}")["CreateAccountStatus"]["AccountId"]
        keys = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/{ROLE}", RoleSessionName="seed")["Credentials"]
        s3 = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=keys["AccessKeyId"],
                          aws_secret_access_key=keys["SecretAccessKey"], aws_session_token=keys["SessionToken"])
        for j in range(buckets):
            name = f"b{j}-{account}"
            s3.create_bucket(Bucket=name)
            if j == 0:
                s3.put_bucket_policy(Bucket=name, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
                    "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{name}/*"}]}))
        members.append(account)
    return members


def srmscan(*args: str) -> list[str]:
    return [sys.executable, "-m", "srmscan", *args]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=30)
    parser.add_argument("--buckets", type=int, default=5, help="buckets per member account")
    parser.add_argument("--services", default="s3,iam", help="services read in each account (comma-separated)")
    args = parser.parse_args()

    server, endpoint = start_moto()
    services = [a for s in args.services.split(",") for a in ("--service", s)]
    common = ["--endpoint-url", endpoint, "--org", "--role-name", ROLE, "--region", "us-east-1", *services]
    try:
        started = time.perf_counter()
        seed(endpoint, args.accounts, args.buckets)
        print(f"seeded {args.accounts} accounts x {args.buckets} buckets in {time.perf_counter() - started:.1f} s")
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            one = process_tree.measure(srmscan("scan", "aws", *common, "--format", "json", "--output",
                                               str(out / "one.json"), "--snapshot-out", str(out / "one-snap.json")),
                                       ENV, tmp)
            metadata = json.loads((out / "one-snap.json").read_text())["metadata"]
            shards: list[dict] = [{}, {}, {}]

            def shard(index: int) -> None:
                shards[index - 1] = process_tree.measure(srmscan("collect", "aws", *common, "--shard", f"{index}/3",
                                                                 "--output", str(out / f"shard-{index}.json")), ENV, tmp)

            started = time.perf_counter()
            threads = [threading.Thread(target=shard, args=(i,)) for i in (1, 2, 3)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            merge = process_tree.measure(srmscan("evaluate", *(str(out / f"shard-{i}.json") for i in (1, 2, 3)),
                                                 "--format", "json", "--output", str(out / "merged.json")), ENV, tmp)
            sharded_wall = time.perf_counter() - started
            outcome = lambda path: sorted((f["check"]["id"], f["resource"]["id"], f["status"], f["message"])  # noqa: E731
                                          for f in json.loads(path.read_text())["findings"])
            first, merged = outcome(out / "one.json"), outcome(out / "merged.json")
            same = first == merged
            if not same:
                print("differ:", sorted(set(first) ^ set(merged))[:6])
    finally:
        server.stop()
    accounts = len(metadata["accounts"])
    requests = metadata["api_requests"]
    print(f"\n== organisation of {accounts} accounts ({args.buckets} buckets each, services {args.services}), moto")
    print(f"{'':22}{'wall s':>9}{'cpu s':>9}{'PSS MB':>9}")
    print(f"{'one process':22}{one['wall']:9.2f}{one['cpu']:9.2f}{one['rss_mb']:9.1f}")
    print(f"{'3 shards side by side':22}{max(s['wall'] for s in shards):9.2f}{sum(s['cpu'] for s in shards):9.2f}"
          f"{sum(s['rss_mb'] for s in shards):9.1f}   (each: {', '.join('%.0f' % s['rss_mb'] for s in shards)} MB)")
    print(f"{'merge (evaluate)':22}{merge['wall']:9.2f}{merge['cpu']:9.2f}{merge['rss_mb']:9.1f}")
    print(f"{'shards + merge':22}{sharded_wall:9.2f}")
    print(f"API requests: {requests} ({requests / accounts:.1f} per account); srmscan CPU per request "
          f"{one['cpu'] / requests * 1000:.2f} ms (start-up and evaluation included)")
    print(f"merged shards give the same findings as one run: {same}")


if __name__ == "__main__":
    main()
