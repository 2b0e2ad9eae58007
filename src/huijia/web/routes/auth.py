"""Signing in (password, then the TOTP code where the account has one) and out, the language, the front
door and the health check."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.status import HTTP_303_SEE_OTHER, HTTP_403_FORBIDDEN, HTTP_429_TOO_MANY_REQUESTS

from huijia.store import audit, limits
from huijia.store.sessions import FULL, SECOND
from huijia.store.users import authenticate, get_user
from huijia.web.deps import address_of, current_user, desk, page
from huijia.web.i18n import LANGUAGES
from huijia.web.security import csrf_ok, login_target, minutes, reserve, session_of, sign_in, sign_out
from huijia.web.twofactor import second_factor_ok

MAX_NAME, MAX_PASSWORD, MAX_CODE = 64, 1024, 64  # form fields longer than these are refused

router = APIRouter()


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/lang/{language}")
def set_language(
    language: str, request: Request, next: Annotated[str, Query(max_length=2048)] = ""
) -> Response:
    """Switch the language and go back: to `next` (the links carry the page they are on: pages send
    no Referer) if it is a path of this site, else to a same-site Referer's path, else home."""
    back = _local(next) if next else _back(request)
    response = RedirectResponse(back, status_code=HTTP_303_SEE_OTHER)
    if language in LANGUAGES:
        response.set_cookie("lang", language, max_age=365 * 86400, samesite="strict", httponly=True)
    return response


def _back(request: Request) -> str:
    """The page the language link was on: the Referer's path and query, only if it is this site."""
    referer = request.headers.get("referer") or ""
    try:
        parts = urlsplit(referer)
    except ValueError:
        return "/"
    if parts.scheme not in ("http", "https") or parts.netloc != request.headers.get("host"):
        return "/"
    return _local(parts.path + (f"?{parts.query}" if parts.query else ""))


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    return page(request, "login.html", None, next=_local(next), error=None)


def _keys(request: Request, who: str) -> tuple[str, str]:
    return f"login:account:{who}", f"login:address:{address_of(request)}"


def _attempt(request: Request, who: str) -> list[int] | None:
    """Count this attempt against the account and the address before the password or code is checked
    (so that attempts at once cannot all slip under the limit): the events taken, or None if locked."""
    d = desk(request)
    account, address = _keys(request, who)
    return reserve((d.login_per_account, account), (d.login_per_address, address))


def _locked(request: Request, who: str, next: str, template: str = "login.html") -> Response:
    """The refusal while the account or the address is locked, with how long it lasts."""
    d = desk(request)
    account, address = _keys(request, who)
    wait = max(d.login_per_account.wait(account), d.login_per_address.wait(address))
    response = page(request, template, None, next=_local(next), error="too_many", wait=minutes(wait))
    response.status_code = HTTP_429_TOO_MANY_REQUESTS
    return response


@router.post("/login")
def login(
    request: Request,
    username: str = Form(..., max_length=MAX_NAME),
    password: str = Form(..., max_length=MAX_PASSWORD),
    next: str = Form("/", max_length=2048),
) -> Response:
    d = desk(request)
    if _cross_site(request):  # login CSRF: another site signing the victim into the attacker's account
        return Response("sign-in from another site refused", status_code=HTTP_403_FORBIDDEN)
    who = login_target(d.settings.secret, username, get_user(d.engine, username) is not None)
    taken = _attempt(request, who)
    if taken is None:
        return _locked(request, who, next)
    user = authenticate(d.engine, username, password)
    with d.engine.begin() as conn:  # never the typed name of an unknown account: it may be a password
        audit.append(conn, username if user else None, "login.ok" if user else "login.fail", who)
    account, _ = _keys(request, who)
    if user is None:  # the attempt counted stays: it was a failure
        response = page(request, "login.html", None, next=_local(next), error="bad_login")
        response.status_code = 401
        return response
    limits.release(d.engine, taken)  # a right password is no failure
    if user.second_factor:  # the count is cleared only when the code is right too
        sign_in(request, d.engine, user.id, address_of(request), SECOND)
        return RedirectResponse(f"/login/code?next={_local(next)}", status_code=HTTP_303_SEE_OTHER)
    d.login_per_account.clear(account)  # this account's own count only: never the address's
    sign_in(request, d.engine, user.id, address_of(request))
    return RedirectResponse(_local(next), status_code=HTTP_303_SEE_OTHER)


@router.get("/login/code", response_class=HTMLResponse)
def code_form(request: Request, next: str = "/") -> Response:
    pending = session_of(request)
    if pending is None or pending.stage != SECOND:
        return RedirectResponse("/login", status_code=HTTP_303_SEE_OTHER)
    return page(request, "login_code.html", None, next=_local(next), error=None)


@router.post("/login/code")
def code(
    request: Request,
    code: str = Form(..., max_length=MAX_CODE),
    csrf: str = Form("", max_length=256),
    next: str = Form("/", max_length=2048),
) -> Response:
    """The second step: a TOTP code (or a recovery code) for the session whose password was right."""
    d = desk(request)
    pending = session_of(request)
    if pending is None or pending.stage != SECOND or not csrf_ok(request, csrf):
        return RedirectResponse("/login", status_code=HTTP_303_SEE_OTHER)
    taken = _attempt(request, pending.username)
    if taken is None:
        return _locked(request, pending.username, next, "login_code.html")
    account, _ = _keys(request, pending.username)
    if not second_factor_ok(d.engine, pending.user_id, code):
        with d.engine.begin() as conn:
            audit.append(conn, None, "login.code_fail", pending.username)
        response = page(request, "login_code.html", None, next=_local(next), error="bad_code")
        response.status_code = 401
        return response
    limits.release(d.engine, taken)
    d.login_per_account.clear(account)  # signed in in full: the account's failures are forgotten
    with d.engine.begin() as conn:
        audit.append(conn, pending.username, "login.code_ok", pending.username)
    sign_out(request, "second_factor")  # the half-way session ends; the full one gets a new token
    sign_in(request, d.engine, pending.user_id, address_of(request), FULL)
    return RedirectResponse(_local(next), status_code=HTTP_303_SEE_OTHER)


@router.post("/logout")
def logout(request: Request, csrf: str = Form("", max_length=256)) -> Response:
    d = desk(request)
    found = session_of(request)
    if found is not None and csrf_ok(request, csrf):
        with d.engine.begin() as conn:
            audit.append(conn, found.username, "logout", found.username)
        sign_out(request)
    return RedirectResponse("/login", status_code=HTTP_303_SEE_OTHER)


@router.get("/")
def home(request: Request) -> Response:
    user = current_user(request)
    target = "/registry" if user is not None and user.role == "registrar" else "/queue"
    return RedirectResponse(target, status_code=HTTP_303_SEE_OTHER)


def _cross_site(request: Request) -> bool:
    """Whether the browser says this form was sent from another site. The sign-in form has no session
    to hold a CSRF token yet; browsers say where a form post comes from: `Sec-Fetch-Site` (every current
    browser; it needs no host name, so a reverse proxy that rewrites `Host` does not matter), else an
    `Origin` that is not this host. A client that sends neither (a script) is not a victim's browser."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site == "cross-site"
    origin = request.headers.get("origin")
    if not origin:
        return False
    if origin == "null":
        return True
    try:
        return urlsplit(origin).netloc != request.headers.get("host")
    except ValueError:
        return True


def _local(target: str) -> str:
    """Only paths on this site: an open redirect would help phishing."""
    return target if target.startswith("/") and not target.startswith("//") else "/"
