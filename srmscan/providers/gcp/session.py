"""Credentials and a Cloud Storage client whose HTTP session refuses anything but reads."""

from __future__ import annotations

import os

import google.auth
from google.auth.credentials import AnonymousCredentials
from google.auth.exceptions import DefaultCredentialsError
from google.auth.transport.requests import AuthorizedSession

from srmscan.errors import SrmscanError
from srmscan.providers.http_adapter import mount
from srmscan.providers.reachability import Reachability

READ_METHODS = ("GET", "HEAD")
# Google APIs whose read is a POST: Resource Manager's getIamPolicy (projects, folders, organisations) takes its
# options in a body but changes nothing; it needs only the *.getIamPolicy permission of the Viewer role.
READ_POSTS = (":getIamPolicy",)
READ_ONLY_SCOPE = "https://www.googleapis.com/auth/cloud-platform.read-only"


class WriteRefused(RuntimeError):
    """srmscan never changes a scanned project: a non-read request is stopped before it is sent."""


class ReadOnlySession(AuthorizedSession):
    """The client's HTTP session: GET and HEAD only, plus POST to a getIamPolicy method (token refreshes use
    their own session)."""

    def request(self, method, url, *args, **kwargs):
        path = url.split("?")[0]
        if method.upper() not in READ_METHODS and not (method.upper() == "POST" and path.endswith(READ_POSTS)):
            raise WriteRefused(f"srmscan is read-only: refused {method.upper()} {url.split('?')[0]}")
        return super().request(method, url, *args, **kwargs)


def credentials(endpoint: str | None) -> tuple[object, str | None]:
    """Application Default Credentials with a read-only scope; anonymous for an emulator."""
    if os.environ.get("STORAGE_EMULATOR_HOST"):
        return AnonymousCredentials(), None
    try:
        return google.auth.default(scopes=[READ_ONLY_SCOPE])
    except DefaultCredentialsError:
        if endpoint:
            return AnonymousCredentials(), None
        raise SrmscanError("no Google Cloud credentials: run `gcloud auth application-default login` or set "
                           "GOOGLE_APPLICATION_CREDENTIALS") from None


def read_only_session(creds: object, pool_size: int, reachability: Reachability) -> ReadOnlySession:
    session = ReadOnlySession(creds)
    mount(session, reachability, pool_size)
    return session


def make_client(project: str, creds: object, endpoint: str | None, pool_size: int,
                reachability: Reachability):
    from google.cloud import storage   # only when buckets are read: a heavy import

    session = read_only_session(creds, pool_size, reachability)
    client_options = {"api_endpoint": endpoint} if endpoint and not os.environ.get("STORAGE_EMULATOR_HOST") else None
    return storage.Client(project=project, credentials=creds, _http=session, client_options=client_options)
