"""A bug in srmscan exits with its own code (4) and one line, never 1 (which CI gates read as findings)."""

import pytest

import srmscan.pipeline
from srmscan.cli.app import main
from srmscan.gate import EXIT_INTERNAL_ERROR


def boom(*_args, **_kwargs):
    raise KeyError("an unexpected\nmulti-line failure")


def run_main(capsys, *argv):
    with pytest.raises(SystemExit) as exited:
        main(list(argv))
    return exited.value.code, capsys.readouterr()


def test_internal_error_is_one_line_and_exit_4(monkeypatch, capsys):
    monkeypatch.setattr(srmscan.pipeline, "run", boom)
    code, out = run_main(capsys, "demo", "--format", "json")
    assert code == EXIT_INTERNAL_ERROR == 4
    lines = [line for line in out.err.splitlines() if line.strip()]
    assert len(lines) == 1, out.err
    assert lines[0].startswith("srmscan: internal error: KeyError: ")
    assert "--debug" in lines[0] and "SRMSCAN_DEBUG=1" in lines[0] and "Traceback" not in out.err


@pytest.mark.parametrize("how", ["option", "environment"])
def test_debug_prints_the_traceback(monkeypatch, capsys, how):
    monkeypatch.setattr(srmscan.pipeline, "run", boom)
    monkeypatch.setenv("SRMSCAN_DEBUG", "0")  # restored after the test, whatever --debug sets
    if how == "environment":
        monkeypatch.setenv("SRMSCAN_DEBUG", "1")
        argv = ("demo",)
    else:
        argv = ("--debug", "demo")
    code, out = run_main(capsys, *argv)
    assert code == 4
    assert "Traceback (most recent call last)" in out.err and "def boom" not in out.err
    assert out.err.rstrip().splitlines()[-1].startswith("srmscan: internal error: KeyError")
