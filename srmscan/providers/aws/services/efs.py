"""EFS (regional): file systems, read from one listing."""

from srmscan.providers.aws.reads import REGIONAL, Kind, Listing, item

FILE_SYSTEM = Kind(
    type="aws.efs.file_system",
    service="efs",
    scope=REGIONAL,
    listing=Listing("describe_file_systems", "elasticfilesystem:DescribeFileSystems",
                    lambda page: page.get("FileSystems", [])),
    identity=lambda f, scope: (f.get("FileSystemArn") or f"arn:{scope.partition}:elasticfilesystem:{scope.region}:"
                                                          f"{scope.account}:file-system/{f['FileSystemId']}",
                               f.get("Name") or f["FileSystemId"]),
    fields={"encrypted": item("Encrypted", False), "kms_key": item("KmsKeyId")},
)

KINDS = (FILE_SYSTEM,)
ACCOUNT_READS = ()
REGION_READS = ()
