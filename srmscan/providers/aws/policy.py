"""srmscan's AWS permissions as an IAM policy document a user can attach (`srmscan permissions aws --format
iam-policy`): one Allow statement of every read action the adapter declares, on every resource."""

from __future__ import annotations

import json

from srmscan.errors import SrmscanError

MANAGED_POLICY_LIMIT = 6144   # characters, whitespace not counted (IAM quotas)


def document(permissions: list[str]) -> str:
    policy = {"Version": "2012-10-17",
              "Statement": [{"Sid": "SrmscanReadOnly", "Effect": "Allow", "Action": sorted(set(permissions)),
                             "Resource": "*"}]}
    size = len(json.dumps(policy, separators=(",", ":")))
    if size > MANAGED_POLICY_LIMIT:
        raise SrmscanError(f"the policy would be {size} characters, over IAM's {MANAGED_POLICY_LIMIT} for a managed "
                           "policy; attach AWS's ReadOnlyAccess or SecurityAudit instead")
    return json.dumps(policy, indent=2) + "\n"
