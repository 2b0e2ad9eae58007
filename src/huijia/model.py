"""The values that flow through huijia: what a reader makes of one message in an export.

These are plain dataclasses with no behaviour beyond turning themselves into the JSON objects
that ARCHITECTURE.md §3.0 fixes as the `huijia read` contract. All of them are values: nothing changes one
after it is made. `Source` and `Message` are not declared `frozen` only because a frozen dataclass costs
about 2 µs more to construct (measured on this machine), and readers make hundreds of thousands per
second; `Author` and `Attachment`, made once and shared, are frozen. None of the four has `__slots__`:
orjson serializes a plain dataclass natively, in field order, which is the contract's key order — 0.6 µs a
message against 1.4 µs for `to_dict()` and then `dumps` (with slots orjson takes a slow path, 1.3 µs).

Everything downstream (analysis, the store,
the web UI) works from these, so the field names here are the contract's names.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

MessageKind = Literal[
    "text", "image", "sticker", "voice", "video", "file", "link", "system", "recall", "service"
]
MESSAGE_KINDS: frozenset[str] = frozenset(
    ("text", "image", "sticker", "voice", "video", "file", "link", "system", "recall", "service")
)


@dataclass
class Source:
    """Where a message came from, exactly enough to find the original bytes again (chain of custody).

    `line` is the 1-based line of the record's first line and `offset` its byte offset in the file, for
    formats where those mean something; JSON and HTML formats give what they can and `None` otherwise.
    """

    file: str
    format: str
    sha256: str
    line: int | None = None
    offset: int | None = None
    encoding: str | None = None
    tz_assumed: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "format": self.format,
            "sha256": self.sha256,
            "line": self.line,
            "offset": self.offset,
            "encoding": self.encoding,
            "tz_assumed": self.tz_assumed,
        }


@dataclass(frozen=True)
class Author:
    """Who sent a message: the name shown at the time and, when the export gives one, a platform id.

    `handle` is `platform:id` (`qq:10001`, `email:a@b.c`, `wxid:wxid_x`, `telegram:user42`,
    `phone:+8613800000000`, `forum:site:uid`), or `None` when the export gives only a name.
    """

    name: str | None
    handle: str | None = None

    @property
    def identity(self) -> str | None:
        """What tells this sender from another: the platform id when there is one, else the name."""
        return self.handle or self.name

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "handle": self.handle}


@dataclass(frozen=True)
class Attachment:
    """A media item or file referred to by a message; `sha256` only when its bytes were in the export."""

    kind: str
    name: str | None = None
    sha256: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "name": self.name, "sha256": self.sha256}


@dataclass
class Message:
    """One message, post or forum floor, as read from an export.

    The fields are in the contract's key order; `channel`, `author` and `sent_at` have no default so that
    `text` can follow them (a reader passes `None` for what its export does not give).
    """

    id: str
    kind: str
    source: Source
    channel: str | None
    author: Author | None
    sent_at: str | None
    text: str
    attachments: tuple[Attachment, ...] = ()
    reply_to: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "source": self.source.to_dict(),
            "channel": self.channel,
            "author": self.author.to_dict() if self.author is not None else None,
            "sent_at": self.sent_at,
            "text": self.text,
            "attachments": [a.to_dict() for a in self.attachments],
            "reply_to": self.reply_to,
        }


@dataclass(frozen=True, slots=True)
class Skip:
    """A record that could not be read: where it was and what was wrong. Never silently dropped.

    `line` is a 1-based line number where the format has lines; otherwise `where` names the position
    (a byte offset, a JSON path, a WARC record offset).
    """

    file: str
    reason: str
    line: int | None = None
    where: str | None = None
    fatal: bool = False

    def describe(self) -> str:
        """The one-line form used on stderr: `file:line: what is wrong`."""
        place = self.file
        if self.line is not None:
            place = f"{place}:{self.line}"
        elif self.where is not None:
            place = f"{place}:{self.where}"
        return f"{place}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the reader decided or repaired that a careful analyst should know about.

    Not an error: the record was kept. Examples: the day/month order a WhatsApp file was read with,
    undecodable bytes replaced in one line, a truncated WARC record whose first part was kept.
    """

    file: str
    text: str
    line: int | None = None

    def describe(self) -> str:
        place = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{place}: note: {self.text}"


ReadEvent = Message | Skip | Notice


class MessageBatch(list[Message]):
    """Messages a reader read in one go, in file order. `read_inputs` hands them on one at a time;
    `huijia read` encodes a batch in one call (a generator step and a loop turn a message are a sixth of
    its time on a QQ export)."""


@dataclass(frozen=True)
class EncodedMessages:
    """Messages a reader wrote straight to JSON lines, byte for byte as orjson writes the Message
    dataclasses, in file order: only when `ReadOptions.json_lines` asks for it (`huijia read`), which
    saves making a Message and a Source per message (the qq-txt scanner)."""

    lines: bytes
    count: int


Batch = MessageBatch | EncodedMessages


@dataclass(slots=True)
class ReadStats:
    """Counts kept while reading one or many files, for the closing summary."""

    messages: int = 0
    skipped: int = 0
    notices: int = 0
    files: int = 0
    files_failed: int = 0
    files_ignored: list[str] = field(default_factory=list)


# --- what `huijia analyse` finds in one message (ARCHITECTURE.md §3.1) -------------------------------------

LABELS: tuple[str, ...] = ("sale_offer", "purchase_request", "broker", "missing_notice", "none")
TRAFFICKING_LABELS: frozenset[str] = frozenset(("sale_offer", "purchase_request", "broker"))
# Messages the platform wrote, not a person (joins, recalls, "X recalled a message"): never analysed as
# posts. Their text quotes nicknames ("湖南送男宝撤回了一条消息"), which would read as an offer.
PLATFORM_KINDS: frozenset[str] = frozenset(("system", "recall", "service"))
# what the review queue shows: the flagged posts and the missing-child notices (for the registry)
QUEUED_LABELS: tuple[str, ...] = ("sale_offer", "purchase_request", "broker", "missing_notice")
ROLES: frozenset[str] = frozenset(("birth_parent", "buyer", "broker", "family_searching"))
# the roles of review-desk accounts (what each may open: huijia.web.permissions), not of a post's author
ACCOUNT_ROLES: tuple[str, ...] = ("admin", "reviewer", "analyst", "registrar")
INDICATORS: tuple[str, ...] = (
    "price_stated",
    "bargaining",
    "broker_fee",
    "documents_offered",
    "pre_birth_sale",
    "multiple_children",
    "urgency",
    "no_vetting",
    "gender_price_list",
    "private_contact_only",
)
SPAN_KINDS: frozenset[str] = frozenset(
    ("child", "transfer", "price", "role", "place", "contact", "indicator", "notice")
)


@dataclass(frozen=True, slots=True)
class Span:
    """A cue behind a decision: `text[start:end]` of the original message (Python string indices)."""

    start: int
    end: int
    kind: str
    text: str
    cue: str | None = None  # the lexicon category or extractor that found it

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "kind": self.kind, "text": self.text}


@dataclass(frozen=True, slots=True)
class Child:
    """What a post says about the child. Unknown is `None`, never guessed."""

    gender: str | None = None  # male | female
    age_days: int | None = None
    unborn: bool | None = None
    pregnancy_month: int | None = None  # 1–10, for unborn children
    due: str | None = None  # YYYY-MM
    count: int | None = None

    def is_empty(self) -> bool:
        return self == EMPTY_CHILD

    def to_dict(self) -> dict[str, Any]:
        return {
            "gender": self.gender,
            "age_days": self.age_days,
            "unborn": self.unborn,
            "pregnancy_month": self.pregnancy_month,
            "due": self.due,
            "count": self.count,
        }


EMPTY_CHILD = Child()


@dataclass(frozen=True, slots=True)
class Price:
    """A stated price: the lower (or only) figure, the upper end of a range, and the word used for it."""

    amount: float
    currency: str
    amount_max: float | None = None
    cny: float | None = None
    term: str | None = None
    span: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "amount": _number(self.amount),
            "amount_max": _number(self.amount_max),
            "currency": self.currency,
            "cny": _number(self.cny),
            "term": self.term,
        }


@dataclass(frozen=True, slots=True)
class Place:
    """A place named in a post; Chinese places resolved to province / city / district."""

    text: str
    country: str | None = None
    province: str | None = None
    city: str | None = None
    district: str | None = None
    span: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "country": self.country,
            "province": self.province,
            "city": self.city,
            "district": self.district,
        }


@dataclass(frozen=True, slots=True)
class Contact:
    """A contact handle: kind ∈ qq, wechat, phone, email, telegram, url; masked digits kept as written."""

    kind: str
    value: str
    span: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "value": self.value}


@dataclass(frozen=True, slots=True)
class Finding:
    """The analysis of one message: label, calibrated risk, extracted facts and the evidence for them."""

    id: str
    label: str
    risk: float
    model: str
    role: str | None = None
    child: Child | None = None
    price: Price | None = None
    places: tuple[Place, ...] = ()
    contacts: tuple[Contact, ...] = ()
    indicators: tuple[str, ...] = ()
    evidence: tuple[Span, ...] = ()
    error: str | None = None
    # what the second reading gave, for a post the label model was unsure of (huijia.analyse.second):
    # the probability that the whole text offers, seeks or brokers a child; absent when not read twice
    second_reading: float | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "label": self.label,
            "risk": round(self.risk, 4),
            "role": self.role,
            "child": self.child.to_dict() if self.child is not None else None,
            "price": self.price.to_dict() if self.price is not None else None,
            "places": [p.to_dict() for p in self.places],
            "contacts": [c.to_dict() for c in self.contacts],
            "indicators": list(self.indicators),
            "evidence": [s.to_dict() for s in self.evidence],
            "model": self.model,
        }
        if self.error is not None:
            out["error"] = self.error
        if self.second_reading is not None:
            out["second_reading"] = round(self.second_reading, 4)
        return out


def _number(value: float | None) -> int | float | None:
    """Whole amounts as integers in JSON (30000, not 30000.0)."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 2)


# --- the missing-children registry: reports and sightings (parsed by huijia.registry.records) ---------------
# A report: the child (name optional, sex, date of birth, height, weight, marks), the loss (time, place,
# coordinates), whether DNA was given to the police, the family's contact (protected: never exported
# unless asked for, and then audited), a status. A sighting: when, where (coordinates), what was seen
# (sex, estimated age), where it comes from (street, welfare home, online post, other), a note, whether
# the submitter consents to keeping the photo's GPS, a status.

REPORT_STATUSES = ("draft", "verified", "found", "closed")
RELATIONS = ("child", "mother", "father", "sibling")
SIGHTING_STATUSES = ("new", "accepted", "rejected", "linked")
SIGHTING_SOURCES = ("street", "welfare_home", "online_post", "other")
SEXES = ("female", "male")


@dataclass(frozen=True, slots=True)
class PhotoRef:
    """A photo named in an import file: its path (relative to the file), whose it is, the child's age."""

    path: str
    relation: str = "child"
    age_years: float | None = None


@dataclass(frozen=True, slots=True)
class ReportRecord:
    lost_at: str  # ISO 8601
    status: str = "draft"
    name: str | None = None
    sex: str | None = None
    born: str | None = None  # YYYY-MM-DD
    lost_place: str | None = None
    lost_lat: float | None = None
    lost_lon: float | None = None
    height_cm: float | None = None
    weight_kg: float | None = None
    marks: str | None = None
    dna_given: bool | None = None
    family_contact: str | None = None
    id: str | None = None
    photos: tuple[PhotoRef, ...] = ()


@dataclass(frozen=True, slots=True)
class SightingRecord:
    seen_at: str
    source: str
    status: str = "new"
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    sex: str | None = None
    age_estimate: float | None = None
    note: str | None = None
    gps_consent: bool = False
    submitter_contact: str | None = None  # how to reach whoever reported it (protected)
    id: str | None = None
    photos: tuple[PhotoRef, ...] = ()


# the stored columns (photos are stored apart, in registry_photos)
REPORT_FIELDS = tuple(f.name for f in fields(ReportRecord) if f.name != "photos")
SIGHTING_FIELDS = tuple(f.name for f in fields(SightingRecord) if f.name != "photos")


# --- the photos of a scanned export (huijia.engines.photos, huijia.link.photos, huijia.store.media) -------

# A photo-only message its author sent this close to a queued post, in the same chat, goes with it (the
# usual pattern: a text offer, then the baby's photo).
PHOTOS_NEAR = timedelta(minutes=10)


def sent_time(text: str | None) -> datetime | None:
    """A message's `sent_at` as an aware datetime (a naive one is taken as UTC); None if absent or bad."""
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class ImageRef:
    """One image attachment of a message read from the file being scanned."""

    message_key: str
    position: int
    name: str | None
    sha256: str | None
    channel: str | None
    author: str | None
    sent_at: str | None
    photo_only: bool  # the message has no words of its own, only attachments or placeholders


@dataclass(frozen=True, slots=True)
class QueuedPost:
    """A message of the scanned file that reached the review queue: what the photo rule anchors on."""

    key: str
    channel: str | None
    author: str | None  # the handle, else the display name
    sent_at: str | None
