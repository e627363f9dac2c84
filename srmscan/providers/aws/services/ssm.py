"""Systems Manager (regional): the account's own SSM documents and whom each is shared with; which EC2
instances Systems Manager manages (DescribeInstanceInformation) and their patch compliance
(ListResourceComplianceSummaries, compliance type Patch); whether the region blocks public sharing of documents."""

from __future__ import annotations

from srmscan.providers.aws.declare import REGION_TYPE, REGIONAL, Call, arn, fields, item
from srmscan.providers.declare import Listing, Read, ResourceType

DOCUMENT = ResourceType(
    type="aws.ssm.document",
    service="ssm",
    scope=REGIONAL,
    listing=Listing(Call("list_documents", params={"Filters": [{"Key": "Owner", "Values": ["Self"]}], "MaxResults": 50}),
                    "ssm:ListDocuments", lambda page: page.get("DocumentIdentifiers", [])),
    identity=lambda d, scope: (arn(scope, "ssm", f"document/{d['Name']}"), d["Name"]),
    config=fields({"document_type": item("DocumentType")}),
    reads=(
        Read("shared_with", Call("describe_document_permission", params=lambda doc: {"Name": doc.name,
                                                                                     "PermissionType": "Share"}),
             "ssm:DescribeDocumentPermission", lambda r: sorted(r.get("AccountIds") or [])),
    ),
)

PATCH = {"Filters": [{"Key": "ComplianceType", "Values": ["Patch"], "Type": "EQUAL"}]}
PUBLIC_SHARING = "/ssm/documents/console/public-sharing-permission"   # "Enable" (the default) or "Disable"


def _managed(answer: dict) -> dict[str, str]:
    """EC2 instance id -> the agent's ping status (Online, ConnectionLost, Inactive)."""
    return {i["InstanceId"]: i.get("PingStatus") for i in answer.get("InstanceInformationList", [])
            if i.get("ResourceType", "EC2Instance") == "EC2Instance"}


def _patch_compliance(answer: dict) -> dict[str, dict]:
    """Resource id -> its Patch compliance: status, missing patches and their worst severity."""
    return {item["ResourceId"]: {"status": item["Status"],
                                 "non_compliant": (item.get("NonCompliantSummary") or {}).get("NonCompliantCount", 0),
                                 "severity": item.get("OverallSeverity")}
            for item in answer.get("ResourceComplianceSummaryItems", [])
            if item.get("ComplianceType", "Patch") == "Patch" and item.get("ResourceType", "ManagedInstance")
            == "ManagedInstance"}


TYPES = (DOCUMENT,)
SCOPE_READS = {REGION_TYPE: (
    Read("ssm_managed_instances", Call("describe_instance_information", service="ssm", pages=True),
         "ssm:DescribeInstanceInformation", _managed),
    Read("ssm_document_public_sharing", Call("get_service_setting", service="ssm", params={"SettingId": PUBLIC_SHARING}),
         "ssm:GetServiceSetting", lambda r: r["ServiceSetting"].get("SettingValue")),
    Read("ssm_patch_compliance", Call("list_resource_compliance_summaries", service="ssm", params=PATCH, pages=True),
         "ssm:ListResourceComplianceSummaries", _patch_compliance),
)}
