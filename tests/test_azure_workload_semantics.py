"""Semantics of the Azure workload checks, as table tests on one resource per edge case: a PaaS firewall's
reach (the whole internet however it is cut into ranges, Cosmos DB's 0.0.0.0 meaning Azure's datacenters), the
minimum TLS spellings, Application Gateway's predefined TLS policies, the Kubernetes versions AKS supports under
each plan, a certificate's 12 months (month ends, leap days), App Service runtimes' end-of-life day, the flexible
servers' version policy dates and the SMB settings of a File service."""

from __future__ import annotations

import pytest

from srmscan.model import Resource, Snapshot
from srmscan.pipeline import Selection, evaluate_snapshots

SUB = "11111111-2222-4333-8444-555555555555"


def verdict(check_id: str, resource_type: str, config: dict, read_on: str = "2026-12-04T10:00:00+00:00",
            others: tuple[Resource, ...] = ()) -> tuple[str, str]:
    """The (status, message) of `check_id` on one resource of `resource_type` with `config`."""
    account = Resource("azure", "azure.account", f"/subscriptions/{SUB}", SUB, SUB, "global",
                       config={"read_at": read_on, "vm_public_ips": {}, "web_app_stacks": STACKS,
                               "function_app_stacks": {}})
    item = Resource("azure", resource_type, f"/subscriptions/{SUB}/x/{resource_type}/it", "it", SUB, "westeurope",
                    config=config)
    snapshot = Snapshot(provider="azure", resources=[account, item, *others])
    [found] = [f for f in evaluate_snapshots([snapshot], Selection(include=(check_id,))).findings
               if f.resource["name"] == "it"]
    return found.status.value, found.message


REACH = {"private_endpoints": []}


@pytest.mark.parametrize("public, default, rules, status", [
    ("Disabled", "Allow", [], "PASS"),
    ("disabled", "Allow", ["0.0.0.0/0"], "PASS"),                      # no public endpoint at all
    ("Enabled", "Deny", ["203.0.113.0/24"], "PASS"),
    ("Enabled", "Deny", [], "PASS"),                                    # private endpoints and trusted services only
    ("Enabled", "Deny", ["0.0.0.0/0"], "FAIL"),
    ("Enabled", "Deny", ["0.0.0.0/1", "128.0.0.0/1"], "FAIL"),         # the internet in two halves
    ("Enabled", "Deny", ["0.0.0.0-127.255.255.255", "128.0.0.0-255.255.255.255"], "FAIL"),
    ("Enabled", "Deny", ["0.0.0.0/1", "128.0.0.0/2"], "PASS"),         # a quarter of the space is left out
    ("Enabled", "Deny", ["0.0.0.0"], "PASS"),                           # Cosmos DB: Azure datacenters, one address
    ("Enabled", "Deny", ["::/0"], "FAIL"),
    ("Enabled", "Allow", [], "FAIL"),
    ("SecuredByPerimeter", "Allow", [], "FAIL"),
])
def test_a_paas_firewall_is_judged_on_what_its_rules_admit_together(public, default, rules, status):
    config = {**REACH, "public_network_access": public, "network_default_action": default, "ip_rules": rules,
              "kind": "OpenAI", "local_auth_disabled": True}
    assert verdict("azure.cognitiveservices.network_access_restricted", "azure.cognitiveservices.account",
                   config)[0] == status


@pytest.mark.parametrize("version, status", [
    ("1.2", "PASS"), ("1.3", "PASS"), ("TLS1_2", "PASS"), ("TLSv1.2", "PASS"),
    ("1.0", "FAIL"), ("1.1", "FAIL"), ("TLS1_0", "FAIL"), (None, "FAIL"), ("", "FAIL"),
])
def test_minimum_tls_spellings(version, status):
    config = {"minimum_tls_version": version}
    assert verdict("azure.eventhub.minimum_tls_12", "azure.eventhub.namespace", config)[0] == status


@pytest.mark.parametrize("ssl_policy, default, status", [
    ({"type": "Predefined", "name": "AppGwSslPolicy20150501", "min_protocol": None}, None, "FAIL"),
    ({"type": "Predefined", "name": "AppGwSslPolicy20170401", "min_protocol": None}, None, "FAIL"),
    ({"type": "Predefined", "name": "AppGwSslPolicy20170401S", "min_protocol": None}, None, "PASS"),
    ({"type": "Predefined", "name": "AppGwSslPolicy20220101S", "min_protocol": None}, None, "PASS"),
    ({"type": "Custom", "name": None, "min_protocol": "TLSv1_2"}, None, "PASS"),
    ({"type": "CustomV2", "name": None, "min_protocol": "TLSv1_3"}, None, "PASS"),
    ({"type": "CustomV2", "name": None, "min_protocol": "TLSv1_1"}, None, "FAIL"),
    (None, "AppGwSslPolicy20220101", "PASS"),                          # no policy set: the answer names the default
    (None, "AppGwSslPolicy20150501", "FAIL"),
    (None, None, "ERROR"),                                              # neither: it cannot be told
    ({"type": "Predefined", "name": "AppGwSslPolicy20990101", "min_protocol": None}, None, "ERROR"),
])
def test_application_gateway_tls_policies(ssl_policy, default, status):
    config = {"ssl_policy": ssl_policy, "default_ssl_policy": default}
    assert verdict("azure.appgateway.minimum_tls_12", "azure.appgateway.gateway", config)[0] == status


@pytest.mark.parametrize("version, plan, supported, status", [
    ("1.31.4", "KubernetesOfficial", {"1.31": ["KubernetesOfficial"]}, "PASS"),
    ("1.29.7", "KubernetesOfficial", {"1.29": ["AKSLongTermSupport"], "1.31": ["KubernetesOfficial"]}, "FAIL"),
    ("1.29.7", "AKSLongTermSupport", {"1.29": ["AKSLongTermSupport"]}, "PASS"),
    ("1.27.9", "KubernetesOfficial", {"1.30": ["KubernetesOfficial"], "1.31": ["KubernetesOfficial"]}, "FAIL"),
    ("1.31", "KubernetesOfficial", {"1.31": ["KubernetesOfficial"]}, "PASS"),   # kubernetesVersion without a patch
    ("1.31.4", "KubernetesOfficial", {}, "ERROR"),
    (None, "KubernetesOfficial", {"1.31": ["KubernetesOfficial"]}, "ERROR"),
])
def test_aks_versions_are_supported_under_the_cluster_plan(version, plan, supported, status):
    config = {"kubernetes_version": version, "support_plan": plan, "supported_versions": supported}
    assert verdict("azure.aks.supported_kubernetes_version", "azure.aks.cluster", config)[0] == status


def _epoch(day: str) -> int:
    from datetime import datetime, timezone

    return int(datetime.fromisoformat(day).replace(tzinfo=timezone.utc).timestamp())


@pytest.mark.parametrize("start, end, status", [
    ("2025-01-31", "2026-01-31", "PASS"),          # exactly twelve months
    ("2025-01-31", "2026-02-01", "FAIL"),
    ("2024-02-29", "2025-02-28", "PASS"),          # a leap day: twelve months end on the 28th
    ("2024-02-29", "2025-03-01", "FAIL"),
    ("2025-03-15", "2025-06-15", "PASS"),
    ("2025-03-15", "2027-03-15", "FAIL"),
])
def test_a_certificate_is_valid_at_most_twelve_months(start, end, status):
    certificates = [{"name": "c", "enabled": True, "not_before": _epoch(start), "expires": _epoch(end)}]
    assert verdict("azure.keyvault.certificate_validity_12_months", "azure.keyvault.vault",
                   {"certificates": certificates})[0] == status


def test_a_certificate_without_dates_is_error_and_a_disabled_one_is_not_judged():
    undated = [{"name": "c", "enabled": True, "not_before": None, "expires": _epoch("2030-01-01")}]
    assert verdict("azure.keyvault.certificate_validity_12_months", "azure.keyvault.vault",
                   {"certificates": undated})[0] == "ERROR"
    disabled = [{"name": "c", "enabled": False, "not_before": _epoch("2020-01-01"), "expires": _epoch("2030-01-01")}]
    assert verdict("azure.keyvault.certificate_validity_12_months", "azure.keyvault.vault",
                   {"certificates": disabled})[0] == "PASS"


STACKS = {"linux:python|3.12": {"end_of_life": "2028-10-31T00:00:00Z", "deprecated": False},
          "linux:python|3.9": {"end_of_life": "2025-10-31T00:00:00Z", "deprecated": False},
          "linux:node|22-lts": {"end_of_life": None, "deprecated": False},
          "linux:php|8.0": {"end_of_life": "2030-01-01T00:00:00Z", "deprecated": True},
          "windows:php:8.3": {"end_of_life": "2027-11-23T00:00:00Z", "deprecated": False},
          "windows:dotnet:v4.0": {"end_of_life": None, "deprecated": False},
          "windows:java:8": {"end_of_life": "2025-03-31T00:00:00Z", "deprecated": False}}


@pytest.mark.parametrize("linux, windows, read_on, status", [
    ("PYTHON|3.12", {}, "2026-12-04", "PASS"),
    ("PYTHON|3.9", {}, "2025-10-31", "PASS"),        # its last day
    ("PYTHON|3.9", {}, "2025-11-01", "FAIL"),
    ("NODE|22-lts", {}, "2026-12-04", "PASS"),        # no end announced
    ("PHP|8.0", {}, "2026-12-04", "FAIL"),            # deprecated before its date
    ("DOCKER|acme.azurecr.io/app:1", {}, "2026-12-04", "PASS"),
    ("RUBY|2.7", {}, "2026-12-04", "ERROR"),          # App Service lists no such runtime
    (None, {"dotnet": "v4.0", "php": "8.3"}, "2026-12-04", "PASS"),
    (None, {"dotnet": "v4.0", "java": "8"}, "2026-12-04", "FAIL"),
    (None, {}, "2026-12-04", "PASS"),
])
def test_app_service_runtimes_against_the_stacks_app_service_publishes(linux, windows, read_on, status):
    config = {"kind": "app", "site_config": {"linux_runtime": linux, "windows_runtimes": windows}}
    assert verdict("azure.appservice.runtime_supported", "azure.appservice.site", config,
                   read_on=f"{read_on}T12:00:00+00:00")[0] == status


@pytest.mark.parametrize("check, resource_type, version, read_on, status", [
    ("azure.postgresql.version_supported", "azure.postgresql.flexible_server", "14", "2026-12-11", "PASS"),
    ("azure.postgresql.version_supported", "azure.postgresql.flexible_server", "14", "2026-12-12", "FAIL"),
    ("azure.postgresql.version_supported", "azure.postgresql.flexible_server", "11", "2026-12-04", "FAIL"),
    ("azure.postgresql.version_supported", "azure.postgresql.flexible_server", "18", "2026-12-04", "PASS"),
    ("azure.postgresql.version_supported", "azure.postgresql.flexible_server", "9.6", "2026-12-04", "ERROR"),
    ("azure.mysql.version_supported", "azure.mysql.flexible_server", "5.7", "2026-03-31", "PASS"),
    ("azure.mysql.version_supported", "azure.mysql.flexible_server", "5.7", "2026-04-01", "FAIL"),
    ("azure.mysql.version_supported", "azure.mysql.flexible_server", "8.0.21", "2026-12-04", "FAIL"),
    ("azure.mysql.version_supported", "azure.mysql.flexible_server", "8.4", "2026-12-04", "ERROR"),   # not dated
])
def test_flexible_server_versions_follow_azures_version_policy(check, resource_type, version, read_on, status):
    assert verdict(check, resource_type, {"version": version}, read_on=f"{read_on}T12:00:00+00:00")[0] == status


@pytest.mark.parametrize("service, versions, ciphers", [
    (None, "PASS", "PASS"),                                                    # blob-only: no File service
    ({"share_soft_delete_days": 7, "smb_versions": None, "smb_channel_encryption": None}, "FAIL", "FAIL"),
    ({"share_soft_delete_days": 7, "smb_versions": ["SMB3.1.1"], "smb_channel_encryption": ["AES-256-GCM"]},
     "PASS", "PASS"),
    ({"share_soft_delete_days": 7, "smb_versions": ["SMB3.0", "SMB3.1.1"],
      "smb_channel_encryption": ["AES-128-GCM", "AES-256-GCM"]}, "FAIL", "FAIL"),
])
def test_smb_settings_unset_mean_every_version_and_cipher(service, versions, ciphers):
    assert verdict("azure.storage.smb_version_311", "azure.storage.account", {"file_service": service})[0] == versions
    assert verdict("azure.storage.smb_channel_encryption_aes256gcm", "azure.storage.account",
                   {"file_service": service})[0] == ciphers


@pytest.mark.parametrize("credential, problem", [
    ({"issuer": "https://token.actions.githubusercontent.com", "subject": "repo:acme/infra:environment:prod"}, False),
    ({"issuer": "https://token.actions.githubusercontent.com", "subject": "repo:acme/infra:ref:refs/heads/main"}, False),
    ({"issuer": "https://token.actions.githubusercontent.com", "subject": "repo:acme/infra:ref:refs/tags/v1.2"}, False),
    ({"issuer": "https://token.actions.githubusercontent.com/", "subject": "repo:acme/infra:pull_request"}, True),
    ({"issuer": "https://token.actions.githubusercontent.com", "subject": "repo:acme/infra:ref:refs/heads/*"}, True),
    ({"issuer": "https://token.actions.githubusercontent.com", "subject": "repo:acme/*:environment:prod"}, True),
    ({"issuer": "https://token.actions.githubusercontent.com", "subject": "repo:acme/infra"}, True),
    ({"issuer": "https://token.actions.githubusercontent.com", "subject": None,
      "claims_expression": "claims['sub'] matches 'repo:acme/infra:environment:*'"}, True),
    ({"issuer": "https://token.actions.githubusercontent.com", "subject": None,
      "claims_expression": "claims['sub'] eq 'repo:acme/infra:environment:prod'"}, False),
    ({"issuer": "https://gitlab.example/", "subject": "project_path:acme/infra:ref_type:branch:ref:main"}, False),
    ({"issuer": "https://westeurope.oic.prod-aks.azure.com/t/u/", "subject": "system:serviceaccount:ns:sa"}, False),
    ({"issuer": "https://westeurope.oic.prod-aks.azure.com/t/u/", "subject": "system:serviceaccount:ns:*"}, True),
])
def test_federated_credentials_must_admit_one_workload(credential, problem):
    from srmscan.analysis.entra_integrations import federated_subject_problem

    assert (federated_subject_problem(credential) is not None) == problem


@pytest.mark.parametrize("grants, delegated, roles", [
    ({"sp": ["r1"]}, {}, ["RoleManagement.ReadWrite.Directory"]),
    ({"sp": ["r2", "r3"]}, {}, []),                                   # User.Read.All and an unknown role id
    ({}, {"sp": [{"consent_type": "AllPrincipals", "resource": "graph", "scopes": ["Mail.Read", "User.Read"]}]},
     []),
])
def test_privileged_permissions_are_named_from_the_tenants_own_graph_roles(grants, delegated, roles):
    from srmscan.analysis.entra_integrations import privileged_roles, risky_delegated

    graph = {"id": "graph", "app_roles": {"r1": "RoleManagement.ReadWrite.Directory", "r2": "User.Read.All"}}
    assert privileged_roles("sp", graph, grants) == roles
    expected = ["Mail.Read"] if delegated else []
    assert risky_delegated("sp", graph, delegated) == expected
    one_user = {"sp": [{"consent_type": "Principal", "resource": "graph", "scopes": ["Mail.Read"]}]}
    other_api = {"sp": [{"consent_type": "AllPrincipals", "resource": "sharepoint", "scopes": ["Mail.Read"]}]}
    assert risky_delegated("sp", graph, one_user) == risky_delegated("sp", graph, other_api) == []


def _policy(name, mode="Enable", **locations):
    return {"name": name, "mode": mode, "enabled": mode != "Disable",
            "locations": {w: locations.get(w, []) for w in ("exchange", "sharepoint", "onedrive", "teams")}}


def _rule(policy, types, enabled=True):
    return {"name": f"{policy} rule", "policy": policy, "enabled": enabled, "sensitive_types": types}


ALL = ["All"]


@pytest.mark.parametrize("policies, rules, gaps", [
    ([_policy("p", exchange=ALL, sharepoint=ALL, onedrive=ALL, teams=ALL)], [_rule("p", ["Credit Card Number"])], set()),
    ([_policy("p", "TestWithNotifications", exchange=ALL, sharepoint=ALL, onedrive=ALL, teams=ALL)],
     [_rule("p", ["Credit Card Number"])], "all"),                                    # test mode protects nothing
    ([_policy("p", exchange=ALL, sharepoint=ALL, onedrive=ALL, teams=ALL)],
     [_rule("p", ["Credit Card Number"], enabled=False)], "all"),                     # its only rule is off
    ([_policy("p", exchange=ALL, sharepoint=ALL, onedrive=ALL, teams=["alice@acme.example"])],
     [_rule("p", ["credit card number"])], {"teams"}),                                 # one account is not All
    ([_policy("a", exchange=ALL, sharepoint=ALL), _policy("b", onedrive=ALL, teams=ALL)],
     [_rule("a", ["Credit Card Number"]), _rule("b", ["Credit Card Number"])], set()),   # two policies together
    ([_policy("a", exchange=ALL, sharepoint=ALL, onedrive=ALL, teams=ALL)], [_rule("a", ["U.S. Bank Account Number"])],
     {"exchange", "sharepoint", "onedrive", "teams"}),                                # the required type is missing
    ([], [], "all"),
])
def test_dlp_protects_where_an_enforced_policy_reaches_with_an_enabled_rule(policies, rules, gaps):
    from srmscan.analysis.m365_dlp import WORKLOAD_NAMES, workload_gaps

    found = workload_gaps(policies, rules, ("Credit Card Number",))
    assert set(found) == (set(WORKLOAD_NAMES) if gaps == "all" else gaps)


def test_sensitive_types_and_locations_are_read_in_either_shape():
    from srmscan.providers.azure.services.purview import names, sensitive_types

    flat = [{"name": "Credit Card Number", "mincount": "1"}, {"name": "IBAN", "mincount": "1"}]
    grouped = [{"operator": "And", "groups": [{"name": "Default", "operator": "Or", "sensitivetypes": flat},
                                              {"name": "More", "sensitivetypes": [{"name": "SWIFT Code"}]}]}]
    assert sensitive_types(flat) == ["Credit Card Number", "IBAN"]
    assert sensitive_types(grouped) == ["Credit Card Number", "IBAN", "SWIFT Code"]   # not the groups' names
    assert sensitive_types(None) == [] and sensitive_types("") == []
    assert names([{"Name": "All", "Type": "Tenant"}, "bob@acme.example", {"DisplayName": "Sales"}]) == \
        ["All", "bob@acme.example", "Sales"]
    assert names(None) == [] and names("All") == ["All"]


@pytest.mark.parametrize("policies, labels, status", [
    ([{"name": "p", "type": "PublishedSensitivityLabel", "enabled": True, "labels": ["Confidential"]}],
     [{"name": "Confidential", "id": "c1", "enabled": True}], "PASS"),
    ([{"name": "p", "type": "PublishedSensitivityLabel", "enabled": True, "labels": ["c1"]}],      # by GUID
     [{"name": "Confidential", "id": "c1", "enabled": True}], "PASS"),
    ([{"name": "p", "type": "PublishedSensitivityLabel", "enabled": False, "labels": ["Confidential"]}],
     [{"name": "Confidential", "id": "c1", "enabled": True}], "FAIL"),
    ([{"name": "p", "type": "PublishedSensitivityLabel", "enabled": True, "labels": ["Confidential"]}],
     [{"name": "Confidential", "id": "c1", "enabled": False}], "FAIL"),                          # a disabled label
    ([{"name": "p", "type": "Retention", "enabled": True, "labels": ["Confidential"]}],
     [{"name": "Confidential", "id": "c1", "enabled": True}], "FAIL"),
    ([], [{"name": "Confidential", "id": "c1", "enabled": True}], "FAIL"),
])
def test_sensitivity_labels_count_once_an_enabled_policy_publishes_an_enabled_label(policies, labels, status):
    config = {"label_policies": policies, "sensitivity_labels": labels}
    assert verdict("azure.m365.sensitivity_labels_published", "azure.entra.tenant", config)[0] == status


@pytest.mark.parametrize("tags, declared", [
    ({"data-classification": "Confidential"}, "data-classification=Confidential"),
    ({"Classification": " restricted "}, "Classification= restricted "),
    ({"DataClassification": "PII"}, "DataClassification=PII"),
    ({"data-classification": "internal"}, None),
    ({"confidential": "yes"}, None),                     # the value is what classifies, not the key
    ({"owner": "platform"}, None), (None, None), ({}, None),
])
def test_classification_tags(tags, declared):
    from srmscan.analysis.classification_tags import declared_sensitive

    assert declared_sensitive(tags) == declared


@pytest.mark.parametrize("resource_type, config, status", [
    ("azure.compute.scale_set", {"os_type": "Linux", "os_profile": True, "patch_mode": "ImageDefault",
                                 "automatic_os_upgrade": True}, "PASS"),     # new patched images roll out by themselves
    ("azure.compute.scale_set", {"os_type": "Linux", "os_profile": True, "patch_mode": "ImageDefault",
                                 "automatic_os_upgrade": False}, "FAIL"),
    ("azure.compute.scale_set", {"os_type": "Linux", "os_profile": True, "patch_mode": "AutomaticByPlatform",
                                 "automatic_os_upgrade": False}, "PASS"),
    ("azure.compute.virtual_machine", {"os_type": "Windows", "os_profile": True, "patch_mode": None}, "PASS"),
    ("azure.compute.virtual_machine", {"os_type": "Windows", "os_profile": True, "patch_mode": "Manual"}, "FAIL"),
    ("azure.compute.virtual_machine", {"os_type": "Linux", "os_profile": True, "patch_mode": None}, "FAIL"),
    ("azure.compute.virtual_machine", {"os_type": "Linux", "os_profile": False, "patch_mode": None}, "FAIL"),
])
def test_guest_patching_modes(resource_type, config, status):
    check = "azure.compute.scale_set_automatic_guest_patching" if resource_type.endswith("scale_set") \
        else "azure.compute.vm_automatic_guest_patching"
    assert verdict(check, resource_type, config)[0] == status
