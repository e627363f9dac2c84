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


def private_endpoints_in_use(connections: list[dict]) -> tuple[bool, str, dict]:
    """Whether the resource has a private endpoint whose connection its owner approved (pending, rejected or
    disconnected ones carry no traffic): (in use, message, evidence)."""
    approved = [c.get("endpoint") or "(unnamed)" for c in connections or []
                if str(c.get("status") or "").lower() == "approved"]
    if approved:
        return True, f"{len(approved)} approved private endpoint(s)", {"private_endpoints": approved}
    states = [str(c.get("status")) for c in connections or []]
    return False, "no approved private endpoint" + (f" (connections: {', '.join(states)})" if states else ""), {}
