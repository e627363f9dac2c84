"""Hostile input: deeply nested or oversized files are one-line errors (exit 2); invisible format
characters from an account never reach a terminal or SARIF text unescaped."""

import json
import re

import pytest

from conftest import REPO, run_cli
from srmscan.errors import InputError
from srmscan.inputfiles import MAX_DEPTH
from srmscan.model import Snapshot
from srmscan.terminal import clean, clean_tree

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
    assert len(lines) == 1 and "deep.json" in lines[0]
    assert "nested too deeply" in lines[0] or "not a JSON object" in lines[0]   # an array is refused at once
    assert "Traceback" not in result.stderr


def test_deeply_nested_baseline_and_waivers_are_refused(tmp_path):
    (tmp_path / "b.json").write_text(DEEP_JSON)
    (tmp_path / "w.yaml").write_text("waivers: " + "[" * 5_000 + "]" * 5_000 + "\n")
    demo = str(REPO / "fixtures" / "demo" / "gcp.json")
    for option, name in (("--baseline", "b.json"), ("--waivers", "w.yaml")):
        result = run_cli("evaluate", demo, option, str(tmp_path / name))
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert result.returncode == 2 and len(lines) == 1 and name in lines[0] and "Traceback" not in result.stderr
        assert any(sign in lines[0] for sign in ("nested too deeply", "nesting depth", "not a JSON object"))


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
        assert char not in clean(f"a{char}b") and char not in str(clean_tree({f"k{char}": [f"a{char}b"]}))
    assert clean(BIDI) == "invoice\\u202egpj.exe"
    assert clean("\x1b[31mred\r\x07") == "\\x1b[31mred\\x0d\\x07"
    assert clean("two\nlines\tand a tab") == "two\nlines\tand a tab"   # layout characters stay
    assert clean_tree({"\x1b": ["\x07", {"n": 1, "b": True, "s": "\r"}]}) == {"\\x1b": ["\\x07", {"n": 1, "b": True, "s": "\\x0d"}]}


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


HOSTILE_NAME = "logs\x1b]0;pwned\x07\rok\u202egpj.exe"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_no_raw_control_or_format_character_reaches_any_sarif_or_ocsf_string(tmp_path):
    data = json.loads((REPO / "fixtures" / "demo" / "aws.json").read_text())
    bucket = next(r for r in data["resources"] if r["name"] == "acme-public-website")
    bucket["name"] = HOSTILE_NAME
    bucket["id"] = f"arn:aws:s3:::{HOSTILE_NAME}"
    bucket["config"]["versioning"] = {"Status": "Suspended\x1b[2J"}   # account text in a message and evidence
    path = tmp_path / "snap.json"
    path.write_text(json.dumps(data))
    result = run_cli("evaluate", str(path), "--checks", "aws.s3.*", "--sarif", str(tmp_path / "s.sarif"),
                     "--ocsf", str(tmp_path / "o.json"), "--json", str(tmp_path / "f.json"))
    assert result.returncode == 1, result.stderr
    for name in ("s.sarif", "o.json"):
        document = json.loads((tmp_path / name).read_text())
        strings = list(_strings(document))
        assert not [s for s in strings if RAW.search(s)], name
        assert any("logs\\x1b]0;pwned\\x07\\x0dok\\u202egpj.exe" in s for s in strings), name   # shown, escaped
    # srmscan's own JSON keeps the raw id: baselines and `evaluate` match on it.
    own = json.loads((tmp_path / "f.json").read_text())
    assert any(f["resource"]["id"] == bucket["id"] for f in own["findings"])


def _demo(provider: str) -> dict:
    return json.loads((REPO / "fixtures" / "demo" / f"{provider}.json").read_text())


def _refused(tmp_path, name: str, text: str, *args: str, option: str | None = None) -> str:
    path = tmp_path / name
    path.write_text(text)
    command = ["evaluate", str(path)] if option is None else ["evaluate", str(REPO / "fixtures" / "demo" / "gcp.json"),
                                                               option, str(path)]
    result = run_cli(*command, *args)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 2 and len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert name in lines[0]
    return lines[0]


def test_millions_of_tiny_values_are_refused_before_parsing(tmp_path):
    zeros = '{"format": "srmscan-snapshot", "schema_version": 1, "provider": "aws", "resources": [], "x": [' + \
            "0," * 8_000_000 + "0]}"
    assert "JSON values" in _refused(tmp_path, "zeros.json", zeros)
    assert "not a JSON object" in _refused(tmp_path, "list.json", "[" + "0," * 1000 + "0]")


def test_a_huge_number_is_one_line_in_a_snapshot_and_a_baseline(tmp_path):
    snapshot = json.dumps(_demo("gcp")).replace('"resources": [', '"big": ' + "9" * 5000 + ', "resources": [', 1)
    assert "cannot read" in _refused(tmp_path, "big.json", snapshot)
    baseline = '{"format": "srmscan-findings", "findings": [], "n": ' + "9" * 5000 + "}"
    assert "cannot read" in _refused(tmp_path, "baseline.json", baseline, option="--baseline")


def test_unknown_providers_and_resources_listed_twice_are_refused(tmp_path):
    oracle = {**_demo("gcp"), "provider": "oracle"}
    for resource in oracle["resources"]:
        resource["provider"] = "oracle"
    assert "unknown provider 'oracle'" in _refused(tmp_path, "oracle.json", json.dumps(oracle))
    twice = _demo("gcp")
    twice["resources"].append(dict(twice["resources"][3]))
    assert "listed twice" in _refused(tmp_path, "twice.json", json.dumps(twice))
    mixed = _demo("gcp")
    mixed["resources"][0]["provider"] = "aws"
    assert "of provider 'aws' in a gcp snapshot" in _refused(tmp_path, "mixed.json", json.dumps(mixed))


def test_yaml_aliases_and_impossible_dates_are_refused_with_their_line(tmp_path):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for level in range(1, 9):
        lines.append(f"{chr(97 + level)}: &{chr(97 + level)} [{','.join('*' + chr(96 + level) for _ in range(9))}]")
    lines.append("waivers: [*i]")
    message = _refused(tmp_path, "bomb.yaml", "\n".join(lines) + "\n", option="--waivers")
    assert "aliases" in message
    bad_date = ("waivers:\n  - check: gcp.storage.bucket_versioning\n    resource: x\n    reason: r\n    owner: o\n"
                "    expires: 2027-13-01\n")
    assert "dates.yaml:6: invalid YAML: invalid date '2027-13-01'" in _refused(tmp_path, "dates.yaml", bad_date,
                                                                               option="--waivers")


def test_plain_columns_escape_and_align():
    from srmscan.terminal import columns

    text = columns(("A", "B", "C"), [("x\x1b[2J", "long value", "last"), ("yy", "b", "ragged tail ")])
    lines = text.splitlines()
    assert "\x1b" not in text and "x\\x1b[2J" in lines[2]
    assert [line.index(cell) for line, cell in zip(lines, ("B", "----------", "long value", "b"))] == [10] * 4
    assert lines[3].endswith("ragged tail")   # trailing blanks stripped
