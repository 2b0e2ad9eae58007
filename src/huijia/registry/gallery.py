"""The registry's face galleries: the main face of every child photo of the reports (or of the
sightings), when the detector is confident it is a face (small, blurred and turned faces are kept), in a
`huijia.media.index` vector index kept in step with the store.

The store is what persists the vectors (`face_vectors`); the index is built from it on the first search
in a process and then updated incrementally: each search first adds the photos stored since the last
one (registry photos are only ever added). "Since" is counted from the highest photo id seen at least
`SETTLE_SECONDS` earlier, not the highest seen: an import still open when a later one committed has
lower ids that show up late, and they are still taken in.

Every vector is centred by its age before it is indexed (`huijia.registry.ranking.AgeCentering`): the
mean face of the photos at that age is subtracted, which removes most of what makes young children look
alike to a face matcher. The means are fitted on the reports' own photos (whose ages are known), from a
reservoir sample of up to `CENTERING_SAMPLE` photos, again whenever the gallery has grown by a tenth;
the sightings' gallery uses the reports' means (a sighting's age is an estimate). On FG-NET children
against their adult photos this lifts rank-30 from 54 to 81 % with SFace and to 82 % fused with dlib
(docs/faces.md).

Exact search up to `EXACT_LIMIT` photos; past that the index is rebuilt once as a faiss IVF index (at a
million vectors: 0.8 ms at p95 with recall@30 0.96, against 31 ms for exact search;
benchmarks/vector_search.py).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from huijia.media.faces import FaceBackend, QualityGates
from huijia.media.index import EXACT_LIMIT, ExactIndex, IvfIndex, VectorIndex, ivf_for
from huijia.registry.ranking import NO_CENTERING, AgeCentering
from huijia.store.schema import face_vectors, registry_photos

# the detector's confidence a face needs to be searched: below it the "face" may be a badge or a
# pattern. Small, blurred and turned faces are searched: on FG-NET, leaving them out cost 3 points at
# rank 30 (the probes whose only face is turned could not be found at all)
SEARCHED_SCORE = QualityGates().min_score
SETTLE_SECONDS = 600.0
CENTERING_SAMPLE = 20_000  # photos the age centring is fitted on (a reservoir sample of the gallery)


@dataclass
class Gallery:
    owner_kind: str  # report | sighting
    backend: str
    dimension: int
    exact_limit: int = EXACT_LIMIT
    centering: AgeCentering = NO_CENTERING  # what the indexed vectors were centred with
    fitted_at: int = 0  # the gallery's size when its centring was last fitted (reports only)
    index: VectorIndex | None = None  # exact search while small, then a faiss IVF index
    watermark: int = 0  # the highest registry_photos.id taken in
    marks: list[tuple[float, int]] = field(default_factory=list)  # (when, watermark) of recent refreshes
    settled: int = 0  # ids up to here are in, whatever transaction was still open
    photos: dict[str, tuple[str, float | None]] = field(default_factory=dict)  # key → (owner, age)
    lock: threading.Lock = field(default_factory=threading.Lock)
    sample: list[tuple[float | None, np.ndarray]] = field(default_factory=list)  # (age, raw vector)
    seen: int = 0  # photos offered to the sample (reservoir sampling)

    def refresh(self, conn: Connection, centering: AgeCentering | None = None) -> None:
        """Take in the photos stored since the last refresh (all of them the first time). The reports'
        gallery fits its own age centring, again whenever it has grown by a tenth, and then re-reads
        everything under the new one; the sightings' gallery is given the reports' centring, and a new
        one makes it re-read everything too."""
        if centering is not None and centering != self.centering:
            self._reset()
            self.centering = centering
        rows = self._new_rows(conn)
        if not rows:
            return
        vectors = raw_vectors(rows)
        for row, vector in zip(rows, vectors, strict=True):
            self._offer(row.age_years, vector)
        total = len(self.photos) + len(rows)
        if centering is None and (self.fitted_at == 0 or total >= 1.1 * self.fitted_at):
            fitted = AgeCentering.fit(np.stack([v for _, v in self.sample]), [age for age, _ in self.sample])
            self.fitted_at = total
            if fitted != self.centering:
                if self.photos:  # what is indexed was centred the old way: read it all again
                    kept = (self.sample, self.seen, self.fitted_at)
                    self._reset()
                    self.sample, self.seen, self.fitted_at = kept
                    rows = self._new_rows(conn)
                    vectors = raw_vectors(rows)
                self.centering = fitted
        self._add(rows, self.centering.center(vectors, [row.age_years for row in rows]))

    def _new_rows(self, conn: Connection) -> list[Any]:
        query = main_faces(self.owner_kind, self.backend).where(registry_photos.c.id > self.settled)
        rows = conn.execute(query).all()
        self._settle()
        return [row for row in rows if str(row.id) not in self.photos]

    def _add(self, rows: list[Any], centred: np.ndarray) -> None:
        keys = [str(row.id) for row in rows]
        total = len(self.photos) + len(rows)
        if self.index is None or (isinstance(self.index, ExactIndex) and total > self.exact_limit):
            self._rebuild(total, keys, centred)
        else:
            self.index.add(keys, centred)
        for row in rows:
            self.photos[str(row.id)] = (row.owner_id, row.age_years)
        self.watermark = max(self.watermark, max(row.id for row in rows))

    def _reset(self) -> None:
        self.index, self.watermark, self.settled, self.marks, self.photos = None, 0, 0, [], {}
        self.sample, self.seen, self.fitted_at = [], 0, 0

    def _offer(self, age: float | None, vector: np.ndarray) -> None:
        """Reservoir sampling: every photo has the same chance to be in the centring's sample."""
        self.seen += 1
        if len(self.sample) < CENTERING_SAMPLE:
            self.sample.append((age, vector))
            return
        slot = _RANDOM.integers(0, self.seen)
        if slot < CENTERING_SAMPLE:
            self.sample[slot] = (age, vector)

    def _settle(self) -> None:
        now = time.monotonic()
        self.marks.append((now, self.watermark))
        old = [mark for when, mark in self.marks if now - when >= SETTLE_SECONDS]
        if old:
            self.settled = max(self.settled, max(old))
            self.marks = [(when, mark) for when, mark in self.marks if now - when < SETTLE_SECONDS]

    def _rebuild(self, total: int, keys: list[str], vectors: np.ndarray) -> None:
        """A new index for `total` photos: the ones held so far (read back from the old one) and the new."""
        old_keys: list[str] = []
        old_vectors = np.zeros((0, self.dimension), np.float32)
        if isinstance(self.index, ExactIndex):
            old_keys, old_vectors = self.index.items()
        big = total > self.exact_limit
        index: ExactIndex | IvfIndex = ivf_for(self.dimension, total) if big else ExactIndex(self.dimension)
        all_vectors = np.concatenate([old_vectors, vectors]) if len(old_keys) else vectors
        if isinstance(index, IvfIndex):
            index.train(all_vectors)
        index.add([*old_keys, *keys], all_vectors)
        self.index = index

    def search(
        self, probes: np.ndarray, ages: list[float | None], k: int
    ) -> list[list[tuple[str, float | None, float]]]:
        """For each probe vector (raw, of the given age), its `k` nearest photos as (owner, age in the
        photo, similarity after both are centred by age)."""
        if self.index is None:  # nothing stored yet
            return [[] for _ in probes]
        found = []
        for probe in self.centering.center(probes, ages):
            hits = self.index.search(probe, k)
            found.append([(*self.photos[key], similarity) for key, similarity in hits])
        return found


def main_faces(owner_kind: str, backend: str) -> sa.Select[Any]:
    """(id, owner id, age in the photo, vector) of the main face of each child photo of this kind that
    the backend is confident is a face, in the order the photos were stored."""
    return (
        sa.select(registry_photos.c.id, registry_photos.c.owner_id, registry_photos.c.age_years,
                  face_vectors.c.vector)
        .join(face_vectors, face_vectors.c.media_sha256 == registry_photos.c.media_sha256)
        .where(
            registry_photos.c.owner_kind == owner_kind, registry_photos.c.relation == "child",
            face_vectors.c.face == 0, face_vectors.c.backend == backend,
            face_vectors.c.score >= SEARCHED_SCORE,
        )
        .order_by(registry_photos.c.id)
    )  # fmt: skip


def raw_vectors(rows: list[Any]) -> np.ndarray:
    """The stored float32 vectors of these rows, one per row."""
    return np.stack([np.frombuffer(row.vector, dtype=np.float32) for row in rows])


_RANDOM = np.random.default_rng(0)
_GALLERIES: dict[tuple[str, str, str], Gallery] = {}
_LOCK = threading.Lock()


def gallery(engine: Engine, conn: Connection, owner_kind: str, backend: FaceBackend) -> Gallery:
    """The gallery of this kind for this database and face backend, brought up to date."""
    key = (engine.url.render_as_string(hide_password=False), owner_kind, backend.version)
    with _LOCK:
        found = _GALLERIES.get(key)
        if found is None:
            found = _GALLERIES[key] = Gallery(owner_kind, backend.version, backend.dimension)
    centering = gallery(engine, conn, "report", backend).centering if owner_kind == "sighting" else None
    with found.lock:
        found.refresh(conn, centering)
    return found


def forget_galleries() -> None:
    """Drop the galleries held in memory (tests; a restored database)."""
    with _LOCK:
        _GALLERIES.clear()


def owners_of(hits: list[list[tuple[str, float | None, float]]]) -> dict[str, Any]:
    """Per owner: its photos' best similarity to any probe, with each photo's age, as two lists."""
    best: dict[str, dict[float | None, float]] = {}
    for probe_hits in hits:
        for owner, age, similarity in probe_hits:
            photos = best.setdefault(owner, {})
            photos[age] = max(similarity, photos.get(age, -1.0))
    return {owner: (list(photos.values()), list(photos)) for owner, photos in best.items()}
