"""EFS: file systems encrypted at rest."""

from srmscan.check import check, failed, passed

@check(id="aws.efs.file_system_encrypted", title="EFS file systems are encrypted at rest", severity="medium",
       resource_type="aws.efs.file_system", reads=("encrypted", "kms_key"),
       rationale="An unencrypted file system leaves its data and backups readable to whoever gets the storage.",
       remediation="Create an encrypted file system and copy the data to it (encryption cannot be turned on later).")
def efs_encrypted(fs, snapshot):
    if fs.config["encrypted"]:
        return passed(f"encrypted with {fs.config['kms_key'] or 'the AWS-managed key'}", kms_key=fs.config["kms_key"])
    return failed("the file system is not encrypted")
