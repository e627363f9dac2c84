"""EFS (regional): file systems (from one listing) and each one's automatic backup policy."""

from srmscan.providers.aws.declare import REGIONAL, Call, fields, item
from srmscan.providers.declare import Listing, Read, ResourceType

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
    reads=(
        # PolicyNotFound: automatic backups were never turned on (None)
        Read("backup_policy", Call("describe_backup_policy", params=lambda fs: {"FileSystemId": fs.id.rsplit("/", 1)[-1]}),
             "elasticfilesystem:DescribeBackupPolicy", lambda r: r["BackupPolicy"].get("Status"),
             frozenset({"PolicyNotFound"})),
    ),
)

TYPES = (FILE_SYSTEM,)
SCOPE_READS = {}
