"""The ``hansard`` command.

Subcommands are imported only when run (a lazy group), so ``hansard search`` never pays for
Scrapy or Twisted, and a broken optional part cannot stop the others from starting.
"""

from __future__ import annotations

import errno
import importlib
import logging
import sys

import click

from hansard import __version__
from hansard.errors import HansardError

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
}


class ReportedError(click.ClickException):
    """A HansardError on its way out: one line on stderr, the error's exit status, no traceback."""

    def __init__(self, error: HansardError) -> None:
        super().__init__(str(error))
        self.exit_code = error.exit_code

    def show(self, file=None) -> None:
        click.echo(f"hansard: error: {self.format_message()}", err=True, file=file)


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
    cli(prog_name="hansard")
