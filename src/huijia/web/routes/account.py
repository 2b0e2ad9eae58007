"""One's own account: enrolling in two-factor sign-in (a TOTP secret, shown once with its otpauth URI,
confirmed by a code from it, and ten one-time recovery codes). Open to every signed-in role; admins
and registrars are sent here until they have enrolled."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.status import HTTP_303_SEE_OTHER, HTTP_403_FORBIDDEN

from huijia.store import audit
from huijia.store.users import User, enrol_totp
from huijia.web.deps import Refused, current_user, desk, page
from huijia.web.security import csrf_ok, session_of
from huijia.web.twofactor import code_ok, new_secret, provisioning_uri, second_factor_ok

router = APIRouter()


def signed_in(request: Request) -> User:
    user = current_user(request)
    if user is None:
        raise Refused(RedirectResponse(f"/login?next={request.url.path}", status_code=HTTP_303_SEE_OTHER))
    return user


Me = Annotated[User, Depends(signed_in)]


@router.get("/account/second-factor", response_class=HTMLResponse)
def enrol_form(request: Request, user: Me) -> Response:
    secret = new_secret()
    return _form(request, user, secret, None)


def _form(request: Request, user: User, secret: str, error: str | None) -> Response:
    uri = provisioning_uri(secret, user.username)
    return page(request, "second_factor.html", user, secret=secret, uri=uri, codes=None, error=error)


@router.post("/account/second-factor", response_class=HTMLResponse)
def enrol(
    request: Request,
    user: Me,
    secret: Annotated[str, Form(max_length=64)],
    code: Annotated[str, Form(max_length=16)],
    csrf: Annotated[str, Form(max_length=256)] = "",
    current: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    if not csrf_ok(request, csrf):
        return Response("bad or missing CSRF token", status_code=HTTP_403_FORBIDDEN)
    d = desk(request)
    # replacing a second factor takes the one in use: a stolen session must not take over the account
    if user.second_factor and not second_factor_ok(d.engine, user.id, current):
        with d.engine.begin() as conn:
            audit.append(conn, user.username, "user.totp_refused", user.username)
        response = _form(request, user, secret, "bad_current_code")
        response.status_code = 403
        return response
    if not code_ok(secret, code):
        response = _form(request, user, secret, "bad_code")
        response.status_code = 400
        return response
    here = session_of(request)
    codes = enrol_totp(
        d.engine, user.username, secret, by=user.username, keep_session=here.id if here else None
    )
    enrolled = User(user.id, user.username, user.role, user.active, second_factor=True)
    return page(request, "second_factor.html", enrolled, secret=None, uri=None, codes=codes, error=None)
