"""Reviewer decisions on flagged posts. Each one is audited, and each one is also a labelled example that
`huijia train` can learn from (`labelled_examples`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from huijia.model import LABELS
from huijia.store import audit
from huijia.store.schema import decisions, findings, messages
from huijia.store.users import User

ACTIONS = ("confirm", "dismiss", "escalate", "refer")


class DecisionError(ValueError):
    """A decision that cannot be recorded; the text says why, `code` what kind of fault it is (for the
    desk's translated message): `action`, `reason`, `role`, `message` or `label`."""

    def __init__(self, text: str, code: str) -> None:
        super().__init__(text)
        self.code = code


REPEAT_WINDOW = timedelta(seconds=60)


def _repeated(
    conn: Connection, key: str, user_id: int, action: str, label: str, reason: str, now: datetime
) -> int | None:
    """The id of this user's latest decision on this message when it is this very decision, made within
    `REPEAT_WINDOW`; else None."""
    last = conn.execute(
        sa.select(
            decisions.c.id, decisions.c.action, decisions.c.label, decisions.c.reason, decisions.c.decided_at
        )
        .where(decisions.c.message_key == key, decisions.c.user_id == user_id)
        .order_by(decisions.c.id.desc())
        .limit(1)
    ).first()
    if last is None or (last.action, last.label, last.reason) != (action, label, reason):
        return None
    at = last.decided_at if last.decided_at.tzinfo else last.decided_at.replace(tzinfo=UTC)  # SQLite: naive
    return int(last.id) if now - at < REPEAT_WINDOW else None


def decide(
    engine: Engine, user: User, message_key: str, action: str, reason: str, label: str | None = None
) -> int:
    """Record a decision; returns its id. `label` is the reviewer's label (default: the finding's label for
    confirm/escalate/refer, `none` for dismiss)."""
    if action not in ACTIONS:
        raise DecisionError(f"action must be one of {', '.join(ACTIONS)}", "action")
    if not reason or not reason.strip():
        raise DecisionError("a decision needs a reason", "reason")
    if user.role not in ("admin", "reviewer"):
        raise DecisionError(f"the {user.role} role cannot decide cases", "role")
    with engine.begin() as conn:
        found = conn.execute(
            sa.select(messages.c.key, findings.c.label)
            .select_from(messages.outerjoin(findings, findings.c.message_key == messages.c.key))
            .where(messages.c.key == message_key)
        ).first()
        if found is None:
            raise DecisionError(f"no message {message_key}", "message")
        if label is None:
            label = "none" if action == "dismiss" else (found.label or "none")
        if label not in LABELS:
            raise DecisionError(f"label must be one of {', '.join(LABELS)}", "label")
        now = datetime.now(UTC)
        same = _repeated(conn, message_key, user.id, action, label, reason.strip(), now)
        if same is not None:  # a double click, a form sent again: the decision is recorded once
            return same
        inserted = conn.execute(
            decisions.insert().values(
                message_key=message_key,
                user_id=user.id,
                action=action,
                label=label,
                reason=reason.strip(),
                decided_at=now,
            )
        ).inserted_primary_key
        assert inserted is not None
        audit.append(conn, user.username, f"decision.{action}", message_key, {"label": label})
    return int(inserted[0])


def latest_decisions() -> sa.Subquery:
    """(message_key, last): the id of the newest decision on each decided message."""
    return (
        sa.select(decisions.c.message_key, sa.func.max(decisions.c.id).label("last"))
        .group_by(decisions.c.message_key)
        .subquery()
    )


def labelled_examples(engine: Engine) -> Iterator[dict[str, Any]]:
    """The latest decision on each message as a labelled example (`text`, `label`)."""
    latest = latest_decisions()
    query = (
        sa.select(messages.c.key, messages.c.text, decisions.c.label)
        .select_from(latest)
        .join(decisions, decisions.c.id == latest.c.last)
        .join(messages, messages.c.key == latest.c.message_key)
        .order_by(messages.c.key)
    )
    with engine.connect() as conn:
        for row in conn.execute(query):
            yield {"id": row.key, "text": row.text, "label": row.label}
