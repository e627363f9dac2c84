"""IAM Access Analyzer (regional): the analyzers of each region."""

from srmscan.providers.aws.reads import Read

KINDS = ()
ACCOUNT_READS = ()
REGION_READS = (
    Read("access_analyzers", "list_analyzers", "access-analyzer:ListAnalyzers",
         lambda r: [{"name": a["name"], "type": a["type"], "status": a["status"]} for a in r.get("analyzers", [])],
         service="accessanalyzer", pages=True),
)
