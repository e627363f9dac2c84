"""YAML loading that remembers line numbers, so validation errors can name file and line."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from srmscan.errors import InputError
from srmscan.inputfiles import MAX_DEPTH, check_depth, read_text
from srmscan.usercache import MISSING, cache_path, read_cached, write_cached


class LineDict(dict):
    """A mapping from a YAML file, with the 1-based line where it starts and where each key is."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0


@lru_cache(maxsize=None)
def _loader():
    """The YAML loader (PyYAML imported on first use: a cached file needs none)."""
    import yaml

    class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        """libyaml's parser when PyYAML has it (several times faster; node marks give the same lines).

        Aliases (`*name`) are refused: none of srmscan's files needs one, and a few hundred bytes of nested
        aliases expand to billions of values (the "billion laughs")."""

        def construct_object(self, node, deep=False):
            if node in self.constructed_objects or node in self.recursive_objects:
                raise yaml.constructor.ConstructorError(
                    None, None, "YAML aliases (*name) are not accepted in srmscan's files; write the value out",
                    node.start_mark)
            return super().construct_object(node, deep=deep)

    def _timestamp(loader: _Loader, node: yaml.ScalarNode):
        """A date or time; an impossible one (2027-13-01) is an error at its line, not a crash."""
        try:
            return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(None, None, f"invalid date {node.value!r} ({exc})",
                                                    node.start_mark) from None

    def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(None, None, "unhashable key", key_node.start_mark) from None
            result[key] = loader.construct_object(value_node, deep=True)
            result.key_lines[str(key)] = key_node.start_mark.line + 1
        return result

    def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
        result = LineList(loader.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        return result

    _Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
    _Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)
    _Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)

    return _Loader


def load_yaml(path: Path, what: str = "file", cache: bool = False) -> Any:
    """A YAML file, every mapping and list knowing its line. With `cache`, a file read before is taken from the
    user's cache (its parsed form, keyed by the content's digest, lines kept) instead of parsed again: srmscan's
    own mapping files are parsed on every start otherwise."""
    text = read_text(path, what)
    cached = _cache_path(text) if cache else None
    if cached is not None:
        found = _cached(cached)
        if found is not None:
            check_depth(found, path, what)
            return found
    data = _parse(text, path, what)
    if cached is not None:
        _store(cached, data)
    return data


def _parse(text: str, path: Path, what: str) -> Any:
    import yaml

    try:
        data = yaml.load(text, Loader=_loader())
    except RecursionError:
        raise InputError(f"{path}: {what} is nested too deeply (over {MAX_DEPTH} levels)") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(f"{path}{where}: invalid YAML: {problem}") from None
    check_depth(data, path, what)
    return data


def line_of(node: Any, key: str | None = None) -> int:
    if isinstance(node, LineDict):
        return node.line_of(key) if key is not None else node.line
    return getattr(node, "line", 0)


# --- the parsed-file cache ---------------------------------------------------------------------------------------
# A mapping is ["M", line, key lines, {key: value}], a list ["L", line, [values]]; scalars as they are. A file with
# a value JSON cannot carry (a date, a non-string key) is not cached.
CACHE_VERSION = "1"


def _cache_path(text: str) -> Path:
    return cache_path("parsed", f"{CACHE_VERSION}\n{text}")


def _cached(path: Path) -> Any:
    found = read_cached(path)
    try:
        return None if found is MISSING else _decode(found)
    except (ValueError, KeyError, TypeError, IndexError, RecursionError):
        return None   # damaged: parse the file


def _store(path: Path, data: Any) -> None:
    try:
        encoded = _encode(data)
    except (TypeError, RecursionError):
        return   # a value JSON cannot carry: not cached
    write_cached(path, encoded)


def _encode(value: Any) -> Any:
    if isinstance(value, LineDict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError("non-string key")
        return ["M", value.line, value.key_lines, {k: _encode(v) for k, v in value.items()}]
    if isinstance(value, LineList):
        return ["L", value.line, [_encode(v) for v in value]]
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    raise TypeError(f"{type(value).__name__} is not cached")


def _decode(value: Any) -> Any:
    if not isinstance(value, list):
        return value
    if value[0] == "M":
        result = LineDict({k: _decode(v) for k, v in value[3].items()})
        result.line, result.key_lines = value[1], value[2]
        return result
    result = LineList(_decode(v) for v in value[2])
    result.line = value[1]
    return result

