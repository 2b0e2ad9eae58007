"""The case store: SQLite by default (`./huijia.db`, WAL), PostgreSQL through a URL; one schema, created and
upgraded by Alembic migrations. Plain functions over an engine; no ORM session state.

Storage only: schema, migrations, sources, messages and their media rows, users, decisions, the audit
chain, queries and stats. What runs the pipeline into it is in `huijia.engines`; the registry's workflows
are in `huijia.registry`, over these tables."""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from huijia.store.locks import migration_lock

DEFAULT_URL = "sqlite:///huijia.db"
MIGRATIONS = Path(__file__).parent / "migrations"


class StoreError(Exception):
    """A database that cannot be used: a bad URL, a server that does not answer, a failed migration."""


def connect(url: str | None = None) -> Engine:
    """An engine for `url` (default: ./huijia.db), migrated to the newest schema."""
    url = url or DEFAULT_URL
    try:
        # hide_parameters: an error's text never carries the values (message text, names, notes)
        engine = sa.create_engine(url, hide_parameters=True)
    except (sa.exc.ArgumentError, ImportError, ValueError) as exc:
        raise StoreError(f"not a database URL we can use: {_safe(url)} ({exc})") from exc
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    elif engine.dialect.name == "postgresql":
        import orjson
        from psycopg.types.json import set_json_loads

        set_json_loads(orjson.loads)  # JSON columns (facts, evidence) decode 3× faster than with json
    else:
        raise StoreError(f"unsupported database {engine.dialect.name!r}: use sqlite or postgresql")
    try:
        with migration_lock(engine):  # two processes creating one new store: the second waits
            migrate(engine)
    except sa.exc.DatabaseError as exc:  # OperationalError among them; and a file that is no database
        raise StoreError(f"cannot open the database {_safe(url)}: {exc.orig}") from exc
    except OSError as exc:
        raise StoreError(f"cannot open the database {_safe(url)}: {exc.strerror or exc}") from exc
    return engine


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (a new database is created from nothing)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "<unparseable URL>"


def message_key(channel: str | None, author: str | None, sent_at: str | None, text: str, n: int) -> str:
    """The identity of a message across overlapping exports of one chat: chat, author, time and text, and
    `n` — how many identical messages came before it in the same second of the same file."""
    parts = "\x1f".join((channel or "", author or "", sent_at or "", text, str(n)))
    return hashlib.sha256(parts.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def login_name() -> str:
    """Who is running this process, for the record of who ingested or exported what."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
