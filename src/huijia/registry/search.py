"""Searching the registry: the reports a sighting may show (its faces against the reports' gallery), or
the sightings that may show a report's child — ranked by `huijia.registry.ranking` with face, age, sex,
distance and time. A shortlist for people and DNA, never an identification; every search is audited."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from huijia.media.faces import FaceBackend
from huijia.registry.gallery import gallery, main_faces, owners_of, raw_vectors
from huijia.registry.intake import RegistryError
from huijia.registry.ranking import SHORTLIST, Candidate, Report, Sighting, rank, rank_sightings
from huijia.store import audit
from huijia.store.schema import registry_photos, registry_reports, registry_sightings


def _vectors(conn: Connection, owner_kind: str, owner_id: str, backend: str) -> list[Any]:
    """The main faces of one report's or sighting's child photos (see `main_faces`)."""
    query = main_faces(owner_kind, backend).where(registry_photos.c.owner_id == owner_id)
    return list(conn.execute(query))


def candidates_for(
    engine: Engine, sighting_id: str, by: str, top: int = SHORTLIST, *, faces: FaceBackend
) -> list[Candidate]:
    """The ranked reports for a sighting: its faces against the reports' gallery of child photos."""
    with engine.begin() as conn:
        sighting = _sighting(conn, sighting_id)
        probes = _vectors(conn, "sighting", sighting_id, faces.version)
        if not probes:
            raise RegistryError(f"sighting {sighting_id} has no photo with a face good enough to compare")
        reports_gallery = gallery(engine, conn, "report", faces)
        probe_ages = [sighting.age_estimate] * len(probes)
        owners = owners_of(reports_gallery.search(raw_vectors(probes), probe_ages, _depth(top)))
        similarities = {owner: sims for owner, (sims, _) in owners.items()}
        ages = {owner: photo_ages for owner, (_, photo_ages) in owners.items()}
        reports = _reports(conn, list(similarities), ages)
        found = rank(sighting, similarities, reports, limit=top)
        audit.append(conn, by, "registry.search", sighting_id, {"candidates": len(found)})
    return found


def candidates_for_report(
    engine: Engine, report_id: str, by: str, top: int = SHORTLIST, *, faces: FaceBackend
) -> list[Candidate]:
    """The ranked sightings for a report: each sighting's faces against the report's child photos."""
    with engine.begin() as conn:
        photos = _vectors(conn, "report", report_id, faces.version)
        if not photos:
            if not conn.execute(
                sa.select(registry_reports.c.id).where(registry_reports.c.id == report_id)
            ).first():
                raise RegistryError(f"no report {report_id}")
            raise RegistryError(
                f"report {report_id} has no photo of the child with a face good enough to compare"
            )
        photo_ages = [p.age_years for p in photos]
        report = _reports(conn, [report_id], {report_id: photo_ages})[report_id]
        hits = gallery(engine, conn, "sighting", faces).search(raw_vectors(photos), photo_ages, _depth(top))
        # per sighting, its best similarity to each of the report's photos (-1 where it was not near)
        similarities: dict[str, list[float]] = {}
        for column, photo_hits in enumerate(hits):
            for owner, _age, similarity in photo_hits:
                row = similarities.setdefault(owner, [-1.0] * len(photos))
                row[column] = max(row[column], similarity)
        sightings = {owner: _sighting(conn, owner) for owner in similarities}
        found = rank_sightings(report, similarities, sightings, limit=top)
        audit.append(conn, by, "registry.search.report", report_id, {"candidates": len(found)})
    return found


def _sighting(conn: Connection, sighting_id: str) -> Sighting:
    table = registry_sightings
    seen = conn.execute(sa.select(table).where(table.c.id == sighting_id)).first()
    if seen is None:
        raise RegistryError(f"no sighting {sighting_id}")
    return Sighting(
        seen.id, datetime.fromisoformat(seen.seen_at), seen.lat, seen.lon, seen.sex, seen.age_estimate
    )


def _depth(top: int) -> int:
    """How many nearest photos to fetch for a shortlist of `top` owners (owners have several photos)."""
    return max(200, 8 * top)


def _reports(conn: Connection, ids: list[str], ages: dict[str, list[float | None]]) -> dict[str, Report]:
    reports: dict[str, Report] = {}
    for row in conn.execute(sa.select(registry_reports).where(registry_reports.c.id.in_(ids))):
        reports[row.id] = Report(
            row.id, row.sex, date.fromisoformat(row.born) if row.born else None,
            datetime.fromisoformat(row.lost_at), row.lost_lat, row.lost_lon, tuple(ages.get(row.id, ())),
        )  # fmt: skip
    return reports
