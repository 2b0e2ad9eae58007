"""Thread context for `huijia scan`, both ways:
- a bare bid ("有", "我要", "蹲") is `none` on its own (§3.1), but under a flagged offer in the same chat it
  is someone asking for that child, so it is raised into the queue as a purchase request that names the
  offer;
- a reply that offers a child ("我有一个两个月的男宝，私聊", "I have a one-month-old, DM me") is little on its
  own, but under a flagged request in the same chat it answers that request, so it is raised as a sale
  offer that names the request. A request is never made a sale offer.
Pure logic: messages in, decisions out."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime

from huijia.model import Finding, Message, Span
from huijia.text.fold import fold

BIDS = frozenset(
    ("有", "我要", "要", "蹲", "+1", "1", "求", "想要", "我想要", "私", "私聊", "滴滴", "dd", "留", "预定",
     "要了", "我", "me", "mine", "i want", "interested", "dm", "pm", "还在吗", "还有吗", "还在不")
)  # fmt: skip
_STRIP = re.compile(r"[\s\W_]+", re.UNICODE)
WINDOW_MESSAGES = 50  # an offer stays "open" for the next 50 messages of its chat…
WINDOW_SECONDS = 24 * 3600  # …and for one day
RAISED_RISK_SHARE = 0.6  # a raised bid's risk: this share of the offer's (a raised reply's: of the request's)
_CHILD = r"(?:男宝|女宝|宝宝|孩子|小孩|男孩|女孩|婴儿|男婴|女婴|闺女|儿子|女儿|宝)"
_CHILD_EN = r"(?:baby|newborn|infant|son|daughter|boy|girl|twins|month-old|months old|week-old|day-old)"
# The words of a reply that has a child to give: I have one, mine, due soon.
OFFERING_REPLY = re.compile(
    rf"(?:我|本人|俺|我家|我这)(?:这边|这里)?(?:有|刚生了?|生了|还有)(?:一个|个|一|两个|1个)?.{{0,8}}{_CHILD}"
    rf"|(?:我|本人)(?:怀孕|怀了|预产期)|我家{_CHILD}"
    rf"|\bi(?:'ve| have| got|'m having| am having) (?:got )?(?:a |an |one |two |twin )?.{{0,25}}{_CHILD_EN}"
    rf"|\bi(?:'m| am) due\b"
)


# Asking whether the child is still there: a bid under an offer, and in any other chat "are you still
# there?" (还在吗 alone is no request: it was one in the lexicon, and flagged chat that asked it).
# The question is the bid: 宝宝还在 without one is the seller saying so. Read folded, so that 男寶還在嗎 is
# one too.
STILL_THERE = re.compile(rf"(?:这个|那个)?{_CHILD}还在(?:吗|不|么|嘛)|还有{_CHILD}(?:吗|不|么|嘛)")


def is_bare_bid(text: str) -> bool:
    core = _STRIP.sub("", text.lower())
    if core in BIDS or STILL_THERE.fullmatch(_STRIP.sub("", fold(text))):
        return True
    stripped = text.strip().lower().strip("!！。.~～ ")
    return stripped in BIDS


# Having a child is not giving one: the reply must also ask to be contacted or say it would give, and must
# not say no, want a child itself, or ask about one's care.
GIVING = re.compile(
    r"私聊|私信|私我|联系|加我|加v|加微|微信|详聊|面聊|要的话|想要的|有意|可以送|能送|送给|给你|送人|找个好人家"
    r"|\b(?:dm|pm|inbox|message|text|call|contact|whatsapp)(?: me)?\b|\binterested\b|\bif you want\b"
    r"|\byou can have\b|\bgive (?:him|her|them|it) to\b"
)
NOT_GIVING = re.compile(
    r"不卖|不送|不会送|不会卖|舍不得|想再要|想要个|也想要|求|怎么办|正常吗|可爱|"
    r"\b(?:never|not|don't|wouldn't|won't|cannot|can't give)\b|\btoo\b|\bwhy don't you\b|\bagency\b"
)


def offers_a_child(text: str) -> re.Match[str] | None:
    """Where a reply says it has a child to give (我有一个两个月的男宝，私聊; "I have a one-month-old, DM
    me"): the words of having one, with the words of giving it and none of refusing, wanting or asking."""
    folded = fold(text)
    having = OFFERING_REPLY.search(folded)
    if having is None or GIVING.search(folded) is None or NOT_GIVING.search(folded) is not None:
        return None
    return having


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
    open_requests: dict[str | None, deque[_Offer]] = field(default_factory=dict)

    def see(self, key: str, message: Message, finding: Finding | None) -> tuple[Finding, str] | None:
        """(raised finding, the key of the post it answers) for a bare bid under an open offer or a reply
        offering a child under an open request; None otherwise. Call for every message of a chat, in
        order."""
        offers = _open(self.open_offers, message.channel)
        requests = _open(self.open_requests, message.channel)
        at = _when(message.sent_at)
        if finding is not None and finding.label in ("sale_offer", "broker"):
            offers.append(_Offer(key, finding.risk, at))
            request = _latest(requests, at)
            if finding.label == "sale_offer" and request is not None and offers_a_child(message.text):
                return finding, request.key  # flagged on its own, and it answers the request
            return None
        if finding is not None and finding.label == "purchase_request":
            requests.append(_Offer(key, finding.risk, at))
            return None
        if finding is None or finding.label == "none":
            reply = self._offering_reply(message, requests, at)
            if reply is not None:
                return reply
        if finding is not None or not is_bare_bid(message.text):
            return None
        offer = _latest(offers, at)
        if offer is None:
            return None
        text = message.text
        start = len(text) - len(text.lstrip())
        end = len(text.rstrip()) or len(text)
        return self._raise(message, "purchase_request", "buyer", offer, (start, end), "bid")

    def _offering_reply(
        self, message: Message, requests: deque[_Offer], at: datetime | None
    ) -> tuple[Finding, str] | None:
        request = _latest(requests, at)
        if request is None:
            return None
        match = offers_a_child(message.text)
        if match is None:
            return None
        return self._raise(message, "sale_offer", "birth_parent", request, match.span(), "reply")

    def _raise(
        self, message: Message, label: str, role: str, answered: _Offer, span: tuple[int, int], cue: str
    ) -> tuple[Finding, str]:
        """`message` raised to `label` as an answer to the `answered` post, whose key it names; its risk is
        a share of that post's."""
        start, end = span
        raised = Finding(
            message.id,
            label,
            round(answered.risk * RAISED_RISK_SHARE, 4),
            self.model,
            role=role,
            evidence=(Span(start, end, "transfer", message.text[start:end], cue),),
        )
        return raised, answered.key


def _latest(posts: deque[_Offer], at: datetime | None) -> _Offer | None:
    """The chat's latest open post, if it is less than a day older than `at`."""
    if not posts:
        return None
    post = posts[-1]
    if at is not None and post.at is not None and (at - post.at).total_seconds() > WINDOW_SECONDS:
        return None
    return post


def _open(table: dict[str | None, deque[_Offer]], channel: str | None) -> deque[_Offer]:
    """The chat's open posts, each one message older; those past the window closed."""
    posts = table.setdefault(channel, deque(maxlen=8))
    for post in posts:
        post.remaining -= 1
    while posts and posts[0].remaining <= 0:
        posts.popleft()
    return posts


def _when(sent_at: str | None) -> datetime | None:
    if not sent_at:
        return None
    try:
        return datetime.fromisoformat(sent_at)
    except ValueError:
        return None
