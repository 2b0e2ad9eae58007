"""The registry's forms, shared by the registrar's pages (`routes.registry`) and the public sighting form
(`routes.public`): the form page, its text fields and photo files, and saving a record from them."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from huijia.media import Limits
from huijia.model import REPORT_STATUSES, SIGHTING_SOURCES, SIGHTING_STATUSES
from huijia.registry.intake import import_records
from huijia.registry.records import FieldError, parse_report, parse_sighting
from huijia.store.users import User
from huijia.web.deps import desk, page

KINDS = ("report", "sighting")
STATUSES = {"report": REPORT_STATUSES, "sighting": SIGHTING_STATUSES}
MAX_PHOTOS = 10
MAX_FIELD = 2000
RELATIONS = ("mother", "father", "sibling")


def record_form(
    request: Request, user: User | None, kind: str, problem: str | None, values: dict[str, str]
) -> HTMLResponse:
    """The form for a new record: the registrar's, or (no user) the public sighting form."""
    template = "registry_new.html" if user is not None else "sighting_public.html"
    return page(
        request, template, user, kind=kind, problem=problem, values=values, sources=SIGHTING_SOURCES,
        relations=RELATIONS,
    )  # fmt: skip


async def save_record(request: Request, kind: str, form: Any, values: dict[str, str], by: str | None) -> str:
    """Validate the form, read its photos and store the record; FieldError names what is wrong."""
    raw: dict[str, Any] = dict(values)
    raw["id"] = str(uuid.uuid4())
    if kind == "sighting":
        raw["gps_consent"] = "yes" if values.get("gps_consent") else "no"
        if by is None:
            raw["status"] = "new"  # the public form's sightings always wait for moderation
    uploads, specs = await form_uploads(form, values)
    raw["photos"] = "; ".join(specs)
    record = parse_report(raw) if kind == "report" else parse_sighting(raw)
    d = desk(request)
    result = await run_in_threadpool(
        import_records, d.engine, kind, [(1, record)], by, None, uploads, faces=d.pipeline.faces
    )
    if result.problems:
        raise FieldError("photos", without_name(result.problems[0][1].removeprefix("photos: ")))
    return str(raw["id"])


async def form_uploads(form: Any, values: dict[str, str]) -> tuple[dict[str, bytes], list[str]]:
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


def without_name(problem: str) -> str:
    """A photo problem without the generated upload name it starts with ("upload-0: corrupt …")."""
    return problem.split(": ", 1)[-1]


def form_values(form: Any) -> dict[str, str]:
    """The form's text fields (too long ones are cut: the record parser then names them)."""
    values = {}
    for name in TEXT_FIELDS:
        value = form.get(name)
        if isinstance(value, str) and value.strip():
            values[name] = value.strip()[: MAX_FIELD + 1]
    return values
