"""A read-only data dir still serves every read (issue 14, Medium 9).

Root ignores file modes, so the data dir is made read-only the way a real one is: a read-only
bind mount of it onto itself (root only; skipped, saying why, where mounting is not allowed).
"""

from __future__ import annotations

import os
import subprocess

import pytest
from cli_run import run
from search_sample import write_sample
from skips import skip_unless_required


@pytest.fixture(scope="module")
def readonly_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("readonly")
    write_sample(path)
    code, out, _err = run("index", "--data-dir", str(path))
    assert code == 0, out
    mounted = subprocess.run(["mount", "--bind", str(path), str(path)], capture_output=True)
    if mounted.returncode != 0:
        skip_unless_required(
            f"cannot bind-mount here (needs root): {mounted.stderr.decode().strip()}"
        )
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


@pytest.fixture
def full_disk(tmp_path):
    """A data dir on a tiny tmpfs, filled to the last byte after the index is built."""
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(tmp_path)],
                             capture_output=True)  # fmt: skip
    if mounted.returncode != 0:
        skip_unless_required(
            f"cannot mount a tmpfs here (needs root): {mounted.stderr.decode().strip()}"
        )
    try:
        data = tmp_path / "data"
        write_sample(data)
        assert run("index", "--data-dir", str(data))[0] == 0
        filler = os.open(tmp_path / "filler", os.O_WRONLY | os.O_CREAT)
        with pytest.raises(OSError):
            while True:
                os.write(filler, b"\0" * 512)
        os.close(filler)
        yield data
    finally:
        from search.engine import close_all

        close_all()
        if subprocess.run(["umount", str(tmp_path)]).returncode != 0:
            subprocess.run(["umount", "--lazy", str(tmp_path)], check=True)


def test_a_full_disk_is_one_line_and_leaves_no_temp_file(full_disk):
    out_file = str(full_disk.parent / "out.json")
    for command, expected in [
        (("watch", "add", "w", "stalking"), 1),
        (("search", "stalking", "--format", "json", "--output", out_file), 1),
        (("commitments",), 0),  # a listing: its cache is skipped when it cannot be written
    ]:
        code, _out, err = run(*command, "--data-dir", str(full_disk))
        assert code == expected, (command, err)
        if expected:
            lines = err.strip().splitlines()
            assert len(lines) == 1 and "No space left" in lines[0], err
        leftovers = [p for p in full_disk.parent.rglob("*") if ".tmp" in p.name]
        assert not leftovers, (command, leftovers)
