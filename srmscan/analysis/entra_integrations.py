"""What makes an application's hold on a tenant dangerous: the Microsoft Graph application permissions that
let it take over the tenant or read everyone's mail and files, the delegated scopes an administrator granted it
for every user, and federated identity credentials whose subject lets any repository or branch sign in as it.

Permission names are Microsoft Graph's (the permissions reference); the app role ids behind them are read from
the tenant's own Microsoft Graph service principal, never assumed."""

from __future__ import annotations

import re

# Application permissions (app roles) that reach the whole tenant: name -> what a holder can do
PRIVILEGED_APP_ROLES = {
    "RoleManagement.ReadWrite.Directory": "assign itself or anyone any directory role, Global Administrator included",
    "AppRoleAssignment.ReadWrite.All": "grant itself any other application permission",
    "Application.ReadWrite.All": "add credentials to any application and act as it",
    "Directory.ReadWrite.All": "change any user, group or application",
    "User.ReadWrite.All": "change any user",
    "Group.ReadWrite.All": "change any group, and its members",
    "Policy.ReadWrite.ConditionalAccess": "switch conditional access off",
    "Mail.ReadWrite": "read and change every mailbox",
    "Mail.Read": "read every mailbox",
    "Mail.Send": "send mail as any user",
    "Files.ReadWrite.All": "read and change every user's files",
    "Files.Read.All": "read every user's files",
    "Sites.ReadWrite.All": "read and change every SharePoint site",
    "Sites.FullControl.All": "control every SharePoint site",
}

# Delegated scopes that, consented for all users (consentType AllPrincipals), let the application act on every
# signed-in user's mail, files or directory without asking them
RISKY_DELEGATED_SCOPES = frozenset({
    "Mail.ReadWrite", "Mail.Read", "Mail.Send", "Files.ReadWrite.All", "Files.Read.All", "Sites.ReadWrite.All",
    "Sites.FullControl.All", "Directory.ReadWrite.All", "Directory.AccessAsUser.All", "User.ReadWrite.All",
    "Group.ReadWrite.All", "RoleManagement.ReadWrite.Directory", "Application.ReadWrite.All",
    "AppRoleAssignment.ReadWrite.All", "Policy.ReadWrite.ConditionalAccess"})

GITHUB_ISSUER = "https://token.actions.githubusercontent.com"
# GitHub Actions subjects that pin a workflow to one branch, tag or environment of one repository
_GITHUB_PINNED = re.compile(r"repo:[^/:*]+/[^:*]+:(ref:refs/(heads|tags)/[^*]+|environment:[^*]+)")


def privileged_roles(principal_id: str, graph: dict, grants: dict) -> list[str]:
    """The privileged Microsoft Graph application permissions `principal_id` holds."""
    names = [graph["app_roles"].get(role_id) for role_id in grants.get(principal_id, [])]
    return sorted({name for name in names if name in PRIVILEGED_APP_ROLES})


def risky_delegated(principal_id: str, graph: dict, delegated: dict) -> list[str]:
    """Risky Microsoft Graph delegated scopes granted to `principal_id` on behalf of every user."""
    return sorted({scope for grant in delegated.get(principal_id, [])
                   if grant["consent_type"] == "AllPrincipals" and grant["resource"] == graph["id"]
                   for scope in grant["scopes"] if scope in RISKY_DELEGATED_SCOPES})


def federated_subject_problem(credential: dict) -> str | None:
    """Why a federated identity credential admits more than one workload, or None. A claims-matching expression
    with a wildcard, or a subject with one, admits every match; a GitHub Actions subject must name one
    repository and one branch, tag or environment (pull_request admits a workflow on any branch)."""
    expression = credential.get("claims_expression")
    if expression and "*" in expression:
        return f"its claims expression {expression!r} matches any workload it covers"
    subject = str(credential.get("subject") or "")
    if "*" in subject:
        return f"its subject {subject!r} has a wildcard"
    if str(credential.get("issuer") or "").rstrip("/") == GITHUB_ISSUER and not expression and \
            not _GITHUB_PINNED.fullmatch(subject):
        return f"GitHub subject {subject!r} does not pin one branch, tag or environment"
    return None
