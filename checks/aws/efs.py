"""EFS (AWS Foundational Security Best Practices EFS.1, .7, .8): file systems encrypted at rest, with automatic backups."""

from srmscan.check import check, failed, judged, passed

@check(id="aws.efs.file_system_encrypted", title="EFS file systems are encrypted at rest", severity="medium",
       resource_type="aws.efs.file_system", reads=("encrypted", "kms_key"),
       rationale="An unencrypted file system leaves its data and backups readable to whoever gets the storage.",
       remediation="Create an encrypted file system and copy the data to it (encryption cannot be turned on later).")
def efs_encrypted(fs, snapshot):
    if fs.config["encrypted"]:
        return passed(f"encrypted with {fs.config['kms_key'] or 'the AWS-managed key'}", kms_key=fs.config["kms_key"])
    return failed("the file system is not encrypted")


@check(id="aws.efs.automatic_backups", title="EFS file systems have automatic backups on", severity="medium",
       resource_type="aws.efs.file_system", reads=("backup_policy",),
       rationale="Without automatic backups a deleted or encrypted-by-ransomware file system has no copy to "
                 "restore from.",
       remediation="`aws efs put-backup-policy --file-system-id FS --backup-policy Status=ENABLED`.")
def automatic_backups(file_system, snapshot):
    status = file_system.config["backup_policy"]
    return judged(status == "ENABLED", "automatic backups are on",
                  f"automatic backups are {str(status).lower() if status else 'not configured'}", status=status)
