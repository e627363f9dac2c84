"""BigQuery datasets (PaaS): who may read them and which key encrypts new tables."""

from srmscan.check import check, failed, judged, passed

DATASET = "gcp.bigquery.dataset"


@check(id="gcp.bigquery.dataset_not_public", severity="critical", resource_type=DATASET, reads=("dataset",),
       title="The BigQuery dataset is not readable by allUsers or allAuthenticatedUsers",
       rationale="An access entry for allUsers or allAuthenticatedUsers lets anyone (with any Google account) "
                 "query the dataset's tables.",
       remediation="Remove the allUsers / allAuthenticatedUsers entries from the dataset's sharing "
                   "(`bq show --format=prettyjson`, edit `access`, `bq update --source FILE DATASET`).")
def dataset_not_public(dataset, snapshot):
    public = dataset.config["dataset"]["public_access"]
    if public:
        return failed("readable by " + ", ".join(f"{e['member']} ({e['role']})" for e in public), access=public)
    return passed("no access entry for allUsers or allAuthenticatedUsers")


@check(id="gcp.bigquery.dataset_default_cmek", severity="low", resource_type=DATASET, reads=("dataset",),
       title="The BigQuery dataset has a default customer-managed encryption key",
       rationale="With a default Cloud KMS key, every new table is encrypted with a key the customer controls "
                 "(and can disable or destroy), not only Google's default encryption.",
       remediation="`bq update --default_kms_key projects/P/locations/L/keyRings/R/cryptoKeys/K DATASET`.")
def dataset_default_cmek(dataset, snapshot):
    key = dataset.config["dataset"]["default_kms_key"]
    if key:
        return passed(f"default key {key}", kms_key=key)
    return failed("no default customer-managed key: new tables use Google's default encryption")


@check(id="gcp.bigquery.table_cmek", severity="medium", resource_type="gcp.bigquery.table",
       reads=("table_type", "table"), title="BigQuery table is encrypted with a customer-managed key",
       rationale="With a Cloud KMS key the owner controls, rotates and can revoke the key protecting the table's "
                 "data; a dataset default applies only to tables created after it was set.",
       remediation="Recreate or copy the table with `--destination_kms_key`, and set the dataset's default key.")
def table_cmek(table, snapshot):
    if table.config["table_type"] in ("VIEW", "MATERIALIZED_VIEW", "EXTERNAL"):
        return passed(f"{table.config['table_type']}: no data of its own to encrypt")
    key = table.config["table"]["kms_key"]
    return judged(key, f"encrypted with {key}", "Google-managed encryption only")
