"""What the review pages read: the queue, a case with its context, accounts."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from huijia.model import QUEUED_LABELS
from huijia.store.media import photos_for
from huijia.store.schema import decisions, findings, link_members, messages, users

QUEUE_LIMIT = 50  # posts per queue page


@dataclass(frozen=True, slots=True)
class QueueFilter:
    label: str | None = None
    chat: str | None = None
    decided: bool | None = None
    has_price: bool | None = None
    since: str | None = None  # YYYY-MM-DD, inclusive, on the message's own (local) date
    until: str | None = None  # YYYY-MM-DD, inclusive
    province: str | None = None
    linked: str | None = None  # an actor or cluster id: only its posts (huijia.store.links)


def queue(
    engine: Engine, where: QueueFilter, limit: int = QUEUE_LIMIT, skip: int = 0
) -> list[dict[str, Any]]:
    """Flagged posts (and missing-child notices), riskiest first: `limit` of them after the first `skip`.

    Filters on the message and the finding's columns run in SQL. Price stated and province live in the
    finding's JSON facts, which SQLite and PostgreSQL query differently: those are checked here, on
    successive chunks of the SQL order, until the page is full or the queue ends.
    """
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
        .where(findings.c.label.in_(QUEUED_LABELS))
        .order_by(findings.c.risk.desc(), messages.c.sent_at.desc(), messages.c.key)
    )
    if where.label:
        query = query.where(findings.c.label == where.label)
    if where.chat:
        query = query.where(messages.c.channel == where.chat)
    if where.linked:
        members = sa.select(link_members.c.message_key).where(link_members.c.set_id == where.linked)
        query = query.where(messages.c.key.in_(members))
    if where.since:
        query = query.where(messages.c.sent_at >= where.since)
    if where.until:
        query = query.where(messages.c.sent_at < where.until + "\uffff")  # the whole of that day
    if where.decided is True:
        query = query.where(decided.c.message_key.is_not(None))
    elif where.decided is False:
        query = query.where(decided.c.message_key.is_(None))
    skip = max(skip, 0)
    in_python = where.has_price is not None or where.province is not None
    chunk = (skip + limit) * 4 if in_python else limit
    start = 0 if in_python else skip
    rows: list[dict[str, Any]] = []
    with engine.connect() as conn:
        for offset in itertools.count(start, chunk):
            got = [dict(row._mapping) for row in conn.execute(query.limit(chunk).offset(offset))]
            rows.extend(row for row in got if _facts_match(row["facts"] or {}, where))
            if len(rows) >= (skip + limit if in_python else limit) or len(got) < chunk:
                break
    if in_python:
        rows = rows[skip:]
    for row in rows:
        row["decided"] = row.pop("decided_key") is not None
    return rows[:limit]


def _facts_match(facts: dict[str, Any], where: QueueFilter) -> bool:
    if where.has_price is not None and (facts.get("price") is not None) != where.has_price:
        return False
    return where.province is None or any(
        p.get("province") == where.province for p in facts.get("places") or []
    )


@dataclass(frozen=True, slots=True)
class FilterOptions:
    """What the queue's chat and province filters offer: the chats and provinces of queued posts."""

    chats: list[str]
    provinces: list[str]


def filter_options(engine: Engine) -> FilterOptions:
    """One pass over the queued findings (not over every message: a million-message store has a few
    thousand queued posts)."""
    query = (
        sa.select(messages.c.channel, findings.c.facts)
        .join(findings, findings.c.message_key == messages.c.key)
        .where(findings.c.label.in_(QUEUED_LABELS))
    )
    found_chats: set[str] = set()
    found_provinces: set[str] = set()
    with engine.connect() as conn:
        for channel, facts in conn.execute(query):
            if channel:
                found_chats.add(channel)
            for place in (facts or {}).get("places") or []:
                if place.get("province"):
                    found_provinces.add(place["province"])
    return FilterOptions(sorted(found_chats), sorted(found_provinces))


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
