"""Classic PC QQ `.mht` exports: a MIME multipart/related document holding one HTML table, then the
embedded images as base64 parts (research/export-formats.md §1.2).

Rows of the table: `消息分组:`/`消息对象:` labels, date rows (`日期: 2021-03-04`), and message rows whose
first div holds the sender's display name (a nested div) followed by the time, and whose second div
holds the message (`<font>` runs, `<br>`, `<img src="{GUID}.dat">`). Message rows carry only a time: the
last date row is carried forward. No QQ number is written, so authors have a name and no handle.

The file is read twice, in constant memory: first the image parts (after the HTML) are hashed, so that
the second pass, which streams the HTML through lxml's pull parser, can give each message's images
their SHA-256.
"""

from __future__ import annotations

import binascii
import codecs
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from huijia.ingest.base import Attachments, AttachmentsWanted, Reader, ReadOptions, SourceFile, register
from huijia.ingest.mhtml import header_block
from huijia.model import Attachment, Author, Message, Notice, ReadEvent

BOUNDARY = re.compile(rb'boundary\s*=\s*"?([^";\r\n]+)"?', re.I)
CHARSET = re.compile(rb'charset\s*=\s*"?([\w-]+)"?', re.I)
DATE_ROW = re.compile(r"日期\s*[:：]\s*(\d{4})-(\d{1,2})-(\d{1,2})")
LABEL_ROW = re.compile(r"^(消息分组|消息对象|group|contact)\s*[:：]\s*(.*)$", re.I)
TIME = re.compile(r"(\d{1,2}):(\d{2}):(\d{2})(?:\s?([AaPp][Mm]))?")
IMAGE_REF = re.compile(r"\{?[0-9A-Fa-f-]{8,}\}?\.\w+$")
RECALL_MARK = "撤回了一条消息"


@dataclass(slots=True)
class Part:
    """One MIME part: its headers (lower-case names) and the line where its body starts."""

    headers: dict[str, str] = field(default_factory=dict)
    body_line: int = 0

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def encoding(self) -> str:
        return self.headers.get("content-transfer-encoding", "7bit").strip().lower()

    @property
    def location(self) -> str | None:
        value = self.headers.get("content-location")
        return value.strip() if value else None


class MimeFormatError(ValueError):
    pass


def _boundary(fh: BinaryIO) -> tuple[bytes, int]:
    """The multipart boundary from the top-level headers, and how many lines they took."""
    header = b""
    lines = 0
    for raw in fh:
        lines += 1
        if not raw.strip():
            break
        header += raw
        if len(header) > 64 * 1024:
            break
    match = BOUNDARY.search(header)
    if match is None:
        raise MimeFormatError("no multipart boundary in the MIME headers")
    return b"--" + match.group(1).strip(), lines


def iter_parts(fh: BinaryIO) -> Iterator[tuple[Part, Iterator[bytes]]]:
    """Each MIME part with an iterator over its body lines (consume it, or it is skipped)."""
    boundary, line_no = _boundary(fh)
    end = boundary + b"--"
    state = {"line": line_no, "at_boundary": False, "done": False}

    def body() -> Iterator[bytes]:
        for raw in fh:
            state["line"] += 1
            stripped = raw.rstrip(b"\r\n")
            if stripped.startswith(boundary):
                state["at_boundary"] = True
                state["done"] = stripped.startswith(end)
                return
            yield raw
        state["done"] = True

    # skip the preamble up to the first boundary
    for _ in body():
        pass
    while not state["done"]:
        state["at_boundary"] = False
        part = Part()
        key = ""
        for raw in fh:
            state["line"] += 1
            text = raw.decode("latin-1").rstrip("\r\n")
            if not text.strip():
                break
            if text[:1] in " \t" and key:
                part.headers[key] += " " + text.strip()
            elif ":" in text:
                key, _, value = text.partition(":")
                key = key.strip().lower()
                part.headers[key] = value.strip()
        else:
            return
        part.body_line = state["line"] + 1
        lines = body()
        yield part, lines
        for _ in lines:  # drain what the caller did not read
            pass


def _decoded(part: Part, lines: Iterator[bytes]) -> Iterator[bytes]:
    if part.encoding == "base64":
        for raw in lines:
            yield binascii.a2b_base64(raw.strip())
    elif part.encoding == "quoted-printable":
        for raw in lines:
            yield binascii.a2b_qp(raw)
    else:
        yield from lines


def embedded_files(path: Path, max_bytes: int) -> Iterator[tuple[str, str, bytes | None]]:
    """(SHA-256, content type, bytes) of each embedded non-HTML part, streamed one part at a time.

    The bytes are None for a part over `max_bytes` (its hash is still given). Raises MimeFormatError or
    binascii.Error like `read`, which has already reported them.
    """
    with path.open("rb") as fh:
        for part, lines in iter_parts(fh):
            if part.content_type == "text/html" or not part.location:
                continue
            digest = hashlib.sha256()
            kept: list[bytes] | None = []
            size = 0
            for chunk in _decoded(part, lines):
                digest.update(chunk)
                size += len(chunk)
                if kept is not None:
                    kept.append(chunk)
                    if size > max_bytes:
                        kept = None
            yield digest.hexdigest(), part.content_type, None if kept is None else b"".join(kept)


def _text_of(element: Any) -> str:
    """Text of a message body: <br> becomes a line break, images are left to the attachment list."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node.tag, str) and node.tag.lower() == "br":
            out.append("\n")
        elif node.text and isinstance(node.tag, str):
            out.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                out.append(child.tail)

    walk(element)
    return "".join(out).replace("\xa0", " ").strip()


@register
class QQMhtReader(Reader):
    name = "qq-mht"
    description = "QQ message-manager MHT export (.mht), with embedded images hashed"
    extensions = (".mht", ".mhtml")
    examples = ("qq-mht/group.mht",)
    hands_over_attachments = True

    def sniff(self, head: bytes, path: Path) -> bool:
        # QQ's marks in the document's own headers (a browser's saved page may mention Tencent in its page)
        block = header_block(head[:2048])
        return b"Tencent MsgMgr" in block or (
            b"multipart/related" in block and b"Tencent IM Message" in block
        )

    def attachments(self, path: Path, wanted: AttachmentsWanted, max_bytes: int) -> Attachments:
        """The embedded images, found by the SHA-256 `read` recorded for each."""
        found = Attachments()
        if not wanted.hashes:
            return found
        try:
            for digest, _type, data in embedded_files(path, max_bytes):
                if digest in wanted.hashes:
                    found.by_hash[digest] = data
        except (MimeFormatError, binascii.Error):
            pass  # `read` has already reported this file's damage; its images stay missing
        return found

    def read(self, src: SourceFile, options: ReadOptions) -> Iterator[ReadEvent]:
        if src.size == 0:
            yield src.skip("empty file", fatal=True)
            return
        hashes: dict[str, str] = {}
        sink = options.attachments
        try:
            with src.open() as fh:
                for part, lines in iter_parts(fh):
                    if part.content_type != "text/html" and part.location:
                        digest = hashlib.sha256()
                        kept: list[bytes] | None = [] if sink is not None else None
                        size = 0
                        for chunk in _decoded(part, lines):
                            digest.update(chunk)
                            size += len(chunk)
                            if kept is not None and sink is not None:
                                kept = kept if size <= sink.max_bytes else None
                                if kept is not None:
                                    kept.append(chunk)
                        hashes[part.location] = digest.hexdigest()
                        if sink is not None:  # the images, handed over now: nobody opens the file for them
                            data = b"".join(kept) if kept is not None else None
                            sink.keep(src.sha256, hashes[part.location], part.location, data)
        except MimeFormatError as exc:
            yield src.skip(str(exc), fatal=True)
            return
        except binascii.Error:
            yield src.skip("an embedded image part is not valid base64; images left without hashes")
        with src.open(options.on_bytes) as fh:
            for part, lines in iter_parts(fh):
                if part.content_type == "text/html":
                    yield from self._rows(src, options, part, lines, hashes)
                    return
        yield src.skip("no HTML part in this MHT file", fatal=True)

    def _rows(
        self,
        src: SourceFile,
        options: ReadOptions,
        part: Part,
        lines: Iterator[bytes],
        hashes: dict[str, str],
    ) -> Iterator[ReadEvent]:
        from lxml import etree

        match = CHARSET.search(part.headers.get("content-type", "").encode())
        charset = match.group(1).decode() if match else "utf-8"
        try:
            codecs.lookup(charset)
        except LookupError:
            yield Notice(src.display, f"the page declares an unknown charset {charset[:30]!r}; read as UTF-8")
            charset = "utf-8"
        parser = etree.HTMLPullParser(events=("end",), tag="tr", encoding=charset)
        state: dict[str, Any] = {"date": None, "channel": None, "charset": charset.lower()}
        count = 0
        try:
            for chunk in _decoded(part, lines):
                parser.feed(chunk)
                for event in self._drain(src, options, parser, part.body_line, state, hashes):
                    count += isinstance(event, Message)
                    yield event
            parser.close()
            for event in self._drain(src, options, parser, part.body_line, state, hashes):
                count += isinstance(event, Message)
                yield event
        except (etree.LxmlError, binascii.Error, ValueError) as exc:
            yield src.skip(
                f"the HTML part breaks here ({type(exc).__name__}); {count:,} messages before it were kept",
                fatal=count == 0,
            )
            return
        if count == 0:
            yield src.skip("no message rows in the HTML part (not a QQ message-manager table?)", fatal=True)

    def _drain(
        self,
        src: SourceFile,
        options: ReadOptions,
        parser: Any,
        first_line: int,
        state: dict[str, Any],
        hashes: dict[str, str],
    ) -> Iterator[ReadEvent]:
        for _, row in parser.read_events():
            event = self._row(src, options, row, first_line, state, hashes)
            if event is not None:
                yield event
            row.clear(keep_tail=True)
            while row.getprevious() is not None:  # keep memory flat on long tables
                del row.getparent()[0]

    def _row(
        self,
        src: SourceFile,
        options: ReadOptions,
        row: Any,
        first_line: int,
        state: dict[str, Any],
        hashes: dict[str, str],
    ) -> ReadEvent | None:
        line = first_line + (row.sourceline or 1) - 1
        cell = row.find("td")
        if cell is None:
            return None
        divs = [child for child in cell if isinstance(child.tag, str) and child.tag.lower() == "div"]
        whole = "".join(cell.itertext()).strip()
        if len(divs) < 2 or divs[0].find("div") is None:
            date = DATE_ROW.search(whole)
            if date:
                state["date"] = tuple(int(g) for g in date.groups())
                return None
            label = LABEL_ROW.match(whole)
            if label and label.group(1) in ("消息对象", "contact"):
                state["channel"] = label.group(2).strip() or None
            return None
        header, body = divs[0], divs[1]
        name_div = header.find("div")
        name = "".join(name_div.itertext()).strip()
        clock = TIME.search(name_div.tail or "") or TIME.search("".join(header.itertext())[len(name) :])
        if clock is None:
            return src.skip("message row without a time", line=line)
        if state["date"] is None:
            return src.skip("message row before any date row", line=line)
        year, month, day = state["date"]
        hour, minute, second = int(clock.group(1)), int(clock.group(2)), int(clock.group(3))
        if clock.group(4):
            from huijia.ingest.timeparse import hour_from_12h

            try:
                hour = hour_from_12h(hour, clock.group(4).lower())
            except ValueError:
                return src.skip("impossible time in message row", line=line)
        try:
            sent_at = options.clock.iso(year, month, day, hour, minute, second)
        except ValueError:
            return src.skip("impossible date or time in message row", line=line)
        attachments = []
        for img in body.iter("img", "IMG"):
            ref = (img.get("src") or "").strip()
            if not ref:
                continue
            location = ref if ref in hashes else next((k for k in hashes if k.endswith(ref)), ref)
            attachments.append(Attachment("image", ref, hashes.get(location)))
        text = _text_of(body)
        kind = "text"
        if not text and attachments:
            kind = "image"
        elif name == "系统消息":
            kind = "system"
        elif RECALL_MARK in text and len(text) <= 40:
            kind = "recall"
        return Message(
            id=self.message_id(src, line),
            kind=kind,
            source=src.source(self.name, line=line, encoding=state["charset"], tz_assumed=options.tz),
            text=text,
            channel=state["channel"],
            author=Author(name or None, None),
            sent_at=sent_at,
            attachments=tuple(attachments),
        )
