"""Waivers: accepted risks, each with a reason, an owner and an expiry date.

File format (`--waivers FILE`, or `.srmscan-waivers.yaml` in the working directory):

    waivers:
      - check: aws.s3.bucket_versioning          # a check id (or a glob of ids)
        resource: "arn:aws:s3:::acme-logs-*"     # the resource id, exact or a glob on the WHOLE id
        reason: Log bucket; objects are write-once
        owner: platform-team@example.com
        expires: 2027-03-31

A waived failing finding stays in every report, marked; it does not count for gating. An expired
waiver no longer applies and is reported as a warning. A malformed file is an error naming the line.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass
from pathlib import Path

from srmscan.check import Status
from srmscan.errors import InputError
from srmscan.findings import Report
from srmscan.yamlfile import LineDict, line_of, load_yaml

DEFAULT_FILE = ".srmscan-waivers.yaml"
FIELDS = ("check", "reason", "owner", "expires")                      # every waiver has them
SCOPES = ("resource", "account", "region", "resource_type")            # at least one, each a glob


@dataclass(frozen=True)
class Waiver:
    check: str
    resource: str
    reason: str
    owner: str
    expires: dt.date
    where: str
    account: str = "*"
    region: str = "*"
    resource_type: str = "*"

    def matches(self, check_id: str, resource: dict) -> bool:
        """Whether the waiver covers `check_id` on `resource` (a finding's resource: id, account, region, type)."""
        return all(fnmatch.fnmatchcase(str(value), pattern) for value, pattern in (
            (check_id, self.check), (resource["id"], self.resource), (resource["account"], self.account),
            (resource["region"], self.region), (resource["type"], self.resource_type)))

    def describe(self) -> str:
        return f"until {self.expires.isoformat()} by {self.owner}: {self.reason}"

    def to_json(self) -> dict[str, str]:
        scopes = {name: getattr(self, name) for name in SCOPES if getattr(self, name) != "*"}
        return {"check": self.check, **scopes, "reason": self.reason, "owner": self.owner,
                "expires": self.expires.isoformat(), "where": self.where}


def waiver_file(explicit: Path | None) -> Path | None:
    """The --waivers file, else the default file in the working directory when it exists."""
    if explicit is not None:
        return explicit
    default = Path(DEFAULT_FILE)
    return default if default.is_file() else None


def load_waivers(path: Path, known_checks: set[str]) -> list[Waiver]:
    data = load_yaml(path, "waiver file")
    if not isinstance(data, LineDict) or not isinstance(data.get("waivers"), list):
        raise InputError(f"{path}:{line_of(data) or 1}: expected a top-level 'waivers:' list")
    waivers = []
    for entry in data["waivers"]:
        line = line_of(entry) or line_of(data["waivers"])
        if not isinstance(entry, LineDict):
            raise InputError(f"{path}:{line}: each waiver must be a mapping with {', '.join(FIELDS)}")
        unknown = sorted(set(map(str, entry)) - set(FIELDS) - set(SCOPES))
        if unknown:
            raise InputError(f"{path}:{entry.line_of(unknown[0])}: unknown waiver field {unknown[0]!r} "
                             f"(fields: {', '.join(FIELDS + SCOPES)})")
        if not any(entry.get(name) not in (None, "") for name in SCOPES):
            raise InputError(f"{path}:{line}: waiver needs at least one of {', '.join(SCOPES)} (what it covers)")
        for name in FIELDS:
            value = entry.get(name)
            if value is None or (isinstance(value, str) and not value.strip()):
                raise InputError(f"{path}:{line}: waiver is missing '{name}' (every waiver needs "
                                 f"{', '.join(FIELDS)})")
        expires = entry["expires"]
        if isinstance(expires, str):
            try:
                expires = dt.date.fromisoformat(expires)
            except ValueError:
                expires = None
        if not isinstance(expires, dt.date) or isinstance(expires, dt.datetime):
            raise InputError(f"{path}:{entry.line_of('expires')}: 'expires' must be a date like 2027-03-31")
        check = str(entry["check"])
        if not any(fnmatch.fnmatchcase(known, check) for known in known_checks):
            raise InputError(f"{path}:{entry.line_of('check')}: waiver names unknown check {check!r}")
        scopes = {name: str(entry.get(name) or "*") for name in SCOPES}
        waivers.append(Waiver(check, scopes["resource"], str(entry["reason"]), str(entry["owner"]), expires,
                              f"{path}:{line}", scopes["account"], scopes["region"], scopes["resource_type"]))
    return waivers


def apply_waivers(report: Report, waivers: list[Waiver], today: dt.date | None = None) -> None:
    today = today or dt.date.today()
    active = [w for w in waivers if w.expires >= today]
    for waiver in waivers:
        if waiver.expires < today:
            report.warnings.append(f"waiver at {waiver.where} for {waiver.check} on {waiver.resource} expired on "
                                   f"{waiver.expires.isoformat()} and no longer applies (owner {waiver.owner})")
    for finding in report.findings:
        if finding.status is not Status.FAIL:
            continue
        waiver = next((w for w in active if w.matches(finding.check["id"], finding.resource)), None)
        if waiver:
            finding.waiver = waiver
