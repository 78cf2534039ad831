"""One way for a test to give up where this machine cannot run it, and never on CI.

``HANSARD_NO_SKIPS=1`` (set by ``.ci/run``) makes it a failure at the call itself, naming what
was missing; ``tests/conftest.py`` also turns any other skip into a failure under the same
setting, so a test that quietly stopped running cannot pass CI either way.
"""

from __future__ import annotations

import os

import pytest

NO_SKIPS = "HANSARD_NO_SKIPS"


def skip_unless_required(reason: str, required_by: str = NO_SKIPS) -> None:
    """Skip with ``reason``, or fail with it when ``required_by`` (or ``HANSARD_NO_SKIPS``) is 1."""
    for variable in dict.fromkeys((required_by, NO_SKIPS)):
        if os.environ.get(variable) == "1":
            pytest.fail(f"{variable}=1 but {reason} (every such test must run)", pytrace=False)
    pytest.skip(reason)
