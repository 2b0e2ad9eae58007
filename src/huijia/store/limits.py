"""Rate-limit events in the database, so that every worker of the web UI counts the same: failed logins
per account and per address, public sightings per address and overall. A limit is a count of events
under one key within a sliding window; nothing but the key and the time is stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from huijia.store.schema import rate_events

KEEP = timedelta(days=1)  # events older than this are pruned (every window is shorter)


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def record(engine: Engine, *keys: str) -> None:
    """Count one event under each key (and drop the events no window can reach any more)."""
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(rate_events.insert(), [{"key": key[:160], "at": now} for key in keys])
        conn.execute(rate_events.delete().where(rate_events.c.at < now - KEEP))


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
