"""YAML loading that remembers line numbers, so validation errors can name file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from srmscan.errors import InputError
from srmscan.inputfiles import MAX_DEPTH, check_depth, read_text


class LineDict(dict):
    """A mapping from a YAML file, with the 1-based line where it starts and where each key is."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0


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


def load_yaml(path: Path, what: str = "file") -> Any:
    text = read_text(path, what)
    try:
        data = yaml.load(text, Loader=_Loader)
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
