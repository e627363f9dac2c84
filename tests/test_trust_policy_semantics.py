"""Role trust policies, table by table: which statements make a role assumable by anyone, by another
account without an external ID, or by an unbound federated identity (srmscan.analysis.trust_policy)."""

import pytest

from srmscan.analysis.aws_policy import PolicyError
from srmscan.analysis.trust_policy import issues

ME, PARTNER, SISTER = "111111111111", "999999999999", "222222222222"
GH = "token.actions.githubusercontent.com"
GH_PROVIDER = f"arn:aws:iam::{ME}:oidc-provider/{GH}"
EKS_PROVIDER = f"arn:aws:iam::{ME}:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC123"
SAML = f"arn:aws:iam::{ME}:saml-provider/Okta"


def trust(principal, condition=None, action="sts:AssumeRole", effect="Allow", **extra):
    statement = {"Sid": "t", "Effect": effect, "Principal": principal, "Action": action, **extra}
    if condition:
        statement["Condition"] = condition
    return {"Version": "2012-10-17", "Statement": [statement]}


def kinds(document, organization=None):
    return sorted(kind for kind, found in issues(document, ME, organization).items() if found)


@pytest.mark.parametrize("document,expected", [
    (trust({"AWS": "*"}), ["public"]),
    (trust("*"), ["public"]),
    (trust({"AWS": "*"}, {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}), []),
    (trust({"AWS": "*"}, {"StringLike": {"aws:PrincipalOrgID": "o-*"}}), ["public"]),           # wildcard: no limit
    (trust({"AWS": "*"}, {"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-abc123"}}), ["public"]),
    (trust({"AWS": "*"}, {"StringNotEquals": {"aws:PrincipalAccount": PARTNER}}), ["public"]),  # negated: no limit
    (trust({"AWS": "*"}, {"StringEquals": {"sts:ExternalId": "x-42"}}), []),
    (trust({"AWS": "*"}, action="sts:TagSession"), []),                                       # not an assume action
    (trust({"AWS": "*"}, action="sts:*"), ["public"]),
    (trust({"AWS": "*"}, effect="Deny"), []),
    ({"Version": "2012-10-17", "Statement": [{"Sid": "n", "Effect": "Allow", "NotPrincipal": {"AWS": f"arn:aws:iam::{PARTNER}:root"},
                                               "Action": "sts:AssumeRole"}]}, ["public"]),
    (trust({"Service": "ec2.amazonaws.com"}), []),
])
def test_public_trust(document, expected):
    assert kinds(document) == expected


@pytest.mark.parametrize("principal,condition,organization,expected", [
    (f"arn:aws:iam::{ME}:root", None, None, []),                                     # this account
    (f"arn:aws:iam::{ME}:role/ci", None, None, []),
    (f"arn:aws:iam::{PARTNER}:root", None, None, ["external_without_id"]),
    (PARTNER, None, None, ["external_without_id"]),                                   # a bare account id
    (f"arn:aws:iam::{PARTNER}:role/vendor", {"StringEquals": {"sts:ExternalId": "acme-7f3"}}, None, []),
    (f"arn:aws:iam::{PARTNER}:role/vendor", {"StringLike": {"sts:ExternalId": "acme-*"}}, None, ["external_without_id"]),
    (f"arn:aws:iam::{PARTNER}:role/vendor", {"StringEqualsIfExists": {"sts:ExternalId": "acme-7f3"}}, None,
     ["external_without_id"]),
    (f"arn:aws:iam::{SISTER}:role/deployer", None, {SISTER, "333333333333"}, []),    # inside the organisation
    (f"arn:aws:iam::{SISTER}:role/deployer", None, None, ["external_without_id"]),  # organisation unknown
    (f"arn:aws:iam::{PARTNER}:root", {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}, None, []),
])
def test_another_account_needs_an_external_id(principal, condition, organization, expected):
    assert kinds(trust({"AWS": principal}, condition), organization) == expected


@pytest.mark.parametrize("condition,expected", [
    ({"StringEquals": {f"{GH}:aud": "sts.amazonaws.com", f"{GH}:sub": "repo:acme/app:ref:refs/heads/main"}}, []),
    ({"StringEquals": {f"{GH}:aud": "sts.amazonaws.com"}, "StringLike": {f"{GH}:sub": "repo:acme/*"}}, []),
    ({"StringEquals": {f"{GH}:aud": "sts.amazonaws.com"}, "StringLike": {f"{GH}:sub": "repo:acme/app:*"}}, []),
    ({"StringEquals": {f"{GH}:aud": "sts.amazonaws.com"}, "StringLike": {f"{GH}:sub": "repo:*"}}, ["federation_unbound"]),
    ({"StringEquals": {f"{GH}:aud": "sts.amazonaws.com"}, "StringLike": {f"{GH}:sub": "*"}}, ["federation_unbound"]),
    ({"StringEquals": {f"{GH}:aud": "sts.amazonaws.com"}, "StringLike": {f"{GH}:sub": "repo:*/app:*"}}, ["federation_unbound"]),
    ({"StringEquals": {f"{GH}:aud": "sts.amazonaws.com"}, "StringLike": {f"{GH}:sub": "repo:ac*/app:*"}}, ["federation_unbound"]),
    ({"StringEquals": {f"{GH}:aud": "sts.amazonaws.com", f"{GH}:sub": "repo:*"}}, []),   # StringEquals: '*' is literal
    ({"StringEquals": {f"{GH}:aud": "sts.amazonaws.com"}}, ["federation_unbound"]),      # no sub at all
    ({"StringLike": {f"{GH}:sub": "repo:acme/app:*"}}, ["federation_unbound"]),          # no aud
    (None, ["federation_unbound"]),
])
def test_github_actions_trust_names_the_repository_owner(condition, expected):
    document = trust({"Federated": GH_PROVIDER}, condition, action="sts:AssumeRoleWithWebIdentity")
    assert kinds(document) == expected


@pytest.mark.parametrize("principal,condition,expected", [
    (EKS_PROVIDER, {"StringEquals": {"oidc.eks.eu-west-1.amazonaws.com/id/abc123:sub": "system:serviceaccount:app:api"}}, []),
    (EKS_PROVIDER, None, ["federation_unbound"]),
    (SAML, {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}, []),
    (SAML, None, ["federation_unbound"]),
    (SAML, {"StringEqualsIfExists": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}, ["federation_unbound"]),
])
def test_other_federation_is_bound_by_fixed_audience_or_subject(principal, condition, expected):
    action = "sts:AssumeRoleWithSAML" if "saml" in principal else "sts:AssumeRoleWithWebIdentity"
    assert kinds(trust({"Federated": principal}, condition, action=action)) == expected


def test_an_unreadable_trust_policy_cannot_be_judged():
    with pytest.raises(PolicyError):
        issues("{not json", ME, None)
    with pytest.raises(PolicyError):
        issues({"Statement": [{"Effect": "Allow", "Principal": 7, "Action": "sts:AssumeRole"}]}, ME, None)
