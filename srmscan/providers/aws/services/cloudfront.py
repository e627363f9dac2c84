"""CloudFront (global): distributions with their cache behaviours, origins and viewer certificate (from the
listing), and the two settings only the distribution's configuration has: standard logging and the default
root object."""

from __future__ import annotations

import re
from typing import Any

from srmscan.providers.aws.declare import GLOBAL, Call, fields, item
from srmscan.providers.declare import Listing, Read, ResourceType


def _items(container: dict | None) -> list:
    """CloudFront's lists are {"Quantity": n, "Items": [...]}, with Items absent when n is 0."""
    return list((container or {}).get("Items") or [])


# An S3 REST endpoint (bucket.s3.amazonaws.com, bucket.s3.REGION.amazonaws.com, bucket.s3-REGION...); website
# endpoints (s3-website) are custom origins. Used when an answer leaves S3OriginConfig out.
S3_REST_ENDPOINT = re.compile(r"\.s3(?![.-]website)([.-][a-z0-9-]+)?\.amazonaws\.com(\.cn)?$")


def _kind(origin: dict) -> str:
    if origin.get("CustomOriginConfig") is not None:
        return "custom"
    if origin.get("S3OriginConfig") is not None or S3_REST_ENDPOINT.search(origin["DomainName"]):
        return "s3"
    return "other"


def _origin(origin: dict) -> dict[str, Any]:
    custom = origin.get("CustomOriginConfig")
    s3 = origin.get("S3OriginConfig")
    return {"id": origin["Id"], "domain": origin["DomainName"], "kind": _kind(origin),
            "protocol_policy": (custom or {}).get("OriginProtocolPolicy"),
            "ssl_protocols": _items((custom or {}).get("OriginSslProtocols")),
            "origin_access_control": origin.get("OriginAccessControlId") or None,
            "origin_access_identity": (s3 or {}).get("OriginAccessIdentity") or None}


def _behaviours(summary: dict) -> list[dict[str, Any]]:
    """The default cache behaviour (path "*", applied last) and the ordered ones, in order."""
    default = summary.get("DefaultCacheBehavior") or {}
    ordered = [{"path": b.get("PathPattern"), "viewer_protocol_policy": b.get("ViewerProtocolPolicy"),
                "origin": b.get("TargetOriginId")} for b in _items(summary.get("CacheBehaviors"))]
    return ordered + [{"path": "*", "default": True, "viewer_protocol_policy": default.get("ViewerProtocolPolicy"),
                       "origin": default.get("TargetOriginId")}]


def _certificate(summary: dict) -> dict[str, Any]:
    certificate = summary.get("ViewerCertificate") or {}
    return {"cloudfront_default": bool(certificate.get("CloudFrontDefaultCertificate", False)),
            "source": certificate.get("CertificateSource"), "ssl_support_method": certificate.get("SSLSupportMethod"),
            "minimum_protocol_version": certificate.get("MinimumProtocolVersion")}


def _settings(response: dict) -> dict[str, Any]:
    config = response["DistributionConfig"]
    return {"logging": bool((config.get("Logging") or {}).get("Enabled", False)),
            "default_root_object": config.get("DefaultRootObject") or None}


DISTRIBUTION = ResourceType(
    type="aws.cloudfront.distribution",
    service="cloudfront",
    scope=GLOBAL,
    listing=Listing(Call("list_distributions"), "cloudfront:ListDistributions",
                    lambda page: _items(page.get("DistributionList"))),
    identity=lambda d, scope: (d["ARN"], d["Id"]),
    config=fields({"domain": item("DomainName"), "enabled": item("Enabled", True),
                   "origins": lambda d: [_origin(o) for o in _items(d.get("Origins"))],
                   "origin_groups": lambda d: len(_items(d.get("OriginGroups"))),
                   "behaviours": _behaviours, "viewer_certificate": _certificate,
                   "web_acl": lambda d: d.get("WebACLId") or None}),
    reads=(
        Read("settings", Call("get_distribution_config", params=lambda d: {"Id": d.name}),
             "cloudfront:GetDistributionConfig", _settings),
    ),
)

TYPES = (DISTRIBUTION,)
SCOPE_READS: dict = {}
