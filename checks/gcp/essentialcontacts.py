"""Essential Contacts (CIS GCP 1.17): someone receives Google's security, technical, legal and suspension
notices about the project (its own contacts, or its folders' and organisation's)."""

from srmscan.check import check, judged

PROJECT = "gcp.account"
CATEGORIES = ("SECURITY", "TECHNICAL", "LEGAL", "SUSPENSION", "TECHNICAL_INCIDENTS")


@check(id="gcp.essentialcontacts.configured", severity="medium", resource_type=PROJECT, reads=("essential_contacts",),
       title="Essential Contacts receive every notification category that matters",
       rationale="Google sends security incidents, suspensions and legal notices to Essential Contacts; without "
                 "one per category they reach nobody in charge, or an ex-employee's mailbox.",
       remediation="Set contacts for SECURITY, TECHNICAL, LEGAL, SUSPENSION and TECHNICAL_INCIDENTS (or ALL), ideally "
                   "on the organisation: `gcloud essential-contacts create --email=... --notification-categories=...`.")
def configured(project, snapshot):
    contacts = [c for c in project.config["essential_contacts"] if c["state"] != "INVALID"]
    covered = {category for c in contacts for category in c["categories"]}
    missing = [c for c in CATEGORIES if c not in covered and "ALL" not in covered]
    return judged(not missing, f"{len(contacts)} contact(s) cover every category",
                  f"no contact for {', '.join(missing)}", missing=missing)
