"""JUnit XML for CI test-report views (GitLab, Jenkins, Azure DevOps, GitHub test reporters): one test suite per
check, one test case per check x resource. FAIL is a <failure>, ERROR an <error> (the check could not decide), a
waived failure is <skipped> with its waiver; PASS is a plain test case. Scopes that could not be read are test
cases with an <error> in a suite of their own, so an incomplete scan never reads as all green. Every text from
an account has control characters shown as escapes (XML 1.0 cannot carry them) and is escaped by the writer."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import groupby
from typing import Any

from srmscan.check import Status
from srmscan.findings import Finding, Report
from srmscan.terminal import clean

DESCRIPTION = "JUnit XML, one test case per check x resource (CI test-report views)"
NOT_READ_SUITE = "srmscan.collection_errors"


def render(report: Report, color: bool = False, **_options) -> str:
    root = ET.Element("testsuites", name="srmscan")
    findings = sorted(report.findings, key=lambda f: (f.check["id"], f.resource["id"]))
    for check_id, group in groupby(findings, key=lambda f: f.check["id"]):
        suite = ET.SubElement(root, "testsuite", name=clean(check_id), timestamp=report.generated_at)
        for finding in group:
            _case(suite, finding)
        _count(suite)
    if report.collection_errors:
        suite = ET.SubElement(root, "testsuite", name=NOT_READ_SUITE, timestamp=report.generated_at)
        for error in report.collection_errors:
            case = ET.SubElement(suite, "testcase", classname=NOT_READ_SUITE,
                                 name=clean(f"{error['provider']}/{error.get('account', '')}/{error['scope']}"))
            ET.SubElement(case, "error", message=clean(f"{error['code']}: {error['message']}"), type="NotRead")
        _count(suite)
    _count(root)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _case(suite: ET.Element, finding: Finding) -> None:
    resource = finding.resource
    case = ET.SubElement(suite, "testcase", classname=clean(finding.check["id"]),
                         name=clean(f"{resource['provider']}/{resource['account']}/{resource['region']}/{resource['name']}"),
                         time="0")
    message = clean(finding.message)
    if finding.status is Status.FAIL and finding.waiver is not None:
        ET.SubElement(case, "skipped", message=clean(f"waived {finding.waiver.describe()}: {finding.message}"))
    elif finding.status is Status.FAIL:
        failure = ET.SubElement(case, "failure", message=message, type=finding.severity)
        failure.text = clean(f"{finding.check['title']}\n{finding.message}\nresource: {resource['id']}\n"
                             f"duty: {finding.responsibility['name']}\nremediation: {finding.remediation}")
    elif finding.status is Status.ERROR:
        ET.SubElement(case, "error", message=message, type="Undetermined")


def _count(element: ET.Element) -> None:
    cases: list[Any] = element.findall(".//testcase")
    element.set("tests", str(len(cases)))
    for kind, attribute in (("failure", "failures"), ("error", "errors"), ("skipped", "skipped")):
        element.set(attribute, str(sum(1 for case in cases if case.find(kind) is not None)))
    element.set("time", "0")
