"""Ranking registry candidates: age-gap calibration, the plausibility of age, sex, distance and time,
and the order of the shortlist, with reasons that never claim an identity."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pytest

from huijia.registry.ranking import (
    AgeCalibration,
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
    sims, ages_a, ages_b = (np.array(column) for column in zip(*impostors, strict=True))
    buckets_a = np.array([age_bucket(a) for a in ages_a])
    buckets_b = np.array([age_bucket(b) for b in ages_b])
    same = AgeCalibration.fit_arrays(sims, buckets_a, buckets_b)  # the vectorised fit agrees
    assert np.allclose(same.means, calibration.means)


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
