"""The audit log: who did what to which record, and when, chained by SHA-256 so that a changed, removed or
inserted entry is detectable. Entries name records (message keys, source ids, usernames), never their
content: no message text or personal data goes into the log."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
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
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK_ID})
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


@dataclass(frozen=True, slots=True)
class ChainCheck:
    entries: int
    first_broken: int | None  # the id of the first entry whose hash or link does not hold

    @property
    def intact(self) -> bool:
        return self.first_broken is None


def verify_chain(engine: Engine) -> ChainCheck:
    prev_hash = GENESIS
    count = 0
    with engine.connect() as conn:
        for row in conn.execute(sa.select(audit_log).order_by(audit_log.c.id)):
            count += 1
            expected = entry_hash(row.prev_hash, row.at, row.actor, row.action, row.target, row.detail)
            if row.prev_hash != prev_hash or row.hash != expected:
                return ChainCheck(count, row.id)
            prev_hash = row.hash
    return ChainCheck(count, None)


@dataclass(frozen=True, slots=True)
class Entry:
    id: int
    at: str
    actor: str | None
    action: str
    target: str | None
    detail: str


def entries(
    engine: Engine,
    *,
    actor: str | None = None,
    action: str | None = None,
    target: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[Entry]:
    """Audit entries, newest first, filtered by exact actor and target, an action or action prefix
    (`login` matches `login.ok` and `login.fail`), and ISO times or dates (`until` a date includes that
    day). For the admin's audit page; reading never changes the chain."""
    query = sa.select(audit_log).order_by(audit_log.c.id.desc()).limit(limit).offset(offset)
    if actor:
        query = query.where(audit_log.c.actor == actor)
    if action:
        query = query.where(
            sa.or_(audit_log.c.action == action, audit_log.c.action.startswith(f"{action}.", autoescape=True))
        )
    if target:
        query = query.where(audit_log.c.target == target)
    if since:
        query = query.where(audit_log.c.at >= since)
    if until:
        query = query.where(audit_log.c.at < (f"{until}T99" if len(until) == 10 else until))
    with engine.connect() as conn:
        return [Entry(r.id, r.at, r.actor, r.action, r.target, r.detail) for r in conn.execute(query)]
