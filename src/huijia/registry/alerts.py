"""Who is alerted about a verified fresh case: pure logic, no sending.

The rings follow the Tuanyuan (团圆) system of China's Ministry of Public Security: within the first hour
after the loss, subscribers within 100 km of the place of loss; within two hours 200 km; within three
hours 300 km; after that 500 km (research note anchors-faces.md §1.3). As the hours pass, the ring
grows and reaches new subscribers: `due_alerts` returns only those not yet alerted for the case, each
with a stable key that the outbox uses to send every alert once however often it is asked.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from huijia.registry.ranking import km_between

RINGS_KM = ((1.0, 100.0), (2.0, 200.0), (3.0, 300.0))  # (hours since the loss, at most; radius)
FINAL_RING_KM = 500.0


def ring_km(lost_at: datetime, now: datetime) -> float:
    """The alert radius for a case lost at `lost_at`, at `now` (0 before the loss: no alert)."""
    hours = (now - lost_at).total_seconds() / 3600
    if hours < 0:
        return 0.0
    return next((radius for limit, radius in RINGS_KM if hours <= limit), FINAL_RING_KM)


@dataclass(frozen=True, slots=True)
class Subscriber:
    id: str
    channel: str  # "email" | "webhook"
    address: str  # the e-mail address or the webhook URL
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Alert:
    key: str  # the same case and subscriber always give the same key: the outbox sends it once
    case_id: str
    subscriber_id: str
    channel: str
    address: str
    km: float  # the subscriber's distance from the place of loss
    ring_km: float


def alert_key(case_id: str, subscriber_id: str) -> str:
    return hashlib.sha256(f"{case_id}\x00{subscriber_id}".encode()).hexdigest()[:32]


def due_alerts(
    case_id: str,
    lost_at: datetime,
    lost_lat: float,
    lost_lon: float,
    subscribers: Iterable[Subscriber],
    already_alerted: set[str],
    now: datetime,
) -> list[Alert]:
    """Alerts for the subscribers inside the current ring who have not been alerted for this case,
    nearest first."""
    radius = ring_km(lost_at, now)
    due = []
    for subscriber in subscribers:
        if subscriber.id in already_alerted:
            continue
        km = km_between(lost_lat, lost_lon, subscriber.lat, subscriber.lon)
        if km <= radius:
            key = alert_key(case_id, subscriber.id)
            due.append(Alert(key, case_id, subscriber.id, subscriber.channel, subscriber.address, km, radius))
    return sorted(due, key=lambda alert: alert.km)
