"""How srmscan's AWS clients are made (issue 26): each client's copy of its session's event emitter is made more
cheaply (srmscan/providers/aws/events.py) but holds what botocore's copy holds, stays its own, aliases event names
and refuses handlers without **kwargs as botocore does; a scan with no proxy in its environment tells botocore so
once, and one with a proxy still goes through it."""

from __future__ import annotations

import boto3
import botocore.exceptions
import botocore.session
import pytest
from botocore.utils import EVENT_ALIASES

from srmscan.providers.aws.events import lighten_copies
from srmscan.providers.aws.services import SERVICES, kinds
from srmscan.providers.aws.session import AwsClients

SERVICE_NAMES = sorted({"sts", "ec2"} | {step.request.service or kind.service for kind in kinds(SERVICES)
                                         for step in (kind.listing, kind.locate, *kind.reads) if step is not None})


def _session(lightened: bool) -> boto3.Session:
    session = boto3.Session(botocore_session=botocore.session.Session(), region_name="us-east-1",
                            aws_access_key_id="test", aws_secret_access_key="test")
    if lightened:
        assert lighten_copies(session)
    return session


def _who(handler):
    """A handler as the same in two sessions: its function's code (a client's own objects and closures differ)."""
    handler = getattr(handler, "__func__", handler)
    handler = getattr(handler, "func", handler)   # a functools.partial
    handler = getattr(handler, "__func__", handler)
    return getattr(handler, "__code__", type(handler))


def _shape(node: dict):
    values = node["values"]
    return (node["chunk"], None if values is None else tuple(tuple(map(_who, part)) for part in values),
            tuple((key, _shape(child)) for key, child in node["children"].items()))


def _handlers(client):
    emitter = client.meta.events._emitter
    return _shape(emitter._handlers._root), sorted(emitter._unique_id_handlers)


def test_each_client_holds_the_handlers_botocores_copy_holds_in_the_same_order():
    stock, lightened = _session(False), _session(True)
    for region in ("us-east-1", "eu-west-1", "us-east-1"):   # the same service again, then again after others
        for name in SERVICE_NAMES:
            expected = _handlers(stock.client(name, region_name=region))
            assert _handlers(lightened.client(name, region_name=region)) == expected, (name, region)


def test_a_clients_emitter_stays_its_own():
    session = _session(True)
    east, west = session.client("sqs", region_name="us-east-1"), session.client("sqs", region_name="eu-west-1")
    heard = []
    east.meta.events.register("srmscan-probe.sqs.ListQueues", lambda **kwargs: heard.append("east"))
    session._session.register("srmscan-probe.sqs.ListQueues", lambda **kwargs: heard.append("session"))
    west.meta.events.emit("srmscan-probe.sqs.ListQueues")
    assert heard == []   # neither the sibling's nor the session's later handler
    east.meta.events.emit("srmscan-probe.sqs.ListQueues")
    assert heard == ["east"]
    later = session.client("sqs", region_name="eu-west-2")
    later.meta.events.emit("srmscan-probe.sqs.ListQueues")
    assert heard == ["east", "session"]   # a client made after the session's handler has it


@pytest.mark.parametrize("old,new", sorted(EVENT_ALIASES.items())[::7] + [("api.sagemaker", "sagemaker")])
def test_event_names_are_aliased_as_botocore_aliases_them(old, new):
    """A handler registered under either spelling of a service hears the event under the other, on every client of a
    lightened session (whose alias cache they share) as on botocore's."""
    for lightened in (False, True):
        session = _session(lightened)
        first, second = session.client("sqs", region_name="us-east-1"), session.client("sqs", region_name="eu-west-1")
        heard = []
        first.meta.events.register(f"srmscan-probe.{old}.Operation", lambda **kwargs: heard.append("old"))
        second.meta.events.register(f"srmscan-probe.{new}.Operation", lambda **kwargs: heard.append("new"))
        first.meta.events.emit(f"srmscan-probe.{new}.Operation")
        second.meta.events.emit(f"srmscan-probe.{old}.Operation")
        first.meta.events.emit("srmscan-probe.unaliased-service.Operation")
        assert heard == ["old", "new"], (lightened, old, new)


def test_a_handler_without_keyword_arguments_is_refused_every_time():
    session = _session(True)
    client = session.client("sqs", region_name="us-east-1")

    def positional(event_name):
        return event_name

    class Holder:
        def method(self, **kwargs):
            return kwargs

        def bare(self):
            return self

    for _ in range(2):
        with pytest.raises(ValueError, match="must accept keyword arguments"):
            client.meta.events.register("before-call.sqs", positional)
        with pytest.raises(ValueError, match="must accept keyword arguments"):
            client.meta.events.register("before-call.sqs", Holder().bare)
        client.meta.events.register("before-call.sqs", Holder().method)   # another instance: the same function


def test_a_session_whose_emitter_is_not_botocores_is_left_alone():
    from botocore.hooks import EventAliaser, HierarchicalEmitter

    class OwnHooks(HierarchicalEmitter):   # someone's own, whose copies srmscan does not know
        pass

    session = boto3.Session(botocore_session=botocore.session.Session(event_hooks=OwnHooks()))
    assert lighten_copies(session) is False
    emitter = session._session.get_component("event_emitter")
    assert type(emitter) is EventAliaser and type(emitter._emitter) is OwnHooks
    again = _session(True)
    assert lighten_copies(again) is True   # twice is once


def test_with_no_proxy_named_botocore_is_told_once_and_a_named_proxy_is_still_used(moto, monkeypatch):
    for variable in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy",
                     "no_proxy"):
        monkeypatch.delenv(variable, raising=False)
    clients = AwsClients(None, moto, 2, max_attempts=1, session=_session(False))
    assert clients.config.proxies == {}
    assert clients.client("sqs").list_queues().get("QueueUrls", []) == []

    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")   # the discard port: nothing listens there
    clients = AwsClients(None, moto, 2, max_attempts=1, session=_session(False))
    assert clients.config.proxies is None   # botocore decides for each endpoint
    with pytest.raises(botocore.exceptions.ProxyConnectionError):
        clients.client("sqs").list_queues()
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    clients = AwsClients(None, moto, 2, max_attempts=1, session=_session(False))
    assert clients.client("sqs").list_queues().get("QueueUrls", []) == []   # NO_PROXY kept


def _most_at_once(spans: list[tuple[float, float]]) -> int:
    edges = sorted([(start, 1) for start, _ in spans] + [(end, -1) for _, end in spans])
    most = current = 0
    for _, change in edges:
        current += change
        most = max(most, current)
    return most


def test_requests_to_one_service_in_one_region_take_turns_and_others_go_meanwhile(moto, monkeypatch):
    """At most ENDPOINT_TURNS requests in flight to one service in one region, counted at the wire (a proxy that
    holds each request 0.2 s); another service's requests are not held back by them."""
    from concurrent.futures import ThreadPoolExecutor

    from fault_proxy import FaultProxy, Rule, sigv4_scope
    import srmscan.providers.aws.session as session_module

    monkeypatch.setattr(session_module, "ENDPOINT_TURNS", 2)
    with FaultProxy(moto) as proxy:
        proxy.rules.append(Rule("*", "", delay=0.2))
        clients = AwsClients(None, proxy.url, 16, session=_session(False))

        def list_in(service: str) -> None:
            with clients.turn(service, "us-east-1") as client:
                (client.list_queues if service == "sqs" else client.list_topics)()

        with ThreadPoolExecutor(12) as pool:
            list(pool.map(list_in, ["sqs", "sns"] * 6))
        spans: dict[str, list] = {"sqs": [], "sns": []}
        for started, ended, _method, _path, authorization, _operation in proxy.timeline:
            spans[sigv4_scope(authorization)[1]].append((started, ended))
    assert len(spans["sqs"]) == len(spans["sns"]) == 6
    assert _most_at_once(spans["sqs"]) == _most_at_once(spans["sns"]) == 2
    assert _most_at_once(spans["sqs"] + spans["sns"]) == 4
