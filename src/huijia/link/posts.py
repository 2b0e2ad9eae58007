"""What the link stage knows of a message: a small value the engines build from a message and its finding.

Linking a million messages must not hold a million `Message`s: a `LinkPost` keeps only what linking reads —
who sent it (an author key that tells senders apart), where, whether the analyser flagged it, the contacts
in its text, and the text itself only for the posts that reached the analyser's gate (the only ones the
template clusters look at).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from huijia.analyse.contacts import phone_value
from huijia.model import Contact

FLAGGED_LABELS = frozenset(("sale_offer", "purchase_request", "broker"))
# Handles that are themselves contacts: a QQ export names senders by QQ number, WhatsApp by phone.
_HANDLE_CONTACT = re.compile(r"^(qq|phone|email|telegram):(.+)$")
MASKS = "*＊xX×#?？○●"
JOINING_KINDS = frozenset(("phone", "qq", "wechat", "email", "telegram"))  # a URL is a page, not a person


@dataclass(frozen=True, slots=True)
class LinkContact:
    """A contact as linking compares it: `value` normalised (E.164 phones, case-folded IDs); a masked
    phone (138****2046) keeps its mask and joins only by `huijia.link.personas`' rule."""

    kind: str  # phone, qq, wechat, email, telegram
    value: str

    @property
    def masked(self) -> bool:
        return self.kind == "phone" and any(ch in MASKS for ch in self.value)

    def __str__(self) -> str:
        return f"{self.kind} {self.value}"


@dataclass(frozen=True, slots=True)
class LinkPost:
    id: str
    author: str | None  # the author key (`author_key`); None when the export names no sender
    author_label: str | None  # how the sender is shown: the platform handle, else the display name
    channel: str | None
    label: str
    contacts: tuple[LinkContact, ...] = ()
    text: str | None = None  # only for a post the analyser's gate examined
    sent_at: str | None = None
    author_name: str | None = None  # the display name, for the nickname tags groups are scored on
    gated: bool = False  # the analyser's gate examined it (only those join template clusters)
    cues: tuple[str, ...] = ()  # what the text says of its group (`huijia.link.groups.message_cues`)

    @property
    def flagged(self) -> bool:
        return self.label in FLAGGED_LABELS


def link_contacts(found: Iterable[Contact]) -> tuple[LinkContact, ...]:
    """The analyser's contacts as linking compares them, without duplicates (URLs left out)."""
    out: dict[LinkContact, None] = {}
    for contact in found:
        if contact.kind in JOINING_KINDS:
            out[LinkContact(contact.kind, contact.value.lower())] = None
    return tuple(out)


def author_key(platform: str, channel: str | None, handle: str | None, name: str | None) -> str | None:
    """What tells one sender from another across files: a platform handle (qq:123, wxid_…, phone:+86…) is
    the same sender wherever it appears; a bare display name only within its own chat of one platform,
    since two chats may each have a different "小王"."""
    if handle:
        return handle
    if name:
        return f"name:{platform}:{channel or ''}:{name}"
    return None


def handle_contact(handle: str | None) -> LinkContact | None:
    """The contact a sender's handle is (a QQ number, a phone, an e-mail), so that a post naming it joins
    the sender who has it."""
    if not handle:
        return None
    match = _HANDLE_CONTACT.match(handle)
    if match is None:
        return None
    kind, value = match.groups()
    value = value.strip()
    if kind == "phone":
        # as the extractor writes a number in a text: E.164 when valid, else the national digits (an
        # unassigned 144… number a reader still calls phone:+86144…)
        national = value[3:] if value.startswith("+86") and len(value) == 14 else value
        value = phone_value(national)
    elif kind == "telegram":
        value = "@" + value.lstrip("@").lower()
    elif kind == "email":
        value = value.lower()
    return LinkContact(kind, value)


PLATFORMS = {
    "qq-json": "qq", "qq-mht": "qq", "qq-txt": "qq", "telegram": "telegram", "whatsapp": "whatsapp",
    "wechat": "wechat", "html": "forum", "warc": "forum",
}  # fmt: skip


def platform_of(reader_format: str) -> str:
    """The platform a reader's format comes from (several formats are one platform's exports)."""
    return PLATFORMS.get(reader_format, reader_format)
