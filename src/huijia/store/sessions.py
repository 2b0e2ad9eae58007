"""Server-side sessions of the review desk: one row per sign-in, found by the SHA-256 of the random token
the browser holds (a stolen database gives no usable cookie). Ending a session is one UPDATE, so a
revoked cookie is refused on its next request, by every worker."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from huijia.store.schema import sessions, users

SESSION_SECONDS = 8 * 3600  # a session ends this long after sign-in, whatever it does
FULL, SECOND = "full", "second"  # signed in; password right, the second factor still due
CLOCK_SKEW = timedelta(seconds=60)  # an `issued` time further ahead than this is refused
SEEN_EVERY = timedelta(seconds=60)  # `seen_at` is written at most this often (one write per minute)


@dataclass(frozen=True, slots=True)
class Session:
    id: int
    user_id: int
    username: str
    role: str
    csrf: str
    stage: str
    address: str
    issued_at: datetime
    seen_at: datetime
    second_factor: bool = False  # the account is enrolled in TOTP sign-in


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every time stored here is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def start(engine: Engine, user_id: int, address: str, stage: str = FULL) -> tuple[str, str]:
    """A new session for the user: (the token for the cookie, the session's CSRF token)."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(
            sessions.insert().values(
                token_hash=_digest(token), user_id=user_id, csrf=csrf, stage=stage,
                address=address[:64], issued_at=now, seen_at=now,
            )
        )  # fmt: skip
    return token, csrf


def find(engine: Engine, token: str, max_age: float) -> Session | None:
    """The live session of this token, or None: unknown, ended, older than `max_age` seconds, issued in
    the future, or its account disabled. An expired session is ended on the way."""
    now = datetime.now(UTC)
    query = (
        sa.select(sessions, users.c.username, users.c.role, users.c.active, users.c.totp_secret)
        .join(users, users.c.id == sessions.c.user_id)
        .where(sessions.c.token_hash == _digest(token), sessions.c.ended_at.is_(None))
    )
    with engine.connect() as conn:
        row = conn.execute(query).first()
    if row is None:
        return None
    issued, seen = _utc(row.issued_at), _utc(row.seen_at)
    if issued > now + CLOCK_SKEW or now - issued > timedelta(seconds=max_age) or not row.active:
        with engine.begin() as conn:
            _end(conn, sessions.c.id == row.id, "expired")
        return None
    if now - seen > SEEN_EVERY:
        with engine.begin() as conn:
            conn.execute(sessions.update().where(sessions.c.id == row.id).values(seen_at=now))
    return Session(
        row.id, row.user_id, row.username, row.role, row.csrf, row.stage, row.address, issued, seen,
        row.totp_secret is not None,
    )  # fmt: skip


def _end(conn: Connection, where: sa.ColumnElement[bool], why: str) -> int:
    done = conn.execute(
        sessions.update()
        .where(where, sessions.c.ended_at.is_(None))
        .values(ended_at=datetime.now(UTC), ended_why=why)
    )
    return int(done.rowcount)


def end(engine: Engine, token: str, why: str = "logout") -> None:
    with engine.begin() as conn:
        _end(conn, sessions.c.token_hash == _digest(token), why)


def end_by_id(conn: Connection, session_id: int, why: str) -> int:
    """End one session by its row id (the admin's sessions page); how many were ended (0 or 1)."""
    return _end(conn, sessions.c.id == session_id, why)


def end_for_user(conn: Connection, user_id: int, why: str, keep: int | None = None) -> int:
    """End every live session of a user (but `keep`, the one making the change), inside the caller's
    transaction; how many there were."""
    which = sessions.c.user_id == user_id
    if keep is not None:
        which = sa.and_(which, sessions.c.id != keep)
    return _end(conn, which, why)


def live(engine: Engine, max_age: float) -> list[Session]:
    """Every session not ended and not yet expired, newest first."""
    since = datetime.now(UTC) - timedelta(seconds=max_age)
    query = (
        sa.select(sessions, users.c.username, users.c.role)
        .join(users, users.c.id == sessions.c.user_id)
        .where(sessions.c.ended_at.is_(None), sessions.c.issued_at > since, users.c.active.is_(True))
        .order_by(sessions.c.issued_at.desc())
    )
    with engine.connect() as conn:
        return [
            Session(
                r.id,
                r.user_id,
                r.username,
                r.role,
                r.csrf,
                r.stage,
                r.address,
                _utc(r.issued_at),
                _utc(r.seen_at),
            )
            for r in conn.execute(query)
        ]
