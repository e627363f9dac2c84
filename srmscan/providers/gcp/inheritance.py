"""What a project inherits from the folders and organisation above it: their Data Access audit configs and the
sinks they route their children's logs through (`includeChildren`), and the organisation's primary domain (its
display name, which Google sets to the domain of its Workspace or Cloud Identity account). Each ancestor is read
once per scan, however many projects sit below it (Resource Manager v3 projects.get / folders.get for the parents,
organizations.get for the domain, getIamPolicy and Logging sinks.list for the settings)."""

from __future__ import annotations

import threading
from typing import Any

from srmscan.providers.gcp.declare import iam_policy_config
from srmscan.providers.gcp.services.logging import sinks_config


class Ancestry:
    def __init__(self, apis):
        self._apis = apis
        self._lock = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._nodes: dict[str, dict[str, Any]] = {}
        self._got: dict[Any, Any] = {}

    def inherited(self, project: str) -> list[dict[str, Any]]:
        """The project's ancestors, nearest first, each with the settings its descendants inherit."""
        chain, node = [], self._parent(f"projects/{project}")
        while node:
            settings = self._node(node)
            chain.append({"node": node, "audit_configs": settings["audit_configs"], "sinks": settings["sinks"],
                          **({"domain": settings["domain"]} if node.startswith("organizations/") else {})})
            node = settings["parent"]
        return chain

    def organization(self, project: str) -> tuple[str, str | None]:
        """The project's number and the organisation above it (None: in no organisation)."""
        node = self._parent(f"projects/{project}")
        while node and not node.startswith("organizations/"):
            node = self._parent(node)
        return self._get(f"projects/{project}").get("name", "").rsplit("/", 1)[-1], node

    def _parent(self, name: str) -> str | None:
        return self._get(name).get("parent") or None

    def _get(self, name: str) -> dict[str, Any]:
        """Resource Manager v3 get of a project or folder, once per scan."""
        base = self._apis.bases["resourcemanager"].rstrip("/")
        return self.once(("get", name), lambda: self._apis.reader.get(f"{base}/v3/{name}"))

    def once(self, key: Any, read) -> Any:
        """`read()`'s answer, read once per scan however many projects ask at once (an ancestor's settings)."""
        with self._lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._got:
                self._got[key] = read()
            return self._got[key]

    def _node(self, node: str) -> dict[str, Any]:
        with self._lock:
            lock = self._locks.setdefault(node, threading.Lock())
        with lock:   # one read per ancestor, however many projects ask at once
            if node not in self._nodes:
                apis = self._apis
                rm, logging = apis.bases["resourcemanager"].rstrip("/"), apis.bases["logging"].rstrip("/")
                policy = iam_policy_config(apis.reader.get_iam_policy(f"{rm}/v3/{node}:getIamPolicy"))
                sinks = [s for s in apis.reader.get_all(f"{logging}/v2/{node}/sinks", "sinks") if s.get("includeChildren")]
                organization = node.startswith("organizations/")
                self._nodes[node] = {"parent": None if organization else self._parent(node),
                                     "audit_configs": policy["audit_configs"], "sinks": sinks_config(sinks),
                                     "domain": (apis.reader.get(f"{rm}/v3/{node}").get("displayName") or None)
                                     if organization else None}
            return self._nodes[node]
