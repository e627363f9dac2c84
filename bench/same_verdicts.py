"""Show that a refactoring changed no verdict: evaluate every bundled snapshot and every case fixture with an
earlier revision (checked out in a temporary git worktree) and with this working tree, and compare each
finding (check, resource, status, message, evidence, fingerprint) and the SARIF documents (keys sorted, each
run's informational copy of the scan metadata left out). Prints the
differences, or that there are none; asserts nothing.

    python bench/same_verdicts.py 0504cff         # a revision before the change
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _worlds(root: Path) -> list[Path]:
    return sorted((root / "fixtures" / "demo").glob("*.json")) + sorted((root / "fixtures" / "checks").glob("*.json"))


def outputs(tree: Path, snapshot: Path, folder: Path) -> tuple[dict, str]:
    """The findings by key and the SARIF text of `srmscan evaluate snapshot` run from `tree`'s sources."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    json_path, sarif_path = folder / "f.json", folder / "s.sarif"
    subprocess.run([sys.executable, "-m", "srmscan", "evaluate", str(snapshot), "--fail-on", "none",
                    "--json", str(json_path), "--sarif", str(sarif_path), "--format", "json", "--output", os.devnull],
                   env=env, cwd=folder, capture_output=True, check=False)
    if not json_path.exists():
        return {}, ""
    findings = json.loads(json_path.read_text())["findings"]
    return ({(f["check"]["id"], f["resource"]["id"]): (f["status"], f["message"], f["evidence"], f["fingerprint"])
             for f in findings}, _sarif(sarif_path) if sarif_path.exists() else "")


def _sarif(path: Path) -> str:
    """The SARIF document, keys sorted, without each run's copy of the scan metadata (informational)."""
    document = json.loads(path.read_text())
    for run in document["runs"]:
        run.get("properties", {}).pop("scans", None)
    return json.dumps(document, sort_keys=True)


def main() -> None:
    base = sys.argv[1] if len(sys.argv) > 1 else "HEAD"
    with tempfile.TemporaryDirectory(prefix="srmscan-same-") as scratch:
        old_tree = Path(scratch) / "base"
        subprocess.run(["git", "worktree", "add", "--detach", str(old_tree), base], cwd=ROOT, check=True,
                       capture_output=True)
        try:
            differences = 0
            for world in _worlds(ROOT):
                work = Path(scratch) / "run"
                work.mkdir(exist_ok=True)
                new, new_sarif = outputs(ROOT, world, work)
                old, old_sarif = outputs(old_tree, world, work)
                changed = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
                sarif_same = old_sarif == new_sarif
                differences += len(changed) + (not sarif_same)
                print(f"{world.relative_to(ROOT)}: {len(new)} findings, {len(changed)} differ, "
                      f"SARIF {'identical' if sarif_same else 'differs'}")
                for key in changed[:10]:
                    print(f"  {key}: {old.get(key)} -> {new.get(key)}")
            print("no difference" if not differences else f"{differences} differences")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(old_tree)], cwd=ROOT, check=False)


if __name__ == "__main__":
    main()
