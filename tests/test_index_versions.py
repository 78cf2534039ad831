"""A data directory stays usable across versions and copies.

An index built under another schema is refused with a one-line message that says how to rebuild it
(never a traceback from deep inside Whoosh). A data directory copied elsewhere (new file times)
does not claim that its archive is newer than its index.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from search_sample import write_sample

from index.build import rebuild
from index.schema import SCHEMA_VERSION


def hansard(*args: str, data_dir) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "hansard", *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_an_index_of_another_schema_asks_for_a_rebuild(tmp_path) -> None:
    write_sample(tmp_path)
    rebuild(tmp_path)
    manifest_path = tmp_path / "index" / "hansard-manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["schema_version"] = SCHEMA_VERSION - 1  # built before the last change
    manifest_path.write_text(json.dumps(manifest))

    result = hansard("search", "--topic", "stalking", data_dir=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "hansard index --rebuild" in result.stderr.strip().splitlines()[-1]

    assert hansard("index", "--rebuild", data_dir=tmp_path).returncode == 0
    after = hansard("search", "--topic", "stalking", "--count", data_dir=tmp_path)
    assert after.returncode == 0 and int(after.stdout) > 0


def test_a_copied_data_dir_is_not_called_stale(tmp_path) -> None:
    original = tmp_path / "original"
    write_sample(original)
    rebuild(original)
    copy = tmp_path / "copy"
    shutil.copytree(original, copy)  # new mtimes everywhere, as cp -r or a restore gives
    (copy / "archive" / "CHANGED").touch()
    result = hansard("search", "stalking", "--count", data_dir=copy)
    assert result.returncode == 0 and int(result.stdout) > 0
    assert "newer than the index" not in result.stderr
