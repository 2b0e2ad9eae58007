"""Sessions, CSRF tokens and login throttling for the review UI.

- The session lives in a signed, HTTP-only, SameSite=Strict cookie (Starlette's SessionMiddleware,
  itsdangerous) that carries only the user id, a CSRF token and when it was issued; it expires after
  `SESSION_SECONDS` on the server side as well as in the browser.
- Every form carries the session's CSRF token; a POST without the right one is refused.
- Five failed logins for one name or one address within 15 minutes lock that name or address out
  for the rest of the window.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections import defaultdict, deque
from typing import Any

SESSION_SECONDS = 8 * 3600
FAILURES_ALLOWED = 5
FAILURE_WINDOW = 15 * 60


def new_session(session: dict[str, Any], user_id: int) -> None:
    session.clear()
    session["uid"] = user_id
    session["csrf"] = secrets.token_urlsafe(32)
    session["issued"] = int(time.time())


def session_user_id(session: dict[str, Any]) -> int | None:
    issued = session.get("issued")
    if not isinstance(issued, int) or time.time() - issued > SESSION_SECONDS:
        session.clear()
        return None
    uid = session.get("uid")
    return uid if isinstance(uid, int) else None


def csrf_ok(session: dict[str, Any], given: str | None) -> bool:
    expected = session.get("csrf")
    return isinstance(expected, str) and isinstance(given, str) and hmac.compare_digest(expected, given)


class LoginThrottle:
    """Failed logins per username and per client address, in memory (one process)."""

    def __init__(self, allowed: int = FAILURES_ALLOWED, window: float = FAILURE_WINDOW) -> None:
        self.allowed = allowed
        self.window = window
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    def _recent(self, key: str) -> deque[float]:
        times = self._failures[key]
        cutoff = time.monotonic() - self.window
        while times and times[0] < cutoff:
            times.popleft()
        return times

    def locked(self, *keys: str) -> bool:
        return any(len(self._recent(key)) >= self.allowed for key in keys)

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        for key in keys:
            self._recent(key).append(now)

    def succeeded(self, *keys: str) -> None:
        for key in keys:
            self._failures.pop(key, None)
