"""srmscan's commands. Provider commands are built from srmscan.providers; formats from srmscan.report."""

from __future__ import annotations

import gc
import os
import sys
import traceback
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from srmscan import __version__
from srmscan.cli.options import (EXTRA_FORMATS, check_listing_format, extra_output_parameter_name,
                                 extra_output_parameters, format_option_parameters, report_options, selection_options,
                                 split_list)
from srmscan.cli.history import history_app
from srmscan.cli.signature import compose, parameters, take
from srmscan.errors import SrmscanError
from srmscan.cli.interrupts import (EXIT_BROKEN_PIPE, GuardedStdout, Interrupted, StdoutClosed, StdoutFailed,
                                    discard_stdout, install, stop_now)
from srmscan.outputfiles import WRITTEN
from srmscan.gate import EXIT_INCOMPLETE, EXIT_INTERNAL_ERROR, EXIT_OK, EXIT_USAGE
from srmscan.providers import PROVIDERS, provider_module
from srmscan.terminal import clean

HELP = """Find cloud misconfigurations and tag each with the Shared Responsibility Model duty it violates.

Exit codes: 0 nothing at or above --fail-on; 1 failing findings at or above it; 2 usage, config or
input error; 3 the scan was incomplete (some checks could not be judged) and nothing else failed;
4 srmscan itself failed (a bug: rerun with --debug or SRMSCAN_DEBUG=1 for the traceback); 130 / 143
interrupted by SIGINT / SIGTERM (files being written keep their previous content); 141 standard output
closed by its reader."""

DEBUG_VARIABLE = "SRMSCAN_DEBUG"

app = typer.Typer(help=HELP, no_args_is_help=True, add_completion=True, pretty_exceptions_enable=False)
scan_app = typer.Typer(help="Collect a provider's live configuration, evaluate it and report.", no_args_is_help=True)
collect_app = typer.Typer(help="Collect a provider's live configuration into a snapshot file (no evaluation).",
                          no_args_is_help=True)
app.add_typer(scan_app, name="scan")
app.add_typer(collect_app, name="collect")

SELECTION = parameters(selection_options)
REPORT = parameters(report_options)
EXTRA_OUTPUTS = extra_output_parameters()
FORMAT_OPTIONS = format_option_parameters()
REPORTING = [REPORT, EXTRA_OUTPUTS, *FORMAT_OPTIONS.values()]   # every parameter group of a command that reports


def snapshot_out_option(
    snapshot_out: Annotated[Optional[Path], typer.Option("--snapshot-out", help="Also save the collected snapshot (for `srmscan evaluate`).")] = None,
):
    """Keep what was collected."""


def collect_output_option(
    output: Annotated[Path, typer.Option("--output", "-o", help="Snapshot file to write.")],
):
    """Where the snapshot goes."""


def shard_option(
    shard: Annotated[Optional[str], typer.Option(help="I/N: scan only this run's share (1-based) of the accounts / subscriptions / projects, N runs covering each once (auto/N: the index from JOB_COMPLETION_INDEX, 0-based, as Kubernetes Indexed Jobs set it).")] = None,
):
    """A share of the scopes."""


SNAPSHOT_OUT = parameters(snapshot_out_option)
SHARD = parameters(shard_option)
COLLECT_OUTPUT = parameters(collect_output_option)


def _collect(name: str, target: Any):
    from srmscan.concurrency import quiet_collector
    from srmscan.progress import progress_for

    with progress_for(f"collecting {name}") as progress, quiet_collector():
        return provider_module(name).collect(target, progress)


def _plan(kwargs: dict[str, Any], default_fail_on: str = "any"):
    """The run the report options describe, validated and loaded before any collection."""
    from srmscan.pipeline import Gating, Selection
    from srmscan.report import option_functions
    from srmscan.run import Delivery, Run
    from srmscan.waivers import waiver_file

    report_opts = take(kwargs, REPORT)
    selection = take(kwargs, SELECTION)
    extras = {name: kwargs.pop(extra_output_parameter_name(name)) for name in EXTRA_FORMATS}
    functions = option_functions()
    format_options = {name: functions[name](**take(kwargs, params)) for name, params in FORMAT_OPTIONS.items()}
    return Run.prepare(Selection(split_list(selection["checks"]), split_list(selection["skip_checks"]),
                                 tuple(selection["checks_dir"] or ()), split_list(selection["compliance"]),
                                 tuple(selection["param"] or ())),
                       Gating(report_opts["baseline"], waiver_file(report_opts["waivers"]), _store(report_opts["store"])),
                       Delivery(report_opts["format"], report_opts["output"], extras, format_options,
                                color=False if report_opts["no_color"] else None, run_key=report_opts["run_key"]),
                       report_opts["fail_on"] or default_fail_on, ACTIVE.config)


def _store(value: str | None):
    """--store: opened (reached, schema upgraded) before any cloud is read."""
    if value is None:
        return None
    from srmscan.history.store import Store

    return Store(value).open()


def _given_parameters() -> dict[str, Any]:
    """The parameters srmscan.toml sets (validated), for `collect` to record in its snapshot."""
    if not ACTIVE.config.params:
        return {}
    from srmscan.config import validate_params
    from srmscan.registry import load_registry

    return validate_params(ACTIVE.config, load_registry().parameters(), ACTIVE.config.params)


def _report(run, snapshots: list) -> int:
    report, code = run.finish(snapshots)
    for warning in report.warnings:
        print(f"srmscan: warning: {clean(warning)}", file=sys.stderr)
    return code


def _add_provider_commands(name: str) -> None:
    module = provider_module(name)
    provider_params = parameters(module.options)

    def target_of(kwargs: dict[str, Any]):
        import dataclasses

        from srmscan.sharding import parse_shard

        target = module.options(**take(kwargs, provider_params))
        shard = parse_shard(take(kwargs, SHARD)["shard"])
        return dataclasses.replace(target, shard=shard) if shard is not None else target

    def scan_body(kwargs: dict[str, Any]) -> int:
        target = target_of(kwargs)
        snapshot_out = take(kwargs, SNAPSHOT_OUT)["snapshot_out"]
        plan = _plan(kwargs)
        from srmscan.delivery import check_writable

        check_writable(snapshot_out)
        snapshot = _collect(name, target)
        snapshot.metadata.parameters = plan.plan.parameters()   # evaluate judges the saved snapshot by them
        if snapshot_out is not None:
            from srmscan.delivery import write_text

            write_text(snapshot_out, snapshot.dumps())
        return _report(plan, [snapshot])

    def collect_body(kwargs: dict[str, Any]) -> int:
        target = target_of(kwargs)
        output = take(kwargs, COLLECT_OUTPUT)["output"]
        from srmscan.delivery import check_writable, write_text

        check_writable(output)
        given = _given_parameters()
        snapshot = _collect(name, target)
        if given:
            snapshot.metadata.parameters = given
        write_text(output, snapshot.dumps())
        print(f"wrote {len(snapshot.resources)} resources to {output}"
              + (f" ({len(snapshot.errors)} collection errors)" if snapshot.errors else ""), file=sys.stderr)
        return 3 if snapshot.errors or any(r.errors for r in snapshot.resources) else 0

    scan_help = f"Scan {module.TITLE}: read, judge and report."
    collect_help = (f"Collect {module.TITLE} into a snapshot file, judged nothing: `srmscan evaluate` judges it later "
                    "(read here, judge elsewhere).")
    scan_app.command(name, help=scan_help)(
        compose([provider_params, SHARD, SELECTION, *REPORTING, SNAPSHOT_OUT], scan_body, f"scan_{name}", scan_help))
    collect_app.command(name, help=collect_help)(
        compose([provider_params, SHARD, COLLECT_OUTPUT], collect_body, f"collect_{name}", collect_help))


for _provider in PROVIDERS:
    _add_provider_commands(_provider)


def evaluate_arguments(
    snapshot: Annotated[list[Path], typer.Argument(help="Snapshot file(s) written by `srmscan collect` or --snapshot-out.")],
    partial_shards: Annotated[bool, typer.Option("--partial-shards", help="Evaluate shards that are not one whole run (some missing, several providers); overlapping shards are refused all the same.")] = False,
):
    """Which snapshots."""


SNAPSHOT_ARGS = parameters(evaluate_arguments)


def _evaluate_body(kwargs: dict[str, Any]) -> int:
    from srmscan.model import Snapshot

    from srmscan.sharding import check_shards

    given = take(kwargs, SNAPSHOT_ARGS)
    snapshots = [Snapshot.load(path) for path in given["snapshot"]]
    check_shards(snapshots, given["partial_shards"])
    return _report(_plan(kwargs), snapshots)


app.command("evaluate", help="Evaluate saved snapshot(s) offline, exactly as `scan` would have.")(
    compose([SNAPSHOT_ARGS, SELECTION, *REPORTING], _evaluate_body, "evaluate",
            "Evaluate saved snapshot(s) offline."))


def _demo_body(kwargs: dict[str, Any]) -> int:
    from srmscan.model import Snapshot
    from srmscan.paths import demo_dir

    paths = sorted(demo_dir().glob("*.json"))
    if not paths:
        raise SrmscanError(f"no demo snapshots in {demo_dir()}; reinstall srmscan")
    code = _report(_plan(kwargs, default_fail_on="none"), [Snapshot.load(p) for p in paths])
    print("\nThis was a demo of deliberately misconfigured accounts, read from bundled snapshots.\n"
          f"Scan your own: `srmscan scan {{{'|'.join(PROVIDERS)}}}` (your own credentials; read-only).", file=sys.stderr)
    return EXIT_OK if code == EXIT_INCOMPLETE else code   # its unjudged results are part of the demo


app.command("demo", help="Evaluate the bundled snapshot of a deliberately misconfigured account (offline).")(
    compose([SELECTION, *REPORTING], _demo_body, "demo", "Run the offline demo."))


@app.command("checks")
def list_checks(
    checks_dir: Annotated[Optional[list[Path]], typer.Option("--checks-dir", help="Also load plugins from this folder.")] = None,
    provider: Annotated[Optional[str], typer.Option(help="Only this provider's checks.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, or json (every field, for automation).")] = "table",
) -> int:
    """List the checks: id, severity, title, resource type, the customer duty each one tests and its controls."""
    from srmscan.pipeline import Selection, load_checks

    check_listing_format(format)
    if provider is not None and provider not in PROVIDERS:
        raise SrmscanError(f"unknown --provider {provider!r}; choose one of: {', '.join(PROVIDERS)}")
    registry, mapping = load_checks(Selection(checks_dirs=tuple(checks_dir or ())))
    rows = [(meta, mapping.for_check(meta.id)) for meta in registry.all() if not provider or meta.provider == provider]
    if format == "json":
        import json

        print(json.dumps([{
            "id": meta.id, "severity": meta.severity.value, "title": meta.title, "resource_type": meta.resource_type,
            "reads": list(meta.reads), "duties": list(entry.duties), "service_model": entry.service_model,
            "controls": [c.to_json() for c in entry.controls], "source": meta.source,
        } for meta, entry in rows], indent=2))
        return 0
    from srmscan.terminal import columns

    print(columns(("Check", "Severity", "Model", "Duty", "Title"),
                  [(meta.id, meta.severity.value, entry.service_model, ", ".join(entry.duties), meta.title)
                   for meta, entry in rows]))
    return 0


@app.command("explain")
def explain(
    check_id: Annotated[str, typer.Argument(metavar="CHECK", help="A check id, as `srmscan checks` lists them.")],
    format: Annotated[str, typer.Option("--format", "-f", help="table (text), or json.")] = "table",
) -> int:
    """Explain one check: what it verifies and why, how to fix it, the customer duty it tests and where the provider's
    Shared Responsibility Model puts it, the framework requirements it covers, its parameters, and the reads and
    permissions it needs."""
    from srmscan.explain import explanation, as_text
    from srmscan.pipeline import Selection, load_checks

    check_listing_format(format)
    registry, mapping = load_checks(Selection())
    meta = registry.get(check_id)
    if meta is None:
        raise SrmscanError(f"no check {check_id!r}; `srmscan checks` lists the ids")
    found = explanation(meta, mapping, provider_module(meta.provider).permissions_for(meta.resource_type, meta.reads))
    if format == "json":
        import json

        print(json.dumps(found, indent=2))
    else:
        print(as_text(found))
    return 0


@app.command("frameworks")
def frameworks(
    format: Annotated[str, typer.Option("--format", "-f", help="table, or json (every requirement, for automation).")] = "table",
) -> int:
    """List the compliance frameworks `--compliance` takes: requirements, how many srmscan's checks cover, how many are
    manual or not covered, and where the requirement list comes from."""
    from srmscan.frameworks import load_frameworks
    from srmscan.pipeline import Selection, load_checks

    check_listing_format(format)
    _, mapping = load_checks(Selection())
    rows = []
    for framework in load_frameworks().values():
        covering = framework.checks(mapping)
        ids = [r.id for r in framework.requirements]
        covered = [i for i in ids if i in covering]
        manual = [r.id for r in framework.requirements if r.manual and r.id not in covering]
        rows.append({"id": framework.id, "name": framework.name, "provider": framework.provider,
                     "requirements": len(ids), "covered": len(covered), "manual": len(manual),
                     "not_covered": len(ids) - len(covered) - len(manual), "source": framework.source,
                     "read": framework.read, **({"covering": {i: covering[i] for i in covered}} if format == "json" else {})})
    if format == "json":
        import json

        print(json.dumps(rows, indent=2))
        return 0
    from srmscan.terminal import columns

    print(columns(("Framework", "Provider", "Requirements", "Covered", "Manual", "Not covered", "Name"),
                  [(r["id"], r["provider"], str(r["requirements"]), str(r["covered"]), str(r["manual"]),
                    str(r["not_covered"]), r["name"]) for r in rows]))
    return 0


config_app = typer.Typer(help="The configuration file (srmscan.toml).", no_args_is_help=True)
app.add_typer(config_app, name="config")
app.add_typer(history_app, name="history")


@config_app.command("show")
def config_show(
    param: Annotated[Optional[list[str]], typer.Option("--param", metavar="NAME=VALUE", help="As on scan: show what this would set.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, or json.")] = "table",
) -> int:
    """Print the effective configuration: the file used and how it was found, every check parameter with its value
    and where the value comes from (default, file, flag), and the option defaults the file sets."""
    from srmscan.config import parse_param_flags, validate_params
    from srmscan.registry import load_registry

    check_listing_format(format)
    config = ACTIVE.config
    declared = load_registry().parameters()
    from_file = validate_params(config, declared, config.params)
    from_flags = parse_param_flags(list(param or ()), declared)
    rows = [{"parameter": name, "value": from_flags.get(name, from_file.get(name, default)),
             "origin": "flag" if name in from_flags else "file" if name in from_file else "default",
             "default": default, "checks": checks} for name, (default, checks) in sorted(declared.items())]
    options = [{"command": "every command with it", "option": f"--{key.replace('_', '-')}", "value": value, "origin": "file"}
               for key, value in config.options.items()]
    options += [{"command": command, "option": f"--{key.replace('_', '-')}", "value": value, "origin": "file"}
                for command, values in config.commands.items() for key, value in values.items()]
    where = {"file": str(config.path) if config.path else None, "found_by": config.found_by or None}
    if format == "json":
        import json

        print(json.dumps({**where, "parameters": rows, "options": options}, indent=2, default=str))
        return 0
    from srmscan.terminal import clean, columns

    print(clean(f"config file: {where['file']} ({where['found_by']})" if where["file"] else
                "config file: none (looked for --config, SRMSCAN_CONFIG, ./srmscan.toml)"))
    print()
    print(columns(("Parameter", "Value", "From", "Checks"),
                  [(r["parameter"], clean(r["value"]), r["origin"], ", ".join(r["checks"])) for r in rows]))
    if options:
        print()
        print(columns(("Command", "Option", "Value", "From"),
                      [(o["command"], o["option"], clean(o["value"]), o["origin"]) for o in options]))
    return 0


@app.command("permissions")
def permissions(
    provider: Annotated[str, typer.Argument(help=f"One of: {', '.join(PROVIDERS)}.")],
    format: Annotated[str, typer.Option("--format", "-f", metavar="list|iam-policy|role-definition|custom-role", help="list (one per line); aws: iam-policy (an IAM policy document); azure: role-definition (a custom role for `az role definition create`); gcp: custom-role (a YAML for `gcloud iam roles create`).")] = "list",
) -> int:
    """Print the read-only permissions srmscan needs for a provider (derived from what the adapter calls), as a list
    or as a ready policy / role to attach."""
    if provider not in PROVIDERS:
        raise SrmscanError(f"unknown provider {provider!r}; choose one of: {', '.join(PROVIDERS)}")
    module = provider_module(provider)
    if format == "list":
        for permission in module.permissions():
            print(permission)
        return 0
    document = module.permissions_document(format)
    if document is None:
        raise SrmscanError(f"unknown --format {format!r} for {provider}; choose list or {module.PERMISSIONS_FORMAT}")
    sys.stdout.write(document)
    return 0


@app.command("responsibilities")
def responsibilities() -> int:
    """Print the catalogue of customer duties and the provider-owned layers (out of scope)."""
    from rich.console import Console
    from rich.table import Table

    from srmscan.mapping import CATALOGUE_FILE, load_catalogue
    from srmscan.paths import mappings_dir

    catalogue = load_catalogue(mappings_dir() / CATALOGUE_FILE)
    providers = list(catalogue.provider_models)
    table = Table("Duty", "Name", "Customer's in", *[f"{p} layer" for p in providers],
                  title="Customer-side duties (what srmscan checks)")
    for duty in catalogue.duties.values():
        table.add_row(duty.id, duty.name, ", ".join(duty.customer_in), *[duty.provider_layers[p] for p in providers])
    owned = Table("Layer", "Name", *[f"{p} layer" for p in providers], title="Provider-owned layers (out of scope)")
    for layer in catalogue.provider_owned:
        owned.add_row(layer.id, layer.name, *[layer.provider_layers[p] for p in providers])
    console = Console(width=200)
    console.print(table)
    console.print(owned)
    for name, model in catalogue.provider_models.items():
        console.print(f"{name}: {model.name} <{model.url}>")
    return 0


SCHEMAS = {"findings": "findings.schema.json", "history": "history.schema.json"}


@app.command("schema")
def schema(of: Annotated[str, typer.Argument(metavar="findings|history", help="findings: `scan|evaluate --format json`; history: `history ... --format json`.")] = "findings") -> int:
    """Print the JSON Schema of srmscan's JSON: the findings format (default) or the history answers."""
    from srmscan.paths import schema_path

    if of not in SCHEMAS:
        raise SrmscanError(f"unknown schema {of!r}; choose one of: {', '.join(SCHEMAS)}")
    sys.stdout.write(schema_path(SCHEMAS[of]).read_text())
    return 0


@app.callback(invoke_without_command=True)
def _root(version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
          debug: Annotated[bool, typer.Option("--debug", help=f"On an internal error, print the traceback (or set {DEBUG_VARIABLE}=1).")] = False) -> None:
    if debug:
        os.environ[DEBUG_VARIABLE] = "1"
    if version:
        print(f"srmscan {__version__}")
        raise typer.Exit(0)


class _Active:
    """The configuration of this invocation (srmscan.toml), set by main() before the command runs."""

    def __init__(self):
        from srmscan.config import Config

        self.config = Config()


ACTIVE = _Active()


def _click_exception_class() -> type:
    try:  # newer typer carries its own copy of click
        from typer._click.exceptions import ClickException
    except ImportError:
        from click import ClickException
    return ClickException


def _metavars(command: Any) -> None:
    """Name each option's value in --help (REGION, N, FILE) instead of the type's <str> / <list[Path]>."""
    for sub in getattr(command, "commands", {}).values():
        _metavars(sub)
    for param in getattr(command, "params", []):
        if getattr(param, "metavar", None) or getattr(param, "is_flag", False) or not getattr(param, "opts", None):
            continue
        if not param.opts[0].startswith("-"):
            continue
        kind = type(param.type).__name__.lower()
        param.metavar = ("N" if "int" in kind or "float" in kind else
                         "FILE" if "path" in kind or param.name.endswith(("_file", "output", "waivers", "baseline")) else
                         param.name.upper())


def program() -> None:
    """The `srmscan` program (console script, `python -m srmscan`): main(), then an exit that leaves the heap to the
    operating system. Python's last garbage collection would walk every object the run made (SDK models, answers,
    findings; 0.1-0.2 s after a scan) only to free memory the process is giving back: gc.freeze() puts them out of
    its reach. Files are closed where they are written, so nothing waits on that collection."""
    try:
        main()
    finally:
        gc.freeze()


def main(argv: list[str] | None = None) -> None:
    usage_error = _click_exception_class()
    command = typer.main.get_command(app)
    _metavars(command)
    install()
    WRITTEN.paths.clear()
    if not isinstance(sys.stdout, GuardedStdout):
        sys.stdout = GuardedStdout(sys.stdout)
    try:
        from srmscan.cli.configured import default_map
        from srmscan.config import load, locate, take_config_flag

        flag, argv = take_config_flag(list(sys.argv[1:] if argv is None else argv))
        ACTIVE.config = load(*locate(flag))
        defaults = default_map(ACTIVE.config, command) if ACTIVE.config.path is not None else None
        result = command.main(args=argv, prog_name="srmscan", standalone_mode=False, default_map=defaults)
        sys.stdout.flush()
    except Interrupted as exc:
        print(f"srmscan: interrupted ({exc}); {WRITTEN.summary()}", file=sys.stderr)
        stop_now(exc.exit_code)
    except StdoutClosed:   # the reader left (`srmscan demo | head`): not an error of the scan
        discard_stdout()
        sys.exit(EXIT_BROKEN_PIPE)
    except StdoutFailed as exc:
        discard_stdout()
        print(f"srmscan: error: cannot write to standard output ({exc}); write the report to a file with "
              "--output instead", file=sys.stderr)
        sys.exit(EXIT_USAGE)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        print("srmscan: interrupted", file=sys.stderr)
        sys.exit(130)
    except usage_error as exc:
        context = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError" and context is not None:
            print(context.get_help())
        else:
            where = f"srmscan {' '.join(context.command_path.split()[1:])} --help".replace("  ", " ") \
                if context is not None else "srmscan --help"
            print(f"srmscan: error: {clean(exc.format_message())} (see `{where.strip()}`)", file=sys.stderr)
        sys.exit(2)
    except SrmscanError as exc:
        print(f"srmscan: error: {clean(exc)}", file=sys.stderr)
        sys.exit(2)
    except Exception as exc:  # a bug in srmscan: never exit 1, which a CI gate reads as failing findings
        sys.exit(_internal_error(exc))
    sys.exit(result if isinstance(result, int) else 0)


def _internal_error(exc: Exception) -> int:
    if os.environ.get(DEBUG_VARIABLE, "") not in ("", "0"):
        traceback.print_exc()
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    at = f" at {Path(where.filename).name}:{where.lineno}" if where else ""
    print(f"srmscan: internal error: {type(exc).__name__}: {clean(' '.join(str(exc).split()))[:300]}{at}; this is a bug in srmscan, "
          f"please report it (rerun with --debug or {DEBUG_VARIABLE}=1 for the traceback)", file=sys.stderr)
    return EXIT_INTERNAL_ERROR
