"""Options and helpers shared by every subcommand, so each behaves the same way."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from hansard.datadir import resolve_data_dir


def data_dir_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--data-dir PATH`` (else $HANSARD_DATA_DIR, else the user data dir) as ``data_dir``."""

    @click.option(
        "--data-dir",
        "data_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Where the archive and index live [default: $HANSARD_DATA_DIR or the user data dir].",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, data_dir: Path | None, **kwargs: Any) -> Any:
        return func(*args, data_dir=resolve_data_dir(data_dir), **kwargs)

    return wrapper


def backend_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--backend URL`` (else $HANSARD_BACKEND) as ``backend``: None for the embedded Whoosh
    index in the data directory, or a ``postgresql://`` URL (a primary, or a primary and
    replicas in libpq's multi-host form) shared by many machines. The command opens it with
    ``search.backend.open_backend(data_dir, backend)``; the user's state (commitment marks,
    watch lists) follows it (``hansard.state.use_backend``)."""

    @click.option(
        "--backend",
        "backend",
        metavar="URL",
        envvar="HANSARD_BACKEND",
        default=None,
        help="Search backend: a postgresql://... URL [default: $HANSARD_BACKEND, else the "
        "Whoosh index in the data dir].",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, backend: str | None, **kwargs: Any) -> Any:
        from hansard.state import backend_url, use_backend

        before = backend_url()
        use_backend(backend)  # marks and watch lists live where the searches do
        try:
            return func(*args, backend=backend, **kwargs)
        finally:
            use_backend(before)

    return wrapper


class DateType(click.ParamType):
    """A calendar date written YYYY-MM-DD; anything else is a usage error naming the value."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if isinstance(value, dt.date):
            return value.isoformat()
        try:
            return dt.date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            self.fail(
                f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2015-11-26", param, ctx
            )


DATE = DateType()

FORMATS = ("text", "json", "jsonl", "csv", "md")


def output_options(formats: tuple[str, ...] = FORMATS, default: str = "text") -> Callable:
    """``--format`` and ``--output FILE`` (and ``--excel`` when CSV is offered), alike everywhere.

    The command receives ``fmt`` and ``output`` (a path, or None for stdout) and ``excel``.
    """

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        func = click.option(
            "--output",
            "-o",
            type=click.Path(dir_okay=False, writable=True, path_type=Path),
            default=None,
            help="Write to FILE instead of standard output (written atomically).",
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
