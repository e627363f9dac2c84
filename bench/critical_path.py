"""The critical path of a scan: for AWS (`aws_chain`) from a proxy's request log (tests/fault_proxy.FaultProxy's
timeline) and the declarations srmscan reads by; for any cloud (`dataflow_chain`) from a stand-in's log of requests
and answers (fixtures/request_log.py). `rule_bound` is issue 26's limit on a scan's wall time.

Each logged request is named (service, operation, region) as AWS would: the SigV4 credential scope gives the
signing name and region, X-Amz-Target or the query protocol's Action the operation, and for REST services the
method and path are matched against botocore's model (the operation's requestUri). A chain of dependent requests
is what no amount of concurrency can overlap:

    GetCallerIdentity -> DescribeRegions (regional kinds only) -> every page of a listing, one after another -> the
    read that finds where an item lives (GetBucketLocation) -> each wave of reads that needs the previous wave's
    answers

The critical path is the longest such chain among the kinds the log shows were listed, counted in round trips
(pages as the log saw them, waves only when one of their operations was sent). Times latency, it is the wall a
client with unbounded concurrency and no CPU cost would need. Prints nothing.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from functools import lru_cache
from urllib.parse import parse_qs, unquote, urlsplit



def rule_bound(critical_s: float) -> float:
    """The wall time issue 26 allows a scan whose critical path takes `critical_s`: 1.5 x that + 0.5 s."""
    return 1.5 * critical_s + 0.5


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
    from fault_proxy import sigv4_scope   # tests/, on the path of the AWS benches

    scope = sigv4_scope(authorization)
    if scope is None:
        return None
    region, signing = scope
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
    # the account and its regions are asked for at once: regional listings wait for both, one round trip
    regional = ["GetCallerIdentity | DescribeRegions" if ("ec2", "DescribeRegions") in ops_sent else "GetCallerIdentity"]
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


PAGE_TOKENS = frozenset({"Marker", "marker", "NextToken", "nextToken", "ContinuationToken", "continuation-token",
                         "StartingToken", "PageToken", "pageToken", "PaginationToken", "$skiptoken", "$skipToken", "$skip",
                         "continue"})


def _unpaged(target: str, text: str) -> tuple[str, bool]:
    """A proxy-logged AWS request (`text`: X-Amz-Target, a newline, the body cut at 300 characters) as
    _without_page_token has it."""
    amz_target, _, body = text.partition("\n")
    return _without_page_token(amz_target, target, body)


def _without_page_token(head: str, target: str, body: str) -> tuple[str, bool]:
    """A request without its page token, so that the pages of one listing look alike, and whether it had one: in
    the query or in the body (JSON, at any depth, as Resource Graph's options.$skipToken, or a form)."""
    parts = urlsplit(target)
    query = parse_qs(parts.query, keep_blank_values=True)
    try:
        fields = json.loads(body) if body.lstrip().startswith(("{", "[")) else parse_qs(body, keep_blank_values=True)
    except ValueError:
        fields = body
    kept_query, query_paged = _page_free(query)
    kept_fields, fields_paged = _page_free(fields)
    return repr((head, parts.path, kept_query, kept_fields)), query_paged or fields_paged


def _page_free(value):
    """`value` without page tokens at any depth (mappings sorted), and whether it held one."""
    if isinstance(value, dict):
        found = {key: _page_free(item) for key, item in value.items() if key not in PAGE_TOKENS}
        return ({key: kept for key, (kept, _paged) in sorted(found.items())},
                bool(PAGE_TOKENS & set(value)) or any(paged for _kept, paged in found.values()))
    if isinstance(value, list):
        found = [_page_free(item) for item in value]
        return [kept for kept, _paged in found], any(paged for _kept, paged in found)
    return value, False


def _api_name(operation: str) -> str:
    """boto3's snake_case method name as the API's operation name (DescribeDBInstances, not DescribeDbInstances)."""
    return _api_names().get(operation, operation)


@lru_cache(maxsize=None)
def _api_names() -> dict[str, str]:
    from botocore import xform_name

    return {xform_name(name): name for model in _models() for name in model.operation_names}


# -- any cloud: the chain from the data each request sends ----------------------------------------------------------

TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.~-]{3,}")


def dataflow_chain(log: list[tuple[float, float, str, str]], since: float = 0.0) -> tuple[int, list[str]]:
    """The critical path of the requests logged after `since`, from what they carry: (round trips, the chain).

    `log` holds (start, end, request text, answer text) per request, the request text being its method and
    path?query (URL-decoded) on one line, then its Authorization header, then its body. A request depends on an
    earlier one when
    - it is a further page of the same listing (same method, path and parameters but the page token), on the page
      before it; or
    - it sends a value that no request had sent before that earlier answer arrived, and that answer is the first to
      have held it: a name or id (a token with a digit), or the access token of its Authorization header. The API's
      own words (`workspaces`, `Microsoft.Compute`) are a client's literals: a request queued behind others may send
      one after some answer happened to hold it, and that is no dependency.
    The chain is the longest path of such dependencies. It cannot see a dependency that carries no value (a read
    made only because an earlier answer said something: AWS's ACL read after the bucket's ownership), so it may count
    fewer round trips than a client needs, never more than the answers allowed: judged against it, a scan is held to
    the stricter bound."""
    entries = sorted((e for e in log if e[0] >= since), key=lambda e: e[0])
    if not entries:
        return 0, []
    credentials = {_credential(request) for _start, _end, request, _answer in entries} - {""}
    sent = [_values(request, credentials) for _start, _end, request, _answer in entries]
    first_sent: dict[str, float] = {}
    for (start, *_rest), values in zip(entries, sent):
        for value in values:
            first_sent.setdefault(value, start)
    revealer: dict[str, int] = {}   # value -> the request whose answer first held it, when nothing had sent it before
    held: set[str] = set()
    for i in sorted(range(len(entries)), key=lambda i: entries[i][1]):
        for value in _values(entries[i][3], credentials) & first_sent.keys() - held:
            held.add(value)
            if entries[i][1] <= first_sent[value]:
                revealer[value] = i
    depth, parent = [1] * len(entries), [None] * len(entries)
    pages: dict[str, list[int]] = {}   # a listing (its request without the page token) -> its requests so far
    for i, (start, _end, request, _answer) in enumerate(entries):
        listing, paged = _listing(request)
        earlier = [j for j in pages.get(listing, []) if entries[j][1] <= start] if paged else []
        links = [(j, token) for token in sent[i] & revealer.keys() if (j := revealer[token]) != i
                 and entries[j][1] <= start] + ([(max(earlier, key=lambda j: entries[j][1]), "page")] if earlier else [])
        for j, via in links:
            if depth[j] + 1 > depth[i]:
                depth[i], parent[i] = depth[j] + 1, (j, via)
        pages.setdefault(listing, []).append(i)
    chain, at = [], max(range(len(entries)), key=depth.__getitem__)
    while at is not None:
        link = parent[at]
        chain.append(_label(entries[at][2]) + (f" ({'next page' if link[1] == 'page' else 'sends ' + link[1][:24]})"
                                               if link else ""))
        at = link[0] if link else None
    return max(depth), chain[::-1]


def _values(text: str, credentials: set[str]) -> set[str]:
    return {token for token in TOKEN.findall(text) if token in credentials or any(c.isdigit() for c in token)}


def _credential(request: str) -> str:
    """The access token of a logged request's Authorization header (its last word), if it has one."""
    words = request.partition("\n")[2].partition("\n")[0].split()
    return words[-1] if words else ""


def _listing(request: str) -> tuple[str, bool]:
    """A stand-in-logged request (method and path?query, Authorization, body) as _without_page_token has it."""
    line, _, rest = request.partition("\n")
    method, _, target = line.partition(" ")
    return _without_page_token(method, target, rest.partition("\n")[2])


def _label(request: str) -> str:
    line = request.partition("\n")[0]
    method, _, target = line.partition(" ")
    path = target.partition("?")[0]
    return f"{method} {path if len(path) <= 70 else '...' + path[-67:]}"
