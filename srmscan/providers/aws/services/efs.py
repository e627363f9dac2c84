"""EFS (regional): file systems, read from one listing."""

from srmscan.providers.aws.declare import REGIONAL, Call, fields, item
from srmscan.providers.declare import Listing, ResourceType

FILE_SYSTEM = ResourceType(
    type="aws.efs.file_system",
    service="efs",
    scope=REGIONAL,
    listing=Listing(Call("describe_file_systems"), "elasticfilesystem:DescribeFileSystems",
                    lambda page: page.get("FileSystems", [])),
    identity=lambda f, scope: (f.get("FileSystemArn") or f"arn:{scope.partition}:elasticfilesystem:{scope.region}:"
                                                          f"{scope.account}:file-system/{f['FileSystemId']}",
                               f.get("Name") or f["FileSystemId"]),
    config=fields({"encrypted": item("Encrypted", False), "kms_key": item("KmsKeyId")}),
)

TYPES = (FILE_SYSTEM,)
SCOPE_READS = {}
