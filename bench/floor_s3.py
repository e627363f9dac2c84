"""The floor srmscan is measured against: plain boto3, only the reads a bucket posture needs, same pool.

usage: floor_s3.py ENDPOINT WORKERS     (prints the number of buckets read)
"""

import sys
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

READS = ("get_bucket_policy", "get_bucket_acl", "get_public_access_block", "get_bucket_encryption",
         "get_bucket_versioning", "get_bucket_logging", "get_bucket_lifecycle_configuration",
         "get_bucket_ownership_controls")


def main() -> None:
    endpoint, workers = sys.argv[1], int(sys.argv[2])
    config = Config(max_pool_connections=workers, retries={"mode": "standard"})
    s3 = boto3.client("s3", endpoint_url=endpoint, config=config)
    buckets = s3.list_buckets()["Buckets"]

    def read(name: str, operation: str) -> None:
        try:
            getattr(s3, operation)(Bucket=name)
        except ClientError:
            pass

    with ThreadPoolExecutor(workers) as pool:
        jobs = []
        for bucket in buckets:
            operations = READS if bucket.get("BucketRegion") else ("get_bucket_location",) + READS
            jobs += [pool.submit(read, bucket["Name"], op) for op in operations]
        for job in jobs:
            job.result()
    print(len(buckets))


if __name__ == "__main__":
    main()
