"""AWS WAF (wafv2): web ACLs of each region (scope REGIONAL) and the web ACLs for CloudFront (scope CLOUDFRONT,
which exist in us-east-1 only and are listed there once), each with its rules and its logging configuration."""

from __future__ import annotations

from typing import Any

from srmscan.providers.aws.declare import REGIONAL, Call, fields, item, token_pages
from srmscan.providers.declare import Listing, Read, ResourceType

CLOUDFRONT_HOME = "us-east-1"
LIST_WEB_ACLS = token_pages("list_web_acls", "WebACLs", "NextMarker", ("Limit", 100))


def _rules(response: dict) -> list[dict[str, Any]]:
    return [{"name": rule.get("Name"),
             "metrics": bool((rule.get("VisibilityConfig") or {}).get("CloudWatchMetricsEnabled"))}
            for rule in response["WebACL"].get("Rules") or []]


def _web_acl(scope_name: str, type_name: str, applies=None) -> ResourceType:
    def address(acl) -> dict:
        return {"Name": acl.name, "Scope": scope_name, "Id": acl.config["acl_id"]}

    return ResourceType(
        type=type_name,
        service="wafv2",
        scope=REGIONAL,
        listing=Listing(Call("list_web_acls", params={"Scope": scope_name}, call=LIST_WEB_ACLS), "wafv2:ListWebACLs",
                        lambda page: page.get("WebACLs", []), applies=applies),
        identity=lambda a, scope: (a["ARN"], a["Name"]),
        config=fields({"acl_id": item("Id")}),
        reads=(
            Read("rules", Call("get_web_acl", params=address), "wafv2:GetWebACL", _rules),
            Read("logging", Call("get_logging_configuration", params=lambda acl: {"ResourceArn": acl.id}),
                 "wafv2:GetLoggingConfiguration",
                 lambda r: [str(d) for d in r["LoggingConfiguration"].get("LogDestinationConfigs") or []],
                 frozenset({"WAFNonexistentItemException"})),
        ),
    )


REGIONAL_WEB_ACL = _web_acl("REGIONAL", "aws.wafv2.web_acl")
CLOUDFRONT_WEB_ACL = _web_acl("CLOUDFRONT", "aws.wafv2.cloudfront_web_acl",
                              applies=lambda region: region.region == CLOUDFRONT_HOME)

TYPES = (REGIONAL_WEB_ACL, CLOUDFRONT_WEB_ACL)
SCOPE_READS: dict = {}
