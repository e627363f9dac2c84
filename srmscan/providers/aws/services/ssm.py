"""Systems Manager (regional): the account's own SSM documents and whom each is shared with."""

from __future__ import annotations

from srmscan.providers.aws.declare import REGIONAL, Call, arn, fields, item
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

TYPES = (DOCUMENT,)
SCOPE_READS: dict = {}
