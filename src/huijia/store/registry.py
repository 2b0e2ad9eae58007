"""Storing and exporting registry records. Every import and export is audited with counts, never with
the records' content; the family's contact leaves the store only when asked for, and that is audited
too."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from huijia.registry.records import REPORT_FIELDS, SIGHTING_FIELDS, ReportRecord, SightingRecord
from huijia.store import audit
from huijia.store.schema import registry_reports, registry_sightings

TABLES = {"report": registry_reports, "sighting": registry_sightings}
FIELDS = {"report": REPORT_FIELDS, "sighting": SIGHTING_FIELDS}
PROTECTED = {"family_contact"}


def import_records(
    engine: Engine, kind: str, records: Iterable[ReportRecord | SightingRecord], by: str
) -> tuple[int, int]:
    """Insert the records (new ids where none is given); a record whose id is already stored is left
    as it is. Returns (added, already stored). One transaction: all or nothing."""
    table = TABLES[kind]
    added = kept = 0
    now = datetime.now(UTC)
    with engine.begin() as conn:
        for record in records:
            row: dict[str, Any] = asdict(record)
            row["id"] = row["id"] or str(uuid.uuid4())
            exists = conn.execute(sa.select(table.c.id).where(table.c.id == row["id"])).first()
            if exists:
                kept += 1
                continue
            conn.execute(table.insert().values(**row, created_at=now, created_by=by))
            added += 1
        audit.append(conn, by, f"registry.import.{kind}", None, {"added": added, "already": kept})
    return added, kept


def export_records(engine: Engine, kind: str, by: str, with_contact: bool = False) -> list[dict[str, Any]]:
    """Every record of this kind, oldest first, in the import format (so an export reads back in)."""
    table = TABLES[kind]
    names = [n for n in FIELDS[kind] if with_contact or n not in PROTECTED]
    with engine.begin() as conn:
        query = sa.select(*[table.c[n] for n in names]).order_by(table.c.created_at, table.c.id)
        # str(): column names come back as SQLAlchemy's quoted_name, which orjson refuses as keys
        rows = [{str(k): v for k, v in row._mapping.items()} for row in conn.execute(query)]
        detail = {"records": len(rows), "contact": with_contact}
        audit.append(conn, by, f"registry.export.{kind}", None, detail)
    return rows
