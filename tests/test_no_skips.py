"""``HANSARD_NO_SKIPS=1`` (set by ``.ci/run``) turns any skip into a failure, so CI cannot pass
with a test that quietly stopped running (no browser, no bind mount, no mknod)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent


SAMPLES = {
    "a skip": "import pytest\n\ndef test_needs_a_device():\n    pytest.skip('no device here')\n",
    "the helper": "from skips import skip_unless_required\n\ndef test_needs_a_device():\n"
    "    skip_unless_required('no device here')\n",
    "a module skip": "import pytest\n\npytest.skip('no device here', allow_module_level=True)\n"
    "\ndef test_needs_a_device():\n    pass\n",
}


def _run(
    tmp_path: Path, no_skips: str | None, sample: str = "a skip"
) -> subprocess.CompletedProcess:
    (tmp_path / "test_skipping.py").write_text(SAMPLES[sample])
    env = {k: v for k, v in os.environ.items() if k != "HANSARD_NO_SKIPS"}
    if no_skips is not None:
        env["HANSARD_NO_SKIPS"] = no_skips
    env["PYTHONPATH"] = os.pathsep.join([str(TESTS), env.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "conftest", "-p", "no:cacheprovider",
         str(tmp_path / "test_skipping.py")],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize("sample", ["a skip", "the helper"])
def test_a_skip_fails_when_every_test_must_run(tmp_path, sample) -> None:
    done = _run(tmp_path, "1", sample)
    assert done.returncode == 1, done.stdout
    assert "1 failed" in done.stdout and "no device here" in done.stdout


def test_a_module_skipped_whole_fails_when_every_test_must_run(tmp_path) -> None:
    done = _run(tmp_path, "1", "a module skip")
    assert done.returncode == 2, done.stdout  # an error while collecting
    assert "1 error" in done.stdout and "no device here" in done.stdout
    assert "1 skipped" not in done.stdout
    otherwise = _run(tmp_path, None, "a module skip")
    assert otherwise.returncode == 5 and "1 skipped" in otherwise.stdout  # nothing ran, no error


@pytest.mark.parametrize("sample", ["a skip", "the helper"])
def test_a_skip_stays_a_skip_otherwise(tmp_path, sample) -> None:
    done = _run(tmp_path, None, sample)
    assert done.returncode == 0, done.stdout
    assert "skipped" in done.stdout
