"""Compute Engine networks, subnetworks and instances. Firewall semantics live in srmscan.analysis.gcp_firewall;
metadata that an instance inherits from the project is resolved from the project's settings."""

from srmscan.analysis.gcp_firewall import internet_exposure, sources_besides_iap
from srmscan.check import check, failed, passed

PROJECT = "gcp.account"
NETWORK = "gcp.compute.network"
SUBNETWORK = "gcp.compute.subnetwork"
INSTANCE = "gcp.compute.instance"
BACKEND_SERVICE = "gcp.compute.backend_service"
HTTP_PROTOCOLS = ("HTTP", "HTTPS", "HTTP2", "H2C")
HTTP_LB_SCHEMES = ("EXTERNAL", "EXTERNAL_MANAGED", "INTERNAL_MANAGED")   # Application Load Balancers
TRUE_VALUES = ("true", "1", "yes", "y", "on")
FULL_ACCESS = "https://www.googleapis.com/auth/cloud-platform"
FIREWALL_SCOPE = "VPC firewall rules; hierarchical and network firewall policies are not read"


@check(id="gcp.compute.no_default_network", severity="medium", resource_type=NETWORK, reads=("mode",),
       title="The project has no network named default",
       rationale="The default network comes with firewall rules opening SSH, RDP and ICMP to the internet; "
                 "networks and their rules are the customer's to design.",
       remediation="Move workloads to a custom-mode network and delete `default`; enforce "
                   "compute.skipDefaultNetworkCreation.")
def no_default_network(network, snapshot):
    if network.name == "default":
        return failed(f"network default exists ({network.config['mode']} mode)")
    return passed("not the default network")


@check(id="gcp.compute.no_legacy_network", severity="medium", resource_type=NETWORK, reads=("mode",),
       title="The network is not a legacy network", remediation="Create a VPC network, migrate, delete the legacy one.",
       rationale="A legacy network has one range and gateway for every region and no subnetworks or flow logs.")
def no_legacy_network(network, snapshot):
    if network.config["mode"] == "legacy":
        return failed("legacy network")
    return passed(f"{network.config['mode']}-mode VPC network")


def _exposure(network, protocol: str, port: int, service: str):
    result = internet_exposure(network.config["firewall_rules"], protocol, port)
    if result["open_by"]:
        rules = ", ".join(f"{r['rule']} (priority {r['priority']}, {r['family']}, {r['targets']})"
                          for r in result["open_by"])
        return failed(f"{service} ({protocol}/{port}) open to the internet by {rules}", **result, scope=FIREWALL_SCOPE)
    if result["shadowed"]:
        return passed(f"internet allows for {protocol}/{port} are shadowed by higher-priority denies", **result,
                      scope=FIREWALL_SCOPE)
    return passed(f"no rule allows {protocol}/{port} from the whole internet", scope=FIREWALL_SCOPE)


@check(id="gcp.compute.ssh_not_open_to_internet", severity="high", resource_type=NETWORK, reads=("firewall_rules",),
       title="No firewall rule lets the whole internet reach SSH (tcp/22)",
       rationale="Firewall rules are the customer's network configuration; SSH open to the world invites "
                 "brute force and exploits.",
       remediation="Narrow the source ranges (use IAP's 35.235.240.0/20 for SSH through Identity-Aware Proxy) "
                   "or add a higher-priority deny.")
def ssh_not_open_to_internet(network, snapshot):
    return _exposure(network, "tcp", 22, "SSH")


@check(id="gcp.compute.rdp_not_open_to_internet", severity="high", resource_type=NETWORK, reads=("firewall_rules",),
       title="No firewall rule lets the whole internet reach RDP (tcp/3389)",
       rationale="Remote Desktop open to the world is a common way in; who may reach it is the customer's rule.",
       remediation="Narrow the source ranges (IAP TCP forwarding) or add a higher-priority deny.")
def rdp_not_open_to_internet(network, snapshot):
    return _exposure(network, "tcp", 3389, "RDP")


@check(id="gcp.compute.subnet_flow_logs", severity="low", resource_type=SUBNETWORK,
       reads=("purpose", "flow_logs", "flow_log_config"),
       title="VPC flow logs record every flow of the subnetwork, with metadata, every 5 seconds",
       rationale="Flow logs are the network evidence of an investigation; turning them on is the customer's.",
       remediation="`gcloud compute networks subnets update NAME --region R --enable-flow-logs "
                   "--logging-aggregation-interval=interval-5-sec --logging-flow-sampling=1 "
                   "--logging-metadata=include-all` (and no filter).")
def subnet_flow_logs(subnet, snapshot):
    if subnet.config["purpose"] != "PRIVATE":
        return passed(f"{subnet.config['purpose']} subnetwork: flow logs do not apply")
    if not subnet.config["flow_logs"]:
        return failed("flow logs are off")
    config = subnet.config["flow_log_config"]
    wrong = {k: v for k, v in config.items() if v != {"aggregation_interval": "INTERVAL_5_SEC", "flow_sampling": 1,
                                                      "metadata": "INCLUDE_ALL_METADATA", "filter": None}[k]}
    if wrong:
        return failed(f"flow logs are on but miss flows or detail: {wrong}", config=config)
    return passed("every flow is logged with metadata at 5-second intervals")


@check(id="gcp.compute.subnet_private_google_access", severity="low", resource_type=SUBNETWORK,
       reads=("purpose", "private_google_access"),
       title="Private Google Access is on for the subnetwork",
       rationale="Without it, instances need public addresses or NAT to reach Google APIs.",
       remediation="`gcloud compute networks subnets update NAME --region R --enable-private-ip-google-access`.")
def subnet_private_google_access(subnet, snapshot):
    if subnet.config["purpose"] != "PRIVATE":
        return passed(f"{subnet.config['purpose']} subnetwork: not applicable")
    if subnet.config["private_google_access"]:
        return passed("Private Google Access is on")
    return failed("Private Google Access is off")


def _gke_node(instance) -> bool:
    return instance.name.startswith("gke-") and "goog-gke-node" in instance.config["labels"]


def _metadata(instance, snapshot, key: str) -> tuple[bool, str]:
    """The effective boolean of a metadata key (the instance's value, else the project's) and where it came from."""
    own = instance.config["metadata"]
    if key in own:
        return own[key].strip().lower() in TRUE_VALUES, "instance"
    project = snapshot.account(instance).config["compute_metadata"]
    if key in project:
        return project[key].strip().lower() in TRUE_VALUES, "project"
    return False, "default"


def _default_accounts(instance) -> list[dict]:
    return [a for a in instance.config["service_accounts"] if a["email"].endswith("-compute@developer.gserviceaccount.com")]


@check(id="gcp.compute.instance_no_default_service_account", severity="medium", resource_type=INSTANCE,
       reads=("service_accounts", "labels"),
       title="Instance does not run as the Compute Engine default service account",
       rationale="The default service account is Editor of the project by default; code on the VM inherits it.",
       remediation="Stop the instance and set a dedicated, least-privileged service account.")
def instance_no_default_service_account(instance, snapshot):
    if _gke_node(instance):
        return passed("GKE node: excluded by the benchmark")
    default = _default_accounts(instance)
    if default:
        return failed(f"runs as {default[0]['email']}")
    return passed("no default service account" if instance.config["service_accounts"] else "no service account")


@check(id="gcp.compute.instance_default_account_not_full_access", severity="high", resource_type=INSTANCE,
       reads=("service_accounts", "labels"),
       title="Instance does not give the default service account full access to all Cloud APIs",
       rationale="Editor rights plus the cloud-platform scope let anything on the VM change most of the project.",
       remediation="Use a dedicated service account, or at least narrow the access scopes.")
def instance_default_account_not_full_access(instance, snapshot):
    if _gke_node(instance):
        return passed("GKE node: excluded by the benchmark")
    full = [a["email"] for a in _default_accounts(instance) if FULL_ACCESS in a["scopes"]]
    if full:
        return failed(f"{full[0]} with scope cloud-platform (full access to all Cloud APIs)")
    return passed("no default service account with full API access")


@check(id="gcp.compute.instance_blocks_project_ssh_keys", severity="medium", resource_type=INSTANCE,
       reads=("metadata", "account.compute_metadata"),
       title="Instance blocks project-wide SSH keys (or uses OS Login)",
       rationale="A project-wide key opens every instance of the project; instance keys or OS Login limit a leak.",
       remediation="Set metadata block-project-ssh-keys=TRUE on the instance, or enable OS Login.")
def instance_blocks_project_ssh_keys(instance, snapshot):
    os_login, where = _metadata(instance, snapshot, "enable-oslogin")
    if os_login:
        return passed(f"OS Login is on ({where} metadata): metadata SSH keys are ignored")
    if instance.config["metadata"].get("block-project-ssh-keys", "").strip().lower() in TRUE_VALUES:
        return passed("block-project-ssh-keys is on")
    return failed("project-wide SSH keys are accepted")


@check(id="gcp.compute.project_os_login", severity="medium", resource_type=PROJECT, reads=("compute_metadata",),
       title="OS Login is enabled in the project metadata",
       rationale="OS Login ties SSH access to IAM, so removing a person's access removes their keys.",
       remediation="`gcloud compute project-info add-metadata --metadata enable-oslogin=TRUE`.")
def project_os_login(project, snapshot):
    value = project.config["compute_metadata"].get("enable-oslogin")
    if value is not None and value.strip().lower() in TRUE_VALUES:
        return passed("enable-oslogin=TRUE in the project metadata")
    return failed(f"enable-oslogin is {value!r} in the project metadata" if value is not None
                  else "enable-oslogin is not set in the project metadata (off)")


@check(id="gcp.compute.instance_os_login", severity="medium", resource_type=INSTANCE,
       reads=("metadata", "labels", "account.compute_metadata"),
       title="OS Login is in effect on the instance (not overridden to off)",
       rationale="An instance can switch OS Login off for itself and go back to metadata SSH keys.",
       remediation="Remove enable-oslogin=FALSE from the instance metadata and enable it in the project.")
def instance_os_login(instance, snapshot):
    if _gke_node(instance):
        return passed("GKE node: excluded by the benchmark")
    on, where = _metadata(instance, snapshot, "enable-oslogin")
    if on:
        return passed(f"OS Login is on ({where} metadata)")
    return failed(f"OS Login is off ({where} metadata)")


@check(id="gcp.compute.instance_serial_port_disabled", severity="medium", resource_type=INSTANCE,
       reads=("metadata", "account.compute_metadata"),
       title="Interactive serial console access is disabled",
       rationale="The serial console accepts connections from any IP address; no firewall rule applies to it.",
       remediation="Set serial-port-enable=FALSE (or remove it) on the instance and in the project metadata.")
def instance_serial_port_disabled(instance, snapshot):
    on, where = _metadata(instance, snapshot, "serial-port-enable")
    if on:
        return failed(f"serial-port-enable is on ({where} metadata)")
    return passed("serial port access is off" + ("" if where == "default" else f" ({where} metadata)"))


@check(id="gcp.compute.instance_no_ip_forwarding", severity="medium", resource_type=INSTANCE,
       reads=("can_ip_forward", "labels"),
       title="Instance does not forward IP packets", remediation="Recreate or update the instance with canIpForward false.",
       rationale="IP forwarding lets a compromised VM route and spoof traffic for others.")
def instance_no_ip_forwarding(instance, snapshot):
    if _gke_node(instance):
        return passed("GKE node: excluded by the benchmark")
    if instance.config["can_ip_forward"]:
        return failed("canIpForward is true")
    return passed("canIpForward is false")


@check(id="gcp.compute.instance_shielded_vm", severity="medium", resource_type=INSTANCE, reads=("shielded_vm",),
       title="Shielded VM vTPM and integrity monitoring are on",
       rationale="Measured boot and integrity monitoring detect boot- and kernel-level tampering.",
       remediation="Stop the instance and turn on vTPM and integrity monitoring (and Secure Boot where drivers allow).")
def instance_shielded_vm(instance, snapshot):
    shielded = instance.config["shielded_vm"]
    missing = [name for name in ("vtpm", "integrity_monitoring") if not shielded[name]]
    if missing:
        return failed(f"{' and '.join(missing)} off", shielded_vm=shielded)
    return passed("vTPM and integrity monitoring on" + ("" if shielded["secure_boot"] else "; Secure Boot off"))


@check(id="gcp.compute.instance_no_public_ip", severity="medium", resource_type=INSTANCE, reads=("public_ips", "labels"),
       title="Instance has no external IP address",
       rationale="A public address puts the VM on the internet; exposure is the customer's network design.",
       remediation="Remove the access config and reach the VM through IAP, a load balancer or Cloud NAT.")
def instance_no_public_ip(instance, snapshot):
    if _gke_node(instance):
        return passed("GKE node: excluded by the benchmark")
    if instance.config["public_ips"]:
        return failed(f"external address {', '.join(instance.config['public_ips'])}")
    return passed("no external address")


@check(id="gcp.compute.instance_confidential_computing", severity="low", resource_type=INSTANCE,
       reads=("confidential_computing",),
       title="Confidential Computing is on", remediation="Recreate the instance with --confidential-compute.",
       rationale="Confidential VMs keep memory encrypted while in use (a Level 2 recommendation).")
def instance_confidential_computing(instance, snapshot):
    if instance.config["confidential_computing"]:
        return passed("Confidential Computing is on")
    return failed("Confidential Computing is off")


@check(id="gcp.compute.instance_disks_csek", severity="low", resource_type=INSTANCE, reads=("disks_csek",),
       title="Instance disks are encrypted with customer-supplied keys (CSEK)",
       rationale="With CSEK only whoever holds the key can use the disk (a Level 2 recommendation for critical VMs).",
       remediation="Recreate the disks with --csek-key-file (existing disks cannot be re-keyed).")
def instance_disks_csek(instance, snapshot):
    disks = instance.config["disks_csek"]
    if disks and all(disks):
        return passed(f"all {len(disks)} disk(s) use customer-supplied keys")
    return failed(f"{disks.count(False)} of {len(disks)} disk(s) use Google- or KMS-managed keys" if disks
                  else "no disk is listed on the instance")


@check(id="gcp.compute.lb_backend_logging", severity="low", resource_type=BACKEND_SERVICE,
       reads=("scheme", "protocol", "logging", "sample_rate"),
       title="The HTTP(S) load balancer's backend service logs its requests",
       rationale="Load balancer request logs record who called which URL: the evidence of web attacks and the "
                 "input of intrusion investigations. Logging is off by default.",
       remediation="`gcloud compute backend-services update NAME --enable-logging --logging-sample-rate=1.0` "
                   "(add --global or --region).")
def lb_backend_logging(service, snapshot):
    config = service.config
    if config["protocol"] not in HTTP_PROTOCOLS or config["scheme"] not in HTTP_LB_SCHEMES:
        return passed(f"not an HTTP(S) load balancer backend ({config['scheme']} {config['protocol']})")
    if not config["logging"]:
        return failed("request logging is off", scheme=config["scheme"], protocol=config["protocol"])
    rate = config["sample_rate"]
    if rate is not None and float(rate) == 0:
        return failed("request logging is on with a sample rate of 0: nothing is logged", sample_rate=rate)
    return passed(f"request logging is on (sample rate {1.0 if rate is None else rate})", sample_rate=rate)


@check(id="gcp.compute.admin_access_through_iap", severity="medium", resource_type=NETWORK, reads=("firewall_rules",),
       title="SSH and RDP reach the network's VMs only through Identity-Aware Proxy (or private ranges)",
       rationale="Through IAP every SSH or RDP session passes Google sign-in, IAM and context-aware access levels; "
                 "a firewall rule admitting any other public range lets those connections skip all three.",
       remediation="Allow tcp:22 and tcp:3389 only from 35.235.240.0/20 (IAP TCP forwarding) and internal ranges; "
                   "connect with `gcloud compute ssh --tunnel-through-iap`.")
def admin_access_through_iap(network, snapshot):
    found = [{**rule, "port": port} for port in (22, 3389)
             for rule in sources_besides_iap(network.config["firewall_rules"], "tcp", port)]
    if found:
        return failed("; ".join(f"{r['rule']} admits {', '.join(r['sources'])} to tcp/{r['port']} "
                                f"({r['targets']})" for r in found), rules=found)
    return passed("SSH and RDP only from IAP's range or private ranges (or not at all)")
