"""API Gateway (regional): every REST API (endpoint types and resource policy), the stages of every REST API
(settings per stage and per method), and every HTTP and WebSocket API (API Gateway v2) with its stages and
routes."""

from __future__ import annotations

import json
from typing import Any

from srmscan.providers.aws.declare import REGIONAL, Call, fields, item
from srmscan.providers.declare import Listing, Read, ResourceType


def _rest_stages(client, _params: dict) -> dict:
    """Every stage of every REST API, each carrying its API's id and name."""
    stages = []
    for page in client.get_paginator("get_rest_apis").paginate():
        for api in page.get("items", []):
            for stage in client.get_stages(restApiId=api["id"]).get("item", []):
                stages.append({**stage, "restApiId": api["id"], "restApiName": api.get("name")})
    return {"stages": stages}


def _method_settings(stage: dict) -> dict[str, dict[str, Any]]:
    """"resource/METHOD" (or "*/*" for every method) -> the settings API Gateway reports for it."""
    return {key: {"logging_level": s.get("loggingLevel"), "caching": bool(s.get("cachingEnabled")),
                  "cache_encrypted": bool(s.get("cacheDataEncrypted"))}
            for key, s in (stage.get("methodSettings") or {}).items()}


def _rest_policy(api: dict) -> str | None:
    """The REST API's resource policy as JSON text. GetRestApis gives it as the body of a JSON string (quotes and
    slashes backslash-escaped, `{\\"Version\\":...}`); text that is already JSON is kept as it is."""
    text = api.get("policy")
    if not text:
        return None
    try:
        json.loads(text)
        return text
    except ValueError:
        pass
    try:
        return json.loads(f'"{text}"')
    except ValueError:
        return text   # left for the check to report as a policy it cannot parse


REST_API = ResourceType(
    type="aws.apigateway.rest_api",
    service="apigateway",
    scope=REGIONAL,
    listing=Listing(Call("get_rest_apis", params={"limit": 500}), "apigateway:GET", lambda page: page.get("items", [])),
    identity=lambda a, scope: (f"arn:{scope.partition}:apigateway:{scope.region}::/restapis/{a['id']}", a.get("name") or a["id"]),
    config=fields({"endpoint_types": lambda a: sorted((a.get("endpointConfiguration") or {}).get("types") or []),
                   "policy": _rest_policy}),
)

REST_STAGE = ResourceType(
    type="aws.apigateway.rest_stage",
    service="apigateway",
    scope=REGIONAL,
    listing=Listing(Call("get_rest_apis", call=_rest_stages), ("apigateway:GET",),
                    lambda page: page.get("stages", [])),
    identity=lambda s, scope: (f"arn:{scope.partition}:apigateway:{scope.region}::/restapis/{s['restApiId']}/stages/"
                               f"{s['stageName']}", f"{s.get('restApiName')}/{s['stageName']}"),
    config=fields({"api_id": item("restApiId"), "method_settings": _method_settings,
                   "cache_cluster": item("cacheClusterEnabled", False),
                   "client_certificate": lambda s: s.get("clientCertificateId") or None,
                   "tracing": item("tracingEnabled", False), "web_acl": lambda s: s.get("webAclArn") or None}),
)


def _v2_stage(stage: dict) -> dict[str, Any]:
    return {"name": stage.get("StageName"),
            "logging_level": (stage.get("DefaultRouteSettings") or {}).get("LoggingLevel"),
            "access_log": (stage.get("AccessLogSettings") or {}).get("DestinationArn")}


def _api(api) -> dict:
    return {"ApiId": api.config["api_id"]}


V2_API = ResourceType(
    type="aws.apigateway.v2_api",
    service="apigatewayv2",
    scope=REGIONAL,
    listing=Listing(Call("get_apis"), "apigateway:GET", lambda page: page.get("Items", [])),
    identity=lambda a, scope: (f"arn:{scope.partition}:apigateway:{scope.region}::/apis/{a['ApiId']}", a["Name"]),
    config=fields({"api_id": item("ApiId"), "protocol": item("ProtocolType")}),
    reads=(
        Read("stages", Call("get_stages", params=_api, pages=True), "apigateway:GET",
             lambda r: [_v2_stage(s) for s in r.get("Items", [])]),
        Read("routes", Call("get_routes", params=_api, pages=True), "apigateway:GET",
             lambda r: [{"key": route.get("RouteKey"), "authorization": route.get("AuthorizationType", "NONE")}
                        for route in r.get("Items", [])]),
    ),
)

TYPES = (REST_API, REST_STAGE, V2_API)
SCOPE_READS: dict = {}
