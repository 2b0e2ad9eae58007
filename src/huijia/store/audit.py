"""The audit log: who did what to which record, and when, chained by SHA-256 so that a changed, removed or
inserted entry is detectable. Entries name records (message keys, source ids, usernames), never their
content: no message text or personal data goes into the log.

Appends are serialised on every backend — PostgreSQL by an advisory lock, SQLite by taking its one write
lock (`BEGIN IMMEDIATE`) before the chain's head is read — so two requests at once never chain to the same
predecessor. The chain alone cannot show that its tail was cut off, or that someone who can write the
database rehashed it: signed checkpoints of its head, kept outside the database
(`huijia.report.checkpoint`), can."""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from huijia.store.schema import audit_log

GENESIS = "0" * 64
_LOCK_ID = 7_420_113  # a PostgreSQL advisory lock serialising appends (SQLite serialises writers itself)


def entry_hash(
    prev_hash: str, at: str, actor: str | None, action: str, target: str | None, detail: str
) -> str:
    payload = orjson.dumps([prev_hash, at, actor, action, target, detail])
    return hashlib.sha256(payload).hexdigest()


def append(
    conn: Connection, actor: str | None, action: str, target: str | None, detail: dict[str, Any] | None = None
) -> str:
    """Add one entry inside the caller's transaction; its hash."""
    _lock_chain(conn)
    prev = conn.execute(sa.select(audit_log.c.hash).order_by(audit_log.c.id.desc()).limit(1)).scalar()
    prev_hash = prev or GENESIS
    at = datetime.now(UTC).isoformat(timespec="microseconds")
    detail_text = orjson.dumps(detail or {}, option=orjson.OPT_SORT_KEYS).decode()
    digest = entry_hash(prev_hash, at, actor, action, target, detail_text)
    conn.execute(
        audit_log.insert().values(
            at=at,
            actor=actor,
            action=action,
            target=target,
            detail=detail_text,
            prev_hash=prev_hash,
            hash=digest,
        )
    )
    return digest


def _lock_chain(conn: Connection) -> None:
    """Hold the one right to append until the caller's transaction ends."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK_ID})
    elif conn.dialect.name == "sqlite":
        dbapi = conn.connection.dbapi_connection
        # pysqlite opens a transaction only at the first write; a read of the head before it would see a
        # head that another writer may replace before our insert. Take the write lock first (waiting
        # for the other writer, up to the busy timeout). If this transaction has written already, it
        # holds the lock.
        if dbapi is not None and not dbapi.in_transaction:
            conn.exec_driver_sql("BEGIN IMMEDIATE")


@dataclass(frozen=True, slots=True)
class ChainHead:
    """The chain after `entries` entries: the hash of the last one (GENESIS for none)."""

    entries: int
    hash: str


def head(conn: Connection) -> ChainHead:
    """The chain's head now (its count and last hash), read under the append lock so that it is one
    consistent state."""
    _lock_chain(conn)
    count = conn.execute(sa.select(sa.func.count()).select_from(audit_log)).scalar_one()
    last = conn.execute(sa.select(audit_log.c.hash).order_by(audit_log.c.id.desc()).limit(1)).scalar()
    return ChainHead(int(count), last or GENESIS)


@dataclass(frozen=True, slots=True)
class ChainCheck:
    entries: int
    first_broken: int | None  # the id of the first entry whose hash or link does not hold
    # the hash after each entry count asked for (`verify_chain(at=…)`) that the chain reaches intact
    heads: dict[int, str] = field(default_factory=dict)

    @property
    def intact(self) -> bool:
        return self.first_broken is None


def verify_chain(engine: Engine, at: Collection[int] = ()) -> ChainCheck:
    """Walk the chain from the start; stop at the first entry whose link or hash does not hold. The hash
    after each count in `at` is kept, for comparing with checkpoints."""
    wanted = set(at)
    heads: dict[int, str] = {0: GENESIS} if 0 in wanted else {}
    prev_hash = GENESIS
    count = 0
    with engine.connect() as conn:
        for row in conn.execute(sa.select(audit_log).order_by(audit_log.c.id)):
            count += 1
            expected = entry_hash(row.prev_hash, row.at, row.actor, row.action, row.target, row.detail)
            if row.prev_hash != prev_hash or row.hash != expected:
                return ChainCheck(count, row.id, heads)
            prev_hash = row.hash
            if count in wanted:
                heads[count] = prev_hash
    return ChainCheck(count, None, heads)
