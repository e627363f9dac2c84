"""API keys of the project (metadata only; the key string is never read)."""

from srmscan.analysis.iam_credentials import days_between
from srmscan.check import check, failed, passed, undetermined

KEY = "gcp.apikeys.key"
ALL_GOOGLE_APIS = "cloudapis.googleapis.com"


@check(id="gcp.apikeys.no_api_keys", severity="low", resource_type=KEY, reads=("created",),
       title="The project uses no API keys",
       rationale="An API key identifies no user or workload and is easily copied from a client; the benchmark asks "
                 "for standard authentication instead (a Level 2 recommendation).",
       remediation="Move the callers to service accounts or OAuth, then `gcloud services api-keys delete KEY`.")
def no_api_keys(key, snapshot):
    return failed(f"API key {key.name} exists")


@check(id="gcp.apikeys.key_api_restricted", severity="medium", resource_type=KEY, reads=("api_targets",),
       title="API key is restricted to the APIs its application needs",
       rationale="An unrestricted key works against every enabled API of the project.",
       remediation="`gcloud services api-keys update KEY --api-target=service=SERVICE` for each API the application "
                   "calls (not cloudapis.googleapis.com).")
def key_api_restricted(key, snapshot):
    targets = key.config["api_targets"]
    if not targets:
        return failed("no API restriction: the key works against every enabled API")
    if ALL_GOOGLE_APIS in targets:
        return failed("restricted to cloudapis.googleapis.com, which is every Google Cloud API")
    return passed(f"restricted to {', '.join(targets)}")


@check(id="gcp.apikeys.key_rotated_90_days", severity="medium", resource_type=KEY,
       reads=("created", "account.read_at"), params={"key_rotation_days": 90},
       title="API key is younger than 90 days",
       rationale="A key that is never regenerated stays usable wherever it leaked.",
       remediation="Create a replacement key with the same restrictions, move the application, delete the old key.")
def key_rotated_90_days(key, snapshot):
    now = snapshot.account(key).config["read_at"]
    age = days_between(key.config["created"], now)
    if age is None:
        return undetermined(f"no readable creation time ({key.config['created']!r})")
    if age >= snapshot.param("key_rotation_days"):
        return failed(f"created {age} days ago", age_days=age, as_of=now)
    return passed(f"created {age} days ago", age_days=age, as_of=now)
