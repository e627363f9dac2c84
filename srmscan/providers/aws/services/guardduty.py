"""GuardDuty (regional): whether the region has a detector, its status, and its protection plans (the detector's
features, each with its additional configuration: the agents GuardDuty manages)."""

from __future__ import annotations

from srmscan.providers.aws.declare import REGION_TYPE, Call
from srmscan.providers.declare import Read


def _features(detector: dict) -> dict[str, dict]:
    """Feature name -> {"status", "additional": {configuration name -> status}}; absent when the answer has none."""
    return {f["Name"]: {"status": f.get("Status"),
                        "additional": {a["Name"]: a.get("Status") for a in f.get("AdditionalConfiguration") or []}}
            for f in detector.get("Features") or []}


def _detectors(client, _params: dict) -> list[dict]:
    """Every detector of the region (one at most in practice) with its status and protection plans."""
    ids = [i for page in client.get_paginator("list_detectors").paginate() for i in page.get("DetectorIds", [])]
    detectors = [(i, client.get_detector(DetectorId=i)) for i in ids]
    return [{"id": i, "status": d.get("Status"), "features": _features(d)} for i, d in detectors]


TYPES = ()
SCOPE_READS = {REGION_TYPE: (
    Read("guardduty_detectors", Call("list_detectors", service="guardduty", call=_detectors),
         ("guardduty:ListDetectors", "guardduty:GetDetector")),
)}
