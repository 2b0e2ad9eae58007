"""The alert outbox against real receivers: a local HTTP server for webhooks (failing, then accepting)
and aiosmtpd for e-mail. Only verified fresh cases are alerted, rings reach subscribers as the hours
pass, nothing is queued or sent twice, failures are retried with growing delays and then given up."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from click.testing import CliRunner

from huijia.cli import main
from huijia.media.faces import face_backend
from huijia.registry.intake import import_records
from huijia.registry.notify import SmtpSettings, sender, signature
from huijia.registry.outbox import (
    RETRY_DELAYS,
    AlertError,
    add_subscriber,
    deliver_due,
    outbox_counts,
    queue_alerts,
)
from huijia.registry.records import parse_report
from huijia.registry.review import set_status
from huijia.store import connect

LOST = datetime(2026, 11, 1, 6, 0, tzinfo=UTC)  # 14:00 in Zhengzhou
ZHENGZHOU = (34.7466, 113.6253)


class Receiver(BaseHTTPRequestHandler):
    """Answers with the next status in `statuses` (then 200) and keeps every request."""

    statuses: ClassVar[list[int]]
    received: ClassVar[list[tuple[dict[str, str], bytes]]]

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((dict(self.headers), body))
        status = type(self).statuses.pop(0) if type(self).statuses else 200
        self.send_response(status)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def webhook() -> Iterator[tuple[str, type[Receiver]]]:
    handler = type("Handler", (Receiver,), {"statuses": [], "received": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/alerts", handler
    server.shutdown()


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope.content)
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[SmtpSettings, Mailbox]]:
    mailbox = Mailbox()
    with socket.socket() as probe:  # a free port (aiosmtpd's controller cannot start on port 0)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield SmtpSettings("127.0.0.1", port, "alerts@huijia.test"), mailbox
    controller.stop()


def north_of_zhengzhou(km: float) -> tuple[float, float]:
    return ZHENGZHOU[0] + km / 111.2, ZHENGZHOU[1]


def verified_case(engine: sa.engine.Engine, lost: datetime = LOST, case_id: str = "r-1") -> None:
    record = parse_report({
        "id": case_id, "name": "小明", "sex": "male", "born": "2021-03-01", "lost_at": lost.isoformat(),
        "lost_place": "郑州火车站", "lost_lat": ZHENGZHOU[0], "lost_lon": ZHENGZHOU[1], "height_cm": "105",
        "marks": "左耳后有痣", "family_contact": "父亲 13800000000",
    })  # fmt: skip
    import_records(engine, "report", [(2, record)], "registrar1", faces=face_backend())
    set_status(engine, "report", case_id, "verified", "派出所已立案", "registrar1")


def test_rings_reach_webhook_subscribers_once_signed_and_retried(
    tmp_path: Path, webhook: tuple[str, type[Receiver]]
) -> None:
    url, receiver = webhook
    engine = connect(f"sqlite:///{tmp_path / 'h.db'}")
    local = {"allow_internal": True}  # the test's receiver listens on 127.0.0.1
    near, secret = add_subscriber(engine, "派出所", "webhook", url, *north_of_zhengzhou(60), "admin", **local)
    far, _ = add_subscriber(
        engine, "志愿者", "webhook", url + "/far", *north_of_zhengzhou(150), "admin", **local
    )
    add_subscriber(engine, "远方", "webhook", url + "/away", *north_of_zhengzhou(900), "admin", **local)
    assert secret is not None
    verified_case(engine)
    send = sender(None, allow_internal=True)

    assert queue_alerts(engine, LOST + timedelta(minutes=30)) == 1  # only the station inside 100 km
    receiver.statuses = [500]  # the receiver fails once
    first = deliver_due(engine, send, LOST + timedelta(minutes=30))
    assert (first.sent, first.retrying) == (0, 1)
    assert deliver_due(engine, send, LOST + timedelta(minutes=30)).sent == 0  # not due again yet
    retry_at = LOST + timedelta(minutes=30, seconds=RETRY_DELAYS[0])
    assert deliver_due(engine, send, retry_at).sent == 1

    assert queue_alerts(engine, LOST + timedelta(hours=1, minutes=30)) == 1  # the ring reached 200 km
    assert queue_alerts(engine, LOST + timedelta(hours=1, minutes=30)) == 0  # nothing twice
    assert deliver_due(engine, send, LOST + timedelta(hours=1, minutes=30)).sent == 1
    assert deliver_due(engine, send, LOST + timedelta(hours=5)).sent == 0
    assert queue_alerts(engine, LOST + timedelta(hours=5)) == 0  # 900 km is beyond the last ring

    assert len(receiver.received) == 3  # the failed try, its retry, the second subscriber
    (headers, body), (again_headers, again_body) = receiver.received[0], receiver.received[1]
    assert headers["X-Huijia-Alert"] == again_headers["X-Huijia-Alert"] and body == again_body
    assert headers["X-Huijia-Signature"] == signature(secret, body)
    alert = json.loads(body)
    assert alert["case"] == "r-1" and alert["name"] == "小明" and alert["marks"] == "左耳后有痣"
    assert round(alert["km"]) == 60 and alert["ring_km"] == 100
    assert "13800000000" not in body.decode()  # the family's contact is never in an alert
    assert outbox_counts(engine) == {"sent": 2}
    with engine.connect() as conn:
        subscribers = (
            conn.execute(sa.text("SELECT subscriber_id FROM alert_outbox ORDER BY km")).scalars().all()
        )
    assert subscribers == [near, far]


def test_email_alerts_and_giving_up_after_the_last_retry(
    tmp_path: Path, smtp: tuple[SmtpSettings, Mailbox]
) -> None:
    settings, mailbox = smtp
    engine = connect(f"sqlite:///{tmp_path / 'h.db'}")
    add_subscriber(engine, "volunteer", "email", "helper@example.org", *north_of_zhengzhou(20), "admin")
    closed = "http://127.0.0.1:9/none"
    add_subscriber(engine, "closed", "webhook", closed, *north_of_zhengzhou(30), "admin", allow_internal=True)
    verified_case(engine)
    now = LOST + timedelta(minutes=10)
    assert queue_alerts(engine, now) == 2
    result = deliver_due(engine, sender(settings, allow_internal=True), now)
    assert (result.sent, result.retrying) == (1, 1)
    (raw,) = mailbox.messages
    mail = message_from_bytes(raw)
    assert mail["To"] == "helper@example.org" and mail["Message-ID"].startswith("<")
    text = mail.get_payload(decode=True).decode()
    assert "走失儿童预警" in text and "左耳后有痣" in text and "call the police" in text
    assert "13800000000" not in text

    for delay in RETRY_DELAYS:  # the closed port never answers: each retry fails, then it is given up
        now += timedelta(seconds=delay)
        last = deliver_due(engine, sender(settings, allow_internal=True), now)
    assert last.failed == 1 and outbox_counts(engine) == {"sent": 1, "failed": 1}
    with engine.connect() as conn:
        error = conn.execute(sa.text("SELECT last_error FROM alert_outbox WHERE status = 'failed'")).scalar()
    assert error.startswith("webhook ")


def test_drafts_and_old_cases_raise_no_alert_and_bad_subscribers_are_refused(tmp_path: Path) -> None:
    engine = connect(f"sqlite:///{tmp_path / 'h.db'}")
    add_subscriber(engine, "station", "email", "s@example.org", *north_of_zhengzhou(10), "admin")
    draft = parse_report({"id": "r-draft", "lost_at": LOST.isoformat(), "lost_lat": ZHENGZHOU[0],
                          "lost_lon": ZHENGZHOU[1]})  # fmt: skip
    import_records(engine, "report", [(2, draft)], "registrar1", faces=face_backend())
    assert queue_alerts(engine, LOST + timedelta(minutes=5)) == 0  # a draft is not verified
    verified_case(engine, LOST - timedelta(days=30), "r-old")
    assert queue_alerts(engine, LOST) == 0  # lost a month ago: searched, not alerted
    for channel, address, field in (("email", "not-an-address", "address"), ("sms", "1", "channel"),
                                    ("webhook", "ftp://x.example/a", "address"),
                                    ("webhook", "http://[::1/x", "address"),
                                    ("webhook", "http://93.184.216.34:abc/x", "address")):  # fmt: skip
        with pytest.raises(AlertError, match=field):
            add_subscriber(engine, "x", channel, address, 30.0, 110.0, "admin")


def test_an_alert_that_cannot_be_sent_never_stops_the_others_and_is_kept(
    tmp_path: Path, smtp: tuple[SmtpSettings, Mailbox]
) -> None:
    """A webhook whose stored address cannot be used (a port that is no number, from before addresses were
    checked) and a sender with a line break in it: each such alert is kept to retry with what was wrong,
    and the alerts behind it are sent. Before, the first stopped the whole run with a traceback."""
    settings, mailbox = smtp
    engine = connect(f"sqlite:///{tmp_path / 'h.db'}")
    bad, _ = add_subscriber(
        engine, "old", "webhook", "http://93.184.216.34/x", *north_of_zhengzhou(10), "admin"
    )
    unusable = sa.text("UPDATE alert_subscribers SET address = 'http://93.184.216.34:abc/x' WHERE id = :i")
    with engine.begin() as conn:
        conn.execute(unusable, {"i": bad})
    add_subscriber(engine, "volunteer", "email", "helper@example.org", *north_of_zhengzhou(20), "admin")
    verified_case(engine)
    now = LOST + timedelta(minutes=10)
    assert queue_alerts(engine, now) == 2
    result = deliver_due(engine, sender(settings), now)
    assert (result.sent, result.retrying) == (1, 1) and len(mailbox.messages) == 1
    wrong = [problem[1:] for problem in result.problems]
    assert wrong == [("webhook address not usable (InvalidURL)", False)]
    with engine.connect() as conn:
        kept = conn.execute(
            sa.text("SELECT status, last_error FROM alert_outbox WHERE status != 'sent'")
        ).one()
    assert kept == ("pending", "webhook address not usable (InvalidURL)")

    broken = SmtpSettings(settings.host, settings.port, "alerts@huijia.test\r\nBcc: someone@example.com")
    add_subscriber(engine, "second", "email", "second@example.org", *north_of_zhengzhou(25), "admin")
    assert queue_alerts(engine, now) == 1
    again = deliver_due(engine, sender(broken), now)
    assert again.sent == 0 and len(mailbox.messages) == 1
    with engine.connect() as conn:
        errors = conn.execute(
            sa.text("SELECT last_error FROM alert_outbox WHERE status = 'pending'")
        ).scalars()
        assert "SMTP message could not be made (ValueError): check the sender" in list(errors)


def test_cli_subscribe_and_run(tmp_path: Path, webhook: tuple[str, type[Receiver]]) -> None:
    url, receiver = webhook
    db = f"sqlite:///{tmp_path / 'h.db'}"
    runner = CliRunner()
    where = ["--lat", str(ZHENGZHOU[0]), "--lon", str(ZHENGZHOU[1])]
    inside = {"HUIJIA_INTERNAL_WEBHOOKS": "1"}  # the receiver listens on 127.0.0.1
    added = runner.invoke(
        main, ["alerts", "subscribe", "派出所", "--webhook", url, *where, "--db", db], env=inside
    )
    assert added.exit_code == 0, added.output
    assert "webhook secret" in added.stderr
    both = runner.invoke(main, ["alerts", "subscribe", "x", "--lat", "1", "--lon", "1", "--db", db])
    assert both.exit_code == 2 and "give one of --email and --webhook" in both.stderr
    verified_case(connect(db), datetime.now(UTC) - timedelta(minutes=20))
    ran = runner.invoke(main, ["alerts", "run", "--db", db], env=inside)
    assert ran.exit_code == 0, ran.output
    assert "alerts: 1 queued, 1 sent" in ran.stderr and len(receiver.received) == 1


@pytest.mark.parametrize(
    "address", ["http://127.0.0.1:8080/x", "http://localhost/x", "http://169.254.169.254/latest/meta-data",
                "http://10.0.0.1/x", "http://[::1]/x", "http://2130706433/x"],
)  # fmt: skip
def test_webhooks_to_this_machine_or_private_networks_are_refused_unless_allowed(
    tmp_path: Path, address: str
) -> None:
    """A subscriber could make alerts reach services only this machine should (server-side request
    forgery): refused when subscribed, and again when delivered, unless HUIJIA_INTERNAL_WEBHOOKS allows."""
    engine = connect(f"sqlite:///{tmp_path / 'h.db'}")
    with pytest.raises(AlertError, match="not on the public internet"):
        add_subscriber(engine, "x", "webhook", address, *north_of_zhengzhou(10), "admin")
    public = add_subscriber(
        engine, "x", "webhook", "http://93.184.216.34/x", *north_of_zhengzhou(10), "admin"
    )
    with engine.begin() as conn:  # a stored address that has come to point inside
        conn.execute(sa.text("UPDATE alert_subscribers SET address = :a WHERE id = :i"),
                     {"a": address, "i": public[0]})  # fmt: skip
    verified_case(engine)
    now = LOST + timedelta(minutes=10)
    assert queue_alerts(engine, now) == 1
    result = deliver_due(engine, sender(None), now)
    assert result.sent == 0 and "webhook address is internal" in result.problems[0][1]
