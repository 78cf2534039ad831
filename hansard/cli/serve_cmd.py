"""`hansard serve`: the web face (pages, JSON API, Atom feeds) over the CLI's data directory.

uvicorn runs ``hansard.web.app:app_from_environment`` in each worker; the options travel in the
environment because that is what every worker process (a fresh import) can read.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from hansard.cli.common import backend_option, data_dir_option


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Processes."
)
@click.option(
    "--token",
    envvar="HANSARD_TOKEN",
    default=None,
    help="Writes (marks, watches) need this token [env: HANSARD_TOKEN]; required for writes "
    "when --host is not loopback.",
)
@click.option("--quiet", is_flag=True, help="No line per request; warnings and errors only.")
@backend_option
@data_dir_option
def serve(
    host: str,
    port: int,
    workers: int,
    token: str | None,
    quiet: bool,
    backend: str | None,
    data_dir: Path,
) -> None:
    """Serve the archive on the web: search, exchanges, commitments, watches, API and feeds.

    Logs one line per request; Ctrl-C stops it cleanly. Bound to anything but loopback, reads
    stay open to everyone and writes need --token. With --backend postgresql://... several
    nodes (on other ports or machines) share one archive's search tables, marks and watch lists;
    reads go to a replica when the URL names one, writes to the primary.

    \b
    Example:
        hansard serve --data-dir demo-data          # then open http://127.0.0.1:8000/
        hansard serve --host 0.0.0.0 --port 8080 --workers 2 --token "$(openssl rand -hex 16)"
        hansard serve --port 8001 --backend "postgresql://web@db1,db2/hansard"
    """
    import uvicorn

    from hansard.web.app import ENV_BACKEND, ENV_DATA_DIR, ENV_HOST, ENV_TOKEN
    from hansard.web.security import is_loopback
    from search.backend import open_backend
    from search.backend import safe_url as safe

    os.environ[ENV_DATA_DIR] = str(data_dir.resolve())
    open_backend(data_dir, backend)  # a bad URL is a usage error before listening
    if backend:
        os.environ[ENV_BACKEND] = backend  # every worker process opens the same backend
    else:
        os.environ.pop(ENV_BACKEND, None)
    os.environ[ENV_HOST] = host
    if token:
        os.environ[ENV_TOKEN] = token
    else:
        os.environ.pop(ENV_TOKEN, None)
    if not is_loopback(host) and not token:
        click.echo(
            f"hansard: note: listening on {host} without --token: reads are open, writes are "
            "refused (give --token or $HANSARD_TOKEN to allow them)",
            err=True,
        )
    where = f" (search and state: {safe(backend)})" if backend else ""
    click.echo(
        f"hansard: serving {data_dir}{where} at http://{host}:{port}/ (Ctrl-C stops)", err=True
    )
    uvicorn.run(
        "hansard.web.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=not quiet,
        log_level="warning" if quiet else "info",
        server_header=False,
    )
