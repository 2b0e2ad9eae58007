"""Counts for the dashboard — the kind Reuters made by hand (98 girls, 61 boys in 280 posts): sex of the
children offered, prices in CNY, provinces, posts per month and per chat. Over flagged posts only."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from huijia.model import TRAFFICKING_LABELS
from huijia.store.schema import findings, messages

PRICE_BUCKETS = (0, 10_000, 30_000, 50_000, 80_000, 100_000, 150_000, 200_000)


@dataclass
class Dashboard:
    flagged: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    sex_offered: Counter[str] = field(default_factory=Counter)
    prices: Counter[str] = field(default_factory=Counter)
    provinces: Counter[str] = field(default_factory=Counter)
    months: Counter[str] = field(default_factory=Counter)
    chats: Counter[str] = field(default_factory=Counter)


def price_bucket(cny: float) -> str:
    names = price_order()
    for (low, high), name in zip(pairwise(PRICE_BUCKETS), names, strict=False):
        if low <= cny < high:
            return name
    return names[-1]


def dashboard(engine: Engine) -> Dashboard:
    board = Dashboard()
    query = (
        sa.select(findings.c.label, findings.c.facts, messages.c.sent_at, messages.c.channel)
        .join(messages, messages.c.key == findings.c.message_key)
        .where(findings.c.label.in_(list(TRAFFICKING_LABELS)))
    )
    with engine.connect() as conn:
        for row in conn.execute(query):
            facts: dict[str, Any] = row.facts  # a JSON column: SQLAlchemy gives the decoded value
            board.flagged += 1
            board.labels[row.label] += 1
            child = facts.get("child") or {}
            if row.label in ("sale_offer", "broker"):
                board.sex_offered[child.get("gender") or "unknown"] += 1
            price = facts.get("price")
            if price and price.get("cny") is not None:
                board.prices[price_bucket(price["cny"])] += 1
            for province in {p.get("province") for p in facts.get("places") or [] if p.get("province")}:
                board.provinces[province] += 1
            if row.sent_at:
                board.months[row.sent_at[:7]] += 1
            board.chats[row.channel or "—"] += 1
    return board


def bars(counts: Counter[str], order: list[str] | None = None, top: int = 15) -> list[tuple[str, int, float]]:
    """(name, count, share of the largest) for a bar chart; `order` keeps a natural order (months, prices)."""
    items = [(k, counts[k]) for k in order if k in counts] if order is not None else counts.most_common(top)
    largest = max((n for _, n in items), default=1)
    return [(name, n, n / largest) for name, n in items]


def price_order() -> list[str]:
    edges = PRICE_BUCKETS
    return [f"{a // 10_000}–{b // 10_000}万" for a, b in pairwise(edges)] + [f"≥{edges[-1] // 10_000}万"]
