"""ECS (AWS Foundational Security Best Practices ECS.1, .2, .3, .4, .5, .8, .9, .10, .12), on each task
definition family's latest active revision."""

from srmscan.check import check, failed, passed

TASK = "aws.ecs.task_definition"
SERVICE = "aws.ecs.service"
# ECS.8: environment variable names that carry credentials (the values are never read)
CREDENTIAL_NAMES = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ECS_ENGINE_AUTH_DATA")
LATEST_FARGATE = {"LINUX": "1.4.0", "WINDOWS_SERVER_2019_FULL": "1.0.0", "WINDOWS_SERVER_2019_CORE": "1.0.0",
                  "WINDOWS_SERVER_2022_FULL": "1.0.0", "WINDOWS_SERVER_2022_CORE": "1.0.0"}   # ECS.10's defaults


def _containers(task, test) -> list[str]:
    return [c["name"] for c in task.config["latest"]["containers"] if test(c)]


def _per_container(task, offending: list[str], bad: str, good: str):
    revision = task.config["latest"]["revision"]
    if offending:
        return failed(f"revision {revision}: {bad} ({', '.join(offending)})", containers=offending)
    return passed(f"revision {revision}: {good}")


@check(id="aws.ecs.host_network_user", title="ECS task definitions in host network mode do not run containers as root",
       severity="high", resource_type=TASK, reads=("latest",),
       rationale="A root container sharing the host's network stack can reach and tamper with the host's traffic.",
       remediation="Set a non-root `user` (or use awsvpc network mode) in a new revision.")
def host_network_user(task, snapshot):
    if task.config["latest"]["network_mode"] != "host":
        return passed(f"network mode {task.config['latest']['network_mode']}")
    root = _containers(task, lambda c: not c["privileged"] and (c["user"] in (None, "", "root", "0")
                                                                   or str(c["user"]).startswith(("root:", "0:"))))
    return _per_container(task, root, "host network mode with containers running as root",
                          "host network mode, no container runs as root")


@check(id="aws.ecs.no_host_pid", title="ECS task definitions do not share the host's process namespace",
       severity="high", resource_type=TASK, reads=("latest",),
       rationale="A container in the host's PID namespace can see and signal every process on the instance.",
       remediation="Remove pidMode host in a new revision.")
def no_host_pid(task, snapshot):
    if task.config["latest"]["pid_mode"] == "host":
        return failed(f"revision {task.config['latest']['revision']} shares the host's process namespace")
    return passed("the process namespace is not the host's")


@check(id="aws.ecs.not_privileged", title="ECS containers do not run privileged", severity="high",
       resource_type=TASK, reads=("latest",),
       rationale="A privileged container has root on the host in all but name.",
       remediation="Set privileged to false in a new revision and grant only the capabilities needed.")
def not_privileged(task, snapshot):
    return _per_container(task, _containers(task, lambda c: c["privileged"]), "privileged containers",
                          "no privileged container")


@check(id="aws.ecs.read_only_root", title="ECS containers have read-only root file systems", severity="high",
       resource_type=TASK, reads=("latest",),
       rationale="A writable root file system lets an intruder modify the container's own binaries.",
       remediation="Set readonlyRootFilesystem to true, with volumes for the paths that must be written.")
def read_only_root(task, snapshot):
    return _per_container(task, _containers(task, lambda c: not c["read_only_root"]), "writable root file systems",
                          "every root file system is read-only")


@check(id="aws.ecs.no_credentials_in_environment", title="ECS containers do not get credentials as environment "
       "variables", severity="high", resource_type=TASK, reads=("latest",),
       rationale="Environment variables are visible to anyone who can describe the task definition.",
       remediation="Pass secrets through `secrets` (Secrets Manager or Parameter Store), and use the task role "
                   "instead of access keys.")
def no_credentials_in_environment(task, snapshot):
    carrying = [f"{c['name']}: {', '.join(n for n in c['environment_names'] if n in CREDENTIAL_NAMES)}"
                for c in task.config["latest"]["containers"] if set(c["environment_names"]) & set(CREDENTIAL_NAMES)]
    return _per_container(task, carrying, "credentials in environment variables", "no credential in environment variables")


@check(id="aws.ecs.container_logging", title="ECS containers have a logging configuration", severity="high",
       resource_type=TASK, reads=("latest",),
       rationale="A container without a log driver leaves no trace of what it did.",
       remediation="Add a logConfiguration (awslogs or FireLens) to every container.")
def container_logging(task, snapshot):
    return _per_container(task, _containers(task, lambda c: not c["logging"]), "containers without logging",
                          "every container logs")


@check(id="aws.ecs.service_no_public_ip", title="ECS services do not assign public IP addresses", severity="high",
       resource_type=SERVICE, reads=("assign_public_ip",),
       rationale="Tasks with public addresses are on the internet, behind their security groups only.",
       remediation="Set assignPublicIp to DISABLED and reach the internet through a NAT gateway.")
def service_no_public_ip(service, snapshot):
    if service.config["assign_public_ip"] == "ENABLED":
        return failed("tasks get public IP addresses")
    return passed("tasks get no public IP address")


@check(id="aws.ecs.fargate_latest_platform", title="ECS Fargate services run on the latest platform version",
       severity="medium", resource_type=SERVICE, reads=("launch_type", "platform_version", "platform_family"),
       rationale="Older Fargate platform versions miss the kernel and runtime fixes AWS ships in new ones.",
       remediation="Set the service's platform version to LATEST and redeploy.")
def fargate_latest_platform(service, snapshot):
    if service.config["launch_type"] != "FARGATE":
        return passed(f"launch type {service.config['launch_type'] or 'capacity provider'} (not Fargate)")
    version = service.config["platform_version"] or "LATEST"
    latest = LATEST_FARGATE.get(str(service.config["platform_family"] or "LINUX"), "1.4.0")
    if version in ("LATEST", latest):
        return passed(f"platform version {version}")
    return failed(f"platform version {version} (latest {latest})", platform_version=version)


@check(id="aws.ecs.container_insights", title="ECS clusters use Container Insights", severity="medium",
       resource_type="aws.ecs.cluster", reads=("container_insights",),
       rationale="Without Container Insights there are no task-level metrics to notice abuse or failure.",
       remediation="`aws ecs update-cluster-settings --settings name=containerInsights,value=enabled`.")
def container_insights(cluster, snapshot):
    state = cluster.config["container_insights"]
    if state in ("enabled", "enhanced"):
        return passed(f"Container Insights is {state}")
    return failed(f"Container Insights is {state}")
