"""The terminal (issue 24): colour only where wanted (NO_COLOR, TERM=dumb, --no-color honoured on a real
pseudo-terminal), display filters that change what the table shows and nothing else, account and region columns
when several are scanned, HTML refused on a terminal without --output."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

import pytest

from conftest import REPO, run_cli

DEMO = str(REPO / "fixtures" / "demo" / "gcp.json")
ESC = b"\x1b["


def on_a_terminal(*args: str, env: dict | None = None) -> tuple[int, bytes]:
    """Run the CLI with stdout on a pseudo-terminal (as in a shell or tmux); its exit code and what it printed."""
    main, child = pty.openpty()
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")}
    full_env.update({"TERM": "xterm-256color", "COLUMNS": "200", **(env or {})})
    process = subprocess.Popen([sys.executable, "-m", "srmscan", *args], stdout=child, stderr=subprocess.PIPE,
                               env=full_env, cwd=REPO / "tests")
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:   # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    return process.wait(timeout=120), b"".join(chunks)


def test_colour_on_a_terminal_by_default():
    code, out = on_a_terminal("evaluate", DEMO)
    assert code == 1 and ESC in out


@pytest.mark.parametrize("env, flag", [({"NO_COLOR": "1"}, ()), ({"TERM": "dumb"}, ()), ({}, ("--no-color",))])
def test_no_colour_when_asked(env, flag):
    code, out = on_a_terminal("evaluate", DEMO, *flag, env=env)
    assert code == 1 and b"failed" in out
    assert ESC not in out


def test_html_on_a_terminal_without_output_is_refused():
    code, out = on_a_terminal("evaluate", DEMO, "--format", "html")
    assert code == 2 and b"<html" not in out.lower()


def test_display_filters_change_the_table_only(tmp_path):
    plain, filtered = tmp_path / "plain.json", tmp_path / "filtered.json"
    full = run_cli("evaluate", DEMO, "--json", str(plain))
    quiet = run_cli("evaluate", DEMO, "--json", str(filtered), "--quiet", "--show-severity", "critical",
                    "--hide-waived", "--only-new")
    assert full.returncode == quiet.returncode == 1
    def timeless(path):
        report = json.loads(path.read_text())
        report.pop("generated_at", None)
        return report
    assert timeless(plain) == timeless(filtered)   # the files and the gate never change
    assert len(quiet.stdout.splitlines()) < 5 < len(full.stdout.splitlines())
    assert "failed" in quiet.stdout.splitlines()[-1]


def test_show_severity_and_all():
    critical = run_cli("evaluate", DEMO, "--show-severity", "critical").stdout
    assert "gcp.secretmanager.secret_not_public" in critical and "gcp.storage.bucket_versioning" not in critical
    everything = run_cli("evaluate", DEMO, "--show", "all").stdout
    assert "Passed:" in everything
    bad = run_cli("evaluate", DEMO, "--show", "some")
    assert bad.returncode == 2 and bad.stderr.strip() == "srmscan: error: unknown --show 'some'; choose one of: failed, all"


def test_account_and_region_columns_appear_when_several_are_scanned():
    several = run_cli("evaluate", DEMO, str(REPO / "fixtures" / "demo" / "aws.json")).stdout
    assert "Account" in several and "Region" in several


def test_help_reads_well():
    collect = run_cli("collect", "aws", "--help", env={"COLUMNS": "200"}).stdout
    assert "Collect an AWS account" in collect and "Scan an AWS account" not in collect
    scan = run_cli("scan", "gcp", "--help", env={"COLUMNS": "200"}).stdout
    assert "<str>" not in scan and "list[" not in scan and "--project  " in scan.replace("│", " ")
    assert "PROJECT" in scan   # the value named after the option


def test_shell_completion():
    shown = run_cli("--show-completion", "bash")
    script = shown.stdout
    assert "_srmscan_completion" in script and "complete " in script, (shown.returncode, shown.stderr[-800:])
    completed = run_cli(env={"_SRMSCAN_COMPLETE": "complete_bash", "COMP_WORDS": "srmscan sc", "COMP_CWORD": "1"})
    assert completed.stdout.split() == ["schema", "scan"] or set(completed.stdout.split()) == {"schema", "scan"}
