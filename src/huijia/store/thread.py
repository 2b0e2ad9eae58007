"""Thread context for `huijia scan`: a bare bid ("有", "我要", "蹲") is `none` on its own (§3.1), but under a
flagged offer in the same chat it is someone asking for that child, so it is raised into the queue as a
purchase request that names the offer. Pure logic: messages in, decisions out."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime

from huijia.model import Finding, Message, Span

BIDS = frozenset(
    ("有", "我要", "要", "蹲", "+1", "1", "求", "想要", "我想要", "私", "私聊", "滴滴", "dd", "留", "预定",
     "要了", "我", "me", "mine", "i want", "interested", "dm", "pm")
)  # fmt: skip
_STRIP = re.compile(r"[\s\W_]+", re.UNICODE)
WINDOW_MESSAGES = 50  # an offer stays "open" for the next 50 messages of its chat…
WINDOW_SECONDS = 24 * 3600  # …and for one day
RAISED_RISK_SHARE = 0.6  # a raised bid's risk: this share of the offer's


def is_bare_bid(text: str) -> bool:
    core = _STRIP.sub("", text.lower())
    if core in BIDS:
        return True
    stripped = text.strip().lower().strip("!！。.~～ ")
    return stripped in BIDS


@dataclass
class _Offer:
    key: str
    risk: float
    at: datetime | None
    remaining: int = WINDOW_MESSAGES


@dataclass
class ThreadContext:
    """Recent flagged offers per chat, fed messages in chat order. `model` names what raised a bid."""

    model: str = "thread context"
    open_offers: dict[str | None, deque[_Offer]] = field(default_factory=dict)

    def see(self, key: str, message: Message, finding: Finding | None) -> tuple[Finding, str] | None:
        """(raised finding, the offer's key) for a bare bid under an open offer; None otherwise. Call for
        every message of a chat, in order."""
        offers = self.open_offers.setdefault(message.channel, deque(maxlen=8))
        for offer in offers:
            offer.remaining -= 1
        while offers and offers[0].remaining <= 0:
            offers.popleft()
        at = _when(message.sent_at)
        if finding is not None and finding.label in ("sale_offer", "broker"):
            offers.append(_Offer(key, finding.risk, at))
            return None
        if finding is not None or not offers or not is_bare_bid(message.text):
            return None
        offer = offers[-1]
        if at is not None and offer.at is not None and (at - offer.at).total_seconds() > WINDOW_SECONDS:
            return None
        text = message.text
        start = len(text) - len(text.lstrip())
        end = len(text.rstrip()) or len(text)
        raised = Finding(
            message.id,
            "purchase_request",
            round(offer.risk * RAISED_RISK_SHARE, 4),
            self.model,
            role="buyer",
            evidence=(Span(start, end, "transfer", text[start:end], "bid"),),
        )
        return raised, offer.key


def _when(sent_at: str | None) -> datetime | None:
    if not sent_at:
        return None
    try:
        return datetime.fromisoformat(sent_at)
    except ValueError:
        return None
