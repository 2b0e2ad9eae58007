"""Choosing cases: by label and risk, or by the reviewers' latest decision."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from huijia.store.decisions import latest_decisions
from huijia.store.schema import decisions, findings


def keys_by_label(engine: Engine, labels: Iterable[str], min_risk: float) -> list[str]:
    query = (
        sa.select(findings.c.message_key)
        .where(findings.c.label.in_(list(labels)), findings.c.risk >= min_risk)
        .order_by(findings.c.risk.desc(), findings.c.message_key)
    )
    with engine.connect() as conn:
        return [row[0] for row in conn.execute(query)]


def referred_keys(engine: Engine) -> list[str]:
    latest = latest_decisions()
    query = (
        sa.select(decisions.c.message_key)
        .join(latest, latest.c.last == decisions.c.id)
        .where(decisions.c.action == "refer")
        .order_by(decisions.c.message_key)
    )
    with engine.connect() as conn:
        return [row[0] for row in conn.execute(query)]
