"""The order of a resource's reads (srmscan/providers/declare.py read_waves): each wave needs only keys earlier
waves read; within a wave, the reads later reads need come first, else in declared order; needs nobody reads fail."""

from __future__ import annotations

import pytest

from srmscan.providers.declare import Read, read_waves


def _reads(*specs: str) -> list[Read]:
    """'key' or 'key<need1,need2'."""
    reads = []
    for spec in specs:
        key, _, needs = spec.partition("<")
        reads.append(Read(key, request=None, permission="x", needs=tuple(filter(None, needs.split(",")))))
    return reads


@pytest.mark.parametrize("specs,waves", [
    (["a", "b", "c"], [["a", "b", "c"]]),
    # a bucket: policy, acl (needs ownership), ownership -> ownership first in its wave, acl after
    (["policy", "acl<ownership", "lifecycle", "ownership"], [["ownership", "policy", "lifecycle"], ["acl"]]),
    (["c<b", "b<a", "a", "z"], [["a", "z"], ["b"], ["c"]]),
    (["x", "y<w", "w", "v<x", "u<w,x"], [["x", "w"], ["y", "v", "u"]]),
    ([], []),
])
def test_reads_come_in_waves_each_needing_only_earlier_waves(specs, waves):
    assert [[read.key for read in wave] for wave in read_waves(_reads(*specs))] == waves


def test_a_read_needing_a_key_nobody_reads_is_a_declaration_error():
    with pytest.raises(ValueError, match="need keys nobody reads"):
        read_waves(_reads("a", "b<missing"))
