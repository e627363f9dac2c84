"""Verdicts Google Cloud's serverless workloads share (Cloud Run services and Cloud Run functions): public
invocation behind an ingress setting, the identity they run as, VPC egress, runtime support, and secrets
left in plain environment variables."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from srmscan.analysis.gcp_iam import public_grants
from srmscan.check import Status, Verdict, failed, judged, passed, undetermined

# The default identities Google gives a workload that names none: Compute Engine's (Cloud Run, 2nd gen
# functions) and App Engine's (1st gen functions). Both commonly hold project Editor.
DEFAULT_ACCOUNT_SUFFIXES = ("-compute@developer.gserviceaccount.com", "@appspot.gserviceaccount.com")
# Variable names that say they hold a credential (CIS GCP 1.18: secrets belong in Secret Manager).
SECRET_NAME = re.compile(r"(PASSW(OR)?D|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL|"
                         r"CLIENT_?SECRET|CONN(ECTION)?_?STR(ING)?|DATABASE_URL|DSN|AUTH)", re.IGNORECASE)


def public_invocation(policy: dict[str, Any], ingress: str, internal: tuple[str, ...]) -> Verdict:
    """FAIL when allUsers or allAuthenticatedUsers may invoke and the ingress setting admits the internet;
    an ingress in `internal` keeps the internet out whatever the policy says."""
    grants = public_grants(policy)
    if grants.status is Status.PASS:
        return passed(grants.message, ingress=ingress)
    if ingress in internal:
        return passed(f"{grants.message}, but ingress {ingress} keeps the internet out", ingress=ingress)
    return failed(f"{grants.message}, and ingress {ingress} admits the internet", ingress=ingress, **grants.evidence)


def default_service_account(email: str | None) -> Verdict:
    if not email:
        return failed("no service account set: it runs as the default compute service account")
    return judged(not email.endswith(DEFAULT_ACCOUNT_SUFFIXES), f"runs as {email}",
                  f"runs as the default service account {email}", service_account=email)


def vpc_egress_verdict(access: str | None, egress: str | None) -> Verdict:
    if not access:
        return failed("no VPC connector or Direct VPC egress: outbound traffic leaves outside the VPC")
    return passed(f"reaches networks through the VPC (egress: {egress or 'private ranges only'})", vpc=access,
                  egress=egress)


def runtime_support(runtime: str | None, runtimes: dict[str, dict[str, Any]], today: date) -> Verdict:
    """A function's runtime against what Cloud Run functions says of it (runtimes.list): deprecated or
    decommissioned (by stage or by a deprecation date on or before today) fails; a runtime the list does not
    name cannot be judged."""
    if not runtime:
        return undetermined("the function's runtime was not reported")
    found = runtimes.get(runtime)
    if found is None:
        return undetermined(f"runtime {runtime} is not in the runtimes Google lists for this location")
    ended = found["deprecation"] and date.fromisoformat(found["deprecation"]) <= today
    evidence = {"runtime": runtime, "stage": found["stage"], "deprecation": found["deprecation"],
                "decommission": found["decommission"]}
    if found["stage"] in ("DEPRECATED", "DECOMMISSIONED") or ended:
        return failed(f"runtime {runtime} is {found['stage'].lower() if not ended else 'deprecated'}"
                      + (f" since {found['deprecation']}" if found["deprecation"] else ""), **evidence)
    return passed(f"runtime {runtime} is supported ({found['stage']}"
                  + (f", deprecated from {found['deprecation']})" if found["deprecation"] else ")"), **evidence)


def secret_like(names: list[str]) -> list[str]:
    return [name for name in names if SECRET_NAME.search(name)]
