"""QQNT-era JSON exports of the common exporter (QQChatExporter, "QCE").

Two message key sets have been used across its versions (research/export-formats.md §1.3a):
- `id, timestamp (ms), time, sender{uid, uin, name, nickname, groupCard, remark}, type, content{text,
  elements, resources, reply}, recalled, system`;
- `messageId, timestamp (ISO string or ms), messageType (NT numbers), isSystemMessage, isRecalled,
  rawMessage{senderUin, senderUid, sendNickName, sendMemberName}, content{…, reply{referencedMessageId}}`.
The current QCE (2025) numbers messages by `seq` (no `id`), writes its message type as `type_` + the NT
message type and element types as `type_` + NT element type, and gives replies as a `reply` element with
`referencedMessageId`; media are then only elements (no `resources`).
People are keyed on the QQ number (`uin`) when present and not "0", otherwise on the opaque `uid`.
Display name priority: group card > nickname > name. The file is streamed: the `avatars` object of
base64 images that follows the messages can be huge and is never built.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from huijia.ingest import qce_chunks
from huijia.ingest.base import Reader, ReadOptions, SourceFile, none_readable, record_events, register
from huijia.ingest.generic import RecordError, parse_time
from huijia.ingest.jsonstream import BrokenJson, as_dict, broken_json, parsed, skip_bom, stream
from huijia.ingest.qce_txt import is_qce_txt, read_qce_txt
from huijia.ingest.textfile import SNIFF_BYTES, decode_head, iter_byte_lines
from huijia.model import Attachment, Author, Message, Notice, ReadEvent

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
# QQNT element types (NapCat's ElementType), which the current QCE writes as `type_N`.
NT_ELEMENT_KIND = {
    1: "text",
    2: "image",
    3: "file",
    4: "voice",
    5: "video",
    6: "sticker",
    7: "reply",
    8: "system",
    10: "link",
    11: "sticker",
    16: "text",
}
ELEMENT_KIND = {
    **TYPE_KIND,
    "market_face": "sticker",
    "location": "link",
    "ptt": "voice",
    "grey_tip": "system",
    "greytip": "system",
    "at": "text",
    "reply": "reply",
}
MEDIA = frozenset(("image", "video", "voice", "file", "sticker"))


def element_kind(raw: Any) -> str | None:
    """Our kind for one content element's `type` (`image`, `type_2`, 2), or None when unknown."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return NT_ELEMENT_KIND.get(raw)
    if not isinstance(raw, str):
        return None
    name = raw.strip().lower()
    if name.startswith("type_") and name[5:].isdigit():
        return NT_ELEMENT_KIND.get(int(name[5:]))
    return ELEMENT_KIND.get(name)


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


def _elements(content: dict[str, Any]) -> list[dict[str, Any]]:
    elements = content.get("elements")
    return [e for e in elements if isinstance(e, dict)] if isinstance(elements, list) else []


def _text(content: dict[str, Any]) -> str:
    text = content.get("text")
    if isinstance(text, str) and text:
        return text
    parts = []
    for element in _elements(content):
        data = as_dict(element.get("data"))
        if element_kind(element.get("type")) in (None, "text", "link", "system"):
            piece = data.get("text") or data.get("summary") or element.get("text")
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
    if out:
        return tuple(out)
    for element in _elements(content):  # the current QCE: media only as elements
        element_type = element_kind(element.get("type"))
        if element_type is not None and element_type in MEDIA and element_type != "sticker":
            data = as_dict(element.get("data"))
            name = _first(
                data.get("filename"),
                data.get("fileName"),
                data.get("name"),
                data.get("url"),
                data.get("path"),
            )
            out.append(Attachment(element_type, name))
    return tuple(out)


def unknown_elements(content: dict[str, Any]) -> list[str]:
    """The element types this reader does not know (named in a note: their content is left out)."""
    return sorted(
        {str(e.get("type"))[:30] for e in _elements(content) if element_kind(e.get("type")) is None}
    )


def reply_of(content: dict[str, Any]) -> str | None:
    reply = as_dict(content.get("reply"))
    found = _first(reply.get("referencedMessageId"), reply.get("messageId"), reply.get("msgId"))
    if found:
        return found
    for element in _elements(content):  # the current QCE: a `reply` element
        if element_kind(element.get("type")) == "reply":
            data = as_dict(element.get("data"))
            found = _first(
                element.get("referencedMessageId"),
                data.get("referencedMessageId"),
                data.get("messageId"),
                data.get("replyMsgId"),
            )
            if found:
                return found
    return None


def kind_of(
    item: dict[str, Any],
    text: str,
    attachments: tuple[Attachment, ...],
    content: dict[str, Any] | None = None,
) -> str:
    if item.get("recalled") or item.get("isRecalled"):
        return "recall"
    if item.get("system") or item.get("isSystemMessage"):
        return "system"
    raw_type = item.get("type")
    if isinstance(raw_type, str) and raw_type.lower() in TYPE_KIND:
        kind = TYPE_KIND[raw_type.lower()]
    elif isinstance(raw_type, str) and raw_type.lower().startswith("type_") and raw_type[5:].isdigit():
        kind = NT_TYPE_KIND.get(int(raw_type[5:]), "text")  # the current QCE: `type_` + NT msgType
    elif isinstance(item.get("messageType"), int):
        kind = NT_TYPE_KIND.get(item["messageType"], "text")
    else:
        kind = "text"
    if kind == "text" and not text and attachments:
        kind = attachments[0].kind
    if kind == "text" and not text and content is not None:
        kinds = [element_kind(e.get("type")) for e in _elements(content)]
        if "system" in kinds:
            kind = "system"
        elif "sticker" in kinds:
            kind = "sticker"
    return kind


QCE_LAYOUT_NAMES = {
    "txt": "QQChatExporter TXT",
    "manifest": "QQChatExporter chunked JSONL (manifest)",
    "chunk": "QQChatExporter chunked JSONL (chunk)",
    "json": "QQChatExporter JSON",
}


def qce_layout(text: str, path: Path) -> str:
    """Which of QQChatExporter's outputs a file is, from its first bytes decoded: one decision for `read`
    and for the note that names it."""
    if is_qce_txt(text):
        return "txt"
    if qce_chunks.is_manifest(text) and '"messages"' not in text:
        return "manifest"
    if qce_chunks.is_chunk(text, path):
        return "chunk"
    return "json"


@register
class QQJsonReader(Reader):
    name = "qq-json"
    description = (
        "QQNT exports of QQChatExporter: JSON (both message key sets), the chunked JSONL layout"
        " (manifest.json + chunks/*.jsonl), TXT with its banner"
    )
    extensions = (".json", ".jsonl", ".txt")
    examples = (
        "qq-json/qce-v4.json",
        "qq-json/qce-v5.json",
        "qq-json/江西宝宝送养交流群_chunked_jsonl/chunks/c000001.jsonl",
        "qq-json/qce-v5.txt",
    )

    def sniff(self, head: bytes, path: Path) -> bool:
        text = decode_head(head).lstrip()
        if text.startswith("{") and '"chatInfo"' in text and '"messages"' in text:
            return True
        return is_qce_txt(text) or qce_chunks.is_manifest(text) or qce_chunks.is_chunk(text, path)

    def layout(self, head: bytes, path: Path) -> str | None:
        """QQChatExporter's layout, as `read` decides it (`qce_layout`)."""
        return QCE_LAYOUT_NAMES[qce_layout(decode_head(head).lstrip(), path)]

    def read(self, src: SourceFile, options: ReadOptions) -> Iterator[ReadEvent]:
        layout = qce_layout(decode_head(src.head(SNIFF_BYTES)).lstrip(), src.path)
        if layout == "txt":
            yield from read_qce_txt(self, src, options)
        elif layout == "manifest":
            yield from self._manifest(src)
        elif layout == "chunk":
            yield from self._chunk(src, options)
        else:
            yield from self._single(src, options)

    def _manifest(self, src: SourceFile) -> Iterator[ReadEvent]:
        manifest = qce_chunks.load_manifest(src.path)
        if isinstance(manifest, str):
            yield src.skip(f"QQChatExporter manifest {manifest}", fatal=True)
            return
        yield from qce_chunks.manifest_notes(src.display, manifest)

    def _chunk(self, src: SourceFile, options: ReadOptions) -> Iterator[ReadEvent]:
        """One chunk of the chunked JSONL layout: a message a line, the chat name from the manifest."""
        manifest: qce_chunks.Manifest | None = None
        place = qce_chunks.manifest_for(src.path)
        if place.is_file():
            found = qce_chunks.load_manifest(place)
            if isinstance(found, str):
                yield Notice(src.display, f"the manifest beside this chunk {found}; chat name unknown")
            else:
                manifest = found
        else:
            yield Notice(src.display, "no manifest.json above this chunk; chat name unknown")
        chat = manifest.chat if manifest is not None else None
        lines = 0
        seen: set[str] = set()
        with src.open(options.on_bytes) as fh:
            for line_no, offset, raw in iter_byte_lines(fh):
                if not raw.strip():
                    continue
                lines += 1
                try:
                    item = orjson.loads(raw)
                except orjson.JSONDecodeError as exc:
                    yield src.skip(f"not valid JSON ({str(exc).split(':')[0]})", line=line_no)
                    continue
                yield from record_events(
                    src,
                    self._message,
                    *(src, options, item, chat, lines),
                    at_line=line_no,
                    line=line_no,
                    offset=offset,
                    seen=seen,
                )
        note = qce_chunks.count_note(src.display, manifest, src.path, lines)
        if note is not None:
            yield note
        if lines == 0:
            yield src.skip("no messages in this chunk", fatal=True)

    def _single(self, src: SourceFile, options: ReadOptions) -> Iterator[ReadEvent]:
        chat: str | None = None
        index = 0
        kept = 0
        items = {"messages.item": ""}
        with src.open(options.on_bytes) as fh:
            try:
                for what, _prefix, value in parsed(
                    stream(skip_bom(fh), items, frozenset(("chatInfo.name",)))
                ):
                    if what == "scalar":
                        chat = str(value)
                        continue
                    index += 1
                    events = record_events(
                        src, self._message, *(src, options, value, chat, index), where=f"message #{index}"
                    )
                    kept += sum(isinstance(event, Message) for event in events)
                    yield from events
            except BrokenJson as exc:
                yield broken_json(src, exc.cause, kept, index)
                return
        if index == 0:
            yield src.skip("no messages in this export", fatal=True)
        elif kept == 0:
            yield none_readable(src, index)

    def _message(
        self,
        src: SourceFile,
        options: ReadOptions,
        item: Any,
        chat: str | None,
        index: int,
        *,
        line: int | None = None,
        offset: int | None = None,
        seen: set[str] | None = None,
    ) -> list[ReadEvent]:
        """The message, after a Notice for each field it has and this reader could not read. In a JSONL
        chunk the message has a `line` (notes then name it, not the message's index), and `seen` holds the
        ids read so far in the chunk: a reply to a message in another chunk (another file, whose id this
        file cannot give) is noted and left without `reply_to`."""
        if not isinstance(item, dict):
            if line is not None:
                return [src.skip("message is not a JSON object", line=line)]
            return [src.skip("message is not a JSON object", where=f"message #{index}")]
        content = as_dict(item.get("content"))
        text = _text(content)
        attachments = _attachments(content)
        where = f"message #{index}" if line is None else "message"
        notes: list[ReadEvent] = []
        sent_at: str | None = None
        tz_assumed: str | None = None
        for field in ("timestamp", "time"):
            if sent_at is not None:
                break
            try:
                sent_at, tz_assumed = parse_time(item.get(field), options, field)
            except RecordError as exc:
                notes.append(Notice(src.display, f"{where}: {exc}", line))
        if sent_at is None:
            notes.append(Notice(src.display, f"{where}: no readable time; message kept without one", line))
        unknown = unknown_elements(content)
        if unknown:
            notes.append(
                Notice(
                    src.display, f"{where}: element type(s) {', '.join(unknown)} not known; left out", line
                )
            )
        msg_id = _first(
            item.get("id"), item.get("messageId"), item.get("msgId"), item.get("seq"), item.get("messageSeq")
        )
        if msg_id is None:
            notes.append(Notice(src.display, f"{where}: no id, seq or messageId; numbered by position", line))
        reply_id = reply_of(content)
        if seen is not None:
            if reply_id is not None and reply_id not in seen:
                notes.append(
                    Notice(
                        src.display,
                        f"{where}: replies to message {reply_id[:40]}, which is not in this chunk; "
                        "reply_to left empty",
                        line,
                    )
                )
                reply_id = None
            if msg_id is not None:
                seen.add(msg_id)
        notes.append(
            Message(
                id=self.message_id(src, msg_id or (f"n{index}" if line is None else line)),
                kind=kind_of(item, text, attachments, content),
                source=src.source(
                    self.name, line=line, offset=offset, encoding="utf-8", tz_assumed=tz_assumed
                ),
                text=text,
                channel=chat,
                author=author_of(item),
                sent_at=sent_at,
                attachments=attachments,
                reply_to=self.message_id(src, reply_id) if reply_id else None,
            )
        )
        return notes
