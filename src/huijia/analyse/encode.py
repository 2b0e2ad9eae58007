"""Findings as JSONL bytes, with the cheap path for the many messages the gate lets through untouched,
and containment: a message that breaks the analyser gets a finding with an `error`, never a crash."""

from __future__ import annotations

from collections.abc import Callable

import orjson

from huijia.analyse.pipeline import UNGATED_RISK, Analyser
from huijia.model import PLATFORM_KINDS, Finding, Message

MAX_CHARS = 20_000  # longer messages are analysed on their first 20,000 characters (offsets stay valid)


class FindingEncoder:
    def __init__(self, analyser: Analyser, on_error: Callable[[str], None]) -> None:
        self.analyser = analyser
        self.on_error = on_error
        version = analyser.version
        # Everything after the id of an ungated finding is the same bytes every time.
        template = Finding("", "none", UNGATED_RISK, version).to_dict()
        del template["id"]
        self._ungated_tail = b"," + orjson.dumps(template)[1:] + b"\n"

    def finding(self, message: Message) -> Finding | None:
        """The finding, or None for a message the gate let through untouched (or the platform wrote)."""
        if message.kind in PLATFORM_KINDS:
            return None
        return analyse_message(self.analyser, message, self._failed)

    def _failed(self, message: Message, what: str) -> None:
        self.on_error(f"{message.source.file}:{message.source.line or '?'}: {what}")

    def encode(self, message: Message) -> bytes:
        found = self.finding(message)
        if found is None:
            return b'{"id":' + orjson.dumps(message.id) + self._ungated_tail
        return orjson.dumps(found.to_dict(), option=orjson.OPT_APPEND_NEWLINE)


def _author_name(message: Message) -> str | None:
    """The sender's display name, which may say who posts (…中介…)."""
    author = message.author
    return author.name if author is not None else None


def analyse_message(
    analyser: Analyser, message: Message, on_error: Callable[[Message, str], None]
) -> Finding | None:
    """`analyse_gated` on a message's first `MAX_CHARS` characters, with its sender's name. A failure is
    told to `on_error` with the message and what kind of failure it was — the caller says where, never the
    text — and gives a finding with an error field, so one bad message costs nothing else."""
    try:
        return analyser.analyse_gated(
            message.text[:MAX_CHARS], message.id, message.sent_at, _author_name(message)
        )
    except Exception as exc:
        on_error(message, f"analysis failed ({type(exc).__name__}); written with an error field")
        reason = f"analysis failed: {type(exc).__name__}"
        return Finding(message.id, "none", 0.0, analyser.version, error=reason)
