"""Alert rings for a verified fresh case: 100 km in the first hour, 200 by two hours, 300 by three,
500 after (the Tuanyuan rule); every subscriber alerted once per case, nearest first."""

from __future__ import annotations

from datetime import datetime, timedelta

from huijia.registry.alerts import Subscriber, alert_key, due_alerts, ring_km

LOST = datetime(2026, 11, 1, 14, 0)
ZHENGZHOU = (34.7466, 113.6253)


def at_km(name: str, km_north: float) -> Subscriber:
    """A subscriber `km_north` km north of Zhengzhou (one degree of latitude is about 111.2 km)."""
    latitude = ZHENGZHOU[0] + km_north / 111.2
    return Subscriber(name, "webhook", f"https://partner.example/{name}", latitude, ZHENGZHOU[1])


def test_the_ring_grows_with_the_hours_since_the_loss() -> None:
    hours = [-0.5, 0, 0.5, 1.0, 1.01, 2.0, 2.5, 3.0, 3.5, 48]
    assert [ring_km(LOST, LOST + timedelta(hours=h)) for h in hours] == [
        0, 100, 100, 100, 200, 200, 300, 300, 500, 500,
    ]  # fmt: skip


def test_each_subscriber_is_alerted_once_as_the_ring_reaches_them() -> None:
    where = (("station", 50), ("app", 150), ("volunteer", 280), ("far", 600))
    people = [at_km(f"{who}-{km}", km) for who, km in where]
    sent: set[str] = set()
    waves = []
    for hours in (0.5, 0.9, 1.5, 2.5, 4, 30):
        due = due_alerts("case-1", LOST, *ZHENGZHOU, people, sent, LOST + timedelta(hours=hours))
        waves.append([alert.subscriber_id for alert in due])
        sent.update(alert.subscriber_id for alert in due)
    assert waves == [["station-50"], [], ["app-150"], ["volunteer-280"], [], []]
    first = due_alerts("case-1", LOST, *ZHENGZHOU, people, set(), LOST + timedelta(hours=4))
    assert [a.subscriber_id for a in first] == ["station-50", "app-150", "volunteer-280"]  # nearest first
    assert first[0].key == alert_key("case-1", "station-50") != alert_key("case-2", "station-50")
    assert 49 < first[0].km < 51 and first[0].ring_km == 500
    assert due_alerts("case-1", LOST, *ZHENGZHOU, people, set(), LOST - timedelta(minutes=5)) == []
