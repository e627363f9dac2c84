"""checks/, mappings/ and the demo ship inside the wheel; README stays true to the code."""

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    str(REPO)], check=True, capture_output=True)
    [path] = out.glob("srmscan-*.whl")
    return path


def test_wheel_contains_checks_mappings_demo_and_schema(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for check_file in (REPO / "checks").rglob("*.py"):
        assert f"srmscan/_builtin/checks/{check_file.relative_to(REPO / 'checks').as_posix()}" in names
    for mapping in (REPO / "mappings").glob("*.yaml"):
        assert f"srmscan/_builtin/mappings/{mapping.name}" in names
    for demo in (REPO / "fixtures" / "demo").glob("*.json"):
        assert f"srmscan/_builtin/demo/{demo.name}" in names
    assert {"srmscan/schema/findings.schema.json", "srmscan/schema/history.schema.json"} <= names


def test_installed_wheel_finds_every_builtin_check(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = ("import srmscan, srmscan.paths as p\n"
            "from srmscan.pipeline import Selection, load_checks\n"
            "registry, mapping = load_checks(Selection())\n"
            "print(srmscan.__file__); print(p.builtin_checks_dir()); print(len(registry.all()))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    module_file, checks_dir, count = result.stdout.split()
    assert module_file.startswith(str(target)) and checks_dir.startswith(str(target))
    from srmscan.registry import load_registry

    assert int(count) == len(load_registry(use_entry_points=False).all())
    demo = subprocess.run([sys.executable, "-m", "srmscan", "demo"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert demo.returncode == 0 and "customer duty" in demo.stdout


def test_generated_docs_are_current():
    """docs/checks-*.md and docs/permissions-*.md are generated from the registry, mappings and declarations: a
    check or permission added without `python -m srmscan.catalogue_docs` fails here."""
    from srmscan.catalogue_docs import pages

    for name, text in pages().items():
        path = REPO / "docs" / name
        assert path.is_file() and path.read_text(encoding="utf-8") == text, \
            f"docs/{name} is stale: run `python -m srmscan.catalogue_docs`"


@pytest.mark.parametrize("provider", ["aws", "gcp", "azure"])
def test_the_generated_docs_list_every_check_and_permission(provider):
    from srmscan.providers import provider_module
    from srmscan.registry import load_registry

    checks = (REPO / "docs" / f"checks-{provider}.md").read_text()
    assert all(f"`{m.id}`" in checks for m in load_registry(use_entry_points=False).all() if m.provider == provider)
    permissions = (REPO / "docs" / f"permissions-{provider}.md").read_text()
    assert all(f"`{p}`" in permissions for p in provider_module(provider).permissions())
    assert f"docs/checks-{provider}.md" in (REPO / "README.md").read_text()


def test_ci_runs_the_readme_commands():
    readme = (REPO / "README.md").read_text()
    ci = (REPO / ".ci" / "run").read_text()
    assert "<!-- setup-command -->" in readme and "<!-- test-command -->" in readme
    assert "readme_command setup-command" in ci and "readme_command test-command" in ci


def test_readme_plugin_example_works_as_described(tmp_path):
    """The 'Writing a check' example loads, is mapped, and judges the demo account's buckets."""
    import json

    from conftest import run_cli

    section = (REPO / "README.md").read_text().split("## Writing a check", 1)[1].split("\n## ", 1)[0]
    python_code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    mapping = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    plugins = tmp_path / "my-checks"
    plugins.mkdir()
    (plugins / "central_logs.py").write_text(python_code)
    (plugins / "central_logs.yaml").write_text(mapping)
    result = run_cli("evaluate", str(REPO / "fixtures" / "demo" / "aws.json"), "--checks-dir", str(plugins),
                     "--checks", "aws.acme.*", "--format", "json")
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)["findings"]
    statuses = {f["resource"]["name"]: f["status"] for f in findings}
    assert set(statuses.values()) == {"PASS", "FAIL"}, statuses
    assert findings[0]["responsibility"]["id"] == "audit-logging"
