"""Hostile and large input files against `srmscan evaluate`: time, peak memory (PSS of the process tree),
exit code and the first line of stderr for each.

    python bench/hostile_files.py                 # all cases, files written to a temporary folder
    python bench/hostile_files.py --only buckets  # one case

Cases: a 200 MB snapshot that is one list of 100 M zeros; a 200 MB snapshot of ~330,000 buckets (the
demo's buckets under new names); a 5,000-digit number in a snapshot and in a baseline; a YAML alias bomb
of a few hundred bytes as a waiver file. Prints; asserts nothing. Needs about 1 GB of free disk.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import process_tree  # noqa: E402

SRMSCAN = [sys.executable, "-m", "srmscan"]
TARGET_BYTES = 200 * 1000 * 1000


def zeros(folder: Path, head: str = "[", tail: str = "]") -> list[str]:
    path = folder / "zeros.json"
    count = TARGET_BYTES // 2
    with path.open("w") as out:
        out.write(head)
        chunk = "0," * 1_000_000
        for _ in range(count // 1_000_000 - 1):
            out.write(chunk)
        out.write("0," * 999_999 + "0" + tail)
    return ["evaluate", str(path), "-f", "json", "-o", os.devnull]


def zeros_in_a_snapshot(folder: Path) -> list[str]:
    """The same zeros inside what starts like a snapshot."""
    return zeros(folder, '{"format":"srmscan-snapshot","schema_version":1,"provider":"aws","resources":[],"x":[', "]}")


def buckets(folder: Path) -> list[str]:
    demo = json.loads((HERE.parent / "fixtures" / "demo" / "aws.json").read_text())
    templates = [r for r in demo["resources"] if r["type"] == "aws.s3.bucket"
                 and len(json.dumps(r, separators=(",", ":"))) < 640]   # about 600 bytes a bucket
    others = [r for r in demo["resources"] if r["type"] != "aws.s3.bucket"]
    path = folder / "buckets.json"
    head = {key: value for key, value in demo.items() if key != "resources"}
    with path.open("w") as out:
        out.write(json.dumps(head, separators=(",", ":"))[:-1] + ',"resources":[')
        written = 0
        for resource in others:
            text = json.dumps(resource, separators=(",", ":"))
            out.write(text + ",")
            written += len(text) + 1
        number = 0
        while written < TARGET_BYTES:
            template = templates[number % len(templates)]
            name = f"b{number:07d}-{template['name']}"
            text = json.dumps(template, separators=(",", ":")).replace(template["name"], name)
            out.write(("," if number else "") + text)
            written += len(text) + 1
            number += 1
        out.write("]}\n")
    print(f"  buckets.json: {number} buckets, {path.stat().st_size / 1e6:.0f} MB")
    return ["evaluate", str(path), "-f", "json", "-o", os.devnull]


def big_number_snapshot(folder: Path) -> list[str]:
    demo = json.loads((HERE.parent / "fixtures" / "demo" / "gcp.json").read_text())
    text = json.dumps(demo).replace('"resources": [', '"big": ' + "9" * 5000 + ', "resources": [', 1)
    path = folder / "bignum.json"
    path.write_text(text)
    return ["evaluate", str(path)]


def big_number_baseline(folder: Path) -> list[str]:
    path = folder / "baseline.json"
    path.write_text('{"format": "srmscan-findings", "findings": [], "n": ' + "9" * 5000 + "}")
    return ["demo", "--baseline", str(path)]


def alias_bomb(folder: Path) -> list[str]:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for level in range(1, 8):
        previous = chr(ord("a") + level - 1)
        name = chr(ord("a") + level)
        lines.append(f"{name}: &{name} [{','.join('*' + previous for _ in range(9))}]")
    lines.append(f"waivers: [*{name}]")
    path = folder / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    return ["demo", "--waivers", str(path)]


CASES = {"zeros": zeros, "zeros-in-snapshot": zeros_in_a_snapshot, "buckets": buckets, "bignum-snapshot": big_number_snapshot,
         "bignum-baseline": big_number_baseline, "yaml-bomb": alias_bomb}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(CASES), action="append")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="srmscan-hostile-") as folder:
        for name in args.only or CASES:
            command = CASES[name](Path(folder))
            result = process_tree.measure(SRMSCAN + command, dict(os.environ), folder)
            first = (result["stderr"].strip().splitlines() or [""])[0][:160]
            print(f"{name:16} exit {result['code']}  wall {result['wall']:6.1f} s  cpu {result['cpu']:6.1f} s  "
                  f"peak {result['rss_mb']:7.0f} MB  {first}")
            for path in Path(folder).iterdir():
                path.unlink()


if __name__ == "__main__":
    main()
