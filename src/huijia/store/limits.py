"""Rate-limit events in the database, so that every worker of the web UI counts the same: failed logins
per account and per address, public sightings per address and overall. A limit is a count of events
under one key within a sliding window; nothing but the key and the time is stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from huijia.store.locks import RATE_LOCK_ID, hold_writes
from huijia.store.schema import rate_events

KEEP = timedelta(days=1)  # events older than this are pruned (every window is shorter)


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def record(engine: Engine, *keys: str) -> None:
    """Count one event under each key (and drop the events no window can reach any more)."""
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(rate_events.insert(), [{"key": key[:160], "at": now} for key in keys])
        _prune(conn, now)


def _prune(conn: Connection, now: datetime) -> None:
    """Drop the events no window can reach any more."""
    conn.execute(rate_events.delete().where(rate_events.c.at < now - KEEP))


def reserve(engine: Engine, wanted: list[tuple[str, int, float]]) -> list[int] | None:
    """Take one event under each (key, allowed, window) if none of them is at its limit yet: the ids of
    the events taken, or None (nothing taken). Checking and counting are one step, serialised on every
    backend, so requests at once cannot all slip under a limit before any of them is counted: the
    caller keeps the events as failures, or `release`s them when the attempt turned out well."""
    now = datetime.now(UTC)
    with engine.begin() as conn:
        hold_writes(conn, RATE_LOCK_ID)
        for key, allowed, window in wanted:
            since = now - timedelta(seconds=window)
            count = conn.execute(
                sa.select(sa.func.count())
                .select_from(rate_events)
                .where(rate_events.c.key == key[:160], rate_events.c.at > since)
            ).scalar_one()
            if count >= allowed:
                return None
        taken = []
        for key, _, _ in wanted:
            inserted = conn.execute(rate_events.insert().values(key=key[:160], at=now)).inserted_primary_key
            assert inserted is not None
            taken.append(int(inserted[0]))
        _prune(conn, now)
    return taken


def release(engine: Engine, taken: list[int]) -> None:
    """Give back events taken by `reserve` (the attempt succeeded: it was no failure)."""
    with engine.begin() as conn:
        conn.execute(rate_events.delete().where(rate_events.c.id.in_(taken)))


def recent(engine: Engine, key: str, window: float) -> list[datetime]:
    """The times of the events under `key` in the last `window` seconds, oldest first."""
    since = datetime.now(UTC) - timedelta(seconds=window)
    query = (
        sa.select(rate_events.c.at)
        .where(rate_events.c.key == key[:160], rate_events.c.at > since)
        .order_by(rate_events.c.at)
    )
    with engine.connect() as conn:
        return [_utc(at) for at in conn.execute(query).scalars()]


def clear(engine: Engine, *keys: str) -> int:
    """Forget the events under these keys (an unlock); how many there were."""
    with engine.begin() as conn:
        done = conn.execute(rate_events.delete().where(rate_events.c.key.in_([k[:160] for k in keys])))
    return int(done.rowcount)


def locked_keys(engine: Engine, prefix: str, allowed: int, window: float) -> list[tuple[str, int]]:
    """Keys under `prefix` with at least `allowed` events in the window, and their counts (what an
    admin may unlock)."""
    since = datetime.now(UTC) - timedelta(seconds=window)
    query = (
        sa.select(rate_events.c.key, sa.func.count())
        .where(rate_events.c.key.startswith(prefix, autoescape=True), rate_events.c.at > since)
        .group_by(rate_events.c.key)
        .having(sa.func.count() >= allowed)
        .order_by(rate_events.c.key)
    )
    with engine.connect() as conn:
        return [(str(key), int(n)) for key, n in conn.execute(query)]
