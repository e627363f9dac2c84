"""Table tests: which events a trail records, from classic and advanced event selectors."""

import pytest

from srmscan.analysis.cloudtrail_selectors import management_events, missed, records, s3_object_event

WRITE = {"eventCategory": "Management", "eventSource": "iam.amazonaws.com", "readOnly": "false", "eventName": "X"}
READ = {**WRITE, "readOnly": "true"}
KMS = {**WRITE, "eventSource": "kms.amazonaws.com"}
PUT = s3_object_event("payroll", "aws", write=True)
GET = s3_object_event("payroll", "aws", write=False)
OTHER_PUT = s3_object_event("other", "aws", write=True)


def classic(**selector):
    return {"EventSelectors": [selector]}


def advanced(*fields):
    return {"AdvancedEventSelectors": [{"Name": "s", "FieldSelectors": list(fields)}]}


CASES = [
    ("no selectors: AWS default", {}, WRITE, True),
    ("no selectors: no data events", {}, PUT, False),
    ("classic all", classic(ReadWriteType="All", IncludeManagementEvents=True), READ, True),
    ("classic write only misses reads", classic(ReadWriteType="WriteOnly", IncludeManagementEvents=True), READ, False),
    ("classic read only misses writes", classic(ReadWriteType="ReadOnly", IncludeManagementEvents=True), WRITE, False),
    ("classic management off", classic(ReadWriteType="All", IncludeManagementEvents=False), WRITE, False),
    ("classic excluded source", classic(ReadWriteType="All", IncludeManagementEvents=True,
                                        ExcludeManagementEventSources=["kms.amazonaws.com"]), KMS, False),
    ("classic data all buckets (arn:aws:s3)", classic(DataResources=[{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}]),
     PUT, True),
    ("classic data all buckets (arn:aws:s3:::)",
     classic(DataResources=[{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::"]}]), PUT, True),
    ("classic data this bucket", classic(DataResources=[{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::payroll/"]}]),
     PUT, True),
    ("classic data other bucket", classic(DataResources=[{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::payroll/"]}]),
     OTHER_PUT, False),
    ("classic data prefix only", classic(DataResources=[{"Type": "AWS::S3::Object",
                                                         "Values": ["arn:aws:s3:::payroll/reports/"]}]), PUT, False),
    ("classic data write only misses reads", classic(ReadWriteType="WriteOnly", DataResources=[
        {"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}]), GET, False),
    ("advanced management", advanced({"Field": "eventCategory", "Equals": ["Management"]}), READ, True),
    ("advanced management writes only", advanced({"Field": "eventCategory", "Equals": ["Management"]},
                                                 {"Field": "readOnly", "Equals": ["false"]}), READ, False),
    ("advanced excludes kms", advanced({"Field": "eventCategory", "Equals": ["Management"]},
                                       {"Field": "eventSource", "NotEquals": ["kms.amazonaws.com"]}), KMS, False),
    ("advanced s3 objects", advanced({"Field": "eventCategory", "Equals": ["Data"]},
                                     {"Field": "resources.type", "Equals": ["AWS::S3::Object"]}), PUT, True),
    ("advanced s3 bucket prefix", advanced({"Field": "eventCategory", "Equals": ["Data"]},
                                           {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
                                           {"Field": "resources.ARN", "StartsWith": ["arn:aws:s3:::payroll/"]}), PUT, True),
    ("advanced s3 other bucket excluded", advanced({"Field": "eventCategory", "Equals": ["Data"]},
                                                   {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
                                                   {"Field": "resources.ARN", "NotStartsWith": ["arn:aws:s3:::payroll/"]}),
     PUT, False),
    ("advanced data reads only", advanced({"Field": "eventCategory", "Equals": ["Data"]},
                                          {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
                                          {"Field": "readOnly", "Equals": ["true"]}), PUT, False),
    ("advanced wins over classic", {**classic(ReadWriteType="All", IncludeManagementEvents=True),
                                    **advanced({"Field": "eventCategory", "Equals": ["Data"]})}, WRITE, False),
]


@pytest.mark.parametrize("name,selectors,event,expected", CASES, ids=[c[0] for c in CASES])
def test_selector_semantics(name, selectors, event, expected):
    assert records(selectors, event) is expected


def test_all_management_events_need_reads_and_writes_of_every_source():
    assert missed({}, management_events()) == []
    write_only = missed(classic(ReadWriteType="WriteOnly", IncludeManagementEvents=True), management_events())
    assert write_only and all(e["readOnly"] == "true" for e in write_only)
