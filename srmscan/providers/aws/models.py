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


class PlainJSONFileLoader(JSONFileLoader):
    """botocore's JSON file loader (the same files, `.json.gz` before `.json`), parsed into plain dicts."""

    OPENERS = ((".json.gz", gzip.open), (".json", open))

    def load_file(self, file_path):
        for extension, opener in self.OPENERS:
            if os.path.isfile(file_path + extension):
                with opener(file_path + extension, "rb") as handle:
                    return json.loads(handle.read())
        return None


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
