"""The critical path of an AWS account scan, worked out from a proxy's request log (tests/fault_proxy.FaultProxy's
timeline) and the declarations srmscan reads by.

Each logged request is named (service, operation, region) as AWS would: the SigV4 credential scope gives the
signing name and region, X-Amz-Target or the query protocol's Action the operation, and for REST services the
method and path are matched against botocore's model (the operation's requestUri). A chain of dependent requests
is what no amount of concurrency can overlap:

    GetCallerIdentity -> DescribeRegions (regional kinds only) -> every page of a listing, one after another -> the
    read that finds where an item lives (GetBucketLocation) -> each wave of reads that needs the previous wave's
    answers

The critical path is the longest such chain among the kinds the log shows were listed, counted in round trips
(pages as the log saw them, waves only when one of their operations was sent). Times latency, it is the wall a
client with unbounded concurrency and no CPU cost would need. Prints nothing; bench scripts call `aws_chain`.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from functools import lru_cache
from urllib.parse import parse_qs, unquote, urlsplit

SCOPE = re.compile(r"Credential=[^/]+/\d{8}/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request")


@lru_cache(maxsize=None)
def _models() -> list:
    """botocore's models of every service srmscan reads (and STS, EC2's DescribeRegions)."""
    import botocore.session

    from srmscan.providers.aws.services import SERVICES, kinds

    names = {"sts", "ec2"}
    for kind in kinds(SERVICES):
        names |= {kind.service} | {step.request.service for step in (*kind.reads, kind.locate, kind.listing)
                                   if step is not None and step.request.service}
    session = botocore.session.get_session()
    return [session.get_service_model(name) for name in sorted(n for n in names if n)]


@lru_cache(maxsize=None)
def _by_target_prefix() -> dict[str, str]:
    return {m.metadata["targetPrefix"]: m.service_name for m in _models() if m.metadata.get("targetPrefix")}


@lru_cache(maxsize=None)
def _by_signing_and_version() -> dict[tuple[str, str], str]:
    return {(m.signing_name, m.api_version): m.service_name for m in _models() if m.protocol in ("query", "ec2")}


def _rest_templates(model) -> list[tuple[str, re.Pattern, tuple[str, ...], int, str]]:
    templates = []
    for name in model.operation_names:
        http = model.operation_model(name).http
        path, _, query = http["requestUri"].partition("?")
        pattern = re.escape(path)
        pattern = re.sub(r"\\\{[A-Za-z0-9_]+\\\+\\\}", ".+", pattern)
        pattern = re.sub(r"\\\{[A-Za-z0-9_]+\\\}", "[^/]+", pattern)
        keys = tuple(part.split("=", 1)[0] for part in query.split("&") if part)
        literal = len(re.sub(r"\{[^}]+\}", "", path))
        templates.append((http["method"], re.compile(f"^{pattern}/?$"), keys, literal, model.service_name, name))
    return templates


@lru_cache(maxsize=None)
def _templates(signing_name: str) -> list:
    return [t for model in _models() if model.signing_name == signing_name and model.protocol.startswith("rest")
            for t in _rest_templates(model)]


def name_request(method: str, target: str, authorization: str, operation_text: str) -> tuple[str, str, str] | None:
    """(botocore service name, operation, region) of one logged request, or None when it cannot be named."""
    scope = SCOPE.search(authorization)
    if scope is None:
        return None
    region, signing = scope.groups()
    amz_target, _, body = operation_text.partition("\n")
    if amz_target:
        prefix, _, operation = amz_target.rpartition(".")
        return _by_target_prefix().get(prefix, prefix), operation, region
    parts = urlsplit(target)
    query = {**parse_qs(body), **parse_qs(parts.query)}
    action = (query.get("Action") or [None])[0]
    if action:   # the query protocol: its Version tells apart APIs sharing a signing name (ELB and ELBv2)
        version = (query.get("Version") or [""])[0]
        return _by_signing_and_version().get((signing, version), signing), action, region
    path, query_keys = unquote(parts.path), set(parse_qs(parts.query, keep_blank_values=True))
    best = None
    for verb, pattern, keys, literal, service, name in _templates(signing):
        if verb == method and pattern.match(path) and set(keys) <= query_keys:
            score = (len(keys), literal)
            if best is None or score > best[0]:
                best = (score, service, name)
    return (best[1], best[2], region) if best else None


def aws_chain(timeline: list[tuple], since: float = 0.0) -> tuple[int, list[str]]:
    """The critical path of the requests logged after `since`: (round trips, the chain named)."""
    from srmscan.providers.aws.declare import GLOBAL
    from srmscan.providers.aws.services import SERVICES, kinds
    from srmscan.providers.declare import read_waves

    firsts, followers = Counter(), Counter()   # per listing: requests without a page token, and with one
    for start, _end, method, target, auth, text in timeline:
        found = name_request(method, target, auth, text) if start >= since else None
        if found:
            unpaged, paged = _unpaged(target, text)
            (followers if paged else firsts)[(*found, unpaged)] += 1
    # a listing's pages: its first request and, on average, the pages that followed each time it was sent (two
    # kinds sending the same listing are not two pages of it)
    sent = {key: 1 + math.ceil(followers[key] / n) for key, n in firsts.items()}
    ops_sent = {(service, op) for service, op, _region, _params in sent}
    declared = {(step.request.service or kind.service, _api_name(step.request.operation)) for kind in kinds(SERVICES)
                for step in (kind.listing, kind.locate, *kind.reads) if step is not None}
    regional = ["GetCallerIdentity"] + (["DescribeRegions"] if ("ec2", "DescribeRegions") in ops_sent else [])
    longest: list[str] = regional
    for kind in kinds(SERVICES):
        if kind.listing is None:
            continue
        head = ["GetCallerIdentity"] if kind.scope == GLOBAL else regional   # global listings need no region list
        service = kind.listing.request.service or kind.service
        operation = _api_name(kind.listing.request.operation)
        pages = max((n for (s, op, _region, _params), n in sent.items() if (s, op) == (service, operation)), default=0)
        if not pages:
            continue
        chain = head + [f"{operation} (page {i + 1})" if pages > 1 else operation for i in range(pages)]
        undeclared = {op for s, op in ops_sent - declared if s == service}
        if kind.listing.request.call is not None and undeclared:   # a listing made of several calls (ECS services
            chain.append(" | ".join(sorted(undeclared)))            # per cluster): its follow-up was sent
        steps = [[kind.locate]] if kind.locate is not None else []
        for wave in [*steps, *read_waves(kind.reads)]:
            done = sorted({_api_name(r.request.operation) for r in wave
                           if (r.request.service or kind.service, _api_name(r.request.operation)) in ops_sent})
            if done:
                chain.append(" | ".join(done))
        if len(chain) > len(longest):
            longest = chain
    return len(longest), longest


PAGE_TOKENS = frozenset({"Marker", "NextToken", "nextToken", "ContinuationToken", "continuation-token", "marker",
                         "StartingToken", "PageToken", "pageToken", "PaginationToken"})


def _unpaged(target: str, text: str) -> tuple[str, bool]:
    """A request's parameters without its page token (the pages of one listing look alike), and whether it had one.
    Body text is as the proxy logged it: X-Amz-Target, a newline, the body (JSON or a form), cut at 300 characters."""
    amz_target, _, body = text.partition("\n")
    parts = urlsplit(target)
    query = parse_qs(parts.query, keep_blank_values=True)
    try:
        fields = json.loads(body) if body.lstrip().startswith("{") else parse_qs(body, keep_blank_values=True)
    except ValueError:
        fields = {"": body}
    paged = bool(PAGE_TOKENS & (set(query) | set(fields)))
    kept = [sorted((k, str(v)) for k, v in found.items() if k not in PAGE_TOKENS) for found in (query, fields)]
    return repr((parts.path, amz_target, kept)), paged


def _api_name(operation: str) -> str:
    """boto3's snake_case method name as the API's operation name (DescribeDBInstances, not DescribeDbInstances)."""
    return _api_names().get(operation, operation)


@lru_cache(maxsize=None)
def _api_names() -> dict[str, str]:
    from botocore import xform_name

    return {xform_name(name): name for model in _models() for name in model.operation_names}
