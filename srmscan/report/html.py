"""One self-contained HTML page for people: summary, the responsibility coverage matrix, and every result
with filters, search and details. No network request of any kind: CSS and JS are inline, allowed by
their hashes in a Content-Security-Policy that forbids everything else.

Escaping: the page's own text goes through Jinja2 with autoescaping; the results travel as one JSON
document in a non-executed <script type="application/json"> block, with `<`, `>` and `&` written as
\\u escapes so no value can close the block, and the page's script puts them in the DOM as text only.
Control and invisible format characters (ANSI escapes, bidi overrides) are shown as visible escapes,
as in the terminal.
"""

from __future__ import annotations

import base64
import hashlib
import json
from importlib import resources
from typing import Any

from srmscan import __version__
from srmscan.findings import Finding, Report
from srmscan.terminal import clean

DESCRIPTION = "one self-contained HTML page: coverage matrix, filterable results (for people)"
ASSETS = "html_assets"
_JSON_IN_SCRIPT = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                   0x2028: "\\u2028", 0x2029: "\\u2029"}


def render(report: Report, color: bool = False, **_options) -> str:
    import jinja2

    environment = jinja2.Environment(loader=jinja2.PackageLoader("srmscan.report", ASSETS),
                                     autoescape=True, undefined=jinja2.StrictUndefined)
    css, js = _asset("report.css"), _asset("report.js")
    summary = report.summary()
    return environment.get_template("report.html.j2").render(
        title=", ".join(f"{scan['provider']} {_scopes(scan)}" for scan in report.scans) or "no scan",
        generated_at=report.generated_at,
        version=__version__,
        scans=[{"provider": scan["provider"], "scopes": _scopes(scan), "resources": scan.get("resources", 0),
                "scanned_at": clean(scan.get("scanned_at", "?")),
                "scanned_by": clean(scan.get("scanned_by") or scan.get("source") or "")} for scan in report.scans],
        incomplete=_incomplete(summary),
        collection_errors=[{key: clean(error.get(key, "")) for key in ("provider", "account", "scope", "code", "message")}
                           for error in report.collection_errors],
        css=_markup(css), js=_markup(js), style_hash=_csp_hash(css), script_hash=_csp_hash(js),
        data=_markup(_data_json(report)),
        has_compliance=bool(report.compliance),
        trend=_markup(_trend_svg(report.trend)) if report.trend else "",
    )


def _markup(text: str):
    """Our own CSS, JS and escaped JSON: already safe for their place in the page."""
    from markupsafe import Markup

    return Markup(text)


def _asset(name: str) -> str:
    return resources.files("srmscan.report").joinpath(ASSETS, name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def _scopes(scan: dict[str, Any]) -> str:
    return ", ".join(clean(a) for a in scan.get("accounts") or [])


def _incomplete(summary: dict[str, Any]) -> str:
    parts = []
    if summary["by_status"]["ERROR"]:
        parts.append(f"{summary['by_status']['ERROR']} results could not be judged (status ERROR)")
    if summary["collection_errors"]:
        parts.append(f"{summary['collection_errors']} reads or listings failed (listed below)")
    return ", ".join(parts)


def _data_json(report: Report) -> str:
    data = {"coverage": report.coverage or {"providers": [], "duties": []},
            "findings": [_finding(f) for f in report.findings],
            "compliance": [_framework(f) for f in report.compliance or []]}
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False, default=str).translate(_JSON_IN_SCRIPT)


SEVERITY_COLOURS = {"critical": "#a50e0e", "high": "#d93025", "medium": "#e37400", "low": "#1a73e8"}


def _trend_svg(trend: list[dict[str, Any]]) -> str:
    """Failing results per severity over the stored runs and this one, as inline SVG (markup only: no script, no
    style attribute, so the page's Content-Security-Policy stays as it is). Only numbers and srmscan's own words
    go into it; dates are escaped."""
    from markupsafe import escape

    width, height, left, bottom = 720, 220, 40, 30
    runs = len(trend)
    top = max([sum(r["failing"].values()) for r in trend] + [max((n for r in trend for n in r["failing"].values()), default=0), 1])
    def x(i: int) -> float:
        return left + (width - left - 20) * (i / max(runs - 1, 1))
    def y(n: int) -> float:
        return height - bottom - (height - bottom - 10) * n / top
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" id="trend-chart" role="img" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" aria-label="failing results per run, by severity">',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#888"/>',
             f'<line x1="{left}" y1="10" x2="{left}" y2="{height - bottom}" stroke="#888"/>',
             f'<text x="4" y="18" font-size="11" fill="#555">{top}</text>',
             f'<text x="4" y="{height - bottom}" font-size="11" fill="#555">0</text>']
    for index, (severity, colour) in enumerate(SEVERITY_COLOURS.items()):
        points = " ".join(f"{x(i):.1f},{y(r['failing'].get(severity, 0)):.1f}" for i, r in enumerate(trend))
        parts.append(f'<polyline class="trend-{severity}" fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>')
        parts.append(f'<text x="{left + 10 + index * 90}" y="{height - 8}" font-size="12" fill="{colour}">{severity}</text>')
    parts.append(f'<text x="{width - 10}" y="{height - 8}" font-size="11" fill="#555" text-anchor="end">'
                 f'{escape(str(trend[0]["recorded_at"])[:10])} .. {escape(str(trend[-1]["recorded_at"])[:10])}, '
                 f'{runs} runs</text>')
    return "".join(parts) + "</svg>"


def _framework(framework: dict[str, Any]) -> dict[str, Any]:
    """A --compliance report as the page shows it: every requirement, its status and counts, the checks behind it
    (clicking a requirement lists their results)."""
    return {"id": framework["id"], "name": framework["name"], "source": clean(framework["source"]),
            "read": framework["read"], "totals": framework["totals"],
            "requirements": [{"id": clean(r["id"]), "title": clean(r["title"]), "status": r["status"],
                              "counts": r["counts"], "checks": r["checks"], "why": clean(r.get("why", ""))}
                             for r in framework["requirements"]]}


def _finding(finding: Finding) -> dict[str, Any]:
    duty, resource, waiver = finding.responsibility, finding.resource, finding.waiver
    return {
        "fingerprint": finding.fingerprint,
        "check": finding.check["id"], "title": finding.check["title"], "severity": finding.severity,
        "status": finding.status.value, "message": clean(finding.message),
        "provider": resource["provider"], "scope": clean(resource["account"]), "region": clean(resource["region"]),
        "name": clean(resource["name"]), "rid": clean(resource["id"]), "type": resource["type"],
        "duty": duty["id"], "duty_name": duty["name"], "layer": duty["provider_layer"], "model": duty["provider_model"],
        "model_url": duty["provider_model_url"], "service_model": duty["service_model"],
        "controls": [f"{c['framework']} {c['id']}" for c in finding.controls],
        "remediation": finding.remediation, "rationale": finding.rationale,
        "evidence": _cleaned(finding.evidence),
        "waiver": clean(waiver.describe()) if waiver else "",
        "state": finding.baseline_state.value if finding.baseline_state else "",
    }


def _cleaned(value: Any) -> Any:
    if isinstance(value, dict):
        return {clean(k): _cleaned(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_cleaned(v) for v in value]
    return clean(value) if isinstance(value, str) else value
