"""API Gateway and AppSync against moto's server over HTTP: every stage of every REST API (with its method settings),
HTTP / WebSocket APIs with their stages and routes, GraphQL APIs with their caches, judged by their FSBP checks."""

from check_cases import verdicts
from srmscan.progress import NoProgress
from srmscan.providers.aws import AwsTarget
from srmscan.providers.aws.collector import collect_account

REGION = "eu-west-1"


def _rest_api(client, name: str) -> str:
    api = client.create_rest_api(name=name, endpointConfiguration={"types": ["REGIONAL"]})["id"]
    root = client.get_resources(restApiId=api)["items"][0]["id"]
    client.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
    client.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="MOCK")
    return api


def test_rest_stages_and_v2_apis_are_read_and_judged(moto, aws_client):
    rest = aws_client("apigateway", REGION)
    orders = _rest_api(rest, "orders")
    rest.create_deployment(restApiId=orders, stageName="prod")
    rest.update_stage(restApiId=orders, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/*/*/logging/loglevel", "value": "INFO"},
        {"op": "replace", "path": "/tracingEnabled", "value": "true"}])
    rest.create_deployment(restApiId=orders, stageName="dev")
    v2 = aws_client("apigatewayv2", REGION)
    chat = v2.create_api(Name="chat", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")["ApiId"]
    v2.create_route(ApiId=chat, RouteKey="$connect", AuthorizationType="NONE")
    v2.create_route(ApiId=chat, RouteKey="sendmessage", AuthorizationType="NONE")
    v2.create_stage(ApiId=chat, StageName="live", DefaultRouteSettings={"LoggingLevel": "INFO"})
    shop = v2.create_api(Name="shop", ProtocolType="HTTP")["ApiId"]
    v2.create_route(ApiId=shop, RouteKey="GET /orders", AuthorizationType="AWS_IAM")
    v2.create_stage(ApiId=shop, StageName="$default", AccessLogSettings={
        "DestinationArn": "arn:aws:logs:eu-west-1:123456789012:log-group:shop", "Format": "$context.requestId"})
    snapshot = collect_account(AwsTarget(None, (REGION,), moto, 8, ("apigateway",)), NoProgress())
    assert [e for r in snapshot.resources for e in r.errors] == []
    got = verdicts(snapshot)
    assert got[("aws.apigateway.rest_execution_logging", "orders/prod")] == "PASS"
    assert got[("aws.apigateway.rest_execution_logging", "orders/dev")] == "FAIL"
    assert got[("aws.apigateway.rest_tracing", "orders/prod")] == "PASS"
    assert got[("aws.apigateway.rest_tracing", "orders/dev")] == "FAIL"
    assert got[("aws.apigateway.rest_waf", "orders/prod")] == "FAIL"
    assert got[("aws.apigateway.v2_route_authorization", "chat")] == "FAIL"     # $connect is open
    assert got[("aws.apigateway.v2_route_authorization", "shop")] == "PASS"
    assert got[("aws.apigateway.v2_access_logging", "chat")] == "FAIL"
    assert got[("aws.apigateway.v2_access_logging", "shop")] == "PASS"
    assert got[("aws.apigateway.v2_execution_logging", "chat")] == "PASS"


def test_graphql_apis_are_read_and_judged(moto, aws_client):
    appsync = aws_client("appsync", REGION)
    orders = appsync.create_graphql_api(name="orders", authenticationType="API_KEY", logConfig={
        "fieldLogLevel": "NONE", "cloudWatchLogsRoleArn": "arn:aws:iam::123456789012:role/appsync-logs"})["graphqlApi"]
    appsync.create_api_cache(apiId=orders["apiId"], ttl=300, apiCachingBehavior="FULL_REQUEST_CACHING", type="SMALL",
                             transitEncryptionEnabled=False, atRestEncryptionEnabled=True)
    appsync.create_graphql_api(name="catalogue", authenticationType="AWS_IAM", logConfig={
        "fieldLogLevel": "ERROR", "cloudWatchLogsRoleArn": "arn:aws:iam::123456789012:role/appsync-logs"})
    snapshot = collect_account(AwsTarget(None, (REGION,), moto, 8, ("appsync",)), NoProgress())
    assert [e for r in snapshot.resources for e in r.errors] == []
    got = verdicts(snapshot)
    assert got[("aws.appsync.no_api_keys", "orders")] == "FAIL"
    assert got[("aws.appsync.no_api_keys", "catalogue")] == "PASS"
    assert got[("aws.appsync.field_logging", "orders")] == "FAIL"
    assert got[("aws.appsync.cache_encrypted_at_rest", "orders")] == "PASS"
    assert got[("aws.appsync.cache_encrypted_in_transit", "orders")] == "FAIL"
    assert got[("aws.appsync.cache_encrypted_in_transit", "catalogue")] == "PASS"   # no cache (NotFoundException)


def test_private_rest_api_policies_are_read_and_judged(moto, aws_client):
    import json

    rest = aws_client("apigateway", REGION)
    invoke = {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}
    only_vpce = {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*",
                 "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-0a1b2c3d4e5f"}}}
    for name, statements in (("internal-open", [invoke]), ("internal-vpce", [invoke, only_vpce])):
        rest.create_rest_api(name=name, endpointConfiguration={"types": ["PRIVATE"]},
                             policy=json.dumps({"Version": "2012-10-17", "Statement": statements}))
    rest.create_rest_api(name="storefront", endpointConfiguration={"types": ["REGIONAL"]})

    snapshot = collect_account(AwsTarget(None, (REGION,), moto, 8, ("apigateway",)), NoProgress())
    got = verdicts(snapshot)
    assert {name: got[("aws.apigateway.private_api_policy_restricted", name)]
            for name in ("internal-open", "internal-vpce", "storefront")} == {
        "internal-open": "FAIL", "internal-vpce": "PASS", "storefront": "PASS"}


def test_a_rest_api_policy_is_read_as_api_gateway_escapes_it():
    """GetRestApis answers the policy as the body of a JSON string (`{\\"Version\\":...}`, slashes as `\\/`)."""
    import json

    from srmscan.providers.aws.services.apigateway import _rest_policy

    document = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
                                                         "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}]}
    escaped = json.dumps(json.dumps(document))[1:-1].replace("/", "\\/")
    assert json.loads(_rest_policy({"policy": escaped})) == document
    assert json.loads(_rest_policy({"policy": json.dumps(document)})) == document
    assert _rest_policy({}) is None and _rest_policy({"policy": ""}) is None
    assert _rest_policy({"policy": "{not json"}) == "{not json"
