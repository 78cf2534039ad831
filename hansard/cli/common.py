"""Options and helpers shared by every subcommand, so each behaves the same way."""

from __future__ import annotations

import datetime as dt
import functools
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from hansard.datadir import ENV_VAR, resolve_data_dir
from hansard.dates import parse_day
from hansard.errors import UsageError


def data_dir_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--data-dir PATH`` (else $HANSARD_DATA_DIR, else the user data dir) as ``data_dir``.

    Whichever names it, it must be a directory or not exist yet: a file there would make every
    read find nothing and exit 0, and ``--data-dir ""`` would quietly mean the current directory.
    """

    @click.option(
        "--data-dir",
        "data_dir",
        metavar="PATH",
        default=None,
        help="Where the archive and index live [default: $HANSARD_DATA_DIR or the user data dir].",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, data_dir: str | None, **kwargs: Any) -> Any:
        if data_dir is not None and not data_dir.strip():
            raise UsageError("--data-dir is empty; name a directory, e.g. --data-dir ./data")
        resolved = resolve_data_dir(data_dir)
        if resolved.exists() and not resolved.is_dir():
            source = "--data-dir" if data_dir else f"${ENV_VAR}"
            raise UsageError(
                f"{source} names {str(resolved)!r}, which is not a directory; "
                "name the directory that holds (or will hold) the archive"
            )
        return func(*args, data_dir=resolved, **kwargs)

    return wrapper


class DateType(click.ParamType):
    """A calendar date written YYYY-MM-DD; anything else is a usage error naming the value."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if isinstance(value, dt.date):
            return value.isoformat()
        day = parse_day(str(value))
        if day is None:
            self.fail(
                f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2015-11-26", param, ctx
            )
        return day.isoformat()


DATE = DateType()


class HttpUrl(click.ParamType):
    """An http(s) address with a host: anything else is one usage error, not a traceback."""

    name = "URL"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value).strip()
        option = param.opts[0] if param is not None and param.opts else "the URL"
        try:
            parts = urlsplit(text)
            valid = parts.scheme in ("http", "https") and bool(parts.hostname)
            parts.port  # noqa: B018 - raises ValueError on a port out of range
        except ValueError:
            valid = False
        if not valid:
            raise UsageError(
                f"{option} {text[:200]!r} is not a web address; write it as http://host/... "
                "or https://host/..."
            )
        return text


HTTP_URL = HttpUrl()


class FiniteFloat(click.ParamType):
    """A number of seconds within bounds: ``inf`` would hang a crawl, ``nan`` compares false
    with everything (every day then "failed")."""

    name = "SECONDS"

    def __init__(self, low: float, high: float) -> None:
        self.low, self.high = low, high

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        option = param.opts[0] if param is not None and param.opts else "the value"
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if not (self.low <= number <= self.high):  # also false for nan
            raise UsageError(
                f"{option} {str(value)[:50]!r} must be a number from {self.low:g} to {self.high:g}"
            )
        return number


def check_order(date_from: str | None, date_to: str | None) -> None:
    """``--from`` after ``--to`` selects nothing: say so rather than print an empty answer."""
    if date_from and date_to and date_from > date_to:
        raise UsageError(f"--to {date_to} is before --from {date_from}; swap them")


FORMATS = ("text", "json", "jsonl", "csv", "md")


class OutputPath(click.ParamType):
    """``--output FILE``: ``-`` is standard output (None); the file's directory must exist.

    Checked here, once for every command, so a typo in a directory name is not silently created
    and an empty name or a path under a file is one usage error. How the file is then written
    (atomically, or straight into a FIFO or device) is :mod:`hansard.atomic`'s rule.
    """

    name = "FILE"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Path | None:
        if value is None or isinstance(value, Path):
            return value
        if value == "-":
            return None
        if not str(value).strip():
            raise UsageError("--output is empty; name a file, or '-' for standard output")
        path = Path(value).expanduser()
        if path.is_dir():
            raise UsageError(f"--output {value!r} is a directory; name a file in it")
        parent = path.parent
        if not parent.exists():
            raise UsageError(
                f"--output {value!r}: the directory {str(parent)!r} does not exist; create it first"
            )
        if not parent.is_dir():
            raise UsageError(
                f"--output {value!r}: {str(parent)!r} is not a directory; name a file in one"
            )
        return path


OUTPUT = OutputPath()


def output_options(formats: tuple[str, ...] = FORMATS, default: str = "text") -> Callable:
    """``--format`` and ``--output FILE`` (and ``--excel`` when CSV is offered), alike everywhere.

    The command receives ``fmt`` and ``output`` (a path, or None for stdout) and ``excel``.
    """

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        func = click.option(
            "--output",
            "-o",
            type=OUTPUT,
            default=None,
            help="Write to FILE instead of standard output ('-'); a file is replaced atomically.",
        )(func)
        if "csv" in formats:
            func = click.option(
                "--excel", is_flag=True, help="Start CSV with a byte-order mark for spreadsheets."
            )(func)
        else:
            func = _default_kwarg(func, "excel", False)
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(formats),
            default=default,
            show_default=True,
            help="Output format.",
        )(func)

    return decorate


def _default_kwarg(func: Callable[..., Any], name: str, value: Any) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault(name, value)
        return func(*args, **kwargs)

    return wrapper


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()
