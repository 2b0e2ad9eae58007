"""Telegram Desktop "Export chat history" → `result.json`.

Both shapes (research/export-formats.md §3): a single-chat export (`{name, type, id, messages}`) and a
whole-account export (`chats.list[*].messages`, `left_chats.list[*].messages`). The file is streamed with
ijson (files reach hundreds of MB); the chat's name comes before its messages in every real export.

Details that matter: `text` is a string or a list of strings and entity objects (joined with "", not " ");
`text_entities` is preferred when present; `from_id` is `user123`/`channel123` or, in 2021-era exports,
a bare integer; `date_unixtime` is exact, `date` alone is naive local time; media that was not downloaded
is a parenthesised notice in place of a path; service messages have an `action` and often empty text.
The exporter writes control characters as `\\xNN`, which is not JSON: those escapes are repaired on the fly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from huijia.ingest.base import Reader, ReadOptions, SourceFile, none_readable, record_events, register
from huijia.ingest.jsonstream import BrokenJson, broken_json, parsed, skip_bom, stream
from huijia.ingest.telegram_html import TelegramHtml, is_telegram_html
from huijia.ingest.textfile import SNIFF_BYTES, decode_head
from huijia.model import Attachment, Author, Message, Notice, ReadEvent

ITEM_PREFIXES = {
    "messages.item": "",
    "chats.list.item.messages.item": "chats.list.item.",
    "left_chats.list.item.messages.item": "left_chats.list.item.",
}
CHAT_NAME_PREFIXES = {
    "name": "",
    "chats.list.item.name": "chats.list.item.",
    "left_chats.list.item.name": "left_chats.list.item.",
}
CHAT_ID_PREFIXES = {
    "chats.list.item.id": "chats.list.item.",
    "left_chats.list.item.id": "left_chats.list.item.",
}
CHAT_TYPE_PREFIXES = {
    "type": "",
    "chats.list.item.type": "chats.list.item.",
    "left_chats.list.item.type": "left_chats.list.item.",
}
SCALAR_PREFIXES = frozenset(CHAT_NAME_PREFIXES) | frozenset(CHAT_TYPE_PREFIXES) | frozenset(CHAT_ID_PREFIXES)
SIGNATURE = re.compile(
    r'"(?:date_unixtime|personal_information|text_entities|from_id)"|"type"\s*:\s*"(?:message|service)"'
)

MEDIA_KIND = {
    "sticker": "sticker",
    "animation": "video",
    "video_file": "video",
    "video_message": "video",
    "voice_message": "voice",
    "audio_file": "file",
}
BAD_ESCAPE = re.compile(rb"(?<!\\)((?:\\\\)*)\\x([0-9A-Fa-f]{2})")


class _EscapeRepairingFile:
    """Rewrites the exporter's invalid `\\xNN` escapes to `\\u00NN` while streaming."""

    def __init__(self, fh: BinaryIO) -> None:
        self._fh = fh
        self._carry = b""

    def read(self, size: int = -1) -> bytes:
        if size == 0:  # ijson probes with read(0) to tell bytes from str
            return b""
        chunk = self._fh.read(size if size > 0 else 1 << 16)
        data = self._carry + chunk
        if not chunk:
            self._carry = b""
            return BAD_ESCAPE.sub(rb"\1\\u00\2", data) if b"\\x" in data else data
        # hold back a tail that might hold a partial escape, with the backslashes before it
        cut = max(len(data) - 4, 0)
        while cut > 0 and data[cut - 1] == 0x5C:
            cut -= 1
        data, self._carry = data[:cut], data[cut:]
        if b"\\x" in data:
            data = BAD_ESCAPE.sub(rb"\1\\u00\2", data)
        if not data and self._carry:
            return self.read(size)
        return data


def text_of(message: dict[str, Any]) -> str:
    """The message's text: concatenated entities, never joined with spaces."""
    entities = message.get("text_entities")
    if isinstance(entities, list) and entities:
        return "".join(str(e.get("text", "")) if isinstance(e, dict) else str(e) for e in entities)
    text = message.get("text", "")
    if isinstance(text, list):
        return "".join(str(part.get("text", "")) if isinstance(part, dict) else str(part) for part in text)
    return "" if text is None else str(text)


def handle_of(raw: Any) -> str | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        return None
    return f"telegram:{raw}"


def _media(message: dict[str, Any]) -> tuple[str | None, tuple[Attachment, ...]]:
    attachments: list[Attachment] = []
    kind: str | None = None
    if "photo" in message:
        kind = "image"
        attachments.append(Attachment("image", str(message["photo"])))
    media_type = message.get("media_type")
    if "file" in message or media_type:
        kind = MEDIA_KIND.get(str(media_type), "file") if media_type else "file"
        name = message.get("file") or message.get("file_name")
        attachments.append(Attachment(kind, None if name is None else str(name)))
    if kind is None and message.get("location_information"):
        kind = "link"
    return kind, tuple(attachments)


def poll_text(poll: Any) -> str | None:
    """A poll as text: the question, then one line per option with its votes (2020-era exports put
    polls in `poll`, with an empty `text`)."""
    if not isinstance(poll, dict):
        return None
    lines = [str(poll.get("question") or "")]
    for answer in poll.get("answers") or []:
        if isinstance(answer, dict):
            votes = answer.get("voters")
            lines.append(f"- {answer.get('text', '')}" + (f" ({votes})" if isinstance(votes, int) else ""))
    return "\n".join(lines).strip() or None


def _service_text(message: dict[str, Any], text: str) -> str:
    if text:
        return text
    action = str(message.get("action") or message.get("information_text") or "service")
    members = message.get("members")
    if isinstance(members, list) and members:
        return f"{action}: {', '.join(str(m) for m in members)}"
    title = message.get("title")
    return f"{action}: {title}" if title else action


@register
class TelegramReader(Reader):
    name = "telegram"
    description = (
        "Telegram Desktop export: result.json (single chat or whole account) or the HTML pages"
        " (messages.html, messages2.html, …)"
    )
    extensions = (".json", ".html")
    examples = ("telegram/result.json", "telegram-html/ChatExport_2024-05-03/messages.html")

    def sniff(self, head: bytes, path: Path) -> bool:
        if is_telegram_html(head):
            return True
        text = decode_head(head).lstrip()
        has_messages = '"messages"' in text or '"chats"' in text
        return (
            text.startswith("{")
            and has_messages
            and bool(SIGNATURE.search(text))
            and '"chatInfo"' not in text
        )

    def layout(self, head: bytes, path: Path) -> str | None:
        return "Telegram Desktop HTML (messages.html)" if is_telegram_html(head) else "Telegram Desktop JSON"

    def read(self, src: SourceFile, options: ReadOptions) -> Iterator[ReadEvent]:
        if is_telegram_html(src.head(SNIFF_BYTES)):
            yield from TelegramHtml(self).read(src, options)
            return
        count = 0
        chat_names: dict[str, str | None] = {}
        index_in_file = 0
        last_scalar = ""
        chat_ids: dict[str, Any] = {}
        with src.open(options.on_bytes) as raw:
            try:
                repaired: Any = _EscapeRepairingFile(skip_bom(raw))
                for what, prefix, value in parsed(stream(repaired, ITEM_PREFIXES, SCALAR_PREFIXES)):
                    if what == "scalar":
                        # every chat has a type; a chat with no name (saved messages) must not inherit
                        # the name of the chat before it
                        if prefix in CHAT_ID_PREFIXES:
                            chat_ids[CHAT_ID_PREFIXES[prefix]] = value
                            continue
                        if prefix in CHAT_NAME_PREFIXES:
                            chat_names[CHAT_NAME_PREFIXES[prefix]] = value
                        elif last_scalar not in CHAT_NAME_PREFIXES:
                            chat_names[CHAT_TYPE_PREFIXES[prefix]] = None
                        last_scalar = prefix
                        continue
                    index_in_file += 1
                    chat_key = ITEM_PREFIXES[prefix]
                    chat, chat_id = chat_names.get(chat_key), chat_ids.get(chat_key)
                    results = record_events(
                        src,
                        self._message,
                        *(src, options, value, chat, index_in_file, chat_id),
                        where=f"message #{index_in_file}",
                    )
                    count += sum(isinstance(result, Message) for result in results)
                    yield from results
            except BrokenJson as exc:
                yield broken_json(src, exc.cause, count, index_in_file)
                return
        if index_in_file == 0:
            yield src.skip("no messages found in this Telegram export", fatal=True)
        elif count == 0:
            yield none_readable(src, index_in_file)

    def _message(
        self,
        src: SourceFile,
        options: ReadOptions,
        item: Any,
        chat: str | None,
        index: int,
        chat_id: Any = None,
    ) -> list[ReadEvent]:
        """One message, after a note for each field it has and could not be read; in whole-account exports
        ids are `chat id/message id` (ids repeat across chats)."""
        if not isinstance(item, dict):
            return [src.skip(f"message #{index} is not a JSON object", where=f"message #{index}")]
        notes: list[ReadEvent] = []
        raw_id = item.get("id")
        position: int | str = (
            raw_id if isinstance(raw_id, int) and not isinstance(raw_id, bool) else f"n{index}"
        )
        if chat_id is not None:
            position = f"{chat_id}/{position}"
        mtype = item.get("type", "message")
        sent_at, tz_assumed, problem = self._time(item, options)
        if problem is not None:
            notes.append(Notice(src.display, f"message #{index}: {problem}; kept without a time", None))
        text = text_of(item)
        if mtype == "service":
            kind = "service"
            author = Author(_opt_str(item.get("actor")), handle_of(item.get("actor_id")))
            text = _service_text(item, text)
            attachments: tuple[Attachment, ...] = ()
        elif mtype == "unsupported":
            kind, author, attachments = "service", None, ()
            text = text or "(message not supported by the exporter)"
        else:
            media_kind, attachments = _media(item)
            kind = media_kind if media_kind and not text else "text"
            if "poll" in item and not text:
                text = poll_text(item["poll"]) or ""
            name = item.get("from", item.get("author"))
            author = Author(_opt_str(name), handle_of(item.get("from_id")))
        reply = item.get("reply_to_message_id")
        message = Message(
            id=self.message_id(src, position),
            kind=kind,
            source=src.source(self.name, encoding="utf-8", tz_assumed=tz_assumed),
            text=text,
            channel=chat,
            author=author,
            sent_at=sent_at,
            attachments=attachments,
            reply_to=self.message_id(src, reply if chat_id is None else f"{chat_id}/{reply}")
            if isinstance(reply, int)
            else None,
        )
        notes.append(message)
        return notes

    @staticmethod
    def _time(item: dict[str, Any], options: ReadOptions) -> tuple[str | None, str | None, str | None]:
        """(ISO time, zone assumed, what was wrong): `date_unixtime` is exact; `date` is naive local time
        unless it ends in `Z` or an offset (then it is exact too)."""
        epoch = item.get("date_unixtime")
        problem = None
        if epoch is not None:
            try:
                return options.clock.from_epoch(int(epoch)), None, None
            except (TypeError, ValueError, OverflowError, OSError):
                problem = "field date_unixtime is not an epoch time"
        date = item.get("date")
        if isinstance(date, str):
            try:
                moment = datetime.fromisoformat(date)
                if moment.tzinfo is not None:  # `…Z` or an offset: exact, nothing assumed
                    return moment.isoformat(timespec="seconds"), None, None
                return options.clock.from_naive_iso(date), options.tz, None
            except ValueError:
                problem = "field date is not an ISO 8601 time"
        elif date is not None:
            problem = "field date is not a string"
        return None, None, problem or "no date"


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)
