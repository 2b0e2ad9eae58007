"""Accounts: argon2id password hashes (argon2-cffi), roles, and every change audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Engine

from huijia.model import ACCOUNT_ROLES
from huijia.store import audit
from huijia.store.schema import users

MIN_PASSWORD = 12
_hasher = PasswordHasher()


class UserError(ValueError):
    """A request about accounts that cannot be met; the text says why."""


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    role: str
    active: bool


def add_user(engine: Engine, username: str, role: str, password: str, by: str | None) -> User:
    username = username.strip()
    if not username or len(username) > 64 or any(c.isspace() for c in username):
        raise UserError("a username is 1–64 characters without spaces")
    if role not in ACCOUNT_ROLES:
        raise UserError(f"role must be one of {', '.join(ACCOUNT_ROLES)}")
    _check_password(password)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        if conn.execute(sa.select(users.c.id).where(users.c.username == username)).first():
            raise UserError(f"user {username!r} exists")
        inserted = conn.execute(
            users.insert().values(
                username=username,
                role=role,
                password_hash=_hasher.hash(password),
                active=True,
                created_at=now,
                password_changed_at=now,
            )
        ).inserted_primary_key
        assert inserted is not None
        audit.append(conn, by, "user.add", username, {"role": role})
    return User(int(inserted[0]), username, role, True)


def authenticate(engine: Engine, username: str, password: str) -> User | None:
    """The active user with this password, or None (the same answer for a wrong name or password)."""
    with engine.connect() as conn:
        row = conn.execute(sa.select(users).where(users.c.username == username)).first()
    if row is None:
        _hasher.hash(password)  # the same time whether or not the user exists
        return None
    try:
        _hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if not row.active:
        return None
    return User(row.id, row.username, row.role, row.active)


def set_password(engine: Engine, username: str, password: str, by: str | None) -> None:
    _check_password(password)
    with engine.begin() as conn:
        done = conn.execute(
            users.update()
            .where(users.c.username == username)
            .values(password_hash=_hasher.hash(password), password_changed_at=datetime.now(UTC))
        )
        if done.rowcount == 0:
            raise UserError(f"no user {username!r}")
        audit.append(conn, by, "user.password", username)


def get_user(engine: Engine, username: str) -> User | None:
    with engine.connect() as conn:
        row = conn.execute(sa.select(users).where(users.c.username == username)).first()
    return None if row is None else User(row.id, row.username, row.role, row.active)


def user_by_id(engine: Engine, user_id: int) -> User | None:
    with engine.connect() as conn:
        row = conn.execute(sa.select(users).where(users.c.id == user_id)).first()
    return None if row is None else User(row.id, row.username, row.role, row.active)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"a password needs at least {MIN_PASSWORD} characters")
