"""VPC Service Controls (conditional access to Google APIs): whether the project's data services sit inside an
enforced service perimeter, so stolen credentials cannot copy the data out from anywhere on the internet."""

from srmscan.check import check, failed, passed

PROJECT = "gcp.account"
DATA_SERVICES = ("bigquery.googleapis.com", "storage.googleapis.com")


@check(id="gcp.vpcsc.project_in_perimeter", severity="medium", resource_type=PROJECT, reads=("service_perimeters",),
       title="Project is inside an enforced VPC Service Controls perimeter restricting Cloud Storage and BigQuery",
       rationale="A perimeter makes Cloud Storage and BigQuery answer only requests from inside it (networks, "
                 "projects and access levels the organisation names): a leaked key or token used from elsewhere, or "
                 "a copy to a project outside, is refused.",
       remediation="Add the project to a regular service perimeter of the organisation's access policy that "
                   "restricts storage.googleapis.com and bigquery.googleapis.com; trial it in dry run, then enforce.")
def project_in_perimeter(project, snapshot):
    found = project.config["service_perimeters"]
    if found["organization"] is None:
        return failed("the project is in no organisation, and VPC Service Controls need one")
    regular = [p for p in found["perimeters"] if p["type"] == "PERIMETER_TYPE_REGULAR"]
    enforced = [p for p in regular if p["enforced"]]
    if not enforced:
        dry = [p["title"] for p in regular if p["dry_run"]]
        return failed("in no enforced service perimeter" + (f" (only in dry run: {', '.join(dry)})" if dry else ""))
    restricted = sorted({s for p in enforced for s in p["restricted"]})
    missing = [s for s in DATA_SERVICES if s not in restricted]
    names = ", ".join(p["title"] for p in enforced)
    if missing:
        return failed(f"perimeter {names} does not restrict {', '.join(missing)}", restricted=restricted)
    return passed(f"perimeter {names} restricts {', '.join(DATA_SERVICES)}", restricted=restricted)
