"""QQNT-era JSON exports of the common exporter (QQChatExporter, "QCE").

Two message key sets have been used across its versions (research/export-formats.md §1.3a):
- `id, timestamp (ms), time, sender{uid, uin, name, nickname, groupCard, remark}, type, content{text,
  elements, resources, reply}, recalled, system`;
- `messageId, timestamp (ISO string or ms), messageType (NT numbers), isSystemMessage, isRecalled,
  rawMessage{senderUin, senderUid, sendNickName, sendMemberName}, content{…, reply{referencedMessageId}}`.
People are keyed on the QQ number (`uin`) when present and not "0", otherwise on the opaque `uid`.
Display name priority: group card > nickname > name. The file is streamed: the `avatars` object of
base64 images that follows the messages can be huge and is never built.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from huijia.ingest.base import Reader, ReadOptions, SourceFile, register
from huijia.ingest.generic import RecordError, parse_time
from huijia.ingest.jsonstream import JSON_ERRORS, as_dict, broken_json, skip_bom, stream
from huijia.ingest.textfile import decode_head
from huijia.model import Attachment, Author, Message, ReadEvent

TYPE_KIND = {
    "text": "text",
    "image": "image",
    "picture": "image",
    "face": "sticker",
    "marketface": "sticker",
    "sticker": "sticker",
    "voice": "voice",
    "ptt": "voice",
    "audio": "voice",
    "video": "video",
    "file": "file",
    "link": "link",
    "json": "link",
    "ark": "link",
    "share": "link",
    "reply": "text",
    "forward": "text",
    "system": "system",
    "graytip": "system",
}
NT_TYPE_KIND = {
    2: "text",
    3: "file",
    4: "video",
    5: "system",
    6: "voice",
    7: "video",
    8: "text",
    9: "text",
    11: "link",
    17: "sticker",
}
RESOURCE_KIND = {"image": "image", "video": "video", "audio": "voice", "voice": "voice", "file": "file"}


def _first(*values: Any) -> str | None:
    for value in values:
        if value is not None and str(value).strip() not in ("", "0"):
            return str(value).strip()
    return None


def author_of(item: dict[str, Any]) -> Author:
    sender = as_dict(item.get("sender"))
    raw = as_dict(item.get("rawMessage"))
    uin = _first(sender.get("uin"), raw.get("senderUin"))
    uid = _first(sender.get("uid"), raw.get("senderUid"))
    name = _first(
        sender.get("groupCard"),
        raw.get("sendMemberName"),
        sender.get("nickname"),
        raw.get("sendNickName"),
        sender.get("name"),
        sender.get("remark"),
    )
    key = uin or uid
    return Author(name, f"qq:{key}" if key else None)


def _text(content: dict[str, Any]) -> str:
    text = content.get("text")
    if isinstance(text, str) and text:
        return text
    parts = []
    for element in content.get("elements") or []:
        if isinstance(element, dict) and isinstance(element.get("data"), dict):
            piece = element["data"].get("text") or element["data"].get("summary")
            if isinstance(piece, str):
                parts.append(piece)
    return "".join(parts)


def _attachments(content: dict[str, Any]) -> tuple[Attachment, ...]:
    out = []
    for res in content.get("resources") or []:
        if isinstance(res, dict):
            kind = RESOURCE_KIND.get(str(res.get("type", "")).lower(), "file")
            name = _first(res.get("fileName"), res.get("filename"), res.get("localPath"), res.get("url"))
            digest = res.get("sha256") if isinstance(res.get("sha256"), str) else None
            out.append(Attachment(kind, name, digest))
    return tuple(out)


def kind_of(item: dict[str, Any], text: str, attachments: tuple[Attachment, ...]) -> str:
    if item.get("recalled") or item.get("isRecalled"):
        return "recall"
    if item.get("system") or item.get("isSystemMessage"):
        return "system"
    raw_type = item.get("type")
    if isinstance(raw_type, str) and raw_type.lower() in TYPE_KIND:
        kind = TYPE_KIND[raw_type.lower()]
    elif isinstance(item.get("messageType"), int):
        kind = NT_TYPE_KIND.get(item["messageType"], "text")
    else:
        kind = "text"
    if kind == "text" and not text and attachments:
        kind = attachments[0].kind
    return kind


@register
class QQJsonReader(Reader):
    name = "qq-json"
    description = "QQNT JSON export of QQChatExporter (both message key sets)"
    extensions = (".json",)
    examples = ("qq-json/qce-v4.json", "qq-json/qce-v5.json")

    def sniff(self, head: bytes, path: Path) -> bool:
        text = decode_head(head)
        return text.lstrip().startswith("{") and '"chatInfo"' in text and '"messages"' in text

    def read(self, src: SourceFile, options: ReadOptions) -> Iterator[ReadEvent]:
        chat: str | None = None
        index = 0
        kept = 0
        items = {"messages.item": ""}
        with src.open(options.on_bytes) as fh:
            try:
                for what, _prefix, value in stream(skip_bom(fh), items, frozenset(("chatInfo.name",))):
                    if what == "scalar":
                        chat = str(value)
                        continue
                    index += 1
                    event = self._message(src, options, value, chat, index)
                    kept += isinstance(event, Message)
                    yield event
            except JSON_ERRORS as exc:
                yield broken_json(src, exc, kept, index)
                return
        if index == 0:
            yield src.skip("no messages in this export", fatal=True)

    def _message(
        self, src: SourceFile, options: ReadOptions, item: Any, chat: str | None, index: int
    ) -> ReadEvent:
        if not isinstance(item, dict):
            return src.skip("message is not a JSON object", where=f"message #{index}")
        content = as_dict(item.get("content"))
        text = _text(content)
        attachments = _attachments(content)
        try:
            sent_at, tz_assumed = parse_time(item.get("timestamp"), options)
            if sent_at is None:
                sent_at, tz_assumed = parse_time(item.get("time"), options)
        except RecordError as exc:
            return src.skip(str(exc).replace("sent_at", "timestamp"), where=f"message #{index}")
        msg_id = _first(item.get("id"), item.get("messageId"), item.get("msgId"))
        reply = as_dict(content.get("reply"))
        reply_id = _first(reply.get("referencedMessageId"), reply.get("messageId"), reply.get("msgId"))
        return Message(
            id=self.message_id(src, msg_id or f"n{index}"),
            kind=kind_of(item, text, attachments),
            source=src.source(self.name, encoding="utf-8", tz_assumed=tz_assumed),
            text=text,
            channel=chat,
            author=author_of(item),
            sent_at=sent_at,
            attachments=attachments,
            reply_to=self.message_id(src, reply_id) if reply_id else None,
        )
