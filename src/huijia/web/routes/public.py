"""The public sighting form: no account needed, a CSRF token in an anonymous session, rate-limited per
address and overall, and every sighting lands in moderation (status `new`)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.status import HTTP_403_FORBIDDEN, HTTP_429_TOO_MANY_REQUESTS

from huijia.model import SIGHTING_SOURCES
from huijia.registry.records import FieldError
from huijia.web.deps import desk, page
from huijia.web.registry_forms import RELATIONS, anonymous_csrf, form_values, record_form, save_record
from huijia.web.security import csrf_ok

PUBLIC_PER_ADDRESS_PER_HOUR = 5
PUBLIC_PER_HOUR = 200  # all addresses together: a flood from many addresses stops here

router = APIRouter()


@router.get("/sighting", response_class=HTMLResponse)
def public_sighting_form(request: Request) -> Response:
    anonymous_csrf(request)
    return record_form(request, None, "sighting", None, {})


@router.post("/sighting")
async def public_sighting(request: Request) -> Response:
    form = await request.form()
    if not csrf_ok(request.session, str(form.get("csrf", ""))):
        return Response("bad or missing CSRF token", status_code=HTTP_403_FORBIDDEN)
    d = desk(request)
    address = request.client.host if request.client else "?"
    if d.public_per_address.locked(address) or d.public_overall.locked("all"):
        response = record_form(request, None, "sighting", "too_many_sightings", form_values(form))
        response.status_code = HTTP_429_TOO_MANY_REQUESTS
        return response
    values = form_values(form)
    values["source"] = values.get("source") or "other"
    try:
        await save_record(request, "sighting", form, values, None)
    except FieldError as exc:
        response = record_form(request, None, "sighting", f"{exc.field}: {exc.reason}", values)
        response.status_code = 400
        return response
    d.public_per_address.failed(address)  # counts submissions (the throttle counts whatever it is told)
    d.public_overall.failed("all")
    return page(request, "sighting_public.html", None, kind="sighting", done=True, values={},
                problem=None, sources=SIGHTING_SOURCES, relations=RELATIONS)  # fmt: skip
