"""botocore's service models: parsed into plain dicts, and one model and client class per service.

botocore parses its model files (service, endpoint rules, paginators) with an OrderedDict for every JSON object, a
habit from before dicts kept their order. Plain dicts keep the files' order too, and parse faster: the first client
of 22 services took 0.37-0.38 s of CPU instead of 0.46-0.53 s (5 alternating runs each), before the first request of
each service.

botocore also builds a new ServiceModel and a new client class (a method per operation: 700 for EC2) for every
client, though both depend on the service alone; and each new ServiceModel works out each operation's shapes again
at its first request. A scan of every region makes a client per service and region, so srmscan's sessions keep one
of each per service (share_per_service)."""

from __future__ import annotations

import gzip
import json
import os
import threading

from botocore.client import ClientCreator
from botocore.loaders import JSONFileLoader

from srmscan.usercache import cache_path, read_cached, write_cached


class PlainJSONFileLoader(JSONFileLoader):
    """botocore's JSON file loader (the same files, `.json.gz` before `.json`), parsed into plain dicts; a service
    model without its documentation, from the user's cache once read (see without_documentation)."""

    OPENERS = ((".json.gz", gzip.open), (".json", open))

    def load_file(self, file_path):
        for extension, opener in self.OPENERS:
            if os.path.isfile(file_path + extension):
                if os.path.basename(file_path) == SERVICE_MODEL:
                    return _service_model(file_path + extension, opener)
                with opener(file_path + extension, "rb") as handle:
                    return json.loads(handle.read())
        return None


SERVICE_MODEL = "service-2"
CACHE_VERSION = "1"


def _service_model(path: str, opener) -> dict:
    found = os.stat(path)
    cached = cache_path("botocore-models", f"{CACHE_VERSION}\n{path}\n{found.st_size}\n{found.st_mtime_ns}")
    model = read_cached(cached)
    if isinstance(model, dict):
        return model
    with opener(path, "rb") as handle:
        model = without_documentation(json.loads(handle.read()))
    write_cached(cached, model)
    return model


def without_documentation(model: dict) -> dict:
    """A service model without the documentation of its operations, shapes and members, which botocore reads for
    docstrings only (with .get): 70-80% of the text (EC2's 4.35 MB become 1.25). Kept where botocore needs it: the
    client context parameters'."""
    model.pop("documentation", None)
    for operation in model.get("operations", {}).values():
        operation.pop("documentation", None)
        operation.pop("documentationUrl", None)
    for shape in model.get("shapes", {}).values():
        shape.pop("documentation", None)
        for member in (shape.get("members") or {}).values():
            member.pop("documentation", None)
        for reference in ("member", "key", "value"):   # a list's or map's
            if isinstance(shape.get(reference), dict):
                shape[reference].pop("documentation", None)
    return model


def parse_models_plainly(session) -> None:
    """Have a boto3 session's model loader (shared by the sessions of an organisation's accounts) parse plainly,
    unless someone gave it a file loader of their own."""
    loader = session._session.get_component("data_loader")   # boto3 has no public accessor for its botocore session
    if type(loader.file_loader) is JSONFileLoader:
        loader.file_loader = PlainJSONFileLoader()


PER_SERVICE = "srmscan_per_service"   # the attribute of a session's loader that holds its per-service models


def share_per_service(session) -> None:
    """Have every client a boto3 session makes of a service (in any region) share one ServiceModel and one client
    class. Sessions sharing a loader (an organisation's accounts) share them too; other sessions are untouched."""
    loader = session._session.get_component("data_loader")
    if _sharing_in_client_creator() and not hasattr(loader, PER_SERVICE):
        setattr(loader, PER_SERVICE, {})


_patched = threading.Lock()


def _sharing_in_client_creator() -> bool:
    """ClientCreator's model and class makers, kept per service for loaders that carry PER_SERVICE (False: this
    botocore has no such methods, and clients are made as botocore makes them)."""
    with _patched:
        if getattr(ClientCreator, PER_SERVICE, False):
            return True
        load, make = (getattr(ClientCreator, name, None) for name in ("_load_service_model", "_create_client_class"))
        if load is None or make is None:
            return False

        def load_model(self, service_name, api_version=None):
            kept = getattr(self._loader, PER_SERVICE, None)
            if kept is None:
                return load(self, service_name, api_version)
            key = ("model", service_name, api_version)
            return kept.get(key) or kept.setdefault(key, load(self, service_name, api_version))

        def make_class(self, service_name, service_model):
            kept = getattr(self._loader, PER_SERVICE, None)
            if kept is None:
                return make(self, service_name, service_model)
            key = ("class", service_name, id(service_model))   # a kept model, so its id is never reused
            return kept.get(key) or kept.setdefault(key, make(self, service_name, service_model))

        ClientCreator._load_service_model, ClientCreator._create_client_class = load_model, make_class
        setattr(ClientCreator, PER_SERVICE, True)
        return True
