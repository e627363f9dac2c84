"""Start-up and collection runtime (issue 26): srmscan's own YAML files are parsed once and then taken from the
user's cache (lines kept, a changed file parsed again, a damaged cache ignored); collection runs with a quieter
garbage collector and leaves it as it was; the latency benchmark names each logged request as AWS would."""

from __future__ import annotations

import datetime
import gc
import json
import sys
from pathlib import Path

import pytest

from srmscan.yamlfile import line_of, load_yaml

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "srmscan" / "parsed"


def test_a_file_parsed_once_comes_from_the_cache_with_its_lines(tmp_path, cache_home):
    path = tmp_path / "m.yaml"
    path.write_text("provider: aws\nchecks:\n  aws.a:\n    duties: [x]\n")
    first = load_yaml(path, "mapping", cache=True)
    [cached] = cache_home.iterdir()
    cached.write_text(cached.read_text().replace('"aws"', '"from-the-cache"'))   # proves the next load reads it
    second = load_yaml(path, "mapping", cache=True)
    assert second["provider"] == "from-the-cache"
    assert line_of(second["checks"], "aws.a") == line_of(first["checks"], "aws.a") == 3
    assert line_of(second["checks"]["aws.a"]["duties"]) == 4
    path.write_text("provider: gcp\nchecks: {}\n")   # changed: parsed again
    assert load_yaml(path, "mapping", cache=True)["provider"] == "gcp"


def test_a_damaged_cache_is_ignored_and_a_date_is_never_cached(tmp_path, cache_home):
    path = tmp_path / "m.yaml"
    path.write_text("a: [1, 2]\n")
    load_yaml(path, cache=True)
    [cached] = cache_home.iterdir()
    cached.write_text('["M", 1, {}, {"a": ["L"')   # cut short
    assert load_yaml(path, cache=True) == {"a": [1, 2]}
    dated = tmp_path / "d.yaml"
    dated.write_text("expires: 2027-01-01\n")
    assert load_yaml(dated, cache=True)["expires"] == datetime.date(2027, 1, 1)
    assert len(list(cache_home.iterdir())) == 1   # the date file was not cached


def test_collection_quiets_the_garbage_collector_and_restores_it():
    from srmscan.concurrency import quiet_collector

    before = gc.get_threshold()
    with quiet_collector(young=12_345):
        assert gc.get_threshold()[0] == 12_345 and gc.get_freeze_count() > 0
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


@pytest.mark.parametrize("method, target, signing, text, named", [
    ("GET", "/acme?ownershipControls", "s3", "", ("s3", "GetBucketOwnershipControls")),
    ("GET", "/acme?acl", "s3", "", ("s3", "GetBucketAcl")),
    ("GET", "/", "s3", "", ("s3", "ListBuckets")),
    ("GET", "/v20180820/configuration/publicAccessBlock", "s3", "", ("s3control", "GetPublicAccessBlock")),
    ("POST", "/", "elasticloadbalancing", "\nAction=DescribeLoadBalancers&Version=2015-12-01",
     ("elbv2", "DescribeLoadBalancers")),
    ("POST", "/", "elasticloadbalancing", "\nAction=DescribeLoadBalancers&Version=2012-06-01",
     ("elb", "DescribeLoadBalancers")),
    ("POST", "/", "kms", "TrentService.ListKeys\n{}", ("kms", "ListKeys")),
])
def test_the_benchmark_names_requests_as_aws_would(method, target, signing, text, named):
    sys.path.insert(0, str(REPO / "bench"))
    from critical_path import name_request

    authorization = f"AWS4-HMAC-SHA256 Credential=AKID/20261204/eu-west-1/{signing}/aws4_request, SignedHeaders=host"
    assert name_request(method, target, authorization, text) == (*named, "eu-west-1")


def _logged(method: str, target: str, signing: str, text: str = "\n", region: str = "us-east-1") -> tuple:
    authorization = f"AWS4-HMAC-SHA256 Credential=AKID/20261204/{region}/{signing}/aws4_request, SignedHeaders=host"
    return (1.0, 1.1, method, target, authorization, text)


def test_the_critical_path_counts_pages_not_repeated_listings():
    sys.path.insert(0, str(REPO / "bench"))
    from critical_path import aws_chain

    identity = _logged("POST", "/", "sts", "\nAction=GetCallerIdentity&Version=2011-06-15")
    pages = [_logged("GET", "/?max-buckets=1000", "s3"), _logged("GET", "/?max-buckets=1000&continuation-token=a", "s3"),
             _logged("GET", "/?max-buckets=1000&continuation-token=b", "s3"), _logged("GET", "/acme?location", "s3")]
    trips, chain = aws_chain([identity, *pages])
    assert chain[:5] == ["GetCallerIdentity", "ListBuckets (page 1)", "ListBuckets (page 2)", "ListBuckets (page 3)",
                         "GetBucketLocation"] and trips == len(chain)
    same_listing_twice = [_logged("POST", "/", "ecs", "AmazonEC2ContainerServiceV20141113.ListClusters\n{}")] * 2
    assert aws_chain([identity, *same_listing_twice]) == (2, ["GetCallerIdentity", "ListClusters"])
    regions = _logged("POST", "/", "ec2", "\nAction=DescribeRegions&Version=2016-11-15&AllRegions=true")
    # asked at once: the regional listings wait one round trip for both, not two
    assert aws_chain([identity, regions, *same_listing_twice]) == (2, ["GetCallerIdentity | DescribeRegions",
                                                                      "ListClusters"])


def _exchange(start: float, request: str, answer: str = "") -> tuple:
    return (start, start + 1, request, answer)   # whole seconds: exact sums


TOKEN_GET = _exchange(0, "POST /tenant/oauth2/v2.0/token\n\nclient_id=app", '{"access_token": "eyJhbGciOi.payload"}')
SUBSCRIPTIONS = _exchange(1, "GET /subscriptions?api-version=2022-12-01\nBearer eyJhbGciOi.payload\n",
                          '{"value": [{"subscriptionId": "sub-0001"}]}')
VAULTS_PAGE_1 = _exchange(2, "GET /subscriptions/sub-0001/providers/Microsoft.KeyVault/vaults?api-version=2023-07-01"
                               "\nBearer eyJhbGciOi.payload\n",
                          '{"value": [{"name": "kv-prod1"}], "nextLink": "https://arm/vaults?$skiptoken=page2token"}')
VAULTS_PAGE_2 = _exchange(3, "GET /vaults?$skiptoken=page2token&api-version=2023-07-01\n\n", '{"value": [{"name": "kv-dev2"}]}')
KEYS_OF_DEV = _exchange(4, "GET /keyvault/kv-dev2/keys?api-version=2023-07-01\n\n", '{"value": []}')
KEYS_OF_PROD = _exchange(3, "GET /keyvault/kv-prod1/keys?api-version=2023-07-01\n\n", '{"value": []}')


@pytest.mark.parametrize("log, trips, last", [
    ([], 0, None),
    ([TOKEN_GET], 1, "POST /tenant/oauth2/v2.0/token"),
    # token -> subscriptions -> vaults page 1 -> page 2 -> a key listing of a vault page 2 named
    ([TOKEN_GET, SUBSCRIPTIONS, VAULTS_PAGE_1, VAULTS_PAGE_2, KEYS_OF_DEV, KEYS_OF_PROD], 5,
     "GET /keyvault/kv-dev2/keys (sends kv-dev2)"),
    # the api-version was sent before any answer held it: no dependency, though a later answer holds it too
    ([_exchange(0, "GET /a?api-version=2023-07-01\n\n", '{"v": "2023-07-01"}'),
      _exchange(2, "GET /b?api-version=2023-07-01\n\n")], 1, "GET /a"),
    # further pages of one listing, however short their page token, each wait for the page before
    ([_exchange(0, "GET /v1/projects/p/topics?pageToken=\n\n", '{"nextPageToken": "2"}'),
      _exchange(1, "GET /v1/projects/p/topics?pageToken=2\n\n", '{"nextPageToken": "4"}'),
      _exchange(2, "GET /v1/projects/p/topics?pageToken=4\n\n"),
      _exchange(2, "GET /v1/projects/p/subscriptions?pageToken=2\n\n")], 3, "GET /v1/projects/p/topics (next page)"),
    # and so do the pages of a query whose page token is in its body (Resource Graph)
    ([_exchange(0, 'POST /providers/Microsoft.ResourceGraph/resources\n\n{"query": "q", "options": {}}'),
      _exchange(1, 'POST /providers/Microsoft.ResourceGraph/resources\n\n{"query": "q", "options": {"$skipToken": "2"}}')],
     2, "POST /providers/Microsoft.ResourceGraph/resources (next page)"),
    # the API's own words (no digit) are a client's literals, even when an earlier answer held them
    ([_exchange(0, "GET /clusters\n\n", '{"logs": "/providers/x/workspaces/law1"}'),
      _exchange(2, "GET /providers/Microsoft.Synapse/workspaces\n\n")], 1, "GET /clusters"),
    # an answer that arrived after the request sending its value is not what the request waited for
    ([_exchange(0, "GET /slow\n\n", '{"name": "kv-prod1"}'), _exchange(0.5, "GET /keyvault/kv-prod1/keys\n\n")],
     1, "GET /slow"),
])
def test_the_dataflow_critical_path_follows_values_from_answers_to_requests(log, trips, last):
    sys.path.insert(0, str(REPO / "bench"))
    from critical_path import dataflow_chain

    found, chain = dataflow_chain(log)
    assert found == trips == len(chain)
    assert (chain[-1] if chain else None) == last


def test_the_dataflow_critical_path_counts_only_requests_after_its_start():
    sys.path.insert(0, str(REPO / "bench"))
    from critical_path import dataflow_chain

    assert dataflow_chain([TOKEN_GET, SUBSCRIPTIONS, VAULTS_PAGE_1], since=1)[0] == 2


def test_botocore_models_parsed_plainly_are_the_models_botocore_parses(cache_home):
    """The same models, service models without their documentation, parsed or taken from the cache alike."""
    import boto3
    import botocore.session
    from botocore.loaders import Loader

    from srmscan.providers.aws.models import PlainJSONFileLoader, without_documentation
    from srmscan.providers.aws.services import SERVICES, kinds
    from srmscan.providers.aws.session import AwsClients

    names = {"sts", "ec2"} | {step.request.service or kind.service for kind in kinds(SERVICES)
                              for step in (kind.listing, kind.locate, *kind.reads) if step is not None}
    ordered, parsed, cached = Loader(), Loader(file_loader=PlainJSONFileLoader()), Loader(file_loader=PlainJSONFileLoader())
    for name in sorted(names):
        for type_name in ("service-2", "endpoint-rule-set-1", "paginators-1"):
            try:
                expected = ordered.load_service_model(name, type_name)
            except Exception as exc:   # a service without paginators: the same failure both ways
                with pytest.raises(type(exc)):
                    parsed.load_service_model(name, type_name)
                continue
            stripped = without_documentation if type_name == "service-2" else (lambda model: model)
            expected = stripped(json.loads(json.dumps(expected)))
            for plain in (parsed, cached):   # the second loader reads the first one's cache
                found = plain.load_service_model(name, type_name)
                assert type(found) is dict and list(found) == list(expected), (name, type_name)
                # (botocore merges a service's sdk-extras, documented, into the model it loaded)
                assert stripped(json.loads(json.dumps(found))) == expected, (name, type_name)
    assert len(list((cache_home.parent / "botocore-models").iterdir())) == len(names)
    clients = AwsClients(None, None, 4, session=boto3.Session(botocore_session=botocore.session.Session()))
    assert type(clients.session._session.get_component("data_loader").file_loader) is PlainJSONFileLoader


def test_a_service_model_loses_its_documentation_only_and_a_damaged_cache_is_parsed_again(cache_home):
    from botocore.loaders import Loader
    from botocore.model import ServiceModel

    from srmscan.providers.aws.models import PlainJSONFileLoader

    full = Loader().load_service_model("s3", "service-2")
    stripped = Loader(file_loader=PlainJSONFileLoader()).load_service_model("s3", "service-2")
    assert "documentation" not in json.dumps({k: v for k, v in stripped.items() if k != "clientContextParams"})
    assert stripped["clientContextParams"] == full["clientContextParams"]   # botocore reads these docs
    assert stripped["operations"].keys() == full["operations"].keys() and stripped["shapes"].keys() == full["shapes"].keys()
    model = ServiceModel(stripped, "s3")
    assert model.operation_model("GetBucketPolicy").input_shape.members.keys() == \
        ServiceModel(full, "s3").operation_model("GetBucketPolicy").input_shape.members.keys()
    assert [p.name for p in model.client_context_parameters]   # reads the kept documentation
    [kept] = (cache_home.parent / "botocore-models").iterdir()
    whole = kept.read_text()
    kept.write_text(whole[:1000])   # cut short
    assert Loader(file_loader=PlainJSONFileLoader()).load_service_model("s3", "service-2") == stripped
    assert kept.read_text() == whole   # written again, whole


def test_an_aws_scans_clients_share_their_services_model_and_class_across_regions(aws_client, moto):
    import boto3
    import botocore.session

    from srmscan.providers.aws.session import AwsClients

    aws_client("sqs", "eu-west-1").create_queue(QueueName="shared-model")
    clients = AwsClients(None, moto, 4, session=boto3.Session(botocore_session=botocore.session.Session()))
    east, west, s3 = clients.client("sqs", "us-east-1"), clients.client("sqs", "eu-west-1"), clients.client("s3")
    assert type(east) is type(west) and east.meta.service_model is west.meta.service_model
    assert type(s3) is not type(east) and east.meta.region_name == "us-east-1" and west.meta.region_name == "eu-west-1"
    assert east.meta.events is not west.meta.events   # each client keeps its own hooks (retries, read-only guard)
    assert [url.rsplit("/", 1)[-1] for url in west.list_queues().get("QueueUrls", [])] == ["shared-model"]
    assert east.list_queues().get("QueueUrls", []) == []   # each its own region
    other = boto3.Session(botocore_session=botocore.session.Session()).client("sqs", region_name="us-east-1",
                                                                              endpoint_url=moto)
    assert type(other) is not type(east) and other.meta.service_model is not east.meta.service_model   # not ours


def test_a_report_without_the_table_does_not_import_its_renderer():
    import subprocess

    probe = ("import sys\n"
             "from srmscan.findings import Report\n"
             "from srmscan.report import report_files, option_functions\n"
             "options = {name: function() for name, function in option_functions().items()}\n"
             "empty = Report([], [], [], '2026-12-04T00:00:00Z')\n"
             "assert [f for name, o in options.items() for f in report_files(name, empty, o)] == []\n"
             "print(sorted(m for m in ('rich.console', 'srmscan.report.table') if m in sys.modules))\n")
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO)
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "[]"


def test_the_benchmarks_replaying_proxy_gives_each_repeat_of_a_request_the_answer_it_had():
    import http.client
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from fault_proxy import FaultProxy

    answered = {"count": 0}

    class Upstream(BaseHTTPRequestHandler):   # a poll whose answer changes: "1", "2", ...; /broken answers 500
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            answered["count"] += 1
            body = str(answered["count"]).encode()
            self.send_response(500 if self.path == "/broken" else 200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    upstream = ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()

    def get(proxy, path: str) -> str:
        host, port = proxy.server.server_address[:2]
        connection = http.client.HTTPConnection(host, port, timeout=10)
        connection.request("GET", path)
        answer = connection.getresponse().read().decode()
        connection.close()
        return answer

    try:
        with FaultProxy(f"http://127.0.0.1:{upstream.server_address[1]}") as proxy:
            proxy.replay = {}
            first_run = [get(proxy, "/poll"), get(proxy, "/poll"), get(proxy, "/broken")]
            proxy.replay_from_start()
            second_run = [get(proxy, "/poll"), get(proxy, "/poll"), get(proxy, "/poll"), get(proxy, "/broken")]
    finally:
        upstream.shutdown()
        upstream.server_close()
    assert first_run == ["1", "2", "3"]
    # the two answers kept, in order; a third poll and a server error (never kept) reach the upstream
    assert second_run == ["1", "2", "4", "5"]


def test_the_program_ends_without_a_last_collection_of_its_heap_and_keeps_its_exit_code(tmp_path):
    """`srmscan` and `python -m srmscan` run program(): main(), then gc.freeze(), so the interpreter's final
    collection skips what the run made; the exit code and the output are main()'s."""
    import subprocess
    import tomllib

    assert tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]["srmscan"] == \
        "srmscan.cli.app:program"
    probe = ("import atexit, gc, sys; atexit.register(lambda: print('frozen', gc.get_freeze_count(), file=sys.stderr));"
             "sys.argv = ['srmscan', *sys.argv[1:]]; from srmscan.cli.app import program; program()")
    shown = subprocess.run([sys.executable, "-c", probe, "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert shown.returncode == 0 and shown.stdout.startswith("srmscan ")
    assert int(shown.stderr.split("frozen ")[1]) > 1000
    refused = subprocess.run([sys.executable, "-c", probe, "scan", "aws", "--no-such-option"], capture_output=True,
                             text=True, cwd=tmp_path)
    assert refused.returncode == 2 and "no-such-option" in refused.stderr
    assert int(refused.stderr.split("frozen ")[1]) > 1000
