"""`srmscan explain CHECK` (issue 24): every check explained from its declaration, mapping and the frameworks, with
the permissions it needs drawn from the same declarations as `srmscan permissions`."""

from __future__ import annotations

import json

from conftest import run_cli


def test_every_check_is_explained_with_permissions_the_provider_list_has():
    from srmscan.explain import as_text, explanation
    from srmscan.pipeline import Selection, load_checks
    from srmscan.providers import provider_module

    registry, mapping = load_checks(Selection())
    everything = {p: set(provider_module(p).permissions()) for p in ("aws", "azure", "gcp")}
    without = []
    for meta in registry.all():
        needed = provider_module(meta.provider).permissions_for(meta.resource_type, meta.reads)
        found = explanation(meta, mapping, needed)
        assert set(needed) <= everything[meta.provider], meta.id
        assert found["duty"]["provider_layer"] and meta.id in as_text(found)
        if not needed:
            without.append(meta.id)
    assert len(without) < len(registry.all()) // 10, without   # nearly every check reads something of its own


def test_explain_in_the_cli():
    text = run_cli("explain", "gcp.iam.service_account_key_rotation").stdout
    assert "CIS Google Cloud Platform Foundation Benchmark v5.0.0 1.8: Ensure User-Managed" in text
    assert "key_rotation_days = 90" in text and "iam.serviceAccountKeys.list" in text
    found = json.loads(run_cli("explain", "aws.s3.bucket_public_access", "--format", "json").stdout)
    assert found["duty"]["id"] == "data-access-sharing" and "s3:GetBucketPolicy" in found["permissions"]
    missing = run_cli("explain", "aws.s3.nope")
    assert missing.returncode == 2 and missing.stderr.strip() == "srmscan: error: no check 'aws.s3.nope'; `srmscan checks` lists the ids"
