"""One scan at a time per store, and one migration at a time: a second process waits its turn.

A scan writes in many short transactions (a batch each), so no database transaction can hold the store
for all of it; two scans of the same file at once would both find it new and collide on its rows. This
lock is held for a whole scan: on PostgreSQL a session advisory lock on its own connection, on SQLite an
exclusive `flock` on a file beside the database (`huijia.db.scan-lock`; migrations: `.migrate-lock`).
Both are let go when the holder ends, even by kill -9. Readers and the review desk are never blocked by it.

Within one transaction, `hold_writes` makes a read-then-write step (the audit chain's next link, a rate
limit's count and its new event) the only one of its kind at a time, on both backends.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

# PostgreSQL advisory lock ids, one per thing serialised
AUDIT_LOCK_ID = 7_420_113  # appends to the audit chain
_SCAN_LOCK_ID = 7_420_114
_MIGRATE_LOCK_ID = 7_420_115
RATE_LOCK_ID = 7_420_116  # counting and taking rate-limit events
LINKS_LOCK_ID = 7_420_117  # rebuilding the stored links (a scan's end, a bank change, huijia relink)


def hold_writes(conn: Connection, lock_id: int) -> None:
    """Be the only writer of `lock_id`'s kind until the caller's transaction ends — taken before what
    the write depends on is read. PostgreSQL: a transaction advisory lock. SQLite: its one write lock
    (`BEGIN IMMEDIATE`, waiting for another writer up to the busy timeout); pysqlite opens a transaction
    only at the first write, so a read before it could see a state another writer replaces before ours.
    A transaction that has written already holds it."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:id)"), {"id": lock_id})
    elif conn.dialect.name == "sqlite":
        dbapi = conn.connection.dbapi_connection
        if dbapi is not None and not dbapi.in_transaction:
            conn.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_file(engine: Engine) -> Path | None:
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    return Path(database)


@contextmanager
def _file_lock(path: Path, on_wait: Callable[[], None] | None) -> Iterator[None]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing lets the lock go


@contextmanager
def _advisory_lock(engine: Engine, lock_id: int, on_wait: Callable[[], None] | None) -> Iterator[None]:
    with engine.connect() as conn:
        got = conn.execute(sa.text("SELECT pg_try_advisory_lock(:id)"), {"id": lock_id}).scalar()
        if not got:
            if on_wait is not None:
                on_wait()
            conn.execute(sa.text("SELECT pg_advisory_lock(:id)"), {"id": lock_id})
        conn.commit()
        try:
            yield
        finally:
            conn.execute(sa.text("SELECT pg_advisory_unlock(:id)"), {"id": lock_id})
            conn.commit()


@contextmanager
def _store_lock(
    engine: Engine, suffix: str, lock_id: int, on_wait: Callable[[], None] | None
) -> Iterator[None]:
    sqlite_file = _sqlite_file(engine)
    if sqlite_file is not None:
        with _file_lock(sqlite_file.with_name(sqlite_file.name + suffix), on_wait):
            yield
    elif engine.dialect.name == "postgresql":
        with _advisory_lock(engine, lock_id, on_wait):
            yield
    else:
        yield


def scan_lock(engine: Engine, on_wait: Callable[[], None] | None = None) -> AbstractContextManager[None]:
    """Hold the store's one scan slot; `on_wait` is called once if another scan holds it."""
    return _store_lock(engine, ".scan-lock", _SCAN_LOCK_ID, on_wait)


def migration_lock(engine: Engine) -> AbstractContextManager[None]:
    """Hold the store's migration slot: two processes creating one new store must not both build it."""
    return _store_lock(engine, ".migrate-lock", _MIGRATE_LOCK_ID, None)
