"""The ``hansard`` command.

Subcommands are imported only when run (a lazy group), so ``hansard search`` never pays for
Scrapy or Twisted, and a broken optional part cannot stop the others from starting.
"""

from __future__ import annotations

import errno
import importlib
import logging
import re
import sys

import click

from hansard import __version__
from hansard.controls import TerminalSafe, escape
from hansard.errors import HansardError, UsageError

COMMANDS: dict[str, str] = {
    "parse": "hansard.cli.parse_cmd:parse",
    "crawl": "hansard.cli.crawl_cmds:crawl",
    "dump": "hansard.cli.crawl_cmds:dump",
    "reparse": "hansard.cli.crawl_cmds:reparse",
    "index": "hansard.cli.search_cmds:index",
    "search": "hansard.cli.search_cmds:search",
    "show": "hansard.cli.search_cmds:show",
    "stats": "hansard.cli.search_cmds:stats",
    "quote": "hansard.cli.quote_cmds:quote",
    "commitments": "hansard.cli.commitment_cmds:commitments",
    "watch": "hansard.cli.watch_cmds:watch",
    "members": "hansard.cli.source_cmds:members",
    "import-parlparse": "hansard.cli.source_cmds:import_parlparse",
    "coverage": "hansard.cli.research_cmds:coverage",
    "trends": "hansard.cli.research_cmds:trends",
    "find-quote": "hansard.cli.research_cmds:find_quote",
    "kwic": "hansard.cli.research_cmds:kwic",
    "member": "hansard.cli.research_cmds:member",
    "cited-by": "hansard.cli.research_cmds:cited_by",
}


class ReportedError(click.ClickException):
    """A HansardError on its way out: one line on stderr, the error's exit status, no traceback."""

    def __init__(self, error: HansardError) -> None:
        super().__init__(_one_line(str(error)))
        self.exit_code = error.exit_code

    def show(self, file=None) -> None:
        click.echo(f"hansard: error: {self.format_message()}", err=True, file=file)


_UNDECODABLE = re.compile("[\udc80-\udcff]")
MESSAGE_LIMIT = 600
"""Longer messages (an input of 100 KB echoed back) keep their start and their advice."""


def _one_line(message: str) -> str:
    """An error message as one printable line of bounded length."""
    message = message.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    message = escape(message.replace("\n", " "))
    if len(message) > MESSAGE_LIMIT:
        half = MESSAGE_LIMIT // 2
        left_out = len(message) - 2 * half
        message = f"{message[:half]} … ({left_out} characters left out) … {message[-half:]}"
    return message


def os_error(error: OSError) -> HansardError:
    """Any OSError (read-only or full disk, a path under a file, no permission) as one line.

    Said here once for every command: what failed, on which path, and what to check.
    """
    reason = error.strerror or str(error) or type(error).__name__
    where = f" ({error.filename})" if error.filename else ""
    hint = {
        errno.ENOSPC: "free some space and run it again",
        errno.EDQUOT: "free some space and run it again",
        errno.EROFS: "this needs a writable data dir (or --output elsewhere)",
        errno.EACCES: "check the permissions, or choose another --data-dir / --output",
        errno.EPERM: "check the permissions, or choose another --data-dir / --output",
    }.get(error.errno or 0, "check the path and run it again")
    return HansardError(f"{reason}{where}; {hint}")


class LazyGroup(click.Group):
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Arguments must be text: bytes that are not UTF-8 reach Python as lone surrogates,
        which nothing can print or index, so they are refused here, once, for every command."""
        for number, arg in enumerate(args, 1):
            if _UNDECODABLE.search(arg):
                shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
                raise ReportedError(
                    UsageError(f"argument {number} ('{shown}') is not valid UTF-8; pass UTF-8 text")
                )
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            return None
        return getattr(module, attr)

    def invoke(self, ctx: click.Context):
        _show_warnings()
        try:
            return super().invoke(ctx)
        except HansardError as error:
            raise ReportedError(error) from None
        except click.UsageError as error:
            if type(error).__name__ == "NoArgsIsHelpError":  # click prints the help instead
                raise
            where = f"; see `{error.ctx.command_path} --help`" if error.ctx else ""
            raise ReportedError(UsageError(error.format_message() + where)) from None
        except BrokenPipeError:
            raise  # `hansard dump | head`: click quietens the pipe and exits
        except OSError as error:
            raise ReportedError(os_error(error)) from None
        except KeyboardInterrupt:
            click.echo("hansard: interrupted; the archive and the index are left usable.", err=True)
            sys.exit(130)


class _WarningLine(logging.Handler):
    """Warnings logged by any layer ("hansard.*" loggers) as ``hansard: warning: ...`` lines."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"hansard: warning: {record.getMessage()}", err=True)


def _show_warnings() -> None:
    logger = logging.getLogger("hansard")
    if not any(isinstance(h, _WarningLine) for h in logger.handlers):
        logger.addHandler(_WarningLine(logging.WARNING))
        logger.propagate = False


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hansard")
def cli() -> None:
    """Archive and search the oral questions and answers of UK Parliament's Hansard.

    \b
    Example:
        hansard crawl --from 2015-11-23 --to 2015-11-27
        hansard search stalking --minister "Solicitor General"
    """


def main() -> None:
    for name in ("stdout", "stderr"):  # a terminal is shown control characters, never obeys them
        stream = getattr(sys, name)
        if stream is not None and stream.isatty():
            setattr(sys, name, TerminalSafe(stream))
    cli(prog_name="hansard")
