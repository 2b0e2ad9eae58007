"""A takedown notice for a chat of the case store: the group's stored score (`huijia.store.links`) and the
stored messages its reasons cite, turned into the values `huijia.report.takedown` builds a notice from —
so the desk's notice is the same document `huijia takedown` writes from the exports. Each cited message is
named by the id its reader gave it where it was first seen (file, line, byte offset), as the exports would
name it; the zone naive times were read in is not kept by the store, so it is not recorded."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from huijia.link.groups import GroupRisk, Reason
from huijia.model import Attachment, Author, Message, Source
from huijia.report.takedown import TakedownError, build_notice
from huijia.store.links import group_record
from huijia.store.schema import messages, occurrences, sources


def notice_from_store(engine: Engine, channel: str, exported_by: str) -> dict[str, Any]:
    """The notice document for a stored chat; `TakedownError` when there is no such scored chat."""
    body = group_record(engine, channel)
    if body is None:
        raise TakedownError(f"no scored chat {channel!r} in the store (scan, or run huijia relink)")
    keys = list(dict.fromkeys(key for reason in body["reasons"] for key in reason["evidence"]))
    stored, sizes = _messages(engine, keys)
    reader_id = {key: message.id for key, message in stored.items()}
    group = GroupRisk(
        channel=body["channel"],
        messages=body["messages"],
        authors=body["authors"],
        flagged=body["flagged"],
        risk=body["risk"],
        recommendation=body["recommendation"],
        reasons=tuple(
            Reason(r["code"], tuple(reader_id[k] for k in r["evidence"] if k in reader_id), r["points"])
            for r in body["reasons"]
        ),
    )
    by_id = {message.id: message for message in stored.values()}
    return build_notice(group, by_id, exported_by=exported_by, source_sizes=sizes)


def _messages(engine: Engine, keys: list[str]) -> tuple[dict[str, Message], dict[str, int]]:
    found: dict[str, Message] = {}
    sizes: dict[str, int] = {}
    with engine.connect() as conn:
        for key in keys:
            row = conn.execute(sa.select(messages).where(messages.c.key == key)).first()
            seen = conn.execute(
                sa.select(
                    occurrences, sources.c.sha256, sources.c.file_name, sources.c.format, sources.c.size_bytes
                )
                .join(sources, sources.c.id == occurrences.c.source_id)
                .where(occurrences.c.message_key == key)
                .order_by(sources.c.id, occurrences.c.line, occurrences.c.reader_id)
            ).first()
            if row is None or seen is None:
                continue  # deleted with its source since the links were made: not cited
            sizes[seen.sha256] = seen.size_bytes
            found[key] = Message(
                id=seen.reader_id,
                kind=row.kind,
                source=Source(seen.file_name, seen.format, seen.sha256, seen.line, seen.byte_offset),
                channel=row.channel,
                author=Author(row.author_name, row.author_handle)
                if row.author_name or row.author_handle
                else None,
                sent_at=row.sent_at,
                text=row.text,
                attachments=tuple(
                    Attachment(a["kind"], a.get("name"), a.get("sha256")) for a in row.attachments
                ),
                reply_to=row.reply_to,
            )
    return found, sizes
