"""Outputs survive interrupts and failures; SIGINT / SIGTERM / a closed or full stdout end the run clearly.

Interrupts are injected at the write itself (tests/cli_driver.py sends the signal while the chosen file is
half written), so every case is deterministic: the previous file must stay byte-identical, no temporary
file may be left, the exit code is 128 + the signal and one line says what was written.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import AWS_ENV, GCP_ENV, REPO, run_cli

DRIVER = str(Path(__file__).resolve().parent / "cli_driver.py")
DEMO_GCP = str(REPO / "fixtures" / "demo" / "gcp.json")
PREVIOUS = b"the previous report\n"
EXIT = {"SIGINT": 130, "SIGTERM": 143}


def drive(*args: str, env: dict | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "GOOGLE_", "AZURE_"))}
    full.update(AWS_ENV)
    full.update(GCP_ENV)
    full.update(env or {})
    return subprocess.run([sys.executable, DRIVER, *args], capture_output=True, text=True, env=full, timeout=timeout,
                          cwd=REPO / "tests")


# option, file name, extra arguments
OUTPUTS = [
    ("--output", "report.json", ["--format", "json"]),
    ("--json", "findings.json", []),
    ("--sarif", "findings.sarif", []),
    ("--ocsf", "findings.ocsf.json", []),
    ("--html", "report.html", []),
]


@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("option,name,extra", OUTPUTS, ids=[o[0] for o in OUTPUTS])
def test_an_interrupt_while_writing_keeps_the_previous_file(tmp_path, option, name, extra, signal_name):
    target = tmp_path / name
    target.write_bytes(PREVIOUS)
    result = drive("evaluate", DEMO_GCP, option, str(target), *extra,
                   env={"SRMSCAN_FAULT_FILE": name, "SRMSCAN_FAULT_SIGNAL": signal_name})
    assert result.returncode == EXIT[signal_name], result.stderr
    assert target.read_bytes() == PREVIOUS
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]   # no temporary file left behind
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [f"srmscan: interrupted ({signal_name}); nothing written"]


def test_an_interrupt_says_which_files_were_written_before_it(tmp_path):
    (tmp_path / "s.sarif").write_bytes(PREVIOUS)
    result = drive("evaluate", DEMO_GCP, "--json", str(tmp_path / "f.json"), "--sarif", str(tmp_path / "s.sarif"),
                   env={"SRMSCAN_FAULT_FILE": "s.sarif", "SRMSCAN_FAULT_SIGNAL": "SIGTERM"})
    assert result.returncode == 143
    assert json.loads((tmp_path / "f.json").read_text())["format"] == "srmscan-findings"   # written whole, first
    assert (tmp_path / "s.sarif").read_bytes() == PREVIOUS
    assert f"wrote {tmp_path / 'f.json'} before the interrupt" in result.stderr


def test_sarif_dir_files_are_replaced_whole_or_not_at_all(tmp_path):
    folder = tmp_path / "sarif"
    folder.mkdir()
    (folder / "srmscan-001.sarif").write_bytes(PREVIOUS)
    result = drive("evaluate", DEMO_GCP, "--sarif-dir", str(folder),
                   env={"SRMSCAN_FAULT_FILE": "srmscan-001.sarif", "SRMSCAN_FAULT_SIGNAL": "SIGINT"})
    assert result.returncode == 130
    assert [p.name for p in folder.iterdir()] == ["srmscan-001.sarif"]
    assert (folder / "srmscan-001.sarif").read_bytes() == PREVIOUS
    ok = run_cli("evaluate", DEMO_GCP, "--sarif-dir", str(folder))
    assert ok.returncode == 1 and json.loads((folder / "srmscan-001.sarif").read_text())["version"] == "2.1.0"


@pytest.mark.parametrize("command", ["scan", "collect"])
def test_an_interrupt_while_saving_the_snapshot_keeps_the_previous_one(tmp_path, command):
    sys.path.insert(0, str(REPO / "fixtures"))
    import gcp_api
    import gcp_demo_project as demo

    target = tmp_path / "snapshot.json"
    target.write_bytes(PREVIOUS)
    option = "--snapshot-out" if command == "scan" else "--output"
    with gcp_api.GcpApiServer(*demo.foundations(), nodes=demo.NODES) as server:
        result = drive(command, "gcp", "--project", demo.PLATFORM, "--api-endpoint", server.url, "--service", "iam",
                       option, str(target),
                       env={"SRMSCAN_FAULT_FILE": "snapshot.json", "SRMSCAN_FAULT_SIGNAL": "SIGTERM"})
    assert result.returncode == 143, result.stderr
    assert target.read_bytes() == PREVIOUS and [p.name for p in tmp_path.iterdir()] == ["snapshot.json"]


@contextlib.contextmanager
def tmpfs(folder: Path, options: str):
    """A small file system mounted at `folder` for the test (full or read-only), unmounted after it."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_full_disk_keeps_the_previous_file_and_is_one_line(tmp_path):
    with tmpfs(tmp_path / "small", "size=64k") as disk:
        (disk / "findings.json").write_bytes(PREVIOUS)
        result = run_cli("evaluate", DEMO_GCP, "--json", str(disk / "findings.json"))
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert result.returncode == 2 and len(lines) == 1, result.stderr
        assert "No space left on device" in lines[0] and "previous file" in lines[0]
        assert (disk / "findings.json").read_bytes() == PREVIOUS
        assert [p.name for p in disk.iterdir()] == ["findings.json"]


def test_a_read_only_sarif_dir_is_refused_before_any_collection(tmp_path):
    with tmpfs(tmp_path / "ro", "ro,size=64k") as folder:
        # an endpoint nobody answers: had the folder been checked after collection, this would not be the error
        result = run_cli("scan", "aws", "--endpoint-url", "http://127.0.0.1:1", "--sarif-dir", str(folder), timeout=30)
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert result.returncode == 2 and len(lines) == 1 and "--sarif-dir" in lines[0] and "Read-only" in lines[0]


def test_sigterm_stops_worker_processes_at_once(moto, tmp_path):
    import boto3

    s3 = boto3.client("s3", endpoint_url=moto, region_name="us-east-1")
    s3.create_bucket(Bucket="one-bucket")
    pids_file = tmp_path / "pids"
    result = drive("scan", "aws", "--endpoint-url", moto, "--region", "us-east-1", "--service", "s3",
                   "--processes", "3", "--json", str(tmp_path / "f.json"),
                   env={"SRMSCAN_FAULT_AT": "retry_failed", "SRMSCAN_FAULT_SIGNAL": "SIGTERM",
                        "SRMSCAN_PIDS_FILE": str(pids_file)})
    assert result.returncode == 143, result.stderr
    assert "interrupted (SIGTERM); nothing written" in result.stderr
    pids = [int(pid) for pid in pids_file.read_text().split()]
    assert len(pids) == 2   # the workers were alive when the signal came
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in pids)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_closed_pipe_ends_quietly_with_its_own_code():
    process = subprocess.Popen([sys.executable, "-m", "srmscan", "demo", "--format", "json", "--fail-on", "none"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO / "tests")
    process.stdout.close()   # the reader leaves before srmscan writes (`srmscan demo | head -0`)
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141
    assert "Traceback" not in stderr and "error" not in stderr


def test_a_full_stdout_is_one_line_exit_2():
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "srmscan", "demo"], stdout=full, stderr=subprocess.PIPE,
                                text=True, cwd=REPO / "tests", timeout=120)
    errors = [line for line in result.stderr.splitlines() if line.startswith("srmscan:")]
    assert result.returncode == 2
    assert errors == ["srmscan: error: cannot write to standard output (No space left on device); write the report "
                      "to a file with --output instead"]
    assert "Traceback" not in result.stderr
