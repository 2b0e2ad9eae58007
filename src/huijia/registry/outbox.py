"""The alert outbox: who is told about a verified fresh case, and delivery with retries, each alert once.

`queue_alerts` puts one row per (case, subscriber) into `alert_outbox` as the case's ring grows
(`huijia.registry.alerts`); the row's key is the alert's stable key, so a second run, or two running at
once, add nothing. `deliver_due` claims each due row before sending it (a conditional update that only
one worker can win), marks it sent, or schedules a retry with a growing delay and gives up after the
last one. A crash between sending and marking can send an alert twice: every delivery carries its key
(a webhook header, the e-mail's Message-ID) for the receiver to drop the repeat.
"""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from huijia.registry.addresses import internal_address
from huijia.registry.alerts import Subscriber, due_alerts
from huijia.registry.ranking import years_between
from huijia.store import audit
from huijia.store.schema import alert_outbox, alert_subscribers, registry_reports

FRESH_DAYS = 7  # alerts go out for cases lost within the last week; older cases are searched, not alerted
RETRY_DELAYS = (60, 300, 1800, 7200, 21600)  # seconds before each retry; after the last: failed
CLAIM_SECONDS = 120  # a claimed row is left to its worker this long
CHANNELS = ("email", "webhook")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class AlertError(ValueError):
    """A subscriber or alert request that cannot be taken; the text says why."""


class DeliveryError(Exception):
    """A delivery that failed; the text names the kind of failure (never the alert's content)."""


@dataclass(frozen=True, slots=True)
class Delivery:
    """One alert to send: where, and what the case's public summary says (never the family's contact)."""

    key: str
    channel: str
    address: str
    secret: str | None
    km: float
    ring_km: float
    case: dict[str, Any]


@dataclass
class DeliveryResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    # (alert key, what went wrong, given up): what `alerts run` says of each failure (no personal data)
    problems: list[tuple[str, str, bool]] = field(default_factory=list)


def add_subscriber(
    engine: Engine,
    name: str,
    channel: str,
    address: str,
    lat: float,
    lon: float,
    by: str,
    allow_internal: bool = False,
) -> tuple[str, str | None]:
    """A new subscriber; its id, and for a webhook the secret that signs its deliveries (shown once). A
    webhook to an address off the public internet only with `allow_internal` (`huijia.registry.addresses`)."""
    name, address = name.strip(), address.strip()
    if not name:
        raise AlertError("name: required")
    if channel not in CHANNELS:
        raise AlertError(f"channel: one of {', '.join(CHANNELS)}")
    if channel == "email" and not EMAIL.match(address):
        raise AlertError("address: not an e-mail address")
    if channel == "webhook":
        try:
            parts = urlsplit(address)
            parts.port  # noqa: B018 — raises for a port that is no number or out of range
        except ValueError as exc:
            raise AlertError(f"address: not a usable URL ({exc})") from exc
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise AlertError("address: not an http(s) URL")
        internal = None if allow_internal else internal_address(parts.hostname)
        if internal is not None:
            raise AlertError(
                f"address: {internal} is not on the public internet; alerts go there only where "
                "HUIJIA_INTERNAL_WEBHOOKS=1"
            )
    if not (-90 <= lat <= 90) or not (-180 <= lon <= 180):
        raise AlertError("lat/lon: outside the valid range")
    subscriber_id = str(uuid.uuid4())
    secret = secrets.token_hex(32) if channel == "webhook" else None
    with engine.begin() as conn:
        conn.execute(
            alert_subscribers.insert().values(
                id=subscriber_id, name=name, channel=channel, address=address, secret=secret, lat=lat,
                lon=lon, active=True, created_at=datetime.now(UTC), created_by=by,
            )
        )  # fmt: skip
        audit.append(conn, by, "alerts.subscriber.add", subscriber_id, {"channel": channel})
    return subscriber_id, secret


def queue_alerts(engine: Engine, now: datetime | None = None) -> int:
    """Queue the alerts now due for every verified case lost within `FRESH_DAYS`; how many were added."""
    now = now or datetime.now(UTC)
    added = 0
    with engine.begin() as conn:
        subscribers = [
            Subscriber(row.id, row.channel, row.address, row.lat, row.lon)
            for row in conn.execute(sa.select(alert_subscribers).where(alert_subscribers.c.active))
        ]
        cases = conn.execute(
            sa.select(registry_reports.c.id, registry_reports.c.lost_at, registry_reports.c.lost_lat,
                      registry_reports.c.lost_lon)
            .where(registry_reports.c.status == "verified", registry_reports.c.lost_lat.is_not(None),
                   registry_reports.c.lost_lon.is_not(None))
        ).all()  # fmt: skip
        for case in cases:
            lost_at = datetime.fromisoformat(case.lost_at)
            if not subscribers or now - lost_at > timedelta(days=FRESH_DAYS):
                continue
            alerted = set(
                conn.execute(
                    sa.select(alert_outbox.c.subscriber_id).where(alert_outbox.c.report_id == case.id)
                ).scalars()
            )
            due = due_alerts(case.id, lost_at, case.lost_lat, case.lost_lon, subscribers, alerted, now)
            for alert in due:
                inserted = conn.execute(
                    _insert_new(conn.dialect.name).values(
                        key=alert.key, report_id=case.id, subscriber_id=alert.subscriber_id, km=alert.km,
                        ring_km=alert.ring_km, status="pending", attempts=0, next_attempt_at=now,
                        created_at=now,
                    )
                )  # fmt: skip
                added += inserted.rowcount
        if added:
            audit.append(conn, None, "alerts.queued", None, {"alerts": added})
    return added


def _insert_new(dialect: str) -> Any:
    """An insert that skips a key already queued (by another run at the same moment)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert

        return insert(alert_outbox).on_conflict_do_nothing(index_elements=["key"])
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(alert_outbox).on_conflict_do_nothing(index_elements=["key"])


def deliver_due(
    engine: Engine, send: Callable[[Delivery], None], now: datetime | None = None, limit: int = 500
) -> DeliveryResult:
    """Send the due alerts through `send` (which raises DeliveryError on failure)."""
    now = now or datetime.now(UTC)
    result = DeliveryResult()
    with engine.connect() as conn:
        due = conn.execute(
            sa.select(alert_outbox.c.key)
            .where(alert_outbox.c.status == "pending", alert_outbox.c.next_attempt_at <= now)
            .order_by(alert_outbox.c.next_attempt_at, alert_outbox.c.km)
            .limit(limit)
        ).scalars().all()  # fmt: skip
    for key in due:
        delivery = _claim(engine, key, now)
        if delivery is None:
            continue  # another worker has it
        try:
            send(delivery)
        except DeliveryError as exc:
            _failed(engine, key, str(exc), now, result)
        except Exception as exc:  # never let one alert stop the others behind it: kept, retried, named
            _failed(engine, key, f"unexpected {type(exc).__name__}", now, result)
        else:
            with engine.begin() as conn:
                conn.execute(
                    alert_outbox.update().where(alert_outbox.c.key == key)
                    .values(status="sent", sent_at=datetime.now(UTC), attempts=alert_outbox.c.attempts + 1)
                )  # fmt: skip
                audit.append(conn, None, "alerts.sent", key, {"channel": delivery.channel})
            result.sent += 1
    return result


def _claim(engine: Engine, key: str, now: datetime) -> Delivery | None:
    with engine.begin() as conn:
        claimed = conn.execute(
            alert_outbox.update()
            .where(alert_outbox.c.key == key, alert_outbox.c.status == "pending",
                   alert_outbox.c.next_attempt_at <= now)
            .values(next_attempt_at=now + timedelta(seconds=CLAIM_SECONDS))
        ).rowcount  # fmt: skip
        if claimed != 1:
            return None
        row = conn.execute(
            sa.select(alert_outbox, alert_subscribers.c.channel, alert_subscribers.c.address,
                      alert_subscribers.c.secret)
            .join(alert_subscribers, alert_subscribers.c.id == alert_outbox.c.subscriber_id)
            .where(alert_outbox.c.key == key)
        ).one()  # fmt: skip
        case = conn.execute(sa.select(registry_reports).where(registry_reports.c.id == row.report_id)).one()
    return Delivery(row.key, row.channel, row.address, row.secret, row.km, row.ring_km, public_summary(case))


def _failed(engine: Engine, key: str, error: str, now: datetime, result: DeliveryResult) -> None:
    with engine.begin() as conn:
        attempts = conn.execute(
            sa.select(alert_outbox.c.attempts).where(alert_outbox.c.key == key)
        ).scalar_one()
        attempts += 1
        values: dict[str, Any] = {"attempts": attempts, "last_error": error[:500]}
        result.problems.append((key, error[:200], attempts > len(RETRY_DELAYS)))
        if attempts > len(RETRY_DELAYS):
            values["status"] = "failed"
            result.failed += 1
        else:
            values["next_attempt_at"] = now + timedelta(seconds=RETRY_DELAYS[attempts - 1])
            result.retrying += 1
        conn.execute(alert_outbox.update().where(alert_outbox.c.key == key).values(**values))
        audit.append(conn, None, "alerts.failed", key, {"attempts": attempts, "error": error[:200]})


def public_summary(case: Any) -> dict[str, Any]:
    """What an alert says about the case: enough to recognise the child, nothing to reach the family."""
    age = None
    if case.born:
        age = round(years_between(date.fromisoformat(case.born), datetime.now(UTC)), 1)
    return {
        "case": case.id, "name": case.name, "sex": case.sex, "age_years": age, "lost_at": case.lost_at,
        "lost_place": case.lost_place, "lat": case.lost_lat, "lon": case.lost_lon,
        "height_cm": case.height_cm, "marks": case.marks,
    }  # fmt: skip


def outbox_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(alert_outbox.c.status, sa.func.count()).group_by(alert_outbox.c.status))
        return {status: count for status, count in rows}
