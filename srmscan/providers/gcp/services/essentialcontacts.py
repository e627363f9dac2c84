"""Essential Contacts: who Google tells about security, technical, legal and suspension matters concerning the
project, its folders and organisation included (contacts:compute resolves what the project inherits)."""

from __future__ import annotations

from typing import Any

from srmscan.providers.declare import Read
from srmscan.providers.gcp.declare import PROJECT_TYPE, Google

# The notification categories CIS GCP 1.17 asks to be covered
CATEGORIES = ("SECURITY", "TECHNICAL", "LEGAL", "SUSPENSION", "TECHNICAL_INCIDENTS")


def contacts_config(contacts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Contacts (contacts:compute): each address, the categories it gets, and whether Google validated it."""
    return [{"email": c.get("email"), "categories": list(c.get("notificationCategorySubscriptions") or []),
             "state": c.get("validationState") or "VALIDATION_STATE_UNSPECIFIED",
             "scope": str(c.get("name") or "").split("/contacts/")[0]} for c in contacts]


SCOPE_READS = {PROJECT_TYPE: (
    Read("essential_contacts", Google("essentialcontacts", "/v1/projects/{project}/contacts:compute", "contacts",
                                      params={"notificationCategories": list(CATEGORIES)}),
         "essentialcontacts.contacts.list", contacts_config),
)}
TYPES = ()
