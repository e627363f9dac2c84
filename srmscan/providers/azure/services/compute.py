"""Virtual machines, scale sets and managed disks (IaaS): storage, encryption, boot integrity, guest patching and
sign-in settings, as the list-by-subscription answers carry them; the subscription's network interfaces tell
which machines have a public IP."""

from __future__ import annotations

from typing import Any

from srmscan.providers.azure.declare import Arm, ResourceGraph, SUBSCRIPTION_TYPE, resource_listing
from srmscan.providers.declare import Read

VM_TYPE = "azure.compute.virtual_machine"
SCALE_SET_TYPE = "azure.compute.scale_set"
DISK_TYPE = "azure.compute.disk"
API = "2024-07-01"


def _guest(os_profile: dict[str, Any], os_type: str | None) -> dict[str, Any]:
    """Patching and sign-in settings of the guest OS (osProfile): None where the answer does not say (a VM
    attached from a specialized disk has no osProfile)."""
    linux, windows = os_profile.get("linuxConfiguration"), os_profile.get("windowsConfiguration")
    settings = (linux if linux is not None else windows) or {}
    patch = settings.get("patchSettings") or {}
    return {"os_type": os_type or ("Linux" if linux is not None else "Windows" if windows is not None else None),
            "os_profile": bool(os_profile),
            "patch_mode": patch.get("patchMode"), "assessment_mode": patch.get("assessmentMode"),
            "password_authentication": None if linux is None else not linux.get("disablePasswordAuthentication", False)}


def _machine(profile: dict[str, Any]) -> dict[str, Any]:
    """What a VM and a scale set's VM profile share: disks, encryption at host, boot integrity, guest settings."""
    storage = profile.get("storageProfile") or {}
    os_disk = storage.get("osDisk") or {}
    disks = [os_disk, *(storage.get("dataDisks") or [])]
    security = profile.get("securityProfile") or {}
    uefi = security.get("uefiSettings") or {}
    return {"unmanaged_disks": [d.get("name") or "(unnamed)" for d in disks if d and not d.get("managedDisk")],
            "encryption_at_host": bool(security.get("encryptionAtHost")),
            "security_type": security.get("securityType") or "Standard",
            "secure_boot": bool(uefi.get("secureBootEnabled")), "vtpm": bool(uefi.get("vTpmEnabled")),
            **_guest(profile.get("osProfile") or {}, os_disk.get("osType"))}


def vm_config(vm: dict[str, Any]) -> dict[str, Any]:
    """A virtual machine (VirtualMachines_ListAll item)."""
    return _machine(vm.get("properties") or {})


def scale_set_config(scale_set: dict[str, Any]) -> dict[str, Any]:
    """A scale set (VirtualMachineScaleSets_ListAll item): its VM profile and whether instances get public IPs."""
    properties = scale_set.get("properties") or {}
    profile = properties.get("virtualMachineProfile") or {}
    nics = ((profile.get("networkProfile") or {}).get("networkInterfaceConfigurations")) or []
    public = [c.get("name") for nic in nics for c in (nic.get("properties") or {}).get("ipConfigurations") or []
              if (c.get("properties") or {}).get("publicIPAddressConfiguration")]
    upgrade = properties.get("upgradePolicy") or {}
    return {**_machine(profile), "instance_public_ips": public,
            "automatic_os_upgrade": bool((upgrade.get("automaticOSUpgradePolicy") or {}).get("enableAutomaticOSUpgrade"))}


def extensions_config(extensions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A VM's extensions (VirtualMachineExtensions_List): publisher, type and state (never their settings)."""
    return [{"name": e.get("name"), "publisher": (e.get("properties") or {}).get("publisher"),
             "type": (e.get("properties") or {}).get("type"),
             "state": (e.get("properties") or {}).get("provisioningState")} for e in extensions]


def disk_config(disk: dict[str, Any]) -> dict[str, Any]:
    """A managed disk (Disks_List item): its encryption and how it can be exported."""
    properties = disk.get("properties") or {}
    encryption = properties.get("encryption") or {}
    return {"encryption_type": encryption.get("type") or "EncryptionAtRestWithPlatformKey",
            "disk_encryption_set": encryption.get("diskEncryptionSetId"),
            "network_access_policy": properties.get("networkAccessPolicy") or "AllowAll",
            "public_network_access": properties.get("publicNetworkAccess") or "Enabled"}


def public_ips_by_machine(interfaces: list[dict[str, Any]]) -> dict[str, list[str]]:
    """The subscription's network interfaces (NetworkInterfaces_ListAll): VM id (lower case) -> the public IP
    addresses attached to its interfaces."""
    found: dict[str, list[str]] = {}
    for nic in interfaces:
        properties = nic.get("properties") or {}
        vm = ((properties.get("virtualMachine") or {}).get("id") or "").lower()
        for configuration in properties.get("ipConfigurations") or []:
            address = ((configuration.get("properties") or {}).get("publicIPAddress") or {}).get("id")
            if vm and address:
                found.setdefault(vm, []).append(address)
    return found


def pending_updates_config(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Azure Update Manager's latest patch assessment of each VM (Resource Graph patchassessmentresources, kept 7
    days): VM id (lower case) -> when, how it went and the critical and security updates it found missing."""
    found = {}
    for row in rows:
        properties = row.get("properties") or {}
        counts = properties.get("availablePatchCountByClassification") or {}
        vm = str(row.get("id") or "").lower().split("/patchassessmentresults/", 1)[0]
        found[vm] = {"assessed_at": properties.get("lastModifiedDateTime"), "status": properties.get("status"),
                     "critical": int(counts.get("critical") or 0), "security": int(counts.get("security") or 0),
                     "reboot_pending": bool(properties.get("rebootPending"))}
    return found


PATCH_ASSESSMENTS = ("patchassessmentresources | where type =~ "
                     "'microsoft.compute/virtualmachines/patchassessmentresults' | project id, properties")

TYPES = (
    resource_listing(VM_TYPE, "compute", "Microsoft.Compute/virtualMachines", API, vm_config,
                     reads=(Read("extensions", Arm(f"/extensions?api-version={API}"),
                                 "Microsoft.Compute/virtualMachines/extensions/read", extensions_config),)),
    resource_listing(SCALE_SET_TYPE, "compute", "Microsoft.Compute/virtualMachineScaleSets", API, scale_set_config),
    resource_listing(DISK_TYPE, "compute", "Microsoft.Compute/disks", "2024-03-02", disk_config),
)
SCOPE_READS = {SUBSCRIPTION_TYPE: (
    Read("vm_public_ips", Arm("/subscriptions/{subscription}/providers/Microsoft.Network/networkInterfaces"
                              "?api-version=2024-05-01"), "Microsoft.Network/networkInterfaces/read",
         public_ips_by_machine),
    Read("pending_updates", ResourceGraph(PATCH_ASSESSMENTS), "Microsoft.ResourceGraph/resources/read",
         pending_updates_config),
)}
