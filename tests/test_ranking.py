"""Ranking registry candidates: age-gap calibration, the plausibility of age, sex, distance and time,
and the order of the shortlist, with reasons that never claim an identity."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pytest

from huijia.registry.ranking import (
    NO_CENTERING,
    AgeCalibration,
    AgeCentering,
    Report,
    Sighting,
    age_bucket,
    km_between,
    plausibility,
    rank,
)

BEIJING, SHANGHAI, GUANGZHOU = (39.9042, 116.4074), (31.2304, 121.4737), (23.1291, 113.2644)


def report(report_id: str, **changes: object) -> Report:
    fields: dict[str, object] = {
        "id": report_id, "sex": "male", "born": date(2015, 3, 1), "lost_at": datetime(2018, 6, 1, 15, 0),
        "lost_lat": BEIJING[0], "lost_lon": BEIJING[1], "photo_ages": (3.2,),
    }  # fmt: skip
    fields.update(changes)
    return Report(**fields)  # type: ignore[arg-type]


def sighting(**changes: object) -> Sighting:
    fields: dict[str, object] = {
        "id": "s1", "seen_at": datetime(2026, 5, 1, 10, 0), "lat": GUANGZHOU[0], "lon": GUANGZHOU[1],
        "sex": "male", "age_estimate": 11.0,
    }  # fmt: skip
    fields.update(changes)
    return Sighting(**fields)  # type: ignore[arg-type]


def test_age_buckets_and_great_circle_distance() -> None:
    assert [age_bucket(a) for a in (0, 3, 3.5, 10, 11, 46, None)] == [0, 0, 1, 2, 3, 7, 8]
    assert km_between(*BEIJING, *SHANGHAI) == pytest.approx(1068, abs=10)


def test_calibration_puts_a_child_and_the_same_child_grown_up_above_two_look_alike_toddlers() -> None:
    impostors = [(0.34, 2.0, 3.0)] * 50 + [(0.07, 30.0, 40.0)] * 50 + [(0.06, 2.0, 25.0)] * 50
    calibration = AgeCalibration.fit(impostors)
    toddlers = calibration.adjust(0.45, 2.0, 3.0)  # two different toddlers who look alike
    grown_up = calibration.adjust(0.35, 3.0, 25.0)  # the same child twenty years later
    assert grown_up > toddlers
    assert calibration.adjust(0.5, 30.0, 40.0) == pytest.approx(0.43)


def test_centring_by_age_puts_a_child_nearer_its_grown_up_self_than_a_look_alike_toddler() -> None:
    rng = np.random.default_rng(7)
    toddler_look = 3 * rng.normal(size=128)  # what every toddler's vector shares
    toddlers = toddler_look + rng.normal(size=(60, 128))
    adults = rng.normal(size=(60, 128))
    person = 1.2 * rng.normal(size=128)
    as_toddler = toddler_look + person + 0.8 * rng.normal(size=128)
    as_adult = person + 0.8 * rng.normal(size=128)
    other_toddler = toddler_look + rng.normal(size=128)

    def cos(a: np.ndarray, b: np.ndarray) -> float:
        return float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))

    assert cos(as_toddler, other_toddler) > cos(as_toddler, as_adult)  # raw: toddlers look alike
    centring = AgeCentering.fit(np.vstack([toddlers, adults]), [2.0] * 60 + [30.0] * 60)
    t, a, o = centring.center(np.vstack([as_toddler, as_adult, other_toddler]), [2.0, 30.0, 2.0])
    assert float(t @ a) > float(t @ o) and abs(float(np.linalg.norm(t)) - 1) < 1e-5
    # a bucket with too few photos borrows its nearest neighbour's mean; too few photos: no change
    sparse = AgeCentering.fit(np.vstack([toddlers[:40], adults[:5]]), [2.0] * 40 + [5.0] * 5)
    assert sparse.means[1] == sparse.means[0] and sparse.means[age_bucket(None)] is None
    assert not AgeCentering.fit(toddlers[:10], [2.0] * 10).active
    unchanged = NO_CENTERING.center(as_adult, [30.0])[0]
    assert np.allclose(unchanged, as_adult / np.linalg.norm(as_adult), atol=1e-6)


def test_plausibility_of_age_sex_distance_and_time() -> None:
    fits, reasons = plausibility(report("r1"), sighting())
    assert fits and any(r.startswith("age fits: about 11") for r in reasons) and "sex fits (male)" in reasons
    assert not plausibility(report("r1"), sighting(age_estimate=30.0))[0]
    wrong_sex, why = plausibility(report("r1"), sighting(sex="female"))
    assert not wrong_sex and "sex differs (male reported, female seen)" in why
    two_hours_later = sighting(seen_at=datetime(2018, 6, 1, 17, 0), age_estimate=3.0)
    too_far, why = plausibility(report("r1"), two_hours_later)
    assert not too_far and "only 2 h later" in why[-1]
    nearby = sighting(seen_at=datetime(2018, 6, 1, 17, 0), lat=39.95, lon=116.40, age_estimate=3.0)
    assert plausibility(report("r1"), nearby)[0]
    assert plausibility(report("r1"), sighting(seen_at=datetime(2018, 5, 1)))[1] == [
        "seen before the child was lost"
    ]
    unknown = report("r2", born=None, sex=None, lost_lat=None, lost_lon=None)
    assert plausibility(unknown, sighting()) == (True, [])


def test_the_shortlist_puts_plausible_candidates_first_and_never_claims_an_identity() -> None:
    reports = {
        "close-but-girl": report("close-but-girl", sex="female"),
        "fits": report("fits"),
        "fits-weaker": report("fits-weaker"),
        "no-photos": report("no-photos"),
    }
    similarities = {"close-but-girl": [0.71], "fits": [0.42, 0.55], "fits-weaker": [0.40], "no-photos": []}
    shortlist = rank(sighting(), similarities, reports)
    assert [c.report_id for c in shortlist] == ["fits", "fits-weaker", "close-but-girl"]
    assert shortlist[0].similarity == pytest.approx(0.55) and shortlist[0].plausible
    assert not shortlist[-1].plausible and "sex differs" in " ".join(shortlist[-1].reasons)
    wording = " ".join(reason for c in shortlist for reason in c.reasons).lower()
    assert "match" not in wording and "identif" not in wording and "is the" not in wording
    assert len(rank(sighting(), similarities, reports, limit=1)) == 1
