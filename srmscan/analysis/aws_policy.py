"""Is an S3 bucket policy public? AWS's documented meaning of "public", applied exactly.

Rules (Amazon S3 user guide, "The meaning of public"; PublicAccessBlockConfiguration API reference):
- A policy is public unless every Allow statement that grants a "bad action" is limited to fixed
  principals, or by fixed (wildcard-free) values of: aws:SourceIp (CIDRs; the whole internet,
  0.0.0.0/0 or ::/0, is not a limit), aws:SourceArn, aws:SourceVpc, aws:SourceVpce,
  aws:SourceOwner, aws:SourceAccount, s3:x-amz-server-side-encryption-aws-kms-key-id, and aws:userid
  (a value of the pattern "AROLEID:*" counts as fixed).
- "Bad actions" expose data to reads or writes: s3:Get*, s3:List* (read); s3:Put*, s3:Delete*,
  s3:AbortMultipartUpload, s3:RestoreObject (write). Action and NotAction are matched
  case-insensitively with IAM wildcards (* and ?).
- IAM condition semantics: every condition of a statement must hold. An ...IfExists operator is true
  when the key is absent, so it does not limit an anonymous caller; negated operators (StringNotEquals,
  NotIpAddress, ...) and ForAllValues: qualifiers do not limit either. ArnEquals and ArnLike both
  accept wildcards; StringEquals treats * literally.
- An explicit Deny always wins: a Deny to everyone that is unconditional, or whose conditions are
  negated operators on fixed values of the keys above (e.g. "deny unless from vpce-1"), removes the
  actions it covers from the public grants.
"""

from __future__ import annotations

import functools
import ipaddress
import json
import re
from dataclasses import dataclass
from typing import Any

READ, WRITE = "read", "write"

# S3 actions a bucket policy can grant; wildcard patterns are expanded against this list.
_S3_ACTION_NAMES = ((
    "AbortMultipartUpload BypassGovernanceRetention CreateBucket DeleteBucket DeleteBucketOwnershipControls "
    "DeleteBucketPolicy DeleteBucketWebsite DeleteObject DeleteObjectTagging DeleteObjectVersion "
    "DeleteObjectVersionTagging GetAccelerateConfiguration GetAnalyticsConfiguration GetBucketAcl GetBucketCORS "
    "GetBucketLocation GetBucketLogging GetBucketNotification GetBucketObjectLockConfiguration "
    "GetBucketOwnershipControls GetBucketPolicy GetBucketPolicyStatus GetBucketPublicAccessBlock "
    "GetBucketRequestPayment GetBucketTagging GetBucketVersioning GetBucketWebsite GetEncryptionConfiguration "
    "GetIntelligentTieringConfiguration GetInventoryConfiguration GetLifecycleConfiguration "
    "GetMetricsConfiguration GetObject GetObjectAcl GetObjectAttributes GetObjectLegalHold GetObjectRetention "
    "GetObjectTagging GetObjectTorrent GetObjectVersion GetObjectVersionAcl GetObjectVersionAttributes "
    "GetObjectVersionForReplication GetObjectVersionTagging GetObjectVersionTorrent GetReplicationConfiguration "
    "ListBucket ListBucketMultipartUploads ListBucketVersions ListMultipartUploadParts "
    "ObjectOwnerOverrideToBucketOwner PutAccelerateConfiguration PutAnalyticsConfiguration PutBucketAcl "
    "PutBucketCORS PutBucketLogging PutBucketNotification PutBucketObjectLockConfiguration "
    "PutBucketOwnershipControls PutBucketPolicy PutBucketPublicAccessBlock PutBucketRequestPayment "
    "PutBucketTagging PutBucketVersioning PutBucketWebsite PutEncryptionConfiguration "
    "PutIntelligentTieringConfiguration PutInventoryConfiguration PutLifecycleConfiguration "
    "PutMetricsConfiguration PutObject PutObjectAcl PutObjectLegalHold PutObjectRetention PutObjectTagging "
    "PutObjectVersionAcl PutObjectVersionTagging PutReplicationConfiguration ReplicateDelete ReplicateObject "
    "ReplicateTags RestoreObject"
).split())
S3_ACTIONS = tuple(a.lower() for a in _S3_ACTION_NAMES)
CANONICAL = {"s3:" + a.lower(): "s3:" + a for a in _S3_ACTION_NAMES}

ACCOUNT_IN_ARN = re.compile(r"^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):")
LIMITING_KEYS = frozenset(k.lower() for k in (
    "aws:SourceIp", "aws:SourceArn", "aws:SourceVpc", "aws:SourceVpce", "aws:SourceOwner",
    "aws:SourceAccount", "s3:x-amz-server-side-encryption-aws-kms-key-id", "aws:userid",
))
# Resource policies of other services (Lambda, SQS, SNS ...): the principal-side condition keys also tie a
# public principal to known callers.
PRINCIPAL_LIMITING_KEYS = LIMITING_KEYS | frozenset(k.lower() for k in (
    "aws:PrincipalAccount", "aws:PrincipalOrgID", "aws:PrincipalArn", "aws:PrincipalOrgPaths"))
# KMS key policies: kms:CallerAccount too.
KMS_LIMITING_KEYS = PRINCIPAL_LIMITING_KEYS | frozenset({"kms:calleraccount"})
# A service principal acting for whoever owns the source (an S3 bucket's notifications): without a fixed
# aws:SourceAccount or aws:SourceOwner, any account's bucket can make the service call (the confused deputy).
SOURCE_OWNER_KEYS = frozenset({"aws:sourceaccount", "aws:sourceowner"})
POSITIVE_OPERATORS = frozenset(o.lower() for o in (
    "StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike", "IpAddress"))
NEGATED_OPERATORS = frozenset(o.lower() for o in (
    "StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "ArnNotEquals", "ArnNotLike", "NotIpAddress"))
WILDCARD_OPERATORS = frozenset(o.lower() for o in (
    "StringLike", "StringNotLike", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"))
ROLE_SESSION_PATTERN = re.compile(r"^[A-Z0-9]+:\*$")


class PolicyError(ValueError):
    """The policy cannot be judged (not JSON, or not the shape of an IAM policy)."""


@dataclass(frozen=True)
class PublicGrant:
    statement: str
    access: tuple[str, ...]
    actions: tuple[str, ...]
    principal: Any
    reason: str

    def to_evidence(self) -> dict[str, Any]:
        return {"source": "bucket policy", "statement": self.statement, "access": list(self.access),
                "actions": list(self.actions), "principal": self.principal, "reason": self.reason}


def parse_policy(document: str | dict | None) -> dict | None:
    if document is None or document == "":
        return None
    if isinstance(document, dict):
        policy = document
    else:
        try:
            policy = json.loads(document)
        except (TypeError, json.JSONDecodeError) as exc:
            raise PolicyError(f"policy is not valid JSON: {exc}") from None
    if not isinstance(policy, dict):
        raise PolicyError("policy is not a JSON object")
    return policy


def statements(policy: dict) -> list[tuple[str, dict]]:
    """(label, statement) pairs; Statement may be a single object or a list."""
    raw = policy.get("Statement")
    items = [raw] if isinstance(raw, dict) else raw
    if not isinstance(items, list) or not items:
        raise PolicyError("policy has no Statement")
    labelled = []
    for index, statement in enumerate(items):
        if not isinstance(statement, dict):
            raise PolicyError(f"statement #{index} is not an object")
        effect = statement.get("Effect")
        if effect not in ("Allow", "Deny"):
            raise PolicyError(f"statement #{index} has Effect {effect!r}; expected Allow or Deny")
        sid = statement.get("Sid")
        labelled.append((f"Sid {sid}" if isinstance(sid, str) and sid else f"#{index}", statement))
    return labelled


def as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


@functools.lru_cache(maxsize=4096)
def _wildcard(pattern: str) -> re.Pattern:
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern.lower()),
                      re.DOTALL)


def has_wildcard(value: str) -> bool:
    return "*" in value or "?" in value


def _action_universe(patterns: list[str]) -> set[str]:
    """S3 action names (lower case, 's3:'-prefixed) that patterns match, incl. literal unknown ones."""
    names = {"s3:" + a for a in S3_ACTIONS}
    for p in patterns:
        if not has_wildcard(p) and p.lower().startswith("s3:"):
            names.add(p.lower())
    return names


def granted_actions(statement: dict) -> set[str]:
    if "Action" in statement:
        patterns = [str(p) for p in as_list(statement["Action"])]
        return {a for a in _action_universe(patterns) if any(_wildcard(p).fullmatch(a) for p in patterns)}
    if "NotAction" in statement:
        patterns = [str(p) for p in as_list(statement["NotAction"])]
        return {a for a in _action_universe([]) if not any(_wildcard(p).fullmatch(a) for p in patterns)}
    raise PolicyError("a statement has neither Action nor NotAction")


def access_of(action: str) -> str | None:
    name = action.split(":", 1)[1]
    if name.startswith(("get", "list")):
        return READ
    if name.startswith(("put", "delete")) or name in ("abortmultipartupload", "restoreobject"):
        return WRITE
    return None


def principal_is_public(statement: dict) -> bool:
    if "NotPrincipal" in statement:
        return statement["Effect"] == "Allow"  # everyone except the listed principals
    if "Principal" not in statement:
        raise PolicyError("a statement has no Principal")
    principal = statement["Principal"]
    if principal == "*":
        return True
    if not isinstance(principal, dict):
        raise PolicyError(f"Principal {principal!r} is neither \"*\" nor an object")
    return any(isinstance(v, str) and has_wildcard(v) for values in principal.values() for v in as_list(values))


def principals(statement: dict) -> dict[str, list[str]]:
    """The statement's principals by kind ("AWS", "Service", "Federated" ...); NotPrincipal and "*" are {"AWS": ["*"]}
    (everyone, or everyone but the listed ones)."""
    if "NotPrincipal" in statement:
        return {"AWS": ["*"]}
    principal = statement.get("Principal")
    if principal == "*":
        return {"AWS": ["*"]}
    if not isinstance(principal, dict):
        raise PolicyError(f"Principal {principal!r} is neither \"*\" nor an object")
    return {str(kind): [str(v) for v in as_list(values)] for kind, values in principal.items()}


def account_of(principal: str) -> str | None:
    """The account of an AWS principal (an account id, or an IAM/STS ARN), else None."""
    if re.fullmatch(r"\d{12}", principal):
        return principal
    match = ACCOUNT_IN_ARN.match(principal)
    return match.group(1) if match else None


def foreign_grants(document: str | dict | None, account: str, actions: frozenset[str]) -> list[dict[str, Any]]:
    """Allow statements granting any of `actions` (lower-case, 's3:'-prefixed) to a principal outside `account`:
    another account's principal, or any principal (`*`, NotPrincipal) unless fixed aws:PrincipalAccount /
    aws:SourceAccount conditions name only `account`."""
    policy = parse_policy(document)
    found = []
    for label, statement in statements(policy) if policy else []:
        if statement["Effect"] != "Allow":
            continue
        granted = sorted(granted_actions(statement) & actions)
        if not granted:
            continue
        for principal in principals(statement).get("AWS", []):
            owner = account_of(principal)
            foreign = owner != account if owner else (principal == "*" or has_wildcard(principal)) \
                and not _only_account(statement, account)
            if foreign:
                found.append({"statement": label, "principal": principal, "actions": granted})
    return found


def _only_account(statement: dict, account: str) -> bool:
    accounts = [str(v) for qualifier, base, if_exists, key, values in conditions(statement)
                if key in ("aws:principalaccount", "aws:sourceaccount") and not if_exists and base in POSITIVE_OPERATORS
                for v in values]
    return bool(accounts) and set(accounts) == {account}


def fixed_values(operator: str, key: str, values: list) -> bool:
    texts = [str(v) for v in values]
    if not texts:
        return False
    if key == "aws:sourceip":
        return all(_limited_cidr(t) for t in texts)
    if operator in WILDCARD_OPERATORS:
        if key == "aws:userid":
            return all(not has_wildcard(t) or ROLE_SESSION_PATTERN.match(t) for t in texts)
        return not any(has_wildcard(t) for t in texts)
    return True


def _limited_cidr(text: str) -> bool:
    try:
        network = ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        raise PolicyError(f"aws:SourceIp value {text!r} is not an IP address or CIDR") from None
    return network.prefixlen > 0


def _split_operator(operator: str) -> tuple[str, str, bool]:
    """('forallvalues'|'foranyvalue'|'', base operator, if_exists) in lower case."""
    op = operator.lower()
    qualifier = ""
    for prefix in ("forallvalues:", "foranyvalue:"):
        if op.startswith(prefix):
            qualifier, op = prefix[:-1], op[len(prefix):]
    if_exists = op.endswith("ifexists")
    return qualifier, op[: -len("ifexists")] if if_exists else op, if_exists


def conditions(statement: dict) -> list[tuple[str, str, bool, str, list]]:
    """Each condition of a statement: (qualifier, base operator, ...IfExists, key, values), lower case."""
    block = statement.get("Condition") or {}
    if not isinstance(block, dict):
        raise PolicyError("Condition is not an object")
    parsed = []
    for operator, pairs in block.items():
        if not isinstance(pairs, dict):
            raise PolicyError(f"condition {operator!r} is not an object")
        qualifier, base, if_exists = _split_operator(str(operator))
        for key, values in pairs.items():
            parsed.append((qualifier, base, if_exists, str(key).lower(), as_list(values)))
    return parsed


def allow_is_limited(statement: dict, limiting_keys: frozenset[str] = LIMITING_KEYS) -> str | None:
    """The condition that limits an Allow to fixed values, or None when anonymous callers pass."""
    for qualifier, base, if_exists, key, values in conditions(statement):
        if qualifier == "forallvalues" or if_exists or base not in POSITIVE_OPERATORS:
            continue
        if key in limiting_keys and fixed_values(base, key, values):
            return f"{base} {key}"
    return None


def deny_applies_to_public(statement: dict) -> bool:
    """Does this Deny reach every anonymous caller outside fixed values (so it cancels public Allows)?"""
    if "NotPrincipal" in statement or not principal_is_public(statement):
        return False
    for qualifier, base, _if_exists, key, values in conditions(statement):
        # A Deny narrows access only for callers its conditions match; "not from these fixed values"
        # matches the whole internet except those values. Any other condition could let callers slip by.
        if qualifier or base not in NEGATED_OPERATORS or key not in LIMITING_KEYS:
            return False
        if not fixed_values(base.replace("not", "", 1), key, values):
            return False
    return True


def public_grants(document: str | dict | None) -> list[PublicGrant]:
    """Every Allow statement through which anyone on the internet can read or write."""
    policy = parse_policy(document)
    if policy is None:
        return []
    labelled = statements(policy)
    denies = [(granted_actions(s), _resources(s)) for _label, s in labelled
              if s["Effect"] == "Deny" and deny_applies_to_public(s)]
    grants = []
    for label, statement in labelled:
        if statement["Effect"] != "Allow" or not principal_is_public(statement):
            continue
        if allow_is_limited(statement):
            continue
        allowed_on = _resources(statement)
        denied = set()
        for deny_actions, deny_on in denies:
            if _covers(deny_on, allowed_on):
                denied |= deny_actions
        actions = sorted(a for a in granted_actions(statement) - denied if access_of(a))
        if not actions:
            continue
        access = tuple(sorted({access_of(a) for a in actions}))
        principal = statement.get("Principal", {"NotPrincipal": statement.get("NotPrincipal")})
        reason = ("NotPrincipal grants everyone but the listed principals" if "NotPrincipal" in statement
                  else "the principal is everyone and no condition limits it to fixed values")
        grants.append(PublicGrant(label, access, tuple(_compact(actions)), principal, reason))
    return grants


def public_statements(document: str | dict | None, limiting_keys: frozenset[str] = LIMITING_KEYS) -> list[str]:
    """Labels of the Allow statements any AWS principal matches with no limiting condition (any action)."""
    policy = parse_policy(document)
    if policy is None:
        return []
    return [label for label, statement in statements(policy)
            if statement["Effect"] == "Allow" and principal_is_public(statement)
            and not allow_is_limited(statement, limiting_keys)]


def grants_action(statement: dict, action: str) -> bool:
    """Does the statement's Action (or NotAction) cover this one action (lower case), wildcards expanded?"""
    if "Action" in statement:
        return any(_wildcard(str(p)).fullmatch(action) for p in as_list(statement["Action"]))
    if "NotAction" in statement:
        return not any(_wildcard(str(p)).fullmatch(action) for p in as_list(statement["NotAction"]))
    raise PolicyError("a statement has neither Action nor NotAction")


def public_allows(document: str | dict | None, action: str,
                  limiting_keys: frozenset[str] = PRINCIPAL_LIMITING_KEYS) -> list[str]:
    """Labels of the Allow statements through which any caller may perform `action` (e.g. execute-api:Invoke):
    a public principal, no limiting condition, and no Deny reaching every public caller (such as "deny unless
    aws:SourceVpce is vpce-1") that covers both the action and every resource the Allow names."""
    policy = parse_policy(document)
    if policy is None:
        return []
    action = action.lower()
    labelled = statements(policy)
    denied_on = [_resources(s) for _label, s in labelled
                 if s["Effect"] == "Deny" and grants_action(s, action) and deny_applies_to_public(s)]
    return [label for label, statement in labelled
            if statement["Effect"] == "Allow" and principal_is_public(statement) and grants_action(statement, action)
            and not allow_is_limited(statement, limiting_keys)
            and not any(_covers(deny_on, _resources(statement)) for deny_on in denied_on)]


def unowned_service_statements(document: str | dict | None, services: tuple[str, ...]) -> list[str]:
    """Labels of the Allow statements that give one of these service principals (e.g. s3.amazonaws.com) the
    resource with no fixed aws:SourceAccount / aws:SourceOwner condition: any account's source can use it."""
    policy = parse_policy(document)
    if policy is None:
        return []
    wanted = {service.lower() for service in services}
    found = []
    for label, statement in statements(policy):
        principal = statement.get("Principal")
        granted = {str(p).lower() for p in as_list(principal.get("Service"))} if isinstance(principal, dict) else set()
        if statement["Effect"] != "Allow" or not granted & wanted:
            continue
        if not allow_is_limited(statement, SOURCE_OWNER_KEYS):
            found.append(label)
    return found


def _resources(statement: dict) -> list[str] | None:
    """The statement's Resource patterns; None for NotResource (scope too loose to reason about)."""
    if "NotResource" in statement:
        return None
    return [str(r) for r in as_list(statement.get("Resource"))]


def _covers(deny_on: list[str] | None, allow_on: list[str] | None) -> bool:
    if deny_on is None or allow_on is None:
        return False
    return all(any(_wildcard(d).fullmatch(a.lower()) for d in deny_on) for a in allow_on)


def _compact(actions: list[str]) -> list[str]:
    """Keep evidence short: a family fully granted is shown as its wildcard."""
    universe = {"s3:" + a for a in S3_ACTIONS}
    shown, covered = [], set()
    for family in ("get", "list", "put", "delete"):
        members = {a for a in universe if a.startswith("s3:" + family)}
        if members and members <= set(actions):
            shown.append(f"s3:{family.capitalize()}*")
            covered |= members
    return shown + [CANONICAL.get(a, a) for a in actions if a not in covered]


def denies_insecure_transport(document: str | dict | None) -> str | None:
    """The statement that denies every non-TLS request to the bucket and its objects, if any."""
    policy = parse_policy(document)
    if policy is None:
        return None
    for label, statement in statements(policy):
        if statement["Effect"] != "Deny" or "NotPrincipal" in statement or not principal_is_public(statement):
            continue
        if "Action" not in statement:
            continue
        actions = granted_actions(statement)
        if not {"s3:getobject", "s3:putobject", "s3:listbucket"} <= actions:
            continue
        resources = [str(r) for r in as_list(statement.get("Resource"))]
        if not any(r == "*" or r.endswith("/*") for r in resources):
            continue
        for qualifier, base, _if_exists, key, values in conditions(statement):
            if (not qualifier and base == "bool" and key == "aws:securetransport"
                    and [str(v).lower() for v in values] == ["false"]):
                return label
    return None


def public_policy_verdict(document: str | dict | None, what: str):
    """The verdict of a "this resource policy grants `what` to nobody outside" check (queues, topics,
    secrets, repositories, domains): FAIL naming the public statements, ERROR on a policy that cannot be
    judged, PASS otherwise."""
    from srmscan.check import failed, passed, undetermined

    try:
        public = public_statements(document, PRINCIPAL_LIMITING_KEYS)
    except PolicyError as exc:
        return undetermined(f"cannot judge the policy of the {what}: {exc}")
    if public:
        return failed(f"statement {', '.join(public)} grants the {what} to everyone", statements=public)
    return passed(f"no statement grants the {what} to everyone" if document else "no resource policy")
