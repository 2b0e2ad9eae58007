"""Pages of the missing-children registry: the registrar's lists, forms, record pages with candidates and
marks, the registry's photos (registrars and admins only, every view audited), and the public sighting
form, which needs no account, is rate-limited per address and overall, and lands in moderation."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import FastAPI, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.status import (
    HTTP_303_SEE_OTHER,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_429_TOO_MANY_REQUESTS,
)

from huijia.media import Limits, MediaError
from huijia.media.faces import FaceBackend
from huijia.model import REPORT_STATUSES, SIGHTING_SOURCES, SIGHTING_STATUSES
from huijia.registry.intake import RegistryError, add_photos, import_records
from huijia.registry.links import link_queue
from huijia.registry.records import FieldError, parse_photos, parse_report, parse_sighting
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
from huijia.web.photos import audited_photo
from huijia.web.security import LoginThrottle, csrf_ok

KINDS = ("report", "sighting")
STATUSES = {"report": REPORT_STATUSES, "sighting": SIGHTING_STATUSES}
MAX_PHOTOS = 10
MAX_FIELD = 2000
PUBLIC_PER_ADDRESS_PER_HOUR = 5
PUBLIC_PER_HOUR = 200  # all addresses together: a flood from many addresses stops here
RELATIONS = ("mother", "father", "sibling")


@dataclass(frozen=True, slots=True)
class Site:
    """What the registry's routes share with the rest of the app (built by `create_app`)."""

    engine: Engine
    page: Callable[..., HTMLResponse]
    gate: Callable[[Request, str], User | Response]
    gate_form: Callable[[Request, str, str], User | Response]
    error_page: Callable[[Request, int, str, str], Response]
    faces: Callable[[], FaceBackend]  # the app's face backend (the pipeline's), loaded on first use


def add_registry_routes(app: FastAPI, site: Site) -> None:
    engine = site.engine
    per_address = LoginThrottle(allowed=PUBLIC_PER_ADDRESS_PER_HOUR, window=3600)
    everyone = LoginThrottle(allowed=PUBLIC_PER_HOUR, window=3600)

    @app.get("/registry", response_class=HTMLResponse)
    def registry_list(
        request: Request,
        kind: str = "report",
        status: str = "",
        linked: str = "",
        page_number: Annotated[int, Query(alias="page", ge=1, le=10_000)] = 1,
    ) -> Response:
        user = site.gate(request, "registry")
        if not isinstance(user, User):
            return user
        kind = kind if kind in KINDS else "report"
        chosen = status if status in STATUSES[kind] else None
        rows, more = list_records(engine, kind, chosen, page_number)
        return site.page(
            request, "registry.html", user, kind=kind, rows=rows, statuses=STATUSES[kind],
            status=chosen or "", page_number=page_number, more=more, linked=linked,
        )  # fmt: skip

    @app.post("/registry/link")
    def registry_link(request: Request, csrf: Annotated[str, Form(max_length=256)] = "") -> Response:
        user = site.gate_form(request, "registry.edit", csrf)
        if not isinstance(user, User):
            return user
        result = link_queue(engine, user.username, faces=site.faces())
        summary = f"{result.drafts},{result.sightings},{result.sightings_with_candidates}"
        return RedirectResponse(f"/registry?linked={summary}", status_code=HTTP_303_SEE_OTHER)

    @app.get("/registry/{kind}/new", response_class=HTMLResponse)
    def registry_new_form(kind: str, request: Request) -> Response:
        user = site.gate(request, "registry.edit")
        if not isinstance(user, User):
            return user
        if kind not in KINDS:
            return Response("not found", status_code=HTTP_404_NOT_FOUND)
        return _form(request, user, kind, None, {})

    @app.post("/registry/{kind}/new")
    async def registry_new(kind: str, request: Request) -> Response:
        gated = await _gated_upload(request, kind)
        if isinstance(gated, Response):
            return gated
        user, form = gated
        values = _values(form)
        try:
            record_id = await _save(kind, form, values, user.username)
        except FieldError as exc:
            response = _form(request, user, kind, f"{exc.field}: {exc.reason}", values)
            response.status_code = 400
            return response
        return RedirectResponse(f"/registry/{kind}/{record_id}", status_code=HTTP_303_SEE_OTHER)

    async def _gated_upload(request: Request, kind: str) -> tuple[User, Any] | Response:
        """The registrar and the multipart form of an upload route, or the response that refuses them
        (the permission is checked before the upload is read, the CSRF token after)."""
        user = site.gate(request, "registry.edit")
        if not isinstance(user, User):
            return user
        form = await request.form()
        if not csrf_ok(request.session, str(form.get("csrf", ""))):
            return Response("bad or missing CSRF token", status_code=HTTP_403_FORBIDDEN)
        if kind not in KINDS:
            return Response("not found", status_code=HTTP_404_NOT_FOUND)
        return user, form

    def _form(
        request: Request, user: User | None, kind: str, problem: str | None, values: dict[str, str]
    ) -> HTMLResponse:
        template = "registry_new.html" if user is not None else "sighting_public.html"
        return site.page(
            request, template, user, kind=kind, problem=problem, values=values, sources=SIGHTING_SOURCES,
            relations=RELATIONS,
        )  # fmt: skip

    async def _save(kind: str, form: Any, values: dict[str, str], by: str | None) -> str:
        """Validate the form, read its photos and store the record; FieldError names what is wrong."""
        raw: dict[str, Any] = dict(values)
        raw["id"] = str(uuid.uuid4())
        if kind == "sighting":
            raw["gps_consent"] = "yes" if values.get("gps_consent") else "no"
            if by is None:
                raw["status"] = "new"  # the public form's sightings always wait for moderation
        uploads, specs = await _uploads(form, values)
        raw["photos"] = "; ".join(specs)
        record = parse_report(raw) if kind == "report" else parse_sighting(raw)
        result = await run_in_threadpool(
            import_records, engine, kind, [(1, record)], by, None, uploads, faces=site.faces()
        )
        if result.problems:
            raise FieldError("photos", _without_name(result.problems[0][1].removeprefix("photos: ")))
        return str(raw["id"])

    @app.post("/registry/{kind}/{record_id}/photos")
    async def registry_add_photos(kind: str, record_id: str, request: Request) -> Response:
        gated = await _gated_upload(request, kind)
        if isinstance(gated, Response):
            return gated
        user, form = gated
        try:
            uploads, specs = await _uploads(form, _values(form))
            refs = list(parse_photos({"photos": "; ".join(specs)}))
            await run_in_threadpool(
                add_photos, engine, kind, record_id, refs, uploads, user.username, faces=site.faces()
            )
        except FieldError as exc:
            return site.error_page(request, 400, "record_failed", f"{exc.field}: {exc.reason}")
        except MediaError as exc:
            return site.error_page(request, 400, "record_failed", f"photos: {_without_name(str(exc))}")
        except RegistryError as exc:
            return site.error_page(request, 404, "record_failed", str(exc))
        return RedirectResponse(f"/registry/{kind}/{record_id}", status_code=HTTP_303_SEE_OTHER)

    @app.get("/registry/{kind}/{record_id}", response_class=HTMLResponse)
    def registry_record(kind: str, record_id: str, request: Request) -> Response:
        user = site.gate(request, "registry")
        if not isinstance(user, User):
            return user
        if kind not in KINDS:
            return Response("not found", status_code=HTTP_404_NOT_FOUND)
        try:
            record = view_record(
                engine, kind, record_id, user.username, with_contact=True, faces=site.faces()
            )
        except RegistryError:
            return Response("not found", status_code=HTTP_404_NOT_FOUND)
        search = candidates_for if kind == "sighting" else candidates_for_report
        try:
            candidates, no_face = search(engine, record_id, user.username, faces=site.faces()), False
        except RegistryError:
            candidates, no_face = [], True
        marks = {}
        if kind == "sighting":
            with engine.connect() as conn:
                marks = latest_marks(conn, record_id)
        return site.page(
            request, "registry_record.html", user, kind=kind, record=record, candidates=candidates,
            no_face=no_face, marks=marks, mark_choices=MARKS,
        )  # fmt: skip

    @app.post("/registry/{kind}/{record_id}/status")
    def registry_status(
        kind: str,
        record_id: str,
        request: Request,
        status: Annotated[str, Form(max_length=16)],
        reason: Annotated[str, Form(max_length=MAX_NOTE)] = "",
        csrf: Annotated[str, Form(max_length=256)] = "",
    ) -> Response:
        user = site.gate_form(request, "registry.edit", csrf)
        if not isinstance(user, User):
            return user
        if kind not in KINDS:
            return Response("not found", status_code=HTTP_404_NOT_FOUND)
        try:
            set_status(engine, kind, record_id, status, reason, user.username)
        except RegistryError as exc:
            return site.error_page(request, 400, "record_failed", str(exc))
        return RedirectResponse(f"/registry/{kind}/{record_id}", status_code=HTTP_303_SEE_OTHER)

    @app.post("/registry/sighting/{sighting_id}/mark")
    def registry_mark(
        sighting_id: str,
        request: Request,
        report: Annotated[str, Form(max_length=36)],
        mark: Annotated[str, Form(max_length=16)],
        note: Annotated[str, Form(max_length=MAX_NOTE)] = "",
        csrf: Annotated[str, Form(max_length=256)] = "",
    ) -> Response:
        user = site.gate_form(request, "registry.mark", csrf)
        if not isinstance(user, User):
            return user
        try:
            mark_candidate(engine, sighting_id, report, mark, note, user.username)
        except RegistryError as exc:
            return site.error_page(request, 400, "record_failed", str(exc))
        return RedirectResponse(f"/registry/sighting/{sighting_id}", status_code=HTTP_303_SEE_OTHER)

    @app.get("/registry-photo/{sha256}")
    def registry_photo_file(sha256: str, request: Request) -> Response:
        """A registry photo: children's faces, for registrars and admins only; every view audited."""
        user = site.gate(request, "registry.photo")
        if not isinstance(user, User):
            return user
        return audited_photo(engine, user.username, sha256, registry_photo, "registry.photo.view", "records")

    @app.get("/sighting", response_class=HTMLResponse)
    def public_sighting_form(request: Request) -> Response:
        _anonymous_csrf(request)
        return _form(request, None, "sighting", None, {})

    @app.post("/sighting")
    async def public_sighting(request: Request) -> Response:
        form = await request.form()
        if not csrf_ok(request.session, str(form.get("csrf", ""))):
            return Response("bad or missing CSRF token", status_code=HTTP_403_FORBIDDEN)
        address = request.client.host if request.client else "?"
        if per_address.locked(address) or everyone.locked("all"):
            response = _form(request, None, "sighting", "too_many_sightings", _values(form))
            response.status_code = HTTP_429_TOO_MANY_REQUESTS
            return response
        values = _values(form)
        values["source"] = values.get("source") or "other"
        try:
            await _save("sighting", form, values, None)
        except FieldError as exc:
            response = _form(request, None, "sighting", f"{exc.field}: {exc.reason}", values)
            response.status_code = 400
            return response
        per_address.failed(address)  # counts submissions (the throttle counts whatever it is told)
        everyone.failed("all")
        return site.page(request, "sighting_public.html", None, kind="sighting", done=True, values={},
                         problem=None, sources=SIGHTING_SOURCES, relations=RELATIONS)  # fmt: skip


async def _uploads(form: Any, values: dict[str, str]) -> tuple[dict[str, bytes], list[str]]:
    """The form's photo files under generated names, and the `photos` field that describes them (whose
    photo, the child's age in it); FieldError names what is wrong."""
    uploads: dict[str, bytes] = {}
    specs: list[str] = []
    limit = Limits().max_bytes
    for field, relation, age in (
        ("child_photos", "", values.get("child_age", "")),
        ("family_photos", values.get("family_relation", ""), ""),
    ):
        for upload in form.getlist(field):
            if not isinstance(upload, UploadFile) or not upload.filename:
                continue
            if len(uploads) >= MAX_PHOTOS:
                raise FieldError(field, f"at most {MAX_PHOTOS} photos")
            data = await upload.read(limit + 1)
            if len(data) > limit:
                raise FieldError(field, f"{upload.filename}: larger than 25 MB")
            if relation and relation not in RELATIONS:
                raise FieldError("family_relation", f"one of {', '.join(RELATIONS)}")
            name = f"upload-{len(uploads)}"
            uploads[name] = data
            specs.append(f"{relation}:{name}" if relation else f"{name}@{age}" if age else name)
    return uploads, specs


TEXT_FIELDS = (
    "name", "sex", "born", "lost_at", "lost_place", "lost_lat", "lost_lon", "height_cm", "weight_kg", "marks",
    "dna_given", "family_contact", "child_age", "family_relation", "seen_at", "place", "lat", "lon",
    "age_estimate", "source", "note", "gps_consent", "submitter_contact",
)  # fmt: skip


def _without_name(problem: str) -> str:
    """A photo problem without the generated upload name it starts with ("upload-0: corrupt …")."""
    return problem.split(": ", 1)[-1]


def _values(form: Any) -> dict[str, str]:
    """The form's text fields (too long ones are cut: the record parser then names them)."""
    values = {}
    for name in TEXT_FIELDS:
        value = form.get(name)
        if isinstance(value, str) and value.strip():
            values[name] = value.strip()[: MAX_FIELD + 1]
    return values


def _anonymous_csrf(request: Request) -> None:
    """A CSRF token in the session of someone without an account (the public form)."""
    if not request.session.get("csrf"):
        request.session["csrf"] = secrets.token_urlsafe(32)
