"""The photos a reviewer needs, kept in the store: the queued posts of a scanned file (for the rule that
picks the photos, `huijia.link.photos`), the photos of a post and those its author sent around it
(`photos_near`), and the clean copies and their links to messages. Where the bytes come from is the
scan's business (`huijia.engines.photos`). A photo the export did not include is counted as missing;
one that fails the safe decoder is reported with the reason and not stored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from huijia.media import CleanImage, Limits, MediaError, clean_image
from huijia.model import PHOTOS_NEAR, QUEUED_LABELS, ImageRef, Notice, QueuedPost, sent_time
from huijia.store.schema import (
    face_vectors,
    findings,
    media,
    message_media,
    messages,
    occurrences,
    registry_photos,
)


@dataclass
class MediaStats:
    stored: int = 0  # new clean copies written
    linked: int = 0  # message ↔ photo links made
    missing: int = 0  # photos the export did not include
    rejected: int = 0  # photos the safe decoder refused


def queued_posts(conn: Connection, source_id: int) -> list[QueuedPost]:
    """The messages of this source file that reached the review queue: (key, channel, author, time)."""
    rows = conn.execute(
        sa.select(messages.c.key, messages.c.channel, messages.c.author_handle, messages.c.author_name,
                  messages.c.sent_at)
        .join(occurrences, occurrences.c.message_key == messages.c.key)
        .join(findings, findings.c.message_key == messages.c.key)
        .where(occurrences.c.source_id == source_id, findings.c.label.in_(QUEUED_LABELS))
    ).all()  # fmt: skip
    return [
        QueuedPost(row.key, row.channel, row.author_handle or row.author_name, row.sent_at) for row in rows
    ]


def store_photos(
    conn: Connection,
    display: str,
    found: Iterable[tuple[ImageRef, bytes | None, str | None]],
    limits: Limits,
    stats: MediaStats | None = None,
) -> tuple[MediaStats, list[Notice]]:
    """Copy the photos found for the refs — (ref, bytes, problem), bytes None with no problem when the
    export lacks the photo (`huijia.engines.photos.photo_bytes`) — into the store as clean copies and
    link them to their messages (idempotent). `display` names the export in the notices."""
    stats = stats or MediaStats()
    notices: list[Notice] = []
    have: set[str] = set()
    for ref, data, problem in found:
        label = ref.name or ref.sha256 or f"attachment {ref.position + 1}"
        if problem is not None:
            stats.rejected += 1
            notices.append(Notice(display, f"photo {label!r} not stored: {problem}"))
            continue
        if data is None:
            stats.missing += 1
            continue
        digest = ref.sha256 or hashlib.sha256(data).hexdigest()
        if digest not in have and _stored(conn, digest):
            have.add(digest)
        if digest not in have:
            try:
                clean = clean_image(data, limits)
            except MediaError as exc:
                stats.rejected += 1
                notices.append(Notice(display, f"photo {label!r} not stored: {exc}"))
                continue
            insert_clean(conn, clean)
            have.add(digest)
            stats.stored += 1
        linked = conn.execute(
            sa.select(message_media.c.media_sha256).where(
                message_media.c.message_key == ref.message_key, message_media.c.position == ref.position
            )
        ).first()
        if linked is None:
            conn.execute(
                message_media.insert().values(
                    message_key=ref.message_key, position=ref.position, media_sha256=digest
                )
            )
            stats.linked += 1
    return stats, notices


def insert_clean(conn: Connection, clean: CleanImage) -> bool:
    """Store a clean copy unless one with the same original SHA-256 is stored; whether it was added."""
    if _stored(conn, clean.sha256):
        return False
    conn.execute(
        media.insert().values(
            sha256=clean.sha256,
            mime=clean.mime,
            width=clean.width,
            height=clean.height,
            original_format=clean.original_format,
            data=clean.data,
            stored_at=datetime.now(UTC),
            pdq=clean.pdq,
            pdq_quality=clean.pdq_quality,
            photo_print=clean.photo_print or None,
        )
    )
    return True


def _stored(conn: Connection, sha256: str) -> bool:
    return conn.execute(sa.select(media.c.sha256).where(media.c.sha256 == sha256)).first() is not None


def photos_for(conn: Connection, keys: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The stored photos of these messages (without their bytes), by message key in attachment order."""
    rows = conn.execute(
        sa.select(
            message_media.c.message_key, message_media.c.position, media.c.sha256, media.c.width,
            media.c.height,
        )
        .join(media, media.c.sha256 == message_media.c.media_sha256)
        .where(message_media.c.message_key.in_(keys))
        .order_by(message_media.c.message_key, message_media.c.position)
    ).all()  # fmt: skip
    photos: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        photos.setdefault(row.message_key, []).append(
            {"sha256": row.sha256, "width": row.width, "height": row.height}
        )
    return photos


def photos_near(conn: Connection, key: str) -> list[dict[str, Any]]:
    """The photos of a message and of the photo messages its author sent in the same chat within `PHOTOS_NEAR`
    of it (the rule that chose them for storing), each with the key of the message that carried it."""
    message = conn.execute(
        sa.select(messages.c.channel, messages.c.author_handle, messages.c.author_name, messages.c.sent_at)
        .where(messages.c.key == key)
    ).first()  # fmt: skip
    if message is None:
        return []
    same_author = (
        messages.c.author_handle == message.author_handle
        if message.author_handle is not None
        else messages.c.author_name == message.author_name
    )
    rows = conn.execute(
        sa.select(messages.c.key, messages.c.sent_at, message_media.c.position, media.c.sha256, media.c.mime,
                  media.c.width, media.c.height)
        .join(message_media, message_media.c.message_key == messages.c.key)
        .join(media, media.c.sha256 == message_media.c.media_sha256)
        .where(sa.or_(messages.c.key == key, sa.and_(messages.c.channel == message.channel, same_author)))
        .order_by(messages.c.sent_at, messages.c.key, message_media.c.position)
    ).all()  # fmt: skip
    when = sent_time(message.sent_at)
    near = []
    for row in rows:
        other = sent_time(row.sent_at)
        if row.key == key or (when is not None and other is not None and abs(other - when) <= PHOTOS_NEAR):
            near.append(
                {"message_key": row.key, "sha256": row.sha256, "mime": row.mime, "width": row.width,
                 "height": row.height}
            )  # fmt: skip
    return near


def photo(conn: Connection, sha256: str) -> tuple[str, bytes, list[str]] | None:
    """A stored clean copy (mime, bytes) and the messages it belongs to, or None when no message has
    it (a photo only a registry report has is served to registrars, by `registry_photo`)."""
    keys = sorted(
        conn.execute(
            sa.select(message_media.c.message_key).where(message_media.c.media_sha256 == sha256)
        ).scalars()
    )
    if not keys:
        return None
    row = conn.execute(sa.select(media.c.mime, media.c.data).where(media.c.sha256 == sha256)).first()
    if row is None:
        return None
    return row.mime, row.data, keys


def delete_unlinked(conn: Connection) -> int:
    """Remove clean copies (and their face vectors) that no message and no registry record refers to
    any more (after a source was deleted). A post photo taken into the registry as a sighting stays."""
    linked = sa.union(sa.select(message_media.c.media_sha256), sa.select(registry_photos.c.media_sha256))
    unlinked = sa.select(media.c.sha256).where(media.c.sha256.not_in(linked))
    conn.execute(face_vectors.delete().where(face_vectors.c.media_sha256.in_(unlinked)))
    return conn.execute(media.delete().where(media.c.sha256.not_in(linked))).rowcount
