"""API Gateway (AWS Foundational Security Best Practices APIGateway.1-.5, .8, .9): REST stages log executions,
authenticate to their backend with a client certificate, trace with X-Ray, sit behind WAF and encrypt their
cache; HTTP and WebSocket APIs authorise their routes and log access (WebSocket stages log executions); private
REST APIs admit only the VPC endpoints their resource policy names."""

from srmscan.analysis.aws_policy import PolicyError, public_allows
from srmscan.check import check, failed, judged, passed, undetermined

REST_API = "aws.apigateway.rest_api"
REST_STAGE = "aws.apigateway.rest_stage"
V2_API = "aws.apigateway.v2_api"
LOGGING_ON = ("ERROR", "INFO")


@check(id="aws.apigateway.rest_execution_logging", title="API Gateway REST stages log executions for every method",
       severity="medium", resource_type=REST_STAGE, reads=("method_settings",),
       rationale="Execution logs (ERROR or INFO) are the record of what the API did with each request; a method "
                 "whose own setting turns logging off is a gap even when the stage default logs.",
       remediation="Set the stage's logging level (method settings */*) to ERROR or INFO and remove per-method "
                   "overrides to OFF.")
def rest_execution_logging(stage, snapshot):
    settings = stage.config["method_settings"]
    if "*/*" not in settings:
        return failed("the stage has no default method settings, so execution logging is off")
    off = sorted(key for key, s in settings.items() if s["logging_level"] not in LOGGING_ON)
    return judged(not off, f"every method logs ({settings['*/*']['logging_level']})",
                  f"execution logging is off for {', '.join(off)}", methods=off)


@check(id="aws.apigateway.rest_backend_certificate", title="API Gateway REST stages authenticate to their backend "
       "with a client certificate", severity="medium", resource_type=REST_STAGE, reads=("client_certificate",),
       rationale="With a client certificate the backend can tell that a request really comes from API Gateway and "
                 "refuse anything that went around it.",
       remediation="Generate a client certificate in API Gateway and set it on the stage; make the backend verify it.")
def rest_backend_certificate(stage, snapshot):
    certificate = stage.config["client_certificate"]
    return judged(certificate, f"client certificate {certificate}", "no client certificate for the backend")


@check(id="aws.apigateway.rest_tracing", title="API Gateway REST stages have X-Ray tracing on", severity="low",
       resource_type=REST_STAGE, reads=("tracing",),
       rationale="Traces follow a request through the API and its integrations, which is how an incident is "
                 "reconstructed across services.",
       remediation="Turn on X-Ray tracing for the stage.")
def rest_tracing(stage, snapshot):
    return judged(stage.config["tracing"], "X-Ray tracing is on", "X-Ray tracing is off")


@check(id="aws.apigateway.rest_waf", title="API Gateway REST stages are protected by an AWS WAF web ACL",
       severity="medium", resource_type=REST_STAGE, reads=("web_acl",),
       rationale="A web ACL stops injection, bots and floods before they reach the integrations behind the API.",
       remediation="Associate a regional AWS WAF web ACL with the stage.")
def rest_waf(stage, snapshot):
    return judged(stage.config["web_acl"], "a web ACL protects it", "no web ACL is associated")


@check(id="aws.apigateway.rest_cache_encrypted", title="API Gateway REST stage caches are encrypted at rest",
       severity="medium", resource_type=REST_STAGE, reads=("cache_cluster", "method_settings"),
       rationale="A response cache holds the API's answers, personal data included; every method that caches must "
                 "encrypt what it stores.",
       remediation="Turn on 'Encrypt cache data' for every method with caching enabled.")
def rest_cache_encrypted(stage, snapshot):
    if not stage.config["cache_cluster"]:
        return passed("the stage has no cache cluster")
    plain = sorted(key for key, s in stage.config["method_settings"].items() if s["caching"] and not s["cache_encrypted"])
    return judged(not plain, "every caching method encrypts its cache data",
                  f"cache data not encrypted for {', '.join(plain)}", methods=plain)


@check(id="aws.apigateway.v2_route_authorization", title="API Gateway HTTP and WebSocket routes require "
       "authorization", severity="medium", resource_type=V2_API, reads=("protocol", "routes"),
       rationale="A route with authorization NONE lets anyone on the internet call the integration behind it.",
       remediation="Attach an IAM, JWT or Lambda authorizer to each route (for WebSocket APIs, to $connect).")
def v2_route_authorization(api, snapshot):
    routes = api.config["routes"]
    if api.config["protocol"] == "WEBSOCKET":   # only $connect can carry an authorizer on a WebSocket API
        routes = [r for r in routes if r["key"] == "$connect"]
    open_routes = sorted(r["key"] for r in routes if r["authorization"] == "NONE")
    return judged(not open_routes, f"{len(routes)} route(s), each with an authorizer" if routes else "no route",
                  f"route(s) without authorization: {', '.join(open_routes)}", routes=open_routes)


@check(id="aws.apigateway.v2_access_logging", title="API Gateway HTTP and WebSocket stages log access",
       severity="medium", resource_type=V2_API, reads=("stages",),
       rationale="Access logs name who called which route and what came back.",
       remediation="Configure access logging (a CloudWatch Logs destination and format) for each stage.")
def v2_access_logging(api, snapshot):
    missing = sorted(s["name"] for s in api.config["stages"] if not s["access_log"])
    return judged(not missing, "every stage logs access" if api.config["stages"] else "no stage",
                  f"stage(s) without access logging: {', '.join(missing)}", stages=missing)


@check(id="aws.apigateway.v2_execution_logging", title="API Gateway WebSocket stages log executions",
       severity="medium", resource_type=V2_API, reads=("protocol", "stages"),
       rationale="Execution logs record how each WebSocket message was routed and handled.",
       remediation="Set the stage's default route logging level to ERROR or INFO.")
def v2_execution_logging(api, snapshot):
    if api.config["protocol"] != "WEBSOCKET":
        return passed("an HTTP API: it has access logging only (aws.apigateway.v2_access_logging)")
    off = sorted(s["name"] for s in api.config["stages"] if s["logging_level"] not in LOGGING_ON)
    return judged(not off, "every stage logs executions" if api.config["stages"] else "no stage",
                  f"execution logging off in stage(s) {', '.join(off)}", stages=off)


@check(id="aws.apigateway.private_api_policy_restricted",
       title="Private API Gateway REST APIs admit only named VPC endpoints, VPCs or accounts", severity="high",
       resource_type=REST_API, reads=("endpoint_types", "policy"),
       rationale="A private API is reachable through any execute-api VPC endpoint, including other accounts' ones; "
                 "only its resource policy (aws:SourceVpce, aws:SourceVpc or the caller's account or organisation) "
                 "keeps it private.",
       remediation="Add a Deny for execute-api:Invoke unless aws:SourceVpce is your endpoint (or limit the Allow "
                   "to it), then redeploy the API.")
def private_api_policy_restricted(api, snapshot):
    if "PRIVATE" not in api.config["endpoint_types"]:
        return passed(f"a {'/'.join(api.config['endpoint_types']) or 'public'} API: reachable from the internet "
                      "by design, its callers authorized per method")
    if not api.config["policy"]:
        return passed("a private API without a resource policy: no VPC endpoint can invoke it")
    try:
        public = public_allows(api.config["policy"], "execute-api:Invoke")
    except PolicyError as exc:
        return undetermined(f"cannot judge the API's resource policy: {exc}")
    if public:
        return failed(f"statement {', '.join(public)} lets any VPC endpoint, of any account, invoke the private API",
                      statements=public)
    return passed("only named VPC endpoints, VPCs or principals may invoke the private API")
