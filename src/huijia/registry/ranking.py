"""Ranking registry candidates for a person to check: pure logic, no storage.

A sighting (a photo of a child somewhere, some time) is compared with each missing-child report. The
face similarity says how alike the faces look; it is calibrated by the ages in the two photos, because
young children look alike to face matchers (on FG-NET, two different 0–3-year-olds score 0.34 on
average with SFace, two adults 0.06–0.10). Then three plausibility checks, each with its reason:

- age: the child's age at the sighting (age at loss + time elapsed) against the age estimated from
  the sighting, with a tolerance that grows with age;
- sex, when both sides state it;
- distance and time: how far the sighting is from the place of loss for the time elapsed.

Implausible candidates are not dropped — estimates are often wrong — but ranked after the plausible
ones. The result is a shortlist for people and a DNA test. No wording here claims an identity.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np

AGE_EDGES = (3, 6, 10, 15, 20, 30, 45)  # age buckets: 0–3, 4–6, 7–10, 11–15, 16–20, 21–30, 31–45, 46+
SHORTLIST = 30
EARTH_KM = 6371.0


def age_bucket(age: float | None) -> int:
    """The bucket of an age in years; unknown ages share the adults' last bucket + 1."""
    if age is None:
        return len(AGE_EDGES) + 1
    return next((i for i, edge in enumerate(AGE_EDGES) if age <= edge), len(AGE_EDGES))


@dataclass(frozen=True, slots=True)
class AgeCalibration:
    """Mean similarity of *different* people by the age buckets of the two photos; subtracted from a
    similarity it puts a pair of toddlers and a pair of adults on one scale. Fitted from impostor pairs
    (`fit`), or given as a table."""

    means: tuple[tuple[float, ...], ...]

    @classmethod
    def fit(cls, pairs: Iterable[tuple[float, float | None, float | None]]) -> AgeCalibration:
        """From (similarity, age in photo A, age in photo B) of pairs known to be different people."""
        n = len(AGE_EDGES) + 2
        sums = [[0.0] * n for _ in range(n)]
        counts = [[0] * n for _ in range(n)]
        for similarity, age_a, age_b in pairs:
            for a, b in ((age_bucket(age_a), age_bucket(age_b)), (age_bucket(age_b), age_bucket(age_a))):
                sums[a][b] += similarity
                counts[a][b] += 1
        overall = sum(map(sum, sums)) / max(1, sum(map(sum, counts)))

        def mean(a: int, b: int) -> float:
            return sums[a][b] / counts[a][b] if counts[a][b] else overall

        return cls(tuple(tuple(mean(a, b) for b in range(n)) for a in range(n)))

    def adjust(self, similarity: float, age_a: float | None, age_b: float | None) -> float:
        return similarity - self.means[age_bucket(age_a)][age_bucket(age_b)]


BUCKETS = len(AGE_EDGES) + 2
MIN_BUCKET = 30  # photos a bucket needs for its own mean (30 random photos per bucket: rank-30 79.9 %)


@dataclass(frozen=True)
class AgeCentering:
    """Per age bucket, the mean face vector of the gallery's photos at that age, subtracted from every
    vector of that age before comparing (then back to unit length).

    What makes young children look alike to a face matcher is largely one shared direction per age: the
    bucket's mean. Removing it leaves what tells one child from another, and puts a child's photo and the
    same person's adult photo on comparable footing. On FG-NET children against their photos ≥ 10 years
    later, with 8,000 adults as distractors, it lifts SFace's rank-30 rate from 54 % (66 % with the
    similarity calibration above) to 81 %, and rank-1 from 11 % to 46 % (docs/faces.md). An age estimate
    one bucket off still gives 75–78 %.

    A bucket with fewer than `MIN_BUCKET` photos borrows the mean of the nearest bucket that has enough
    (neighbouring ages look alike); photos of unknown age use the unknown bucket's mean, else no shift.
    With no bucket full enough, vectors are left as they are (`fit` gives the identity)."""

    means: tuple[tuple[float, ...] | None, ...]  # per bucket; None: no shift

    @classmethod
    def fit(cls, vectors: np.ndarray, ages: Sequence[float | None]) -> AgeCentering:
        buckets = np.array([age_bucket(age) for age in ages], dtype=np.int64)
        own: list[np.ndarray | None] = []
        for b in range(BUCKETS):
            rows = vectors[buckets == b] if len(vectors) else vectors
            own.append(rows.mean(axis=0) if len(rows) >= MIN_BUCKET else None)
        known = [b for b in range(BUCKETS - 1) if own[b] is not None]
        means: list[tuple[float, ...] | None] = []
        for b in range(BUCKETS):
            mean = own[b]
            if mean is None and b < BUCKETS - 1 and known:
                mean = own[min(known, key=lambda k: (abs(k - b), k))]
            means.append(None if mean is None else tuple(float(v) for v in mean))
        return cls(tuple(means))

    def center(self, vectors: np.ndarray, ages: Sequence[float | None]) -> np.ndarray:
        """The vectors shifted by their age's mean and scaled back to unit length (float32)."""
        rows = np.atleast_2d(np.asarray(vectors, dtype=np.float32)).copy()
        for i, age in enumerate(ages):
            mean = self.means[age_bucket(age)]
            if mean is not None:
                rows[i] -= np.asarray(mean, dtype=np.float32)
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        return rows / np.where(norms == 0, 1, norms)

    @property
    def active(self) -> bool:
        return any(mean is not None for mean in self.means)


NO_CENTERING = AgeCentering(tuple(None for _ in range(BUCKETS)))
NO_CALIBRATION = AgeCalibration(tuple(tuple(0.0 for _ in range(BUCKETS)) for _ in range(BUCKETS)))


@dataclass(frozen=True, slots=True)
class Report:
    """What the ranking needs from a missing-child report."""

    id: str
    sex: str | None  # "female" | "male" | None
    born: date | None
    lost_at: datetime
    lost_lat: float | None
    lost_lon: float | None
    photo_ages: Sequence[float | None] = ()  # the child's age in each photo whose vector is searched


@dataclass(frozen=True, slots=True)
class Sighting:
    id: str
    seen_at: datetime
    lat: float | None
    lon: float | None
    sex: str | None = None
    age_estimate: float | None = None  # years, from the submitter or an age model


@dataclass(frozen=True, slots=True)
class Candidate:
    report_id: str
    similarity: float  # the best raw cosine over the report's photos
    score: float  # calibrated by the photos' ages
    plausible: bool
    reasons: tuple[str, ...] = field(default=())
    sighting_id: str = ""


def years_between(start: date | datetime, end: date | datetime) -> float:
    return (_as_date(end) - _as_date(start)).days / 365.25


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def expected_age(report: Report, at: datetime) -> float | None:
    """The child's age at `at`, from the date of birth; None when it is not known."""
    return None if report.born is None else years_between(report.born, at)


def age_tolerance(age: float) -> float:
    """How far an estimated age may be from the true one: faces of older children and adults are
    harder to age, and people guess ages roughly. Two years, plus a fifth of the age."""
    return 2.0 + 0.2 * age


def km_between(lat_a: float, lon_a: float, lat_b: float, lon_b: float) -> float:
    """Great-circle distance (haversine)."""
    phi_a, phi_b = math.radians(lat_a), math.radians(lat_b)
    d_phi, d_lambda = phi_b - phi_a, math.radians(lon_b - lon_a)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi_a) * math.cos(phi_b) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


MAX_KMH = 120.0  # faster than road travel between the loss and a sighting is implausible
SETTLED_AFTER_DAYS = 30  # after a month a child may be anywhere: distance no longer argues against


REASON_TEXT = {  # English; the web UI translates by code (huijia.web.i18n.REASONS_ZH)
    "seen_before": "seen before the child was lost",
    "age_fits": "age fits: about {now:.0f} now, estimated {estimated:.0f}",
    "age_differs": "age does not fit: about {now:.0f} now, estimated {estimated:.0f}",
    "sex_fits": "sex fits ({sex})",
    "sex_differs": "sex differs ({reported} reported, {seen} seen)",
    "too_far": "{km:.0f} km from the place of loss only {hours:.0f} h later",
    "distance": "{km:.0f} km from the place of loss, {years:.1f} years later",
}


class Reason(str):
    """One reason, as English text (the string itself), with the code and values a translation needs."""

    code: str
    values: dict[str, Any]

    def __new__(cls, code: str, **values: Any) -> Reason:
        reason = super().__new__(cls, REASON_TEXT[code].format(**values))
        reason.code = code
        reason.values = values
        return reason


def plausibility(report: Report, sighting: Sighting) -> tuple[bool, list[Reason]]:
    reasons: list[Reason] = []
    plausible = True
    if sighting.seen_at < report.lost_at:
        return False, [Reason("seen_before")]
    age = expected_age(report, sighting.seen_at)
    if age is not None and sighting.age_estimate is not None:
        gap = abs(age - sighting.age_estimate)
        if gap <= age_tolerance(age):
            reasons.append(Reason("age_fits", now=age, estimated=sighting.age_estimate))
        else:
            plausible = False
            reasons.append(Reason("age_differs", now=age, estimated=sighting.age_estimate))
    if report.sex and sighting.sex:
        if report.sex == sighting.sex:
            reasons.append(Reason("sex_fits", sex=report.sex))
        else:
            plausible = False
            reasons.append(Reason("sex_differs", reported=report.sex, seen=sighting.sex))
    coords = (report.lost_lat, report.lost_lon, sighting.lat, sighting.lon)
    if all(c is not None for c in coords):
        km = km_between(*coords)  # type: ignore[arg-type]
        hours = (sighting.seen_at - report.lost_at).total_seconds() / 3600
        if hours < SETTLED_AFTER_DAYS * 24 and km > MAX_KMH * max(hours, 0.5):
            plausible = False
            reasons.append(Reason("too_far", km=km, hours=hours))
        else:
            years = years_between(report.lost_at, sighting.seen_at)
            reasons.append(Reason("distance", km=km, years=years))
    return plausible, reasons


def rank(
    sighting: Sighting,
    similarities: Mapping[str, Sequence[float]],
    reports: Mapping[str, Report],
    calibration: AgeCalibration = NO_CALIBRATION,
    limit: int = SHORTLIST,
) -> list[Candidate]:
    """Candidates for one sighting: `similarities` gives, per report id, the cosine of the sighting's
    face with each of the report's photos (in `photo_ages` order). Plausible ones first, then by
    calibrated score."""
    candidates = []
    for report_id, sims in similarities.items():
        if sims:
            candidates.append(_candidate(reports[report_id], sighting, sims, calibration))
    return _shortlist(candidates, limit)


def rank_sightings(
    report: Report,
    similarities: Mapping[str, Sequence[float]],
    sightings: Mapping[str, Sighting],
    calibration: AgeCalibration = NO_CALIBRATION,
    limit: int = SHORTLIST,
) -> list[Candidate]:
    """The other way round, for a report: `similarities` gives, per sighting id, the cosine of the
    sighting's best face with each of the report's photos (in `photo_ages` order)."""
    candidates = []
    for sighting_id, sims in similarities.items():
        if sims:
            candidates.append(_candidate(report, sightings[sighting_id], sims, calibration))
    return _shortlist(candidates, limit)


def _candidate(
    report: Report, sighting: Sighting, sims: Sequence[float], calibration: AgeCalibration
) -> Candidate:
    # photos beyond the known ages count as of unknown age; extra ages (photos not searched) are unused
    ages = [*report.photo_ages, *[None] * max(0, len(sims) - len(report.photo_ages))][: len(sims)]
    scored = [
        (calibration.adjust(s, sighting.age_estimate, age), s) for s, age in zip(sims, ages, strict=True)
    ]
    score, raw = max(scored)
    plausible, reasons = plausibility(report, sighting)
    return Candidate(report.id, raw, score, plausible, tuple(reasons), sighting.id)


def _shortlist(candidates: list[Candidate], limit: int) -> list[Candidate]:
    candidates.sort(key=lambda c: (not c.plausible, -c.score))
    return candidates[:limit]
