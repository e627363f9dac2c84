"""Sharded runs: `--shard I/N` takes a deterministic, balanced share of the scopes (accounts,
subscriptions, projects) a scan would cover, so that N runs (a Kubernetes Indexed Job, a CI matrix)
together cover every scope exactly once, whatever order the listing API returned them in.

The scopes are sorted, and shard I (1-based) takes every N-th from the I-th: shard sizes differ by at
most one. `auto/N` reads the index from JOB_COMPLETION_INDEX (Kubernetes Indexed Jobs, 0-based).
Each shard's snapshot records {"index", "count"}; `evaluate` checks that the shards it is given fit
together (srmscan.model.check_shards).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Iterable

from srmscan.errors import SrmscanError

INDEX_VARIABLE = "JOB_COMPLETION_INDEX"
_SPEC = re.compile(r"^(?P<index>auto|\d+)/(?P<count>\d+)$")


@dataclass(frozen=True)
class Shard:
    index: int   # 1-based
    count: int

    def take(self, scopes: Iterable[str]) -> list[str]:
        ordered = sorted(set(scopes))
        return ordered[self.index - 1::self.count]

    def to_json(self) -> dict[str, int]:
        return {"index": self.index, "count": self.count}


def parse_shard(spec: str | None) -> Shard | None:
    if spec is None:
        return None
    match = _SPEC.match(spec.strip())
    if not match or int(match["count"]) < 1:
        raise SrmscanError(f"--shard {spec!r}: expected I/N (1 <= I <= N), e.g. 2/5, or auto/N")
    count = int(match["count"])
    if match["index"] == "auto":
        value = os.environ.get(INDEX_VARIABLE)
        if value is None or not value.strip().isdigit():
            raise SrmscanError(f"--shard auto/{count}: {INDEX_VARIABLE} is not set to a number (it is set by "
                               "Kubernetes Indexed Jobs); pass the index instead, e.g. --shard 1/" + str(count))
        index = int(value) + 1
    else:
        index = int(match["index"])
    if not 1 <= index <= count:
        raise SrmscanError(f"--shard {spec}: the index must be between 1 and {count}"
                           + (f" ({INDEX_VARIABLE}={index - 1})" if match["index"] == "auto" else ""))
    return Shard(index, count)


def check_shards(snapshots: list, partial: bool = False) -> None:
    """Refuse shards that do not make one whole run: of several providers, of different shard counts,
    the same shard twice, shards sharing a scope, or (unless `partial`) shards missing."""
    from srmscan.errors import InputError

    shards = [s for s in snapshots if s.metadata.shard is not None]
    if not shards:
        return
    name = lambda s: s.source or f"a {s.provider} snapshot"  # noqa: E731
    seen: dict[str, object] = {}
    for snapshot in shards:
        for scope in snapshot.metadata.accounts:
            other = seen.setdefault(scope, snapshot)
            if other is not snapshot:
                raise InputError(f"{name(other)} and {name(snapshot)} both scanned {scope}: shards of one run never "
                                 "share a scope; pass each shard's snapshot once")
    if partial:
        return
    providers = sorted({s.provider for s in shards})
    if len(providers) > 1:
        raise InputError(f"shards of several providers ({', '.join(providers)}): evaluate each provider's shards "
                         "apart, or pass --partial-shards to evaluate them together anyway")
    counts = sorted({s.metadata.shard.get("count") for s in shards})
    if len(counts) > 1:
        raise InputError(f"shards of runs split {' and '.join(map(str, counts))} ways: pass the shards of one run")
    indexes = [s.metadata.shard.get("index") for s in shards]
    repeated = sorted({i for i in indexes if indexes.count(i) > 1})
    if repeated:
        raise InputError(f"shard {repeated[0]}/{counts[0]} given more than once")
    missing = sorted(set(range(1, counts[0] + 1)) - set(indexes))
    if missing:
        raise InputError(f"shard{'s' if len(missing) > 1 else ''} {', '.join(map(str, missing))} of {counts[0]} "
                         "missing: the results would not be the whole run's; pass every shard, or --partial-shards "
                         "to evaluate these alone")
