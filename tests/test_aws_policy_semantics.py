"""AWS's documented meaning of "public" for bucket policies, case by case.

Rules cited (Amazon S3 User Guide, "Blocking public access" > "The meaning of public", and the
PublicAccessBlockConfiguration API reference; IAM User Guide, "IAM JSON policy elements: Condition
operators" and "Principal"/"NotPrincipal"/"Action"/"NotAction"):
  R1  Principal "*" or {"AWS": "*"} (any principal type with a wildcard) is everyone.
  R2  An Allow with NotPrincipal grants everyone but the listed principals.
  R3  A fixed principal (account, role, user, service) is not public.
  R4  Only "bad actions" expose data: s3:Get*, s3:List* (read); s3:Put*, s3:Delete*,
      s3:AbortMultipartUpload, s3:RestoreObject (write); matched case-insensitively with * and ?.
  R5  NotAction grants every action it does not list.
  R6  Fixed values of aws:SourceArn, aws:SourceVpc, aws:SourceVpce, aws:SourceOwner,
      aws:SourceAccount, s3:x-amz-server-side-encryption-aws-kms-key-id, aws:userid make it non-public.
  R7  aws:SourceIp limits only with CIDRs that are not the whole internet (0.0.0.0/0, ::/0).
  R8  A value with a wildcard under a *Like operator (or ArnEquals, which also accepts wildcards) is not fixed;
      aws:userid "AROLEID:*" counts as fixed.
  R9  ...IfExists is true when the key is absent (anonymous callers): it does not limit.
  R10 Negated operators (StringNotEquals, NotIpAddress, ...) do not limit an Allow.
  R11 Keys outside the documented list do not limit (aws:PrincipalOrgID, aws:Referer, aws:SecureTransport...).
  R12 ForAllValues: is true when the key is absent: it does not limit.
  R13 An explicit Deny wins: an unconditional Deny to everyone, or one whose conditions are negated
      operators on fixed values of the keys in R6/R7, removes the actions it covers.
  R14 Statement may be one object or a list; Deny statements and non-bad actions alone grant nothing.
  R15 A malformed policy cannot be judged (error, never "not public").
"""

import json

import pytest

from srmscan.analysis.aws_policy import PolicyError, denies_insecure_transport, public_grants

B = "arn:aws:s3:::b"
OBJ = "arn:aws:s3:::b/*"


def allow(principal="*", action="s3:GetObject", condition=None, key="Action", resource=OBJ, principal_key="Principal"):
    statement = {"Effect": "Allow", principal_key: principal, key: action, "Resource": resource}
    if condition:
        statement["Condition"] = condition
    return statement


def deny(action="s3:*", condition=None, principal="*", resource=(B, OBJ)):
    statement = {"Effect": "Deny", "Principal": principal, "Action": action, "Resource": list(resource)}
    if condition:
        statement["Condition"] = condition
    return statement


def policy(*statements, as_list=True):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements) if as_list else statements[0]})


# (name, rule, policy document, expected access: None = not public, else set of "read"/"write")
CASES = [
    ("star principal string", "R1", policy(allow()), {"read"}),
    ("star principal in AWS key", "R1", policy(allow({"AWS": "*"})), {"read"}),
    ("star principal in AWS list", "R1", policy(allow({"AWS": ["arn:aws:iam::111122223333:root", "*"]})), {"read"}),
    ("wildcard account in principal ARN", "R1", policy(allow({"AWS": "arn:aws:iam::*:root"})), {"read"}),
    ("star canonical user", "R1", policy(allow({"CanonicalUser": "*"})), {"read"}),
    ("not principal allow", "R2", policy(allow({"AWS": "arn:aws:iam::111122223333:root"}, principal_key="NotPrincipal")), {"read"}),
    ("fixed account principal", "R3", policy(allow({"AWS": "arn:aws:iam::111122223333:root"})), None),
    ("fixed role principal", "R3", policy(allow({"AWS": "arn:aws:iam::111122223333:role/reader"})), None),
    ("service principal", "R3", policy(allow({"Service": "cloudfront.amazonaws.com"})), None),
    ("fixed canonical user", "R3", policy(allow({"CanonicalUser": "79a59df900b949e55d96a1e698fbaced"})), None),
    ("s3 star is read and write", "R4", policy(allow(action="s3:*")), {"read", "write"}),
    ("global star action", "R4", policy(allow(action="*")), {"read", "write"}),
    ("list bucket is read", "R4", policy(allow(action="s3:ListBucket", resource=B)), {"read"}),
    ("put object is write", "R4", policy(allow(action="s3:PutObject")), {"write"}),
    ("delete object is write", "R4", policy(allow(action="s3:DeleteObject")), {"write"}),
    ("abort multipart is write", "R4", policy(allow(action="s3:AbortMultipartUpload")), {"write"}),
    ("restore object is write", "R4", policy(allow(action="s3:RestoreObject")), {"write"}),
    ("get star wildcard", "R4", policy(allow(action="s3:Get*")), {"read"}),
    ("question mark wildcard", "R4", policy(allow(action="s3:?etObject")), {"read"}),
    ("mixed case action", "R4", policy(allow(action="S3:getobject")), {"read"}),
    ("mid wildcard covers put and get", "R4", policy(allow(action="s3:*Object")), {"read", "write"}),
    ("non bad action only", "R4", policy(allow(action="s3:ReplicateObject")), None),
    ("other service action only", "R4", policy(allow(action="sqs:SendMessage")), None),
    ("not action excluding get leaves writes", "R5", policy(allow(action="s3:Get*", key="NotAction")), {"read", "write"}),
    ("not action excluding all bad actions", "R5",
     policy(allow(action=["s3:Get*", "s3:List*", "s3:Put*", "s3:Delete*", "s3:AbortMultipartUpload", "s3:RestoreObject"], key="NotAction")), None),
    ("fixed source vpce", "R6", policy(allow(condition={"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}})), None),
    ("fixed source vpc", "R6", policy(allow(condition={"StringEquals": {"aws:SourceVpc": "vpc-111bbb22"}})), None),
    ("fixed source account", "R6", policy(allow(condition={"StringEquals": {"aws:SourceAccount": "111122223333"}})), None),
    ("fixed source arn", "R6", policy(allow(condition={"ArnEquals": {"aws:SourceArn": "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"}})), None),
    ("fixed source owner", "R6", policy(allow(condition={"StringEquals": {"aws:SourceOwner": "111122223333"}})), None),
    ("fixed kms key id", "R6", policy(allow(action="s3:PutObject", condition={"StringEquals": {
        "s3:x-amz-server-side-encryption-aws-kms-key-id": "arn:aws:kms:us-east-1:111122223333:key/abcd"}})), None),
    ("fixed userid", "R6", policy(allow(condition={"StringEquals": {"aws:userid": "AIDAEXAMPLEUSERID"}})), None),
    ("condition key names are case-insensitive", "R6", policy(allow(condition={"StringEquals": {"AWS:SOURCEVPCE": "vpce-1a2b3c4d"}})), None),
    ("private cidr", "R7", policy(allow(condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}})), None),
    ("single address", "R7", policy(allow(condition={"IpAddress": {"aws:SourceIp": ["203.0.113.7/32", "2001:db8::/32"]}})), None),
    ("whole ipv4 internet", "R7", policy(allow(condition={"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}})), {"read"}),
    ("whole ipv6 internet among others", "R7", policy(allow(condition={"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "::/0"]}})), {"read"}),
    ("string like with wildcard vpce", "R8", policy(allow(condition={"StringLike": {"aws:SourceVpce": "vpce-*"}})), {"read"}),
    ("string like without wildcard", "R8", policy(allow(condition={"StringLike": {"aws:SourceVpce": "vpce-1a2b3c4d"}})), None),
    ("arn like with wildcard account", "R8", policy(allow(condition={"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:*:topic"}})), {"read"}),
    ("arn equals with wildcard", "R8", policy(allow(condition={"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:*:t"}})), {"read"}),
    ("userid role session pattern", "R8", policy(allow(condition={"StringLike": {"aws:userid": "AROAEXAMPLEROLEID:*"}})), None),
    ("userid wildcard", "R8", policy(allow(condition={"StringLike": {"aws:userid": "*"}})), {"read"}),
    ("string equals if exists", "R9", policy(allow(condition={"StringEqualsIfExists": {"aws:SourceVpc": "vpc-111bbb22"}})), {"read"}),
    ("ip address if exists", "R9", policy(allow(condition={"IpAddressIfExists": {"aws:SourceIp": "10.0.0.0/8"}})), {"read"}),
    ("string not equals", "R10", policy(allow(condition={"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}})), {"read"}),
    ("not ip address", "R10", policy(allow(condition={"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}})), {"read"}),
    ("principal org id is not in the list", "R11", policy(allow(condition={"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}})), {"read"}),
    ("referer does not limit", "R11", policy(allow(condition={"StringLike": {"aws:Referer": "https://example.com/*"}})), {"read"}),
    ("secure transport does not limit", "R11", policy(allow(condition={"Bool": {"aws:SecureTransport": "true"}})), {"read"}),
    ("null check does not fix a value", "R11", policy(allow(condition={"Null": {"aws:SourceVpc": "false"}})), {"read"}),
    ("for all values does not limit", "R12", policy(allow(condition={"ForAllValues:StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}})), {"read"}),
    ("for any value on fixed key limits", "R12", policy(allow(condition={"ForAnyValue:StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}})), None),
    ("one limiting condition among others", "R6", policy(allow(condition={"Bool": {"aws:SecureTransport": "true"}, "StringEquals": {"aws:SourceVpce": "vpce-1"}})), None),
    ("unconditional deny everything", "R13", policy(allow(action="s3:*", resource=[B, OBJ]), deny()), None),
    ("deny unless from vpce", "R13", policy(allow(resource=[B, OBJ]), deny(condition={"StringNotEquals": {"aws:SourceVpce": "vpce-1"}})), None),
    ("deny unless from private cidr", "R13", policy(allow(resource=[B, OBJ]), deny(condition={"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}})), None),
    ("deny unless vpce if exists still limits", "R13", policy(allow(resource=[B, OBJ]), deny(condition={"StringNotEqualsIfExists": {"aws:SourceVpce": "vpce-1"}})), None),
    ("deny only without tls leaves grant", "R13", policy(allow(), deny(condition={"Bool": {"aws:SecureTransport": "false"}})), {"read"}),
    ("deny put leaves read", "R13", policy(allow(action=["s3:GetObject", "s3:PutObject"]), deny(action="s3:Put*")), {"read"}),
    ("deny on other resource does not cover", "R13", policy(allow(resource=[B, OBJ]), deny(resource=("arn:aws:s3:::other/*",))), {"read"}),
    ("deny to one principal does not cover", "R13", policy(allow(), deny(principal={"AWS": "arn:aws:iam::111122223333:root"})), {"read"}),
    ("single statement object", "R14", policy(allow(), as_list=False), {"read"}),
    ("deny only policy", "R14", policy(deny()), None),
    ("no policy", "R14", None, None),
]


@pytest.mark.parametrize("name,rule,document,expected", CASES, ids=[c[0] for c in CASES])
def test_public_policy_semantics(name, rule, document, expected):
    grants = public_grants(document)
    access = {a for g in grants for a in g.access} or None
    assert access == expected, f"{rule}: {name}"


def test_table_is_large_enough():
    assert len(CASES) >= 40


def test_evidence_names_statement_principal_and_actions():
    doc = policy({"Sid": "PublicRead", **allow(action=["s3:GetObject", "s3:ListBucket"])}, deny(action="s3:Delete*", principal={"AWS": "arn:aws:iam::1:root"}))
    [grant] = public_grants(doc)
    evidence = grant.to_evidence()
    assert evidence["statement"] == "Sid PublicRead"
    assert evidence["principal"] == "*"
    assert evidence["actions"] == ["s3:GetObject", "s3:ListBucket"]
    assert evidence["access"] == ["read"]


def test_partial_deny_removes_only_denied_actions():
    doc = policy(allow(action="s3:*", resource=[B, OBJ]), deny(action=["s3:Put*", "s3:Delete*", "s3:AbortMultipartUpload", "s3:RestoreObject"]))
    [grant] = public_grants(doc)
    assert grant.access == ("read",)


@pytest.mark.parametrize("document", [
    "{not json",
    json.dumps([1, 2]),
    json.dumps({"Statement": []}),
    json.dumps({"Statement": [{"Effect": "Maybe", "Principal": "*", "Action": "s3:*"}]}),
    json.dumps({"Statement": [{"Effect": "Allow", "Action": "s3:*"}]}),
    json.dumps({"Statement": [{"Effect": "Allow", "Principal": "*"}]}),
    json.dumps({"Statement": [allow(condition={"IpAddress": {"aws:SourceIp": "not-an-ip"}})]}),
], ids=["not json", "not an object", "empty statements", "bad effect", "no principal", "no action", "bad cidr"])
def test_malformed_policies_raise(document):
    with pytest.raises(PolicyError):
        public_grants(document)


@pytest.mark.parametrize("document,expected", [
    (policy(deny(condition={"Bool": {"aws:SecureTransport": "false"}})), "#0"),
    (policy({"Sid": "TLS", **deny(condition={"Bool": {"aws:SecureTransport": False}})}), "Sid TLS"),
    (policy(deny(condition={"BoolIfExists": {"aws:SecureTransport": "false"}})), "#0"),
    (policy(deny(action="s3:GetObject", condition={"Bool": {"aws:SecureTransport": "false"}})), None),
    (policy(deny(resource=(B,), condition={"Bool": {"aws:SecureTransport": "false"}})), None),
    (policy(deny(principal={"AWS": "arn:aws:iam::1:root"}, condition={"Bool": {"aws:SecureTransport": "false"}})), None),
    (policy(allow(condition={"Bool": {"aws:SecureTransport": "true"}})), None),
    (None, None),
], ids=["deny s3 star", "sid and json boolean", "bool if exists", "only get object", "bucket arn only",
        "one principal", "allow with tls condition", "no policy"])
def test_secure_transport(document, expected):
    assert denies_insecure_transport(document) == expected
