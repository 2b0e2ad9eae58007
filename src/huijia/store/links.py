"""Links in the case store, read back for the desk and the evidence: the records the last linking stored
(`huijia.engines.relink` makes them) — actors, template clusters, reused and banked photos, group scores —
and the stored messages they name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from huijia.store.schema import findings, link_groups, link_members, link_sets, messages

LINK_VERSION = "link-1"  # the rules that made a feature row or a link (bump when they change)
FEATURE_BATCH = 5_000  # rows written per statement


def links_of(engine: Engine | Connection, message_key: str) -> list[dict[str, Any]]:
    """The actor and cluster records a stored message belongs to."""
    query = (
        sa.select(link_sets.c.body)
        .join(link_members, link_members.c.set_id == link_sets.c.id)
        .where(link_members.c.message_key == message_key)
        .order_by(link_sets.c.kind, link_sets.c.id)
    )
    if isinstance(engine, Connection):
        return [row[0] for row in engine.execute(query)]
    with engine.connect() as conn:
        return [row[0] for row in conn.execute(query)]


def link_record(engine: Engine, set_id: str) -> dict[str, Any] | None:
    """The stored record (actor or cluster, as `huijia link` writes it) with this id."""
    with engine.connect() as conn:
        body = conn.execute(sa.select(link_sets.c.body).where(link_sets.c.id == set_id)).scalar()
    return body if isinstance(body, dict) else None


def all_link_records(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [row[0] for row in conn.execute(sa.select(link_sets.c.body).order_by(link_sets.c.id))]


def group_records(engine: Engine, limit: int = 500) -> list[dict[str, Any]]:
    """The stored group scores, riskiest first."""
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(link_groups.c.body)
            .order_by(link_groups.c.risk.desc(), link_groups.c.channel)
            .limit(limit)
        )
        return [row[0] for row in rows]


def group_record(engine: Engine, channel: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        body = conn.execute(sa.select(link_groups.c.body).where(link_groups.c.channel == channel)).scalar()
    return body if isinstance(body, dict) else None


def message_rows(engine: Engine, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The stored messages with these keys and their label and risk (`none` without a finding)."""
    found: dict[str, dict[str, Any]] = {}
    with engine.connect() as conn:
        for start in range(0, len(keys), 900):
            chunk = list(keys[start : start + 900])
            query = (
                sa.select(
                    messages.c.key,
                    messages.c.channel,
                    messages.c.author_name,
                    messages.c.author_handle,
                    messages.c.sent_at,
                    messages.c.text,
                    findings.c.label,
                    findings.c.risk,
                )
                .select_from(messages.outerjoin(findings, findings.c.message_key == messages.c.key))
                .where(messages.c.key.in_(chunk))
            )
            for row in conn.execute(query):
                item = dict(row._mapping)
                item["label"] = item["label"] or "none"
                found[row.key] = item
    return found


def sets_of(engine: Engine, keys: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
    """For each of these messages, the (kind, id) of the actors and clusters of more than one message it
    belongs to (an actor of one post links it to nothing)."""
    out: dict[str, list[tuple[str, str]]] = {}
    if not keys:
        return out
    with engine.connect() as conn:
        sizes = (
            sa.select(link_members.c.set_id, sa.func.count().label("n"))
            .group_by(link_members.c.set_id)
            .subquery()
        )
        query = (
            sa.select(link_members.c.message_key, link_sets.c.kind, link_sets.c.id)
            .join(link_sets, link_sets.c.id == link_members.c.set_id)
            .join(sizes, sizes.c.set_id == link_sets.c.id)
            .where(link_members.c.message_key.in_(list(keys)), sizes.c.n > 1)
            .where(link_sets.c.kind.in_(("actor", "cluster")))
            .order_by(link_sets.c.kind, link_sets.c.id)
        )
        for key, kind, set_id in conn.execute(query):
            out.setdefault(key, []).append((kind, set_id))
    return out
