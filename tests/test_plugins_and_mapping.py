"""Plugin loading (builtin, --checks-dir, entry points) and mapping validation."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from srmscan.errors import MappingError, PluginError
from srmscan.mapping import CATALOGUE_FILE, load_catalogue, load_mapping
from srmscan.paths import mappings_dir
from srmscan.registry import load_registry

PLUGIN = textwrap.dedent('''
    from srmscan.check import check, passed, failed

    @check(id="aws.custom.bucket_named_prod", title="Prod buckets are named so", severity="low",
           resource_type="aws.s3.bucket", rationale="naming", remediation="rename", reads=("creation_date",))
    def bucket_named_prod(bucket, snapshot):
        return passed("named") if "prod" in bucket.name else failed("not named prod")
''')
PLUGIN_MAPPING = textwrap.dedent('''
    provider: aws
    frameworks:
      internal: ACME internal standard v2
    checks:
      aws.custom.bucket_named_prod:
        duties: [data-classification]
        service_model: PaaS
        controls:
          internal: ["ACME-7"]
''')


def write(directory: Path, files: dict) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(text)
    return directory


def test_builtin_checks_all_mapped():
    registry = load_registry(use_entry_points=False)
    ids = {m.id for m in registry.all()}
    assert {"aws.s3.bucket_public_access", "aws.s3.account_public_access_block", "aws.s3.bucket_secure_transport",
            "aws.s3.bucket_versioning", "aws.s3.bucket_access_logging", "aws.s3.bucket_acls_disabled",
            "aws.s3.bucket_encryption_customer_key"} <= ids
    mapping = load_mapping(registry.all())
    assert set(mapping.checks) == ids
    for meta in registry.all():
        assert meta.source.endswith(".py")


def test_catalogue_has_the_required_duties():
    catalogue = load_catalogue(mappings_dir() / CATALOGUE_FILE)
    assert len(catalogue.duties) >= 15
    required = {"data-access-sharing", "strong-authentication", "conditional-access", "least-privilege",
                "credential-hygiene", "encryption-at-rest", "key-management", "encryption-in-transit",
                "network-configuration", "audit-logging", "log-protection-retention", "backup-versioning",
                "data-lifecycle-deletion-protection", "data-classification", "integration-third-party-access",
                "guest-os-hardening"}
    assert required <= set(catalogue.duties)
    assert catalogue.duties["guest-os-hardening"].customer_in == ("IaaS", "PaaS")   # VMs, and container images
    assert catalogue.duties["platform-version-currency"].customer_in == ("PaaS",)
    assert {layer.id for layer in catalogue.provider_owned} >= {"physical-facilities", "hardware",
                                                                  "hypervisor-host-os", "core-network"}
    for duty in catalogue.duties.values():
        assert set(duty.provider_layers) == {"aws", "azure", "gcp"}


def test_checks_dir_plugin_with_its_mapping(tmp_path):
    plugins = write(tmp_path / "plugins", {"naming.py": PLUGIN, "naming.yaml": PLUGIN_MAPPING})
    registry = load_registry([plugins], use_entry_points=False)
    meta = registry.get("aws.custom.bucket_named_prod")
    assert meta is not None and meta.source == str(plugins / "naming.py")
    mapping = load_mapping(registry.all(), registry.mapping_files)
    assert mapping.for_check(meta.id).controls[0].framework == "ACME internal standard v2"


def test_plugin_without_mapping_is_an_error_naming_it(tmp_path):
    plugins = write(tmp_path / "plugins", {"naming.py": PLUGIN})
    registry = load_registry([plugins], use_entry_points=False)
    with pytest.raises(MappingError, match=r"naming\.py: check 'aws.custom.bucket_named_prod' has no mapping"):
        load_mapping(registry.all(), registry.mapping_files)


@pytest.mark.parametrize("source,message", [
    ("import no_such_module_here\n", r"broken\.py: failed to import: ModuleNotFoundError"),
    ("def oops(:\n", r"broken\.py: failed to import: SyntaxError"),
    (PLUGIN.replace('severity="low"', 'severity="urgent"'), r"broken\.py: bad check metadata: .*severity 'urgent'"),
    (PLUGIN.replace('"aws.custom.bucket_named_prod"', '"aws.s3.bucket_versioning"'),
     r"broken\.py: check id 'aws.s3.bucket_versioning' is already defined in .*s3\.py"),
])
def test_broken_plugins_are_loud(tmp_path, source, message):
    plugins = write(tmp_path / "plugins", {"broken.py": source})
    with pytest.raises(PluginError, match=message):
        load_registry([plugins], use_entry_points=False)


@pytest.mark.parametrize("replace,message", [
    (('resource_type="aws.s3.bucket"', 'resource_type="aws.s3.buckets"'),
     r"typo\.py: check 'aws.custom.bucket_named_prod' has resource_type 'aws.s3.buckets', which no collector "
     r"produces; known aws types: .*aws\.s3\.bucket"),
    (('resource_type="aws.s3.bucket"', 'resource_type="aws.lambda.functon"'), r"typo\.py: .*'aws.lambda.functon'"),
    (('reads=("creation_date",)', 'reads=("versionning",)'),
     r"typo\.py: check 'aws.custom.bucket_named_prod' reads 'versionning', which no collector records on "
     r"resource type aws\.s3\.bucket; recorded keys: .*versioning"),
    (('reads=("creation_date",)', 'reads=("account.s3_public_access_blok",)'),
     r"typo\.py: .*reads 'account.s3_public_access_blok', which no collector records on any aws type ending in \.account"),
])
def test_mistyped_resource_type_or_read_key_is_an_error_naming_the_file(tmp_path, replace, message):
    plugins = write(tmp_path / "plugins", {"typo.py": PLUGIN.replace(*replace)})
    with pytest.raises(PluginError, match=message):
        load_registry([plugins], use_entry_points=False)


def test_keys_of_a_related_resource_are_accepted(tmp_path):
    source = PLUGIN.replace('reads=("creation_date",)', 'reads=("policy", "account.s3_public_access_block")')
    plugins = write(tmp_path / "plugins", {"ok.py": source})
    assert load_registry([plugins], use_entry_points=False).get("aws.custom.bucket_named_prod") is not None


def test_mistyped_plugin_stops_the_cli_with_exit_2(tmp_path):
    from conftest import REPO, run_cli

    plugins = write(tmp_path / "plugins", {"typo.py": PLUGIN.replace('"aws.s3.bucket"', '"aws.s3.bukcet"'),
                                           "typo.yaml": PLUGIN_MAPPING})
    result = run_cli("evaluate", str(REPO / "fixtures" / "demo" / "aws.json"), "--checks-dir", str(plugins))
    assert result.returncode == 2, result.stderr
    [line] = [line for line in result.stderr.splitlines() if line.strip()]
    assert line.startswith("srmscan: error: ") and "typo.py" in line and "aws.s3.bukcet" in line


def test_every_key_the_demo_collectors_recorded_is_declared():
    """The declarations checks are validated against match what the collectors really record."""
    import json

    from conftest import REPO
    from srmscan.providers import resource_types

    declared = resource_types()
    for path in sorted((REPO / "fixtures" / "demo").glob("*.json")):
        for resource in json.loads(path.read_text())["resources"]:
            assert resource["type"] in declared, (path.name, resource["type"])
            recorded = set(resource["config"]) | set(resource["errors"])
            assert recorded <= declared[resource["type"]], (path.name, resource["id"], recorded - declared[resource["type"]])


def test_entry_point_plugin_is_loaded(tmp_path):
    package = write(tmp_path / "site" / "acme_checks", {"__init__.py": PLUGIN, "acme.yaml": PLUGIN_MAPPING})
    dist = write(tmp_path / "site" / "acme_checks-1.0.dist-info", {
        "METADATA": "Metadata-Version: 2.1\nName: acme-checks\nVersion: 1.0\n",
        "entry_points.txt": "[srmscan.checks]\nacme = acme_checks\n",
    })
    assert package.exists() and dist.exists()
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    code = ("from srmscan.pipeline import Selection, load_checks\n"
            "registry, mapping = load_checks(Selection())\n"
            "print(mapping.for_check('aws.custom.bucket_named_prod').duties)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "data-classification" in result.stdout


def mapping_dir(tmp_path: Path, aws_yaml: str) -> Path:
    directory = tmp_path / "mappings"
    directory.mkdir()
    (directory / CATALOGUE_FILE).write_text((mappings_dir() / CATALOGUE_FILE).read_text())
    (directory / "aws.yaml").write_text(aws_yaml)
    return directory


def builtin_aws_yaml() -> str:
    return (mappings_dir() / "aws.yaml").read_text()


@pytest.mark.parametrize("mutate,message", [
    (lambda y: y.replace("aws.s3.bucket_versioning:", "aws.s3.bucket_versionning:"),
     r"aws\.yaml:\d+: mapping names unknown check 'aws.s3.bucket_versionning'"),
    (lambda y: y.replace("duties: [backup-versioning]", "duties: [backups]"),
     r"aws\.yaml:\d+: aws.s3.bucket_versioning: unknown duty 'backups'"),
    (lambda y: y.replace("duties: [encryption-at-rest]\n    service_model: IaaS",
                         "duties: [platform-version-currency]\n    service_model: IaaS"),
     r"duty 'platform-version-currency' is not the customer's in IaaS"),
    (lambda y: y.replace('cis: ["2.1.1"]', "cis: [2.1]"), r"quote numeric ids"),
    (lambda y: y.replace("service_model: PaaS", "service_model: FaaS", 1), r"unknown service model 'FaaS'"),
    (lambda y: y.replace("  ccm: CSA Cloud Controls Matrix v4.0\n", ""), r"framework 'ccm' is not declared"),
    (lambda y: y + "  : [\n", r"aws\.yaml:\d+: invalid YAML"),
])
def test_mapping_errors_name_file_and_line(tmp_path, mutate, message):
    directory = mapping_dir(tmp_path, mutate(builtin_aws_yaml()))
    registry = load_registry(use_entry_points=False)
    with pytest.raises(MappingError if "YAML" not in message else Exception, match=message):
        load_mapping(registry.all(), directory=directory)


def test_unmapped_builtin_check_fails(tmp_path):
    text = builtin_aws_yaml()
    start = text.index("  aws.s3.bucket_mfa_delete:")
    end = text.index("  aws.s3.bucket_access_logging:")
    directory = mapping_dir(tmp_path, text[:start] + text[end:])
    registry = load_registry(use_entry_points=False)
    with pytest.raises(MappingError, match="'aws.s3.bucket_mfa_delete' has no mapping"):
        load_mapping(registry.all(), directory=directory)


def test_checks_json_lists_every_check_with_its_mapping():
    import json

    from conftest import run_cli

    result = run_cli("checks", "--format", "json")
    assert result.returncode == 0, result.stderr
    listed = {entry["id"]: entry for entry in json.loads(result.stdout)}
    registry = load_registry(use_entry_points=False)
    assert set(listed) == {m.id for m in registry.all()}
    bpa = listed["aws.s3.account_public_access_block"]
    assert bpa["resource_type"] == "aws.account" and bpa["duties"] == ["data-access-sharing"]
    assert bpa["service_model"] == "PaaS" and any(c["id"] == "2.1.4" for c in bpa["controls"])
