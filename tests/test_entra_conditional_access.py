"""Conditional access semantics, case by case (Graph v1.0 conditionalAccessPolicy)."""

import pytest

import azure_api as api
from srmscan.analysis import entra_ca as ca


def mfa_all_users(policy):
    return ca.why_not(policy, users_ok=ca.includes_all_users(policy), grant_ok=ca.requires_mfa(policy))


@pytest.mark.parametrize("policy,reasons", [
    (api.ca_policy("1", "ok", "enabled"), []),
    (api.ca_policy("1", "ok with break-glass user", "enabled", exclude_users=["u1"]), []),
    (api.ca_policy("1", "report only", "enabledForReportingButNotEnforced"), ["state is enabledForReportingButNotEnforced"]),
    (api.ca_policy("1", "disabled", "disabled"), ["state is disabled"]),
    (api.ca_policy("1", "one app", "enabled", include_apps=("app-1",)), ["not scoped to all cloud apps"]),
    (api.ca_policy("1", "group excluded", "enabled", exclude_groups=["g1"]), ["broad exclusion: excludeGroups"]),
    (api.ca_policy("1", "guests excluded", "enabled", exclude_guests={"guestOrExternalUserTypes": "b2bCollaborationGuest"}),
     ["broad exclusion: excludeGuestsOrExternalUsers"]),
    (api.ca_policy("1", "some users", "enabled", include_users=("u1",)), ["does not include all the users in question"]),
    (api.ca_policy("1", "mfa or compliant device", "enabled", controls=("mfa", "compliantDevice")),
     ["grant does not meet the requirement"]),
    (api.ca_policy("1", "mfa and compliant device", "enabled", controls=("mfa", "compliantDevice"), operator="AND"), []),
    (api.ca_policy("1", "browser only", "enabled", client_app_types=("browser",)), ["narrowed by client apps ['browser']"]),
    (api.ca_policy("1", "risky only", "enabled", sign_in_risk=("high",)), ["narrowed by risk levels"]),
], ids=lambda value: value["displayName"] if isinstance(value, dict) else None)
def test_mfa_for_all_users(policy, reasons):
    assert mfa_all_users(policy) == reasons


def test_authentication_strength_counts_as_mfa():
    policy = api.ca_policy("1", "phishing resistant", "enabled", controls=())
    policy["grantControls"]["authenticationStrength"] = {"id": "00000000-0000-0000-0000-000000000004",
                                                         "displayName": "Phishing-resistant MFA"}
    assert ca.requires_mfa(policy)


def test_locations_narrow_the_policy():
    policy = api.ca_policy("1", "outside trusted", "enabled")
    policy["conditions"]["locations"] = {"includeLocations": ["All"], "excludeLocations": ["AllTrusted"]}
    assert mfa_all_users(policy) == ["narrowed by locations"]


def test_first_qualifying_policy_wins_and_others_are_explained():
    found, rejected = ca.evaluate([api.ca_policy("1", "report only", "enabledForReportingButNotEnforced"),
                                   api.ca_policy("2", "real", "enabled", exclude_users=["bg"])], mfa_all_users)
    assert found == {"policy": "real", "id": "2", "state": "enabled", "exclusions": {"excludeUsers": ["bg"]}}
    assert rejected[0]["why_not"] == ["state is enabledForReportingButNotEnforced"]


def risky_signin(policy):
    """The requirement of azure.entra.risky_signin_policy (CIS Microsoft 365 v7.0.0 5.2.2.7), on one policy."""
    import importlib.util
    from pathlib import Path

    from srmscan.model import Resource
    from srmscan.views import ResourceView

    spec = importlib.util.spec_from_file_location("entra_checks", Path(__file__).parents[1] / "checks" / "azure" / "entra.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    tenant = Resource("azure", "azure.entra.tenant", "/tenants/t", "t", "t", "global",
                      config={"conditional_access_policies": [policy]})
    return module.risky_signin_policy(ResourceView(tenant), None)


@pytest.mark.parametrize("policy,status,why", [
    (api.ca_policy("1", "high+medium, MFA, every time", "enabled", sign_in_risk=("high", "medium"),
                   sign_in_frequency="everyTime"), "PASS", ""),
    (api.ca_policy("1", "high+medium+low, block", "enabled", sign_in_risk=("high", "medium", "low"),
                   controls=("block",)), "PASS", ""),
    (api.ca_policy("1", "high only", "enabled", sign_in_risk=("high",), controls=("block",)), "FAIL",
     "does not target medium sign-in risk"),
    (api.ca_policy("1", "MFA without sign-in every time", "enabled", sign_in_risk=("high", "medium")), "FAIL",
     "does not require sign-in every time"),
    (api.ca_policy("1", "MFA with an 8-hour frequency", "enabled", sign_in_risk=("high", "medium"),
                   sign_in_frequency="timeBased"), "FAIL", "does not require sign-in every time"),
    (api.ca_policy("1", "report only", "enabledForReportingButNotEnforced", sign_in_risk=("high", "medium"),
                   controls=("block",)), "FAIL", "state is enabledForReportingButNotEnforced"),
], ids=lambda value: value["displayName"] if isinstance(value, dict) else None)
def test_risky_signin_policy_follows_cis_m365_5_2_2_7(policy, status, why):
    verdict = risky_signin(policy)
    assert verdict.status.value == status
    assert why in str(verdict.evidence) + verdict.message
