"""IAM Access Analyzer (regional): the analyzers of each region."""

from srmscan.providers.aws.declare import REGION_TYPE, Call
from srmscan.providers.declare import Read

TYPES = ()
SCOPE_READS = {REGION_TYPE: (
    Read("access_analyzers", Call("list_analyzers", service="accessanalyzer", pages=True),
         "access-analyzer:ListAnalyzers",
         lambda r: [{"name": a["name"], "type": a["type"], "status": a["status"]} for a in r.get("analyzers", [])]),
)}
