"""One run of srmscan, from plan to exit code.

`Run.prepare` validates and loads everything the run needs before any cloud API is called (checks,
mappings, waivers, baseline, the output format and its options, that every output can be written, the
--fail-on threshold); `Run.finish` then evaluates the snapshots, writes every output and gives the report
and the exit code. The CLI only turns options into a Run and prints what the run returns.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from srmscan.errors import SrmscanError
from srmscan.findings import Report
from srmscan.gate import FAIL_ON_CHOICES, exit_code
from srmscan.model import Snapshot
from srmscan.pipeline import Gating, Plan, Selection, prepare, run


@dataclass(frozen=True)
class Delivery:
    """Where the report goes: `format` to stdout (or `output`), one more file per `--<format> FILE`, and each
    format's own options (e.g. SARIF's category and --sarif-dir)."""

    format: str = "table"
    output: Path | None = None
    extra_files: dict[str, Path | None] = field(default_factory=dict)
    format_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    color: bool | None = None   # None: colour on a terminal unless NO_COLOR or TERM=dumb says otherwise
    run_key: str | None = None  # --run-key: the shards of one run record into one stored run


@dataclass(frozen=True)
class Run:
    plan: Plan
    delivery: Delivery
    fail_on: str = "any"
    store: Any = None   # srmscan.history.store.Store (--store): every run is recorded there

    @classmethod
    def prepare(cls, selection: Selection, gating: Gating, delivery: Delivery, fail_on: str = "any",
                config: Any = None) -> "Run":
        from srmscan.delivery import check_format, check_writable

        check_format(delivery.format)
        if delivery.format == "html" and delivery.output is None and sys.stdout.isatty():
            raise SrmscanError("--format html writes a page, not terminal text: add --output report.html")
        if fail_on not in FAIL_ON_CHOICES:
            raise SrmscanError(f"unknown --fail-on {fail_on!r}; choose one of: {', '.join(FAIL_ON_CHOICES)}")
        plan = prepare(selection, gating, config)
        check_writable(delivery.output, *delivery.extra_files.values())
        return cls(plan, delivery, fail_on, gating.store)

    def _run_key(self, snapshots: list[Snapshot]) -> str | None:
        """--run-key, else SRMSCAN_RUN_KEY, else for a sharded run the CI job it belongs to (its shards share it)."""
        import os

        if self.delivery.run_key or os.environ.get("SRMSCAN_RUN_KEY"):
            return self.delivery.run_key or os.environ["SRMSCAN_RUN_KEY"]
        if not any(s.metadata.shard for s in snapshots):
            return None
        if os.environ.get("GITHUB_RUN_ID"):
            return f"github-{os.environ['GITHUB_RUN_ID']}-{os.environ.get('GITHUB_RUN_ATTEMPT', '1')}"
        if os.environ.get("CI_PIPELINE_ID"):
            return f"gitlab-{os.environ['CI_PIPELINE_ID']}"
        return None

    def finish(self, snapshots: list[Snapshot]) -> tuple[Report, int]:
        """Evaluate, map and gate the snapshots, write every output; the report and the exit code."""
        from srmscan.delivery import deliver

        report = run(self.plan, snapshots)
        if self.store is not None:   # first and last seen from the history (OCSF), and the trend so far (HTML)
            report.seen = self.store.seen([f.fingerprint for f in report.findings])
            report.trend = self.store.trend("severity")[-29:] + [{
                "run": "this run", "recorded_at": report.generated_at,
                "failing": report.summary()["failing_by_severity"]}]
        deliver(report, self.delivery.format, self.delivery.output, self.delivery.extra_files,
                self.delivery.format_options, color=self.delivery.color)
        code = exit_code(report, self.fail_on)
        if self.store is not None:
            self.store.record(report, code, [meta.id for meta in self.plan.checks], self._run_key(snapshots))
        return report, code
