"""Cloud Storage's transport: the google-cloud-storage operations srmscan.providers.gcp.declare.CloudStorage
names, one client per project (created on first use) over the read-only session, each answer the JSON API's
resource, through google-api-core's retry."""

from __future__ import annotations

import threading
from typing import Any

from srmscan.providers.gcp.session import make_client
from srmscan.providers.reachability import Reachability


class BucketReader:
    def __init__(self, creds: object, endpoint: str | None, pool_size: int, reachability: Reachability, retry):
        self._args = (creds, endpoint, pool_size, reachability)
        self._retry = retry
        self._clients: dict[str, Any] = {}
        self._lock = threading.Lock()

    def _client(self, project: str):
        with self._lock:
            if project not in self._clients:
                self._clients[project] = make_client(project, *self._args)
            return self._clients[project]

    def list_buckets(self, project: str, _name: str = "") -> list[dict[str, Any]]:
        buckets = self._client(project).list_buckets(project=project, projection="noAcl", retry=self._retry)
        # a Bucket keeps the JSON API resource it was built from; the shapes read that, as on every API
        return [dict(bucket._properties) for bucket in buckets]

    def iam_policy(self, project: str, name: str) -> dict[str, Any]:
        bucket = self._client(project).bucket(name)
        return bucket.get_iam_policy(requested_policy_version=3, retry=self._retry).to_api_repr()

    def acl(self, project: str, name: str) -> list[dict[str, Any]]:
        return self._entries(self._client(project).bucket(name).acl)

    def default_object_acl(self, project: str, name: str) -> list[dict[str, Any]]:
        return self._entries(self._client(project).bucket(name).default_object_acl)

    def _entries(self, acl) -> list[dict[str, Any]]:
        acl.reload(retry=self._retry)
        return [dict(entry) for entry in acl]
