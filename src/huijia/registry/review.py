"""What registrars do with reports and sightings: read them (audited), move them through their statuses
(with a reason, kept in `registry_status_log`), and mark a sighting's candidates. A mark never says two
children are the same: `possible` sends the pair to a person for a closer look, `dna_check` asks the
police to compare DNA, which is what decides."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from huijia.media.faces import FaceBackend
from huijia.model import REPORT_STATUSES, SIGHTING_STATUSES
from huijia.registry.gallery import SEARCHED_SCORE
from huijia.registry.intake import PROTECTED, TABLES, RegistryError
from huijia.store import audit
from huijia.store.schema import (
    face_vectors,
    media,
    messages,
    registry_marks,
    registry_photos,
    registry_status_log,
)

# the moves a registrar may make; anything else is refused with the moves that are allowed
TRANSITIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "report": {
        "draft": ("verified", "closed"),  # verified: a registrar checked it with the family or police
        "verified": ("found", "closed"),
        "found": ("closed",),
        "closed": ("draft",),  # reopened
    },
    "sighting": {
        "new": ("accepted", "rejected"),  # the public form's sightings wait here for moderation
        "accepted": ("linked", "rejected"),
        "rejected": ("new",),
        "linked": ("accepted",),
    },
}
STATUSES = {"report": REPORT_STATUSES, "sighting": SIGHTING_STATUSES}
MARKS = ("not_match", "possible", "dna_check")
PAGE = 50
MAX_NOTE = 4000


@dataclass(frozen=True, slots=True)
class Mark:
    mark: str
    note: str
    actor: str
    at: datetime


def _kind(kind: str) -> None:
    if kind not in TABLES:
        raise RegistryError(f"kind must be report or sighting, not {kind!r}")


def set_status(engine: Engine, kind: str, owner_id: str, status: str, reason: str, by: str) -> str:
    """Move a report or sighting to `status`; returns the old one. A report becoming `verified` gets its
    verification time, from which alerts go out."""
    _kind(kind)
    reason = reason.strip()
    if not reason:
        raise RegistryError("a status change needs a reason")
    if len(reason) > MAX_NOTE:
        raise RegistryError(f"the reason is longer than {MAX_NOTE} characters")
    table = TABLES[kind]
    now = datetime.now(UTC)
    with engine.begin() as conn:
        old = conn.execute(sa.select(table.c.status).where(table.c.id == owner_id)).scalar()
        if old is None:
            raise RegistryError(f"no {kind} {owner_id}")
        allowed = TRANSITIONS[kind].get(old, ())
        if status not in allowed:
            moves = ", ".join(allowed) or "none"
            raise RegistryError(f"a {old} {kind} cannot become {status!r} (it can become: {moves})")
        values: dict[str, Any] = {"status": status}
        if kind == "report" and status == "verified":
            values["verified_at"] = now
        conn.execute(table.update().where(table.c.id == owner_id).values(**values))
        conn.execute(
            registry_status_log.insert().values(
                owner_kind=kind, owner_id=owner_id, old_status=old, new_status=status, reason=reason,
                actor=by, at=now,
            )
        )  # fmt: skip
        audit.append(conn, by, f"registry.status.{kind}", owner_id, {"from": old, "to": status})
    return str(old)


def mark_candidate(engine: Engine, sighting_id: str, report_id: str, mark: str, note: str, by: str) -> None:
    """Record a reviewer's mark on one candidate (report) of a sighting. Asking for a DNA check needs a
    note saying why: it goes to the police."""
    if mark not in MARKS:
        raise RegistryError(f"mark must be one of {', '.join(MARKS)}")
    note = note.strip()
    if mark == "dna_check" and not note:
        raise RegistryError("asking for a DNA check needs a note saying why")
    if len(note) > MAX_NOTE:
        raise RegistryError(f"the note is longer than {MAX_NOTE} characters")
    sightings, reports = TABLES["sighting"], TABLES["report"]
    with engine.begin() as conn:
        if conn.execute(sa.select(sightings.c.id).where(sightings.c.id == sighting_id)).first() is None:
            raise RegistryError(f"no sighting {sighting_id}")
        if conn.execute(sa.select(reports.c.id).where(reports.c.id == report_id)).first() is None:
            raise RegistryError(f"no report {report_id}")
        conn.execute(
            registry_marks.insert().values(
                sighting_id=sighting_id, report_id=report_id, mark=mark, note=note, actor=by,
                at=datetime.now(UTC),
            )
        )  # fmt: skip
        audit.append(conn, by, f"registry.mark.{mark}", sighting_id, {"report": report_id})


def latest_marks(conn: Connection, sighting_id: str) -> dict[str, Mark]:
    """The newest mark per candidate report of this sighting."""
    rows = conn.execute(
        sa.select(registry_marks)
        .where(registry_marks.c.sighting_id == sighting_id)
        .order_by(registry_marks.c.id)
    ).all()
    return {row.report_id: Mark(row.mark, row.note, row.actor, row.at) for row in rows}


def list_records(
    engine: Engine, kind: str, status: str | None = None, page: int = 1
) -> tuple[list[dict[str, Any]], bool]:
    """One page of reports or sightings, newest first, without protected fields; and whether more
    follow."""
    _kind(kind)
    table = TABLES[kind]
    if status is not None and status not in STATUSES[kind]:
        raise RegistryError(f"status must be one of {', '.join(STATUSES[kind])}")
    columns = [c for c in table.c if c.name not in PROTECTED]
    photos = (
        sa.select(sa.func.count())
        .where(registry_photos.c.owner_kind == kind, registry_photos.c.owner_id == table.c.id)
        .scalar_subquery()
    )
    query = sa.select(*columns, photos.label("photos")).order_by(table.c.created_at.desc(), table.c.id)
    if status is not None:
        query = query.where(table.c.status == status)
    query = query.limit(PAGE + 1).offset((max(1, page) - 1) * PAGE)
    with engine.connect() as conn:
        rows = [dict(row._mapping) for row in conn.execute(query)]
    return rows[:PAGE], len(rows) > PAGE


def view_record(
    engine: Engine, kind: str, owner_id: str, by: str, with_contact: bool, *, faces: FaceBackend
) -> dict[str, Any]:
    """One report or sighting with its photos and status history (and each photo's main face as `faces`
    found it); the protected fields only when `with_contact` (the caller checks the role). Audited: who
    looked, and whether at the contact."""
    _kind(kind)
    table = TABLES[kind]
    with engine.begin() as conn:
        row = conn.execute(sa.select(table).where(table.c.id == owner_id)).first()
        if row is None:
            raise RegistryError(f"no {kind} {owner_id}")
        record = dict(row._mapping)
        if not with_contact:
            for name in PROTECTED:
                record.pop(name, None)
        main_face = sa.and_(
            face_vectors.c.media_sha256 == registry_photos.c.media_sha256, face_vectors.c.face == 0,
            face_vectors.c.backend == faces.version,
        )  # fmt: skip
        record["photos"] = [
            dict(p._mapping)
            for p in conn.execute(
                sa.select(registry_photos.c.media_sha256, registry_photos.c.relation,
                          registry_photos.c.age_years, media.c.width, media.c.height,
                          (face_vectors.c.score >= SEARCHED_SCORE).label("face_ok"))
                .join(media, media.c.sha256 == registry_photos.c.media_sha256)
                .outerjoin(face_vectors, main_face)
                .where(registry_photos.c.owner_kind == kind, registry_photos.c.owner_id == owner_id)
                .order_by(registry_photos.c.id)
            )
        ]  # fmt: skip
        record["history"] = [
            dict(h._mapping)
            for h in conn.execute(
                sa.select(registry_status_log)
                .where(registry_status_log.c.owner_kind == kind, registry_status_log.c.owner_id == owner_id)
                .order_by(registry_status_log.c.id)
            )
        ]
        record["moves"] = TRANSITIONS[kind].get(record["status"], ())
        record["source_text"] = None
        if record.get("source_message_key"):  # the notice or post it was taken from, for the registrar
            record["source_text"] = conn.execute(
                sa.select(messages.c.text).where(messages.c.key == record["source_message_key"])
            ).scalar()
        audit.append(conn, by, f"registry.view.{kind}", owner_id, {"contact": with_contact})
    return record


def registry_photo(conn: Connection, sha256: str) -> tuple[str, bytes, list[str]] | None:
    """A registry photo's clean copy (mime, bytes) and the records it belongs to, or None when no
    report or sighting has it."""
    owners = conn.execute(
        sa.select(registry_photos.c.owner_kind, registry_photos.c.owner_id)
        .where(registry_photos.c.media_sha256 == sha256)
    ).all()  # fmt: skip
    if not owners:
        return None
    row = conn.execute(sa.select(media.c.mime, media.c.data).where(media.c.sha256 == sha256)).first()
    if row is None:
        return None
    return row.mime, row.data, sorted(f"{o.owner_kind}:{o.owner_id}" for o in owners)
