"""The web package's boundaries: one seam to the search engine, no Scrapy, no click."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

WEB = Path(__file__).parent.parent / "hansard" / "web"


def test_only_the_data_module_reaches_the_search_engine() -> None:
    reaching = {
        path.name
        for path in WEB.glob("*.py")
        if re.search(r"^\s*(from|import) (search|index)\b", path.read_text(), re.MULTILINE)
    }
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
