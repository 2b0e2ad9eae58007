"""Links from the detection queue to the registry.

- A missing-child notice that the analysis found becomes a *draft* report: what the notice says (sex,
  places, contacts, its photos), the notice's time standing in for the time of loss until a registrar
  checks with the family or police and corrects it. Drafts never raise alerts: only verified reports do.
- The photos of flagged sale, purchase and broker posts (and the photos their authors sent around them)
  become *sightings* of source `online_post`, waiting in moderation, with the post's stated sex, age and
  place. Their faces are searched against the registry's reports like any sighting's.

Each post is taken in once (its key is kept on the record), so running this again adds only what is new.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from huijia.media.faces import FaceBackend
from huijia.model import TRAFFICKING_LABELS
from huijia.registry.intake import RegistryError, embed_stored
from huijia.registry.ranking import SHORTLIST
from huijia.registry.search import candidates_for
from huijia.store import audit
from huijia.store.media import photos_for, photos_near
from huijia.store.schema import (
    findings,
    messages,
    registry_photos,
    registry_reports,
    registry_sightings,
)

MAX_CONTACT = 2000
WORTH_A_LOOK = 0.5  # a candidate at least this alike (raw cosine, SFace) is counted for the summary


@dataclass
class LinkResult:
    drafts: int = 0  # draft reports made from missing-child notices
    sightings: int = 0  # sightings made from flagged posts' photos
    faces: int = 0
    sightings_with_candidates: int = 0  # new sightings with a candidate worth a look


def link_queue(engine: Engine, by: str, *, faces: FaceBackend) -> LinkResult:
    """Take new missing-child notices in as draft reports and new flagged posts' photos in as
    sightings, then search each new sighting against the reports; `faces` finds the faces of the photos.
    Audited with counts."""
    result = LinkResult()
    new_sightings: list[str] = []
    with engine.begin() as conn:
        for row in _untaken(conn, ["missing_notice"], registry_reports):
            _draft_report(conn, row, by, result, faces)
        for row in _untaken(conn, sorted(TRAFFICKING_LABELS), registry_sightings):
            sighting_id = _post_sighting(conn, row, by, result, faces)
            if sighting_id is not None:
                new_sightings.append(sighting_id)
        detail = {"drafts": result.drafts, "sightings": result.sightings, "faces": result.faces}
        audit.append(conn, by, "registry.link", None, detail)
    for sighting_id in new_sightings:
        try:
            found = candidates_for(engine, sighting_id, by, top=SHORTLIST, faces=faces)
        except RegistryError:
            continue  # no face in the post's photos: kept for people to look at, nothing to search
        if any(c.similarity >= WORTH_A_LOOK for c in found):
            result.sightings_with_candidates += 1
    return result


def _untaken(conn: Connection, labels: list[str], table: sa.Table) -> list[Any]:
    taken = sa.select(table.c.source_message_key).where(table.c.source_message_key.is_not(None))
    return list(
        conn.execute(
            sa.select(messages.c.key, messages.c.sent_at, messages.c.text, findings.c.facts)
            .join(findings, findings.c.message_key == messages.c.key)
            .where(findings.c.label.in_(labels), messages.c.key.not_in(taken))
            .order_by(messages.c.sent_at, messages.c.key)
        )
    )


def _draft_report(conn: Connection, row: Any, by: str, result: LinkResult, faces: FaceBackend) -> None:
    facts = row.facts or {}
    child = facts.get("child") or {}
    report_id = str(uuid.uuid4())
    conn.execute(
        registry_reports.insert().values(
            id=report_id, status="draft", sex=child.get("gender"), lost_at=_when(row.sent_at),
            lost_place=_places(facts), family_contact=_contacts(facts), created_at=datetime.now(UTC),
            created_by=by, source_message_key=row.key,
        )
    )  # fmt: skip
    photos = photos_for(conn, [row.key]).get(row.key, [])  # the notice's own photos
    result.faces += _attach(conn, "report", report_id, photos, None, faces)
    result.drafts += 1


def _post_sighting(conn: Connection, row: Any, by: str, result: LinkResult, faces: FaceBackend) -> str | None:
    photos = photos_near(conn, row.key)  # the post's photos and those its author sent around it
    if not photos:
        return None
    facts = row.facts or {}
    child = facts.get("child") or {}
    age_days = child.get("age_days")
    age = None if age_days is None else round(age_days / 365, 2)
    if child.get("unborn"):
        age = 0.0
    sighting_id = str(uuid.uuid4())
    conn.execute(
        registry_sightings.insert().values(
            id=sighting_id, status="new", seen_at=_when(row.sent_at), place=_places(facts),
            sex=child.get("gender"), age_estimate=age, source="online_post",
            note="photos of a flagged post", gps_consent=False, created_at=datetime.now(UTC),
            created_by=by, source_message_key=row.key,
        )
    )  # fmt: skip
    result.faces += _attach(conn, "sighting", sighting_id, photos, age, faces)
    result.sightings += 1
    return sighting_id


def _attach(
    conn: Connection,
    kind: str,
    owner_id: str,
    photos: list[dict[str, Any]],
    age: float | None,
    backend: FaceBackend,
) -> int:
    """Link the stored photos to the record and embed their faces (once per photo and backend)."""
    faces = 0
    for sha256 in dict.fromkeys(p["sha256"] for p in photos):
        conn.execute(
            registry_photos.insert().values(
                owner_kind=kind, owner_id=owner_id, media_sha256=sha256, relation="child", age_years=age
            )
        )
        faces += embed_stored(conn, sha256, backend)
    return faces


def _when(sent_at: str | None) -> str:
    """The post's time, or now when the export had none (the registrar corrects it)."""
    return sent_at or datetime.now(UTC).isoformat(timespec="seconds")


def _places(facts: dict[str, Any]) -> str | None:
    names = []
    for place in facts.get("places") or []:
        name = "".join(p for p in (place.get("province"), place.get("city"), place.get("district")) if p)
        names.append(name or place.get("text") or "")
    text = "; ".join(dict.fromkeys(n for n in names if n))
    return text or None


def _contacts(facts: dict[str, Any]) -> str | None:
    text = "; ".join(f"{c.get('kind')}: {c.get('value')}" for c in facts.get("contacts") or [])
    return text[:MAX_CONTACT] or None
