"""Storing and exporting registry records. Every import and export is audited with counts, never with
the records' content; the family's contact leaves the store only when asked for, and that is audited
too."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from huijia.media import CleanImage, Limits, MediaError, clean_image, decode_image, read_image_file
from huijia.media.faces import Face, FaceBackend
from huijia.media.safe import inside_folder
from huijia.model import REPORT_FIELDS, SIGHTING_FIELDS, PhotoRef, ReportRecord, SightingRecord
from huijia.store import audit
from huijia.store.media import insert_clean
from huijia.store.schema import face_vectors, media, registry_photos, registry_reports, registry_sightings

TABLES = {"report": registry_reports, "sighting": registry_sightings}
FIELDS = {"report": REPORT_FIELDS, "sighting": SIGHTING_FIELDS}
PROTECTED = {"family_contact", "submitter_contact"}  # shown to registrars and admins; exported on request


@dataclass
class ImportResult:
    added: int = 0
    already: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)  # (record's place, what is wrong)
    photos: int = 0
    faces: int = 0


def import_records(
    engine: Engine,
    kind: str,
    records: Iterable[tuple[int, ReportRecord | SightingRecord]],
    by: str | None,
    folder: Path | None = None,
    uploads: dict[str, bytes] | None = None,
    *,
    faces: FaceBackend,
) -> ImportResult:
    """Insert the records (new ids where none is given) with their photos, read from `folder` (or, for a
    web form, taken from `uploads` by name) and embedded; a record whose id is already stored is left as
    it is. A record with a photo that cannot be taken is refused whole (with the reason) and the others
    go in. A sighting whose submitter consented keeps its first photo's GPS position as its place when
    it gives none. `by` None: the public form. `faces` finds the faces of the photos. Audited with counts."""
    table = TABLES[kind]
    result = ImportResult()
    now = datetime.now(UTC)
    first_at: dict[str, int] = {}  # the place in this import of each id given
    with engine.begin() as conn:
        for where, record in records:
            row: dict[str, Any] = {n: getattr(record, n) for n in FIELDS[kind]}
            if row["id"] in first_at:  # two records with one id in one file: the second is named, not lost
                result.problems.append((where, f"id: also the id of the record at {first_at[row['id']]}"))
                continue
            if row["id"]:
                first_at[row["id"]] = where
            row["id"] = row["id"] or str(uuid.uuid4())
            if conn.execute(sa.select(table.c.id).where(table.c.id == row["id"])).first():
                result.already += 1
                continue
            try:
                photos = [_photo(ref, folder, uploads, faces) for ref in record.photos]
            except MediaError as exc:
                result.problems.append((where, f"photos: {exc}"))
                continue
            if kind == "sighting" and row["gps_consent"] and row["lat"] is None and row["lon"] is None:
                gps = next((clean.gps for _, clean, _ in photos if clean.gps is not None), None)
                if gps is not None:
                    row["lat"], row["lon"] = gps
            conn.execute(table.insert().values(**row, created_at=now, created_by=by))
            estimate = getattr(record, "age_estimate", None)
            _attach_photos(conn, kind, row["id"], photos, estimate, result, faces.version)
            result.added += 1
        detail = {"added": result.added, "already": result.already, "refused": len(result.problems),
                  "photos": result.photos}  # fmt: skip
        audit.append(conn, by, f"registry.import.{kind}", None, detail)
    return result


def _attach_photos(
    conn: Connection,
    kind: str,
    owner_id: str,
    photos: list[tuple[PhotoRef, CleanImage, list[Face]]],
    age_estimate: float | None,
    result: ImportResult,
    backend: str,
) -> None:
    for ref, clean, found in photos:
        insert_clean(conn, clean)
        age = ref.age_years
        if kind == "sighting" and age is None and ref.relation == "child":
            age = age_estimate
        conn.execute(
            registry_photos.insert().values(
                owner_kind=kind, owner_id=owner_id, media_sha256=clean.sha256, relation=ref.relation,
                age_years=age,
            )
        )  # fmt: skip
        result.photos += 1
        result.faces += store_faces(conn, clean.sha256, found, backend)


def add_photos(
    engine: Engine,
    kind: str,
    owner_id: str,
    refs: list[PhotoRef],
    uploads: dict[str, bytes],
    by: str,
    *,
    faces: FaceBackend,
) -> ImportResult:
    """More photos for a stored report or sighting (the child at another age, a parent). Raises
    MediaError naming a photo that cannot be taken, and then adds none. Audited with counts."""
    table = TABLES[kind]
    result = ImportResult()
    photos = [_photo(ref, None, uploads, faces) for ref in refs]
    with engine.begin() as conn:
        found = conn.execute(sa.select(table).where(table.c.id == owner_id)).first()
        if found is None:
            raise RegistryError(f"no {kind} {owner_id}")
        estimate = found.age_estimate if kind == "sighting" else None
        _attach_photos(conn, kind, owner_id, photos, estimate, result, faces.version)
        audit.append(conn, by, f"registry.photos.{kind}", owner_id, {"photos": result.photos})
    return result


def _photo(
    ref: PhotoRef, folder: Path | None, uploads: dict[str, bytes] | None, faces: FaceBackend
) -> tuple[PhotoRef, CleanImage, list[Face]]:
    """Read, clean and embed one photo of an import, or raise MediaError naming it."""
    limits = Limits()
    if uploads is not None:
        if ref.path not in uploads:
            raise MediaError(f"{ref.path}: not uploaded")
        data = uploads[ref.path]
    else:
        path = inside_folder(folder.resolve(), ref.path) if folder is not None else None
        if path is None or not path.is_file():
            raise MediaError(f"{ref.path}: no such photo beside the import file")
        try:
            data = read_image_file(path, limits)
        except MediaError as exc:
            raise MediaError(f"{ref.path}: {exc}") from exc
    try:
        decoded = decode_image(data, limits)  # once, for both the stored copy and the faces
        clean = clean_image(data, limits, decoded)
        found = faces.faces(decoded.image)
    except MediaError as exc:
        raise MediaError(f"{ref.path}: {exc}") from exc
    return ref, clean, found


def _embedded(conn: Connection, sha256: str, backend: str) -> bool:
    """Whether this backend has already looked for faces in this photo (and found some)."""
    found = conn.execute(
        sa.select(face_vectors.c.face).where(
            face_vectors.c.media_sha256 == sha256, face_vectors.c.backend == backend
        )
    ).first()
    return found is not None


def store_faces(conn: Connection, sha256: str, faces: list[Face], backend: str) -> int:
    """The photo's faces, largest first, under the backend's version (kept if already stored)."""
    if _embedded(conn, sha256, backend):
        return 0
    ordered = sorted(faces, key=lambda f: -(f.box[2] * f.box[3]))
    for i, face in enumerate(ordered):
        conn.execute(
            face_vectors.insert().values(
                media_sha256=sha256, face=i, backend=backend, box=list(face.box), score=face.score,
                quality_ok=face.quality.ok, vector=np.asarray(face.vector, dtype=np.float32).tobytes(),
            )
        )  # fmt: skip
    return len(ordered)


def embed_stored(conn: Connection, sha256: str, faces: FaceBackend) -> int:
    """Find and store the faces of a stored photo (its clean copy), unless this backend already has."""
    if _embedded(conn, sha256, faces.version):
        return 0
    data = conn.execute(sa.select(media.c.data).where(media.c.sha256 == sha256)).scalar()
    if data is None:
        return 0
    try:
        found = faces.faces(decode_image(data).image)
    except MediaError:
        return 0  # the clean copy was made by us from decoded pixels: this does not happen in practice
    return store_faces(conn, sha256, found, faces.version)


def reembed(engine: Engine, by: str, *, faces: FaceBackend) -> tuple[int, int]:
    """Look for faces again, with the current face backend, in every registry photo that has none
    stored for it (after the default backend changed); (photos examined, faces found). Audited."""
    backend = faces.version
    done = sa.select(face_vectors.c.media_sha256).where(face_vectors.c.backend == backend)
    with engine.connect() as conn:
        missing = conn.execute(
            sa.select(registry_photos.c.media_sha256).distinct()
            .where(registry_photos.c.media_sha256.not_in(done))
        ).scalars().all()  # fmt: skip
    found = 0
    for sha256 in missing:
        with engine.begin() as conn:
            found += embed_stored(conn, sha256, faces)
    with engine.begin() as conn:
        detail = {"photos": len(missing), "faces": found, "backend": backend}
        audit.append(conn, by, "registry.reembed", None, detail)
    return len(missing), found


def export_fields(kind: str, with_contact: bool = False) -> list[str]:
    """The fields an export of this kind carries, in order (the protected ones only when asked)."""
    return [n for n in FIELDS[kind] if with_contact or n not in PROTECTED]


def export_records(engine: Engine, kind: str, by: str, with_contact: bool = False) -> list[dict[str, Any]]:
    """Every record of this kind, oldest first, in the import format (so an export reads back in)."""
    table = TABLES[kind]
    names = export_fields(kind, with_contact)
    with engine.begin() as conn:
        query = sa.select(*[table.c[n] for n in names]).order_by(table.c.created_at, table.c.id)
        # str(): column names come back as SQLAlchemy's quoted_name, which orjson refuses as keys
        rows = [{str(k): v for k, v in row._mapping.items()} for row in conn.execute(query)]
        detail = {"records": len(rows), "contact": with_contact}
        audit.append(conn, by, f"registry.export.{kind}", None, detail)
    return rows


class RegistryError(ValueError):
    """A registry request that cannot be answered; the text says why."""
