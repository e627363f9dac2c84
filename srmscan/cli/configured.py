"""srmscan.toml applied to the command line: each option default the file gives becomes the default of the
commands that have that option (click's default_map), checked against those commands' own option types first."""

from __future__ import annotations

from typing import Any

from srmscan.config import Config

SKIPPED = {"help", "version", "debug"}


def leaves(command: Any, path: tuple[str, ...] = ()) -> dict[str, Any]:
    """"scan aws" -> the command, for every command that runs (not groups)."""
    found = {}
    for name, sub in getattr(command, "commands", {}).items():
        if getattr(sub, "commands", None):
            found.update(leaves(sub, path + (name,)))
        else:
            found[" ".join(path + (name,))] = sub
    return found


def default_map(config: Config, root: Any) -> dict[str, Any]:
    commands = leaves(root)
    result: dict[str, Any] = {}
    for key, value in config.options.items():
        applies = [(path, param) for path, command in commands.items() for param in _options(command)
                   if param.name == key]
        if not applies:
            raise config.error(("options", key), f"unknown option {key!r}: no srmscan command has "
                                                 f"--{key.replace('_', '-')}")
        for path, param in applies:
            _set(result, path, key, _checked(config, ("options", key), param, value, commands[path]))
    for name, values in config.commands.items():
        if name not in commands:
            raise config.error(("commands", name), f"unknown command {name!r}; one of: {', '.join(sorted(commands))}")
        params = {param.name: param for param in _options(commands[name])}
        for key, value in values.items():
            if key not in params:
                raise config.error(("commands", name, key), f"`srmscan {name}` has no option --{key.replace('_', '-')}")
            _set(result, name, key, _checked(config, ("commands", name, key), params[key], value, commands[name]))
    return result


def _options(command: Any) -> list[Any]:
    return [p for p in command.params if getattr(p, "opts", None) and p.opts[0].startswith("-") and p.name not in SKIPPED]


def _choices(param: Any, command: Any) -> tuple[str, ...] | None:
    """The values an option takes where srmscan checks them itself (the help lists them)."""
    if param.name == "fail_on":
        from srmscan.gate import FAIL_ON_CHOICES

        return tuple(FAIL_ON_CHOICES)
    if param.name == "format":
        from srmscan.report import FORMATS

        reporting = any(p.name == "fail_on" for p in command.params)
        return tuple(FORMATS) if reporting else ("table", "json")
    return None


def _checked(config: Config, where: tuple[str, ...], param: Any, value: Any, command: Any) -> Any:
    flag = f"--{param.name.replace('_', '-')}"
    choices = _choices(param, command)
    if choices is not None and value not in choices:
        raise config.error(where, f"{flag} = {value!r}: choose one of: {', '.join(choices)}")
    if getattr(param, "is_flag", False):
        if not isinstance(value, bool):
            raise config.error(where, f"{flag} is a switch: write true or false, not {value!r}")
        return value
    values = value if isinstance(value, list) else [value]
    if isinstance(value, list) and not param.multiple:
        raise config.error(where, f"{flag} takes one value, not a list")
    for item in values:
        if isinstance(item, (dict, list)):
            raise config.error(where, f"{flag} = {value!r}: not a value the option takes")
        try:
            param.type.convert(item if not isinstance(item, bool) else str(item).lower(), param, None)
        except Exception as exc:   # click's BadParameter: the same message the flag would give
            raise config.error(where, f"{flag} = {item!r}: {getattr(exc, 'message', exc)}") from None
    return [str(v) if not isinstance(v, (int, float)) else v for v in values] if param.multiple else value


def _set(result: dict[str, Any], path: str, key: str, value: Any) -> None:
    node = result
    for part in path.split():
        node = node.setdefault(part, {})
    node[key] = value
