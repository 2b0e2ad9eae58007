"""Web archives (WARC 1.0/1.1, gzip per record or not, and legacy ARC) of forum crawls, read with warcio.

Each `response` record holding an HTML page goes to the forum page parser (html_page); each floor
becomes a message whose id carries the record's byte offset, and whose source offset is that offset
(chain of custody: the evidence is the record at that offset). Requests, metadata, images and stylesheets
are not messages and are passed over. A `revisit` is a duplicate capture with no payload: it is
reported, not re-read. A record the crawler truncated (`WARC-Truncated`) is read as far as it goes and
reported. A file broken in the middle keeps every record before the break.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar

from huijia.ingest.base import (
    Attachments,
    AttachmentSink,
    AttachmentsWanted,
    Reader,
    ReadOptions,
    SourceFile,
    register,
)
from huijia.ingest.forum import parse_thread
from huijia.ingest.html_page import MAX_PAGE_BYTES, decode_page, thread_messages
from huijia.ingest.textfile import UndecodableError
from huijia.model import Message, Notice, ReadEvent


class BrotliDecompressor:
    """warcio's decompressor interface over brotli's streaming Decompressor, for pages a crawler stored as
    the server sent them, `Content-Encoding: br` (what Chrome asks for, so browser-based crawls hold many).
    warcio's own wrapper sets an attribute on brotli's Decompressor that current brotli refuses, which
    broke the whole archive at the first such page."""

    opened: ClassVar[list[BrotliDecompressor]] = []  # those made while the current record was read
    CHUNK = 1 << 20

    def __init__(self) -> None:
        import brotli

        self._decompressor = brotli.Decompressor()
        self.unused_data = b""
        self.produced = 0  # bytes given out; past the page limit nothing more is made (a brotli bomb)
        BrotliDecompressor.opened.append(self)

    def decompress(self, data: bytes) -> bytes:
        if self.produced > MAX_PAGE_BYTES:
            return b""
        out = bytearray(self._decompressor.process(data, output_buffer_limit=self.CHUNK))
        while not self._decompressor.can_accept_more_data() and len(out) + self.produced <= MAX_PAGE_BYTES:
            out += self._decompressor.process(b"", output_buffer_limit=self.CHUNK)
        self.produced += len(out)
        return bytes(out)

    def flush(self) -> bytes:
        return b""

    @property
    def cut(self) -> bool:
        """True when the compressed body ended before its stream did (and not because of the limit)."""
        return self.produced <= MAX_PAGE_BYTES and not self._decompressor.is_finished()


@functools.cache
def archive_iterator() -> Any:
    """warcio's ArchiveIterator, with brotli decoding registered (once, on first use)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.bufferedreaders import BufferedReader

    with contextlib.suppress(ImportError):
        import brotli  # noqa: F401

        BufferedReader.DECOMPRESSORS["br"] = BrotliDecompressor
    return ArchiveIterator


DECODED_CODINGS = frozenset(("gzip", "x-gzip", "deflate", "br", "identity"))


def _warc_magic(head: bytes) -> bool:
    if head.startswith((b"WARC/1.", b"WARC/0.")):
        return True
    if head.startswith(b"\x1f\x8b"):
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(head)) as gz:
                return gz.read(11).startswith((b"WARC/", b"filedesc://"))  # a .warc.gz or an .arc.gz
        except (OSError, EOFError):
            return False
    return head.startswith(b"filedesc://")  # ARC


def archived_images(path: Path, names: set[str], max_bytes: int) -> dict[str, bytes | None]:
    """The bytes of the images a page refers to by `names`, from the archive's image responses.

    A name matches a record whose target URI is the name itself (an absolute URL) or ends with it as a
    path (a relative reference). The value is None for an image over `max_bytes`. A broken archive gives
    what was found before the break; the reader has already reported it.
    """
    ArchiveIterator = archive_iterator()

    found: dict[str, bytes | None] = {}
    suffixes = {"/" + name.lstrip("./").split("#")[0]: name for name in names if "://" not in name}
    absolute = {name for name in names if "://" in name}
    with path.open("rb") as fh, contextlib.redirect_stderr(io.StringIO()):
        try:
            for record in ArchiveIterator(fh, arc2warc=True):
                uri = _image_response(record)
                if uri is None:
                    continue
                name = uri if uri in absolute else None
                if name is None:
                    bare = uri.split("?")[0]
                    name = next((n for suffix, n in suffixes.items() if bare.endswith(suffix)), None)
                if name is None or name in found:
                    continue
                data = record.content_stream().read(max_bytes + 1)
                found[name] = data if len(data) <= max_bytes else None
        except Exception:  # warcio raises many kinds for a broken archive; keep what was found
            pass
    return found


def _image_response(record: Any) -> str | None:
    """The target URL of a successful image response record; None for any other record."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode() or ""
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    if not status.startswith("2") or not content_type.startswith("image/"):
        return None
    return str(record.rec_headers.get_header("WARC-Target-URI") or "")


def _hand_over_image(src: SourceFile, record: Any, sink: AttachmentSink) -> None:
    """An image response of the archive, handed to the sink by its URL while the archive is read."""
    uri = _image_response(record)
    if uri is None:
        return
    data = record.content_stream().read(sink.max_bytes + 1)
    sink.keep(src.sha256, None, uri, data if len(data) <= sink.max_bytes else None)


def image_named(name: str, uris: Iterable[str]) -> str | None:
    """The archived URL a page's image reference `name` points to: the name itself (an absolute URL), or
    the first URL whose path ends with it (a relative reference)."""
    if "://" in name:
        return name if name in uris else None
    suffix = "/" + name.lstrip("./").split("#")[0]
    return next((uri for uri in uris if uri.split("?")[0].endswith(suffix)), None)


def _missing_bytes(record: Any) -> int:
    """How many bytes of a record's block the file lacks, once its payload was read: warcio stops quietly
    at the end of a file that was cut short, leaving its reader's limit unspent."""
    limit = getattr(record.raw_stream, "limit", 0)
    return limit if isinstance(limit, int) and limit > 0 else 0


@register
class WarcReader(Reader):
    name = "warc"
    description = "Web archive (.warc, .warc.gz, .arc) of forum thread pages"
    extensions = (".warc", ".gz", ".arc")
    examples = ("warc/forum-crawl.warc.gz",)
    hands_over_attachments = True

    def sniff(self, head: bytes, path: Path) -> bool:
        return _warc_magic(head)

    def attachments(self, path: Path, wanted: AttachmentsWanted, max_bytes: int) -> Attachments:
        """The images a page refers to, from the archive's image responses (`archived_images`)."""
        if not wanted.names:
            return Attachments()
        return Attachments(by_name=archived_images(path, set(wanted.names), max_bytes))

    def read(self, src: SourceFile, options: ReadOptions) -> Iterator[ReadEvent]:
        ArchiveIterator = archive_iterator()

        records = 0
        kept = 0
        with src.open(options.on_bytes) as fh:
            warnings = io.StringIO()
            iterator = ArchiveIterator(fh, arc2warc=True)
            while True:
                offset: int | None = None
                try:
                    with contextlib.redirect_stderr(warnings):
                        record = next(iterator)
                        data, coding_note = self._payload(record)
                        missing = _missing_bytes(record) if data is not None else 0
                        if data is None and options.attachments is not None:
                            _hand_over_image(src, record, options.attachments)
                        # warcio reads the record to its end to know its offset: only after the payload
                        offset = iterator.get_record_offset()
                        events = list(self._record(src, options, record, data, offset, missing, coding_note))
                except StopIteration:
                    break
                except Exception as exc:  # warcio raises many kinds for a broken archive
                    where = f"byte {offset}" if offset is not None else f"after record {records}"
                    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                    yield src.skip(
                        f"archive broken here ({reason}); {kept:,} messages before it were kept",
                        where=where,
                        fatal=kept == 0 and records == 0,
                    )
                    return
                finally:
                    yield from self._warnings(src, warnings, offset)
                records += 1
                for event in events:
                    kept += isinstance(event, Message)
                    yield event
        if records == 0:
            yield src.skip("no records in this archive", fatal=True)

    def _warnings(self, src: SourceFile, buffer: io.StringIO, offset: int | None) -> Iterator[ReadEvent]:
        text = buffer.getvalue()
        if text.strip():
            first = next(
                (line.strip() for line in text.splitlines() if "WARNING" in line or line.strip()), ""
            )
            yield Notice(src.display, f"record at byte {offset}: {first.removeprefix('WARNING: ')}")
        buffer.seek(0)
        buffer.truncate()

    @staticmethod
    def _payload(record: Any) -> tuple[bytes | None, str | None]:
        """The HTML payload of a 2xx response or resource record, or None for every other record; and what
        its content coding did to it (a coding not decoded, a compressed body cut short), if anything."""
        if record.rec_type not in ("response", "resource"):
            return None, None
        if record.http_headers is not None:
            status = record.http_headers.get_statuscode()
            if status and not status.startswith("2"):
                return None, None
            content_type = record.http_headers.get_header("Content-Type") or ""
        else:
            content_type = record.rec_headers.get_header("Content-Type") or ""
        if "html" not in content_type.lower():
            return None, None
        coding = (
            record.http_headers.get_header("Content-Encoding") if record.http_headers is not None else None
        )
        codings = [c.strip().lower() for c in (coding or "").split(",") if c.strip()]
        if len(codings) > 1 or any(c not in DECODED_CODINGS for c in codings):
            shown = "".join(ch for ch in str(coding)[:40] if ch.isprintable())
            return None, f"its body is encoded as {shown!r}, which is not decoded; the page is not read"
        BrotliDecompressor.opened.clear()
        data: bytes = record.content_stream().read(MAX_PAGE_BYTES)
        if any(d.cut for d in BrotliDecompressor.opened):
            return data, "its brotli-compressed body ends early; what came before was read"
        return data, None

    def _record(
        self,
        src: SourceFile,
        options: ReadOptions,
        record: Any,
        data: bytes | None,
        offset: int,
        missing: int = 0,
        coding_note: str | None = None,
    ) -> Iterator[ReadEvent]:
        headers = record.rec_headers
        uri = headers.get_header("WARC-Target-URI")
        if record.rec_type == "revisit":
            yield Notice(
                src.display, f"record at byte {offset}: revisit of {uri} (duplicate capture, no payload)"
            )
            return
        if record.rec_type not in ("response", "resource"):
            return
        content_type = ""
        if record.http_headers is not None:
            status = record.http_headers.get_statuscode()
            if status and not status.startswith("2"):
                yield Notice(
                    src.display, f"record at byte {offset}: HTTP {status} for {uri}; no page to read"
                )
                return
            content_type = record.http_headers.get_header("Content-Type") or ""
        else:
            content_type = headers.get_header("Content-Type") or ""
        if data is None:
            if coding_note is not None:
                yield src.skip(f"page {uri}: {coding_note}", where=f"byte {offset}")
            return
        if coding_note is not None:
            yield Notice(src.display, f"record at byte {offset}: {uri}: {coding_note}")
        truncated = headers.get_header("WARC-Truncated")
        if truncated:
            yield Notice(
                src.display,
                f"record at byte {offset}: truncated by the crawler ({truncated}); its first part was read",
            )
        elif missing > 0 and len(data) < MAX_PAGE_BYTES:
            yield Notice(
                src.display,
                f"record at byte {offset}: truncated: the file ends {missing:,} bytes before the record"
                " does; its first part was read",
            )
        declared = None
        if "charset=" in content_type.lower():
            declared = content_type.lower().split("charset=")[-1].split(";")[0].strip(" \"'")
        try:
            text, encoding, problem = decode_page(data, declared)
        except UndecodableError as exc:
            yield src.skip(f"page {uri}: {exc}", where=f"byte {offset}")
            return
        if problem is not None:
            yield Notice(src.display, f"record at byte {offset}: {uri}: {problem}")
        thread = parse_thread(text, uri)
        if thread.kind is None:
            yield Notice(src.display, f"record at byte {offset}: {uri}: {thread.problem}")
            return
        if thread.kind == "page":
            yield Notice(
                src.display,
                f"record at byte {offset}: {uri}: not a Discuz! or Tieba thread; "
                "the page's text was read as one message",
            )
        yield from thread_messages(
            self,
            src,
            options,
            thread,
            encoding=encoding,
            position=str(offset),
            offset=offset,
            use_lines=False,
        )
