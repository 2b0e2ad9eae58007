"""WhatsApp "Export chat" text files (Android `date, time - author: text`, iOS `[date, time] author: text`).

The locale is worked out once per file, before any message is made (research/export-formats.md §4):
- the order of day, month and year: a year of four digits first means Y/M/D; a first component over 12
  means D/M, a second one over 12 means M/D; when no date settles it, the order under which the
  timestamps run forward in time more often wins, and the choice is reported as a notice;
- the clock: AM/PM markers in any of their spellings (`PM`, `p. m.`, `下午`, `오후`, `午後`, Arabic
  `ص`/`م`), before or after the time; Arabic exports write Arabic-Indic digits and the Arabic comma,
  iOS with U+200F inside the date; Vietnamese iOS puts the time first; a Japanese-era (`R4`) or
  Buddhist-era (`2565 BE`) year is made Gregorian.
Unicode spaces (U+202F, U+00A0, U+2009) and direction marks are normalised for matching only; message
text keeps them, but for the direction marks iOS puts before a text (they are the exporter's, not the
sender's). Placeholders, deletions and system events are read in the languages of `whatsapp_locale`.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path, PurePosixPath

from huijia.ingest.base import (
    Attachments,
    AttachmentsWanted,
    Reader,
    ReadOptions,
    SourceFile,
    register,
    text_encoding,
)
from huijia.ingest.textfile import (
    DETECT_BYTES,
    UndecodableError,
    decode_head,
    detect_encoding,
    iter_lines,
)
from huijia.ingest.timeparse import LocalClock, hour_from_12h
from huijia.ingest.whatsapp_locale import (
    ATTACHED_WORDS,
    FILE_ATTACHED,
    MEDIA_OMITTED,
    is_deleted,
    is_missed_call,
    is_system_text,
    probe,
    strip_edited,
)
from huijia.ingest.zipsafe import CheckedZip, UnsafeZipError, open_zip
from huijia.model import Attachment, Author, Message, Notice, ReadEvent, Skip

ZIP_MAGIC = b"PK\x03\x04"
MAX_CHAT_BYTES = 512 * 1024**2
FILE_NAME = re.compile(r"^[^\s/\\]+\.\w{2,4}$")
DOCUMENT_NAME = re.compile(r"\.\w{1,5}$")  # a document's name as iOS writes it before its placeholder

SPACES = str.maketrans(
    {"\u202f": " ", "\u00a0": " ", "\u2009": " ", "\u2007": " ", "\u2011": "-", "\u2010": "-"}
)
MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u200b\u200c\u200d\u2066\u2067\u2068\u2069\ufeff"
MERIDIEM = r"[AaPp]\.?\s?[Mm]\.?|上午|下午|오전|오후|午前|午後|ص|م"
DIR = "[\u200e\u200f]*"  # direction marks iOS writes inside Arabic dates: `[١٨‏/٣‏/٢٠٢٢، ٢:٥٦:٠٠ م]`
HEADER = re.compile(
    rf"^\[?{DIR}(?P<d1>\d{{1,4}}){DIR}(?:[./-]|년)\s?(?P<d2>\d{{1,2}}){DIR}(?:[./-]|월)\s?"
    r"(?P<era>[RHS](?=\d{1,2}[,\s]))?(?P<d3>\d{1,4})(?P<be>\sBE)?"
    r"(?:\.|일)?[,،]?\s\D{0,6}?"
    rf"(?:(?P<pre>{MERIDIEM})\s?)?"
    r"(?P<h>\d{1,2})[.:](?P<mi>\d{2})(?:[.:](?P<s>\d{2}))?"
    rf"(?:\s?(?P<post>{MERIDIEM}))?"
    r"(?:\]\s|\s[-–]\s|,\s)"
)
# iOS in Vietnamese puts the time first: `[14:56:01, 3/18/22] `
HEADER_TIME_FIRST = re.compile(
    r"^\[(?P<h>\d{1,2})[.:](?P<mi>\d{2})(?:[.:](?P<s>\d{2}))?"
    rf"(?:\s?(?P<post>{MERIDIEM}))?,\s"
    r"(?P<d1>\d{1,4})[./-](?P<d2>\d{1,2})[./-](?P<d3>\d{1,4})\]\s"
    r"(?P<era>(?!))?(?P<be>(?!))?(?P<pre>(?!))?"  # never set: the groups of HEADER, so both read alike
)


# iOS under a phone calendar other than the Gregorian one: Japanese era years (`3/18/R4`: Reiwa 4 = 2022)
# and Thai solar (Buddhist-era) years (`3/18/2565 BE`)
ERA_START = {"R": 2018, "H": 1988, "S": 1925}
BUDDHIST_ERA_OFFSET = 543


def date_parts(match: re.Match[str]) -> tuple[int, int, int]:
    """The three date components of a header, a Japanese-era or Buddhist-era year made Gregorian."""
    d1, d3 = int(match["d1"]), int(match["d3"])
    if match["era"]:
        d3 = ERA_START[match["era"]] + d3
    elif match["be"] or d3 >= 2400:  # no chat is dated 2400: a Thai year without its "BE"
        d3 -= BUDDHIST_ERA_OFFSET
    if d1 >= 2400:  # the same, year first
        d1 -= BUDDHIST_ERA_OFFSET
    return d1, int(match["d2"]), d3


def match_header(line: str) -> re.Match[str] | None:
    """The message header at the start of a normalised line, in either order of date and time (for
    sniffing: a file is read with the one layout its first header has, see `header_layout`)."""
    return HEADER.match(line) or HEADER_TIME_FIRST.match(line)


def header_layout(line: str) -> re.Pattern[str] | None:
    """The header pattern of a file, from its first header line. Decided once: WhatsApp's "copy messages"
    writes quotes as `[3:58 PM, 10/17/2019] Name: text`, which pasted into a message must stay content."""
    if HEADER.match(line):
        return HEADER
    if HEADER_TIME_FIRST.match(line):
        return HEADER_TIME_FIRST
    return None


PM_MARKERS = ("p", "下午", "오후", "午後", "م")
# What a header line starts with: ASCII digits, or the Arabic-Indic ones Arabic exports write (not every
# script's digits: a line of content in full-width digits is not a header)
HEADER_STARTS = frozenset(
    "[0123456789" + "".join(map(chr, range(0x660, 0x66A))) + "".join(map(chr, range(0x6F0, 0x6FA)))
)
AUTHOR_SPLIT = re.compile(r"^(?P<author>[^:\n]{1,80}?):(?:\s(?P<text>.*)|(?P<tight>\S.*)?)$", re.S)
PHONE_AUTHOR = re.compile(r"^\+?[\d\s().-]{7,20}$")

ATTACHED = re.compile(
    # iOS: `<attached: …>` in the phone's language (`< pièce jointe : … >`, `<附件：…>`); a file's name
    rf"[<‹]\s?(?:{'|'.join(map(re.escape, ATTACHED_WORDS))})\s?[:：]\s?"
    r"(?P<name>[^<>\n]{1,255}?\.\w{2,5})\s?>"
    rf"|(?P<name2>[^\s<>]{{1,255}}\.\w{{2,4}}) \((?:{'|'.join(map(re.escape, FILE_ATTACHED))})\)"
    r"|<(?P<name3>[^<>\s]{1,255}\.\w{2,4}) eklendi>",  # Turkish iOS: `<00000012-PHOTO-….jpg eklendi>`
    re.I,
)
ATTACHED_SCAN = 1024  # a tag is where the exporter writes it: at the start of the message's first line
FILE_KIND = {
    "jpg": "image",
    "jpeg": "image",
    "png": "image",
    "webp": "sticker",
    "gif": "video",
    "mp4": "video",
    "opus": "voice",
    "ogg": "voice",
    "m4a": "voice",
    "aac": "voice",
}


@dataclass(frozen=True, slots=True)
class DateOrder:
    """Positions of year, month and day among the three date components."""

    year: int
    month: int
    day: int
    label: str


YMD = DateOrder(0, 1, 2, "year/month/day")
DMY = DateOrder(2, 1, 0, "day/month/year")
MDY = DateOrder(2, 0, 1, "month/day/year")


def normalise(line: str) -> str:
    return line.translate(SPACES).lstrip(MARKS)


def _sortable(parts: tuple[int, int, int], order: DateOrder, hm: tuple[int, int]) -> tuple[int, ...]:
    year = parts[order.year]
    year += 2000 if year < 100 else 0
    return (year, parts[order.month], parts[order.day], *hm)


def infer_date_order(samples: list[tuple[tuple[int, int, int], tuple[int, int]]]) -> tuple[DateOrder, bool]:
    """The date order of a file from its header dates, and whether the choice was certain."""
    if not samples:
        return DMY, False
    if any(parts[0] > 31 for parts, _ in samples):
        return YMD, True
    if any(parts[0] > 12 for parts, _ in samples):
        return DMY, True
    if any(parts[1] > 12 for parts, _ in samples):
        return MDY, True

    def backwards(order: DateOrder) -> int:
        keys = [_sortable(p, order, hm) for p, hm in samples]
        return sum(1 for a, b in pairwise(keys) if b < a)

    dmy, mdy = backwards(DMY), backwards(MDY)
    if dmy != mdy:
        return (DMY if dmy < mdy else MDY), False
    return DMY, False


def split_author(rest: str) -> tuple[str | None, str]:
    """(author, text) of what follows the timestamp; author None for system lines."""
    match = AUTHOR_SPLIT.match(rest)
    if match is None:
        return None, rest
    author = match.group("author").strip()
    if not author or author.endswith(("changed the subject from", "changed this group's icon")):
        return None, rest
    text = match.group("text")
    if text is None:
        text = match.group("tight") or ""
    return author, text


def classify(text: str) -> tuple[str, tuple[Attachment, ...]]:
    """(kind, attachments) of a message's text: localised placeholders, deletions and attachments."""
    key = probe(text, MARKS)
    first = text.split("\n", 1)[0]
    first_key = key if len(first) == len(text) else probe(first, MARKS)
    if first_key in MEDIA_OMITTED and (
        # Android's `<Media omitted>` (a document's name may follow on the next lines); iOS's `‎image omitted`
        # alone, with the mark iOS writes before it — without it, "no picture" is a person's words
        first_key.startswith("<") or (first_key == key and first[:1] in "\u200e\u200f")
    ):
        # Android writes a document's name (or a caption) on the lines after `<Media omitted>`
        kind = MEDIA_OMITTED[first_key]
        return kind, (Attachment(kind, first.strip(MARKS + " ")),)
    if is_deleted(key):
        return "recall", ()
    if is_missed_call(key):
        return "service", ()
    document = _named_placeholder(text)
    if document is not None:
        return document[0], (Attachment(*document),)
    attached = ATTACHED.search(first[:ATTACHED_SCAN])
    if attached:
        # Android writes U+200E before the file name since 2024: the name is the file's, without it
        name = (attached.group("name") or attached.group("name2") or attached.group("name3")).strip(
            MARKS + " "
        )
        ext = name.rsplit(".", 1)[-1].lower()
        kind = FILE_KIND.get(ext, "file")
        return (kind if key.startswith(("<", name.lower())) else "text"), (Attachment(kind, name),)
    return "text", ()


def _named_placeholder(text: str) -> tuple[str, str] | None:
    """(kind, file name) of iOS's `report.pdf • ‎3 pages ‎document omitted`: a placeholder after the
    direction mark iOS writes before it (U+200E, or U+200F in right-to-left languages), at the end of a
    one-line text, with the document's name before it."""
    body = text.strip(MARKS + " ")
    mark = max(body.rfind("\u200e"), body.rfind("\u200f"))
    if "\n" in body or mark < 0:
        return None
    before, after = body[:mark], body[mark + 1 :]
    kind = MEDIA_OMITTED.get(probe(after, MARKS))
    name = before.split(" \u2022 ", 1)[0].strip(MARKS + " ")
    if kind != "file" or not DOCUMENT_NAME.search(name):
        return None
    return kind, name


def is_generated(text: str) -> bool:
    """iOS writes U+200E before the lines it generates (a person's text can start with one too, so this
    counts only under the name the chat's own events were written under)."""
    return text.startswith("\u200e") and "\n" not in text.strip()


def author_of(name: str) -> Author:
    """The author of a line: direction marks, iOS's "not in your contacts" `~` and Unicode spaces and
    hyphens around phone numbers taken off; a phone number gets its E.164 `phone:` handle."""
    clean = name.translate(SPACES).strip(MARKS + " ")
    if clean.startswith("~"):
        clean = clean[1:].strip(MARKS + " ")
    if PHONE_AUTHOR.match(clean) and sum(c.isdigit() for c in clean) >= 7:
        digits = "".join(c for c in clean if c.isdigit())
        return Author(clean, f"phone:+{digits}" if clean.startswith("+") else None)
    return Author(clean or None, None)


@register
class WhatsAppReader(Reader):
    name = "whatsapp"
    description = 'WhatsApp "Export chat": the text file, or the .zip with media (Android or iOS, any locale)'
    extensions = (".txt", ".zip")
    examples = ("whatsapp/android-en-gb.txt", "whatsapp/ios-zh.txt")

    def sniff(self, head: bytes, path: Path) -> bool:
        if head[:4] == ZIP_MAGIC:
            try:
                checked = open_zip(path)
            except UnsafeZipError:
                return False
            try:
                return chat_member(checked.members) is not None
            finally:
                checked.close()
        lines = [normalise(line) for line in decode_head(head).splitlines()[:10] if line.strip()]
        hits = sum(1 for line in lines if match_header(line))
        return bool(lines) and hits >= max(1, len(lines) // 3) and match_header(lines[0]) is not None

    def layout(self, head: bytes, path: Path) -> str | None:
        if head[:4] == ZIP_MAGIC:
            return "zip (the chat and its media)"
        lines = [normalise(line) for line in decode_head(head).splitlines() if line.strip()][:1]
        if lines and HEADER_TIME_FIRST.match(lines[0]):
            return "iOS, time before date"
        return "iOS" if lines and lines[0].startswith("[") else "Android"

    def read(self, src: SourceFile, options: ReadOptions) -> Iterator[ReadEvent]:
        if src.head(4) == ZIP_MAGIC:
            yield from self._read_zip(src, options)
            return
        encoding = text_encoding(src)
        if isinstance(encoding, Skip):
            yield encoding
            return
        with src.open() as fh:
            order, certain, header = self._date_order(iter_lines(fh, encoding))
        if not certain:
            yield Notice(src.display, f"day/month order not settled by any date; read as {order.label}")
        replaced: list[int] = []
        with src.open(options.on_bytes) as fh:
            lines = iter_lines(fh, encoding, replaced.append)
            yield from self._records(src, options, (order, header), encoding, lines, replaced)

    def _read_zip(self, src: SourceFile, options: ReadOptions) -> Iterator[ReadEvent]:
        """The chat inside an exported .zip (iOS always, Android with media), its media as attachments."""
        try:
            checked = open_zip(src.path)
        except UnsafeZipError as exc:
            yield src.skip(str(exc), fatal=True)
            return
        try:
            for note in checked.refused:
                yield Notice(src.display, note)
            chat = chat_member(checked.members)
            if chat is None:
                yield src.skip("the zip holds no WhatsApp chat (_chat.txt or WhatsApp Chat….txt)", fatal=True)
                return
            try:
                data = checked.read(chat, MAX_CHAT_BYTES)
            except UnsafeZipError as exc:
                yield src.skip(str(exc), fatal=True)
                return
            if options.on_bytes is not None:
                options.on_bytes(src.size)
            if not data.strip():
                yield src.skip(f"{chat} inside the zip is empty", fatal=True)
                return
            try:
                encoding = detect_encoding(data[:DETECT_BYTES])
            except UndecodableError as exc:
                yield src.skip(f"{chat} inside the zip: {exc}", fatal=True)
                return
            yield Notice(src.display, f"read as a WhatsApp zip: the chat is {chat}; lines are its lines")
            order, certain, header = self._date_order(iter_lines(io.BytesIO(data), encoding))
            if not certain:
                yield Notice(src.display, f"day/month order not settled by any date; read as {order.label}")
            media = ZipMedia(checked, chat)
            replaced: list[int] = []
            lines = iter_lines(io.BytesIO(data), encoding, replaced.append)
            channel = _channel_from_filename(src.path) or _channel_from_filename(Path(chat))
            yield from self._records(src, options, (order, header), encoding, lines, replaced, media, channel)
            unused = media.unused()
            if unused:
                yield Notice(src.display, f"{unused} media file(s) in the zip are named by no message")
        finally:
            checked.close()

    def _date_order(
        self, lines: Iterator[tuple[int, int, str, bool]]
    ) -> tuple[DateOrder, bool, re.Pattern[str]]:
        """The file's date order, whether a date settled it, and its header layout (its first header's)."""
        samples: list[tuple[tuple[int, int, int], tuple[int, int]]] = []
        header: re.Pattern[str] | None = None
        for _, _, text, _ in lines:
            norm = normalise(text)
            if header is None:
                header = header_layout(norm)
                if header is None:
                    continue
            match = header.match(norm)
            if match is None:
                continue
            parts = date_parts(match)
            if len(match["d1"]) == 4 or parts[0] > 12 or parts[1] > 12:
                return (*infer_date_order([(parts, (0, 0))]), header)
            samples.append((parts, (int(match["h"]), int(match["mi"]))))
            if len(samples) >= 5000:
                break
        return (*infer_date_order(samples), header or HEADER)

    def attachments(self, path: Path, wanted: AttachmentsWanted, max_bytes: int) -> Attachments:
        """The media of an exported .zip that the messages named (by file name or SHA-256)."""
        found = Attachments()
        try:
            checked = open_zip(path)
        except UnsafeZipError:
            return found
        try:
            for name in checked.members:
                base = PurePosixPath(name).name
                by_name = base in wanted.names
                if not by_name and not wanted.hashes:
                    continue
                try:
                    if not by_name and checked.sha256(name) not in wanted.hashes:
                        continue
                    data = None if checked.members[name].file_size > max_bytes else checked.read(name)
                except UnsafeZipError:
                    continue
                if data is not None:
                    found.by_hash[hashlib.sha256(data).hexdigest()] = data
                if by_name:
                    found.by_name[base] = data
        finally:
            checked.close()
        return found

    def _records(
        self,
        src: SourceFile,
        options: ReadOptions,
        layout: tuple[DateOrder, re.Pattern[str]],
        encoding: str,
        lines: Iterator[tuple[int, int, str, bool]],
        replaced: list[int],
        media: ZipMedia | None = None,
        channel: str | None = None,
    ) -> Iterator[ReadEvent]:
        order, header = layout
        clock = options.clock
        prefix = f"{self.name}:{src.short}:"
        authors: dict[str, Author] = {}
        channel = channel or _channel_from_filename(src.path)
        pending: list[ReadEvent] = []  # notes about the message just finished
        chat_names: set[str | None] = set()  # names the chat's own events were written under
        cur: tuple[int, int, str, str | None] | None = None  # line, offset, sent_at, author
        body: list[str] = []

        def finish() -> Message:
            nonlocal channel
            assert cur is not None
            line, offset, sent_at, who = cur
            text = strip_edited("\n".join(body), MARKS)
            kind, attachments = classify(text)
            author = None
            if who is not None and kind == "text":
                name = author_of(who).name
                if is_system_text(text, MARKS) or (name in chat_names and is_generated(text)):
                    # iOS writes the chat's own events under the chat's name: that name is the channel,
                    # and later generated lines under it are events too, in any language
                    chat_names.add(name)
                    channel = channel or name
                    who = None
            if who is not None:
                author = authors.get(who)
                if author is None:
                    author = authors[who] = author_of(who)
            else:
                kind = "system"
            if media is not None and attachments:
                attachments = tuple(media.resolve(a, line, src.display, pending) for a in attachments)
            return Message(
                prefix + str(line),
                kind,
                src.source(self.name, line=line, offset=offset, encoding=encoding, tz_assumed=options.tz),
                channel,
                author,
                sent_at,
                text.lstrip(MARKS),
                attachments,
            )

        for line_no, offset, raw, _ in lines:
            if replaced:
                for bad in replaced:
                    yield Notice(src.display, f"undecodable bytes replaced (read as {encoding})", bad)
                replaced.clear()
            norm = normalise(raw)
            match = header.match(norm) if norm[:1] in HEADER_STARTS else None
            if match is None:
                if cur is not None:
                    body.append(raw)
                elif raw.strip():
                    yield src.skip("text before the first message", line=line_no)
                continue
            try:
                sent_at = self._time(match, order, clock)
            except ValueError:
                if cur is not None:
                    body.append(raw)  # a date-like line that is no date: content
                else:
                    yield src.skip(f"impossible date or time {norm[: match.end()].strip()!r}", line=line_no)
                continue
            if cur is not None:
                yield finish()
                yield from pending
                pending.clear()
            # normalise() keeps length apart from the leading marks, so positions map back onto the raw
            # line, and the text keeps its original characters
            lead = len(raw) - len(raw.lstrip(MARKS))
            who, text = split_author(raw[lead + match.end() :])
            cur = (line_no, offset, sent_at, who)
            body = [text]
        if cur is not None:
            yield finish()
            yield from pending

    @staticmethod
    def _time(match: re.Match[str], order: DateOrder, clock: LocalClock) -> str:
        parts = date_parts(match)
        year = parts[order.year]
        if year < 100:
            year += 2000
        hour = int(match["h"])
        marker = match["pre"] or match["post"]
        if marker:
            hour = hour_from_12h(hour, "pm" if marker.lower().startswith(PM_MARKERS) else "am")
        second = int(match["s"]) if match["s"] else 0
        return clock.iso(year, parts[order.month], parts[order.day], hour, int(match["mi"]), second)


class ZipMedia:
    """The media files of an exported zip, found by the names the chat gives them and hashed once."""

    def __init__(self, checked: CheckedZip, chat: str) -> None:
        self._checked = checked
        self._by_base = {PurePosixPath(n).name: n for n in checked.members if n != chat}
        self._used: set[str] = set()

    def resolve(self, att: Attachment, line: int, display: str, notes: list[ReadEvent]) -> Attachment:
        """The attachment with the SHA-256 of its file in the zip; a note when it is named but absent."""
        name = att.name or ""
        member = self._by_base.get(name)
        if member is None:
            if FILE_NAME.match(name):
                notes.append(Notice(display, "attachment named by the message is not in the zip", line))
            return att
        self._used.add(member)
        try:
            return Attachment(att.kind, att.name, self._checked.sha256(member))
        except UnsafeZipError as exc:
            notes.append(Notice(display, f"{exc}; attachment kept without its hash", line))
            return att

    def unused(self) -> int:
        return len(set(self._by_base.values()) - self._used)


def chat_member(members: Iterable[str]) -> str | None:
    """The chat's text inside an exported zip: `_chat.txt` (iOS), `WhatsApp Chat with ….txt` (Android,
    localised), or the zip's only .txt."""
    texts = [n for n in members if n.lower().endswith(".txt")]
    for name in texts:
        if PurePosixPath(name).name == "_chat.txt":
            return name
    for name in texts:
        if _channel_from_filename(Path(PurePosixPath(name).name)) is not None:
            return name
    return texts[0] if len(texts) == 1 else None


def _channel_from_filename(path: Path) -> str | None:
    stem = path.stem
    for pattern in (
        r"^WhatsApp Chat with (.+)$",
        r"^WhatsApp Chat - (.+)$",
        r"^WhatsApp Chat mit (.+)$",
        r"^Discussion WhatsApp avec (.+)$",  # French Android (rwhatsapp issue 8, 2019)
        r"^与(.+)的 ?WhatsApp 聊天$",
        r"^與(.+)的 ?WhatsApp ?對話$",
    ):
        match = re.match(pattern, stem)
        if match:
            return match.group(1).strip()
    return None
