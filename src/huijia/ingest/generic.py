"""Generic tabular input: JSONL and CSV files of posts that someone collected by other means.

The fields (ARCHITECTURE.md §3.0): `text` is required; `id`, `author` (a name, or `{name, handle}`),
`handle`, `sent_at` (or `time`), `channel` (or `chat`) are optional. `huijia read`'s own output is valid
JSONL input and reads back unchanged: a record that already carries `kind` and `source` keeps them.

Times: an ISO string with an offset is kept; a naive one gets `--tz` (and says so in `tz_assumed`); a
number is an epoch in seconds (or milliseconds when it is too large to be seconds).
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from huijia.ingest import qce_chunks
from huijia.ingest.base import Reader, ReadOptions, SourceFile, register, text_encoding
from huijia.ingest.textfile import decode_head, iter_byte_lines, iter_lines, other_line
from huijia.model import (
    MESSAGE_KINDS,
    Attachment,
    Author,
    Message,
    MessageBatch,
    Notice,
    ReadEvent,
    Skip,
    Source,
)
from huijia.text.csvrows import RecordedLines, distinct_names, quote_left_open

MAX_FIELD = 64 * 1024 * 1024
READ_BATCH = 256  # JSON lines read into one MessageBatch
EPOCH_MS_THRESHOLD = 10**11  # seconds until the year 5138; larger numbers are milliseconds
DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A local time as spreadsheets re-save it: no zero padding, `/` or `.` between the parts, no seconds
# (`2024/10/4 11:42`); `datetime.fromisoformat` wants two-digit days and hours.
LOOSE_TIME = re.compile(
    r"^(?P<y>\d{4})[-/.年](?P<mo>\d{1,2})[-/.月](?P<d>\d{1,2})日?"
    r"(?:[ T]+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?)?$"
)


class RecordError(ValueError):
    """A record that cannot become a message; the text says which field is wrong."""


def parse_time(value: Any, options: ReadOptions, field: str = "sent_at") -> tuple[str | None, str | None]:
    """(ISO 8601 with offset, zone assumed or None) for a time field; raises RecordError if unreadable.

    The error names the field (`field`), never its value: a shifted CSV row can put a message's text
    in the time column, and message texts never go into errors.
    """
    if value is None or value == "":
        return None, None
    if isinstance(value, bool):
        raise RecordError(f"field {field} is not a time")
    if isinstance(value, int | float):
        seconds = value / 1000 if value > EPOCH_MS_THRESHOLD else value
        try:
            return options.clock.from_epoch(seconds), None
        except (OverflowError, OSError, ValueError) as exc:
            raise RecordError(f"field {field} is an epoch out of range") from exc
    if not isinstance(value, str):
        raise RecordError(f"field {field} is not a time")
    text = value.strip()
    if text.isascii() and text.isdigit():  # not `²`, which isdigit() takes and int() refuses
        return parse_time(int(text), options, field)
    try:
        moment = datetime.fromisoformat(text.replace("/", "-"))
    except ValueError:
        return _loose_time(text, field, options)
    if moment.tzinfo is not None:
        return moment.isoformat(timespec="seconds"), None
    return (
        options.clock.iso(moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second),
        options.tz,
    )


def _loose_time(text: str, field: str, options: ReadOptions) -> tuple[str, str]:
    match = LOOSE_TIME.match(text)
    if match is None:
        raise RecordError(f"field {field} is not a date and time")
    h, mi, sec = (int(match[k]) if match[k] else 0 for k in ("h", "mi", "s"))
    try:
        iso = options.clock.iso(int(match["y"]), int(match["mo"]), int(match["d"]), h, mi, sec)
    except ValueError as exc:
        raise RecordError(f"field {field} is an impossible date or time") from exc
    return iso, options.tz


def _opt_text(record: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = record.get(key)
        if value is not None and value != "":
            return value if type(value) is str else str(value)
    return None


# The authors met lately, shared: a chat has a few hundred senders over many thousand messages, and an
# Author is immutable, so one object per sender saves making it again (a frozen dataclass is slow to make).
_AUTHORS: dict[tuple[str | None, str | None], Author] = {}
AUTHORS_KEPT = 4096


def _shared_author(name: str | None, handle: str | None) -> Author:
    key = (name, handle)
    author = _AUTHORS.get(key)
    if author is None:
        if len(_AUTHORS) >= AUTHORS_KEPT:
            _AUTHORS.clear()
        author = _AUTHORS[key] = Author(name, handle)
    return author


def _author(record: dict[str, Any]) -> Author | None:
    raw = record.get("author")
    if type(raw) is str and raw and "handle" not in record:  # the usual record: a name alone
        author = _AUTHORS.get((raw, None))
        return author if author is not None else _shared_author(raw, None)
    handle = _opt_text(record, "handle")
    if isinstance(raw, dict):
        name = raw.get("name")
        return _shared_author(None if name is None else str(name), _opt_text(raw, "handle") or handle)
    name = None if raw is None or raw == "" else str(raw)
    if name is None and handle is None:
        return None
    return _shared_author(name, handle)


def _own_source(raw: Any) -> Source | None:
    """The `source` of a record that `huijia read` wrote, kept as it was (chain of custody)."""
    if not isinstance(raw, dict) or not all(key in raw for key in ("file", "format", "sha256")):
        return None
    file, fmt, sha256 = raw["file"], raw["format"], raw["sha256"]
    line, offset = raw.get("line"), raw.get("offset")
    encoding, tz_assumed = raw.get("encoding"), raw.get("tz_assumed")
    if not (isinstance(file, str) and isinstance(fmt, str) and isinstance(sha256, str)):
        return None
    if not all(v is None or (isinstance(v, int) and not isinstance(v, bool)) for v in (line, offset)):
        return None
    if not all(v is None or isinstance(v, str) for v in (encoding, tz_assumed)):
        return None
    return Source(file, fmt, sha256, line, offset, encoding, tz_assumed)


def _attachments(raw: Any, notes: list[str]) -> tuple[Attachment, ...]:
    """The attachments of a record: a list of `{kind, name, sha256}` (in a CSV cell, that list as JSON).
    What cannot be read is named in `notes`, never dropped in silence: an attachment is evidence."""
    if raw is None or raw == "" or raw == []:
        return ()
    if isinstance(raw, str):
        try:
            raw = orjson.loads(raw)
        except orjson.JSONDecodeError:
            notes.append("field attachments is not a JSON list of {kind, name}; attachments left out")
            return ()
    if not isinstance(raw, list):
        notes.append("field attachments is not a list; attachments left out")
        return ()
    out = []
    unreadable = 0
    for item in raw:
        if isinstance(item, dict) and isinstance(item.get("kind"), str):
            out.append(Attachment(item["kind"], _opt_text(item, "name"), _opt_text(item, "sha256")))
        else:
            unreadable += 1
    if unreadable:
        notes.append(f"field attachments: {unreadable} of {len(raw)} have no kind; those left out")
    return tuple(out)


def record_to_message(
    record: dict[str, Any],
    reader: Reader,
    src: SourceFile,
    options: ReadOptions,
    line: int,
    offset: int | None,
    encoding: str,
    notes: list[str],
) -> Message:
    """A message from one JSONL object or CSV row; raises RecordError naming the bad field when there
    can be no message (no text), and adds to `notes` what a kept message lost (a time, a kind, an
    attachment), naming the field, never its value."""
    text = record.get("text")
    if type(text) is not str:
        if text is None:
            raise RecordError("no text field")
        if isinstance(text, dict | list | bool):
            raise RecordError("field text is not a string")
        if isinstance(text, float):  # JSON keeps no trailing zeros or long digits of a number: say so
            notes.append(f"field text is a number, not a string; read as {text!r}")
        text = str(text)
    own = _own_source(record["source"]) if "source" in record else None
    kind = record.get("kind")
    if kind is None:
        kind = "text"
    elif not (isinstance(kind, str) and kind in MESSAGE_KINDS):
        if kind != "":
            notes.append("field kind is not a message kind huijia knows; read as text")
        kind = "text"
    time_field = "sent_at" if "sent_at" in record else "time"
    raw_time = record.get(time_field)
    sent_at, tz_assumed = None, None
    if raw_time is not None:
        try:
            sent_at, tz_assumed = parse_time(raw_time, options, time_field)
        except RecordError as exc:
            notes.append(f"{exc}; message kept without a time")
    if own is not None and isinstance(raw_time, str):
        sent_at = raw_time  # our own output: already ISO with offset, keep it byte for byte
    source = own or Source(src.display, reader.name, src.sha256, line, offset, encoding, tz_assumed)
    given_id = record.get("id")
    if given_id is not None and type(given_id) is not str:
        given_id = str(given_id)
    return Message(
        given_id or reader.message_id(src, line),
        kind,
        source,
        _opt_text(record, "channel", "chat") if "channel" in record or "chat" in record else None,
        _author(record) if "author" in record or "handle" in record else None,
        sent_at,
        text,
        _attachments(record["attachments"], notes) if "attachments" in record else (),
        _opt_text(record, "reply_to") if "reply_to" in record else None,
    )


@register
class JsonLinesReader(Reader):
    name = "jsonl"
    description = "JSON Lines: one object per line with at least `text` (huijia read's own output too)"
    extensions = (".jsonl", ".ndjson")
    examples = ("generic/posts.jsonl",)

    def sniff(self, head: bytes, path: Path) -> bool:
        text = decode_head(head).lstrip()
        if not text.startswith("{"):
            return False
        if qce_chunks.is_chunk(text, path):  # QQChatExporter's chunks: qq-json's
            return False
        first, newline, _ = text.partition("\n")
        if not newline and len(head) >= 65536:  # one record longer than the sniffed head
            from huijia.ingest.wechat import is_pywxdump_msg_user  # wechat imports this module

            return '"text"' in first and not is_pywxdump_msg_user(text)
        # a record with a text among the first lines: one broken line at the top (a record cut short, an
        # object without text) is that line's problem, reported when it is read, not the whole file's
        lines = text.split("\n")
        whole = lines[:-1] if len(head) >= 65536 else lines  # the last may be cut off by the sniff
        return any(_is_record(line) for line in whole[:SNIFF_LINES])

    def read(self, src: SourceFile, options: ReadOptions) -> Iterator[ReadEvent | MessageBatch]:
        encoding = text_encoding(src)
        if isinstance(encoding, Skip):
            yield encoding
            return
        if encoding in ("utf-8", "utf-8-sig"):
            yield from self._read_utf8(src, options, encoding)
            return
        replaced: list[int] = []
        with src.open(options.on_bytes) as fh:
            for line_no, offset, text, _ in iter_lines(fh, encoding, replaced.append):
                for bad in replaced:
                    yield Notice(src.display, f"undecodable bytes replaced (read as {encoding})", bad)
                replaced.clear()
                if text.strip():
                    notes: list[str] = []
                    yield self._line(text, src, options, line_no, offset, encoding, notes)
                    yield from (Notice(src.display, note, line_no) for note in notes)

    def _read_utf8(
        self, src: SourceFile, options: ReadOptions, encoding: str
    ) -> Iterator[ReadEvent | MessageBatch]:
        """The usual case, on bytes: orjson parses (and checks the UTF-8 of) each line directly. Messages
        go out `READ_BATCH` at a time (a generator step a message, through every layer up to the writer,
        was a tenth of `huijia analyse`'s reading); a problem first sends what was read before it."""
        batch = MessageBatch()
        with src.open(options.on_bytes) as fh:
            for line_no, offset, raw in iter_byte_lines(fh):
                if not raw.strip():
                    continue
                notes: list[str] = []
                event = self._line(raw, src, options, line_no, offset, encoding, notes)
                if type(event) is Message and not notes:
                    batch.append(event)
                    if len(batch) >= READ_BATCH:
                        yield batch
                        batch = MessageBatch()
                    continue
                if batch:
                    yield batch
                    batch = MessageBatch()
                if isinstance(event, Skip) and not _is_utf8(raw):
                    text, read_as = other_line(raw, encoding), "gb18030"
                    if text is not None:
                        yield Notice(src.display, f"read as gb18030, not as {encoding} as the rest", line_no)
                    else:
                        yield Notice(src.display, f"undecodable bytes replaced (read as {encoding})", line_no)
                        text, read_as = raw.decode("utf-8", "replace"), encoding
                    event = self._line(text, src, options, line_no, offset, read_as, notes)
                yield event
                if notes:
                    yield from (Notice(src.display, note, line_no) for note in notes)
        if batch:
            yield batch

    def _line(
        self,
        line: str | bytes,
        src: SourceFile,
        options: ReadOptions,
        line_no: int,
        offset: int,
        encoding: str,
        notes: list[str],
    ) -> ReadEvent:
        """A message from one line of the file, or the Skip that says why there is none; what the message
        lost is added to `notes`."""
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            return src.skip(f"not valid JSON ({str(exc).split(':')[0]})", line=line_no)
        if not isinstance(record, dict):
            return src.skip("not a JSON object", line=line_no)
        try:
            return record_to_message(record, self, src, options, line_no, offset, encoding, notes)
        except RecordError as exc:
            return src.skip(str(exc), line=line_no)


SNIFF_LINES = 10


def _is_record(line: str) -> bool:
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError:
        return False
    return isinstance(record, dict) and "text" in record


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (",", "\t", ";", "|")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


@register
class CsvReader(Reader):
    name = "csv"
    description = "CSV (or TSV) with a header row and at least a `text` column"
    extensions = (".csv", ".tsv")
    examples = ("generic/posts.csv",)

    def sniff(self, head: bytes, path: Path) -> bool:
        text = decode_head(head)
        first = text.splitlines()[0] if text else ""
        columns = [c.strip().strip('"').lower() for c in first.split(_delimiter(first))]
        return "text" in columns

    def read(self, src: SourceFile, options: ReadOptions) -> Iterator[ReadEvent]:
        encoding = text_encoding(src)
        if isinstance(encoding, Skip):
            yield encoding
            return
        yield from read_csv_rows(src, options, encoding, self._row, required="text")

    def _row(
        self, row: dict[str, Any], src: SourceFile, options: ReadOptions, line: int, encoding: str
    ) -> Message | list[ReadEvent]:
        record: dict[str, Any] = {k.strip().lower(): v for k, v in row.items() if k is not None}
        notes: list[str] = []
        message = record_to_message(record, self, src, options, line, None, encoding, notes)
        if not notes:
            return message
        return [message, *(Notice(src.display, note, line) for note in notes)]


def read_csv_rows(
    src: SourceFile, options: ReadOptions, encoding: str, make: Any, required: str | None = None
) -> Iterator[ReadEvent]:
    """Rows of a CSV file as messages via `make(row, src, options, line, encoding)`, one Skip per bad row;
    a header without the `required` column (in any case) is one fatal Skip, not one Skip a row.

    `make` returns a Message, or a list of events (a Message with the Notices about its fields).

    Uses the csv module (fields may hold newlines and quotes: never split lines by hand).
    """
    csv.field_size_limit(min(MAX_FIELD, sys.maxsize))
    codec = "utf-8-sig" if encoding in ("utf-8", "utf-8-sig") else encoding
    with src.open(options.on_bytes) as fh:
        stream = io.TextIOWrapper(fh, encoding=codec, errors="replace", newline="")
        head_line = stream.readline().removeprefix("\ufeff")  # a UTF-16 file's byte order mark
        delimiter = _delimiter(head_line)
        fields = next(csv.reader([head_line], delimiter=delimiter), [])
        fields = [f.strip() for f in fields]
        if not fields or not any(fields):
            yield src.skip("no header row", line=1, fatal=True)
            return
        if required is not None and required not in (f.lower() for f in fields):
            shown = ", ".join(f[:40] for f in fields[:12]) + (", …" if len(fields) > 12 else "")
            yield src.skip(f"the header has no `{required}` column (it has: {shown})", line=1, fatal=True)
            return
        fields, twice = distinct_names(fields)
        if twice:
            yield Notice(src.display, f"header names {twice} more than once: the first is read", 1)
        lines = RecordedLines(stream)
        reader = csv.DictReader(lines, fieldnames=fields, delimiter=delimiter)
        line = 1
        last: list[str] = []  # the physical lines of the last row read
        while True:
            start = reader.line_num + 2  # the header line was read before the DictReader
            try:
                row = next(reader)
            except StopIteration:
                if len(last) > 1 and quote_left_open(last, delimiter):
                    yield Notice(
                        src.display,
                        f"a quoted field of the row on line {line} is never closed: the {len(last) - 1:,} "
                        "lines after it to the end of the file are read as part of that field",
                        line,
                    )
                break
            except csv.Error as exc:
                yield src.skip(f"unreadable CSV row ({exc})", line=start)
                continue
            finally:
                last = lines.taken()
            line = start
            if None in row:
                yield src.skip(
                    f"row has {len(fields) + len(row[None])} fields, header has {len(fields)}", line=line
                )
                continue
            if "\ufffd" in "".join(v for v in row.values() if isinstance(v, str)):
                yield Notice(src.display, f"undecodable bytes replaced (read as {encoding})", line)
            try:
                made = make(row, src, options, line, encoding)
            except RecordError as exc:
                yield src.skip(str(exc), line=line)
                continue
            if isinstance(made, Message):
                yield made
            else:  # the message with the notices about fields it could not read
                yield from made
