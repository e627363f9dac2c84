"""How long a scan takes to give up on an endpoint that cannot be reached, with default settings, on every
cloud: a refused port and a black hole (accepts connections, never answers). Prints wall time, exit code
and the first line srmscan printed for each; asserts nothing. Takes a few minutes (the defaults allow up
to about a minute each).

    python bench/unreachable.py
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time

AWS = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1",
       "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull, "AWS_EC2_METADATA_DISABLED": "true"}
AZURE = {"AZURE_CLIENT_ID": "00000000-1111-2222-3333-444444444444", "AZURE_CLIENT_SECRET": "bench",
         "AZURE_TENANT_ID": "11111111-1111-1111-1111-111111111111", "AZURE_TOKEN_CREDENTIALS": "environmentcredential"}
GCP = {"NO_GCE_CHECK": "true", "GCE_METADATA_HOST": "127.0.0.1:9"}


def black_hole() -> int:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(256)
    held = []

    def accept():
        while True:
            held.append(server.accept()[0])

    threading.Thread(target=accept, daemon=True).start()
    return server.getsockname()[1]


def refused() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def commands(port: int, tls: str) -> dict[str, tuple[list[str], dict]]:
    http, https = f"http://127.0.0.1:{port}", f"https://127.0.0.1:{port}"
    return {
        "aws": (["scan", "aws", "--endpoint-url", http], AWS),
        "gcp": (["scan", "gcp", "--project", "p", "--api-endpoint", http, "--endpoint", http], GCP),
        "azure": (["scan", "azure", "--arm-endpoint", https, "--graph-endpoint", https, "--authority-host", https],
                  AZURE),
    }


def main() -> None:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "AZURE_", "GOOGLE_"))}
    for kind, port in (("refused", refused()), ("black hole", black_hole())):
        for cloud, (args, env) in commands(port, kind).items():
            started = time.monotonic()
            result = subprocess.run([sys.executable, "-m", "srmscan", *args, "--format", "json", "--output", os.devnull],
                                    env={**base, **env}, capture_output=True, text=True, timeout=600)
            took = time.monotonic() - started
            first = next((line for line in result.stderr.splitlines() if line.startswith("srmscan:")), "")
            print(f"{cloud:6} {kind:10} {took:6.1f} s  exit {result.returncode}  {first[:150]}")


if __name__ == "__main__":
    main()
