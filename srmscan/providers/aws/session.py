"""boto3 session and client set-up: credentials, retries, pools, and the read-only guard."""

from __future__ import annotations

import contextlib
import functools
import threading
import urllib.request
from urllib.parse import urlsplit, urlunsplit

import boto3
import botocore.exceptions
from botocore.config import Config

from srmscan import __version__
from srmscan.errors import SrmscanError
from srmscan.providers.aws.target import ENDPOINT_TURNS
from srmscan.providers.aws.events import lighten_copies
from srmscan.providers.aws.models import parse_models_plainly, share_per_service
from srmscan.providers.aws.retry import DEFAULT_BUDGET, DEFAULT_MAX_ATTEMPTS, RetryPolicy, attach

READ_PREFIXES = ("Get", "List", "Describe", "Head")
# Read-only operations whose names do not say so. GenerateCredentialReport only asks IAM to (re)build
# the account's credential report, a read-only document the next GetCredentialReport returns; it
# changes no identity, policy or credential. Inspector's BatchGetAccountStatus only reads which scan types are on.
READ_ONLY_BY_NAME = frozenset({"GenerateCredentialReport", "BatchGetAccountStatus"})
# Entering the accounts of an organisation scan: sts:AssumeRole returns temporary credentials and changes
# nothing in any account. Only the one STS client made for it (AwsClients.role_assumer) may send it.
ROLE_ASSUMPTION = frozenset({"AssumeRole"})
CONNECT_TIMEOUT, READ_TIMEOUT = 10, 30   # seconds, for every request (first contact: srmscan.providers.reachability)


class WriteRefused(RuntimeError):
    """srmscan never changes a scanned account: a non-read operation is stopped before it is sent."""


def refuse_writes(model, allowed: frozenset[str] = frozenset(), **_kwargs) -> None:
    if not model.name.startswith(READ_PREFIXES) and model.name not in READ_ONLY_BY_NAME | allowed:
        raise WriteRefused(f"srmscan is read-only: refused to call {model.name}")


class RequestCounter:
    """Counts HTTP requests sent (retries included)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.value = 0

    def __call__(self, **_kwargs) -> None:
        with self._lock:
            self.value += 1


def account_host_fix(endpoint_url: str):
    """botocore prefixes s3control hosts with the account id (`ACCOUNT.host`), which does not resolve
    for a custom endpoint such as LocalStack or moto. Undo that before the request is signed."""
    endpoint_netloc = urlsplit(endpoint_url).netloc

    def fix(request, **_kwargs) -> None:
        parts = urlsplit(request.url)
        prefix, _, rest = parts.netloc.partition(".")
        if rest == endpoint_netloc and prefix.isdigit():
            request.url = urlunsplit(parts._replace(netloc=rest))

    return fix


def no_proxies_anywhere() -> dict | None:
    """{} when the environment names no proxy, else None. botocore asks the environment which proxy each new client's
    endpoint takes (get_environ_proxies: every variable of the environment read twice, ~0.3 ms a client, 800 clients in
    a scan of every region); with no proxy named the answer is {} for every endpoint, given once here. With a proxy
    named, botocore still decides for each endpoint (NO_PROXY)."""
    return {} if not urllib.request.getproxies() else None


class AwsClients:
    """One session, one client per (service, region), shared by all threads."""

    def __init__(self, profile: str | None, endpoint_url: str | None, pool_size: int,
                 max_attempts: int = DEFAULT_MAX_ATTEMPTS, retry_budget: float = DEFAULT_BUDGET,
                 session: boto3.Session | None = None):
        try:
            self.session = session or boto3.Session(profile_name=profile)
        except botocore.exceptions.ProfileNotFound:
            raise SrmscanError(f"AWS profile {profile!r} is not in your AWS config; check --profile or "
                               "`aws configure list-profiles`") from None
        parse_models_plainly(self.session)
        share_per_service(self.session)
        lighten_copies(self.session)
        self.profile = profile
        self.endpoint_url = endpoint_url
        self.requests = RequestCounter()
        self.retry = RetryPolicy(max_attempts, retry_budget)
        self.config = Config(
            retries={"mode": "standard", "total_max_attempts": 1},  # srmscan's RetryPolicy decides instead
            max_pool_connections=pool_size,
            connect_timeout=CONNECT_TIMEOUT,
            read_timeout=READ_TIMEOUT,
            user_agent_extra=f"srmscan/{__version__}",
            proxies=no_proxies_anywhere(),
        )
        self._clients: dict[tuple[str, str | None], object] = {}
        self._turns: dict[tuple[str, str | None], threading.BoundedSemaphore] = {}
        self._lock = threading.Lock()

    def client(self, service: str, region: str | None = None):
        return self._kept((service, region), lambda: self._made(service, region))

    @contextlib.contextmanager
    def turn(self, service: str, region: str | None = None):
        """The client of (service, region), while one of ENDPOINT_TURNS requests in flight there is this thread's."""
        key = (service, region)
        turns = self._turns.get(key)
        if turns is None:
            with self._lock:
                turns = self._turns.setdefault(key, threading.BoundedSemaphore(ENDPOINT_TURNS))
        with turns:
            yield self.client(service, region)

    def prepare(self, keys: list[tuple[str, str | None]]) -> None:
        """Make the clients of `keys` (service, region) ahead of their first request: CPU spent while the network is
        awaited. Sends nothing."""
        for service, region in keys:
            self.client(service, region)

    def role_assumer(self):
        """The STS client that enters other accounts: reads, and sts:AssumeRole only."""
        return self._kept(("sts", "role-assumer"), lambda: self._made("sts", None, ROLE_ASSUMPTION))

    def _kept(self, key: tuple[str, str | None], make):
        """The client kept under `key`, made (by one thread) the first time. A kept client is read without the lock,
        so a request does not wait while another thread makes some other service's client (5-30 ms)."""
        found = self._clients.get(key)
        if found is None:
            with self._lock:
                found = self._clients.get(key)
                if found is None:
                    found = self._clients[key] = make()
        return found

    def _made(self, service: str, region: str | None, allowed: frozenset[str] = frozenset()):
        made = self.session.client(service, region_name=region or self.default_region, endpoint_url=self.endpoint_url,
                                   config=self.config)
        self._guard(made, allowed)
        return made

    def _guard(self, client, allowed: frozenset[str] = frozenset()) -> None:
        """Hooks on srmscan's own clients only: the session's events also reach the clients botocore
        makes to resolve credentials (AssumeRole, AssumeRoleWithWebIdentity, SSO), which must work."""
        events = client.meta.events
        attach(client, self.retry)
        events.register("before-call", functools.partial(refuse_writes, allowed=allowed) if allowed else refuse_writes)
        events.register("before-send", self.requests)
        if self.endpoint_url:
            events.register("before-sign.s3-control", account_host_fix(self.endpoint_url))

    @property
    def default_region(self) -> str:
        return self.session.region_name or "us-east-1"
