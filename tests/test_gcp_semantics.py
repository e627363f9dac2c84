"""Table tests of the Google Cloud semantics srmscan implements: VPC firewall rule evaluation (priority, deny
wins ties, targets, protocols and ports, whole-internet sources) and Cloud Logging query implication."""

from __future__ import annotations

import pytest

from srmscan.analysis.gcp_firewall import internet_exposure, internet_families, rule_covers_port
from srmscan.analysis.gcp_log_query import QueryError, implies, metric_type_of


def rule(name, action="allowed", protocol="tcp", ports=("22",), priority=1000, sources=("0.0.0.0/0",), **extra):
    body = {"name": name, "priority": priority, "direction": "INGRESS",
            action: [{"IPProtocol": protocol, **({"ports": list(ports)} if ports else {})}]}
    if sources is not None:
        body["sourceRanges"] = list(sources)
    return {**body, **extra}


def open_rules(rules, protocol="tcp", port=22):
    return [r["rule"] for r in internet_exposure(rules, protocol, port)["open_by"]]


FIREWALL_CASES = [
    ("plain allow from anywhere", [rule("a")], ["a"]),
    ("narrow source is not the internet", [rule("a", sources=("203.0.113.0/24",))], []),
    ("two halves make the whole internet", [rule("a", sources=("0.0.0.0/1", "128.0.0.0/1"))], ["a"]),
    ("IPv6 whole range", [rule("a", sources=("::/0",))], ["a"]),
    ("no source at all means 0.0.0.0/0", [rule("a", sources=None)], ["a"]),
    ("source tags only are not the internet", [rule("a", sources=None, sourceTags=["bastion"])], []),
    ("range OR tag still matches the internet", [rule("a", sourceTags=["bastion"])], ["a"]),
    ("higher-priority deny shadows", [rule("a"), rule("d", "denied", priority=900)], []),
    ("deny wins a tie", [rule("a"), rule("d", "denied")], []),
    ("lower-priority deny does not shadow", [rule("a"), rule("d", "denied", priority=1100)], ["a"]),
    ("deny of a narrower source does not shadow", [rule("a"), rule("d", "denied", priority=10, sources=("10.0.0.0/8",))],
     ["a"]),
    ("deny of another port does not shadow", [rule("a"), rule("d", "denied", priority=10, ports=("23",))], ["a"]),
    ("deny of all protocols shadows", [rule("a"), rule("d", "denied", protocol="all", ports=(), priority=10)], []),
    ("deny with destination ranges covers only some addresses",
     [rule("a"), rule("d", "denied", priority=10, destinationRanges=["10.0.0.5/32"])], ["a"]),
    ("disabled allow is ignored", [rule("a", disabled=True)], []),
    ("disabled deny shadows nothing", [rule("a"), rule("d", "denied", priority=10, disabled=True)], ["a"]),
    ("egress allow is not ingress", [rule("a", direction="EGRESS")], []),
    ("port range containing 22", [rule("a", ports=("20-30",))], ["a"]),
    ("port range not containing 22", [rule("a", ports=("23-30",))], []),
    ("all ports of tcp", [rule("a", ports=())], ["a"]),
    ("all protocols", [rule("a", protocol="all", ports=())], ["a"]),
    ("protocol number 6 is tcp", [rule("a", protocol="6")], ["a"]),
    ("udp does not open tcp", [rule("a", protocol="udp")], []),
    ("deny for tagged instances does not cover an allow for all",
     [rule("a"), rule("d", "denied", priority=10, targetTags=["web"])], ["a"]),
    ("deny for all covers an allow for tagged", [rule("a", targetTags=["web"]), rule("d", "denied", priority=10)], []),
    ("deny tags must include every allowed tag",
     [rule("a", targetTags=["web", "api"]), rule("d", "denied", priority=10, targetTags=["web"])], ["a"]),
    ("two denies together cover the allowed tags",
     [rule("a", targetTags=["web", "api"]), rule("d1", "denied", priority=10, targetTags=["web"]),
      rule("d2", "denied", priority=20, targetTags=["api"])], []),
    ("tags do not cover service accounts",
     [rule("a", targetServiceAccounts=["sa@p.iam.gserviceaccount.com"]), rule("d", "denied", priority=10,
                                                                                targetTags=["web"])], ["a"]),
    ("an IPv4 deny does not close IPv6", [rule("a", sources=("0.0.0.0/0", "::/0")), rule("d", "denied", priority=10)],
     ["a"]),
    # The internet in pieces, across rules reaching the same instances.
    ("halves in two rules", [rule("a", sources=("0.0.0.0/1",)), rule("b", sources=("128.0.0.0/1",))], ["a + b"]),
    ("halves in two rules for one tag and for all",
     [rule("a", sources=("0.0.0.0/1",), targetTags=["web"]), rule("b", sources=("128.0.0.0/1",))], ["a + b"]),
    ("halves for two different tags reach no instance together",
     [rule("a", sources=("0.0.0.0/1",), targetTags=["web"]), rule("b", sources=("128.0.0.0/1",), targetTags=["db"])],
     []),
    ("one half denied first leaves the other half only",
     [rule("a", sources=("0.0.0.0/1",)), rule("b", sources=("128.0.0.0/1",)),
      rule("d", "denied", priority=10, sources=("0.0.0.0/1",))], []),
    ("a half denied by a lower-priority rule still counts",
     [rule("a", sources=("0.0.0.0/1",)), rule("b", sources=("128.0.0.0/1",)),
      rule("d", "denied", priority=2000, sources=("0.0.0.0/1",))], ["a + b"]),
    ("halves for different ports", [rule("a", sources=("0.0.0.0/1",)), rule("b", sources=("128.0.0.0/1",), ports=("23",))],
     []),
    ("a rule open on its own is named alone", [rule("a"), rule("b", sources=("0.0.0.0/1",))], ["a"]),
    ("default priority is 1000", [{"name": "a", "allowed": [{"IPProtocol": "tcp", "ports": ["22"]}],
                                   "sourceRanges": ["0.0.0.0/0"]},
                                  {"name": "d", "priority": 1000, "denied": [{"IPProtocol": "tcp"}],
                                   "sourceRanges": ["0.0.0.0/0"]}], []),
]


@pytest.mark.parametrize("rules, expected", [(r, e) for _, r, e in FIREWALL_CASES], ids=[c[0] for c in FIREWALL_CASES])
def test_firewall_exposure(rules, expected):
    assert open_rules(rules) == expected


def test_exposure_is_per_family_and_names_the_blockers():
    result = internet_exposure([rule("a", sources=("0.0.0.0/0", "::/0")), rule("d", "denied", priority=10)], "tcp", 22)
    assert result["open_by"] == [{"rule": "a", "priority": 1000, "family": "IPv6", "targets": "all instances"}]
    assert result["shadowed"][0]["denied_by"] == ["d"] and result["shadowed"][0]["family"] == "IPv4"


def test_helpers():
    assert rule_covers_port(rule("a", ports=("3389",)), "allowed", "tcp", 3389)
    assert not rule_covers_port(rule("a", ports=("bogus",)), "allowed", "tcp", 22)
    assert internet_families({"sourceRanges": ["not-a-cidr", "0.0.0.0/0"]}) == {4}


CIS_FIREWALL = ('resource.type="gce_firewall_rule" AND (protoPayload.methodName:"compute.firewalls.patch" OR '
                'protoPayload.methodName:"compute.firewalls.insert" OR protoPayload.methodName:"compute.firewalls.delete")')
QUERY_CASES = [
    ("the same text", CIS_FIREWALL, True),
    ("quotes and spacing do not matter", CIS_FIREWALL.replace('"', "").replace(" AND ", "   AND "), True),
    ("order of OR terms does not matter",
     'resource.type=gce_firewall_rule AND (protoPayload.methodName:compute.firewalls.delete OR '
     'protoPayload.methodName:compute.firewalls.insert OR protoPayload.methodName:compute.firewalls.patch)', True),
    ("juxtaposition is AND", 'resource.type="gce_firewall_rule" (protoPayload.methodName:"compute.firewalls.patch" OR '
                             'protoPayload.methodName:"compute.firewalls.insert" OR '
                             'protoPayload.methodName:"compute.firewalls.delete")', True),
    ("a broader filter covers", 'resource.type="gce_firewall_rule"', True),
    ("a missing method does not", CIS_FIREWALL.replace(' OR protoPayload.methodName:"compute.firewalls.delete"', ""),
     False),
    ("an extra AND narrows", CIS_FIREWALL + " AND severity>=ERROR", False),
    ("OR binds tighter than AND: no parentheses needed",
     'resource.type="gce_firewall_rule" AND protoPayload.methodName:"compute.firewalls.patch" OR '
     'protoPayload.methodName:"compute.firewalls.insert" OR protoPayload.methodName:"compute.firewalls.delete"', True),
    ("NOT excludes", CIS_FIREWALL + ' AND NOT protoPayload.methodName:"compute.firewalls.delete"', False),
    ("a leading minus is NOT", CIS_FIREWALL + ' -protoPayload.methodName:"compute.firewalls.patch"', False),
    ("another resource type", CIS_FIREWALL.replace("gce_firewall_rule", "gce_route"), False),
]


@pytest.mark.parametrize("candidate, expected", [(c, e) for _, c, e in QUERY_CASES], ids=[c[0] for c in QUERY_CASES])
def test_metric_filter_covers_the_cis_filter(candidate, expected):
    assert implies(CIS_FIREWALL, candidate) is expected


def test_unreadable_filters_are_errors():
    with pytest.raises(QueryError):
        implies(CIS_FIREWALL, 'resource.type="gce_firewall_rule" AND (')
    assert metric_type_of('metric.type="logging.googleapis.com/user/fw" AND resource.type="global"') == [
        "logging.googleapis.com/user/fw"]


def test_an_external_ipv6_address_is_a_public_address():
    from srmscan.providers.gcp.services.compute import instance_config

    nic = {"network": "n", "ipv6AccessConfigs": [{"type": "DIRECT_IPV6", "name": "external-ipv6",
                                                  "externalIpv6": "2600:1900:4000:1::", "externalIpv6PrefixLength": 96}]}
    assert instance_config({"networkInterfaces": [nic]})["public_ips"] == ["2600:1900:4000:1::"]
    assert instance_config({"networkInterfaces": [{"network": "n"}]})["public_ips"] == []


TIME_CASES = [
    ("whole seconds", "2026-01-02T03:04:05Z", (2026, 1, 2, 3, 4, 5, 0)),
    ("milliseconds", "2026-01-02T03:04:05.123Z", (2026, 1, 2, 3, 4, 5, 123000)),
    ("microseconds", "2026-01-02T03:04:05.123456Z", (2026, 1, 2, 3, 4, 5, 123456)),
    ("nanoseconds, as KMS writes them", "2026-01-02T03:04:05.123456789Z", (2026, 1, 2, 3, 4, 5, 123456)),
    ("one digit", "2026-01-02T03:04:05.5Z", (2026, 1, 2, 3, 4, 5, 500000)),
    ("offset instead of Z", "2026-01-02T04:04:05.25+01:00", (2026, 1, 2, 3, 4, 5, 250000)),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in TIME_CASES], ids=[c[0] for c in TIME_CASES])
def test_google_timestamps_of_every_precision_are_read(text, expected):
    from datetime import timezone

    from srmscan.analysis.iam_credentials import days_between, parse_time

    parsed = parse_time(text).astimezone(timezone.utc)
    assert (parsed.year, parsed.month, parsed.day, parsed.hour, parsed.minute, parsed.second,
            parsed.microsecond) == expected
    assert days_between(text, "2026-01-12T03:04:06Z") == 10


@pytest.mark.parametrize("text", ["", "yesterday", "2026-13-01T00:00:00Z", None, 5])
def test_unreadable_timestamps_are_none(text):
    from srmscan.analysis.iam_credentials import parse_time

    assert parse_time(text) is None


@pytest.mark.parametrize("rules, enforced", [
    ([{"enforce": True}], True),
    ([{"enforce": False}], False),
    ([], False),                                                                   # unset: nothing enforced
    ([{"enforce": True, "condition": {"expression": "resource.matchTag('env', 'prod')"}}, {"enforce": False}], False),
    ([{"enforce": True, "condition": {"expression": "x"}}, {"enforce": True}], True),   # enforced regardless
])
def test_a_boolean_org_policy_counts_when_enforced_without_condition(rules, enforced):
    from srmscan.providers.gcp.services.orgpolicy import effective_policy_config

    assert effective_policy_config({"spec": {"rules": rules}})["enforced"] is enforced
    assert effective_policy_config({"name": "projects/1/policies/x"})["enforced"] is False   # no spec at all


@pytest.mark.parametrize("rules, restricted", [
    ([{"values": {"allowedValues": ["C03abc123"]}}], True),
    ([{"allowAll": True}], False),
    ([], False),
    ([{"denyAll": True}], True),
    ([{"values": {"allowedValues": ["C03abc123"]}, "condition": {"expression": "x"}}, {"allowAll": True}], False),
])
def test_list_constraints_need_an_unconditional_allow_list_or_deny_all(rules, restricted):
    from srmscan.model import Resource, Snapshot
    from srmscan.pipeline import Selection, evaluate_snapshots
    from srmscan.providers.gcp.services.orgpolicy import effective_policy_config

    policy = effective_policy_config({"spec": {"rules": rules}})
    project = Resource("gcp", "gcp.account", "projects/p", "p", "p", "global",
                       config={"org_policy_allowed_member_domains": policy, "org_policy_vm_external_ip_access": policy})
    findings = evaluate_snapshots([Snapshot(provider="gcp", resources=[project])], Selection(include=(
        "gcp.orgpolicy.domain_restricted_sharing", "gcp.orgpolicy.vm_external_ip_access"))).findings
    assert len(findings) == 2 and all((f.status.value == "PASS") is restricted for f in findings)


@pytest.mark.parametrize("provider, status", [
    ({"protocol": "oidc", "issuer": "https://token.actions.githubusercontent.com", "condition": None}, "FAIL"),
    ({"protocol": "oidc", "issuer": "https://token.actions.githubusercontent.com",
      "condition": "assertion.repository_owner == 'acme'"}, "PASS"),
    ({"protocol": "oidc", "issuer": "https://token.actions.githubusercontent.com/",
      "condition": "attribute.repository == 'acme/infra' && assertion.ref == 'refs/heads/main'"}, "PASS"),
    ({"protocol": "oidc", "issuer": "https://token.actions.githubusercontent.com",
      "condition": "assertion.ref == 'refs/heads/main'"}, "FAIL"),          # any repository's main branch
    ({"protocol": "oidc", "issuer": "https://token.actions.githubusercontent.com",
      "condition": "assertion.repository_visibility == 'private'"}, "FAIL"),   # not a repository claim
    ({"protocol": "oidc", "issuer": "https://gitlab.com", "condition": None}, "FAIL"),
    ({"protocol": "oidc", "issuer": "https://gitlab.com", "condition": "assertion.namespace_path == 'acme'"}, "PASS"),
    ({"protocol": "saml", "issuer": None, "condition": None}, "PASS"),
])
def test_federation_providers_need_a_condition_naming_their_own_workloads(provider, status):
    from srmscan.model import Resource, Snapshot
    from srmscan.pipeline import Selection, evaluate_snapshots

    resource = Resource("gcp", "gcp.workloadidentity.provider", "projects/1/x", "pool/p", "p", "global",
                        config={**provider, "disabled": False})
    [finding] = evaluate_snapshots([Snapshot(provider="gcp", resources=[resource])], Selection(
        include=("gcp.workloadidentity.provider_attribute_condition",))).findings
    assert finding.status.value == status


def _fw(name, sources, *, action="allowed", ports=("22",), priority=1000, tags=None, **more):
    rule = {"name": name, "direction": "INGRESS", "priority": priority, "sourceRanges": list(sources),
            action: [{"IPProtocol": "tcp", "ports": list(ports)}], **more}
    if tags:
        rule["targetTags"] = list(tags)
    return rule


@pytest.mark.parametrize("rules, offenders", [
    ([_fw("iap", ["35.235.240.0/20"])], []),
    ([_fw("iap-part", ["35.235.241.0/24"])], []),                                    # inside IAP's range
    ([_fw("internal", ["10.0.0.0/8", "192.168.10.0/24", "100.64.1.0/24"])], []),
    ([_fw("office", ["203.0.113.7/32"])], ["office"]),                               # any other public range
    ([_fw("wide", ["35.235.0.0/16"])], ["wide"]),                                    # wider than IAP's
    ([_fw("anywhere", ["0.0.0.0/0"]), _fw("deny-all", ["0.0.0.0/0"], action="denied", priority=100)], []),
    ([_fw("anywhere", ["0.0.0.0/0"], tags=["web"]),
      _fw("deny-db", ["0.0.0.0/0"], action="denied", priority=100, tags=["db"])], ["anywhere"]),   # other targets
    ([_fw("anywhere", ["0.0.0.0/0"], priority=100), _fw("deny-late", ["0.0.0.0/0"], action="denied", priority=200)],
     ["anywhere"]),                                                                   # the deny comes after
    ([_fw("disabled", ["0.0.0.0/0"], disabled=True)], []),
    ([_fw("other-port", ["0.0.0.0/0"], ports=("443",))], []),
    ([_fw("v6", ["::/0"])], ["v6"]), ([_fw("ula", ["fd00::/8"])], []),
])
def test_ssh_reaches_only_through_iap_or_private_ranges(rules, offenders):
    from srmscan.analysis.gcp_firewall import sources_besides_iap

    assert [r["rule"] for r in sources_besides_iap(rules, "tcp", 22)] == offenders


def test_gke_versions_are_judged_by_the_minors_gke_offers():
    import gcp_api

    from srmscan.providers.gcp.services.gke import server_config_config

    offered = server_config_config(gcp_api.server_config(("1.30", "1.31")))
    assert offered == ["1.30", "1.31"]
    assert server_config_config({}) == []   # nothing offered: the check says ERROR, never PASS


@pytest.mark.parametrize("member, foreign", [
    ("user:alice@acme.example", False), ("user:Alice@ACME.example", False),      # e-mail domains are case-insensitive
    ("group:bi@eu.acme.example", False),                                         # a subdomain is the organisation's
    ("domain:acme.example", False), ("user:x@notacme.example", True),            # a suffix is not a subdomain
    ("user:contractor@gmail.com", True), ("group:ops@partner.example", True), ("domain:partner.example", True),
    ("serviceAccount:ci@other.iam.gserviceaccount.com", False),                  # another check's concern
    ("allUsers", False), ("deleted:user:old@gmail.com?uid=123", False),
    ("principalSet://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/*", False),
])
def test_members_outside_the_organisations_domain(member, foreign):
    from srmscan.analysis.gcp_iam import foreign_holders

    policy = {"bindings": [{"role": "roles/viewer", "members": [member]}]}
    assert bool(foreign_holders(policy, "acme.example")) is foreign


def test_a_project_outside_any_organisation_cannot_tell_outsiders():
    from srmscan.model import Resource, Snapshot
    from srmscan.pipeline import Selection, evaluate_snapshots

    policy = {"bindings": [{"role": "roles/viewer", "members": ["user:contractor@gmail.com"]}]}
    project = Resource("gcp", "gcp.account", "projects/p", "p", "p", "global",
                       config={"iam_policy": policy, "inherited": [{"node": "folders/1", "audit_configs": [], "sinks": []}]})
    found = {f.check["id"]: f.status.value for f in evaluate_snapshots(
        [Snapshot(provider="gcp", resources=[project])],
        Selection(include=("gcp.iam.no_foreign_domain_members", "gcp.iam.no_outside_impersonation"))).findings}
    assert found == {"gcp.iam.no_foreign_domain_members": "ERROR", "gcp.iam.no_outside_impersonation": "ERROR"}


@pytest.mark.parametrize("role, member, status", [
    ("roles/iam.serviceAccountTokenCreator", "user:dev@partner.example", "FAIL"),
    ("roles/iam.workloadIdentityUser", "group:ext@partner.example", "FAIL"),
    ("roles/owner", "user:boss@gmail.com", "FAIL"),
    ("roles/iam.serviceAccountUser", "allAuthenticatedUsers", "FAIL"),              # the public, whatever the domain
    ("roles/iam.serviceAccountTokenCreator", "user:dev@acme.example", "PASS"),
    ("roles/viewer", "user:dev@partner.example", "PASS"),                            # not an impersonation role
])
def test_impersonation_from_outside(role, member, status):
    from srmscan.model import Resource, Snapshot
    from srmscan.pipeline import Selection, evaluate_snapshots

    project = Resource("gcp", "gcp.account", "projects/p", "p", "p", "global", config={
        "iam_policy": {"bindings": [{"role": role, "members": [member]}]},
        "inherited": [{"node": "organizations/1", "domain": "ACME.example", "audit_configs": [], "sinks": []}]})
    [found] = evaluate_snapshots([Snapshot(provider="gcp", resources=[project])],
                                 Selection(include=("gcp.iam.no_outside_impersonation",))).findings
    assert found.status.value == status


def _perimeter(title, enforced=True, dry_run=False, restricted=(), kind="PERIMETER_TYPE_REGULAR"):
    return {"title": title, "type": kind, "enforced": enforced, "dry_run": dry_run, "restricted": list(restricted)}


BOTH = ("storage.googleapis.com", "bigquery.googleapis.com")


@pytest.mark.parametrize("found, status", [
    ({"organization": None, "perimeters": []}, "FAIL"),                                    # no organisation, no perimeter
    ({"organization": "organizations/1", "perimeters": []}, "FAIL"),
    ({"organization": "organizations/1", "perimeters": [_perimeter("p", enforced=True, restricted=BOTH)]}, "PASS"),
    ({"organization": "organizations/1", "perimeters": [_perimeter("p", enforced=False, dry_run=True, restricted=BOTH)]},
     "FAIL"),                                                                              # dry run enforces nothing
    ({"organization": "organizations/1", "perimeters": [_perimeter("b", restricted=BOTH,
                                                                   kind="PERIMETER_TYPE_BRIDGE")]}, "FAIL"),
    ({"organization": "organizations/1", "perimeters": [_perimeter("s", restricted=BOTH[:1]),
                                                        _perimeter("q", restricted=BOTH[1:])]}, "PASS"),   # together
    ({"organization": "organizations/1", "perimeters": [_perimeter("s", restricted=BOTH[:1])]}, "FAIL"),
])
def test_vpc_service_controls_perimeters(found, status):
    from srmscan.model import Resource, Snapshot
    from srmscan.pipeline import Selection, evaluate_snapshots

    project = Resource("gcp", "gcp.account", "projects/p", "p", "p", "global", config={"service_perimeters": found})
    [result] = evaluate_snapshots([Snapshot(provider="gcp", resources=[project])],
                                  Selection(include=("gcp.vpcsc.project_in_perimeter",))).findings
    assert result.status.value == status


def test_perimeters_are_matched_by_project_number_and_read_once_per_organisation():
    import gcp_api
    import gcp_demo_project as demo

    from srmscan.progress import NoProgress
    from srmscan.providers.gcp import GcpTarget
    from srmscan.providers.gcp.collector import collect_projects

    with gcp_api.GcpApiServer(*demo.foundations(), nodes=demo.NODES) as server:
        snapshot = collect_projects(GcpTarget((demo.PROJECT, demo.PLATFORM, demo.SHARED), None, 4, services=("vpcsc",),
                                              api_endpoint=server.url), NoProgress())
        requests = [path for _, path in server.requests]
    found = {r.name: r.config["service_perimeters"] for r in snapshot.resources if r.type == "gcp.account"}
    assert [p["title"] for p in found[demo.PLATFORM]["perimeters"]] == ["platform_data", "bridge"]
    assert {(p["title"], p["enforced"], p["dry_run"]) for p in found[demo.PROJECT]["perimeters"]} == {
        ("analytics_trial", False, True), ("analytics_storage", True, False), ("bridge", True, False)}
    # for three projects: one listing of the organisation's policies, its four perimeters over two pages
    assert sum(p.startswith("/v1/accessPolicies") for p in requests) == 3


@pytest.mark.parametrize("rules, versioned, status", [
    ([], False, "FAIL"),
    ([{"action": "Delete", "condition": {"age": 30}}], False, "PASS"),
    ([{"action": "SetStorageClass", "condition": {"age": 365}}], False, "PASS"),
    ([{"action": "AbortIncompleteMultipartUpload", "condition": {"age": 7}}], False, "FAIL"),   # deletes no object
    ([{"action": "Delete", "condition": {"age": 30}}], True, "FAIL"),              # live objects only
    ([{"action": "Delete", "condition": {"isLive": False}}], True, "PASS"),
    ([{"action": "Delete", "condition": {"numNewerVersions": 3}}], True, "PASS"),
    ([{"action": "Delete", "condition": {"daysSinceNoncurrentTime": 30}}], True, "PASS"),
    ([{"action": "Delete", "condition": {"isLive": True, "age": 30}}], True, "FAIL"),
])
def test_bucket_lifecycle_rules(rules, versioned, status):
    from srmscan.model import Resource, Snapshot
    from srmscan.pipeline import Selection, evaluate_snapshots

    bucket = Resource("gcp", "gcp.storage.bucket", "gs://b", "b", "p", "us",
                      config={"lifecycle_rules": rules, "versioning": versioned})
    [result] = evaluate_snapshots([Snapshot(provider="gcp", resources=[bucket])],
                                  Selection(include=("gcp.storage.bucket_lifecycle",))).findings
    assert result.status.value == status


@pytest.mark.parametrize("make, retried", [
    (lambda e, r: e.TooManyRequests("quota"), True), (lambda e, r: e.ServiceUnavailable("down"), True),
    (lambda e, r: e.InternalServerError("oops"), True), (lambda e, r: e.GatewayTimeout("slow"), True),
    (lambda e, r: e.from_http_status(408, "timeout"), True),
    (lambda e, r: r.ConnectionError("reset"), True), (lambda e, r: r.exceptions.ChunkedEncodingError("cut"), True),
    (lambda e, r: e.Forbidden("denied"), False), (lambda e, r: e.NotFound("gone"), False),
    (lambda e, r: e.BadRequest("bad"), False), (lambda e, r: ValueError("a bug"), False),
])
def test_transient_failures_are_retried_and_answers_are_not(make, retried):
    """Google's retry strategy (408, 429, 5xx, broken connections), without google-cloud-storage's import."""
    import google.api_core.exceptions as errors
    import requests
    from google.auth.exceptions import TransportError

    from srmscan.providers.gcp.retry import transient

    exc = make(errors, requests)
    assert transient(exc) is retried
    assert transient(TransportError(exc)) is retried   # google-auth's wrapper is looked through
