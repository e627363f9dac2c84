"""Azure virtual machines, scale sets and managed disks (IaaS): what stays the customer's on a machine Microsoft
hosts: its disks and their keys, its boot integrity, its guest OS's patching and sign-in, its exposure."""

from srmscan.check import check, failed, judged, passed, undetermined

VM = "azure.compute.virtual_machine"
SCALE_SET = "azure.compute.scale_set"
DISK = "azure.compute.disk"
MACHINES = (VM, SCALE_SET)
# patch modes in which Azure (AutomaticByPlatform) or Windows Update (AutomaticByOS) installs updates by itself
AUTOMATIC_PATCHING = {"automaticbyplatform", "automaticbyos"}


def _declare_machine_checks(resource_type: str, noun: str):
    kind = "vm" if resource_type == VM else "scale_set"

    @check(id=f"azure.compute.{kind}_managed_disks", severity="medium", resource_type=resource_type,
           reads=("unmanaged_disks",), title=f"{noun} uses managed disks only",
           rationale="Unmanaged disks are page blobs in a storage account the owner must secure (keys, network, "
                     "replication); managed disks get RBAC, encryption sets and private export controls.",
           remediation="Convert the disks to managed disks (`az vm convert`).")
    def managed_disks(machine, snapshot):
        unmanaged = machine.config["unmanaged_disks"]
        return judged(not unmanaged, "every disk is managed", f"unmanaged disk(s): {', '.join(unmanaged)}",
                      unmanaged_disks=unmanaged)

    @check(id=f"azure.compute.{kind}_encryption_at_host", severity="medium", resource_type=resource_type,
           reads=("encryption_at_host",), title=f"{noun} encrypts temporary disks and caches at the host",
           rationale="Server-side encryption covers the managed disks only; the temporary disk and the disk caches "
                     "on the host are encrypted only with encryption at host.",
           remediation="Stop the machine and set `securityProfile.encryptionAtHost` (`az vm update "
                       "--set securityProfile.encryptionAtHost=true`); register the EncryptionAtHost feature first.")
    def encryption_at_host(machine, snapshot):
        return judged(machine.config["encryption_at_host"], "encryption at host is on",
                      "encryption at host is off: the temporary disk and disk caches are not encrypted end to end")

    @check(id=f"azure.compute.{kind}_trusted_launch", severity="medium", resource_type=resource_type,
           reads=("security_type", "secure_boot", "vtpm"), title=f"{noun} boots with Secure Boot and a virtual TPM",
           rationale="Secure Boot and a vTPM (Trusted Launch) stop boot kits and rootkits from loading before the OS, "
                     "and let Defender attest the boot chain.",
           remediation="Use Trusted Launch (security type TrustedLaunch) with Secure Boot and vTPM on.")
    def trusted_launch(machine, snapshot):
        config = machine.config
        missing = [name for name, on in (("Secure Boot", config["secure_boot"]), ("vTPM", config["vtpm"])) if not on]
        if config["security_type"] in ("TrustedLaunch", "ConfidentialVM") and not missing:
            return passed(f"{config['security_type']} with Secure Boot and vTPM")
        return failed(f"security type {config['security_type']}" + (f"; off: {', '.join(missing)}" if missing else ""),
                      security_type=config["security_type"])

    image_upgrades = ("automatic_os_upgrade",) if resource_type == SCALE_SET else ()

    @check(id=f"azure.compute.{kind}_automatic_guest_patching", severity="medium", resource_type=resource_type,
           reads=("os_type", "os_profile", "patch_mode", *image_upgrades),
           title=f"{noun}'s guest OS installs updates automatically",
           rationale="Inside the guest, patching is the customer's duty: a Manual or image-default patch mode leaves "
                     "the OS as old as the last time someone logged in to update it.",
           remediation="Set the patch orchestration to AutomaticByPlatform (Azure-orchestrated, or Azure Update "
                       "Manager schedules), or AutomaticByOS on Windows; a scale set may instead use automatic OS "
                       "image upgrades.")
    def automatic_guest_patching(machine, snapshot):
        config = machine.config
        if image_upgrades and config["automatic_os_upgrade"]:
            return passed("automatic OS image upgrades: instances are replaced with the newest patched image")
        if not config["os_profile"]:
            return failed("no OS profile (attached from a specialized disk): Azure orchestrates no patching")
        mode = config["patch_mode"] or ("AutomaticByOS" if config["os_type"] == "Windows" else "ImageDefault")
        if mode.lower() in AUTOMATIC_PATCHING:
            return passed(f"patch mode {mode}", patch_mode=mode)
        return failed(f"patch mode {mode}: updates are installed only when someone does it", patch_mode=mode)

    @check(id=f"azure.compute.{kind}_periodic_update_assessment", severity="low", resource_type=resource_type,
           reads=("os_profile", "assessment_mode"), title=f"{noun} is assessed for missing updates periodically",
           rationale="Periodic assessment (every 24 hours) is what tells Defender and Update Manager which machines "
                     "miss security updates; without it a machine's patch state is unknown.",
           remediation="Set patchSettings.assessmentMode to AutomaticByPlatform.")
    def periodic_update_assessment(machine, snapshot):
        mode = machine.config["assessment_mode"] or "ImageDefault"
        return judged(mode == "AutomaticByPlatform", "assessment mode AutomaticByPlatform (every 24 hours)",
                      f"assessment mode {mode}: missing updates are found only on demand", assessment_mode=mode)

    @check(id=f"azure.compute.{kind}_linux_ssh_keys_only", severity="medium", resource_type=resource_type,
           reads=("os_type", "password_authentication"), title=f"{noun} (Linux) accepts SSH keys only, no passwords",
           rationale="Password sign-in over SSH is what brute-force and credential-stuffing bots try first.",
           remediation="Deploy with `disablePasswordAuthentication: true` (SSH public keys) and remove passwords.")
    def linux_ssh_keys_only(machine, snapshot):
        if machine.config["password_authentication"] is None:
            return passed(f"not a Linux machine with an OS profile ({machine.config['os_type'] or 'unknown OS'})")
        return judged(not machine.config["password_authentication"], "password authentication is disabled",
                      "password authentication is enabled")

    return managed_disks, encryption_at_host, trusted_launch, automatic_guest_patching, periodic_update_assessment, \
        linux_ssh_keys_only


VM_CHECKS = _declare_machine_checks(VM, "Virtual machine")
SCALE_SET_CHECKS = _declare_machine_checks(SCALE_SET, "Scale set")


@check(id="azure.compute.vm_no_public_ip", severity="medium", resource_type=VM, reads=("account.vm_public_ips",),
       title="Virtual machine has no public IP address",
       rationale="A public IP puts the machine's open ports on the internet, where its NSG rules and its OS's "
                 "hardening are all that stand in the way.",
       remediation="Remove the public IP; reach the machine through Azure Bastion, a VPN or a load balancer.")
def vm_no_public_ip(vm, snapshot):
    addresses = snapshot.account(vm).config["vm_public_ips"].get(vm.id.lower(), [])
    names = [a.rsplit("/", 1)[-1] for a in addresses]
    return judged(not names, "no public IP on its network interfaces", f"public IP(s): {', '.join(names)}",
                  public_ips=names)


@check(id="azure.compute.scale_set_no_public_ip", severity="medium", resource_type=SCALE_SET,
       reads=("instance_public_ips",), title="Scale set gives its instances no public IP address",
       rationale="A public IP per instance puts every instance's open ports on the internet.",
       remediation="Remove publicIPAddressConfiguration from the scale set's IP configurations; front it with a "
                   "load balancer or Application Gateway.")
def scale_set_no_public_ip(scale_set, snapshot):
    public = scale_set.config["instance_public_ips"]
    return judged(not public, "instances get no public IP",
                  f"each instance gets a public IP (IP configuration(s) {', '.join(map(str, public))})")


@check(id="azure.compute.disk_customer_managed_key", severity="low", resource_type=DISK,
       reads=("encryption_type", "disk_encryption_set"), title="Managed disk is encrypted with a customer-managed key",
       rationale="With a customer-managed key (a disk encryption set) the owner controls, rotates and can revoke the "
                 "key that protects the disk's data.",
       remediation="Create a disk encryption set with a Key Vault key and assign it to the disk.")
def disk_customer_managed_key(disk, snapshot):
    kind = disk.config["encryption_type"]
    return judged("CustomerKey" in kind, f"{kind} ({disk.config['disk_encryption_set']})",
                  f"{kind}: platform-managed key only", encryption_type=kind)


@check(id="azure.compute.disk_export_restricted", severity="medium", resource_type=DISK,
       reads=("network_access_policy", "public_network_access"),
       title="Managed disk cannot be exported or imported over the public internet",
       rationale="With network access AllowAll anyone holding the disk's SAS URI can download the whole disk "
                 "from anywhere.",
       remediation="Set the disk's network access policy to DenyAll, or AllowPrivate with a disk access resource.")
def disk_export_restricted(disk, snapshot):
    policy = disk.config["network_access_policy"]
    if policy in ("DenyAll", "AllowPrivate"):
        return passed(f"network access policy {policy}")
    return failed(f"network access policy {policy}: its SAS export URI works from any network",
                  network_access_policy=policy)


@check(id="azure.compute.vm_no_pending_security_updates", severity="high", resource_type=VM,
       reads=("account.pending_updates",), title="Virtual machine has no critical or security update pending",
       rationale="A missing critical or security update is a known, published hole in the guest OS; patching it "
                 "is the customer's side of an IaaS machine.",
       remediation="Install the pending updates (Azure Update Manager > One-time update, or a maintenance "
                   "configuration schedule) and keep periodic assessment on so the next gap is seen.")
def vm_no_pending_security_updates(vm, snapshot):
    assessment = snapshot.account(vm).config["pending_updates"].get(vm.id.lower())
    if assessment is None:
        return undetermined("no patch assessment in the last 7 days (Resource Graph keeps 7): turn on periodic "
                            "assessment to know this machine's missing updates")
    if str(assessment["status"]) not in ("Succeeded", "CompletedWithWarnings"):
        return undetermined(f"the last patch assessment ended {assessment['status']}")
    missing = {kind: assessment[kind] for kind in ("critical", "security") if assessment[kind]}
    when = str(assessment["assessed_at"] or "")[:10]
    if missing:
        return failed(f"assessed {when}: " + ", ".join(f"{count} {kind}" for kind, count in missing.items()) +
                      " update(s) missing", **missing)
    return passed(f"assessed {when}: no critical or security update missing")


GUEST_CONFIGURATION = ("ConfigurationforLinux", "ConfigurationforWindows")


@check(id="azure.compute.vm_guest_configuration_extension", severity="low", resource_type=VM, reads=("extensions",),
       title="Virtual machine runs the Guest Configuration extension (machine configuration audits)",
       rationale="Without the Guest Configuration extension Azure Policy cannot audit the guest OS's settings "
                 "(security baselines, password and SSH policy, installed software): the OS layer is unseen.",
       remediation="Deploy the extension with the built-in initiative \"Deploy prerequisites to enable Guest "
                   "Configuration policies on virtual machines\" (it also gives the VM a system-assigned identity).")
def vm_guest_configuration_extension(vm, snapshot):
    found = [e for e in vm.config["extensions"]
             if e["publisher"] == "Microsoft.GuestConfiguration" and e["type"] in GUEST_CONFIGURATION]
    if any(e["state"] == "Succeeded" for e in found):
        return passed(f"{found[0]['type']} installed")
    if found:
        return failed(f"{found[0]['type']} is {found[0]['state']}, not running")
    installed = sorted(f"{e['publisher']}.{e['type']}" for e in vm.config["extensions"])
    return failed("no Guest Configuration extension", extensions=installed)
