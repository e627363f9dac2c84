"""srmscan.toml (issue 24): option defaults for every command, the checks' parameters, each value's origin, and
one line naming file and line for anything wrong in it. A parameter changes verdicts, is shown in the evidence,
is recorded in the snapshot, and a saved snapshot is evaluated with the parameters it was scanned with."""

from __future__ import annotations

import json

import pytest

from conftest import REPO, run_cli

KEY_CHECK = "gcp.iam.service_account_key_rotation"


def snapshot_with_a_key(tmp_path, days_old: int, recorded: dict | None = None):
    """A project read on 2026-12-04 with one service account whose user-managed key is `days_old` days old."""
    from datetime import datetime, timedelta, timezone

    read_at = datetime(2026, 12, 4, tzinfo=timezone.utc)
    created = (read_at - timedelta(days=days_old)).isoformat().replace("+00:00", "Z")
    doc = {"format": "srmscan-snapshot", "schema_version": 1, "tool_version": "0.1.0", "provider": "gcp",
           "metadata": {"accounts": ["p"], **({"parameters": recorded} if recorded else {})}, "errors": [],
           "resources": [
               {"provider": "gcp", "type": "gcp.account", "id": "projects/p", "name": "p", "account": "p",
                "region": "global", "config": {"read_at": read_at.isoformat()}, "errors": {}},
               {"provider": "gcp", "type": "gcp.iam.service_account", "id": "sa", "name": "ci@p.iam.gserviceaccount.com",
                "account": "p", "region": "global",
                "config": {"user_managed_keys": [{"id": "k1", "valid_after": created, "valid_before": None}]},
                "errors": {}}]}
    path = tmp_path / f"key-{days_old}.json"
    path.write_text(json.dumps(doc))
    return path


def verdict(result) -> tuple[str, dict]:
    [finding] = [f for f in json.loads(result.stdout)["findings"] if f["check"]["id"] == KEY_CHECK]
    return finding["status"], finding["evidence"]["parameters"]


def test_a_parameter_in_the_file_changes_the_verdict_and_shows_in_the_evidence(tmp_path):
    snapshot = snapshot_with_a_key(tmp_path, 70)
    default = run_cli("evaluate", str(snapshot), "--checks", KEY_CHECK, "--format", "json", cwd=tmp_path)
    assert verdict(default) == ("PASS", {"key_rotation_days": 90})
    (tmp_path / "srmscan.toml").write_text("[params]\nkey_rotation_days = 60\n")
    configured = run_cli("evaluate", str(snapshot), "--checks", KEY_CHECK, "--format", "json", cwd=tmp_path)
    assert verdict(configured) == ("FAIL", {"key_rotation_days": 60})
    flag = run_cli("evaluate", str(snapshot), "--checks", KEY_CHECK, "--format", "json",
                   "--param", "key_rotation_days=80", cwd=tmp_path)
    assert verdict(flag) == ("PASS", {"key_rotation_days": 80})   # a flag wins over the file


def test_a_saved_snapshot_is_judged_with_the_parameters_it_was_scanned_with(tmp_path):
    snapshot = snapshot_with_a_key(tmp_path, 70, recorded={"key_rotation_days": 60})
    assert verdict(run_cli("evaluate", str(snapshot), "--format", "json", "--checks", KEY_CHECK))[0] == "FAIL"
    told = run_cli("evaluate", str(snapshot), "--format", "json", "--checks", KEY_CHECK, "--param", "key_rotation_days=90")
    assert verdict(told)[0] == "PASS"


def test_collect_records_the_files_parameters_in_the_snapshot(tmp_path):
    import gcp_api
    import gcp_demo_project as demo

    config = tmp_path / "team.toml"
    config.write_text("[params]\nkey_rotation_days = 60\nkms_rotation_days = 30\n")
    out = tmp_path / "snap.json"
    with gcp_api.GcpApiServer(*demo.foundations(), nodes=demo.NODES) as server:
        result = run_cli("collect", "gcp", "--project", demo.PROJECT, "--api-endpoint", server.url, "--service",
                         "essentialcontacts", "--output", str(out), env={"SRMSCAN_CONFIG": str(config)})
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text())["metadata"]["parameters"] == {"key_rotation_days": 60, "kms_rotation_days": 30}


@pytest.mark.parametrize("text, message", [
    ("[params]\nkey_rotation_dayz = 60\n", "cfg.toml:2: unknown parameter 'key_rotation_dayz'; the checks take: "),
    ("[params]\n\nkey_rotation_days = \"sixty\"\n", "cfg.toml:3: parameter key_rotation_days = 'sixty': expected a "
                                                    "whole number (default 90)"),
    ("[params]\ntrusted_domains = \"acme.example\"\n", "cfg.toml:2: parameter trusted_domains = 'acme.example': "
                                                       "expected a list of strings"),
    ("[params]\nkey_rotation_days = -1\n", "cfg.toml:2: parameter key_rotation_days = -1: must not be negative"),
    ("[settings]\nx = 1\n", "cfg.toml:1: unknown table or key 'settings'"),
    ("[options]\nfail-on = \"sometimes\"\n", "cfg.toml:2: --fail-on = 'sometimes': choose one of: "),
    ("[options]\nfromat = \"json\"\n", "cfg.toml:2: unknown option 'fromat': no srmscan command has --fromat"),
    ("[commands.\"scan aws\"]\nregion = \"eu-west-1\"\nmax-workers = \"many\"\n",
     "cfg.toml:3: --max-workers = 'many': "),
    ("[commands.\"scan mars\"]\nregion = \"x\"\n", "cfg.toml:1: unknown command 'scan mars'; one of: "),
    ("[params\nkey = 1\n", "cfg.toml:1: not valid TOML"),
])
def test_anything_wrong_in_the_file_is_one_line_with_file_and_line(tmp_path, text, message):
    (tmp_path / "cfg.toml").write_text(text)
    result = run_cli("--config", "cfg.toml", "demo", cwd=tmp_path)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("srmscan: error: " + message), line


def test_option_defaults_from_the_file_and_the_flag_wins(tmp_path):
    (tmp_path / "srmscan.toml").write_text('[options]\nformat = "json"\n\n[commands."demo"]\nfail-on = "low"\n')
    result = run_cli("demo", cwd=tmp_path)
    assert json.loads(result.stdout)["format"] == "srmscan-findings"
    assert result.returncode == 1   # fail-on low from the file (the demo's own default is none)
    flagged = run_cli("demo", "--format", "csv", "--fail-on", "none", cwd=tmp_path)
    assert flagged.returncode == 0 and flagged.stdout.startswith("provider,account,")


def test_config_show_tells_where_each_value_comes_from(tmp_path):
    (tmp_path / "srmscan.toml").write_text('[params]\nkey_rotation_days = 60\n[options]\nformat = "json"\n')
    shown = json.loads(run_cli("config", "show", "--format", "json", "--param", "kms_rotation_days=30",
                               cwd=tmp_path).stdout)
    origins = {row["parameter"]: (row["value"], row["origin"]) for row in shown["parameters"]}
    assert origins["key_rotation_days"] == (60, "file")
    assert origins["kms_rotation_days"] == (30, "flag")
    assert origins["unused_credential_days"] == (45, "default")
    assert shown["found_by"] == "working directory" and shown["options"][0]["option"] == "--format"
    assert run_cli("config", "show", "--format", "json", cwd=REPO / "tests").returncode == 0   # no file: defaults
