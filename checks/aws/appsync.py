"""AppSync (AWS Foundational Security Best Practices AppSync.1, .2, .5, .6): GraphQL API caches encrypted at rest
and in transit, field-level logging on, and no API-key authentication."""

from srmscan.check import check, judged, passed

GRAPHQL_API = "aws.appsync.graphql_api"


def _cache_encrypted(api, which: str, words: str):
    cache = api.config["cache"]
    if cache is None:
        return passed("the API has no cache")
    return judged(cache[which], f"the cache is encrypted {words}", f"the cache is not encrypted {words}")


@check(id="aws.appsync.cache_encrypted_at_rest", title="AppSync API caches are encrypted at rest", severity="medium",
       resource_type=GRAPHQL_API, reads=("cache",),
       rationale="The cache holds resolver results, personal data included.",
       remediation="Recreate the API cache with at-rest encryption enabled.")
def cache_encrypted_at_rest(api, snapshot):
    return _cache_encrypted(api, "at_rest", "at rest")


@check(id="aws.appsync.cache_encrypted_in_transit", title="AppSync API caches are encrypted in transit",
       severity="medium", resource_type=GRAPHQL_API, reads=("cache",),
       rationale="Data moving between AppSync and its cache nodes should not cross the network in clear text.",
       remediation="Recreate the API cache with transit encryption enabled.")
def cache_encrypted_in_transit(api, snapshot):
    return _cache_encrypted(api, "in_transit", "in transit")


@check(id="aws.appsync.field_logging", title="AppSync GraphQL APIs have field-level logging on", severity="medium",
       resource_type=GRAPHQL_API, reads=("field_log_level",),
       rationale="Field-level logs record which resolvers ran for which request, the trail of what a caller read.",
       remediation="Set the API's field resolver log level to ERROR or ALL (with a CloudWatch Logs role).")
def field_logging(api, snapshot):
    level = api.config["field_log_level"]
    return judged(level in ("ERROR", "ALL", "INFO", "DEBUG"), f"field-level logging at {level}",
                  "field-level logging is off", field_log_level=level)


@check(id="aws.appsync.no_api_keys", title="AppSync GraphQL APIs do not authenticate with API keys",
       severity="high", resource_type=GRAPHQL_API, reads=("authentication",),
       rationale="An API key is a long-lived shared secret that identifies no caller; anyone holding it (it ships in "
                 "client code) can call the API.",
       remediation="Use IAM, Amazon Cognito user pools, OIDC or a Lambda authorizer, and remove API_KEY as primary "
                   "and additional authentication.")
def no_api_keys(api, snapshot):
    modes = api.config["authentication"]
    return judged("API_KEY" not in modes, f"authenticated by {', '.join(modes)}", "API keys authenticate callers",
                  authentication=modes)
