"""Property-based tests (hypothesis) of the code that reads untrusted shapes: the AWS policy evaluator,
the Entra conditional-access evaluator, the GCS exposure logic, the snapshot loader and the waiver and
baseline loaders. Random well-formed and malformed inputs raise nothing but srmscan's own errors, and
the public-access verdict does not change when statements are reordered or duplicated.

SRMSCAN_HYPOTHESIS_EXAMPLES sets the examples per property (CI default below; 10,000 for a deep run)."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from srmscan.analysis import aws_policy, entra_ca, gcs_exposure
from srmscan.errors import SrmscanError

# moto's server thread (other tests' session fixture) uses the random module while examples are drawn.
pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning")
EXAMPLES = int(os.environ.get("SRMSCAN_HYPOTHESIS_EXAMPLES", "300"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
OWN_ERRORS = (SrmscanError, aws_policy.PolicyError, entra_ca.MalformedPolicy, gcs_exposure.MalformedPolicy)

junk = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
                    max_leaves=8)

ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:*", "s3:Get*", "*", "s3:ListBucket", "s3:DeleteObject", "iam:*",
           "kms:Decrypt", "s3:getobject"]
KEYS = ["aws:SourceIp", "aws:SourceVpce", "aws:SourceAccount", "aws:PrincipalOrgID", "aws:SecureTransport",
        "aws:userid", "s3:prefix", "kms:CallerAccount"]
OPERATORS = ["StringEquals", "StringLike", "StringNotEquals", "IpAddress", "NotIpAddress", "Bool", "ArnLike",
             "StringEqualsIfExists", "ForAnyValue:StringEquals", "ForAllValues:StringLike", "Null"]
VALUES = ["*", "vpce-1a2b", "10.0.0.0/8", "0.0.0.0/0", "123456789012", "o-abc", "true", "false", "AIDA*", "x*"]


def one_or_many(strategy):
    return strategy | st.lists(strategy, min_size=1, max_size=3)


condition = st.dictionaries(st.sampled_from(OPERATORS), st.dictionaries(st.sampled_from(KEYS), one_or_many(
    st.sampled_from(VALUES)), min_size=1, max_size=2), max_size=2)
principal = st.sampled_from(["*", {"AWS": "*"}, {"AWS": ["*"]}, {"AWS": "arn:aws:iam::123456789012:root"},
                             {"Service": "logging.s3.amazonaws.com"}, {"CanonicalUser": "abc"}, {"AWS": "AIDA*"}])
statement = st.fixed_dictionaries(
    {"Effect": st.sampled_from(["Allow", "Deny"]), "Principal": principal, "Action": one_or_many(st.sampled_from(ACTIONS)),
     "Resource": one_or_many(st.sampled_from(["arn:aws:s3:::b", "arn:aws:s3:::b/*", "*", "arn:aws:s3:::other/*"]))},
    optional={"Condition": condition, "Sid": st.text(max_size=5)})
policy = st.builds(lambda statements: {"Version": "2012-10-17", "Statement": statements},
                   st.lists(statement, min_size=1, max_size=5))


def public_access(document) -> tuple:
    grants = aws_policy.public_grants(document)
    return tuple(sorted({access for grant in grants for access in grant.access})), \
        tuple(sorted({action for grant in grants for action in grant.actions}))


@SETTINGS
@given(policy, st.randoms())
def test_aws_public_access_ignores_statement_order_and_duplicates(document, random):
    try:
        expected = public_access(document)
    except aws_policy.PolicyError:
        return
    statements = list(document["Statement"])
    random.shuffle(statements)
    statements += statements[: random.randint(0, len(statements))]
    assert public_access({"Version": "2012-10-17", "Statement": statements}) == expected
    assert public_access(json.dumps({"Statement": statements[::-1]})) == expected


@SETTINGS
@given(junk | st.text(max_size=30) | policy.map(json.dumps) | st.builds(lambda s: {"Statement": s}, junk))
def test_aws_policy_evaluator_raises_only_policy_errors(document):
    for analyse in (aws_policy.public_grants, aws_policy.denies_insecure_transport,
                    lambda d: aws_policy.public_statements(d, aws_policy.KMS_LIMITING_KEYS)):
        try:
            analyse(document)
        except aws_policy.PolicyError:
            pass


ca_policy = st.fixed_dictionaries({}, optional={
    "id": st.text(max_size=5), "displayName": st.text(max_size=5),
    "state": st.sampled_from(["enabled", "disabled", "enabledForReportingButNotEnforced"]) | junk,
    "conditions": junk | st.fixed_dictionaries({}, optional={
        "users": junk | st.fixed_dictionaries({}, optional={k: junk | st.lists(st.sampled_from(["All", "GuestsOrExternalUsers", "x"]))
                                                             for k in ("includeUsers", "excludeUsers", "includeRoles", "excludeGroups")}),
        "applications": junk | st.fixed_dictionaries({}, optional={"includeApplications": junk | st.lists(st.sampled_from(["All", "Office365"]))}),
        "clientAppTypes": junk | st.lists(st.sampled_from(["all", "browser", "exchangeActiveSync", "other"])),
        "platforms": junk, "locations": junk, "signInRiskLevels": junk, "userRiskLevels": junk}),
    "grantControls": junk | st.fixed_dictionaries({}, optional={
        "operator": st.sampled_from(["OR", "AND"]) | junk,
        "builtInControls": junk | st.lists(st.sampled_from(["mfa", "block", "compliantDevice"])),
        "authenticationStrength": junk})})


@SETTINGS
@given(st.lists(ca_policy | junk, max_size=4))
def test_entra_evaluator_raises_only_its_own_errors(policies):
    def requirement(item):
        return entra_ca.why_not(item, users_ok=entra_ca.includes_all_users(item), grant_ok=entra_ca.requires_mfa(item))

    try:
        entra_ca.evaluate(policies, requirement)
    except entra_ca.MalformedPolicy:
        pass


gcs_config = st.fixed_dictionaries({
    "iam_policy": junk | st.fixed_dictionaries({"bindings": junk | st.lists(st.fixed_dictionaries(
        {"role": st.sampled_from(["roles/storage.objectViewer", "roles/storage.admin", "roles/x"]) | junk,
         "members": junk | st.lists(st.sampled_from(["allUsers", "allAuthenticatedUsers", "user:a@b.c"]))},
        optional={"condition": junk}), max_size=3)}),
    "uniform_bucket_level_access": st.booleans() | junk,
    "acl": junk | st.lists(st.fixed_dictionaries({"entity": st.sampled_from(["allUsers", "user-x"]) | junk,
                                                   "role": st.sampled_from(["READER", "OWNER"]) | junk})),
    "default_object_acl": junk})


@SETTINGS
@given(gcs_config)
def test_gcs_exposure_raises_only_its_own_errors(config):
    try:
        gcs_exposure.bucket_grants(config)
    except gcs_exposure.MalformedPolicy:
        pass


@SETTINGS
@given(junk | st.fixed_dictionaries({"format": st.just("srmscan-snapshot"), "schema_version": st.just(1),
                                     "provider": junk, "resources": junk, "errors": junk, "metadata": junk}))
def test_snapshot_loader_raises_only_input_errors(data):
    from srmscan.model import Snapshot

    try:
        Snapshot.from_json(data)
    except SrmscanError:
        pass


@settings(max_examples=max(EXAMPLES // 10, 20), deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(max_size=200) | junk.map(json.dumps) | junk.map(lambda v: json.dumps({"waivers": v})))
def test_waiver_and_baseline_loaders_raise_only_srmscan_errors(text):
    import tempfile
    from pathlib import Path

    from srmscan.baseline import load_baseline
    from srmscan.waivers import load_waivers

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input"
        path.write_text(text)
        for load in (load_baseline, lambda p: load_waivers(p, {"aws.s3.bucket_versioning"})):
            try:
                load(path)
            except SrmscanError:
                pass
