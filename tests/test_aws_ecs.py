"""ECS, Systems Manager documents and EventBridge buses against moto's server over HTTP: clusters, services of every cluster, and each task definition
family's latest active revision, judged by their FSBP checks; environment variable values never reach the
snapshot."""

import json

from check_cases import verdicts
from srmscan.progress import NoProgress
from srmscan.providers.aws import AwsTarget
from srmscan.providers.aws.collector import collect_account

REGION = "eu-west-1"


def test_clusters_services_and_task_definitions_are_read_and_judged(moto, aws_client):
    ecs = aws_client("ecs", REGION)
    ecs.create_cluster(clusterName="main")
    ecs.register_task_definition(family="api", networkMode="awsvpc", containerDefinitions=[{
        "name": "api", "image": "acme/api:1", "memory": 256, "readonlyRootFilesystem": True, "user": "1000",
        "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "api"}}}])
    ecs.register_task_definition(family="legacy", networkMode="bridge", containerDefinitions=[{
        "name": "app", "image": "acme/app:1", "memory": 256, "privileged": True,
        "environment": [{"name": "AWS_SECRET_ACCESS_KEY", "value": "do-not-store-me"}]}])
    ecs.create_service(cluster="main", serviceName="api", taskDefinition="api", desiredCount=1)

    snapshot = collect_account(AwsTarget(None, (REGION,), moto, 8, ("ecs",)), NoProgress())
    errors = {r.name: r.errors for r in snapshot.resources if r.errors}
    assert errors == {}, errors
    assert "do-not-store-me" not in json.dumps(snapshot.to_json())
    got = verdicts(snapshot)
    assert got[("aws.ecs.not_privileged", "api")] == "PASS"
    assert got[("aws.ecs.not_privileged", "legacy")] == "FAIL"
    assert got[("aws.ecs.no_credentials_in_environment", "legacy")] == "FAIL"
    assert got[("aws.ecs.read_only_root", "api")] == "PASS"
    assert got[("aws.ecs.container_logging", "legacy")] == "FAIL"
    assert got[("aws.ecs.service_no_public_ip", "api")] == "PASS"
    assert ("aws.ecs.container_insights", "main") in got


def test_ssm_documents_and_their_sharing_are_read_and_judged(moto, aws_client):
    ssm = aws_client("ssm", REGION)
    content = json.dumps({"schemaVersion": "2.2", "description": "d", "mainSteps": [
        {"action": "aws:runShellScript", "name": "run", "inputs": {"runCommand": ["echo hi"]}}]})
    ssm.create_document(Name="public-runbook", Content=content, DocumentType="Command", DocumentFormat="JSON")
    ssm.modify_document_permission(Name="public-runbook", PermissionType="Share", AccountIdsToAdd=["all"])
    ssm.create_document(Name="private-runbook", Content=content, DocumentType="Command", DocumentFormat="JSON")
    snapshot = collect_account(AwsTarget(None, (REGION,), moto, 8, ("ssm",)), NoProgress())
    got = verdicts(snapshot)
    assert got[("aws.ssm.document_not_public", "public-runbook")] == "FAIL"
    assert got[("aws.ssm.document_not_public", "private-runbook")] == "PASS"


def test_event_buses_and_their_policies_are_read_and_judged(moto, aws_client):
    events = aws_client("events", REGION)
    events.create_event_bus(Name="orders")
    events.create_event_bus(Name="partners")
    events.put_permission(EventBusName="partners", Action="events:PutEvents", Principal="*", StatementId="anyone")
    snapshot = collect_account(AwsTarget(None, (REGION,), moto, 8, ("events",)), NoProgress())
    got = verdicts(snapshot)
    assert got[("aws.events.custom_bus_has_policy", "orders")] == "FAIL"
    assert got[("aws.events.bus_not_public", "partners")] == "FAIL"
    assert got[("aws.events.custom_bus_has_policy", "default")] == "PASS"
