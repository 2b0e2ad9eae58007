"""Uploading exports to be scanned in the background, and the accounts of the review desk."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.status import HTTP_303_SEE_OTHER

from huijia.model import ACCOUNT_ROLES
from huijia.store import audit
from huijia.store.queries import all_users
from huijia.store.users import User, UserError, add_user, set_password
from huijia.web.deps import allowed, allowed_form, desk, page
from huijia.web.jobs import safe_name

MAX_REFERRAL_CASES = 500
MAX_NAME, MAX_PASSWORD, MAX_REASON = 64, 1024, 4000  # form fields longer than these are refused

router = APIRouter()


@router.get("/upload", response_class=HTMLResponse)
def upload_page(
    request: Request, user: Annotated[User, Depends(allowed("upload"))], error: str = ""
) -> Response:
    d = desk(request)
    jobs = d.board.for_user(user.username, everyone=user.role == "admin")
    running = any(job.status == "running" for job in jobs)
    return page(request, "upload.html", user, jobs=jobs, running=running, error=error)


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
    with target.open("wb") as fh:
        while block := await export.read(1 << 20):
            size += len(block)
            if size > d.settings.max_upload_bytes:
                fh.close()
                target.unlink(missing_ok=True)
                return RedirectResponse("/upload?error=too_large", status_code=HTTP_303_SEE_OTHER)
            fh.write(block)
    with d.engine.begin() as conn:
        audit.append(conn, user.username, "upload", target.name, {"bytes": size})
    d.board.start(target, original, user.username)
    return RedirectResponse("/upload", status_code=HTTP_303_SEE_OTHER)


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
        return RedirectResponse(f"/admin/users?error={exc}", status_code=HTTP_303_SEE_OTHER)
    return RedirectResponse("/admin/users", status_code=HTTP_303_SEE_OTHER)


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
        return RedirectResponse(f"/admin/users?error={exc}", status_code=HTTP_303_SEE_OTHER)
    return RedirectResponse("/admin/users", status_code=HTTP_303_SEE_OTHER)
