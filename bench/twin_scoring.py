"""Scoring srmscan and Prowler on the same twin corpus (a misconfigured and a correct resource per concept),
per CIS recommendation: shared by bench/prowler_gcp_twins.py and bench/prowler_azure_twins.py.

Ground truth: the corpus' expected FAILs, PASS for every other resource srmscan judged. For every CIS id both
tools map a check to, each twin counts for a tool as caught / missed (misconfigured) or false alarm /
confirmed (correct); Prowler's verdict on a resource is FAIL if any of its findings under that CIS id on it
failed, PASS if all passed. A correct twin a tool says nothing about (an engine its check does not look at) is
neither. Prowler is scored by its own CIS mapping (its compliance file), so its mapping errors count.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path


def command_line(doc: str) -> tuple[argparse.Namespace, Path, str]:
    """The comparison scripts' options; the output folder and the proxy CA's path in it."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--prowler", required=True, help="path of a prowler executable (a throwaway virtualenv)")
    parser.add_argument("--keep", help="folder to keep Prowler's output and the request log in")
    options = parser.parse_args()
    out = Path(options.keep or tempfile.mkdtemp(prefix="prowler-twins-"))
    out.mkdir(parents=True, exist_ok=True)
    return options, out, str(out / "ca.pem")


def srmscan_verdicts(args: list[str], framework: str, env: dict | None = None):
    """Run `srmscan scan ...`; (check, resource name, account) -> status, check -> its ids in `framework`."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "srmscan", "scan", *args, "--format", "json"],
                            capture_output=True, text=True, env={**os.environ, **(env or {})})
    wall = time.perf_counter() - start
    report = json.loads(result.stdout)
    verdicts = {(f["check"]["id"], f["resource"]["name"], f["resource"]["account"]): f["status"]
                for f in report["findings"]}
    cis = {f["check"]["id"]: [c["id"] for c in f["controls"] if c["framework"] == framework]
           for f in report["findings"]}
    return verdicts, cis, wall


def prowler_findings(prowler: str, args: list[str], env: dict, out: Path):
    """Run Prowler with OCSF output into `out`; its findings and wall time."""
    path, log = out / "prowler.ocsf.json", out / "prowler.log"
    path.unlink(missing_ok=True)   # Prowler appends to an existing report and log
    log.unlink(missing_ok=True)
    start = time.perf_counter()
    result = subprocess.run([prowler, *args, "-M", "json-ocsf", "-o", str(out), "-F", "prowler", "--no-banner", "-z",
                             "--log-level", "ERROR", "--log-file", str(log)], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if not path.exists():
        sys.exit(f"Prowler wrote no findings (exit {result.returncode}): {result.stderr[-2000:]}")
    return json.loads(path.read_text()), wall


def proxy_env(proxy_url: str, ca: str, drop: tuple[str, ...]) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop + ("HTTP", "NO_PROXY"))}
    env.update({"HTTPS_PROXY": proxy_url, "https_proxy": proxy_url, "REQUESTS_CA_BUNDLE": ca, "SSL_CERT_FILE": ca})
    return env


def names_of(finding: dict, aliases: dict[str, set[str]]) -> set[str]:
    """The names a Prowler finding's resource goes by, plus what it stands for in srmscan's terms."""
    names = set()
    for resource in finding.get("resources", []):
        for value in (resource.get("name"), resource.get("uid")):
            if value:
                names |= {value, value.rsplit("/", 1)[-1]}
                account = re.search(r"serviceAccounts/([^/]+)", value)
                if account:
                    names.add(account.group(1))
    return names.union(*(aliases[n] for n in names if n in aliases))


def tally(resources: list, truth: dict, verdict_of) -> dict[str, int]:
    """Separated: every misconfigured twin failed, no correct twin failed, and a correct twin (when the corpus
    has one for the id) passed."""
    counts = {"caught": 0, "missed": 0, "false_alarms": 0, "passes_confirmed": 0}
    for key in resources:
        verdict = verdict_of(key)
        if truth[key] == "FAIL":
            counts["caught" if verdict == "FAIL" else "missed"] += 1
        elif verdict == "FAIL":
            counts["false_alarms"] += 1
        elif verdict == "PASS":
            counts["passes_confirmed"] += 1
    has_correct_twin = any(truth[key] == "PASS" for key in resources)
    counts["separated"] = int(not counts["missed"] and not counts["false_alarms"] and counts["caught"] > 0
                              and (counts["passes_confirmed"] > 0 or not has_correct_twin))
    return counts


def score(truth: dict, ours: dict, our_cis: dict, theirs: list[dict], aliases: dict[str, set[str]], prowler_key: str):
    """Per CIS id (Prowler's compliance key such as "CIS-5.0"): both tools' tallies and Prowler's differences.
    An account-level srmscan result takes all of Prowler's findings in that account; where srmscan judges only
    items (API keys) and Prowler the account, the account's verdict is the items'."""
    by_cis: dict[str, list[tuple[set, str, str, str]]] = defaultdict(list)
    for finding in theirs:
        if finding.get("status_code") in ("PASS", "FAIL"):
            compliance = finding.get("unmapped", {}).get("compliance", {}) or {}
            for cis_id in compliance.get(prowler_key, []):
                by_cis[cis_id].append((names_of(finding, aliases), finding["status_code"],
                                       finding["metadata"]["event_code"], finding["cloud"]["account"]["uid"]))
    rows, totals, differences = [], defaultdict(int), []
    for cis_id in sorted({i for ids in our_cis.values() for i in ids}, key=_cis_order):
        resources = [key for key in truth if cis_id in our_cis.get(key[0], [])]
        if not any(truth[key] == "FAIL" for key in resources):
            continue
        found = by_cis.get(cis_id, [])
        judged_per_account = any(name == account for _, name, account in resources)

        def prowler_verdict(key):
            _, name, account = key
            statuses = {status for names, status, _, _ in found if name in names}
            if not statuses and name == account:
                statuses = {status for _, status, _, where in found if where == account}
            if not statuses and not judged_per_account:
                statuses = {status for names, status, _, where in found if where == account and account in names}
            return "FAIL" if "FAIL" in statuses else "PASS" if statuses else None

        mine, theirs_ = tally(resources, truth, ours.get), tally(resources, truth, prowler_verdict)
        for key in resources:
            verdict = prowler_verdict(key)
            if (truth[key] == "FAIL" and verdict != "FAIL") or (truth[key] == "PASS" and verdict == "FAIL"):
                differences.append((cis_id, key[1], truth[key], verdict or "nothing"))
        checks = sorted({check for _, _, check, _ in found})
        rows.append((cis_id, len(resources), sum(truth[k] == "FAIL" for k in resources), mine, theirs_, checks))
        totals["cis_ids"] += 1
        totals["prowler_has_a_check"] += bool(checks)
        for tool, counts in (("srmscan", mine), ("prowler", theirs_)):
            for name, value in counts.items():
                totals[f"{tool}_{name}"] += value
    return rows, dict(totals), differences


def _cis_order(cis_id: str) -> list[int]:
    return [int(part) for part in cis_id.split(".") if part.isdigit()]


def print_report(rows, totals, differences, **figures) -> None:
    print("caught/missed misconfigured twins, false alarms on correct twins, correct twins confirmed; * = separated")
    print(f"{'CIS':<8} {'twins':>5} {'bad':>3}  {'srmscan':<13} {'prowler':<13} prowler checks")
    for cis_id, count, fails, mine, theirs_, checks in rows:
        def cell(c):
            return f"{c['caught']}/{c['missed']} {c['false_alarms']} {c['passes_confirmed']}{'*' if c['separated'] else ''}"
        print(f"{cis_id:<8} {count:>5} {fails:>3}  {cell(mine):<13} {cell(theirs_):<13} {', '.join(checks) or '-'}")
    print("\nwhere Prowler's verdict differs from the twins' (CIS, resource, truth, Prowler):")
    for cis_id, name, expected, got in differences:
        print(f"  {cis_id:<7} {name:<40} {expected:<4} {got}")
    print(json.dumps({**totals, **figures}, indent=1))


def write_request_log(proxy, out: Path) -> None:
    (out / "requests.json").write_text(json.dumps(
        {"answered": [f"{h} {r} x{n}" for (h, r), n in sorted(proxy.requests.items())],
         "not_served": [f"{h} {r}" for (h, r) in sorted(proxy.unanswered)]}, indent=1))


def score_and_report(truth, ours, our_cis, theirs, aliases, prowler_key: str, our_wall: float, their_wall: float,
                     proxy, out: Path) -> None:
    rows, totals, differences = score(truth, ours, our_cis, theirs, aliases, prowler_key)
    print_report(rows, totals, differences, srmscan_wall_s=round(our_wall, 2), prowler_wall_s=round(their_wall, 2),
                 prowler_findings=len(theirs), proxy_requests=sum(proxy.requests.values()), output=str(out))
