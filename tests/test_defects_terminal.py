"""Terminal control characters, arguments and error lines (issue 14: Medium 4 and Low items).

Page text reaches a terminal only as shown characters: parsers remove control characters (and
say how many), and stdout/stderr on a terminal escape any that an older archive still holds.
The terminal tests run the real command on a pseudo-terminal.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest
from search_sample import write_sample

from hansard.archive import Archive
from hansard.datadir import archive_dir

PAGE = (
    Path(__file__).parent
    / "fixtures"
    / "site"
    / "real"
    / "Commons_1980-04-24_OralAnswersToQuestions.html"
)
ATTACK = "\x1b[2J\x1b]0;owned\x07\x9b6n\x00"
"""Clear screen, set the window title (OSC ... BEL), an 8-bit CSI query, a NUL."""
RAW = re.compile(r"\x1b\[2J|\x1b\]0;|\x07|\x9b|\x00")


def run_on_terminal(*args: str, data_dir: Path) -> tuple[int, str]:
    """The command's stdout and stderr, both on one pseudo-terminal, as the user would see."""
    leader, follower = pty.openpty()
    env = {**os.environ, "HANSARD_DATA_DIR": str(data_dir), "COLUMNS": "100"}
    child = subprocess.Popen(
        [sys.executable, "-m", "hansard", *args],
        stdin=subprocess.DEVNULL, stdout=follower, stderr=follower, env=env,
    )  # fmt: skip
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            child.kill()
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return child.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture(scope="module")
def old_archive(tmp_path_factory) -> Path:
    """A sample archive one of whose turns still holds control characters (written raw, as an
    archive made before the parser removed them would)."""
    path = tmp_path_factory.mktemp("controls")
    archive = write_sample(path)
    day = archive.turns_path("Commons", "2015-11-26")
    lines = day.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[0])
    record["text"] = f"Stalking {ATTACK} protocol"
    record["debate_title"] = f"Title {ATTACK}"
    record["department"] = f"Attorney {ATTACK}"
    record["speaker_name"] = f"Member {ATTACK}"
    lines[0] = json.dumps(record, ensure_ascii=False)
    day.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (path / "first-id").write_text(record["id"], encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "hansard", "index", "--data-dir", str(path)],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return path


@pytest.mark.parametrize(
    "command",
    [
        ("search", "protocol"),
        ("search", "protocol", "--format", "md"),
        ("search", "protocol", "--format", "csv"),
        ("search", "protocol", "--format", "json"),
        ("search", "protocol", "--facet", "department"),
        ("show", "{id}"),
        ("quote", "{id}"),
        ("commitments", "--format", "md"),
        ("members",),
        ("search", "protocol", "--facet", "member"),
    ],
    ids=" ".join,
)
def test_control_characters_never_reach_the_terminal(old_archive, command):
    turn_id = (old_archive / "first-id").read_text(encoding="utf-8")
    command = tuple(arg.replace("{id}", turn_id) for arg in command)
    code, seen = run_on_terminal(*command, data_dir=old_archive)
    assert code == 0, seen
    assert not RAW.search(seen), repr(seen[:2000])


def test_they_are_shown_escaped(old_archive):
    code, seen = run_on_terminal("search", "protocol", "--format", "jsonl", data_dir=old_archive)
    assert code == 0
    assert "\\x1b[2J" in seen or "\\\\u001b" in seen or "\\u001b" in seen


def test_an_error_echoing_a_control_character_escapes_it(old_archive):
    code, seen = run_on_terminal("search", '"unclosed \x1b]0;x\x07', data_dir=old_archive)
    assert code == 2 and not RAW.search(seen)
    assert "\\x1b" in seen


def test_the_parser_removes_them_and_says_how_many(tmp_path):
    html = PAGE.read_text(encoding="utf-8")
    paragraph = html.index("<p", html.index("contribution"))
    start = html.index(">", paragraph) + 1
    page = tmp_path / "page.html"
    page.write_text(html[:start] + ATTACK + html[start:], encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "hansard", "parse", str(page)],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert not RAW.search(done.stdout)
    assert "removed 5 control character(s)" in done.stderr


def test_archived_turns_from_any_source_are_clean(tmp_path):
    """ParlParse and API turns reach the archive without passing the page parser."""
    from turns import answer_turn

    archive = Archive(archive_dir(tmp_path))
    archive.write_turns("Commons", "2015-11-26", [answer_turn(text=f"A {ATTACK} B")])
    (turn,) = archive.read_turns("Commons", "2015-11-26")
    assert not RAW.search(turn.text) and turn.text.startswith("A ") and "B" in turn.text


def run_plain(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "HANSARD_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "hansard", *args], capture_output=True,
                          env=env, timeout=120)  # fmt: skip


def test_non_utf8_argument_is_one_line_exit_2(tmp_path):
    """Issue 14, Low: bytes that are not UTF-8 gave a UnicodeEncodeError traceback."""
    env = {**os.environ, "HANSARD_DATA_DIR": str(tmp_path)}
    cases = [[b"show", b"\xff"], [b"search", b"caf\xe9 ("], [b"search", b"x", b"-o", b"/tmp/\xff"]]
    for args in cases:
        command = [sys.executable, "-m", "hansard", *args]
        done = subprocess.run(command, capture_output=True, env=env, timeout=120)
        err = done.stderr.decode("utf-8")
        assert done.returncode == 2, err
        assert len(err.strip().splitlines()) == 1 and "not valid UTF-8" in err
        assert "\\xff" in err or "\\xe9" in err


def test_a_huge_input_is_not_echoed_whole(tmp_path):
    """Issue 14, Low: errors echoed inputs of 10-100 KB whole."""
    write_sample(tmp_path)
    assert run_plain("index", data_dir=tmp_path).returncode == 0
    done = run_plain("search", "x" * 100_000 + '"', data_dir=tmp_path)
    err = done.stderr.decode("utf-8")
    assert done.returncode == 2 and len(err) < 1000, len(err)
    assert "close the phrase" in err
    done = run_plain("search", "--from", "9" * 50_000, data_dir=tmp_path)
    err = done.stderr.decode("utf-8")
    assert done.returncode == 2 and len(err) < 1000 and len(err.strip().splitlines()) == 1
