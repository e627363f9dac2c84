"""botocore's service models, parsed into plain dicts.

botocore parses its model files (service, endpoint rules, paginators) with an OrderedDict for every JSON object, a
habit from before dicts kept their order. Plain dicts keep the files' order too, and parse faster: the first client
of 22 services took 0.37-0.38 s of CPU instead of 0.46-0.53 s (5 alternating runs each), before the first request of
each service."""

from __future__ import annotations

import gzip
import json
import os

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
