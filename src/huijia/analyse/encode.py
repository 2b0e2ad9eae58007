"""Findings as JSONL bytes, with the cheap path for the many messages the gate lets through untouched.
What is analysed, and the containment of failures, is `huijia.analyse.message`'s rule."""

from __future__ import annotations

from collections.abc import Callable

import orjson

from huijia.analyse.message import analyse_message
from huijia.analyse.pipeline import UNGATED_RISK, Analyser
from huijia.model import Finding, Message


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
        """The finding, or None for a message the gate let through untouched, stating no sum (or one the
        platform wrote)."""
        return analyse_message(self.analyser, message, self._failed, priced=True)

    def _failed(self, message: Message, what: str) -> None:
        self.on_error(f"{message.source.file}:{message.source.line or '?'}: {what}")

    def encode(self, message: Message) -> bytes:
        found = self.finding(message)
        if found is None:
            return b'{"id":' + orjson.dumps(message.id) + self._ungated_tail
        return orjson.dumps(found.to_dict(), option=orjson.OPT_APPEND_NEWLINE)
