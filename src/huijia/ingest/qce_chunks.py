"""QQChatExporter's chunked JSONL layout (QCE V5, `exportMode: chunked-jsonl`, 2025).

An export folder `<name>_chunked_jsonl/` holds `manifest.json` (the chat's `chatInfo`, `statistics` and a
`chunked.chunks` list of `{relativePath: "chunks/c000001.jsonl", count, start, end, …}`), the chunk files
`chunks/c000001.jsonl`, `c000002.jsonl`, … (one message per line, as the single-file JSON's `messages`
items: QCE writes the parsed message, `messageId`, `messageSeq`, the time as an ISO string, the NT
`messageType`, `sender{uid, uin, name}`, `content{text, resources, reply}`, `rawMessage`), and, when
avatars were embedded, `avatars.json` (uin → base64 image; not messages).

Each chunk is read as a file of its own (its own SHA-256; `line`/`offset` are the message's line in the
chunk), with the chat name from the manifest beside it. A manifest read as an input holds no messages: it
is checked for chunks it names that are missing, and each chunk is checked against the number of messages
the manifest gives it, so a chunk cut short or lost is noted, never silent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import orjson

from huijia.ingest.jsonstream import as_dict
from huijia.model import Notice

CHUNK_NAME = re.compile(r"^c\d{6}\.jsonl$")
MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = 64 * 1024 * 1024  # a manifest is small (statistics and a chunk list)
MESSAGE_KEYS = ("messageId", "messageSeq", "id", "seq")


def looks_like_message(line: str) -> bool:
    """Whether one JSON line is a QCE message (its id, sender and content), not a generic post."""
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError:
        return False
    return (
        isinstance(record, dict)
        and "content" in record
        and ("sender" in record or "rawMessage" in record)
        and any(key in record for key in MESSAGE_KEYS)
    )


def is_chunk(text: str, path: Path) -> bool:
    """A chunk file: named `c000001.jsonl` in a folder with a QCE manifest above it (whatever its first
    line holds: a damaged first line, or bytes that do not decode, must not hide the lines after it), or
    a file whose first line is a QCE message."""
    if CHUNK_NAME.match(path.name) and (path.parent.parent / MANIFEST).is_file():
        return True
    if not text.startswith("{"):
        return False
    first, newline, _ = text.partition("\n")
    return bool(newline) and looks_like_message(first)


def is_manifest(text: str) -> bool:
    return text.startswith("{") and '"chunked"' in text and '"chatInfo"' in text


@dataclass(frozen=True, slots=True)
class Manifest:
    chat: str | None
    chunks: dict[str, int | None]  # relative path (chunks/c000001.jsonl) → the messages it should hold
    folder: Path


def load_manifest(path: Path) -> Manifest | str:
    """The manifest at `path`, or why it cannot be read (never a value from inside it)."""
    try:
        if path.stat().st_size > MAX_MANIFEST_BYTES:
            return "is larger than a manifest can be"
        doc = orjson.loads(path.read_bytes())
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    except orjson.JSONDecodeError:
        return "is not valid JSON"
    if not isinstance(doc, dict):
        return "is not a JSON object"
    name = as_dict(doc.get("chatInfo")).get("name")
    chunks: dict[str, int | None] = {}
    listed = as_dict(doc.get("chunked")).get("chunks")
    for item in listed if isinstance(listed, list) else []:
        entry = as_dict(item)
        rel = entry.get("relativePath") or entry.get("fileName")
        if isinstance(rel, str) and rel:
            count = entry.get("count")
            chunks[rel.replace("\\", "/")] = count if isinstance(count, int) else None
    return Manifest(name if isinstance(name, str) and name else None, chunks, path.parent)


def manifest_for(chunk: Path) -> Path:
    return chunk.parent.parent / MANIFEST


def chunk_key(chunk: Path) -> str:
    return f"{chunk.parent.name}/{chunk.name}"


def manifest_notes(display: str, manifest: Manifest) -> list[Notice]:
    """What reading a manifest as an input says: where the messages are, and which chunks are missing."""
    total = sum(n or 0 for n in manifest.chunks.values())
    notes = [
        Notice(
            display,
            f"manifest of a QQChatExporter chunked export ({len(manifest.chunks)} chunk(s), {total:,} "
            "messages): the messages are read from its chunk files (give the export folder)",
        )
    ]
    for rel, count in manifest.chunks.items():
        if not (manifest.folder / rel).is_file():
            held = f"its {count:,} messages are" if count is not None else "its messages are"
            notes.append(Notice(display, f"chunk {rel} named in the manifest is missing: {held} not read"))
    if not manifest.chunks:
        notes.append(Notice(display, "the manifest lists no chunks (field chunked.chunks)"))
    return notes


def count_note(display: str, manifest: Manifest | None, chunk: Path, lines: int) -> Notice | None:
    """A note when the chunk holds another number of message lines than the manifest gives it."""
    if manifest is None:
        return None
    expected = manifest.chunks.get(chunk_key(chunk))
    if expected is None or expected == lines:
        return None
    return Notice(
        display,
        f"the manifest gives this chunk {expected:,} messages; it holds {lines:,} lines"
        + (" (cut short?)" if lines < expected else ""),
    )
