"""The search filters as options, shared by the research commands (trends, kwic, find-quote).

Each command gets ``request_from(options)`` to build the same ``SearchRequest`` that
``hansard search`` builds, so a filter means the same thing everywhere.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from hansard.cli.common import DATE
from hansard.records import HOUSES, ROLES, SearchRequest

FILTERS = ("member", "minister", "topic", "department", "party", "role", "house", "date_from",
           "date_to")  # fmt: skip


def filter_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--member --minister --topic --department --party --role --house --from --to``, passed
    to the command as one ``filters`` dict."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        filters = {name: kwargs.pop(name) for name in FILTERS}
        if filters["role"]:
            filters["role"] = filters["role"].lower()
        if filters["house"]:
            filters["house"] = filters["house"].capitalize()
        return func(*args, filters=filters, **kwargs)

    options = [
        click.option("--member", help="A member, however printed, or an id."),
        click.option("--minister", help="Answers given as an office or by a name."),
        click.option("--topic", help="What the exchange is about (heading and question)."),
        click.option("--department", help='The answering department, e.g. "Home Office".'),
        click.option("--party", help="Party as printed: Con, Lab, LD, SNP, CB ..."),
        click.option("--role", type=click.Choice(ROLES, case_sensitive=False)),
        click.option("--house", type=click.Choice(HOUSES, case_sensitive=False)),
        click.option("--from", "date_from", type=DATE, help="On or after this date."),
        click.option("--to", "date_to", type=DATE, help="On or before this date."),
    ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def request_from(filters: dict[str, Any], query: str = "", **extra: Any) -> SearchRequest:
    return SearchRequest(query=query, **filters, **extra)
