"""The audit log: who did what to which record, and when, chained by SHA-256 so that a changed, removed or
inserted entry is detectable. Entries name records (message keys, source ids, usernames), never their
content: no message text or personal data goes into the log.

Appends are serialised on every backend — PostgreSQL by an advisory lock, SQLite by taking its one write
lock (`BEGIN IMMEDIATE`) before the chain's head is read — so two requests at once never chain to the same
predecessor.

The chain is public arithmetic: someone who can write the database could append an entry with a correct
hash, or remove entries and rehash the rest. So each entry is also *sealed*: an HMAC of its hash under a
key kept outside the database (derived from the installation's signing key; `seal_with`). Without the
key no valid seal can be made, and once entries are sealed an unsealed or wrongly sealed one breaks the
log. What seals cannot show — a cut-off tail, a wiped log — signed checkpoints of the chain's head, also
kept outside the database (`huijia.report.checkpoint`), can."""

from __future__ import annotations

import hashlib
import hmac
import weakref
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from huijia.store.locks import AUDIT_LOCK_ID, hold_writes
from huijia.store.schema import audit_log

GENESIS = "0" * 64
_seal_keys: weakref.WeakKeyDictionary[Engine, bytes] = weakref.WeakKeyDictionary()


class SealKeyError(ValueError):
    """The store's entries are sealed with another key than the one given."""


def seal_with(engine: Engine, key: bytes) -> None:
    """Seal every entry appended through `engine` with `key` (the composition roots — the CLI, the web
    app — call this with the installation's audit key). Refused when the newest sealed entry was sealed
    with another key: entries sealed with two keys could never be checked as one log."""
    with engine.connect() as conn:
        last = conn.execute(
            sa.select(audit_log.c.hash, audit_log.c.seal)
            .where(audit_log.c.seal.is_not(None))
            .order_by(audit_log.c.id.desc())
            .limit(1)
        ).first()
    if last is not None and not hmac.compare_digest(last.seal, entry_seal(key, last.hash)):
        raise SealKeyError("this store's audit entries are sealed with another key")
    _seal_keys[engine] = key


def is_sealed(engine: Engine) -> bool:
    """Whether any entry of the store carries a seal."""
    with engine.connect() as conn:
        return (
            conn.execute(sa.select(audit_log.c.id).where(audit_log.c.seal.is_not(None)).limit(1)).first()
            is not None
        )


def entry_seal(key: bytes, digest: str) -> str:
    return hmac.new(key, digest.encode("ascii"), hashlib.sha256).hexdigest()


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
    key = _seal_keys.get(conn.engine)
    conn.execute(
        audit_log.insert().values(
            at=at,
            actor=actor,
            action=action,
            target=target,
            detail=detail_text,
            prev_hash=prev_hash,
            hash=digest,
            seal=None if key is None else entry_seal(key, digest),
        )
    )
    return digest


def _lock_chain(conn: Connection) -> None:
    """Hold the one right to append until the caller's transaction ends."""
    hold_writes(conn, AUDIT_LOCK_ID)


@dataclass(frozen=True, slots=True)
class ChainHead:
    """The chain after `entries` entries: the hash of the last one (GENESIS for none), of the first one
    (which store this is), and the position of the first sealed entry."""

    entries: int
    hash: str
    first_entry: str | None = None
    first_sealed: int | None = None


def first_entry(conn: Connection) -> str | None:
    """The hash of the log's first entry: which store's log this is."""
    found = conn.execute(sa.select(audit_log.c.hash).order_by(audit_log.c.id).limit(1)).scalar()
    return str(found) if found is not None else None


def head(conn: Connection) -> ChainHead:
    """The chain's head now, read under the append lock so that it is one consistent state."""
    _lock_chain(conn)
    count = conn.execute(sa.select(sa.func.count()).select_from(audit_log)).scalar_one()
    last = conn.execute(sa.select(audit_log.c.hash).order_by(audit_log.c.id.desc()).limit(1)).scalar()
    first = first_entry(conn)
    sealed_id = conn.execute(
        sa.select(audit_log.c.id).where(audit_log.c.seal.is_not(None)).order_by(audit_log.c.id).limit(1)
    ).scalar()
    first_sealed = None
    if sealed_id is not None:
        first_sealed = conn.execute(
            sa.select(sa.func.count()).select_from(audit_log).where(audit_log.c.id <= sealed_id)
        ).scalar_one()
    return ChainHead(int(count), last or GENESIS, first, first_sealed)


@dataclass(frozen=True, slots=True)
class ChainCheck:
    entries: int
    first_broken: int | None  # the id of the first entry whose hash, link or seal does not hold
    # the hash after each entry count asked for (`verify_chain(at=…)`) that the chain reaches intact
    heads: dict[int, str] = field(default_factory=dict)
    why: str = ""  # what does not hold at `first_broken`
    sealed: int = 0  # entries whose seal was checked and holds
    unsealed: int = 0  # entries without a seal, all before the first sealed one (older than seals)

    @property
    def intact(self) -> bool:
        return self.first_broken is None


def verify_chain(engine: Engine, at: Collection[int] = (), seal_key: bytes | None = None) -> ChainCheck:
    """Walk the chain from the start; stop at the first entry whose link, hash or — given the key — seal
    does not hold, or that has no seal after sealed ones. The hash after each count in `at` is kept, for
    comparing with checkpoints."""
    wanted = set(at)
    heads: dict[int, str] = {0: GENESIS} if 0 in wanted else {}
    prev_hash = GENESIS
    count = sealed = unsealed = 0
    with engine.connect() as conn:
        for row in conn.execute(sa.select(audit_log).order_by(audit_log.c.id)):
            count += 1
            expected = entry_hash(row.prev_hash, row.at, row.actor, row.action, row.target, row.detail)
            why = ""
            if row.prev_hash != prev_hash:
                why = "it does not link to the entry before it"
            elif row.hash != expected:
                why = "its hash does not match its contents"
            elif row.seal is None and sealed:
                why = "it has no seal although earlier entries do (written without the installation's key)"
            elif (
                row.seal is not None
                and seal_key is not None
                and not hmac.compare_digest(row.seal, entry_seal(seal_key, row.hash))
            ):
                why = "its seal does not hold (made without the installation's key)"
            if why:
                return ChainCheck(count, row.id, heads, why, sealed, unsealed)
            if row.seal is None:
                unsealed += 1
            else:
                sealed += 1
            prev_hash = row.hash
            if count in wanted:
                heads[count] = prev_hash
    return ChainCheck(count, None, heads, "", sealed, unsealed)


@dataclass(frozen=True, slots=True)
class Entry:
    id: int
    at: str
    actor: str | None
    action: str
    target: str | None
    detail: str


def _stored_form(moment: str) -> str:
    """A date or ISO time as the log writes its times (UTC, microseconds, `+00:00`), so that comparing the
    text compares the moments: `2026-12-06 16:00+08:00` is `2026-12-06T08:00:00.000000+00:00`. A time
    without a zone is UTC, as the audit page shows times; a bare date is left as it is (it sorts before
    every time of its day)."""
    if len(moment) == 10:
        return moment
    parsed = datetime.fromisoformat(moment)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).isoformat(timespec="microseconds")


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
        query = query.where(audit_log.c.at >= _stored_form(since))
    if until:
        query = query.where(audit_log.c.at < (f"{until}T99" if len(until) == 10 else _stored_form(until)))
    with engine.connect() as conn:
        return [Entry(r.id, r.at, r.actor, r.action, r.target, r.detail) for r in conn.execute(query)]
