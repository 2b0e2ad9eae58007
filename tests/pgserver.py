"""A throwaway PostgreSQL server for the store tests: initdb in a temporary folder, listening only on a
Unix socket there, started and stopped by the test session. `make test` installs Debian's postgresql; as
root (CI) the server runs as the `postgres` user, because PostgreSQL refuses to run as root."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def find_bindir() -> Path | None:
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists():
            return candidate
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@contextmanager
def running_server(durable: bool = False) -> Iterator[str]:
    """Yields a libpq socket folder of a fresh server whose superuser is `huijia` (trust auth).

    Tests run it without fsync (the data is thrown away); `durable` keeps PostgreSQL's defaults, for
    benchmarks whose numbers must hold for a real server."""
    bindir = find_bindir()
    if bindir is None:
        raise FileNotFoundError("PostgreSQL is not installed (make test installs Debian's postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="huijia-pg-"))
    try:
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(folder, user.pw_uid, user.pw_gid)
        data = folder / "data"
        run = {"check": True, "capture_output": True, "text": True}
        subprocess.run(
            _as_server_user(
                [str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "huijia", "-E", "UTF8",
                 "--no-locale"]
            ),
            **run,  # type: ignore[call-overload]
        )  # fmt: skip
        options = f"-c listen_addresses='' -k {folder}"
        if not durable:
            options += " -c fsync=off -c full_page_writes=off"
        subprocess.run(
            _as_server_user(
                [
                    str(bindir / "pg_ctl"),
                    "-D",
                    str(data),
                    "-o",
                    options,
                    "-l",
                    str(folder / "log"),
                    "-w",
                    "start",
                ]
            ),
            **run,  # type: ignore[call-overload]
        )
        try:
            yield str(folder)
        finally:
            subprocess.run(
                _as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                check=False,
                capture_output=True,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def create_database(socket_dir: str, name: str) -> str:
    """A new empty database; its SQLAlchemy URL."""
    import psycopg

    with psycopg.connect(f"host={socket_dir} user=huijia dbname=postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://huijia@/{name}?host={socket_dir}"
