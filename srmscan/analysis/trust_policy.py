"""Who may assume an IAM role: the role's trust policy judged the way IAM evaluates it.

- A statement counts when it Allows an sts:AssumeRole* action (sts:AssumeRole, ...WithWebIdentity,
  ...WithSAML; wildcards such as sts:* or sts:Assume* included; NotAction too).
- **Public**: an AWS principal `*` (or Principal `*`, or NotPrincipal) with no condition that holds only for
  fixed values of aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn, aws:PrincipalOrgPaths,
  aws:SourceAccount, aws:SourceArn, sts:ExternalId (the same rules as the S3 engine: ...IfExists, negated
  operators, ForAllValues and wildcards do not limit).
- **Another account without ExternalId** (the confused deputy): an AWS principal in an account that is
  neither this one nor, when the organisation's accounts are known, one of them, with no fixed
  sts:ExternalId condition (StringEquals / StringLike without wildcards). aws:PrincipalOrgID on a fixed value
  also ties it to an organisation and counts.
- **Federation not bound**: an OIDC provider principal (AssumeRoleWithWebIdentity) must be tied by fixed
  `<provider>:aud` or `<provider>:sub` conditions; for GitHub Actions (token.actions.githubusercontent.com)
  both, and the `sub` patterns must not admit any repository (`*`, `repo:*`, `repo:*/*...`): `repo:acme/*`
  names an owner and binds. A SAML provider principal must be tied by a fixed SAML:aud.
"""

from __future__ import annotations

from dataclasses import dataclass
from srmscan.analysis.aws_policy import (account_of, conditions, fixed_values, grants_action, has_wildcard, parse_policy,
                                         principals, statements)

ASSUME_ACTIONS = ("sts:assumerole", "sts:assumerolewithwebidentity", "sts:assumerolewithsaml")
POSITIVE = frozenset({"stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike"})
PRINCIPAL_KEYS = frozenset({"aws:principalorgid", "aws:principalaccount", "aws:principalarn", "aws:principalorgpaths",
                            "aws:sourceaccount", "aws:sourcearn", "sts:externalid"})
GITHUB = "token.actions.githubusercontent.com"


@dataclass(frozen=True)
class TrustIssue:
    statement: str
    principal: str
    reason: str

    def to_evidence(self) -> dict[str, str]:
        return {"statement": self.statement, "principal": self.principal, "reason": self.reason}


def _allows_assume(statement: dict) -> bool:
    return statement["Effect"] == "Allow" and any(grants_action(statement, a) for a in ASSUME_ACTIONS)


def _fixed(statement: dict, keys: frozenset[str] | set[str]) -> dict[str, list[str]]:
    """key -> the fixed values a positive, non-IfExists condition of the statement requires for it."""
    found: dict[str, list[str]] = {}
    for qualifier, base, if_exists, key, values in conditions(statement):
        if key in keys and not if_exists and qualifier != "forallvalues" and base in POSITIVE \
                and fixed_values(base, key, values):
            found.setdefault(key, []).extend(str(v) for v in values)
    return found


def _sub_patterns(statement: dict, provider: str) -> list[tuple[str, str]]:
    """(operator, value) of every positive condition on `<provider>:sub`."""
    key = f"{provider}:sub"
    return [(base, str(v)) for qualifier, base, if_exists, k, values in conditions(statement)
            if k == key and not if_exists and base in POSITIVE for v in values]


def _sub_admits_any_repository(operator: str, value: str) -> bool:
    """A GitHub `sub` pattern that does not name an owner: `*`, `repo:*`, `repo:*/app:*`, `repo:a*` ..."""
    if operator not in ("stringlike",) or not has_wildcard(value):
        return False
    if not value.lower().startswith("repo:"):
        return has_wildcard(value.split(":", 1)[0]) or value.startswith("*")
    owner = value[len("repo:"):].split("/", 1)[0]
    return has_wildcard(owner) or "/" not in value[len("repo:"):]


def issues(document: str | dict | None, account: str, organization: set[str] | None) -> dict[str, list[TrustIssue]]:
    """The trust policy's problems by kind: "public", "external_without_id", "federation_unbound"."""
    found: dict[str, list[TrustIssue]] = {"public": [], "external_without_id": [], "federation_unbound": []}
    policy = parse_policy(document)
    if policy is None:
        return found
    known = {account} | (organization or set())
    for label, statement in statements(policy):
        if not _allows_assume(statement):
            continue
        for kind, values in principals(statement).items():
            for principal in values:
                if kind == "AWS":
                    _judge_aws(label, statement, principal, known, found)
                elif kind == "Federated":
                    _judge_federated(label, statement, principal, found)
    return found


def _judge_aws(label: str, statement: dict, principal: str, known: set[str], found: dict) -> None:
    limits = _fixed(statement, PRINCIPAL_KEYS)
    if principal == "*" or has_wildcard(principal):
        if not limits:
            found["public"].append(TrustIssue(label, principal, "any AWS principal, with no condition on fixed values"))
        return
    other = account_of(principal)
    if other is None or other in known:
        return
    if "sts:externalid" in limits or "aws:principalorgid" in limits:
        return
    found["external_without_id"].append(TrustIssue(label, principal, f"account {other} is outside this account"
                                                   f"{' and its organisation' if len(known) > 1 else ''}, "
                                                   "and no sts:ExternalId condition is required"))


def _judge_federated(label: str, statement: dict, principal: str, found: dict) -> None:
    if ":saml-provider/" in principal:
        if "saml:aud" not in _fixed(statement, {"saml:aud"}):
            found["federation_unbound"].append(TrustIssue(label, principal, "no fixed SAML:aud condition"))
        return
    provider = principal.split(":oidc-provider/", 1)[1] if ":oidc-provider/" in principal else principal
    provider = provider.lower()
    fixed = _fixed(statement, {f"{provider}:aud", f"{provider}:sub", f"{provider}:amr"})
    if provider == GITHUB.lower():
        subs = _sub_patterns(statement, provider)
        if f"{provider}:aud" not in fixed:
            found["federation_unbound"].append(TrustIssue(label, principal, f"no fixed {GITHUB}:aud condition"))
        if not subs:
            found["federation_unbound"].append(TrustIssue(label, principal, f"no {GITHUB}:sub condition: any "
                                                          "repository's workflow can assume the role"))
        elif any(_sub_admits_any_repository(op, value) for op, value in subs):
            loose = [value for op, value in subs if _sub_admits_any_repository(op, value)]
            found["federation_unbound"].append(TrustIssue(label, principal, f"sub pattern {', '.join(loose)} admits any "
                                                          "repository's workflow"))
        return
    if not fixed:
        found["federation_unbound"].append(TrustIssue(label, principal, f"no fixed {provider}:aud or :sub condition"))
