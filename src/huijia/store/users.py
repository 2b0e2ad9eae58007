"""Accounts: argon2id password hashes (argon2-cffi), roles, standing (active or disabled), the second
factor (a TOTP secret and hashed one-time recovery codes), and every change audited. A change of
password, role or standing ends the account's sessions in the same transaction."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Engine

from huijia.model import ACCOUNT_ROLES
from huijia.store import audit, sessions
from huijia.store.schema import users

MIN_PASSWORD = 12
RECOVERY_CODES = 10
SECOND_FACTOR_ROLES = ("admin", "registrar")  # must sign in with a TOTP code
_hasher = PasswordHasher()


class UserError(ValueError):
    """A request about accounts that cannot be met; the text says why."""


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    role: str
    active: bool
    second_factor: bool = False  # enrolled in TOTP sign-in

    @property
    def needs_second_factor(self) -> bool:
        """An admin or registrar who has not enrolled yet: sent to enrolment before any other page."""
        return self.role in SECOND_FACTOR_ROLES and not self.second_factor


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
    return _user(row)


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
        ended = _end_sessions(conn, username, "password")
        audit.append(conn, by, "user.password", username, {"sessions_ended": ended})


def set_active(engine: Engine, username: str, active: bool, by: str | None) -> int:
    """Enable or disable an account; a disabled account's sessions end at once. How many ended."""
    with engine.begin() as conn:
        done = conn.execute(users.update().where(users.c.username == username).values(active=active))
        if done.rowcount == 0:
            raise UserError(f"no user {username!r}")
        ended = 0 if active else _end_sessions(conn, username, "disabled")
        action = "user.enable" if active else "user.disable"
        audit.append(conn, by, action, username, {"sessions_ended": ended})
    return ended


def set_role(engine: Engine, username: str, role: str, by: str | None) -> int:
    """Give an account another role; its sessions end (the new role starts with a new sign-in)."""
    if role not in ACCOUNT_ROLES:
        raise UserError(f"role must be one of {', '.join(ACCOUNT_ROLES)}")
    with engine.begin() as conn:
        old = conn.execute(sa.select(users.c.role).where(users.c.username == username)).scalar()
        if old is None:
            raise UserError(f"no user {username!r}")
        if old == role:
            return 0
        conn.execute(users.update().where(users.c.username == username).values(role=role))
        ended = _end_sessions(conn, username, "role")
        audit.append(conn, by, "user.role", username, {"from": old, "to": role, "sessions_ended": ended})
    return ended


def enrol_totp(
    engine: Engine, username: str, secret: str, by: str | None, keep_session: int | None = None
) -> list[str]:
    """Store the account's TOTP secret and new recovery codes; the codes, to be shown once (only their
    SHA-256 is kept). The caller has checked a code from the secret (and, to replace one, from the old
    secret); every other session of the account ends — a second factor changed from a stolen session
    must not leave the thief signed in elsewhere."""
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODES)]
    hashed = orjson.dumps([_code_hash(code) for code in codes]).decode()
    with engine.begin() as conn:
        done = conn.execute(
            users.update()
            .where(users.c.username == username)
            .values(totp_secret=secret, recovery_codes=hashed)
        )
        if done.rowcount == 0:
            raise UserError(f"no user {username!r}")
        ended = _end_sessions(conn, username, "totp", keep_session)
        audit.append(conn, by, "user.totp", username, {"sessions_ended": ended})
    return codes


def remove_totp(engine: Engine, username: str, by: str | None) -> None:
    """Forget the account's second factor (a lost phone); it enrols again at its next sign-in."""
    with engine.begin() as conn:
        done = conn.execute(
            users.update().where(users.c.username == username).values(totp_secret=None, recovery_codes=None)
        )
        if done.rowcount == 0:
            raise UserError(f"no user {username!r}")
        ended = _end_sessions(conn, username, "totp")
        audit.append(conn, by, "user.totp_remove", username, {"sessions_ended": ended})


def totp_secret(engine: Engine, user_id: int) -> str | None:
    with engine.connect() as conn:
        secret = conn.execute(sa.select(users.c.totp_secret).where(users.c.id == user_id)).scalar()
    return None if secret is None else str(secret)


def use_recovery_code(engine: Engine, user_id: int, code: str) -> bool:
    """Whether `code` is one of the account's unused recovery codes; if so it is used up (audited)."""
    wanted = _code_hash(code.strip().lower())
    with engine.begin() as conn:
        row = conn.execute(
            sa.select(users.c.username, users.c.recovery_codes).where(users.c.id == user_id)
        ).first()
        if row is None or not row.recovery_codes:
            return False
        left = [h for h in orjson.loads(row.recovery_codes) if h != wanted]
        if len(left) == len(orjson.loads(row.recovery_codes)):
            return False
        # compare and swap: of two requests with one code at once, only the first finds the list unchanged
        used = conn.execute(
            users.update()
            .where(users.c.id == user_id, users.c.recovery_codes == row.recovery_codes)
            .values(recovery_codes=orjson.dumps(left).decode())
        )
        if used.rowcount != 1:
            return False
        audit.append(conn, row.username, "user.recovery_code", row.username, {"left": len(left)})
    return True


def _code_hash(code: str) -> str:
    """Recovery codes are random and used once; online guessing is throttled like passwords. (Whoever
    can read the table can read the TOTP secret beside them, so a slow hash would add nothing.)"""
    return hashlib.sha256(code.encode()).hexdigest()


def _end_sessions(conn: sa.Connection, username: str, why: str, keep: int | None = None) -> int:
    user_id = conn.execute(sa.select(users.c.id).where(users.c.username == username)).scalar_one()
    return sessions.end_for_user(conn, int(user_id), why, keep)


def _user(row: sa.Row[Any]) -> User:
    return User(row.id, row.username, row.role, row.active, row.totp_secret is not None)


def get_user(engine: Engine, username: str) -> User | None:
    with engine.connect() as conn:
        row = conn.execute(sa.select(users).where(users.c.username == username)).first()
    return None if row is None else _user(row)


def user_by_id(engine: Engine, user_id: int) -> User | None:
    with engine.connect() as conn:
        row = conn.execute(sa.select(users).where(users.c.id == user_id)).first()
    return None if row is None else _user(row)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"a password needs at least {MIN_PASSWORD} characters")
