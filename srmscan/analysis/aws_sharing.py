"""Who a snapshot or image is shared with, judged against the scanned account and, when this account may list
it, its organisation (organizations:ListAccounts); otherwise against this account alone, and the verdict says so.

Shares with a whole organisation or organisational unit (an AMI's OrganizationArn / OrganizationalUnitArn) name
no account: srmscan does not read the scanned account's own organisation ARN, so they are listed in the evidence
and not judged."""

from __future__ import annotations

from srmscan.check import failed, passed


def sharing_verdict(shared_with: list[str], account: str, organization: list[str] | None, what: str,
                    unjudged: list[str] = ()):
    """FAIL when an account outside this one (and its organisation, when known) may use the `what`; the public
    share ("all") is the public checks' concern and not repeated here."""
    known = {account} | set(organization or ())
    outside = sorted(a for a in shared_with if a != "all" and a not in known)
    scope = "its organisation" if organization else "this account (the organisation is not readable from here)"
    if outside:
        return failed(f"shared with account(s) outside {scope}: {', '.join(outside)}", outside=outside,
                      shared_with=sorted(shared_with), organizations=list(unjudged))
    inside = sorted(a for a in shared_with if a != "all" and a != account)
    note = f"; also shared with {', '.join(unjudged)} (not judged)" if unjudged else ""
    return passed((f"shared only within {scope}: {', '.join(inside)}" if inside else f"the {what} is not shared "
                   "with another account") + note, shared_with=inside, organizations=list(unjudged))
