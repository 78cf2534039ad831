"""The CLI as the tests run it: in process through click's runner, and on the indexed sample."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from search_sample import write_sample

from hansard.cli import cli


def run(*args: str, env: dict | None = None) -> tuple[int, str, str]:
    """``hansard ARGS``: (exit status, standard output, standard error)."""
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def indexed_sample(path: Path) -> Path:
    """``path`` holding the sample archive (``search_sample``) and its index."""
    write_sample(path)
    code, out, _err = run("index", "--data-dir", str(path))
    assert code == 0, out
    return path
