"""The web package's boundaries: one seam to the search engine, no Scrapy, no click."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

WEB = Path(__file__).parent.parent / "hansard" / "web"


def test_only_the_data_module_reaches_the_engine_and_the_state() -> None:
    """One seam (hansard/web/data.py): another search backend is one module to change."""
    pattern = re.compile(
        r"^\s*(from|import) (search|index|hansard\.register|hansard\.watchlist|hansard\.quoting)\b"
        r"|^\s*from hansard import (register|watchlist|quoting)\b",
        re.MULTILINE,
    )
    reaching = {path.name for path in WEB.glob("*.py") if pattern.search(path.read_text())}
    assert reaching == {"data.py"}


def test_the_web_app_imports_neither_scrapy_nor_click() -> None:
    code = (
        "import sys; import hansard.web.app, hansard.web.data; "
        "print(sorted(m for m in ('scrapy', 'twisted', 'click') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_serve_help_has_an_example(hansard_cli, tmp_path) -> None:
    result = hansard_cli("serve", "--help", data_dir=tmp_path)
    assert result.returncode == 0
    assert "Example:" in result.stdout and "hansard serve --data-dir" in result.stdout


def test_the_engine_is_entered_by_one_thread_at_a_time(monkeypatch, tmp_path) -> None:
    """Whoosh's shared searcher is not safe across threads (corrupt reads under load were
    measured), so the web's data seam lets one thread in at a time, whatever the thread pool."""
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    from hansard.records import SearchRequest, SearchResult
    from hansard.web import data
    from search import engine

    inside, most = 0, 0
    guard = threading.Lock()

    def slow_search(data_dir, request):
        nonlocal inside, most
        with guard:
            inside += 1
            most = max(most, inside)
        time.sleep(0.02)
        with guard:
            inside -= 1
        return SearchResult(hits=(), total=0)

    monkeypatch.setattr(engine, "search", slow_search)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: data.search(tmp_path, SearchRequest()), range(24)))
    assert most == 1
