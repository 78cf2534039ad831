"""The ``hansard`` command.

Subcommands are imported only when run (a lazy group), so ``hansard search`` never pays for
Scrapy or Twisted, and a broken optional part cannot stop the others from starting.
"""

from __future__ import annotations

import importlib
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
    "serve": "hansard.cli.serve_cmd:serve",
}


class ReportedError(click.ClickException):
    """A HansardError on its way out: one line on stderr, the error's exit status, no traceback."""

    def __init__(self, error: HansardError) -> None:
        super().__init__(str(error))
        self.exit_code = error.exit_code

    def show(self, file=None) -> None:
        click.echo(f"hansard: error: {self.format_message()}", err=True, file=file)


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
        try:
            return super().invoke(ctx)
        except HansardError as error:
            raise ReportedError(error) from None
        except KeyboardInterrupt:
            click.echo("hansard: interrupted; the archive and the index are left usable.", err=True)
            sys.exit(130)


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
