"""Recording reads on resources, the same way on every cloud: an answer becomes config; a failed read, or
an answer whose shape the shape function does not expect, becomes an error on exactly the key it was for
(the checks reading it say ERROR). Neither ends the scan."""

from __future__ import annotations

from typing import Any, Callable

from srmscan.model import ReadError, Resource, Snapshot

# What a shape function raises on an answer of a shape it does not expect (a missing field, a string where
# a list was, a value it cannot convert).
MALFORMED = (KeyError, TypeError, ValueError, AttributeError, IndexError)


def unexpected(what: str, exc: BaseException) -> ReadError:
    return ReadError("UnexpectedResponse", f"{what}: the answer is not of the documented shape "
                                           f"({type(exc).__name__}: {exc})")


def record_read(resource: Resource, key: str, call: Callable[[], Any], failures: tuple[type[BaseException], ...],
                error_of: Callable[[Exception], ReadError], progress, fatal: tuple[type[BaseException], ...] = ()) -> None:
    """`failures` are recorded on the resource; `fatal` ones (e.g. no credentials) end the scan instead.
    `call` reads and shapes: a shape error is recorded on `key` too."""
    try:
        resource.record(key, call())
    except fatal:
        raise
    except failures as exc:
        resource.record_error(key, error_of(exc))
    except MALFORMED as exc:
        resource.record_error(key, unexpected(key, exc))
    finally:
        progress.advance()


def submit_reads(pool, resource: Resource, reads, perform: Callable[[Any], Any],
                 record: Callable[[Resource, str, Callable[[], Any], Any], None], progress) -> None:
    """Each declared read of a listed item as a pool task (`perform` sends a read's request, `record` records
    the shaped answer or the failure); a read the resource cannot have (`none_when`) is recorded as None
    without a request."""
    for read in reads:
        if read.none_when is not None and read.none_when(resource):
            resource.record(read.key, None)
            progress.advance()
            continue
        pool.submit(record, resource, read.key, lambda r=read: r.shape(perform(r)), progress)


def listed_resource(make: Callable[[], Resource], shape: Callable[[], dict[str, Any]], keys, listing: str,
                    snapshot: Snapshot, account: str) -> Resource | None:
    """A listed item as a resource. An item whose config cannot be shaped keeps its identity, with an error
    on each of the listing's keys; an item without an identity (id, name) is an error of the listing."""
    try:
        resource = make()
    except MALFORMED as exc:
        snapshot.record_error(listing, unexpected("an item of the listing", exc), account)
        return None
    try:
        resource.config.update(shape())
    except MALFORMED as exc:
        for key in keys:
            resource.record_error(key, unexpected(key, exc))
    return resource
