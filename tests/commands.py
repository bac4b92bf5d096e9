"""The command line run inside the test process, for tests about what a command prints and
returns rather than about a process starting.

A real `python -m assistant` pays for importing PyTorch and loading the model every time (about
ten seconds on 2 cores); run here, every command shares the session's model. The result has the
fields of `subprocess.CompletedProcess` the tests read, so a test reads the same either way.
Anything a command raises other than its own exit propagates: an unexpected error fails the
test as loudly as a traceback in a terminal would. Each command that matters still has tests
that start it as a real process (tests/test_cli.py, tests/test_faults.py and others).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.embedding import Encoder


@dataclass(frozen=True)
class Ran:
    """What a command returned and printed, named as `subprocess.CompletedProcess` names it."""

    returncode: int
    stdout: str
    stderr: str


def run_command(args: list[str], data_dir: Path, stdin: str | None = None) -> Ran:
    """`python -m assistant ARGS` with ASSISTANT_DATA_DIR=data_dir, inside this process.

    Use it through the `cli` fixture, or inside `sharing_model`, so that the command is
    handed the session's model rather than loading its own.
    """
    result = CliRunner().invoke(
        app,
        args,
        input=stdin,
        env={"ASSISTANT_DATA_DIR": str(data_dir)},
        catch_exceptions=False,
        prog_name="python -m assistant",
    )
    return Ran(result.exit_code, result.stdout, result.stderr)


@contextmanager
def sharing_model(encoder: Encoder) -> Iterator[None]:
    """Commands run meanwhile use `encoder` where a process would load the model itself."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("assistant.service.shared_encoder", lambda: encoder)
        yield
