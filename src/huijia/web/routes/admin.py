"""Uploading exports to be scanned in the background, and the admin's pages: accounts (add, reset the
password, disable or enable, change the role), sessions (list, end), login locks (list, unlock) and the
audit log (read, filter). Every change is audited."""

from __future__ import annotations

import hashlib
import uuid
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.status import HTTP_303_SEE_OTHER

from huijia.model import ACCOUNT_ROLES
from huijia.store import audit, limits, sessions
from huijia.store.queries import all_users
from huijia.store.sessions import SESSION_SECONDS
from huijia.store.users import User, UserError, add_user, set_active, set_password, set_role
from huijia.web.deps import allowed, allowed_form, desk, page
from huijia.web.jobs import safe_name
from huijia.web.security import LOGIN_PER_ACCOUNT, LOGIN_PER_ADDRESS, LOGIN_WINDOW

MAX_NAME, MAX_PASSWORD = 64, 1024  # form fields longer than these are refused
AUDIT_PAGE = 100

router = APIRouter()


@router.get("/upload", response_class=HTMLResponse)
def upload_page(
    request: Request, user: Annotated[User, Depends(allowed("upload"))], error: str = ""
) -> Response:
    d = desk(request)
    jobs = d.board.for_user(user.username, everyone=user.role == "admin")
    running = any(job.status == "running" for job in jobs)
    cap = d.settings.max_upload_bytes  # said with "too large": how large an upload may be
    limit = (
        f"{cap / 2**30:g} GiB"
        if cap >= 2**30
        else f"{cap / 2**20:g} MiB"
        if cap >= 2**20
        else f"{cap:,} bytes"
    )
    return page(request, "upload.html", user, jobs=jobs, running=running, error=error, limit=limit)


@router.post("/upload")
async def upload(
    request: Request,
    user: Annotated[User, Depends(allowed_form("upload"))],
    export: Annotated[UploadFile, File()],
) -> Response:
    d = desk(request)
    d.settings.upload_dir.mkdir(parents=True, exist_ok=True)
    original = export.filename or "export"
    target = d.settings.upload_dir / f"{uuid.uuid4().hex[:12]}-{safe_name(original)}"
    size = 0
    digest = hashlib.sha256()
    with target.open("wb") as fh:
        while block := await export.read(1 << 20):
            size += len(block)
            digest.update(block)
            if size > d.settings.max_upload_bytes:
                fh.close()
                target.unlink(missing_ok=True)
                return RedirectResponse("/upload?error=too_large", status_code=HTTP_303_SEE_OTHER)
            fh.write(block)
    with d.engine.begin() as conn:
        # the file's hash, never its name: a name may say whose chat it is (WhatsApp Chat with 张小明 138…)
        audit.append(conn, user.username, "upload", digest.hexdigest(), {"bytes": size})
    d.board.start(target, original, user.username)
    return RedirectResponse("/upload", status_code=HTTP_303_SEE_OTHER)


def _back_to_users(error: object = "") -> Response:
    """To the accounts page after a change, with what went wrong (encoded: a name may hold `&` or `#`)."""
    query = f"?{urlencode({'error': str(error)})}" if error else ""
    return RedirectResponse(f"/admin/users{query}", status_code=HTTP_303_SEE_OTHER)


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(
    request: Request, user: Annotated[User, Depends(allowed("users"))], error: str = ""
) -> Response:
    d = desk(request)
    return page(request, "users.html", user, users=all_users(d.engine), roles=ACCOUNT_ROLES, error=error)


@router.post("/admin/users")
def users_add(
    request: Request,
    user: Annotated[User, Depends(allowed_form("users.add"))],
    username: str = Form(..., max_length=MAX_NAME),
    role: str = Form(..., max_length=16),
    password: str = Form(..., max_length=MAX_PASSWORD),
) -> Response:
    d = desk(request)
    try:
        add_user(d.engine, username, role, password, by=user.username)
    except UserError as exc:
        return _back_to_users(exc)
    return _back_to_users()


@router.post("/admin/users/{username}/password")
def users_reset_password(
    username: str,
    request: Request,
    user: Annotated[User, Depends(allowed_form("users.password"))],
    password: str = Form(..., max_length=MAX_PASSWORD),
) -> Response:
    d = desk(request)
    try:
        set_password(d.engine, username, password, by=user.username)
    except UserError as exc:
        return _back_to_users(exc)
    return _back_to_users()


@router.post("/admin/users/{username}/active")
def users_set_active(
    username: str,
    request: Request,
    user: Annotated[User, Depends(allowed_form("users.edit"))],
    active: Annotated[str, Form(max_length=3)],
) -> Response:
    """Disable (`no`) or enable (`yes`) an account; disabling ends its sessions at once."""
    if active not in ("yes", "no"):
        return _back_to_users("active: yes or no")
    if username == user.username:
        return _back_to_users("not your own account")
    try:
        set_active(desk(request).engine, username, active == "yes", by=user.username)
    except UserError as exc:
        return _back_to_users(exc)
    return _back_to_users()


@router.post("/admin/users/{username}/role")
def users_set_role(
    username: str,
    request: Request,
    user: Annotated[User, Depends(allowed_form("users.edit"))],
    role: Annotated[str, Form(max_length=16)],
) -> Response:
    """Give an account another role; its sessions end (the new role begins with a new sign-in)."""
    if username == user.username:
        return _back_to_users("not your own account")
    try:
        set_role(desk(request).engine, username, role, by=user.username)
    except UserError as exc:
        return _back_to_users(exc)
    return _back_to_users()


@router.get("/admin/sessions", response_class=HTMLResponse)
def sessions_page(request: Request, user: Annotated[User, Depends(allowed("sessions"))]) -> Response:
    d = desk(request)
    live = sessions.live(d.engine, SESSION_SECONDS)
    locked = limits.locked_keys(d.engine, "login:account:", LOGIN_PER_ACCOUNT, LOGIN_WINDOW)
    locked += limits.locked_keys(d.engine, "login:address:", LOGIN_PER_ADDRESS, LOGIN_WINDOW)
    return page(request, "sessions.html", user, sessions=live, locked=locked)


@router.post("/admin/sessions/{session_id}/end")
def sessions_end(
    session_id: int, request: Request, user: Annotated[User, Depends(allowed_form("sessions.end"))]
) -> Response:
    d = desk(request)
    with d.engine.begin() as conn:
        if sessions.end_by_id(conn, session_id, "admin"):
            audit.append(conn, user.username, "session.end", str(session_id))
    return RedirectResponse("/admin/sessions", status_code=HTTP_303_SEE_OTHER)


@router.post("/admin/locks/unlock")
def locks_unlock(
    request: Request,
    user: Annotated[User, Depends(allowed_form("locks.unlock"))],
    lock: Annotated[str, Form(max_length=160)],
) -> Response:
    """Lift a login lock on an account or an address (the failures counted under it are forgotten)."""
    d = desk(request)
    if not lock.startswith("login:"):
        return RedirectResponse("/admin/sessions", status_code=HTTP_303_SEE_OTHER)
    if limits.clear(d.engine, lock):
        with d.engine.begin() as conn:
            audit.append(conn, user.username, "login.unlock", lock)
    return RedirectResponse("/admin/sessions", status_code=HTTP_303_SEE_OTHER)


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    user: Annotated[User, Depends(allowed("audit"))],
    actor: Annotated[str, Query(max_length=64)] = "",
    action: Annotated[str, Query(max_length=32)] = "",
    target: Annotated[str, Query(max_length=200)] = "",
    since: Annotated[str, Query(max_length=40)] = "",
    until: Annotated[str, Query(max_length=40)] = "",
    page_number: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> Response:
    filters = {"actor": actor, "action": action, "target": target, "since": since, "until": until}
    for name in ("since", "until"):
        if filters[name] and not _iso_time(filters[name]):
            return page(request, "audit.html", user, entries=[], filters=filters, page=1, more=False,
                        error=name)  # fmt: skip
    found = audit.entries(
        desk(request).engine, **{k: v or None for k, v in filters.items()},
        limit=AUDIT_PAGE + 1, offset=(page_number - 1) * AUDIT_PAGE,
    )  # fmt: skip
    return page(request, "audit.html", user, entries=found[:AUDIT_PAGE], filters=filters,
                page=page_number, more=len(found) > AUDIT_PAGE, error=None)  # fmt: skip


def _iso_time(text: str) -> bool:
    """A date (2026-12-01) or a date and time (2026-12-01T10:00)."""
    from datetime import datetime

    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True
