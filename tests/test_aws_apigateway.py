"""API Gateway against moto's server over HTTP: every stage of every REST API (with its method settings), and
HTTP / WebSocket APIs with their stages and routes, judged by their FSBP checks."""

from srmscan.pipeline import Selection, evaluate_snapshots
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
    got = {(f.check["id"], f.resource["name"]): f.status.value
           for f in evaluate_snapshots([snapshot], Selection()).findings}
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
