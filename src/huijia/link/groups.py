"""Group risk: for every chat or forum, how strongly it looks like a place where children are traded,
why, and what to recommend — `takedown`, `watch` or `none`. People decide; this ranks and shows evidence.

Each reason adds points; the risk is `1 - exp(-points)` (0 with none, 0.63 at one point, 0.95 at three):

| code | when | points |
| --- | --- | --- |
| `flagged_posts` | sale_offer, purchase_request and broker posts | 0.35 each (up to 10) × share factor |
| `flagged_authors` | more than one sender posts them | 0.2 per further sender (up to 5) × share factor |
| `both_sides` | both offers and requests (a market, not one desperate post) | 0.4 |
| `cross_channel_actor` | an actor with a flagged post here also posts in other chats | 0.5 |
| `template_cluster` | a template cluster with a flagged member here | 0.3 each (up to 2) |
| `photo_reuse` | a photo posted by several senders, one of its posts here | 0.3 |
| `paid_entry` | entry fees, "charity" or red-packet entry | 0.4 with a flagged post, else 0.1 |
| `nickname_tags` | senders named region + 送/领/求 + 男/女宝 (湖南送男宝) | 0.2 each (up to 5) |
| `recreated` | same senders and templates as a chat that ended before this one began | 0.5 |

The share factor `min(1, sqrt(share / SHARE_FULL))` keeps a big ordinary group with a stray false flag
low: 3 flags in 10,000 messages weigh about a tenth of 3 flags in 100.
Recommendation: `takedown` at risk ≥ `TAKEDOWN` (0.8), `watch` at ≥ `WATCH` (0.4), else `none`.
Pure logic: posts and links in, group scores out.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from huijia.link.personas import Actor
from huijia.link.posts import LinkPost
from huijia.link.templates import Cluster
from huijia.model import sent_time

EARLIEST = datetime.min.replace(tzinfo=UTC)
TAKEDOWN = 0.8
WATCH = 0.4
SHARE_FULL = 0.02  # a flagged share at which flagged posts count in full
EVIDENCE_MAX = 25  # message ids kept per reason
RECREATED_OVERLAP = 0.5  # share of the smaller chat's senders the two chats must have in common
RECREATED_SENDERS = 3  # …and at least this many

# What each reason code means, in Chinese and English, for people who did not read this module (a takedown
# notice's receiver, the review UI).
REASON_TEXT: dict[str, tuple[str, str]] = {
    "flagged_posts": (
        "群内有出售、求购或居间介绍儿童的帖子（由软件标记，待人工核实）",
        "Posts in the chat offer, seek or broker a child for money (flagged by software; people check)",
    ),
    "flagged_authors": (
        "不止一名成员发布此类帖子",
        "More than one member posts such messages",
    ),
    "both_sides": (
        "同一群内既有送养（出售）也有求领（求购）：像一个交易市场",
        "Both offers of children and requests for them in one chat: a market",
    ),
    "cross_channel_actor": (
        "发布此类帖子的人也在其他群发布（同一账号或同一联系方式）",
        "Someone who posts such messages here also posts in other chats (same account or same contact)",
    ),
    "template_cluster": (
        "同一模板的广告反复发布，只改价格、年龄、地点或联系方式",
        "One ad posted again and again from a template, only the price, age, place or contact changed",
    ),
    "photo_reuse": (
        "同一张照片被多名发布者使用",
        "The same photo posted by several senders",
    ),
    "banked_photo": (
        "群内出现已在案件中确认的照片（案件照片库）",
        "A photo confirmed in a case (the case bank) was posted in the chat",
    ),
    "paid_entry": (
        "收取进群费、红包进群或“爱心费”",
        "Entry fees, red-packet entry or 'charity' fees to join",
    ),
    "nickname_tags": (
        "成员昵称标明地区和送养或求领男宝、女宝（如“湖南送男宝”）",
        "Members named for the trade: a region, giving or seeking, a boy or a girl (e.g. 湖南送男宝)",
    ),
    "recreated": (
        "成员和广告模板与一个已结束的群大体相同：疑似解散后换名重建",
        "Mostly the same members and a shared ad template as a chat that ended before this one began: "
        "likely re-created under a new name",
    ),
}

PAID_ENTRY = re.compile(
    r"进群费|入群费|进群要?交|入群要?交|付费进群|付费入群|交费进群|红包进群|发红包进|进群红包|会员费|爱心费|爱心群"
    r"|entry fee|joining fee|membership fee|pay to join|paid group"
)
NICKNAME_TAG = re.compile(
    r"(?:送|领|求|收|接|转)(?:养|领)?[-_ ·]?(?:[一二两三四五六七八九十\d]+个?月?)?(?:男|女)?(?:宝|孩|婴|娃)"
)


def message_cues(text: str) -> tuple[str, ...]:
    """What a message's text says of its group: `paid_entry` (an entry fee, red-packet entry)."""
    return ("paid_entry",) if PAID_ENTRY.search(text.lower()) else ()


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    evidence: tuple[str, ...]  # message ids
    points: float

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "evidence": list(self.evidence), "points": round(self.points, 3)}


@dataclass(frozen=True, slots=True)
class GroupRisk:
    channel: str
    messages: int
    authors: int
    flagged: int
    risk: float
    recommendation: str
    reasons: tuple[Reason, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "type": "group",
            "channel": self.channel,
            "messages": self.messages,
            "authors": self.authors,
            "flagged": self.flagged,
            "risk": round(self.risk, 4),
            "recommendation": self.recommendation,
            "reasons": [reason.to_dict() for reason in self.reasons],
        }


@dataclass(frozen=True, slots=True)
class PhotoGroup:
    """What group risk needs of a reused photo: the messages that carry it."""

    messages: tuple[str, ...]


@dataclass
class _Chat:
    messages: int = 0
    senders: set[str] = field(default_factory=set)
    flagged: list[str] = field(default_factory=list)
    flagged_senders: dict[str, str] = field(default_factory=dict)  # sender → first flagged message
    offers: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    paid_entry: list[str] = field(default_factory=list)
    tagged: dict[str, str] = field(default_factory=dict)  # sender → a message of theirs
    first_at: datetime | None = None  # compared as instants: one export may write +08:00, another Z
    last_at: datetime | None = None
    first_id: str | None = None
    last_id: str | None = None


def score_groups(
    posts: Iterable[LinkPost],
    actors: Sequence[Actor],
    clusters: Sequence[Cluster],
    photos: Sequence[PhotoGroup] = (),
    banked: Sequence[PhotoGroup] = (),
) -> list[GroupRisk]:
    """A score for every chat the posts come from, highest risk first."""
    chats: dict[str, _Chat] = {}
    channel_of: dict[str, str] = {}
    cited = {m for cluster in clusters for m in cluster.messages} | {
        m for photo in photos for m in photo.messages
    }
    for post in posts:
        if post.channel is None:
            continue
        chat = chats.setdefault(post.channel, _Chat())
        _count(chat, post)
        if post.id in cited:
            channel_of[post.id] = post.channel
    extra: dict[str, list[Reason]] = {name: [] for name in chats}
    _actor_reasons(actors, chats, extra)
    _cluster_reasons(clusters, channel_of, extra)
    _photo_reasons(photos, channel_of, extra)
    _photo_reasons(banked, channel_of, extra, "banked_photo", 0.6)
    _recreated_reasons(chats, clusters, channel_of, extra)
    scored = [_score(name, chat, extra[name]) for name, chat in chats.items()]
    scored.sort(key=lambda group: (-group.risk, group.channel))
    return scored


def _count(chat: _Chat, post: LinkPost) -> None:
    chat.messages += 1
    sender = post.author or f"message:{post.id}"
    chat.senders.add(sender)
    if post.flagged:
        chat.flagged.append(post.id)
        chat.flagged_senders.setdefault(sender, post.id)
        if post.label == "sale_offer":
            chat.offers.append(post.id)
        elif post.label == "purchase_request":
            chat.requests.append(post.id)
    if "paid_entry" in post.cues:
        chat.paid_entry.append(post.id)
    if post.author_name and sender not in chat.tagged and NICKNAME_TAG.search(post.author_name):
        chat.tagged[sender] = post.id
    when = sent_time(post.sent_at)
    if when is not None:
        if chat.first_at is None or when < chat.first_at:
            chat.first_at, chat.first_id = when, post.id
        if chat.last_at is None or when > chat.last_at:
            chat.last_at, chat.last_id = when, post.id


def _actor_reasons(actors: Sequence[Actor], chats: dict[str, _Chat], extra: dict[str, list[Reason]]) -> None:
    flagged_here: dict[str, list[str]] = {}
    for actor in actors:
        if len(actor.channels) < 2 or not actor.flagged:
            continue
        flagged = set(actor.flagged)
        for channel in actor.channels:
            chat = chats.get(channel)
            if chat is None:
                continue
            mine = [m for m in chat.flagged if m in flagged]
            if mine:
                flagged_here.setdefault(channel, []).extend(mine)
    for channel, evidence in flagged_here.items():
        extra[channel].append(Reason("cross_channel_actor", tuple(evidence[:EVIDENCE_MAX]), 0.5))


def _cluster_reasons(
    clusters: Sequence[Cluster], channel_of: dict[str, str], extra: dict[str, list[Reason]]
) -> None:
    per_channel: dict[str, list[tuple[str, ...]]] = {}
    for cluster in clusters:
        here: dict[str, list[str]] = {}
        for message in cluster.messages:
            channel = channel_of.get(message)
            if channel is not None:
                here.setdefault(channel, []).append(message)
        flagged = set(cluster.flagged)
        for channel, messages in here.items():
            if any(m in flagged for m in messages) or len(here) > 1:
                per_channel.setdefault(channel, []).append(tuple(messages))
    for channel, found in per_channel.items():
        evidence = tuple(m for messages in found for m in messages)[:EVIDENCE_MAX]
        extra[channel].append(Reason("template_cluster", evidence, 0.3 * min(len(found), 2)))


def _photo_reasons(
    photos: Sequence[PhotoGroup],
    channel_of: dict[str, str],
    extra: dict[str, list[Reason]],
    code: str = "photo_reuse",
    points: float = 0.3,
) -> None:
    per_channel: dict[str, list[str]] = {}
    for photo in photos:
        for message in photo.messages:
            channel = channel_of.get(message)
            if channel is not None:
                per_channel.setdefault(channel, []).append(message)
    for channel, evidence in per_channel.items():
        extra[channel].append(Reason(code, tuple(evidence[:EVIDENCE_MAX]), points))


def _recreated_reasons(
    chats: dict[str, _Chat],
    clusters: Sequence[Cluster],
    channel_of: dict[str, str],
    extra: dict[str, list[Reason]],
) -> None:
    """A chat that began after another ended, with most of the same senders and one of its templates."""
    shared_templates: set[tuple[str, str]] = set()
    for cluster in clusters:
        channels = sorted({channel_of[m] for m in cluster.messages if m in channel_of})
        for i, a in enumerate(channels):
            for b in channels[i + 1 :]:
                shared_templates.add((a, b))
    for a, b in shared_templates:
        old, new = sorted((a, b), key=lambda name: chats[name].first_at or EARLIEST)
        before, after = chats[old], chats[new]
        if before.last_at is None or after.first_at is None or before.last_at > after.first_at:
            continue
        common = before.senders & after.senders
        smaller = min(len(before.senders), len(after.senders))
        if len(common) >= RECREATED_SENDERS and len(common) >= RECREATED_OVERLAP * smaller:
            evidence = tuple(m for m in (before.last_id, after.first_id) if m is not None)
            extra[new].append(Reason("recreated", evidence, 0.5))


def _score(channel: str, chat: _Chat, extra: list[Reason]) -> GroupRisk:
    reasons: list[Reason] = []
    share = len(chat.flagged) / max(chat.messages, 1)
    factor = min(1.0, math.sqrt(share / SHARE_FULL))
    if chat.flagged:
        points = 0.35 * min(len(chat.flagged), 10) * factor
        reasons.append(Reason("flagged_posts", tuple(chat.flagged[:EVIDENCE_MAX]), points))
    if len(chat.flagged_senders) > 1:
        points = 0.2 * min(len(chat.flagged_senders) - 1, 5) * factor
        reasons.append(Reason("flagged_authors", tuple(chat.flagged_senders.values())[:EVIDENCE_MAX], points))
    if chat.offers and chat.requests:
        evidence = (chat.offers[: EVIDENCE_MAX // 2] + chat.requests[: EVIDENCE_MAX // 2])[:EVIDENCE_MAX]
        reasons.append(Reason("both_sides", tuple(evidence), 0.4))
    if chat.paid_entry:
        points = 0.4 if chat.flagged else 0.1
        reasons.append(Reason("paid_entry", tuple(chat.paid_entry[:EVIDENCE_MAX]), points))
    if chat.tagged:
        points = 0.2 * min(len(chat.tagged), 5)
        reasons.append(Reason("nickname_tags", tuple(chat.tagged.values())[:EVIDENCE_MAX], points))
    reasons.extend(extra)
    total = sum(reason.points for reason in reasons)
    risk = 1.0 - math.exp(-total)
    recommendation = "takedown" if risk >= TAKEDOWN else "watch" if risk >= WATCH else "none"
    return GroupRisk(
        channel=channel,
        messages=chat.messages,
        authors=len(chat.senders),
        flagged=len(chat.flagged),
        risk=risk,
        recommendation=recommendation,
        reasons=tuple(sorted(reasons, key=lambda r: -r.points)),
    )
