"""Request bodies capped by route before a byte of them is read (a pure ASGI middleware).

Form parsers write large parts to temporary files, so a cap checked in a handler comes too late: an
anonymous 200 MB POST would be on disk before anyone asked who sent it. Here, before the app runs:

- a route that takes large bodies from signed-in people only (an export upload, registry photos) first
  checks the session: not signed in → to the login page, not allowed → 403, and nothing is read;
- a body declared (Content-Length) over the route's cap is refused with 413 unread;
- a streamed (chunked) body is counted as it is read and cut off at the cap;
- the public sighting form must declare its length (browsers always do) and may carry only what its
  photo limit needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi import HTTPException
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from huijia.media.safe import Limits
from huijia.store import sessions
from huijia.store.users import SECOND_FACTOR_ROLES
from huijia.web.permissions import allowed

MB = 1024**2
DEFAULT_BODY = 256 * 1024  # every other form: a decision's reason, a referral's list of cases
FORM_OVERHEAD = MB  # the multipart framing and text fields beside the files
PUBLIC_SIGHTING_BODY = Limits().max_bytes + FORM_OVERHEAD  # the public form's photos: 25 MB together
REGISTRY_BODY = 10 * Limits().max_bytes + FORM_OVERHEAD  # a registrar's record: up to 10 photos


@dataclass(frozen=True, slots=True)
class BodyRule:
    """What a route's request body may be: at most `cap` bytes; `page`: the permission a signed-in user
    needs before any of it is read; `length_required`: refuse a body that does not say its length."""

    path: re.Pattern[str]
    cap: int
    page: str | None = None
    length_required: bool = False


def body_rules(max_upload_bytes: int) -> tuple[BodyRule, ...]:
    return (
        BodyRule(re.compile(r"/upload"), max_upload_bytes + FORM_OVERHEAD, page="upload"),
        BodyRule(re.compile(r"/registry/[a-z]+/new"), REGISTRY_BODY, page="registry.edit"),
        BodyRule(re.compile(r"/registry/[a-z]+/[^/]+/photos"), REGISTRY_BODY, page="registry.edit"),
        BodyRule(re.compile(r"/sighting"), PUBLIC_SIGHTING_BODY, length_required=True),
    )


class BodyTooLarge(HTTPException):
    """Raised from `receive` when a streamed body passes its cap; FastAPI answers it with 413."""

    def __init__(self) -> None:
        super().__init__(status_code=413, detail="request body too large")


class BodyLimitMiddleware:
    """Must sit inside the session middleware (it reads the session to check who is uploading)."""

    def __init__(self, app: ASGIApp, engine: Engine, max_upload_bytes: int) -> None:
        self.app = app
        self.engine = engine
        self.rules = body_rules(max_upload_bytes)

    def rule(self, path: str) -> BodyRule:
        for rule in self.rules:
            if rule.path.fullmatch(path):
                return rule
        return BodyRule(re.compile(".*"), DEFAULT_BODY)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        rule = self.rule(scope["path"])
        if rule.page is not None:
            refusal = await run_in_threadpool(self._who_may, scope, rule.page)
            if refusal is not None:
                await _answer(send, *refusal)
                return
        declared = _content_length(scope)
        if declared is None and rule.length_required and _has_body(scope):
            await _answer(send, 411, "a Content-Length is required here")
            return
        if declared is not None and declared > rule.cap:
            await _answer(send, 413, f"request body too large (at most {rule.cap // MB or 1} MB here)")
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > rule.cap:
                    raise BodyTooLarge()
            return message

        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge:
            if not started:
                await _answer(send, 413, "request body too large")

    def _who_may(self, scope: Scope, page: str) -> tuple[int, str, str] | None:
        """None if the session's user may use `page`; otherwise the refusal (status, text, location)."""
        token = scope.get("session", {}).get("sid")
        found = None
        if isinstance(token, str):
            found = sessions.find(self.engine, token, sessions.SESSION_SECONDS)
        if found is None or found.stage != sessions.FULL:
            return 303, "sign in first", f"/login?next={scope['path']}"
        if found.role in SECOND_FACTOR_ROLES and not found.second_factor:
            return 303, "enrol first", "/account/second-factor"
        if not allowed(page, found.role):
            return 403, "you may not use this page", ""
        return None


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _has_body(scope: Scope) -> bool:
    return any(name == b"transfer-encoding" for name, _ in scope["headers"])


async def _answer(send: Send, status: int, text: str, location: str = "") -> None:
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"connection", b"close")]
    if location:
        headers.append((b"location", location.encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": text.encode()})
