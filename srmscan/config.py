"""srmscan.toml: defaults for the options of every command and the checks' parameters, so a team writes them once.

Found with --config PATH, else the SRMSCAN_CONFIG environment variable, else ./srmscan.toml. Three tables:

    [options]                  # an option's default on every command that has it (as on the command line)
    format = "json"
    fail-on = "high"
    [commands."scan aws"]      # an option's default on one command
    region = ["eu-west-1", "eu-central-1"]
    [params]                   # the checks' parameters (`srmscan config show` lists them with their defaults)
    key_rotation_days = 60

A flag on the command line wins over the file, the file over the built-in default. Everything is validated when
the file is read (before any cloud is called): an unknown table, option or parameter, or a value of the wrong type,
is one line naming the file and the line.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from srmscan.errors import SrmscanError

FILE_NAME = "srmscan.toml"
ENVIRONMENT = "SRMSCAN_CONFIG"
TABLES = ("options", "commands", "params")


@dataclass
class Config:
    path: Path | None = None
    found_by: str = ""                                   # "--config", "SRMSCAN_CONFIG" or "working directory"
    options: dict[str, Any] = field(default_factory=dict)
    commands: dict[str, dict[str, Any]] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    lines: dict[tuple[str, ...], int] = field(default_factory=dict)   # (table, ..., key) -> line in the file

    def error(self, where: tuple[str, ...], problem: str) -> SrmscanError:
        if self.path is None or str(self.path).startswith("--"):   # given on the command line
            return SrmscanError(problem)
        line = self.lines.get(where) or self.lines.get(where[:-1]) or 0
        return SrmscanError(f"{self.path}:{line}: {problem}")


def take_config_flag(argv: list[str]) -> tuple[Path | None, list[str]]:
    """--config PATH (or --config=PATH) anywhere on the command line, and the arguments without it."""
    rest, path, index = [], None, 0
    while index < len(argv):
        arg = argv[index]
        if arg == "--config":
            if index + 1 >= len(argv):
                raise SrmscanError("--config needs a file: --config srmscan.toml")
            path, index = Path(argv[index + 1]), index + 2
            continue
        if arg.startswith("--config="):
            path = Path(arg.split("=", 1)[1])
        else:
            rest.append(arg)
        index += 1
    return path, rest


def locate(flag: Path | None) -> tuple[Path | None, str]:
    if flag is not None:
        return flag, "--config"
    if os.environ.get(ENVIRONMENT):
        return Path(os.environ[ENVIRONMENT]), ENVIRONMENT
    here = Path.cwd() / FILE_NAME
    return (here, "working directory") if here.is_file() else (None, "")


def load(path: Path | None, found_by: str = "") -> Config:
    """Read and check the file's shape (its values are checked against the commands and checks by validate)."""
    if path is None:
        return Config()
    if sys.version_info >= (3, 11):
        import tomllib
    else:   # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SrmscanError(f"config file {path} not found ({found_by}); create it or leave the option out") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SrmscanError(f"cannot read config file {path}: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise SrmscanError(f"{path}:{line.group(1) if line else 0}: not valid TOML: {str(exc).split(' (at')[0]}") from None
    config = Config(path, found_by, lines=key_lines(text))
    for table, value in data.items():
        if table not in TABLES or not isinstance(value, dict):
            raise config.error((table,), f"unknown table or key {table!r}; the file holds [options], "
                                         "[commands.\"COMMAND\"] and [params]")
    config.options = {_name(k): v for k, v in data.get("options", {}).items()}
    for command, values in data.get("commands", {}).items():
        if not isinstance(values, dict):
            raise config.error(("commands", command), "[commands] holds one table per command, e.g. "
                                                      "[commands.\"scan aws\"]")
        config.commands[" ".join(command.split())] = {_name(k): v for k, v in values.items()}
    config.params = dict(data.get("params", {}))
    return config


def _name(key: str) -> str:
    return key.strip().lstrip("-").replace("-", "_")


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """(table path..., key) -> line of each `key = value` and table header (for error messages)."""
    found: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(r"\s*\[\s*([^\]]+?)\s*\]\s*(#.*)?$", line)
        if header:
            table = tuple(part.strip().strip('"').strip("'") for part in re.findall(r'"[^"]*"|\'[^\']*\'|[^.]+',
                                                                                     header.group(1)))
            found[table] = number
            if table and table[0] == "commands" and len(table) > 1:
                found[("commands", " ".join(table[1].split()))] = number
            continue
        key = re.match(r'\s*("[^"]+"|\'[^\']+\'|[A-Za-z0-9_.-]+)\s*=', line)
        if key:
            name = key.group(1).strip('"').strip("'")
            path = table + (name,) if table[:1] != ("commands",) else ("commands", " ".join(table[1].split()), name)
            found[path if table[:1] == ("params",) else path[:-1] + (_name(name),)] = number
    return found


def validate_params(config: Config, declared: dict[str, tuple[Any, list[str]]], given: dict[str, Any],
                    where: str = "params") -> dict[str, Any]:
    """Check each given parameter against the checks' declarations: known name, value of the default's type."""
    checked = {}
    for name, value in given.items():
        if name not in declared:
            known = ", ".join(sorted(declared))
            raise config.error((where, name), f"unknown parameter {name!r}; the checks take: {known}")
        default = declared[name][0]
        if not _same_type(value, default):
            raise config.error((where, name), f"parameter {name} = {value!r}: expected {_kind(default)} "
                                              f"(default {default!r})")
        if isinstance(default, int) and not isinstance(default, bool) and value < 0:
            raise config.error((where, name), f"parameter {name} = {value!r}: must not be negative")
        checked[name] = value
    return checked


def _same_type(value: Any, default: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float))
    if isinstance(default, list):
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    return isinstance(value, type(default))


def _kind(default: Any) -> str:
    return {bool: "true or false", int: "a whole number", float: "a number", str: "a string",
            list: "a list of strings"}[type(default)]


def parse_param_flags(values: list[str] | None, declared: dict[str, tuple[Any, list[str]]]) -> dict[str, Any]:
    """--param NAME=VALUE (TOML value syntax: 60, true, "x", ["a", "b"])."""
    found: dict[str, Any] = {}
    for item in values or []:
        name, equals, raw = item.partition("=")
        if not equals or not name.strip():
            raise SrmscanError(f"--param {item!r}: write NAME=VALUE, e.g. --param key_rotation_days=60")
        try:
            import tomllib
        except ImportError:   # pragma: no cover - Python 3.10
            import tomli as tomllib
        try:
            value = tomllib.loads(f"v = {raw}")["v"]
        except Exception:
            value = raw   # a bare word is a string
        found[name.strip()] = value
    return validate_params(Config(), declared, found, "--param")
