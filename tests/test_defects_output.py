"""`--output` and OS errors (issue 14: High 2, Medium 9 and the Low items about output paths).

Special files are made here (a FIFO, a character device, a symlink), never the system's own:
a regression must not be able to replace /dev/null on the machine running the tests.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from cli_run import indexed_sample, run
from skips import skip_unless_required


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return indexed_sample(tmp_path_factory.mktemp("data"))


def search_to(data_dir: Path, output: str, *extra: str) -> tuple[int, str, str]:
    return run("search", "stalking", "--format", "json", "--data-dir", str(data_dir),
               "--output", output, *extra)  # fmt: skip


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("hansard: error:"), err
    assert "Traceback" not in err
    return lines[0]


def test_output_into_a_fifo_reaches_its_reader(data_dir, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    code, _out, err = search_to(data_dir, str(fifo))
    reader.join(timeout=30)
    if reader.is_alive() and stat.S_ISFIFO(fifo.lstat().st_mode):  # release a starved reader
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    assert code == 0, err
    assert stat.S_ISFIFO(fifo.lstat().st_mode), "the FIFO was replaced by a regular file"
    assert len(json.loads(received[0])) > 0


def test_output_into_a_character_device_keeps_the_device(data_dir, tmp_path):
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        device.write_bytes(b"probe")
    except OSError as error:  # not root, or a nodev mount
        skip_unless_required(f"cannot make a character device here: {error}")
    code, _out, err = search_to(data_dir, str(device))
    assert code == 0, err
    assert stat.S_ISCHR(device.lstat().st_mode), "the device was replaced by a regular file"


def test_output_through_a_symlink_keeps_the_link(data_dir, tmp_path):
    target = tmp_path / "real.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    code, _out, err = search_to(data_dir, str(link))
    assert code == 0, err
    assert link.is_symlink()
    assert len(json.loads(target.read_text())) > 0


def test_output_to_proc_self_fd_writes_to_stdout(data_dir, tmp_path):
    """`--output /dev/stdout` is a link into /proc: the bytes go to the command's stdout."""
    env = {**os.environ, "HANSARD_DATA_DIR": str(data_dir)}
    done = subprocess.run(
        [sys.executable, "-m", "hansard", "search", "stalking", "--format", "json",
         "--output", "/proc/self/fd/1"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) > 0


def test_dash_means_standard_output(data_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = search_to(data_dir, "-")
    assert code == 0, err
    assert len(json.loads(out)) > 0
    assert not (tmp_path / "-").exists()


def test_an_existing_file_keeps_its_permissions(data_dir, tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old")
    target.chmod(0o640)
    code, _out, err = search_to(data_dir, str(target))
    assert code == 0, err
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert len(json.loads(target.read_text())) > 0


@pytest.mark.parametrize(
    "command",
    [
        ("search", "stalking"),
        ("show", "SG-A1"),
        ("stats",),
        ("quote", "SG-A1"),
        ("commitments",),
        ("members",),
    ],
)
def test_output_in_a_missing_directory_is_refused(data_dir, tmp_path, command):
    """Issue 14, Low: --output silently created missing directories."""
    target = tmp_path / "no" / "such" / "dir" / "out.txt"
    code, _out, err = run(*command, "--data-dir", str(data_dir), "--output", str(target))
    assert code == 2
    assert "does not exist" in one_line_error(err)
    assert not (tmp_path / "no").exists()


def test_output_under_a_file_is_one_line(data_dir, tmp_path):
    (tmp_path / "afile").write_text("x")
    code, _out, err = search_to(data_dir, str(tmp_path / "afile" / "out.json"))
    assert code == 2
    assert "not a directory" in one_line_error(err)


def test_empty_output_is_refused(data_dir):
    code, _out, err = search_to(data_dir, "")
    assert code == 2
    assert "--output" in one_line_error(err)


def test_full_device_is_one_line_and_leaves_no_temp_file(data_dir, tmp_path):
    full = tmp_path / "full"
    try:
        os.mknod(full, 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # like /dev/full
        probe = os.open(full, os.O_WRONLY)
    except OSError as error:  # not root, or a nodev mount
        skip_unless_required(f"cannot make a full device here: {error}")
    with pytest.raises(OSError):
        os.write(probe, b"x")
    os.close(probe)
    code, _out, err = search_to(data_dir, str(full))
    assert code == 1
    assert "No space left" in one_line_error(err)
    assert not list(tmp_path.glob(".*.tmp"))


def test_data_dir_naming_a_file_is_refused(tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("x")
    for command in (("search", "x"), ("stats",), ("dump",), ("commitments",), ("watch", "list")):
        code, out, err = run(*command, env={"HANSARD_DATA_DIR": str(afile)})
        assert code == 2, (command, out, err)
        assert "not a directory" in one_line_error(err)


def test_empty_data_dir_is_refused(tmp_path):
    """Issue 14, Low: --data-dir "" meant the current directory."""
    code, _out, err = run("stats", "--data-dir", "")
    assert code == 2
    assert "--data-dir" in one_line_error(err)
