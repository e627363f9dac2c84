"""Which events a CloudTrail trail records, from its classic or advanced event selectors.

Selectors are evaluated on events, the way CloudTrail applies them: advanced selectors (when present)
match an event when every field selector matches (within one field selector, Equals / StartsWith /
EndsWith values are alternatives, NotEquals / NotStartsWith / NotEndsWith values must all hold);
any matching selector records the event. Classic selectors record management events when
IncludeManagementEvents is on, for the chosen ReadWriteType, outside ExcludeManagementEventSources,
and data events of the listed resource types whose ARN starts with one of the listed values
("arn:aws:s3" or "arn:aws:s3:::" meaning every object). GetEventSelectors always returns at least
one selector on AWS; a trail with none (as emulators report for a default trail) is taken as the
AWS default: every management event, reads and writes.
"""

from __future__ import annotations

from typing import Any

Event = dict[str, str]   # CloudTrail advanced-selector field names -> values

MANAGEMENT_SOURCES = ("iam.amazonaws.com", "kms.amazonaws.com", "ec2.amazonaws.com", "s3.amazonaws.com",
                      "cloudtrail.amazonaws.com", "config.amazonaws.com", "organizations.amazonaws.com",
                      "sts.amazonaws.com", "signin.amazonaws.com")


def management_events() -> list[Event]:
    """Representative management events: reads and writes of the services security monitoring needs."""
    return [{"eventCategory": "Management", "eventSource": source, "readOnly": read_only, "eventName": "Probe"}
            for source in MANAGEMENT_SOURCES for read_only in ("true", "false")]


def selector_fields(record: dict[str, Any]) -> Event:
    """The selector fields of a CloudTrail management event record (as logged)."""
    return {"eventCategory": "Management", "eventSource": str(record.get("eventSource", "")),
            "readOnly": "true" if record.get("readOnly") else "false", "eventName": str(record.get("eventName", ""))}


def s3_object_event(bucket: str, partition: str, write: bool) -> Event:
    return {"eventCategory": "Data", "eventSource": "s3.amazonaws.com", "resources.type": "AWS::S3::Object",
            "resources.ARN": f"arn:{partition}:s3:::{bucket}/srmscan-probe-object",
            "readOnly": "false" if write else "true", "eventName": "PutObject" if write else "GetObject"}


def records(selectors: dict[str, Any] | None, event: Event) -> bool:
    """Does a trail with these selectors ({EventSelectors, AdvancedEventSelectors}) record `event`?"""
    selectors = selectors or {}
    advanced = selectors.get("AdvancedEventSelectors") or []
    if advanced:
        return any(_advanced_matches(selector, event) for selector in advanced)
    classic = selectors.get("EventSelectors") or []
    if not classic:
        return event.get("eventCategory") == "Management"
    return any(_classic_matches(selector, event) for selector in classic)


def _advanced_matches(selector: dict, event: Event) -> bool:
    return all(_field_matches(field, event.get(field.get("Field", ""), ""))
               for field in selector.get("FieldSelectors") or [])


def _field_matches(field: dict, value: str) -> bool:
    positive = [(field.get("Equals"), value.__eq__), (field.get("StartsWith"), value.startswith),
                (field.get("EndsWith"), value.endswith)]
    negative = [(field.get("NotEquals"), value.__eq__), (field.get("NotStartsWith"), value.startswith),
                (field.get("NotEndsWith"), value.endswith)]
    for values, test in positive:
        if values and not any(test(str(v)) for v in values):
            return False
    for values, test in negative:
        if values and any(test(str(v)) for v in values):
            return False
    return True


def _read_write(selector: dict, event: Event) -> bool:
    wanted = selector.get("ReadWriteType", "All")
    return wanted == "All" or (wanted == "ReadOnly") == (event.get("readOnly") == "true")


def _classic_matches(selector: dict, event: Event) -> bool:
    if not _read_write(selector, event):
        return False
    if event.get("eventCategory") == "Management":
        return (selector.get("IncludeManagementEvents", True)
                and event.get("eventSource") not in (selector.get("ExcludeManagementEventSources") or []))
    arn = event.get("resources.ARN", "")
    for resource in selector.get("DataResources") or []:
        if resource.get("Type") != event.get("resources.type"):
            continue
        for value in resource.get("Values") or []:
            if _covers(str(value), arn):
                return True
    return False


def _covers(value: str, arn: str) -> bool:
    parts = value.split(":")
    if len(parts) == 3 and parts[0] == "arn" and parts[2] == "s3":   # "arn:aws:s3": every bucket
        return arn.startswith(value + ":::")
    return arn.startswith(value)


def missed(selectors: dict[str, Any] | None, events: list[Event]) -> list[Event]:
    return [event for event in events if not records(selectors, event)]
