"""Hostile input: deeply nested or oversized files are one-line errors (exit 2); invisible format
characters from an account never reach a terminal or SARIF text unescaped."""

import json

import pytest

from conftest import REPO, run_cli
from srmscan.errors import InputError
from srmscan.inputfiles import MAX_DEPTH
from srmscan.model import Snapshot
from srmscan.terminal import clean, visible

DEEP_JSON = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize("text", [DEEP_JSON, '{"a":' * 5_000 + "1" + "}" * 5_000,
                                  json.dumps({"format": "srmscan-snapshot", "x": [[[[[[[[[[[[0]]]]]]]]]]]] * 1}
                                             ).replace("0", "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5))])
def test_deeply_nested_snapshot_is_one_line_exit_2(tmp_path, text):
    path = tmp_path / "deep.json"
    path.write_text(text)
    result = run_cli("evaluate", str(path))
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "nested too deeply" in lines[0] and "deep.json" in lines[0]
    assert "Traceback" not in result.stderr


def test_deeply_nested_baseline_and_waivers_are_refused(tmp_path):
    (tmp_path / "b.json").write_text(DEEP_JSON)
    (tmp_path / "w.yaml").write_text("waivers: " + "[" * 5_000 + "]" * 5_000 + "\n")
    demo = str(REPO / "fixtures" / "demo" / "gcp.json")
    for option, name in (("--baseline", "b.json"), ("--waivers", "w.yaml")):
        result = run_cli("evaluate", demo, option, str(tmp_path / name))
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert result.returncode == 2 and len(lines) == 1 and name in lines[0] and "Traceback" not in result.stderr
        assert "nested too deeply" in lines[0] or "nesting depth" in lines[0]  # ours, or libyaml's own limit


def test_oversized_input_is_refused_before_it_is_read(tmp_path, monkeypatch):
    import srmscan.inputfiles as inputfiles

    monkeypatch.setattr(inputfiles, "MAX_INPUT_BYTES", 1000)
    path = tmp_path / "big.json"
    path.write_text(" " * 2000 + "{}")
    with pytest.raises(InputError, match=r"big\.json: snapshot is 0 MB, over the 0 MB"):
        Snapshot.load(path)


BIDI = "invoice\u202egpj.exe"


def test_invisible_characters_are_escaped_for_terminals_and_documents():
    for char in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200e\u200f\ufeff\u061c":
        assert char not in clean(f"a{char}b") and char not in visible(f"a{char}b")
    assert clean(BIDI) == visible(BIDI) == "invoice\\u202egpj.exe"
    assert clean("\x1b[31mred") == "\\x1b[31mred" and visible("\x1b") == "\x1b"


def test_bidi_in_a_resource_name_is_escaped_in_table_and_sarif(tmp_path):
    data = json.loads((REPO / "fixtures" / "demo" / "aws.json").read_text())
    bucket = next(r for r in data["resources"] if r["name"] == "acme-public-website")
    bucket["name"] = BIDI
    path = tmp_path / "snap.json"
    path.write_text(json.dumps(data))
    result = run_cli("evaluate", str(path), "--checks", "aws.s3.bucket_public_access", "--sarif", str(tmp_path / "s.sarif"))
    assert "\u202e" not in result.stdout and "invoice\\u202egpj.exe" in result.stdout
    sarif = (tmp_path / "s.sarif").read_text()
    decoded = json.dumps(json.loads(sarif), ensure_ascii=False)
    assert "\u202e" not in decoded and "invoice\\\\u202egpj.exe" in decoded
