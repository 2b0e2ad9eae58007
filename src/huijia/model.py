"""The values that flow through huijia: what a reader makes of one message in an export.

These are plain dataclasses with no behaviour beyond turning themselves into the JSON objects
that ARCHITECTURE.md §3.0 fixes as the `huijia read` contract. All of them are values: nothing changes one
after it is made. `Source` and `Message` are not declared `frozen` only because a frozen dataclass costs
about 2 µs more to construct (measured on this machine), and readers make hundreds of thousands per
second; `Author` and `Attachment`, made once and shared, are frozen.

Everything downstream (analysis, the store,
the web UI) works from these, so the field names here are the contract's names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

MessageKind = Literal[
    "text", "image", "sticker", "voice", "video", "file", "link", "system", "recall", "service"
]
MESSAGE_KINDS: frozenset[str] = frozenset(
    ("text", "image", "sticker", "voice", "video", "file", "link", "system", "recall", "service")
)


@dataclass(slots=True)
class Source:
    """Where a message came from, exactly enough to find the original bytes again (chain of custody).

    `line` is the 1-based line of the record's first line and `offset` its byte offset in the file, for
    formats where those mean something; JSON and HTML formats give what they can and `None` otherwise.
    """

    file: str
    format: str
    sha256: str
    line: int | None = None
    offset: int | None = None
    encoding: str | None = None
    tz_assumed: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "format": self.format,
            "sha256": self.sha256,
            "line": self.line,
            "offset": self.offset,
            "encoding": self.encoding,
            "tz_assumed": self.tz_assumed,
        }


@dataclass(frozen=True, slots=True)
class Author:
    """Who sent a message: the name shown at the time and, when the export gives one, a platform id.

    `handle` is `platform:id` (`qq:10001`, `email:a@b.c`, `wxid:wxid_x`, `telegram:user42`,
    `phone:+8613800000000`, `forum:site:uid`), or `None` when the export gives only a name.
    """

    name: str | None
    handle: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "handle": self.handle}


@dataclass(frozen=True, slots=True)
class Attachment:
    """A media item or file referred to by a message; `sha256` only when its bytes were in the export."""

    kind: str
    name: str | None = None
    sha256: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "name": self.name, "sha256": self.sha256}


@dataclass(slots=True)
class Message:
    """One message, post or forum floor, as read from an export."""

    id: str
    kind: str
    source: Source
    text: str
    channel: str | None = None
    author: Author | None = None
    sent_at: str | None = None
    attachments: tuple[Attachment, ...] = ()
    reply_to: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "source": self.source.to_dict(),
            "channel": self.channel,
            "author": self.author.to_dict() if self.author is not None else None,
            "sent_at": self.sent_at,
            "text": self.text,
            "attachments": [a.to_dict() for a in self.attachments],
            "reply_to": self.reply_to,
        }


@dataclass(frozen=True, slots=True)
class Skip:
    """A record that could not be read: where it was and what was wrong. Never silently dropped.

    `line` is a 1-based line number where the format has lines; otherwise `where` names the position
    (a byte offset, a JSON path, a WARC record offset).
    """

    file: str
    reason: str
    line: int | None = None
    where: str | None = None
    fatal: bool = False

    def describe(self) -> str:
        """The one-line form used on stderr: `file:line: what is wrong`."""
        place = self.file
        if self.line is not None:
            place = f"{place}:{self.line}"
        elif self.where is not None:
            place = f"{place}:{self.where}"
        return f"{place}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the reader decided or repaired that a careful analyst should know about.

    Not an error: the record was kept. Examples: the day/month order a WhatsApp file was read with,
    undecodable bytes replaced in one line, a truncated WARC record whose first part was kept.
    """

    file: str
    text: str
    line: int | None = None

    def describe(self) -> str:
        place = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{place}: note: {self.text}"


ReadEvent = Message | Skip | Notice


@dataclass(slots=True)
class ReadStats:
    """Counts kept while reading one or many files, for the closing summary."""

    messages: int = 0
    skipped: int = 0
    notices: int = 0
    files: int = 0
    files_failed: int = 0
    files_ignored: list[str] = field(default_factory=list)
