"""Amazon Macie (regional): whether Macie is on in the region, whether automated sensitive data discovery
is on, and the sensitivity Macie gives each S3 bucket of the region (its bucket inventory).

Macie answers GetMacieSession with AccessDeniedException "Macie is not enabled." when it is off in the
region (and some emulators with ResourceNotFoundException): that is a setting, recorded as status
"DISABLED". Any other denial (the caller lacks macie2:GetMacieSession) stays an error, so the checks say
ERROR rather than "Macie is off".
"""

from __future__ import annotations

from typing import Any

import botocore.exceptions

from srmscan.providers.aws.declare import REGION_TYPE, Call
from srmscan.providers.declare import Read

NOT_ENABLED_MESSAGE = "macie is not enabled"
DISABLED = "DISABLED"


def macie_is_off(exc: botocore.exceptions.ClientError) -> bool:
    """Does this GetMacieSession error say that Macie is off in the region (rather than access denied)?"""
    error = exc.response.get("Error", {})
    code, message = error.get("Code"), str(error.get("Message") or "").strip().lower()
    return code == "ResourceNotFoundException" or (code == "AccessDeniedException"
                                                   and message.startswith(NOT_ENABLED_MESSAGE))


def _bucket(entry: dict) -> dict[str, Any]:
    return {"account": entry.get("accountId"),
            "sensitivity_score": entry.get("sensitivityScore"), "shared_access": entry.get("sharedAccess"),
            "public": (entry.get("publicAccess") or {}).get("effectivePermission"),
            "monitored": entry.get("automatedDiscoveryMonitoringStatus"), "error": entry.get("errorCode")}


def _macie(client, _params: dict) -> dict[str, Any]:
    """The region's Macie: status, automated discovery status, and its bucket inventory by bucket name (when on;
    bucket names are global, so the name is the key checks look a bucket up by)."""
    try:
        session = client.get_macie_session()
    except botocore.exceptions.ClientError as exc:
        if macie_is_off(exc):
            return {"status": DISABLED, "automated_discovery": None, "buckets": {}}
        raise
    status = session.get("status")
    if status != "ENABLED":
        return {"status": status, "automated_discovery": None, "buckets": {}}
    discovery = client.get_automated_discovery_configuration().get("status")
    pages = client.get_paginator("describe_buckets").paginate()
    buckets = {entry.get("bucketName"): _bucket(entry) for page in pages for entry in page.get("buckets", [])}
    return {"status": status, "automated_discovery": discovery, "buckets": buckets}


TYPES = ()
SCOPE_READS = {REGION_TYPE: (
    Read("macie", Call("get_macie_session", service="macie2", call=_macie),
         ("macie2:GetMacieSession", "macie2:GetAutomatedDiscoveryConfiguration", "macie2:DescribeBuckets")),
)}
