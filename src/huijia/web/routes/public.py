"""The public sighting form: no account needed, a CSRF token in an anonymous session, rate-limited per
address, per network and overall (counted in the database, so every worker shares the counts), and
every sighting lands in moderation (status `new`). The request body is capped before it is read
(`huijia.web.limits`)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.status import HTTP_403_FORBIDDEN, HTTP_429_TOO_MANY_REQUESTS

from huijia.model import SIGHTING_SOURCES
from huijia.registry.records import FieldError
from huijia.store import limits
from huijia.web.deps import address_of, desk, page
from huijia.web.proxies import address_block
from huijia.web.registry_forms import RELATIONS, form_values, record_form, save_record
from huijia.web.security import anonymous_csrf, csrf_ok, reserve

PUBLIC_PER_ADDRESS_PER_HOUR = 5
PUBLIC_PER_BLOCK_PER_HOUR = 20  # one /24 or /64: a host with many addresses counts once
# all addresses together: a last stop for a flood from very many networks, far above what 40 real
# reporters reach (each address stops at 5)
PUBLIC_PER_HOUR = 1000

router = APIRouter()


@router.get("/sighting", response_class=HTMLResponse)
def public_sighting_form(request: Request) -> Response:
    anonymous_csrf(request)
    return record_form(request, None, "sighting", None, {})


@router.post("/sighting")
async def public_sighting(request: Request) -> Response:
    form = await request.form()
    if not await run_in_threadpool(csrf_ok, request, str(form.get("csrf", ""))):
        return Response("bad or missing CSRF token", status_code=HTTP_403_FORBIDDEN)
    d = desk(request)
    address = address_of(request)
    keys = (f"sighting:address:{address}", f"sighting:block:{address_block(address)}", "sighting:all")
    throttles = (d.public_per_address, d.public_per_block, d.public_overall)
    # counted before the sighting is saved, in one serialised step: reports at once cannot all slip in
    taken = await run_in_threadpool(reserve, *zip(throttles, keys, strict=True))
    if taken is None:
        response = record_form(request, None, "sighting", "too_many_sightings", form_values(form))
        response.status_code = HTTP_429_TOO_MANY_REQUESTS
        return response
    values = form_values(form)
    values["source"] = values.get("source") or "other"
    try:
        await save_record(request, "sighting", form, values, None)
    except FieldError as exc:
        await run_in_threadpool(limits.release, d.engine, taken)  # a refused form is not a sighting
        response = record_form(request, None, "sighting", f"{exc.field}: {exc.reason}", values)
        response.status_code = 400
        return response
    return page(request, "sighting_public.html", None, kind="sighting", done=True, values={},
                problem=None, sources=SIGHTING_SOURCES, relations=RELATIONS)  # fmt: skip
