"""Signing in and out, the language, the front door and the health check."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.status import HTTP_303_SEE_OTHER, HTTP_429_TOO_MANY_REQUESTS

from huijia.store import audit
from huijia.store.users import authenticate
from huijia.web.deps import current_user, desk, page
from huijia.web.i18n import LANGUAGES
from huijia.web.security import csrf_ok, new_session

MAX_REFERRAL_CASES = 500
MAX_NAME, MAX_PASSWORD, MAX_REASON = 64, 1024, 4000  # form fields longer than these are refused

router = APIRouter()


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/lang/{language}")
def set_language(language: str, request: Request) -> Response:
    response = RedirectResponse(request.headers.get("referer") or "/", status_code=HTTP_303_SEE_OTHER)
    if language in LANGUAGES:
        response.set_cookie("lang", language, max_age=365 * 86400, samesite="strict", httponly=True)
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    return page(request, "login.html", None, next=_local(next), error=None)


@router.post("/login")
def login(
    request: Request,
    username: str = Form(..., max_length=MAX_NAME),
    password: str = Form(..., max_length=MAX_PASSWORD),
    next: str = Form("/", max_length=2048),
) -> Response:
    d = desk(request)
    address = request.client.host if request.client else "?"
    keys = (f"user:{username.lower()}", f"addr:{address}")
    if d.throttle.locked(*keys):
        response = page(request, "login.html", None, next=_local(next), error="too_many")
        response.status_code = HTTP_429_TOO_MANY_REQUESTS
        return response
    user = authenticate(d.engine, username, password)
    with d.engine.begin() as conn:
        audit.append(conn, username if user else None, "login.ok" if user else "login.fail", username)
    if user is None:
        d.throttle.failed(*keys)
        response = page(request, "login.html", None, next=_local(next), error="bad_login")
        response.status_code = 401
        return response
    d.throttle.succeeded(*keys)
    new_session(request.session, user.id)
    return RedirectResponse(_local(next), status_code=HTTP_303_SEE_OTHER)


@router.post("/logout")
def logout(request: Request, csrf: str = Form("")) -> Response:
    d = desk(request)
    user = current_user(request)
    if user is not None and csrf_ok(request.session, csrf):
        with d.engine.begin() as conn:
            audit.append(conn, user.username, "logout", user.username)
        request.session.clear()
    return RedirectResponse("/login", status_code=HTTP_303_SEE_OTHER)


@router.get("/")
def home(request: Request) -> Response:
    user = current_user(request)
    target = "/registry" if user is not None and user.role == "registrar" else "/queue"
    return RedirectResponse(target, status_code=HTTP_303_SEE_OTHER)


def _local(target: str) -> str:
    """Only paths on this site: an open redirect would help phishing."""
    return target if target.startswith("/") and not target.startswith("//") else "/"
