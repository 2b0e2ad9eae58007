"""What every route of the review desk shares: the desk itself (store, templates, pipeline, jobs), the
signed-in user, rendering a page, and the permission gate as a dependency.

A route states who may use it in its signature — `user: Annotated[User, Depends(allowed("queue"))]`, or
`allowed_form("decide")` for a form post, which must also carry the session's CSRF token — and never
checks it by hand. A refusal (not signed in: to the login page; signed in but not allowed: the
forbidden page; a form without its token: 403) is raised as `Refused` and answered by the handler that
`create_app` installs. Deny by default: a page not in `permissions.PAGES` is refused to everyone.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Annotated, Any, Generic, TypeVar, cast

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy.engine import Engine
from starlette.status import HTTP_303_SEE_OTHER, HTTP_403_FORBIDDEN

from huijia.engines.pipeline import Pipeline
from huijia.report.signing import SigningKey, shown_fingerprint
from huijia.store.queries import FilterOptions
from huijia.store.sessions import FULL
from huijia.store.users import SECOND_FACTOR_ROLES, User
from huijia.web.i18n import LANGUAGES, reason_text, translator
from huijia.web.jobs import JobBoard
from huijia.web.permissions import allowed as role_allowed
from huijia.web.proxies import Network, client_address
from huijia.web.security import Throttle, csrf_ok, csrf_token, session_of

T = TypeVar("T")
TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


@dataclass(frozen=True, slots=True)
class WebSettings:
    db_url: str | None
    secret: str
    secure_cookies: bool = True  # Secure cookies: off only for plain-HTTP local tests
    upload_dir: Path = Path("huijia-uploads")  # uploaded exports are kept: they are the evidence
    max_upload_bytes: int = 2 * 1024**3  # a Telegram export folder, zipped, with its photos
    trusted_proxies: tuple[str, ...] = ()  # addresses/networks whose X-Forwarded-For is believed
    # evidence: the installation's Ed25519 key (created on first use) and its audit checkpoints, outside
    # the database
    signing_key: Path = Path("huijia-signing.key")
    checkpoints: Path = Path("huijia-checkpoints")
    checkpoint_seconds: float = 3600  # how often the server signs the audit log's head
    tz: str | None = None  # the zone of naive times in uploaded exports (HUIJIA_TZ; None: the readers')


class Cached(Generic[T]):
    """A value recomputed at most every `seconds`. Pages run in a thread pool: while one thread
    recomputes a stale value, the others go on with the old one instead of waiting."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._value: T | None = None
        self._at = 0.0
        self._lock = threading.Lock()

    def get(self, compute: Callable[[], T]) -> T:
        value = self._value
        if value is not None and time.monotonic() - self._at <= self.seconds:
            return value
        if value is not None and not self._lock.acquire(blocking=False):
            return value  # another thread is refreshing it
        if value is None:
            self._lock.acquire()
        try:
            if self._value is None or time.monotonic() - self._at > self.seconds:
                self._value = compute()
                self._at = time.monotonic()
            return self._value
        finally:
            self._lock.release()


@dataclass
class Desk:
    """Everything the routes share, built once by `create_app` and kept in `app.state.desk`."""

    settings: WebSettings
    engine: Engine
    templates: Jinja2Templates
    pipeline: Pipeline  # the analyser of uploads, the registry's face backend
    board: JobBoard
    options_cache: Cached[FilterOptions]  # the queue filters' choices, not the queue itself
    proxies: tuple[Network, ...]  # trusted reverse proxies (huijia.web.proxies)
    login_per_account: Throttle  # failed logins of one account …
    login_per_address: Throttle  # … and from one address
    public_per_address: Throttle  # the public sighting form, per address …
    public_per_block: Throttle  # … per network (/24, /64) …
    public_overall: Throttle  # … and all addresses together
    signer: SigningKey  # the installation's key, loaded once: referrals, checkpoints, the page footer


class Refused(Exception):
    """A request the gate turns away, with the response that says so."""

    def __init__(self, response: Response) -> None:
        super().__init__("refused")
        self.response = response


def desk(request: Request) -> Desk:
    return cast(Desk, request.app.state.desk)


def current_user(request: Request) -> User | None:
    """The signed-in user: a live session past its second factor, of an active account."""
    found = session_of(request)
    if found is None or found.stage != FULL:
        return None
    return User(found.user_id, found.username, found.role, True, found.second_factor)


def address_of(request: Request) -> str:
    """The client's address for limits and records (huijia.web.proxies)."""
    return client_address(request, desk(request).proxies)


def language_of(request: Request) -> str:
    language = request.cookies.get("lang", "zh")
    return language if language in LANGUAGES else "zh"


def page(request: Request, name: str, user: User | None, **context: Any) -> HTMLResponse:
    language = language_of(request)
    return desk(request).templates.TemplateResponse(
        request,
        name,
        {
            "t": translator(request.cookies.get("lang", "zh")),
            "say_reason": partial(reason_text, language),
            "lang": language,
            "user": user,
            "csrf": csrf_token(request),
            # shown on every signed-in page, for receivers to compare out of band
            "fingerprint": shown_fingerprint(desk(request).signer.fingerprint) if user else "",
            **context,
        },
    )


def error_page(request: Request, status: int, message: str, detail: str) -> Response:
    response = page(request, "error.html", None, message=message, detail=detail)
    response.status_code = status
    return response


def gate(request: Request, page_name: str) -> User | Response:
    """The user allowed on this page, or the response that refuses them."""
    user = current_user(request)
    if user is None:
        return RedirectResponse(f"/login?next={request.url.path}", status_code=HTTP_303_SEE_OTHER)
    if user.role in SECOND_FACTOR_ROLES and not user.second_factor:
        # admins and registrars enrol in two-factor sign-in before they reach anything else
        return RedirectResponse("/account/second-factor", status_code=HTTP_303_SEE_OTHER)
    if not role_allowed(page_name, user.role):
        response = page(request, "forbidden.html", user)
        response.status_code = HTTP_403_FORBIDDEN
        return response
    return user


def gate_form(request: Request, page_name: str, csrf: str) -> User | Response:
    """`gate` for a form post, which must also carry the session's CSRF token."""
    user = gate(request, page_name)
    if isinstance(user, User) and not csrf_ok(request, csrf):
        return Response("bad or missing CSRF token", status_code=HTTP_403_FORBIDDEN)
    return user


def allowed(page_name: str) -> Callable[[Request], User]:
    """A dependency: the signed-in user allowed on `page_name`, or `Refused`."""

    def signed_in_and_allowed(request: Request) -> User:
        found = gate(request, page_name)
        if not isinstance(found, User):
            raise Refused(found)
        return found

    return signed_in_and_allowed


def allowed_form(page_name: str) -> Callable[..., User]:
    """A dependency for a form post: `allowed`, and the form's `csrf` field must be the session's."""

    def signed_in_allowed_and_token(
        request: Request, csrf: Annotated[str, Form(max_length=256)] = ""
    ) -> User:
        found = gate_form(request, page_name, csrf)
        if not isinstance(found, User):
            raise Refused(found)
        return found

    return signed_in_allowed_and_token
