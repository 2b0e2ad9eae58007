"""Linking the case store's posts (`huijia scan` after each scan, `huijia relink`, the photo banks): what each
stored message gives the link stage (`link_features`), and the actors, template clusters, reused photos
and group scores found from those rows (`link_sets`, `link_members`, `link_groups`).

A scan writes each new message's features as it stores the message — the contacts in its text, what it
says of its group, and for a post the analyser's gate examined, its MinHash signature — so that linking
after the scan reads these small rows and never analyses or hashes a text twice; then it rebuilds the
links from them. Texts are read only for the members of the template clusters it reports. `huijia relink`
recomputes every feature row with the current rules, then rebuilds. Reading the links back is
`huijia.store.links`'.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from huijia.analyse.contacts import contacts_in
from huijia.analyse.message import MAX_CHARS
from huijia.link.groups import PhotoGroup, message_cues, score_groups
from huijia.link.personas import find_actors
from huijia.link.photo_reuse import PostedPhoto, bank_matches, find_photo_reuse, without_harmless
from huijia.link.posts import LinkContact, LinkPost, author_key, link_contacts
from huijia.link.templates import TemplateIndex, reported_clusters, signed
from huijia.media import MediaError
from huijia.media.photoprint import PhotoPrint, photo_print
from huijia.media.safe import decode_image
from huijia.model import Contact
from huijia.store import audit
from huijia.store.links import FEATURE_BATCH, LINK_VERSION
from huijia.store.locks import LINKS_LOCK_ID, hold_writes
from huijia.store.schema import (
    findings,
    link_features,
    link_groups,
    link_members,
    link_sets,
    media,
    message_media,
    messages,
    photo_banks,
)


@dataclass(frozen=True, slots=True)
class Stored:
    """What a stored message gives its feature row: its key, text, and the contacts the analyser found in
    it (None when the gate let it through untouched: they are extracted here)."""

    key: str
    text: str
    contacts: Sequence[Contact] | None


@dataclass
class LinkCounts:
    messages: int = 0
    features_made: int = 0
    actors: int = 0
    clusters: int = 0
    groups: int = 0
    takedown: int = 0
    watch: int = 0
    photos: int = 0  # pictures posted by two or more senders
    bank_matches: int = 0  # banked case photos found among the stored ones
    prints_made: int = 0

    def line(self) -> str:
        """What was found, as the closing lines of `huijia link`, `scan` and `relink` say it."""
        return (
            f"{self.actors:,} actors, {self.clusters:,} template clusters, {self.photos:,} reused photos, "
            + (f"{self.bank_matches:,} banked photos found, " if self.bank_matches else "")
            + f"{self.groups:,} groups ({self.takedown} takedown, {self.watch} watch)"
        )


def feature_rows(items: Sequence[Stored]) -> list[dict[str, Any]]:
    """The `link_features` rows of these messages; gated ones (contacts given) long enough to be a template
    are signed, in one batch."""
    gated = [item for item in items if item.contacts is not None]
    rows, long_enough = signed([item.text for item in gated])
    signature_of = {
        item.key: rows[i].astype("<u4").tobytes() for i, item in enumerate(gated) if long_enough[i]
    }
    out = []
    for item in items:
        found = item.contacts
        if found is None:
            found = contacts_in(item.text)
        out.append(
            {
                "message_key": item.key,
                "contacts": [[c.kind, c.value] for c in link_contacts(found)],
                "signature": signature_of.get(item.key),
                "cues": list(message_cues(item.text)),
                "version": LINK_VERSION,
            }
        )
    return out


def fill_features(conn: Connection, only_missing: bool = True) -> int:
    """Write feature rows for the stored messages without one (or, `only_missing` False, for all after
    deleting them); the count written."""
    if not only_missing:
        conn.execute(link_features.delete())
    query = (
        sa.select(messages.c.key, messages.c.text, findings.c.facts)
        .select_from(messages.outerjoin(findings, findings.c.message_key == messages.c.key))
        .outerjoin(link_features, link_features.c.message_key == messages.c.key)
        .where(link_features.c.message_key.is_(None))
    )
    made = 0
    batch: list[Stored] = []
    for key, full_text, facts in conn.execute(query).all():
        text = full_text[:MAX_CHARS]  # linking reads one reading's length (the analyser reads on)
        contacts = None
        if facts is not None:
            contacts = [Contact(c["kind"], c["value"]) for c in (facts.get("contacts") or [])]
        batch.append(Stored(key, text, contacts))
        if len(batch) >= FEATURE_BATCH:
            made += _insert_features(conn, batch)
            batch = []
    if batch:
        made += _insert_features(conn, batch)
    return made


def _insert_features(conn: Connection, batch: list[Stored]) -> int:
    rows = feature_rows(batch)
    conn.execute(link_features.insert(), rows)
    return len(rows)


def rebuild_links(conn: Connection, actor: str | None = None) -> LinkCounts:
    """Link every stored message again from its feature row and write what is found, replacing the last
    links; audited (counts only)."""
    hold_writes(conn, LINKS_LOCK_ID)  # one rebuild at a time, and it reads what the last one wrote
    counts = LinkCounts(features_made=fill_features(conn))
    posts, signatures = _stored_posts(conn)
    counts.messages = len(posts)
    actors = [a for a in find_actors(posts) if a.flagged]
    gated = [(i, post) for i, post in enumerate(posts) if post.gated]
    index = TemplateIndex()
    offset = index.add_signed(np.stack([signatures[i] for i, _ in gated])).start if gated else 0
    ids = [post.id for _, post in gated]

    def texts_of(chosen: list[int]) -> list[str]:
        wanted = [ids[i] for i in chosen]
        found: dict[str, str] = {}
        for start in range(0, len(wanted), 900):  # SQLite's limit on bound values
            part = wanted[start : start + 900]
            found.update(
                conn.execute(sa.select(messages.c.key, messages.c.text).where(messages.c.key.in_(part))).all()
            )
        return [found[key] for key in wanted]

    clusters = reported_clusters(index, offset, ids, [post.flagged for _, post in gated], texts_of)
    counts.prints_made = fill_prints(conn)
    photos = _stored_photos(conn, {post.id: post for post in posts})
    banks = active_bank(conn)
    reused = find_photo_reuse(without_harmless(photos, banks["harmless"]))
    banked = bank_matches(photos, banks["case"])
    groups = score_groups(
        posts,
        actors,
        clusters,
        [PhotoGroup(r.messages) for r in reused],
        [PhotoGroup(b.messages) for b in banked],
    )
    now = datetime.now(UTC)
    conn.execute(link_members.delete())
    conn.execute(link_sets.delete())
    conn.execute(link_groups.delete())
    sets = [(a.id, "actor", a.to_dict(), a.messages) for a in actors]
    sets += [(c.id, "cluster", c.to_dict(), c.messages) for c in clusters]
    sets += [(r.id, "photo_reuse", r.to_dict(), r.messages) for r in reused]
    sets += [(b.entry, "bank_match", b.to_dict(), b.messages) for b in banked]
    if sets:
        conn.execute(
            link_sets.insert(),
            [{"id": i, "kind": k, "body": b, "version": LINK_VERSION, "made_at": now} for i, k, b, _ in sets],
        )
        members = [{"set_id": i, "message_key": m} for i, _, _, keys in sets for m in dict.fromkeys(keys)]
        for start in range(0, len(members), FEATURE_BATCH):
            conn.execute(link_members.insert(), members[start : start + FEATURE_BATCH])
    if groups:
        conn.execute(
            link_groups.insert(),
            [
                {
                    "channel": g.channel,
                    "risk": g.risk,
                    "recommendation": g.recommendation,
                    "body": g.to_dict(),
                    "version": LINK_VERSION,
                    "made_at": now,
                }
                for g in groups
            ],
        )
    counts.actors, counts.clusters, counts.groups = len(actors), len(clusters), len(groups)
    counts.photos, counts.bank_matches = len(reused), len(banked)
    counts.takedown = sum(g.recommendation == "takedown" for g in groups)
    counts.watch = sum(g.recommendation == "watch" for g in groups)
    audit.append(conn, actor, "links.rebuild", LINK_VERSION, counts.__dict__.copy())
    return counts


def fill_prints(conn: Connection) -> int:
    """Make the print of every photo linked to a message that has none (stored before prints were made),
    from its clean copy; the count made."""
    query = (
        sa.select(media.c.sha256, media.c.data)
        .where(media.c.photo_print.is_(None))
        .where(media.c.sha256.in_(sa.select(message_media.c.media_sha256)))
    )
    made = 0
    for sha256, data in conn.execute(query).all():
        try:
            decoded = decode_image(data)
        except MediaError:
            continue  # a clean copy we wrote ourselves: cannot happen, and must not stop the rest
        conn.execute(
            media.update()
            .where(media.c.sha256 == sha256)
            .values(photo_print=photo_print(decoded.image).to_text())
        )
        made += 1
    return made


def _stored_photos(conn: Connection, post_of: dict[str, LinkPost]) -> list[PostedPhoto]:
    query = (
        sa.select(message_media.c.message_key, media.c.photo_print, media.c.sha256)
        .join(media, media.c.sha256 == message_media.c.media_sha256)
        .where(media.c.photo_print.is_not(None))
        .order_by(message_media.c.message_key, message_media.c.position)
    )
    out = []
    for key, printed, sha256 in conn.execute(query):
        post = post_of.get(key)
        if post is not None:
            out.append(PostedPhoto(key, post.author, post.channel, PhotoPrint.from_text(printed), sha256))
    return out


def active_bank(conn: Connection) -> dict[str, list[tuple[str, PhotoPrint]]]:
    """The entries of each bank not removed: (entry id "bank:N", print)."""
    banks: dict[str, list[tuple[str, PhotoPrint]]] = {"case": [], "harmless": []}
    query = sa.select(photo_banks.c.id, photo_banks.c.bank, photo_banks.c.photo_print).where(
        photo_banks.c.removed_at.is_(None)
    )
    for entry, bank, printed in conn.execute(query):
        banks.setdefault(bank, []).append((f"bank:{entry}", PhotoPrint.from_text(printed)))
    return banks


def _stored_posts(conn: Connection) -> tuple[list[LinkPost], dict[int, np.ndarray]]:
    query = (
        sa.select(
            messages.c.key,
            messages.c.channel,
            messages.c.author_name,
            messages.c.author_handle,
            messages.c.sent_at,
            findings.c.label,
            link_features.c.contacts,
            link_features.c.signature,
            link_features.c.cues,
        )
        .select_from(messages.outerjoin(findings, findings.c.message_key == messages.c.key))
        .outerjoin(link_features, link_features.c.message_key == messages.c.key)
    )
    rows = sorted(conn.execute(query).all(), key=lambda r: (r.sent_at or "", r.key))
    posts = []
    signatures: dict[int, np.ndarray] = {}
    for i, row in enumerate(rows):
        gated = row.signature is not None
        if gated:
            signatures[i] = np.frombuffer(row.signature, dtype="<u4").astype(np.uint32)
        posts.append(
            LinkPost(
                id=row.key,
                author=author_key("", row.channel, row.author_handle, row.author_name),
                author_label=row.author_handle or row.author_name,
                channel=row.channel,
                label=row.label or "none",
                contacts=_contacts(row.contacts or []),
                sent_at=row.sent_at,
                author_name=row.author_name,
                gated=gated,
                cues=tuple(row.cues or ()),
            )
        )
    return posts, signatures


def _contacts(pairs: Iterable[Sequence[str]]) -> tuple[LinkContact, ...]:
    return tuple(LinkContact(kind, value) for kind, value in pairs)
