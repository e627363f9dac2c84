"""Whether an Azure PaaS resource (SQL server, flexible server, Key Vault ...) has a public endpoint, from
its `publicNetworkAccess` setting: Disabled closes it; Enabled opens it to whatever its firewall allows;
SecuredByPerimeter opens it to a network security perimeter's access rules. Unset means Enabled. And which of
its private endpoint connections are in use (approved)."""

from __future__ import annotations


def public_endpoint(access: object) -> str | None:
    """None when the public endpoint is closed, else how it is open (for the finding's message)."""
    value = str(access or "Enabled")
    if value.lower() == "disabled":
        return None
    if value.lower() == "securedbyperimeter":
        return "public endpoint on, limited by a network security perimeter's access rules"
    return f"public network access is {value}: reachable wherever its firewall rules allow"


def approved_private_endpoints(connections: list[dict]) -> list[str]:
    """The private endpoints whose connection the resource's owner approved (pending, rejected or
    disconnected ones carry no traffic)."""
    return [c.get("endpoint") or "(unnamed)" for c in connections or []
            if str(c.get("status") or "").lower() == "approved"]
