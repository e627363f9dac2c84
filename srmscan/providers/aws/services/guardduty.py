"""GuardDuty (regional): whether the region has a detector, and its status."""

from __future__ import annotations

from srmscan.providers.aws.declare import REGION_TYPE, Call
from srmscan.providers.declare import Read


def _detectors(client, _params: dict) -> list[dict]:
    """Every detector of the region (one at most in practice) with its status and data sources."""
    ids = [i for page in client.get_paginator("list_detectors").paginate() for i in page.get("DetectorIds", [])]
    return [{"id": i, "status": client.get_detector(DetectorId=i).get("Status")} for i in ids]


TYPES = ()
SCOPE_READS = {REGION_TYPE: (
    Read("guardduty_detectors", Call("list_detectors", service="guardduty", call=_detectors),
         ("guardduty:ListDetectors", "guardduty:GetDetector")),
)}
