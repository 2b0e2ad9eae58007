"""The review desk: the queue of flagged posts, a case with its evidence and decisions, its photos, police
referrals, and the dashboard."""

from __future__ import annotations

import logging
import re
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.status import HTTP_303_SEE_OTHER, HTTP_404_NOT_FOUND

from huijia.model import LABELS
from huijia.report.checkpoint import CheckpointError
from huijia.report.referral import ReferralError, make_bundle
from huijia.store import audit
from huijia.store.decisions import ACTIONS, DecisionError, decide
from huijia.store.links import links_of, sets_of
from huijia.store.media import photo
from huijia.store.queries import QUEUE_LIMIT, QueueFilter, case, filter_options, highlight, queue
from huijia.store.stats import bars, dashboard, price_order
from huijia.store.users import User
from huijia.web.deps import allowed, allowed_form, desk, error_page, page
from huijia.web.i18n import LANGUAGES, PLAYBOOKS
from huijia.web.photos import audited_photo

MAX_REFERRAL_CASES = 500
LINKED = re.compile(r"(?:actor|cluster):[0-9a-f]{16}")  # the queue's same-actor / same-template filter
MAX_NAME, MAX_PASSWORD, MAX_REASON = 64, 1024, 4000  # form fields longer than these are refused

logger = logging.getLogger("huijia.web")
router = APIRouter()


@router.get("/queue", response_class=HTMLResponse)
def queue_page(
    request: Request,
    user: Annotated[User, Depends(allowed("queue"))],
    label: str = "",
    chat: str = "",
    decided: str = "",
    price: str = "",
    since: str = "",
    until: str = "",
    province: str = "",
    linked: str = "",
    error: str = "",
    page_number: Annotated[int, Query(alias="page", ge=1, le=10_000)] = 1,
) -> Response:
    d = desk(request)
    bad = [  # a filter given but not valid is said, not dropped while the form still shows it
        name for name, given, valid in (
            ("label", label, label in LABELS), ("decided", decided, decided in ("yes", "no")),
            ("price", price, price in ("yes", "no")), ("since", since, _is_date(since)),
            ("until", until, _is_date(until)), ("linked", linked, bool(LINKED.fullmatch(linked))),
        ) if given and not valid
    ]  # fmt: skip
    if bad:
        return error_page(request, 400, "bad_query", ", ".join(bad))
    where = QueueFilter(
        label=label if label in LABELS else None,
        chat=chat or None,
        decided={"yes": True, "no": False}.get(decided),
        has_price={"yes": True, "no": False}.get(price),
        since=since if _is_date(since) else None,
        until=until if _is_date(until) else None,
        province=province or None,
        linked=linked if LINKED.fullmatch(linked) else None,
    )
    skip = (page_number - 1) * QUEUE_LIMIT
    rows = queue(d.engine, where, QUEUE_LIMIT + 1, skip)  # one more: is there a next page?
    more, rows = len(rows) > QUEUE_LIMIT, rows[:QUEUE_LIMIT]
    options = d.options_cache.get(lambda: filter_options(d.engine))
    return page(
        request, "queue.html", user, rows=rows, labels=LABELS, chats=options.chats, where=where,
        provinces=options.provinces, error=error if error in ("no_cases", "referral_failed") else "",
        selected={"label": label, "chat": chat, "decided": decided, "price": price, "since": since,
                  "until": until, "province": province, "linked": where.linked or ""},
        page_number=page_number, more=more, sets=sets_of(d.engine, [r["key"] for r in rows]),
    )  # fmt: skip


@router.get("/case/{key}", response_class=HTMLResponse)
def case_page(
    key: str, request: Request, user: Annotated[User, Depends(allowed("case"))], error: str = ""
) -> Response:
    d = desk(request)
    found = case(d.engine, key)
    if found is None:
        return Response("not found", status_code=HTTP_404_NOT_FOUND)
    with d.engine.begin() as conn:
        audit.append(conn, user.username, "case.view", key)
    finding = found["finding"] or {}
    language = request.cookies.get("lang", "zh")
    playbook = PLAYBOOKS.get(finding.get("role") or "", {}).get(language if language in LANGUAGES else "zh")
    return page(
        request, "case.html", user, case=found, finding=finding,
        pieces=highlight(found["message"]["text"], finding.get("evidence") or []),
        actions=ACTIONS, labels=LABELS, playbook=playbook, error=error, links=links_of(d.engine, key),
    )  # fmt: skip


@router.get("/photo/{sha256}")
def photo_file(sha256: str, request: Request, user: Annotated[User, Depends(allowed("photo"))]) -> Response:
    """A stored photo's clean copy. Children's photos: only for roles that review, every view audited,
    never cached by the browser or a proxy."""
    d = desk(request)
    return audited_photo(d.engine, user.username, sha256, photo, "photo.view", "messages")


@router.post("/case/{key}/decide")
def decide_case(
    key: str,
    request: Request,
    user: Annotated[User, Depends(allowed_form("decide"))],
    action: str = Form(..., max_length=16),
    reason: str = Form("", max_length=MAX_REASON),
    label: str = Form("", max_length=24),
) -> Response:
    d = desk(request)
    try:
        decide(d.engine, user, key, action, reason, label or None)
    except DecisionError as exc:
        if exc.code == "message":
            return Response("not found", status_code=HTTP_404_NOT_FOUND)
        error = DECISION_ERRORS.get(exc.code, "forbidden")
        return RedirectResponse(f"/case/{key}?error={error}", status_code=HTTP_303_SEE_OTHER)
    return RedirectResponse(f"/case/{key}", status_code=HTTP_303_SEE_OTHER)


# what a refused decision says on the case page (the i18n keys)
DECISION_ERRORS = {"action": "action_unknown", "reason": "reason_needed", "label": "label_unknown"}


@router.post("/referral")
def referral_export(
    request: Request,
    user: Annotated[User, Depends(allowed_form("referral"))],
    key: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """A police referral ZIP for the cases ticked in the queue, or the one case a case page names."""
    d = desk(request)
    chosen = [k for k in key or [] if len(k) == 32 and k.isalnum()][:MAX_REFERRAL_CASES]
    if not chosen:
        return RedirectResponse("/queue?error=no_cases", status_code=HTTP_303_SEE_OTHER)
    try:
        signer = d.signer
        data, manifest = make_bundle(d.engine, chosen, user.username, signer, d.settings.checkpoints)
    except CheckpointError as exc:  # the checkpoint folder: a path, no case data
        logger.error("referral export failed: %s", exc)
        return RedirectResponse("/queue?error=referral_failed", status_code=HTTP_303_SEE_OTHER)
    except ReferralError:
        return RedirectResponse("/queue?error=referral_failed", status_code=HTTP_303_SEE_OTHER)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return Response(
        data,
        media_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="huijia-referral-{stamp}.zip"',
            "Cache-Control": "no-store",
            "X-Manifest-SHA256": manifest["manifest_sha256"],
            "X-Signer-Fingerprint": signer.fingerprint,
        },
    )


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard_page(request: Request, user: Annotated[User, Depends(allowed("dashboard"))]) -> Response:
    d = desk(request)
    board = dashboard(d.engine)
    charts = [
        ("sex_offered", bars(board.sex_offered, ["female", "male", "unknown"])),
        ("prices", bars(board.prices, price_order())),
        ("provinces", bars(board.provinces)),
        ("months", bars(board.months, sorted(board.months))),
        ("per_chat", bars(board.chats)),
    ]
    return page(request, "dashboard.html", user, board=board, charts=charts)


def _is_date(text: str) -> bool:
    """A calendar date written 2026-12-01 (not 2026-13-45, which matches the shape)."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True
