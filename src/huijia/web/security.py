"""Sessions, CSRF tokens, login throttling and the audit name of a failed login, for the review UI.

- The cookie (Starlette's SessionMiddleware: signed, HTTP-only, SameSite=Strict) carries only a random
  session token; the session itself — user, CSRF token, when it began, its stage — is a row in the
  database (`huijia.store.sessions`), so logging out, a password reset, a role change or disabling the
  account ends it at once, in every worker. It expires `SESSION_SECONDS` after it began.
- Someone without an account (the public sighting form) gets only a CSRF token in the cookie.
- Every form carries the session's CSRF token; a POST without the right one is refused.
- Failed logins are counted in the database, per account and per address: `LOGIN_PER_ACCOUNT` failures
  lock the account and `LOGIN_PER_ADDRESS` the address for what remains of `LOGIN_WINDOW`. A successful
  login clears only its own account's count, never the address's.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from datetime import UTC, datetime
from typing import cast

from fastapi import Request
from sqlalchemy.engine import Engine

from huijia.store import limits, sessions
from huijia.store.sessions import FULL, SESSION_SECONDS, Session

LOGIN_PER_ACCOUNT = 5  # failures within the window that lock one account …
LOGIN_PER_ADDRESS = 20  # … and one address (higher: many people may share an office's address)
LOGIN_WINDOW = 15 * 60
_UNSEEN = object()


def sign_in(request: Request, engine: Engine, user_id: int, address: str, stage: str = FULL) -> None:
    """A new session (a new token and CSRF token: a planted cookie never becomes signed in)."""
    token, _ = sessions.start(engine, user_id, address, stage)
    request.session.clear()
    request.session["sid"] = token
    request.state.session = None  # looked up afresh if asked for in this request


def session_of(request: Request) -> Session | None:
    """The request's live session (any stage), looked up once per request."""
    cached = getattr(request.state, "session", _UNSEEN)
    if cached is not _UNSEEN:
        return cast(Session | None, cached)
    token = request.session.get("sid")
    found = None
    if isinstance(token, str):
        found = sessions.find(request.app.state.desk.engine, token, SESSION_SECONDS)
        if found is None:
            request.session.clear()
    request.state.session = found
    return found


def sign_out(request: Request, why: str = "logout") -> None:
    token = request.session.get("sid")
    if isinstance(token, str):
        sessions.end(request.app.state.desk.engine, token, why)
    request.session.clear()
    request.state.session = None


def csrf_token(request: Request) -> str:
    """The CSRF token of the signed-in session, or of the anonymous one (empty if it has none)."""
    found = session_of(request)
    if found is not None:
        return found.csrf
    token = request.session.get("csrf")
    return token if isinstance(token, str) else ""


def anonymous_csrf(request: Request) -> None:
    """A CSRF token in the cookie of someone without an account (the public form)."""
    if session_of(request) is None and not request.session.get("csrf"):
        request.session["csrf"] = secrets.token_urlsafe(32)


def csrf_ok(request: Request, given: str | None) -> bool:
    expected = csrf_token(request)
    return bool(expected) and isinstance(given, str) and hmac.compare_digest(expected, given)


def login_target(secret: str, username: str, exists: bool) -> str:
    """How a login names its account in the audit log and the throttle: the username if the account
    exists, otherwise a keyed hash — someone may have typed their password into the name field."""
    if exists:
        return username
    digest = hmac.new(secret.encode(), username.strip().lower().encode(), hashlib.sha256).hexdigest()
    return f"unknown:{digest[:16]}"


class Throttle:
    """At most `allowed` events per key within `window` seconds, counted in the database."""

    def __init__(self, engine: Engine, allowed: int, window: float) -> None:
        self.engine = engine
        self.allowed = allowed
        self.window = window

    def wait(self, key: str) -> float:
        """Seconds until `key` may act again (0: now)."""
        times = limits.recent(self.engine, key, self.window)
        if len(times) < self.allowed:
            return 0.0
        # the lock lifts when enough of the oldest events have left the window
        freed = times[len(times) - self.allowed].timestamp() + self.window
        return max(0.0, freed - datetime.now(UTC).timestamp())

    def clear(self, *keys: str) -> int:
        return limits.clear(self.engine, *keys)


def reserve(*limits_and_keys: tuple[Throttle, str]) -> list[int] | None:
    """One attempt under each (throttle, key), counted before the work it guards, or None when one of
    them is at its limit (see `huijia.store.limits.reserve`)."""
    engine = limits_and_keys[0][0].engine
    return limits.reserve(engine, [(key, t.allowed, t.window) for t, key in limits_and_keys])


def minutes(seconds: float) -> int:
    """A wait as whole minutes to show (at least 1)."""
    return max(1, math.ceil(seconds / 60))
