"""What the review pages read: the queue, a case with its context, accounts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from huijia.model import TRAFFICKING_LABELS
from huijia.store.media import photos_for
from huijia.store.schema import decisions, findings, messages, users

QUEUE_LIMIT = 200


@dataclass(frozen=True, slots=True)
class QueueFilter:
    label: str | None = None
    chat: str | None = None
    decided: bool | None = None
    has_price: bool | None = None
    since: str | None = None  # YYYY-MM-DD, inclusive, on the message's own (local) date
    until: str | None = None  # YYYY-MM-DD, inclusive
    province: str | None = None


def queue(engine: Engine, where: QueueFilter) -> list[dict[str, Any]]:
    """Flagged posts (and missing-child notices), riskiest first."""
    decided = sa.select(decisions.c.message_key).distinct().subquery()
    query = (
        sa.select(
            messages.c.key,
            messages.c.channel,
            messages.c.author_name,
            messages.c.sent_at,
            messages.c.text,
            findings.c.label,
            findings.c.risk,
            findings.c.facts,
            decided.c.message_key.label("decided_key"),
        )
        .join(findings, findings.c.message_key == messages.c.key)
        .outerjoin(decided, decided.c.message_key == messages.c.key)
        .where(findings.c.label.in_([*TRAFFICKING_LABELS, "missing_notice"]))
        .order_by(findings.c.risk.desc(), messages.c.sent_at.desc())
        .limit(QUEUE_LIMIT)
    )
    if where.label:
        query = query.where(findings.c.label == where.label)
    if where.chat:
        query = query.where(messages.c.channel == where.chat)
    if where.since:
        query = query.where(messages.c.sent_at >= where.since)
    if where.until:
        query = query.where(messages.c.sent_at < where.until + "\uffff")  # the whole of that day
    if where.decided is True:
        query = query.where(decided.c.message_key.is_not(None))
    elif where.decided is False:
        query = query.where(decided.c.message_key.is_(None))
    with engine.connect() as conn:
        rows = [dict(row._mapping) for row in conn.execute(query)]
    for row in rows:
        row["decided"] = row.pop("decided_key") is not None
    if where.has_price is not None:
        rows = [r for r in rows if (r["facts"].get("price") is not None) == where.has_price]
    if where.province:
        rows = [
            r
            for r in rows
            if any(p.get("province") == where.province for p in r["facts"].get("places") or [])
        ]
    return rows


def provinces(rows: list[dict[str, Any]]) -> list[str]:
    """The provinces named in these queue rows, for the filter."""
    return sorted({p["province"] for r in rows for p in r["facts"].get("places") or [] if p.get("province")})


def chats(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return [
            row[0]
            for row in conn.execute(
                sa.select(messages.c.channel)
                .where(messages.c.channel.is_not(None))
                .distinct()
                .order_by(messages.c.channel)
            )
        ]


def case(engine: Engine, key: str, around: int = 5) -> dict[str, Any] | None:
    with engine.connect() as conn:
        message = conn.execute(sa.select(messages).where(messages.c.key == key)).first()
        if message is None:
            return None
        finding = conn.execute(sa.select(findings).where(findings.c.message_key == key)).first()
        same_chat = messages.c.channel == message.channel
        before = conn.execute(
            sa.select(messages.c.key, messages.c.author_name, messages.c.sent_at, messages.c.text)
            .where(same_chat, messages.c.sent_at < message.sent_at)
            .order_by(messages.c.sent_at.desc())
            .limit(around)
        ).all()
        after = conn.execute(
            sa.select(messages.c.key, messages.c.author_name, messages.c.sent_at, messages.c.text)
            .where(same_chat, messages.c.sent_at > message.sent_at)
            .order_by(messages.c.sent_at)
            .limit(around)
        ).all()
        author_posts: Sequence[Any] = []
        if message.author_handle:
            author_posts = conn.execute(
                sa.select(messages.c.key, messages.c.channel, messages.c.sent_at, messages.c.text)
                .where(messages.c.author_handle == message.author_handle, messages.c.key != key)
                .order_by(messages.c.sent_at.desc())
                .limit(20)
            ).all()
        decided = decisions_of(conn, key)
        on_page = [key, *(r.key for r in before), *(r.key for r in after)]
        photos = photos_for(conn, on_page)
    return {
        "message": dict(message._mapping),
        "finding": None if finding is None else dict(finding._mapping),
        "before": [dict(r._mapping) for r in reversed(before)],
        "after": [dict(r._mapping) for r in after],
        "author_posts": [dict(r._mapping) for r in author_posts],
        "decisions": [dict(r._mapping) for r in decided],
        "photos": photos,
    }


def decisions_of(conn: Connection, key: str) -> Sequence[Any]:
    """The decisions on one message, oldest first, each with the reviewer's username."""
    return conn.execute(
        sa.select(decisions, users.c.username)
        .join(users, users.c.id == decisions.c.user_id)
        .where(decisions.c.message_key == key)
        .order_by(decisions.c.id)
    ).all()


def all_users(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [
            dict(row._mapping)
            for row in conn.execute(
                sa.select(users.c.username, users.c.role, users.c.active, users.c.created_at).order_by(
                    users.c.username
                )
            )
        ]


def highlight(text: str, evidence: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    """The text cut into (piece, evidence kind or None), for marking the evidence spans on the page."""
    marks: list[tuple[int, int, str]] = []
    for span in sorted(evidence, key=lambda s: (s["start"], -(s["end"] - s["start"]))):
        if 0 <= span["start"] < span["end"] <= len(text) and all(span["start"] >= e for _, e, _ in marks):
            marks.append((span["start"], span["end"], span["kind"]))
    pieces: list[tuple[str, str | None]] = []
    at = 0
    for start, end, kind in marks:
        if start > at:
            pieces.append((text[at:start], None))
        pieces.append((text[start:end], kind))
        at = end
    if at < len(text):
        pieces.append((text[at:], None))
    return pieces
