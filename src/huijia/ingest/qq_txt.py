"""Classic PC QQ / TIM "导出消息记录" text exports (消息管理器, QQ ≤ 9.7).

Structure (research/export-formats.md §1.1): a title line, then one or more conversation blocks framed by
lines of `=` around `消息分组:` and `消息对象:`, then records: a header line
`YYYY-MM-DD H:MM:SS [AM|PM] sender` followed by content lines and a blank line.

Two rules keep spoofed or accidental header-like content from splitting a message:
- a header must name a sender (a bare timestamp on its own line is content);
- in files whose records end in CRLF, a line break inside a message is a bare LF, so a header-like line
  that follows a bare LF is content.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from huijia.ingest import native
from huijia.ingest.base import Reader, ReadOptions, SourceFile, register, text_encoding
from huijia.ingest.textfile import (
    TextChunk,
    decode_head,
    iter_chunks,
)
from huijia.ingest.timeparse import hour_from_12h
from huijia.model import (
    Attachment,
    Author,
    Batch,
    EncodedMessages,
    Message,
    MessageBatch,
    Notice,
    ReadEvent,
    Skip,
    Source,
)

# Header lines. Digits are ASCII ([0-9], not \d, which takes any script's digits): the compiled scanner
# (_qq_scan.pyx) implements the same grammar by hand.
HEADER_M = re.compile(
    r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})[ \t]+([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:[ \t]?([AaPp][Mm]))?"
    r"[ \t]+(\S[^\r\n]*)\r?$",
    re.M,
)  # the sender group keeps trailing blanks (parse_sender strips them): a greedy group scans 2.7× faster
HEADER = re.compile(
    r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})[ \t]+([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:[ \t]?([AaPp][Mm]))?"
    r"[ \t]+(\S.*?)[ \t]*$"
)
TITLES = re.compile(r"^(?:【[^】]*】\s*)+")
UIN_TAIL = re.compile(r"\((\d{3,13})\)$")
MAIL_TAIL = re.compile(r"<([^<>\s]+@[^<>\s]+)>$")
PHONE_TAIL = re.compile(r"<(\+?[0-9]{7,15})>$")  # accounts that log in with a phone number
BLOCK_LABEL = re.compile(r"^(消息分组|MSGMGR_MSGFOLDER|消息对象|MSGMGR_MSGOBJ)\s*[:：=]\s*(.*)$")
SEPARATOR = re.compile(r"^={3,}\s*$")
BLOCK_SEP = re.compile(r"^={10,}\s*$")
TITLE_LINE = "消息记录（此消息记录为文本格式，不支持重新导入）"
SYSTEM_UINS = frozenset(("10000", "1000000"))

# Whole-message placeholders → kind. `[坏笑]`-style face names are text, not media.
PLACEHOLDER_KIND = {
    "[图片]": "image",
    "[表情]": "sticker",
    "[语音]": "voice",
    "[视频]": "video",
    "[文件]": "file",
    "[闪照]": "image",
}
ATTACHMENT_TOKENS = re.compile(r"\[(图片|表情|语音|视频|文件|闪照)\]")
RECALL_MARK = "撤回了一条消息"
# Records per call of the compiled scanner, handed on as one MessageBatch. Measured on a 50 MB export:
# 64 → 2.66 s, 256 → 2.41 s, 1024 → 2.33 s, 4096 → 3.0 s (more messages alive at once make the garbage
# collector's young generation walks dearer).
SCAN_BATCH = 1024


def _trim_record(body: str) -> str:
    """Record text with CRLF and bare CR made LF and trailing blank lines dropped; the last real line kept
    as written. (Some QQ builds break lines inside a message with a bare CR.)"""
    if "\r" in body:
        body = body.replace("\r\n", "\n").replace("\r", "\n")
    cut = body.find("\n", len(body.rstrip()))
    if cut != -1:
        body = body[:cut]
    return body.removesuffix("\r")


def parse_sender(who: str) -> Author:
    """Name and handle from the sender part of a header: `name(QQ)`, `name<mail>`, or a bare name."""
    who = TITLES.sub("", who).strip()
    match = UIN_TAIL.search(who)
    if match:
        name = who[: match.start()].strip()
        return Author(name or None, f"qq:{match.group(1)}")
    match = MAIL_TAIL.search(who)
    if match:
        name = who[: match.start()].strip()
        return Author(name or None, f"email:{match.group(1).lower()}")
    match = PHONE_TAIL.search(who)
    if match:
        number = e164(match.group(1))
        if number is not None:
            return Author(who[: match.start()].strip() or None, f"phone:{number}")
    return Author(who or None, None)


def e164(digits: str, region: str = "CN") -> str | None:
    """The E.164 form of a phone number as written (mainland China unless it starts with +), or None."""
    import phonenumbers

    try:
        number = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def classify(author: Author, text: str) -> tuple[str, tuple[Attachment, ...]]:
    """The message kind and attachments implied by the sender and the placeholders in the text."""
    if author.name == "系统消息" and (author.handle is None or author.handle[3:] in SYSTEM_UINS):
        return "system", ()
    if "[" not in text and RECALL_MARK not in text:
        return "text", ()
    stripped = text.strip()
    if RECALL_MARK in stripped and len(stripped) <= 40 and "\n" not in stripped:
        return "recall", ()
    if "[" not in text:
        return "text", ()
    attachments = tuple(
        Attachment(PLACEHOLDER_KIND[f"[{m.group(1)}]"], m.group(0)) for m in ATTACHMENT_TOKENS.finditer(text)
    )
    kind = PLACEHOLDER_KIND.get(stripped, "text")
    return kind, attachments


@register
class QQTextReader(Reader):
    name = "qq-txt"
    description = "QQ / TIM message-manager text export (.txt)"
    extensions = (".txt",)
    examples = ("qq-txt/group-crlf-utf8bom.txt", "qq-txt/gb18030-ampm.txt")

    def sniff(self, head: bytes, path: Path) -> bool:
        if head.lstrip()[:40].lower().startswith((b"from:", b"mime-version:")):
            return False  # a QQ .mht: its HTML holds the same labels, but it is qq-mht's
        text = decode_head(head)
        if TITLE_LINE[:6] in text[:200] or "消息对象:" in text or "MSGMGR_MSGOBJ" in text:
            return True
        for line in text.splitlines()[:20]:
            header = HEADER.match(line)
            who = header.group(8) if header is not None else ""
            if header is not None and (
                UIN_TAIL.search(who) or MAIL_TAIL.search(who) or PHONE_TAIL.search(who)
            ):
                return True
        return False

    def read(self, src: SourceFile, options: ReadOptions) -> Iterator[ReadEvent | Batch]:
        encoding = text_encoding(src)
        if isinstance(encoding, Skip):
            yield encoding
            return
        replaced: list[int] = []
        parser = _QQTextParser(self, src, options, encoding)
        with src.open(options.on_bytes) as fh:
            for chunk in iter_chunks(fh, encoding, replaced.append):
                for bad in replaced:
                    yield Notice(src.display, f"undecodable bytes replaced (read as {encoding})", bad)
                replaced.clear()
                yield from parser.feed(chunk)
        yield from parser.close()


class _QQTextParser:
    """The record grammar of a QQ text export, fed decoded chunks of whole lines.

    Header lines are found with one multi-line regular expression per chunk; the Python code runs once
    per record, not once per line. A record may continue across chunks.
    """

    def __init__(self, reader: Reader, src: SourceFile, options: ReadOptions, encoding: str) -> None:
        self.src = src
        self.fmt = reader.name
        self.prefix = f"{reader.name}:{src.short}:"
        self.encoding = encoding
        self.tz = options.tz
        self.clock = options.clock
        self.json_lines = options.json_lines
        self.channel: str | None = None
        self.authors: dict[str, Author] = {}
        self.hours: dict[tuple[str, str, str, str, str | None], tuple[str, str] | None] = {}
        self.crlf_mode: bool | None = None
        self.blank_between: bool | None = None
        # the open record: (line, offset, author, sent_at), its content so far, or a record being skipped
        self.current: tuple[int, int, Author, str | None] | None = None
        self.skipping = False
        self.parts: list[str] = []
        self.prev_last_line: str | None = None
        self.stray: list[int] = []
        self.scanner = native.qq_scan()  # the compiled fast path, when built (None: this parser alone)
        self.record_scanner: Any = None  # its RecordScanner for this file, made at its first use

    # -- boundaries -------------------------------------------------------------------------------------
    @staticmethod
    def _previous_line(text: str, idx: int, before_chunk: str | None) -> str | None:
        if idx == 0:
            return before_chunk
        return text[text.rfind("\n", 0, idx - 1) + 1 : idx - 1]

    # -- feeding -----------------------------------------------------------------------------------------
    def feed(self, chunk: TextChunk) -> Iterator[ReadEvent | Batch]:
        """Events for the records that this chunk completes. The hot path: no generator per record, and
        the line before a header is only cut out when a cheap look at its last characters cannot decide.
        Once the file's conventions are known, runs of ordinary records go to the compiled scanner.
        """
        text = chunk.text
        pos = 0
        slow_at = -1  # the header where the scanner stopped: this parser reads that record itself
        match = HEADER_M.search(text)
        while match is not None:
            idx = match.start()
            in_record = self.current is not None or self.skipping
            after_blank: bool | None = None
            if in_record and (idx or self.prev_last_line is not None):
                tail = text[idx - 3 : idx] if idx >= 3 else ""
                if tail == "\n\r\n" or (tail[1:] == "\n\n" and not self.crlf_mode):
                    after_blank = True  # the usual case: the header follows the blank separator line
                else:
                    previous = self._previous_line(text, idx, self.prev_last_line)
                    assert previous is not None
                    if (self.crlf_mode and not previous.endswith("\r")) or (
                        self.blank_between and previous.strip()
                    ):
                        match = HEADER_M.search(text, match.end())
                        continue  # a line break inside a message, or no blank line before: content
                    after_blank = not previous.strip()
            if pos < idx:
                if in_record and text.find("==========", pos, idx) == -1:
                    if self.current is not None:
                        self.parts.append(text[pos:idx])
                else:
                    yield from self._region(chunk, pos, idx)
            if self.current is not None:
                if self.blank_between is None:
                    self.blank_between = bool(after_blank)
                yield self._finish()
            if idx != slow_at and self._scanner_applies(chunk):
                self.skipping = False
                handover = False
                stop = idx
                while not handover:
                    batch, stop, handover = self._scan(chunk, stop)
                    if batch is not None:
                        yield batch
                if stop != idx:
                    pos = slow_at = stop
                    match = HEADER_M.search(text, stop)
                    continue
            problem = self._start(chunk, match)
            if problem is not None:
                yield problem
            pos = match.end() + 1
            match = HEADER_M.search(text, pos)
        if pos < len(text):
            yield from self._region(chunk, pos, len(text))
        if text:
            body = text[:-1] if text.endswith("\n") else text
            self.prev_last_line = body[body.rfind("\n") + 1 :]

    def _scanner_applies(self, chunk: TextChunk) -> bool:
        """May the compiled scanner read on from a record start in this chunk?"""
        return (
            self.scanner is not None
            and self.crlf_mode is not None
            and self.blank_between is not None
            and not chunk.has_replacements
        )

    def _scan(self, chunk: TextChunk, idx: int) -> tuple[Batch | None, int, bool]:
        """The compiled scanner's messages for the next SCAN_BATCH records from `idx` on (as JSON lines
        when the caller asked for them), where it stopped, and whether this parser must read the record
        there."""
        assert self.scanner is not None and self.crlf_mode is not None and self.blank_between is not None
        scanner = self.record_scanner
        if scanner is None:  # every chunk of a file has the same codec
            scanner = self.record_scanner = self.scanner.RecordScanner(
                Message, Source, _trim_record, classify, parse_sender, self.clock, self.prefix,
                self.src.display, self.fmt, self.src.sha256, self.encoding, chunk.codec, self.tz,
            )  # fmt: skip
        line, offset = chunk.position(idx)
        messages, count, stop, line, offset, handover = scanner.scan(
            chunk.text, idx, line, offset, self.channel, self.crlf_mode, self.blank_between, SCAN_BATCH,
            self.json_lines,
        )  # fmt: skip
        chunk.seek(stop, line, offset)
        if not count:
            return None, stop, handover
        batch = EncodedMessages(messages, count) if self.json_lines else MessageBatch(messages)
        return batch, stop, handover

    def close(self) -> Iterator[ReadEvent]:
        if self.current is not None:
            yield self._finish()
        if self.stray:
            where = ", ".join(str(n) for n in self.stray[:5]) + (" …" if len(self.stray) > 5 else "")
            yield Notice(
                self.src.display, f"{len(self.stray)} line(s) outside any message ignored (lines {where})"
            )

    def _start(self, chunk: TextChunk, match: re.Match[str]) -> Notice | None:
        """Open the record whose header this is; if its date or time is impossible, the record is kept
        without a time and the Notice says so (naming the header's date and time, nothing else)."""
        y, mo, d, hh, mi, ss, ampm, who = match.groups()
        line, offset = chunk.position(match.start())
        if self.crlf_mode is None:
            self.crlf_mode = match.group(0).endswith("\r")
        self.current = None
        self.parts = []
        sent_at = self._time(y, mo, d, hh, mi, ss, ampm)
        self.skipping = False
        author = self.authors.get(who)
        if author is None:
            author = self.authors[who] = parse_sender(who)
        self.current = (line, offset, author, sent_at)
        if sent_at is not None:
            return None
        written = f"{y}-{mo}-{d} {hh}:{mi}:{ss}" + (f" {ampm}" if ampm else "")
        return Notice(
            self.src.display,
            f"impossible date or time in the message header ({written}); message kept without a time",
            line,
        )

    def _time(self, y: str, mo: str, d: str, hh: str, mi: str, ss: str, ampm: str | None) -> str | None:
        if mi >= "60" or ss >= "60":
            return None
        key = (y, mo, d, hh, ampm)
        if key in self.hours:
            hour = self.hours[key]
        else:
            try:
                h24 = int(hh) if ampm is None else hour_from_12h(int(hh), ampm.lower())
                iso = self.clock.iso(int(y), int(mo), int(d), h24, 0, 0)
                hour = (iso[:14], iso[19:])
            except ValueError:
                hour = None
            self.hours[key] = hour
        if hour is None:
            return None
        return f"{hour[0]}{mi}:{ss}{hour[1]}"

    # -- the text between two headers ------------------------------------------------------------------
    def _region(self, chunk: TextChunk, start: int, end: int) -> Iterator[ReadEvent]:
        text = chunk.text
        in_record = self.current is not None or self.skipping
        if in_record and text.find("==========", start, end) == -1:
            if self.current is not None:
                self.parts.append(text[start:end])
            return
        # rare: a record that ends at a block separator, or the preamble of a conversation block
        position = start
        for raw_line in text[start:end].split("\n"):
            line_end = position + len(raw_line)
            stripped = raw_line.strip()
            if in_record:
                if BLOCK_SEP.match(stripped) and self._separator_closes(text, position):
                    if self.current is not None:
                        yield self._finish()
                    self.current = None
                    self.skipping = False
                    in_record = False
                elif self.current is not None:
                    self.parts.append(text[position : min(line_end + 1, end)])
            elif stripped:
                label = BLOCK_LABEL.match(stripped)
                if label is not None:
                    if label.group(1) in ("消息对象", "MSGMGR_MSGOBJ"):
                        self.channel = label.group(2).strip() or None
                elif not SEPARATOR.match(stripped) and not stripped.startswith(TITLE_LINE[:4]):
                    self.stray.append(chunk.line_at(position))
            position = line_end + 1
            if position >= end:
                break

    def _separator_closes(self, text: str, position: int) -> bool:
        previous = self._previous_line(text, position, self.prev_last_line)
        return previous is None or not previous.strip()

    def _finish(self) -> Message:
        assert self.current is not None
        line, offset, author, sent_at = self.current
        parts = self.parts
        body = parts[0] if len(parts) == 1 else "".join(parts)
        self.parts = []
        self.current = None
        # The usual record: one or more lines, then the blank separator line. Cut that fast; anything
        # else (CRLF inside, several trailing blank lines, trailing spaces) goes the general way.
        terminator = "\r\n\r\n" if self.crlf_mode else "\n\n"
        core = body[: -len(terminator)] if body.endswith(terminator) else ""
        body = core if core and "\r" not in core and not core[-1].isspace() else _trim_record(body)
        kind, attachments = classify(author, body)
        return Message(
            self.prefix + str(line),
            kind,
            Source(self.src.display, self.fmt, self.src.sha256, line, offset, self.encoding, self.tz),
            self.channel,
            author,
            sent_at,
            body,
            attachments,
        )
