"""ECS (regional): clusters with their settings, services with their network and platform version, and the
latest active revision of every task definition family (container settings and the *names* of environment
variables; their values are never read into the snapshot)."""

from __future__ import annotations

from srmscan.providers.aws.declare import REGIONAL, Call, fields, item
from srmscan.providers.declare import Listing, Read, ResourceType


def _all_services(client, _params: dict) -> dict:
    """Every service of every cluster, described ten at a time (DescribeServices' limit)."""
    services = []
    clusters = [arn for page in client.get_paginator("list_clusters").paginate() for arn in page.get("clusterArns", [])]
    for cluster in clusters:
        arns = [arn for page in client.get_paginator("list_services").paginate(cluster=cluster)
                for arn in page.get("serviceArns", [])]
        for start in range(0, len(arns), 10):
            services += client.describe_services(cluster=cluster, services=arns[start:start + 10]).get("services", [])
    return {"services": services}


def _container(container: dict) -> dict:
    return {"name": container.get("name"), "privileged": bool(container.get("privileged")),
            "read_only_root": bool(container.get("readonlyRootFilesystem")), "user": container.get("user"),
            "environment_names": sorted(e.get("name", "") for e in container.get("environment") or []),
            "logging": bool(container.get("logConfiguration"))}


def _task_definition(answer: dict) -> dict:
    definition = answer["taskDefinition"]
    return {"revision": definition.get("revision"), "network_mode": definition.get("networkMode", "bridge"),
            "pid_mode": definition.get("pidMode"),
            "containers": [_container(c) for c in definition.get("containerDefinitions") or []]}


CLUSTER = ResourceType(
    type="aws.ecs.cluster",
    service="ecs",
    scope=REGIONAL,
    listing=Listing(Call("list_clusters"), "ecs:ListClusters",
                    lambda page: [{"clusterArn": arn} for arn in page.get("clusterArns", [])]),
    identity=lambda c, scope: (c["clusterArn"], c["clusterArn"].rsplit("/", 1)[-1]),
    reads=(
        Read("container_insights",
             Call("describe_clusters", params=lambda cluster: {"clusters": [cluster.id], "include": ["SETTINGS"]}),
             "ecs:DescribeClusters",
             lambda r: next((s.get("value") for c in r["clusters"] for s in c.get("settings") or []
                             if s.get("name") == "containerInsights"), "disabled")),
    ),
)

SERVICE = ResourceType(
    type="aws.ecs.service",
    service="ecs",
    scope=REGIONAL,
    listing=Listing(Call("list_services", call=_all_services), ("ecs:ListClusters", "ecs:ListServices",
                                                                  "ecs:DescribeServices"),
                    lambda page: page.get("services", [])),
    identity=lambda s, scope: (s["serviceArn"], s["serviceName"]),
    config=fields({"launch_type": item("launchType"), "platform_version": item("platformVersion"),
                   "platform_family": item("platformFamily"),
                   "assign_public_ip": lambda s: ((s.get("networkConfiguration") or {}).get("awsvpcConfiguration") or {})
                   .get("assignPublicIp", "DISABLED")}),
)

TASK_DEFINITION = ResourceType(
    type="aws.ecs.task_definition",
    service="ecs",
    scope=REGIONAL,
    listing=Listing(Call("list_task_definition_families", params={"status": "ACTIVE"}),
                    "ecs:ListTaskDefinitionFamilies", lambda page: [{"family": f} for f in page.get("families", [])]),
    identity=lambda f, scope: (f"arn:{scope.partition}:ecs:{scope.region}:{scope.account}:task-definition/{f['family']}",
                               f["family"]),
    reads=(
        # the family's latest ACTIVE revision
        Read("latest", Call("describe_task_definition", params=lambda family: {"taskDefinition": family.name}),
             "ecs:DescribeTaskDefinition", _task_definition),
    ),
)

TYPES = (CLUSTER, SERVICE, TASK_DEFINITION)
SCOPE_READS: dict = {}
