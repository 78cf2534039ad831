"""A read-only data dir still serves every read (issue 14, Medium 9).

Root ignores file modes, so the data dir is made read-only the way a real one is: a read-only
bind mount of it onto itself (root only; skipped, saying why, where mounting is not allowed).
"""

from __future__ import annotations

import subprocess

import pytest
from click.testing import CliRunner
from search_sample import write_sample

from hansard.cli import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def readonly_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("readonly")
    write_sample(path)
    code, out, _err = run("index", "--data-dir", str(path))
    assert code == 0, out
    mounted = subprocess.run(["mount", "--bind", str(path), str(path)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot bind-mount here (needs root): {mounted.stderr.decode().strip()}")
    try:
        remount = ["mount", "-o", "remount,bind,ro", str(path), str(path)]
        subprocess.run(remount, check=True, capture_output=True)
        with pytest.raises(OSError):
            (path / "probe").write_text("x")
        yield path
    finally:
        from search.engine import close_all

        close_all()  # the open searcher holds index files: the mount would be busy
        if subprocess.run(["umount", str(path)]).returncode != 0:
            subprocess.run(["umount", "--lazy", str(path)], check=True)


READS = [
    ("search", "stalking"),
    ("search", "stalking", "--format", "csv"),
    ("show", "SG-A1"),
    ("stats",),
    ("quote", "SG-A1"),
    ("commitments",),
    ("commitments", "--format", "json"),
    ("members",),
    ("dump",),
    ("watch", "list"),
]


@pytest.mark.parametrize("command", READS, ids=" ".join)
def test_every_read_works_on_a_read_only_data_dir(readonly_dir, command):
    code, out, err = run(*command, "--data-dir", str(readonly_dir))
    assert code == 0, err
    assert out.strip()
    assert "Traceback" not in err


def test_a_write_on_a_read_only_data_dir_is_one_line(readonly_dir):
    code, _out, err = run("watch", "add", "stalking", "stalking", "--data-dir", str(readonly_dir))
    lines = err.strip().splitlines()
    assert code == 1 and len(lines) == 1, err
    assert "Read-only file system" in lines[0] and "Traceback" not in err
