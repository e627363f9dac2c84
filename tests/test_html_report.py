"""The HTML report (--format html / --html FILE), opened in headless Chromium: no console error, no
network request, the coverage matrix, filters and search giving the right row counts, details that
expand, hostile resource names staying text, and 20,000 results paged. Screenshots are saved in each
test's folder (report.png)."""

from __future__ import annotations

import copy
import json
import time
from pathlib import Path

import pytest

from browser import chromium, console_errors, requested_urls
from conftest import REPO, run_cli

DEMO = [str(REPO / "fixtures" / "demo" / f"{name}.json") for name in ("aws", "azure", "gcp")]
HOSTILE = ('<script>document.title="pwned"</script><img src=x onerror="document.title=\'pwned\'">'
           '\x1b[31mred\x1b[0m \u202egpj.exe')


@pytest.fixture
def browser(tmp_path):
    driver = chromium(tmp_path)
    yield driver
    driver.quit()


def report_files(tmp_path: Path, *snapshots: str) -> tuple[Path, dict]:
    html, as_json = tmp_path / "report.html", tmp_path / "report.json"
    result = run_cli("evaluate", *snapshots, "--html", str(html), "--json", str(as_json))
    assert result.returncode in (0, 1, 3), result.stderr
    return html, json.loads(as_json.read_text())


def open_report(driver, html: Path) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get("about:blank")   # away from the browser's start page, whose requests are not the report's
    requested_urls(driver)
    console_errors(driver)
    driver.get(html.as_uri())
    WebDriverWait(driver, 30).until(lambda d: d.find_element("tag name", "body").get_attribute("data-ready") == "true")


def matching(driver) -> int:
    return int(driver.find_element("id", "counts").get_attribute("data-matching"))


def rows(driver) -> list:
    return driver.find_elements("css selector", "#findings tbody tr.row")


def choose(driver, select_id: str, value: str) -> None:
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element("id", select_id)).select_by_value(value)


def searchable(finding: dict) -> str:
    resource, duty = finding["resource"], finding["responsibility"]
    return "\n".join([finding["check"]["id"], finding["check"]["title"], resource["name"], resource["id"],
                      finding["message"], resource["account"], resource["region"], duty["id"], duty["name"],
                      resource["type"]]).lower()


def test_demo_report_in_chromium(browser, tmp_path):
    html, report = report_files(tmp_path, *DEMO)
    findings = report["findings"]
    open_report(browser, html)
    browser.save_screenshot(str(tmp_path / "report.png"))

    assert console_errors(browser) == []
    assert set(requested_urls(browser)) == {html.as_uri()}   # the page itself, nothing else
    assert browser.execute_script("return document.querySelectorAll('script:not([type])').length") == 1

    # the matrix: every duty x provider, each cell named by the provider's own layer
    cells = browser.find_elements("css selector", "#matrix button.cell")
    duties, providers = report["coverage"]["duties"], report["coverage"]["providers"]
    assert len(cells) == len(duties) * len(providers) == 18 * 3
    assert matching(browser) == len(findings) and len(rows(browser)) == 100   # paged
    azure_access = next(c for c in cells if c.get_attribute("data-provider") == "azure"
                        and c.get_attribute("data-duty") == "data-access-sharing")
    assert azure_access.text.startswith("FAIL") and "Information and data" in azure_access.text
    azure_access.click()
    in_cell = [f for f in findings if f["resource"]["provider"] == "azure"
               and f["responsibility"]["id"] == "data-access-sharing"]
    assert matching(browser) == len(rows(browser)) == len(in_cell) > 0

    # filters and search
    browser.find_element("id", "reset").click()
    choose(browser, "f-status", "FAIL")
    choose(browser, "f-severity", "critical")
    critical = [f for f in findings if f["status"] == "FAIL" and f["check"]["severity"] == "critical"]
    assert matching(browser) == len(critical) > 0
    browser.find_element("id", "reset").click()
    choose(browser, "f-provider", "gcp")
    choose(browser, "f-status", "PASS")
    assert matching(browser) == len([f for f in findings if f["resource"]["provider"] == "gcp"
                                     and f["status"] == "PASS"]) > 0
    browser.find_element("id", "reset").click()
    browser.find_element("id", "search").send_keys("Public")
    wanted = [f for f in findings if "public" in searchable(f)]
    time.sleep(0.4)   # the search box waits for typing to pause
    assert matching(browser) == len(wanted) > 0

    # a row expands to its evidence, controls, remediation and the provider's SRM citation
    first = rows(browser)[0]
    fingerprint = first.get_attribute("data-fingerprint")
    first.click()
    details = browser.find_element("css selector", "#findings tr.details").text
    assert "Remediation" in details and "Shared responsibility" in details and "Evidence" in details
    shown = next(f for f in findings if f["fingerprint"] == fingerprint)
    assert "Controls" in details and shown["controls"]
    assert all(f"{c['framework']} {c['id']}" in details for c in shown["controls"])
    assert shown["responsibility"]["provider_model"] in details and shown["remediation"][:40] in details
    browser.save_screenshot(str(tmp_path / "report-filtered.png"))
    assert console_errors(browser) == [] and requested_urls(browser) == []


def test_hostile_resource_names_stay_text(browser, tmp_path):
    snapshot = json.loads(Path(DEMO[0]).read_text())
    bucket = next(r for r in snapshot["resources"] if r["type"] == "aws.s3.bucket" and r["name"] == "acme-public-website")
    bucket["name"] = HOSTILE
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(snapshot))
    html, report = report_files(tmp_path, str(hostile))
    page = html.read_text()
    assert "<script>document.title" not in page and "</script><img" not in page   # escaped inside the JSON

    open_report(browser, html)
    assert "pwned" not in browser.title
    assert console_errors(browser) == []
    assert set(requested_urls(browser)) == {html.as_uri()}   # the <img src=x> was never an element
    browser.find_element("id", "search").send_keys("<script>")
    time.sleep(0.4)
    expected = len([f for f in report["findings"] if f["resource"]["id"] == bucket["id"]])
    assert matching(browser) == expected > 0
    shown = rows(browser)[0].find_elements("tag name", "td")[3].text
    assert shown.startswith('<script>document.title="pwned"</script><img src=x onerror=')
    assert "\\x1b[31mred\\x1b[0m \\u202egpj.exe" in shown   # escapes and the bidi override made visible
    assert browser.execute_script("return document.images.length") == 0
    browser.save_screenshot(str(tmp_path / "report.png"))


def test_scopes_that_could_not_be_read_are_listed(browser, tmp_path):
    snapshot = json.loads(Path(DEMO[0]).read_text())
    snapshot["errors"] = [{"scope": "sts:AssumeRole into arn:aws:iam::210987654321:role/audit", "code": "AccessDenied",
                           "message": "account 210987654321 could not be entered: <b>denied</b>",
                           "account": "210987654321"}]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(snapshot))
    html, _report = report_files(tmp_path, str(broken))
    open_report(browser, html)
    rows_text = [row.text for row in browser.find_elements("css selector", "#collection-errors tbody tr")]
    assert rows_text == ["aws 210987654321 sts:AssumeRole into arn:aws:iam::210987654321:role/audit AccessDenied: "
                         "account 210987654321 could not be entered: <b>denied</b>"]
    assert console_errors(browser) == []


def test_twenty_thousand_results_are_paged(browser, tmp_path):
    snapshot = json.loads(Path(DEMO[0]).read_text())
    template = next(r for r in snapshot["resources"] if r["name"] == "acme-public-website")
    buckets = []
    for i in range(2300):   # x 9 S3 checks
        bucket = copy.deepcopy(template)
        bucket["id"], bucket["name"] = f"arn:aws:s3:::bulk-{i:05d}", f"bulk-{i:05d}"
        buckets.append(bucket)
    snapshot["resources"] = [r for r in snapshot["resources"] if r["type"] != "aws.s3.bucket"] + buckets
    big = tmp_path / "big.json"
    big.write_text(json.dumps(snapshot))
    html, report = report_files(tmp_path, str(big))
    assert len(report["findings"]) >= 20000
    started = time.perf_counter()
    open_report(browser, html)
    loaded = time.perf_counter() - started
    assert matching(browser) == len(report["findings"]) and len(rows(browser)) == 100
    first_page = rows(browser)[0].get_attribute("data-fingerprint")
    browser.find_element("id", "next").click()
    assert len(rows(browser)) == 100 and rows(browser)[0].get_attribute("data-fingerprint") != first_page
    assert "Page 2 of " in browser.find_element("id", "pager").text
    started = time.perf_counter()
    browser.find_element("id", "search").send_keys("bulk-0123")
    time.sleep(0.4)
    assert matching(browser) == len([f for f in report["findings"] if "bulk-0123" in f["resource"]["name"]])
    filtered = time.perf_counter() - started - 0.4
    assert console_errors(browser) == []
    print(f"{len(report['findings'])} results: page ready in {loaded:.2f} s, search answered in {filtered:.2f} s")


def test_compliance_section_links_each_requirement_to_its_results(browser, tmp_path):
    html, as_json = tmp_path / "report.html", tmp_path / "report.json"
    result = run_cli("evaluate", DEMO[0], "--compliance", "cis-aws-5.0", "--html", str(html), "--json", str(as_json))
    assert result.returncode == 1, result.stderr
    report = json.loads(as_json.read_text())
    open_report(browser, html)
    rows_shown = browser.find_elements("css selector", "#compliance tr.requirement")
    [framework] = report["compliance"]
    assert len(rows_shown) == len(framework["requirements"])
    # a requirement with failures: clicking it lists exactly the results of the checks covering it
    wanted = next(r for r in framework["requirements"] if r["status"] == "fail" and len(r["checks"]) > 1) \
        if any(r["status"] == "fail" and len(r["checks"]) > 1 for r in framework["requirements"]) else \
        next(r for r in framework["requirements"] if r["status"] == "fail")
    row = browser.find_element("css selector", f'#compliance tr[data-requirement="{wanted["id"]}"]')
    assert row.find_element("css selector", ".req").text == "fail"
    assert set(requested_urls(browser)) == {html.as_uri()}
    browser.execute_script("document.getElementById('compliance-section').scrollIntoView()")
    browser.save_screenshot(str(tmp_path / "report-compliance-section.png"))
    row.click()
    time.sleep(0.2)
    expected = [f for f in report["findings"] if f["check"]["id"] in wanted["checks"]]
    assert matching(browser) == len(expected) == sum(wanted["counts"][k] for k in ("PASS", "FAIL", "ERROR", "waived"))
    assert "cis-aws-5.0 " + wanted["id"] in browser.find_element("id", "requirement-filter").text
    browser.save_screenshot(str(tmp_path / "report-compliance.png"))
    browser.find_element("id", "reset").click()
    time.sleep(0.2)
    assert matching(browser) == len(report["findings"])
    assert console_errors(browser) == [] and requested_urls(browser) == []
