"""AppSync (regional): GraphQL APIs with their authentication and logging (from the listing) and their cache
(NotFoundException: the API has no cache)."""

from __future__ import annotations

from srmscan.providers.aws.declare import REGIONAL, Call, fields, item
from srmscan.providers.declare import Listing, Read, ResourceType


def _cache(response: dict) -> dict:
    cache = response["apiCache"]
    return {"at_rest": bool(cache.get("atRestEncryptionEnabled")), "in_transit": bool(cache.get("transitEncryptionEnabled"))}


GRAPHQL_API = ResourceType(
    type="aws.appsync.graphql_api",
    service="appsync",
    scope=REGIONAL,
    listing=Listing(Call("list_graphql_apis"), "appsync:ListGraphqlApis", lambda page: page.get("graphqlApis", [])),
    identity=lambda a, scope: (a["arn"], a["name"]),
    config=fields({"api_id": item("apiId"),
                   "authentication": lambda a: [a.get("authenticationType")] + [
                       p.get("authenticationType") for p in a.get("additionalAuthenticationProviders") or []],
                   "field_log_level": lambda a: (a.get("logConfig") or {}).get("fieldLogLevel", "NONE")}),
    reads=(
        Read("cache", Call("get_api_cache", params=lambda api: {"apiId": api.config["api_id"]}),
             "appsync:GetApiCache", _cache, frozenset({"NotFoundException"})),
    ),
)

TYPES = (GRAPHQL_API,)
SCOPE_READS: dict = {}
