"""The registrar's pages of the missing-children registry: the lists, the forms, a record with its
candidates and marks, statuses, and the registry's photos (registrars and admins only, every view
audited)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.status import HTTP_303_SEE_OTHER, HTTP_403_FORBIDDEN, HTTP_404_NOT_FOUND

from huijia.media import MediaError
from huijia.registry.intake import RegistryError, add_photos
from huijia.registry.links import link_queue
from huijia.registry.records import FieldError, parse_photos
from huijia.registry.review import (
    MARKS,
    MAX_NOTE,
    latest_marks,
    list_records,
    mark_candidate,
    registry_photo,
    set_status,
    view_record,
)
from huijia.registry.search import candidates_for, candidates_for_report
from huijia.store.users import User
from huijia.web.deps import allowed, allowed_form, desk, error_page, page
from huijia.web.photos import audited_photo
from huijia.web.registry_forms import (
    KINDS,
    STATUSES,
    form_uploads,
    form_values,
    record_form,
    save_record,
    without_name,
)
from huijia.web.security import csrf_ok

router = APIRouter()
Registrar = Annotated[User, Depends(allowed("registry.edit"))]


@router.get("/registry", response_class=HTMLResponse)
def registry_list(
    request: Request,
    user: Annotated[User, Depends(allowed("registry"))],
    kind: str = "report",
    status: str = "",
    linked: str = "",
    page_number: Annotated[int, Query(alias="page", ge=1, le=10_000)] = 1,
) -> Response:
    kind = kind if kind in KINDS else "report"
    chosen = status if status in STATUSES[kind] else None
    rows, more = list_records(desk(request).engine, kind, chosen, page_number)
    return page(
        request, "registry.html", user, kind=kind, rows=rows, statuses=STATUSES[kind],
        status=chosen or "", page_number=page_number, more=more, linked=linked,
    )  # fmt: skip


@router.post("/registry/link")
def registry_link(
    request: Request, user: Annotated[User, Depends(allowed_form("registry.edit"))]
) -> Response:
    d = desk(request)
    result = link_queue(d.engine, user.username, faces=d.pipeline.faces)
    summary = f"{result.drafts},{result.sightings},{result.sightings_with_candidates}"
    return RedirectResponse(f"/registry?linked={summary}", status_code=HTTP_303_SEE_OTHER)


@router.get("/registry/{kind}/new", response_class=HTMLResponse)
def registry_new_form(kind: str, request: Request, user: Registrar) -> Response:
    if kind not in KINDS:
        return Response("not found", status_code=HTTP_404_NOT_FOUND)
    return record_form(request, user, kind, None, {})


async def _upload_form(request: Request, kind: str) -> object:
    """The multipart form of an upload route (the permission was checked before it was read, by the
    route's dependency), or the response that refuses it: a bad CSRF token, an unknown kind."""
    form = await request.form()
    if not csrf_ok(request, str(form.get("csrf", ""))):
        return Response("bad or missing CSRF token", status_code=HTTP_403_FORBIDDEN)
    if kind not in KINDS:
        return Response("not found", status_code=HTTP_404_NOT_FOUND)
    return form


@router.post("/registry/{kind}/new")
async def registry_new(kind: str, request: Request, user: Registrar) -> Response:
    form = await _upload_form(request, kind)
    if isinstance(form, Response):
        return form
    values = form_values(form)
    try:
        record_id = await save_record(request, kind, form, values, user.username)
    except FieldError as exc:
        response = record_form(request, user, kind, f"{exc.field}: {exc.reason}", values)
        response.status_code = 400
        return response
    return RedirectResponse(f"/registry/{kind}/{record_id}", status_code=HTTP_303_SEE_OTHER)


@router.post("/registry/{kind}/{record_id}/photos")
async def registry_add_photos(kind: str, record_id: str, request: Request, user: Registrar) -> Response:
    form = await _upload_form(request, kind)
    if isinstance(form, Response):
        return form
    d = desk(request)
    try:
        uploads, specs = await form_uploads(form, form_values(form))
        refs = list(parse_photos({"photos": "; ".join(specs)}))
        await run_in_threadpool(
            add_photos, d.engine, kind, record_id, refs, uploads, user.username, faces=d.pipeline.faces
        )
    except FieldError as exc:
        return error_page(request, 400, "record_failed", f"{exc.field}: {exc.reason}")
    except MediaError as exc:
        return error_page(request, 400, "record_failed", f"photos: {without_name(str(exc))}")
    except RegistryError as exc:
        return error_page(request, 404, "record_failed", str(exc))
    return RedirectResponse(f"/registry/{kind}/{record_id}", status_code=HTTP_303_SEE_OTHER)


@router.get("/registry/{kind}/{record_id}", response_class=HTMLResponse)
def registry_record(
    kind: str, record_id: str, request: Request, user: Annotated[User, Depends(allowed("registry"))]
) -> Response:
    if kind not in KINDS:
        return Response("not found", status_code=HTTP_404_NOT_FOUND)
    d = desk(request)
    try:
        record = view_record(
            d.engine, kind, record_id, user.username, with_contact=True, faces=d.pipeline.faces
        )
    except RegistryError:
        return Response("not found", status_code=HTTP_404_NOT_FOUND)
    search = candidates_for if kind == "sighting" else candidates_for_report
    try:
        candidates, no_face = search(d.engine, record_id, user.username, faces=d.pipeline.faces), False
    except RegistryError:
        candidates, no_face = [], True
    marks = {}
    if kind == "sighting":
        with d.engine.connect() as conn:
            marks = latest_marks(conn, record_id)
    return page(
        request, "registry_record.html", user, kind=kind, record=record, candidates=candidates,
        no_face=no_face, marks=marks, mark_choices=MARKS,
    )  # fmt: skip


@router.post("/registry/{kind}/{record_id}/status")
def registry_status(
    kind: str,
    record_id: str,
    request: Request,
    user: Annotated[User, Depends(allowed_form("registry.edit"))],
    status: Annotated[str, Form(max_length=16)],
    reason: Annotated[str, Form(max_length=MAX_NOTE)] = "",
) -> Response:
    if kind not in KINDS:
        return Response("not found", status_code=HTTP_404_NOT_FOUND)
    try:
        set_status(desk(request).engine, kind, record_id, status, reason, user.username)
    except RegistryError as exc:
        return error_page(request, 400, "record_failed", str(exc))
    return RedirectResponse(f"/registry/{kind}/{record_id}", status_code=HTTP_303_SEE_OTHER)


@router.post("/registry/sighting/{sighting_id}/mark")
def registry_mark(
    sighting_id: str,
    request: Request,
    user: Annotated[User, Depends(allowed_form("registry.mark"))],
    report: Annotated[str, Form(max_length=36)],
    mark: Annotated[str, Form(max_length=16)],
    note: Annotated[str, Form(max_length=MAX_NOTE)] = "",
) -> Response:
    try:
        mark_candidate(desk(request).engine, sighting_id, report, mark, note, user.username)
    except RegistryError as exc:
        return error_page(request, 400, "record_failed", str(exc))
    return RedirectResponse(f"/registry/sighting/{sighting_id}", status_code=HTTP_303_SEE_OTHER)


@router.get("/registry-photo/{sha256}")
def registry_photo_file(
    sha256: str, request: Request, user: Annotated[User, Depends(allowed("registry.photo"))]
) -> Response:
    """A registry photo: children's faces, for registrars and admins only; every view audited."""
    engine = desk(request).engine
    return audited_photo(engine, user.username, sha256, registry_photo, "registry.photo.view", "records")
