"""Option groups shared by several commands (scan, evaluate, demo)."""

import inspect
from pathlib import Path
from typing import Annotated, Optional

import typer

from srmscan.errors import SrmscanError
from srmscan.gate import FAIL_ON_CHOICES
from srmscan.cli.signature import parameters
from srmscan.report import FORMATS, option_functions

LISTING_FORMATS = ("table", "json")


def check_listing_format(format: str) -> None:
    """--format of a command that lists (checks, frameworks, history ...): table or json."""
    if format not in LISTING_FORMATS:
        raise SrmscanError(f"unknown --format {format!r}; choose table or json")


def selection_options(
    checks: Annotated[Optional[list[str]], typer.Option("--checks", help="Only these check ids or globs (e.g. 'aws.s3.*'); repeatable or comma-separated.")] = None,
    skip_checks: Annotated[Optional[list[str]], typer.Option("--skip-checks", help="Leave out these check ids or globs; repeatable or comma-separated.")] = None,
    checks_dir: Annotated[Optional[list[Path]], typer.Option("--checks-dir", help="Also load check plugins (and their mapping .yaml) from this folder; repeatable.")] = None,
    param: Annotated[Optional[list[str]], typer.Option("--param", metavar="NAME=VALUE", help="Set a check parameter for this run (wins over srmscan.toml), e.g. --param key_rotation_days=60; repeatable. `srmscan config show` lists them.")] = None,
    compliance: Annotated[Optional[list[str]], typer.Option("--compliance", metavar="FRAMEWORK", help="Run the checks of this framework (`srmscan frameworks` lists them, e.g. cis-aws-5.0) and report every one of its requirements; repeatable.")] = None,
):
    """Which checks run."""


def report_options(
    format: Annotated[str, typer.Option("--format", "-f", help=f"Format written to stdout or --output: {', '.join(FORMATS)}.")] = "table",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the --format report to this file instead of stdout.")] = None,
    fail_on: Annotated[Optional[str], typer.Option("--fail-on", help="Exit 1 when an unwaived failing finding is at or above this severity: " + ", ".join(FAIL_ON_CHOICES) + " (any = every failing finding; none = never). Default: any (demo: none).")] = None,
    baseline: Annotated[Optional[Path], typer.Option("--baseline", help="An earlier JSON findings file: label findings new/unchanged/fixed and gate only on new ones.")] = None,
    waivers: Annotated[Optional[Path], typer.Option("--waivers", help="YAML file of accepted risks (check, resource, reason, owner, expires); default: .srmscan-waivers.yaml in the working directory when present.")] = None,
    store: Annotated[Optional[str], typer.Option("--store", metavar="URL", help="Record the run in a findings history: sqlite:///PATH, postgresql://USER@HOST/DB, or default (SQLite in your data folder). With --baseline store, gate on what is new since the last stored run of the same scopes.")] = None,
    run_key: Annotated[Optional[str], typer.Option("--run-key", metavar="KEY", help="With --store: the run's key, shared by the shards of one sharded run so they are one run in the store (default: SRMSCAN_RUN_KEY, else for a sharded run the CI job's id: GITHUB_RUN_ID/GITHUB_RUN_ATTEMPT or CI_PIPELINE_ID).")] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour on the terminal (also when NO_COLOR is set, or TERM=dumb).")] = False,
):
    """How results are reported and gated."""


EXTRA_FORMATS = tuple(FORMATS)   # each has its `--<format> FILE` option


def extra_output_parameter_name(name: str) -> str:
    """The keyword parameter of format `name`'s `--<format> FILE` option (`ocsf-ndjson` -> `ocsf_ndjson_file`)."""
    return name.replace("-", "_") + "_file"


def extra_output_parameters() -> list[inspect.Parameter]:
    """One `--<format> FILE` option per registered format, to write several formats in one run."""
    return [
        inspect.Parameter(
            extra_output_parameter_name(name), inspect.Parameter.KEYWORD_ONLY, default=None,
            annotation=Annotated[Optional[Path], typer.Option(f"--{name}", metavar="FILE",
                                                              help=f"Also write the {name} report to FILE.")],
        )
        for name in FORMATS
    ]


def format_option_parameters() -> dict[str, list[inspect.Parameter]]:
    """format name -> the parameters of its own options (e.g. sarif's --sarif-category)."""
    return {name: parameters(function) for name, function in option_functions().items()}


def split_list(values: Optional[list[str]]) -> tuple[str, ...]:
    return tuple(item.strip() for value in values or [] for item in value.split(",") if item.strip())
