"""Sending alerts: e-mail over SMTP (Python's smtplib) and webhooks (an HTTP POST of JSON, urllib).

Each delivery carries the alert's key — the `X-Huijia-Alert` header of a webhook, the Message-ID of an
e-mail — so a receiver can drop a repeat. A webhook body is signed with the subscriber's secret:
`X-Huijia-Signature: sha256=<HMAC-SHA256 of the body, hex>`. Failures raise `DeliveryError` naming the
kind of failure (an HTTP status, a refused connection), never the content.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import smtplib
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import urlsplit

import orjson

from huijia.registry.addresses import internal_address
from huijia.registry.outbox import Delivery, DeliveryError

TIMEOUT = 10.0


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int = 25
    sender: str = "huijia@localhost"
    starttls: bool = False
    username: str | None = None
    password: str | None = None


def alert_text(delivery: Delivery) -> tuple[str, str]:
    """Subject and body of an alert, Chinese first, then English."""
    case = delivery.case
    sex = {"male": ("男孩", "boy"), "female": ("女孩", "girl")}.get(case.get("sex") or "", ("儿童", "child"))
    age = case.get("age_years")
    age_zh = f"，约{age:.0f}岁" if age is not None else ""
    age_en = f", about {age:.0f}" if age is not None else ""
    place = case.get("lost_place") or "—"
    lines = [
        f"走失儿童预警：{case.get('name') or ''}（{sex[0]}{age_zh}），{case['lost_at']} 在 {place} 走失，"
        f"距您约 {delivery.km:.0f} 公里。",
    ]
    if case.get("height_cm"):
        lines.append(f"身高约 {case['height_cm']:.0f} 厘米。")
    if case.get("marks"):
        lines.append(f"特征：{case['marks']}")
    lines += [
        "如有线索请立即拨打 110 报警。请勿自行接触或转发儿童信息。",
        "",
        f"Missing child alert: {case.get('name') or 'a'} {sex[1]}{age_en}, lost {case['lost_at']} "
        f"at {place}, about {delivery.km:.0f} km from you.",
        "If you see this child, call the police (110 in China). Do not approach or share the details.",
        "",
        f"Case {case['case']} · alert {delivery.key}",
    ]
    subject = f"走失儿童预警 / Missing child alert — {place}"
    return subject, "\n".join(lines)


def send_email(delivery: Delivery, smtp: SmtpSettings) -> None:
    subject, body = alert_text(delivery)
    try:
        message = EmailMessage()
        message["From"] = smtp.sender
        message["To"] = delivery.address
        message["Subject"] = subject
        message["Message-ID"] = f"<{delivery.key}@huijia>"
        message.set_content(body)
        with smtplib.SMTP(smtp.host, smtp.port, timeout=TIMEOUT) as client:
            if smtp.starttls:
                client.starttls()
            if smtp.username:
                client.login(smtp.username, smtp.password or "")
            client.send_message(message)
    except smtplib.SMTPResponseException as exc:
        raise DeliveryError(f"SMTP {exc.smtp_code}") from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"SMTP {type(exc).__name__}") from exc
    except UnicodeError as exc:  # smtplib sends the login in ASCII: never say what was in it
        raise DeliveryError("SMTP login: the user name or password holds a character outside ASCII") from exc
    except ValueError as exc:  # a header with a line break (HUIJIA_SMTP_FROM), an address it cannot take
        raise DeliveryError(
            f"SMTP message could not be made ({type(exc).__name__}): check the sender"
        ) from exc


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def send_webhook(delivery: Delivery, allow_internal: bool = False) -> None:
    body = orjson.dumps(
        {"alert": delivery.key, "km": round(delivery.km, 1), "ring_km": delivery.ring_km, **delivery.case}
    )
    host = urlsplit(delivery.address).hostname or ""
    internal = None if allow_internal else internal_address(host)
    if internal is not None:
        raise DeliveryError(f"webhook address is internal ({internal}): refused (HUIJIA_INTERNAL_WEBHOOKS)")
    request = urllib.request.Request(delivery.address, data=body, method="POST")
    request.add_header("Content-Type", "application/json")
    request.add_header("X-Huijia-Alert", delivery.key)
    if delivery.secret:
        request.add_header("X-Huijia-Signature", signature(delivery.secret, body))
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            response.read(1024)
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"HTTP {exc.code}") from exc
    except (TimeoutError, urllib.error.URLError, OSError) as exc:
        raise DeliveryError(f"webhook {type(exc).__name__}") from exc
    except (http.client.HTTPException, ValueError) as exc:  # a URL it cannot use (a port that is no number)
        raise DeliveryError(f"webhook address not usable ({type(exc).__name__})") from exc


def sender(smtp: SmtpSettings | None, allow_internal: bool = False) -> Callable[[Delivery], None]:
    """The function that sends a delivery by its channel (e-mail needs SMTP settings); webhooks to
    addresses off the public internet only with `allow_internal`."""

    def send(delivery: Delivery) -> None:
        if delivery.channel == "webhook":
            send_webhook(delivery, allow_internal)
        elif smtp is None:
            raise DeliveryError("no SMTP server configured")
        else:
            send_email(delivery, smtp)

    return send
