"""IAM Access Analyzer (CIS AWS 1.20): an analyzer in every region."""

from srmscan.check import check, failed, passed

ACCOUNT = "aws.account"


@check(id="aws.accessanalyzer.enabled", title="IAM Access Analyzer is active in the region", severity="low",
       resource_type="aws.region", reads=("access_analyzers",),
       rationale="Access Analyzer finds resources shared outside the account or organisation in this region.",
       remediation="`aws accessanalyzer create-analyzer --analyzer-name default --type ACCOUNT` in each region.")
def access_analyzer_enabled(region, snapshot):
    analyzers = region.config["access_analyzers"]
    active = [a["name"] for a in analyzers if a.get("status") == "ACTIVE"]
    if active:
        return passed(f"active analyzer(s): {', '.join(active)}", analyzers=analyzers)
    return failed("no active IAM Access Analyzer in the region", analyzers=analyzers)
