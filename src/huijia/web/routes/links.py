"""The links between posts on the desk: groups ranked by risk, a group's reasons and evidence, an actor
(every post, handle, contact and chat, each link with its reason), a template cluster (the template with
its slots, a timeline), reused and banked photos and the banks, the network around any of them, and
deciding a whole actor or cluster at once.
What is shown is what the last linking stored (`huijia.store.links`); every view is audited."""

from __future__ import annotations

import hashlib
import re
import urllib.parse
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.engine import Engine
from starlette.status import HTTP_303_SEE_OTHER, HTTP_404_NOT_FOUND

from huijia.engines.relink import rebuild_links
from huijia.link.network import neighbourhood
from huijia.model import LABELS
from huijia.report.takedown import TakedownError, make_notice
from huijia.report.takedown_store import notice_from_store
from huijia.store import audit
from huijia.store.banks import BANKS, BankError, bank_entries, bank_photo, unbank
from huijia.store.decisions import ACTIONS, DecisionError, decide
from huijia.store.links import (
    all_link_records,
    group_record,
    group_records,
    link_record,
    message_rows,
)
from huijia.store.media import photos_for
from huijia.store.users import User
from huijia.web.deps import allowed, allowed_form, desk, page
from huijia.web.routes.review import MAX_REASON  # one limit for every decision's reason

BANK_BACK = re.compile(r"/photos|/case/[0-9a-f]{32}")  # where a bank form may return to
router = APIRouter()


def chat_ref(channel: str) -> str:
    """How the audit log names a chat: a hash of its name (a chat name is free text from an export — a
    private chat is named after a person — and the log holds no personal data)."""
    return "chat:" + hashlib.sha256(channel.encode()).hexdigest()[:16]


def node_ref(node: str) -> str | None:
    """How the audit log names a network's start: actor and cluster ids as they are, a chat by its hash,
    a contact not at all."""
    if node.startswith("chat:"):
        return chat_ref(node[5:])
    return node if node.startswith(("actor:", "cluster:", "photo:", "bank:")) else None


@router.get("/groups", response_class=HTMLResponse)
def groups_page(request: Request, user: Annotated[User, Depends(allowed("groups"))]) -> Response:
    d = desk(request)
    return page(request, "groups.html", user, groups=group_records(d.engine))


@router.get("/group", response_class=HTMLResponse)
def group_page(
    request: Request, user: Annotated[User, Depends(allowed("groups"))], channel: str = ""
) -> Response:
    d = desk(request)
    found = group_record(d.engine, channel) if channel else None
    if found is None:
        return Response("not found", status_code=HTTP_404_NOT_FOUND)
    with d.engine.begin() as conn:
        audit.append(conn, user.username, "group.view", chat_ref(channel), {"risk": found.get("risk")})
    cited = [key for reason in found.get("reasons", []) for key in reason.get("evidence", [])]
    rows = message_rows(d.engine, list(dict.fromkeys(cited)))
    error = request.query_params.get("error", "")
    return page(
        request, "group.html", user, group=found, rows=rows, error=error if error == "takedown_failed" else ""
    )


@router.post("/group/takedown")
def group_takedown(
    request: Request,
    user: Annotated[User, Depends(allowed_form("takedown"))],
    channel: str = Form(..., max_length=4000),
) -> Response:
    """The chat's signed takedown notice (huijia.report.takedown), as `huijia takedown` writes it; audited
    with the manifest's hash."""
    d = desk(request)
    try:
        notice = notice_from_store(d.engine, channel, user.username)
        data, manifest = make_notice(notice, d.signer)
    except TakedownError:
        return RedirectResponse(
            f"/group?channel={urllib.parse.quote(channel)}&error=takedown_failed",
            status_code=HTTP_303_SEE_OTHER,
        )
    with d.engine.begin() as conn:
        detail = {"chat": chat_ref(channel), "messages": len(notice["evidence"])}
        audit.append(conn, user.username, "takedown.export", manifest["manifest_sha256"], detail)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return Response(
        data,
        media_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="huijia-takedown-{stamp}.zip"',
            "Cache-Control": "no-store",
            "X-Manifest-SHA256": manifest["manifest_sha256"],
            "X-Signer-Fingerprint": d.signer.fingerprint,
        },
    )


@router.get("/actor/{set_id}", response_class=HTMLResponse)
def actor_page(set_id: str, request: Request, user: Annotated[User, Depends(allowed("links"))]) -> Response:
    return _set_page(set_id, "actor", request, user)


@router.get("/cluster/{set_id}", response_class=HTMLResponse)
def cluster_page(set_id: str, request: Request, user: Annotated[User, Depends(allowed("links"))]) -> Response:
    return _set_page(set_id, "cluster", request, user)


def _set_page(set_id: str, kind: str, request: Request, user: User) -> Response:
    d = desk(request)
    record = link_record(d.engine, f"{kind}:{set_id}")
    if record is None or record.get("type") != kind:
        return Response("not found", status_code=HTTP_404_NOT_FOUND)
    with d.engine.begin() as conn:
        audit.append(conn, user.username, f"{kind}.view", record["id"])
    rows = message_rows(d.engine, record["messages"])
    timeline = sorted(rows.values(), key=lambda r: (r["sent_at"] or "", r["key"]))
    extra: dict[str, Any] = {}
    if kind == "cluster":
        extra["template_pieces"] = template_pieces(record["template"])
        extra["values_of"] = slot_values(record, rows)
    return page(
        request, f"{kind}.html", user, record=record, rows=rows, timeline=timeline, short=set_id,
        actions=ACTIONS, labels=LABELS, error=request.query_params.get("error", ""), **extra,
    )  # fmt: skip


def template_pieces(template: str) -> list[tuple[str, bool]]:
    """The template cut into (text, is a slot name), `{{` and `}}` read back as braces."""
    pieces: list[tuple[str, bool]] = []
    text = ""
    i = 0
    while i < len(template):
        pair = template[i : i + 2]
        if pair in ("{{", "}}"):
            text += pair[0]
            i += 2
        elif template[i] == "{" and "}" in template[i:]:
            end = template.index("}", i)
            if text:
                pieces.append((text, False))
                text = ""
            pieces.append((template[i + 1 : end], True))
            i = end + 1
        else:
            text += template[i]
            i += 1
    if text:
        pieces.append((text, False))
    return pieces


def slot_values(record: dict[str, Any], rows: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
    """For each member, the slot values its text holds (in slot order), for the timeline."""
    out: dict[str, list[str]] = {}
    for key, row in rows.items():
        text = row["text"] or ""
        out[key] = [next((v for v in slot["values"] if v and v in text), "") for slot in record["slots"]]
    return out


@router.get("/network", response_class=HTMLResponse)
def network_page(
    request: Request, user: Annotated[User, Depends(allowed("links"))], node: str = "", hops: int = 2
) -> Response:
    d = desk(request)
    drawn = neighbourhood(all_link_records(d.engine), node, max(1, min(hops, 4))) if node else None
    if drawn is None:
        return Response("not found", status_code=HTTP_404_NOT_FOUND)
    with d.engine.begin() as conn:
        audit.append(conn, user.username, "network.view", node_ref(node))
    positions = {n.id: n for n in drawn.nodes}
    return page(request, "network.html", user, network=drawn, positions=positions, start=node, hops=hops)


@router.get("/photos", response_class=HTMLResponse)
def photos_page(request: Request, user: Annotated[User, Depends(allowed("links"))]) -> Response:
    """Photos posted by several senders, stored photos that are banked case photos, and the banks."""
    d = desk(request)
    with d.engine.begin() as conn:
        audit.append(conn, user.username, "photos.view", None)
    records = [r for r in all_link_records(d.engine) if r.get("type") in ("photo_reuse", "bank_match")]
    keys = [key for record in records for key in record["messages"]]
    with d.engine.connect() as conn:
        shown = photos_for(conn, keys)
    error = request.query_params.get("error", "")
    error = error if error in ("reason_needed", "bank_unknown", "photo_unreadable") else ""
    return page(request, "photos.html", user, records=records, rows=message_rows(d.engine, keys), shown=shown,
                entries=bank_entries(d.engine), banks=BANKS, error=error)  # fmt: skip


@router.post("/photo/{sha256}/bank")
def bank_photo_form(
    sha256: str,
    request: Request,
    user: Annotated[User, Depends(allowed_form("photo.bank"))],
    bank: str = Form(..., max_length=16),
    reason: str = Form("", max_length=MAX_REASON),
    back: str = Form("/photos", max_length=200),
) -> Response:
    """Bank a stored photo as a case photo or as harmless (audited; the links are rebuilt at once)."""
    d = desk(request)
    where = back if BANK_BACK.fullmatch(back) else "/photos"  # only our own pages: never an open redirect
    try:
        bank_photo(d.engine, user.username, sha256, bank, reason)
    except BankError as exc:
        return _bank_refused(exc, where)
    relinked(d.engine, user.username)
    return RedirectResponse(where, status_code=HTTP_303_SEE_OTHER)


@router.post("/bank/{entry}/remove")
def unbank_form(
    entry: int,
    request: Request,
    user: Annotated[User, Depends(allowed_form("photo.bank"))],
    reason: str = Form("", max_length=MAX_REASON),
) -> Response:
    d = desk(request)
    try:
        unbank(d.engine, user.username, entry, reason)
    except BankError as exc:
        return _bank_refused(exc, "/photos")
    relinked(d.engine, user.username)
    return RedirectResponse("/photos", status_code=HTTP_303_SEE_OTHER)


def _bank_refused(exc: BankError, where: str) -> Response:
    """Back to the page with what was wrong; a photo or entry that is not there is 404."""
    if exc.code == "missing":
        return Response("not found", status_code=HTTP_404_NOT_FOUND)
    error = {"bank": "bank_unknown", "unreadable": "photo_unreadable"}.get(exc.code, "reason_needed")
    return RedirectResponse(f"{where}?error={error}", status_code=HTTP_303_SEE_OTHER)


def relinked(engine: Engine, actor: str) -> None:
    """Rebuild the links after a bank changed, so that it takes effect on every stored photo at once."""
    with engine.begin() as conn:
        rebuild_links(conn, actor)


@router.post("/links/{kind}/{set_id}/decide")
def decide_set(
    kind: str,
    set_id: str,
    request: Request,
    user: Annotated[User, Depends(allowed_form("links.decide"))],
    action: str = Form(..., max_length=16),
    reason: str = Form("", max_length=MAX_REASON),
    label: str = Form("", max_length=24),
) -> Response:
    """One decision, with one reason, on every flagged post of an actor or cluster; each post keeps its own
    decision (and its own audit entry), and one more entry says they were decided together."""
    d = desk(request)
    if kind not in ("actor", "cluster"):
        return Response("not found", status_code=HTTP_404_NOT_FOUND)
    record = link_record(d.engine, f"{kind}:{set_id}")
    if record is None:
        return Response("not found", status_code=HTTP_404_NOT_FOUND)
    refused = (
        "action_unknown" if action not in ACTIONS
        else "label_unknown" if label and label not in LABELS
        else "reason_needed" if not reason.strip()
        else None
    )  # fmt: skip
    if refused is not None:
        return RedirectResponse(f"/{kind}/{set_id}?error={refused}", status_code=HTTP_303_SEE_OTHER)
    decided = 0
    for key in record.get("flagged") or []:
        try:
            decide(d.engine, user, key, action, reason, label or None)
        except DecisionError:
            continue
        decided += 1
    with d.engine.begin() as conn:
        audit.append(
            conn, user.username, f"{kind}.decide", record["id"], {"action": action, "posts": decided}
        )
    return RedirectResponse(f"/{kind}/{set_id}", status_code=HTTP_303_SEE_OTHER)
