"""Benchmark a full-account `srmscan scan aws` against moto, next to a plain boto3 floor making the same
reads (bench/floor_aws_account.py) in the same run.

    python bench/aws_account_scan.py            # 3 regions x (50 security groups, 20 KMS keys,
                                                #   10 RDS instances, 5 trails) + 200 IAM users + 200 buckets

Both go through the same local proxy (it answers IAM Access Analyzer, which moto lacks). Prints wall
time, client CPU, peak RSS and API requests per resource (medians of --repeat alternating runs);
asserts nothing. moto's own CPU bounds both, so the ratios are what this measures.

    python bench/aws_account_scan.py --prowler /path/to/venv/bin/prowler

also runs Prowler (installed in a throwaway virtualenv: `python3 -m venv v && v/bin/pip install
prowler==5.46.*`) once on the same account, same regions, with its CIS 5.0 compliance framework
(`--compliance cis_5.0_aws`, or another framework with --prowler-compliance), its requests counted at the
same proxy.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests"), str(HERE.parent / "fixtures")]

from s3_scan import ENV, alternate, measure, start_moto  # noqa: E402

REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2")


def seed(endpoint: str, users: int, buckets: int, groups: int, keys: int, databases: int, trails: int) -> None:
    import boto3

    def client(service, region="us-east-1"):
        return boto3.client(service, region_name=region, endpoint_url=endpoint)

    iam, s3 = client("iam"), client("s3")
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: iam.create_user(UserName=f"user-{i:04d}"), range(users)))
        list(pool.map(lambda i: s3.create_bucket(Bucket=f"bench-bucket-{i:04d}"), range(buckets)))
    s3.create_bucket(Bucket="bench-trail-logs")
    for region in REGIONS:
        ec2, kms, rds, trail = client("ec2", region), client("kms", region), client("rds", region), client("cloudtrail", region)
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]

        def group(i, ec2=ec2, vpc=vpc):
            group_id = ec2.create_security_group(GroupName=f"sg-{i}", Description="bench", VpcId=vpc)["GroupId"]
            ec2.authorize_security_group_ingress(GroupId=group_id, IpPermissions=[
                {"IpProtocol": "tcp", "FromPort": 22 if i % 4 == 0 else 443, "ToPort": 22 if i % 4 == 0 else 443,
                 "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])

        with ThreadPoolExecutor(8) as pool:
            list(pool.map(group, range(groups)))
            list(pool.map(lambda i, kms=kms: kms.create_key(Description=f"key-{i}"), range(keys)))
            list(pool.map(lambda i, rds=rds: rds.create_db_instance(
                DBInstanceIdentifier=f"db-{i}", Engine="postgres", DBInstanceClass="db.t3.micro",
                MasterUsername="bench", MasterUserPassword="bench-password-1", AllocatedStorage=20,
                StorageEncrypted=i % 2 == 0), range(databases)))
        for i in range(trails):
            trail.create_trail(Name=f"trail-{region}-{i}", S3BucketName="bench-trail-logs", IsMultiRegionTrail=i == 0)


def scan(endpoint: str, workers: int, out: Path) -> dict:
    from aws_foundations_account import SERVICES

    regions = [arg for region in REGIONS for arg in ("--region", region)]
    # the services the floor reads (the twin account's foundations), with the same reads
    services = [arg for service in SERVICES for arg in ("--service", service)]
    result = measure([sys.executable, "-m", "srmscan", "scan", "aws", "--endpoint-url", endpoint, *regions, *services,
                      "--max-workers", str(workers), "--format", "json", "--output", str(out / "f.json"),
                      "--snapshot-out", str(out / "snap.json")])
    if result["code"] not in (0, 1, 3):
        sys.exit(f"srmscan failed ({result['code']}): {result['stderr']}")
    snapshot = json.loads((out / "snap.json").read_text())
    result["requests"] = snapshot["metadata"]["api_requests"]
    result["resources"] = len(snapshot["resources"])
    return result


def floor(endpoint: str, workers: int) -> dict:
    result = measure([sys.executable, str(HERE / "floor_aws_account.py"), endpoint, str(workers), *REGIONS])
    if result["code"] != 0:
        sys.exit(f"floor failed: {result['stderr']}")
    result["requests"] = int(result["stdout"].split()[-1])
    return result


def prowler(executable: Path, proxy, out: Path, compliance: str) -> dict:
    before = len(proxy.requests)
    ENV["AWS_ENDPOINT_URL"] = proxy.url
    try:
        result = measure([str(executable), "aws", "--compliance", compliance, "-f", *REGIONS, "--no-banner",
                          "-M", "json-ocsf", "--output-directory", str(out / "prowler")])
    finally:
        del ENV["AWS_ENDPOINT_URL"]
    if result["code"] not in (0, 3):
        sys.exit(f"prowler failed ({result['code']}): {result['stderr'][-2000:]}")
    result["requests"] = len(proxy.requests) - before
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--buckets", type=int, default=200)
    parser.add_argument("--groups", type=int, default=50, help="security groups per region")
    parser.add_argument("--keys", type=int, default=20, help="KMS keys per region")
    parser.add_argument("--databases", type=int, default=10, help="RDS instances per region")
    parser.add_argument("--trails", type=int, default=5, help="trails per region")
    parser.add_argument("--workers", type=int, default=32)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--prowler", type=Path, help="a prowler executable to run once on the same account")
    parser.add_argument("--prowler-compliance", default="cis_5.0_aws",
                        help="Prowler's framework: cis_5.0_aws, or aws_foundational_security_best_practices_aws for "
                             "the workload services too")
    args = parser.parse_args()

    import aws_standins
    from fault_proxy import FaultProxy

    server, endpoint = start_moto()
    try:
        started = time.perf_counter()
        seed(endpoint, args.users, args.buckets, args.groups, args.keys, args.databases, args.trails)
        print(f"seeded in {time.perf_counter() - started:.1f} s")
        with FaultProxy(endpoint) as proxy, tempfile.TemporaryDirectory() as tmp:
            proxy.responders.extend(aws_standins.moto_gaps())
            ours, base = alternate(args.repeat, lambda: floor(proxy.url, args.workers),
                                   lambda: scan(proxy.url, args.workers, Path(tmp)))
            resources = json.loads((Path(tmp) / "snap.json").read_text())
            count = len(resources["resources"])
            others = {"prowler": prowler(args.prowler, proxy, Path(tmp), args.prowler_compliance)} if args.prowler else {}
    finally:
        server.stop()
    print(f"\n== moto full account, {len(REGIONS)} regions, {count} resources, {args.workers} workers, "
          f"median of {args.repeat}")
    print(f"{'':10}{'wall s':>9}{'cpu s':>9}{'rss MB':>9}{'requests':>10}{'req/resource':>14}")
    for label, run in (("srmscan", ours), ("floor", base), *others.items()):
        print(f"{label:10}{run['wall']:9.2f}{run['cpu']:9.2f}{run['rss_mb']:9.1f}{run['requests']:10.0f}"
              f"{run['requests'] / count:14.2f}")
    print(f"{'ratio':10}{ours['wall'] / base['wall']:9.2f}{ours['cpu'] / base['cpu']:9.2f}")


if __name__ == "__main__":
    main()
