"""Shared fixtures: a moto server over HTTP, isolated AWS environment, CLI runner, fault proxy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "fixtures"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
}


# No test may look for real Google credentials or the GCE metadata server.
GCP_ENV = {"NO_GCE_CHECK": "true", "GCE_METADATA_HOST": "127.0.0.1:9", "GCE_METADATA_IP": "127.0.0.1:9",
           "CLOUDSDK_CONFIG": os.devnull, "GOOGLE_CLOUD_PROJECT": ""}
CLOUD_PREFIXES = ("AWS_", "GOOGLE_", "STORAGE_EMULATOR_HOST", "CLOUDSDK_", "GCE_", "AZURE_")


@pytest.fixture(autouse=True)
def isolated_cloud_env(monkeypatch):
    for key in list(os.environ):
        if key.startswith(CLOUD_PREFIXES):
            monkeypatch.delenv(key, raising=False)
    for key, value in {**AWS_ENV, **GCP_ENV}.items():
        monkeypatch.setenv(key, value)


@pytest.fixture(scope="session")
def moto_server():
    from moto.server import ThreadedMotoServer

    # moto's default AMIs come with ~1,300 snapshots per region listed as the caller's own (a moto

    # artefact: real accounts own none of Amazon's); without them a scan reads what a real account has

    os.environ.setdefault("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")

    import aws_standins
    from fault_proxy import FaultProxy

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    # moto, with stand-ins answering the few APIs it lacks (IAM Access Analyzer, SSM instance information and
    # compliance, Backup recovery points and vault policies) as an account that uses none of them; a test's own
    # proxy in front answers with data
    with FaultProxy(f"http://{host}:{port}") as filled:
        filled.responders.extend(aws_standins.moto_gaps())
        yield filled.url
    server.stop()


@pytest.fixture
def moto(moto_server):
    """A clean moto account for this test."""
    requests.post(f"{moto_server}/moto-api/reset", timeout=10).raise_for_status()
    return moto_server


@pytest.fixture
def aws_client(moto):
    import boto3

    def make(service: str, region: str = "us-east-1"):
        return boto3.client(service, region_name=region, endpoint_url=moto)

    return make


@pytest.fixture
def seeded_demo(aws_client):
    import aws_demo_account

    aws_demo_account.seed(aws_client)
    return aws_demo_account


def run_cli(*args: str, env: dict | None = None, cwd: Path | None = None, timeout: int = 120):
    """Run the real `srmscan` CLI in a subprocess, away from the source tree."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(CLOUD_PREFIXES)}
    full_env.update(AWS_ENV)
    full_env.update(GCP_ENV)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "srmscan", *args], capture_output=True, text=True,
                          env=full_env, cwd=cwd or REPO / "tests", timeout=timeout)


def findings_by_key(report: dict) -> dict[tuple[str, str], dict]:
    return {(f["check"]["id"], f["resource"]["name"]): f for f in report["findings"]}


@pytest.fixture
def findings_schema():
    from srmscan.paths import schema_path

    return json.loads(schema_path("findings.schema.json").read_text())


@pytest.fixture(scope="session")
def gcs_emulator_server():
    import socket

    from gcp_storage_emulator.server import create_server

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = create_server("127.0.0.1", port, in_memory=True)
    server.start()
    yield server, f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def gcs_emulator(gcs_emulator_server, monkeypatch):
    """A wiped emulator; STORAGE_EMULATOR_HOST points at it."""
    server, url = gcs_emulator_server
    server.wipe()
    monkeypatch.setenv("STORAGE_EMULATOR_HOST", url)
    return url


@pytest.fixture
def seeded_gcp(gcs_emulator):
    from google.cloud import storage

    import gcp_demo_project

    gcp_demo_project.seed(storage.Client(project=gcp_demo_project.PROJECT))
    return gcp_demo_project


@pytest.fixture
def azure_api():
    """The demo tenant served over HTTPS by a local ARM + Graph + token server."""
    import azure_api as api
    import azure_demo_tenant

    with api.AzureApiServer(azure_demo_tenant.tenant()) as server:
        yield server


TIERS = {"moto": {"moto_server", "moto", "aws_client", "seeded_demo"},
         "emulator": {"gcs_emulator_server", "gcs_emulator", "seeded_gcp", "azure_api"},
         "browser": {"browser", "chromium"}}


def pytest_collection_modifyitems(items):
    """Mark each test with the slow tiers its fixtures bring (pyproject.toml lists the markers)."""
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        for marker, fixtures in TIERS.items():
            if used & fixtures:
                item.add_marker(marker)
