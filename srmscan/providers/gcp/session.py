"""Credentials and a Cloud Storage client whose HTTP session refuses anything but reads."""

from __future__ import annotations

import os

import google.auth
from google.auth.credentials import AnonymousCredentials
from google.auth.exceptions import DefaultCredentialsError
from google.auth.transport.requests import AuthorizedSession
from google.cloud import storage
from requests.adapters import HTTPAdapter

from srmscan.errors import SrmscanError

READ_METHODS = ("GET", "HEAD")
READ_ONLY_SCOPE = "https://www.googleapis.com/auth/cloud-platform.read-only"


class WriteRefused(RuntimeError):
    """srmscan never changes a scanned project: a non-read request is stopped before it is sent."""


class ReadOnlySession(AuthorizedSession):
    """The client's HTTP session: GET and HEAD only (token refreshes use their own session)."""

    def request(self, method, url, *args, **kwargs):
        if method.upper() not in READ_METHODS:
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


def make_client(project: str, creds: object, endpoint: str | None, pool_size: int) -> storage.Client:
    session = ReadOnlySession(creds)
    adapter = HTTPAdapter(pool_connections=pool_size, pool_maxsize=pool_size)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    client_options = {"api_endpoint": endpoint} if endpoint and not os.environ.get("STORAGE_EMULATOR_HOST") else None
    return storage.Client(project=project, credentials=creds, _http=session, client_options=client_options)
