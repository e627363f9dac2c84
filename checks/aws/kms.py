"""KMS: key policies not public, automatic rotation of customer-managed keys."""

from srmscan.analysis.aws_policy import KMS_LIMITING_KEYS, PolicyError, public_statements
from srmscan.check import check, failed, passed, undetermined

@check(id="aws.kms.key_not_public", title="KMS key policies do not grant access to everyone", severity="critical",
       resource_type="aws.kms.key", reads=("metadata", "policy"),
       rationale="A key policy with a public principal and no limiting condition lets any AWS account use or "
                 "manage the key, and so the data it protects.",
       remediation="Replace Principal \"*\" with the account or roles that need the key, or add a condition such as "
                   "kms:CallerAccount or aws:PrincipalOrgID.")
def kms_key_not_public(key, snapshot):
    if key.config["metadata"].get("KeyManager") != "CUSTOMER":
        return passed("AWS-managed key: its policy is AWS's")
    try:
        public = public_statements(key.config["policy"], KMS_LIMITING_KEYS)
    except PolicyError as exc:
        return undetermined(f"cannot judge the key policy: {exc}")
    if public:
        return failed(f"statement {', '.join(public)} grants the key to everyone", statements=public)
    return passed("no statement grants the key to everyone")


@check(id="aws.kms.key_rotation", title="Customer-managed symmetric KMS keys rotate yearly", severity="medium",
       resource_type="aws.kms.key", reads=("metadata", "rotation_enabled"),
       rationale="Rotation limits how much data one key version protects and how long a leaked version is useful.",
       remediation="`aws kms enable-key-rotation --key-id KEY`.")
def key_rotation(key, snapshot):
    metadata = key.config["metadata"]
    if metadata.get("KeyManager") != "CUSTOMER":
        return passed("AWS-managed key: AWS rotates it", key_manager=metadata.get("KeyManager"))
    if metadata.get("KeySpec", "SYMMETRIC_DEFAULT") != "SYMMETRIC_DEFAULT":
        return passed(f"{metadata.get('KeySpec')} key: automatic rotation does not apply", key_spec=metadata.get("KeySpec"))
    if metadata.get("KeyState") != "Enabled":
        return passed(f"key is {metadata.get('KeyState')}: rotation does not apply", key_state=metadata.get("KeyState"))
    if metadata.get("Origin", "AWS_KMS") != "AWS_KMS":
        return passed(f"key material from {metadata.get('Origin')}: rotate it manually", origin=metadata.get("Origin"))
    if key.config["rotation_enabled"]:
        return passed("automatic rotation is enabled")
    return failed("automatic rotation is disabled for this customer-managed symmetric key")
