"""CloudFront (AWS Foundational Security Best Practices CloudFront.1, .3-.10, .13, .15, .16): HTTPS for viewers in
every cache behaviour and to every custom origin, origin access control for S3 and Lambda URL origins, the
viewer TLS policy judged by protocol and ciphers, a custom certificate served with SNI, WAF, logging, origin
failover and a default root object."""

from srmscan.analysis.tls_policies import CLOUDFRONT_VIEWER
from srmscan.check import check, failed, judged, passed, undetermined

DISTRIBUTION = "aws.cloudfront.distribution"
LAMBDA_URL_SUFFIX = ".on.aws"


def _lambda_url(origin: dict) -> bool:
    return ".lambda-url." in origin["domain"] and origin["domain"].endswith(LAMBDA_URL_SUFFIX)


@check(id="aws.cloudfront.viewer_https", title="CloudFront distributions require HTTPS from viewers in every cache "
       "behaviour", severity="medium", resource_type=DISTRIBUTION, reads=("behaviours",),
       rationale="A cache behaviour that allows HTTP serves (and accepts) the content in clear text for the paths it "
                 "matches, whatever the others say; the default behaviour matches every path no other one does.",
       remediation="Set every cache behaviour's viewer protocol policy to redirect-to-https or https-only.")
def viewer_https(distribution, snapshot):
    clear = [b["path"] for b in distribution.config["behaviours"] if b.get("viewer_protocol_policy") == "allow-all"]
    return judged(not clear, "every cache behaviour redirects to or requires HTTPS",
                  f"cache behaviour(s) for {', '.join(clear)} allow HTTP", allow_http=clear)


@check(id="aws.cloudfront.origin_https", title="CloudFront distributions encrypt traffic to custom origins",
       severity="medium", resource_type=DISTRIBUTION, reads=("origins", "behaviours"),
       rationale="Between the edge and a custom origin the data crosses the internet; http-only, or match-viewer "
                 "when a behaviour routing to that origin lets viewers use HTTP, sends it in clear text.",
       remediation="Set the custom origin's protocol policy to https-only (or match-viewer with HTTPS-only viewers).")
def origin_https(distribution, snapshot):
    behaviours = distribution.config["behaviours"]
    clear = []
    for origin in distribution.config["origins"]:
        if origin["kind"] != "custom":
            continue
        http_viewers = any(b.get("origin") == origin["id"] and b.get("viewer_protocol_policy") == "allow-all"
                           for b in behaviours)
        if origin["protocol_policy"] == "http-only" or (origin["protocol_policy"] == "match-viewer" and http_viewers):
            clear.append(f"{origin['id']} ({origin['protocol_policy']})")
    return judged(not clear, "traffic to every custom origin is HTTPS", f"clear-text origin(s): {', '.join(clear)}",
                  origins=clear)


@check(id="aws.cloudfront.origin_no_sslv3", title="CloudFront distributions do not offer SSLv3 to custom origins",
       severity="medium", resource_type=DISTRIBUTION, reads=("origins",),
       rationale="SSL 3.0 is broken (POODLE) and deprecated by the IETF; an origin connection allowed to use it can "
                 "be downgraded.",
       remediation="Remove SSLv3 from the custom origin's origin SSL protocols (keep TLSv1.2).")
def origin_no_sslv3(distribution, snapshot):
    offering = [o["id"] for o in distribution.config["origins"] if o["kind"] == "custom" and "SSLv3" in o["ssl_protocols"]]
    return judged(not offering, "no custom origin allows SSLv3", f"SSLv3 allowed to origin(s) {', '.join(offering)}",
                  origins=offering)


@check(id="aws.cloudfront.s3_origin_access_control", title="CloudFront S3 origins use origin access control",
       severity="medium", resource_type=DISTRIBUTION, reads=("origins",),
       rationale="Without origin access control the bucket must be readable by others for CloudFront to serve it, "
                 "so viewers can bypass the distribution (and its WAF, logging, signed URLs) and read S3 directly.",
       remediation="Create an origin access control, attach it to the S3 origin and allow only "
                   "cloudfront.amazonaws.com with aws:SourceArn of the distribution in the bucket policy.")
def s3_origin_access_control(distribution, snapshot):
    missing = [f"{o['id']}{' (legacy OAI)' if o['origin_access_identity'] else ''}"
               for o in distribution.config["origins"] if o["kind"] == "s3" and not o["origin_access_control"]]
    return judged(not missing, "every S3 origin uses origin access control",
                  f"S3 origin(s) without origin access control: {', '.join(missing)}", origins=missing)


@check(id="aws.cloudfront.lambda_url_origin_access_control", title="CloudFront Lambda function URL origins use "
       "origin access control", severity="medium", resource_type=DISTRIBUTION, reads=("origins",),
       rationale="A function URL origin without origin access control must allow unauthenticated calls, so anyone "
                 "can invoke the function directly, around the distribution.",
       remediation="Attach an origin access control of type lambda to the origin and set the function URL's auth "
                   "type to AWS_IAM.")
def lambda_url_origin_access_control(distribution, snapshot):
    missing = [o["id"] for o in distribution.config["origins"] if _lambda_url(o) and not o["origin_access_control"]]
    return judged(not missing, "no Lambda function URL origin without origin access control",
                  f"function URL origin(s) without origin access control: {', '.join(missing)}", origins=missing)


@check(id="aws.cloudfront.viewer_tls_policy", title="CloudFront distributions use a recommended viewer TLS policy",
       severity="medium", resource_type=DISTRIBUTION, reads=("viewer_certificate",),
       rationale="The security policy decides the oldest protocol and the ciphers viewers may use; TLS 1.0/1.1 and "
                 "CBC suites are open to known downgrade and padding-oracle attacks.",
       remediation="Use a custom certificate and the TLSv1.2_2021 (or a newer AEAD-only) security policy.")
def viewer_tls_policy(distribution, snapshot):
    certificate = distribution.config["viewer_certificate"]
    if certificate["cloudfront_default"]:
        return failed("the default *.cloudfront.net certificate accepts TLSv1 and its policy cannot be raised "
                      "(see aws.cloudfront.custom_certificate)")
    name = certificate["minimum_protocol_version"]
    policy = CLOUDFRONT_VIEWER.get(name)
    if policy is None:
        return undetermined(f"security policy {name!r} is not in srmscan's table of CloudFront policies; update "
                            "srmscan", policy=name)
    return judged(policy.recommended, f"{name}: TLS 1.2 or later with AEAD ciphers only", policy.weakness(),
                  policy=name, lowest_protocol=policy.lowest_protocol, cbc_ciphers=policy.cbc_ciphers)


@check(id="aws.cloudfront.custom_certificate", title="CloudFront distributions use a custom SSL/TLS certificate",
       severity="low", resource_type=DISTRIBUTION, reads=("viewer_certificate",),
       rationale="With the shared *.cloudfront.net certificate viewers reach the content under CloudFront's name "
                 "with its fixed TLSv1 policy; a certificate for your own domain lets you set the policy.",
       remediation="Add your domain as an alternate domain name with an ACM certificate (us-east-1).")
def custom_certificate(distribution, snapshot):
    certificate = distribution.config["viewer_certificate"]
    return judged(not certificate["cloudfront_default"], f"custom certificate ({certificate['source']})",
                  "the default *.cloudfront.net certificate is used")


@check(id="aws.cloudfront.sni", title="CloudFront distributions serve their custom certificate with SNI",
       severity="low", resource_type=DISTRIBUTION, reads=("viewer_certificate",),
       rationale="Dedicated-IP (vip) serving exists only for clients without SNI, which also lack modern TLS; "
                 "SNI is what current clients use.",
       remediation="Set the SSL support method to sni-only.")
def sni(distribution, snapshot):
    certificate = distribution.config["viewer_certificate"]
    if certificate["cloudfront_default"]:
        return passed("no custom certificate: the default certificate needs no SNI setting")
    method = certificate["ssl_support_method"]
    return judged(method == "sni-only", "served with SNI", f"served with {method}", ssl_support_method=method)


@check(id="aws.cloudfront.waf", title="CloudFront distributions are protected by an AWS WAF web ACL",
       severity="medium", resource_type=DISTRIBUTION, reads=("web_acl",),
       rationale="The edge is where layer-7 attacks (injection, bots, floods) are cheapest to stop.",
       remediation="Associate an AWS WAF web ACL (scope CLOUDFRONT) with the distribution.")
def waf(distribution, snapshot):
    acl = distribution.config["web_acl"]
    return judged(acl, "a web ACL protects it", "no web ACL is associated", web_acl=acl)


@check(id="aws.cloudfront.logging", title="CloudFront distributions have standard logging enabled", severity="medium",
       resource_type=DISTRIBUTION, reads=("settings",),
       rationale="Access logs are the record of who fetched what from the edge, needed to investigate a leak.",
       remediation="Turn on standard logging to an S3 bucket (or CloudWatch Logs delivery).")
def standard_logging(distribution, snapshot):
    return judged(distribution.config["settings"]["logging"], "standard logging is on", "standard logging is off")


@check(id="aws.cloudfront.origin_failover", title="CloudFront distributions have origin failover", severity="low",
       resource_type=DISTRIBUTION, reads=("origin_groups",),
       rationale="An origin group fails over to a second origin when the first answers with errors, so one origin "
                 "outage does not take the site down.",
       remediation="Create an origin group of two origins with failover criteria and route the behaviours to it.")
def origin_failover(distribution, snapshot):
    groups = distribution.config["origin_groups"]
    return judged(groups > 0, f"{groups} origin group(s)", "no origin group, so no failover", origin_groups=groups)


@check(id="aws.cloudfront.default_root_object", title="CloudFront distributions have a default root object",
       severity="high", resource_type=DISTRIBUTION, reads=("settings",),
       rationale="Without a default root object a request for the root URL is passed to the origin as is, which "
                 "can list an S3 bucket's content or reach an unintended origin path.",
       remediation="Set the default root object (e.g. index.html).")
def default_root_object(distribution, snapshot):
    root = distribution.config["settings"]["default_root_object"]
    return judged(root, f"default root object {root}", "no default root object", default_root_object=root)
