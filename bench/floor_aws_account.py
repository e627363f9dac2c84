"""The floor for the full-account benchmark: plain boto3 making the same reads as `srmscan scan aws`
(same services, regions, paginators and pool size), with no snapshot, checks or reports.

usage: floor_aws_account.py ENDPOINT WORKERS REGION [REGION ...]   (prints the number of requests)
"""

import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from srmscan.providers.aws.session import account_host_fix   # moto has no ACCOUNT.host for S3 Control

ENDPOINT, WORKERS, REGIONS = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
CONFIG = Config(max_pool_connections=WORKERS, retries={"mode": "standard"})
SESSION = boto3.Session()
CLIENTS, LOCK, COUNT = {}, threading.Lock(), [0]
POOL = ThreadPoolExecutor(WORKERS)
JOBS = []


def count(**_):
    with LOCK:
        COUNT[0] += 1


def client(service, region="us-east-1"):
    with LOCK:
        if (service, region) not in CLIENTS:
            made = SESSION.client(service, region_name=region, endpoint_url=ENDPOINT, config=CONFIG)
            made.meta.events.register("before-send", count)
            made.meta.events.register("before-sign.s3-control", account_host_fix(ENDPOINT))
            CLIENTS[(service, region)] = made
        return CLIENTS[(service, region)]


def call(c, operation, pages=False, **params):
    try:
        if pages:
            return c.get_paginator(operation).paginate(**params).build_full_result()
        return getattr(c, operation)(**params)
    except (ClientError, BotoCoreError):
        return {}


def submit(fn, *args, **kwargs):
    with LOCK:
        JOBS.append(POOL.submit(fn, *args, **kwargs))


def bucket(name):
    s3 = client("s3")
    call(s3, "get_bucket_location", Bucket=name)
    for op in ("get_bucket_policy", "get_bucket_acl", "get_public_access_block", "get_bucket_encryption",
               "get_bucket_versioning", "get_bucket_logging", "get_bucket_lifecycle_configuration",
               "get_bucket_ownership_controls"):
        submit(call, s3, op, Bucket=name)


def global_reads(account):
    iam = client("iam")
    for name in call(client("s3"), "list_buckets").get("Buckets", []):
        submit(bucket, name["Name"])
    submit(call, client("s3control"), "get_public_access_block", AccountId=account)
    submit(lambda: (call(iam, "generate_credential_report"), call(iam, "get_credential_report")))
    for op in ("get_account_summary", "get_account_password_policy"):
        submit(call, iam, op)
    for op in ("list_virtual_mfa_devices", "list_server_certificates"):
        submit(call, iam, op, pages=True)
    for policy in ("AWSSupportAccess", "AWSCloudShellFullAccess"):
        submit(call, iam, "list_entities_for_policy", pages=True, PolicyArn=f"arn:aws:iam::aws:policy/{policy}")
    submit(call, iam, "get_account_authorization_details", pages=True, Filter=["User"])
    submit(call, iam, "get_account_authorization_details", pages=True, Filter=["Role"])
    submit(call, client("organizations"), "list_accounts", pages=True)
    for policy in call(iam, "list_policies", pages=True, Scope="All", OnlyAttached=True).get("Policies", []):
        submit(call, iam, "get_policy_version", PolicyArn=policy["Arn"], VersionId=policy["DefaultVersionId"])


def key(kms, key_id):
    metadata = call(kms, "describe_key", KeyId=key_id).get("KeyMetadata", {})
    if metadata.get("KeyManager") == "CUSTOMER":
        submit(call, kms, "get_key_policy", KeyId=key_id, PolicyName="default")
        if metadata.get("KeySpec") == "SYMMETRIC_DEFAULT" and metadata.get("KeyState") == "Enabled":
            submit(call, kms, "get_key_rotation_status", KeyId=key_id)


def ec2_owned(ec2):
    """The account's snapshots, images and launch templates, each with the attribute srmscan reads."""
    for snap in call(ec2, "describe_snapshots", pages=True, OwnerIds=["self"], MaxResults=1000).get("Snapshots", []):
        submit(call, ec2, "describe_snapshot_attribute", SnapshotId=snap["SnapshotId"], Attribute="createVolumePermission")
    for image in call(ec2, "describe_images", Owners=["self"]).get("Images", []):
        submit(call, ec2, "describe_image_attribute", ImageId=image["ImageId"], Attribute="launchPermission")
    for template in call(ec2, "describe_launch_templates", pages=True, MaxResults=1000).get("LaunchTemplates", []):
        submit(call, ec2, "describe_launch_template_versions", LaunchTemplateId=template["LaunchTemplateId"],
               Versions=["$Default"])


def rds_reads(rds):
    submit(call, rds, "describe_db_instances", pages=True, MaxRecords=100)
    submit(call, rds, "describe_db_clusters", pages=True, MaxRecords=100)
    submit(call, rds, "describe_db_major_engine_versions", pages=True)
    for snap in call(rds, "describe_db_snapshots", pages=True, SnapshotType="manual", MaxRecords=100).get("DBSnapshots", []):
        submit(call, rds, "describe_db_snapshot_attributes", DBSnapshotIdentifier=snap["DBSnapshotIdentifier"])
    for snap in call(rds, "describe_db_cluster_snapshots", pages=True, SnapshotType="manual",
                     MaxRecords=100).get("DBClusterSnapshots", []):
        submit(call, rds, "describe_db_cluster_snapshot_attributes",
               DBClusterSnapshotIdentifier=snap["DBClusterSnapshotIdentifier"])


def efs_reads(efs):
    for fs in call(efs, "describe_file_systems", pages=True).get("FileSystems", []):
        submit(call, efs, "describe_backup_policy", FileSystemId=fs["FileSystemId"])


def regional_reads(region, seen_trails):
    ec2 = client("ec2", region)
    submit(call, client("accessanalyzer", region), "list_analyzers", pages=True)
    submit(call, client("securityhub", region), "describe_hub")
    submit(call, ec2, "get_ebs_encryption_by_default")
    submit(call, ec2, "describe_flow_logs", pages=True)
    for op in ("describe_security_groups", "describe_network_acls", "describe_vpcs", "describe_instances",
               "describe_subnets", "describe_volumes", "describe_transit_gateways"):
        submit(lambda op=op: list(ec2.get_paginator(op).paginate(MaxResults=1000)))
    submit(ec2_owned, ec2)
    submit(rds_reads, client("rds", region))
    submit(call, client("logs", region), "describe_metric_filters", pages=True)
    submit(call, client("cloudwatch", region), "describe_alarms", pages=True)
    submit(call, client("sns", region), "list_subscriptions", pages=True)
    config = client("config", region)
    for op in ("describe_configuration_recorders", "describe_configuration_recorder_status", "describe_delivery_channels"):
        submit(call, config, op)
    submit(efs_reads, client("efs", region))
    trails = client("cloudtrail", region)
    for trail in call(trails, "describe_trails", includeShadowTrails=True).get("trailList", []):
        with LOCK:
            if trail["TrailARN"] in seen_trails:
                continue
            seen_trails.add(trail["TrailARN"])
        home = client("cloudtrail", trail["HomeRegion"])
        submit(call, home, "get_trail_status", Name=trail["TrailARN"])
        submit(call, home, "get_event_selectors", TrailName=trail["TrailARN"])
    kms = client("kms", region)
    for entry in call(kms, "list_keys", pages=True, Limit=1000).get("Keys", []):
        submit(key, kms, entry["KeyId"])


def main():
    account = client("sts").get_caller_identity()["Account"]
    client("ec2").describe_regions(AllRegions=True)
    seen = set()
    submit(global_reads, account)
    for region in REGIONS:
        submit(regional_reads, region, seen)
    done = 0
    while done < len(JOBS):
        JOBS[done].result()
        done += 1
    print(COUNT[0])


if __name__ == "__main__":
    main()
