"""Removing a source file and everything derived from it (a court order, a mistaken upload, a retention
limit). Messages seen only in that file go with their findings, decisions and photos; messages also seen in
another file stay, with that file's occurrences. The removal itself is audited."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from huijia.store import audit
from huijia.store.media import delete_unlinked
from huijia.store.schema import decisions, findings, message_media, messages, occurrences, sources


@dataclass(frozen=True, slots=True)
class Removed:
    file_name: str
    messages: int
    findings: int
    decisions: int


class SourceError(ValueError):
    """A source that cannot be removed; the text says why."""


def delete_source(engine: Engine, sha256: str, by: str, reason: str) -> Removed:
    if not reason.strip():
        raise SourceError("removing a source needs a reason")
    with engine.begin() as conn:
        source = conn.execute(sa.select(sources).where(sources.c.sha256 == sha256)).first()
        if source is None:
            raise SourceError(f"no source with SHA-256 {sha256}")
        keys = [
            row[0]
            for row in conn.execute(
                sa.select(occurrences.c.message_key).where(occurrences.c.source_id == source.id).distinct()
            )
        ]
        conn.execute(occurrences.delete().where(occurrences.c.source_id == source.id))
        still_seen = {
            row[0]
            for row in conn.execute(
                sa.select(occurrences.c.message_key).where(occurrences.c.message_key.in_(keys)).distinct()
            )
        }
        orphans = [key for key in keys if key not in still_seen]
        counted = Removed(source.file_name, len(orphans), 0, 0)
        if orphans:
            gone_findings = conn.execute(
                findings.delete().where(findings.c.message_key.in_(orphans))
            ).rowcount
            gone_decisions = conn.execute(
                decisions.delete().where(decisions.c.message_key.in_(orphans))
            ).rowcount
            conn.execute(findings.update().where(findings.c.raised_by.in_(orphans)).values(raised_by=None))
            conn.execute(message_media.delete().where(message_media.c.message_key.in_(orphans)))
            conn.execute(messages.delete().where(messages.c.key.in_(orphans)))
            counted = Removed(source.file_name, len(orphans), gone_findings, gone_decisions)
        conn.execute(sources.delete().where(sources.c.id == source.id))
        photos = delete_unlinked(conn)
        audit.append(
            conn,
            by,
            "source.delete",
            sha256,
            {
                "reason": reason.strip(),
                "messages": counted.messages,
                "findings": counted.findings,
                "photos": photos,
            },
        )
    return counted
