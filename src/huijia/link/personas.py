"""Personas: which messages one actor sent, under whatever names, across chats, files and platforms.

Messages join one actor when
- their senders are the same (`LinkPost.author`: a platform handle anywhere, a bare display name within
  its own chat), or
- their texts (or a sender's handle) share a contact: an E.164 phone, a QQ number, a WeChat ID, an e-mail,
  a Telegram name, normalised by `huijia.analyse.contacts` whatever way it was written;
- a masked phone (138****2046) joins the one actor whose phone agrees on every visible digit, and only
  when exactly one actor's does (two candidates: it joins neither).

A contact that many unrelated senders post is a *hub* — a shop, a hospital, a hotline, a chain message's
police number — and joins no one: it is shown on the actors that posted it, never used to link them. A
contact is a hub when at least `HUB_SENDERS` senders post it and fewer than `HUB_FLAGGED_SHARE` of the
messages carrying it are flagged, or when `HUB_SENDERS_ALWAYS` or more senders post it. A broker who
writes the same WeChat ID under five names in five sale posts is not a hub; parents passing round the
children's hospital's number are.

Every link keeps its reason: which contact (or which sender), and the two messages that show it.
Pure logic: posts in, actors out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from huijia.link.posts import MASKS, LinkContact, LinkPost, handle_contact

HUB_SENDERS = 4  # a contact posted by this many senders…
HUB_FLAGGED_SHARE = 0.5  # …in messages of which fewer than this share are flagged, is a hub
HUB_SENDERS_ALWAYS = 25  # a contact this many senders post is a hub whatever they post
MASK_MIN_VISIBLE = 6  # a masked phone shows at least this many digits to join anyone


@dataclass(frozen=True, slots=True)
class Link:
    a: str  # message id
    b: str  # message id
    why: str  # "wechat abc_12345", "phone 138****2046 = +8613812342046", "sender qq:123"

    def to_dict(self) -> dict[str, str]:
        return {"a": self.a, "b": self.b, "why": self.why}


@dataclass(frozen=True, slots=True)
class Hub:
    contact: LinkContact
    senders: int

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.contact.kind, "value": self.contact.value, "senders": self.senders}


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    messages: tuple[str, ...]
    flagged: tuple[str, ...]
    authors: tuple[str, ...]
    channels: tuple[str, ...]
    contacts: tuple[LinkContact, ...]
    hubs: tuple[Hub, ...]
    links: tuple[Link, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "type": "actor",
            "id": self.id,
            "messages": list(self.messages),
            "authors": list(self.authors),
            "channels": list(self.channels),
            "contacts": [{"kind": c.kind, "value": c.value} for c in self.contacts],
            "hubs": [h.to_dict() for h in self.hubs],
            "links": [link.to_dict() for link in self.links],
            "flagged": list(self.flagged),
        }


@dataclass
class _Sender:
    key: str
    label: str | None
    indexes: list[int] = field(default_factory=list)  # positions of its messages in the input
    channels: dict[str, int] = field(default_factory=dict)  # channel → position of its first message there
    contacts: dict[LinkContact, int] = field(default_factory=dict)  # contact → first message carrying it


@dataclass
class _Carriers:
    """Who posted one contact: each sender's first message with it, and how many messages are flagged."""

    first: dict[int, int] = field(default_factory=dict)  # sender number → position of its first message
    messages: int = 0
    flagged: int = 0


class _Joins:
    """Union-find over sender numbers; the smallest number is each group's root."""

    def __init__(self) -> None:
        self.parent: list[int] = []

    def add(self) -> int:
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def root(self, node: int) -> int:
        parent = self.parent
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def join(self, a: int, b: int) -> None:
        ra, rb = self.root(a), self.root(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def find_actors(posts: Iterable[LinkPost]) -> list[Actor]:
    """Every actor among the posts (see the module docstring), in the order of their first message."""
    ids: list[str] = []
    flagged: list[bool] = []
    senders: list[_Sender] = []
    number: dict[str, int] = {}
    carriers: dict[LinkContact, _Carriers] = {}
    joins = _Joins()
    for position, post in enumerate(posts):
        ids.append(post.id)
        flagged.append(post.flagged)
        key = post.author if post.author is not None else f"message:{post.id}"
        who = number.get(key)
        if who is None:
            who = number[key] = joins.add()
            senders.append(_Sender(key, post.author_label))
            own = handle_contact(post.author)
            if own is not None:
                senders[who].contacts[own] = position
                carriers.setdefault(own, _Carriers()).first.setdefault(who, position)
        sender = senders[who]
        sender.indexes.append(position)
        if post.channel is not None:
            sender.channels.setdefault(post.channel, position)
        for contact in post.contacts:
            sender.contacts.setdefault(contact, position)
            carried = carriers.setdefault(contact, _Carriers())
            carried.first.setdefault(who, position)
            carried.messages += 1
            carried.flagged += post.flagged
    hubs = {contact: len(c.first) for contact, c in carriers.items() if _is_hub(c)}
    links: dict[int, list[Link]] = {}  # root-independent: kept by the first sender of each link

    def link(a_sender: int, a: int, b: int, why: str) -> None:
        links.setdefault(a_sender, []).append(Link(ids[a], ids[b], why))

    for contact, carried in carriers.items():
        if contact in hubs or contact.masked or len(carried.first) < 2:
            continue
        (first, at), *others = carried.first.items()
        for other, other_at in others:
            joins.join(first, other)
            link(first, at, other_at, str(contact))
    _join_masked(carriers, hubs, joins, link)
    for who, sender in enumerate(senders):
        if len(sender.channels) > 1:
            (_, at), *rest = sender.channels.items()
            for _, other_at in rest:
                link(who, at, other_at, f"sender {sender.label or sender.key}")
    return _actors(senders, joins, links, hubs, ids, flagged)


def _is_hub(carried: _Carriers) -> bool:
    senders = len(carried.first)
    if senders >= HUB_SENDERS_ALWAYS:
        return True
    return senders >= HUB_SENDERS and carried.flagged < HUB_FLAGGED_SHARE * max(carried.messages, 1)


def masked_agrees(masked: str, full: str) -> bool:
    """Whether a masked phone (138****2046, 138xxxx2046) agrees with a full one (+8613812342046) on every
    digit it shows. The mask may be shorter or longer than the digits it hides."""
    national = full[3:] if full.startswith("+86") else full.lstrip("+")
    head = ""
    for ch in masked:
        if ch in MASKS:
            break
        head += ch
    tail = ""
    for ch in reversed(masked):
        if ch in MASKS:
            break
        tail = ch + tail
    if not (head.isdigit() or head == "") or not (tail.isdigit() or tail == ""):
        return False
    if len(head) + len(tail) < MASK_MIN_VISIBLE or len(head) + len(tail) >= len(national):
        return False
    return national.startswith(head) and national.endswith(tail)


def _join_masked(
    carriers: dict[LinkContact, _Carriers],
    hubs: dict[LinkContact, int],
    joins: _Joins,
    link: Callable[[int, int, int, str], None],
) -> None:
    """Join each masked phone's senders to the one actor whose full phone agrees with it, if one does.
    Owners are decided on the actors the full contacts made, before any masked join, so the outcome does
    not depend on the order in which the masked numbers come."""
    full_phones: dict[str, list[LinkContact]] = {}
    owner_of: dict[LinkContact, int] = {}
    for contact, carried in carriers.items():
        if contact.kind == "phone" and not contact.masked and contact not in hubs:
            full_phones.setdefault(contact.value[-2:], []).append(contact)
            owner_of[contact] = joins.root(next(iter(carried.first)))
    for contact, carried in carriers.items():
        if not contact.masked or contact in hubs:
            continue
        tail = contact.value[-2:]
        pool = full_phones.get(tail, []) if tail.isdigit() else list(owner_of)  # a hidden tail: every phone
        candidates = [c for c in pool if masked_agrees(contact.value, c.value)]
        owners = {owner_of[c] for c in candidates}
        if len(owners) != 1:
            continue
        phone = candidates[0]
        owner, owner_at = next(iter(carriers[phone].first.items()))
        for who, at in carried.first.items():
            if joins.root(who) != joins.root(owner):
                joins.join(owner, who)
                link(owner, owner_at, at, f"phone {contact.value} = {phone.value}")


def _actors(
    senders: list[_Sender],
    joins: _Joins,
    links: dict[int, list[Link]],
    hubs: dict[LinkContact, int],
    ids: list[str],
    flagged: list[bool],
) -> list[Actor]:
    members: dict[int, list[int]] = {}
    for who in range(len(senders)):
        members.setdefault(joins.root(who), []).append(who)
    actors: list[tuple[int, Actor]] = []
    for group in members.values():
        positions = sorted(i for who in group for i in senders[who].indexes)
        keys = sorted(senders[who].key for who in group)
        contacts: dict[LinkContact, int] = {}
        for who in group:
            for contact, at in senders[who].contacts.items():
                contacts[contact] = min(at, contacts.get(contact, at))
        channels = sorted({channel for who in group for channel in senders[who].channels})
        in_order = sorted(contacts, key=contacts.__getitem__)
        actors.append((positions[0], Actor(
                id="actor:" + hashlib.sha256("\n".join(keys).encode()).hexdigest()[:16],
                messages=tuple(ids[i] for i in positions),
                flagged=tuple(ids[i] for i in positions if flagged[i]),
                authors=tuple(sorted({senders[who].label or senders[who].key for who in group})),
                channels=tuple(channels),
                contacts=tuple(c for c in in_order if c not in hubs),
                hubs=tuple(Hub(c, hubs[c]) for c in in_order if c in hubs),
                links=tuple(link for who in group for link in links.get(who, ())),
            )))  # fmt: skip
    actors.sort(key=lambda pair: pair[0])
    return [actor for _, actor in actors]
