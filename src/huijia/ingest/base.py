"""The reader extension point: one Reader class per export format, registered by name.

Built-in readers register themselves with `@register` exactly as a third-party package would (or through
the `huijia.readers` entry-point group). A reader is told nothing but the file and the options; it
yields Messages, and a Skip for every record it cannot read, so that nothing is dropped in silence.
"""

from __future__ import annotations

import hashlib
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, ClassVar, Protocol

from huijia.ingest.textfile import DETECT_BYTES, UndecodableError, detect_encoding
from huijia.ingest.timeparse import DEFAULT_TZ, LocalClock
from huijia.model import Batch, ReadEvent, Skip, Source

HASH_CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file about to be read: its path, the name messages cite, and the SHA-256 of its bytes."""

    path: Path
    display: str
    sha256: str
    size: int

    @property
    def short(self) -> str:
        """The first 8 hex digits of the file's SHA-256, used inside message ids."""
        return self.sha256[:8]

    @classmethod
    def from_path(cls, path: Path, display: str | None = None) -> SourceFile:
        digest = hashlib.sha256()
        size = 0
        with path.open("rb") as fh:
            while chunk := fh.read(HASH_CHUNK):
                digest.update(chunk)
                size += len(chunk)
        return cls(path=path, display=display or str(path), sha256=digest.hexdigest(), size=size)

    def open(self, on_bytes: Callable[[int], None] | None = None) -> BinaryIO:
        """Open for binary reading; `on_bytes(n)` is told how many bytes each read returned."""
        fh = self.path.open("rb")
        if on_bytes is None:
            return fh
        return _CountingFile(fh, on_bytes)  # type: ignore[return-value]

    def head(self, size: int) -> bytes:
        with self.path.open("rb") as fh:
            return fh.read(size)

    def source(
        self,
        fmt: str,
        *,
        line: int | None = None,
        offset: int | None = None,
        encoding: str | None = None,
        tz_assumed: str | None = None,
    ) -> Source:
        return Source(self.display, fmt, self.sha256, line, offset, encoding, tz_assumed)

    def skip(
        self, reason: str, *, line: int | None = None, where: str | None = None, fatal: bool = False
    ) -> Skip:
        return Skip(self.display, reason, line=line, where=where, fatal=fatal)


# What making one parsed record into a message may raise on a value its reader did not foresee
RECORD_ERRORS = (ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError, ArithmeticError)


def record_events(
    src: SourceFile,
    make: Callable[..., Iterable[ReadEvent]],
    *args: Any,
    where: str | None = None,
    at_line: int | None = None,
    **kwargs: Any,
) -> list[ReadEvent]:
    """The events of one record, made whole before any is given out. An error the reader did not foresee
    while making it becomes a Skip for that record alone, naming the error; the file reads on (and a
    parser's error is never taken for one of these, nor one of these for broken JSON)."""
    try:
        return list(make(*args, **kwargs))
    except RECORD_ERRORS as exc:
        reason = f"this record could not be read ({type(exc).__name__}: {exc}); it is left out"
        return [src.skip(reason, where=where, line=at_line)]


def none_readable(src: SourceFile, failed: int) -> Skip:
    """The closing Skip of a file none of whose `failed` records could be made into a message."""
    return src.skip(f"none of its {failed:,} records could be read (each is noted above)", fatal=True)


def text_encoding(src: SourceFile) -> str | Skip:
    """The encoding to read a text export with, judged from its first megabyte; or, for an empty file
    or binary data, the fatal Skip that says so."""
    head = src.head(DETECT_BYTES)
    if not head:
        return src.skip("empty file", fatal=True)
    try:
        encoding = detect_encoding(head)
        if encoding == "utf-8" and head.isascii() and len(head) == DETECT_BYTES:
            # a megabyte of ASCII says nothing of the Chinese after it (a GBK export that opens with
            # English or numbers): judge by the first megabyte that holds other bytes
            later = _first_non_ascii(src)
            if later:
                return detect_encoding(later)
        return encoding
    except UndecodableError as exc:
        return src.skip(str(exc), fatal=True)


SCAN_FOR_NON_ASCII = 256 * DETECT_BYTES  # how far into an ASCII file to look for other bytes
_NON_ASCII = re.compile(rb"[\x80-\xff]")


def _first_non_ascii(src: SourceFile) -> bytes:
    """Up to DETECT_BYTES of the file from the start of the first line with a non-ASCII byte (within
    SCAN_FOR_NON_ASCII bytes), or b"" if there is none."""
    with src.path.open("rb") as fh:
        fh.seek(DETECT_BYTES)
        read = DETECT_BYTES
        while read < SCAN_FOR_NON_ASCII and (chunk := fh.read(DETECT_BYTES)):
            found = _NON_ASCII.search(chunk)
            if found is not None:
                start = chunk.rfind(b"\n", 0, found.start()) + 1
                return (chunk[start:] + fh.read(DETECT_BYTES))[:DETECT_BYTES]
            read += len(chunk)
    return b""


class _CountingFile:
    """A binary file wrapper that reports how many bytes were read (for progress bars)."""

    def __init__(self, fh: BinaryIO, on_bytes: Callable[[int], None]) -> None:
        self._fh = fh
        self._on_bytes = on_bytes

    def read(self, size: int = -1) -> bytes:
        data = self._fh.read(size)
        self._on_bytes(len(data))
        return data

    def readline(self, size: int = -1) -> bytes:
        data = self._fh.readline(size)
        self._on_bytes(len(data))
        return data

    def __iter__(self) -> Iterator[bytes]:
        while line := self.readline():
            yield line

    def __getattr__(self, name: str) -> object:
        return getattr(self._fh, name)

    def __enter__(self) -> _CountingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._fh.close()


@dataclass(slots=True)
class ReadOptions:
    """What the person reading chose: the zone for naive local times, and progress reporting.

    `json_lines`: the caller only writes messages out as JSON lines, so a reader may yield them already
    encoded (EncodedMessages) instead of as Message objects; only `read_input_batches` passes those on.
    `attachments`: where a reader whose export holds its images inside itself (a QQ .mht, a web archive)
    hands them over as it meets them, so that the caller need not open the export again for them.
    """

    tz: str = DEFAULT_TZ
    on_bytes: Callable[[int], None] | None = None
    json_lines: bool = False
    attachments: AttachmentSink | None = None
    clock: LocalClock = field(init=False)

    def __post_init__(self) -> None:
        self.clock = LocalClock(self.tz)


class AttachmentSink(Protocol):
    """Takes the images an export holds inside itself while it is read (see `ReadOptions.attachments`)."""

    max_bytes: int  # larger images are handed over as None (there, but over the limit)

    def keep(self, source_sha256: str, sha256: str | None, name: str | None, data: bytes | None) -> None:
        """One image of the export `source_sha256`, by its SHA-256 and/or the name (URL) pages give it."""


@dataclass(frozen=True, slots=True)
class AttachmentsWanted:
    """Which attachments to fetch from an export: by SHA-256 and by name (as the messages gave them)."""

    hashes: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Attachments:
    """Attachments found inside an export: bytes by SHA-256 and by name (None: over the size limit)."""

    by_hash: dict[str, bytes | None] = field(default_factory=dict)
    by_name: dict[str, bytes | None] = field(default_factory=dict)


class Reader(ABC):
    """One export format. Subclasses set `name`, `description` and `extensions`, and implement both
    methods. `examples` names files under tests/data/ that the test-suite reads with this reader."""

    name: ClassVar[str]
    description: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]] = ()
    examples: ClassVar[tuple[str, ...]] = ()
    # whether `read` hands the export's own images to `ReadOptions.attachments` as it meets them (then
    # nobody needs to open the export again for them; otherwise `attachments` is asked afterwards)
    hands_over_attachments: ClassVar[bool] = False

    @abstractmethod
    def sniff(self, head: bytes, path: Path) -> bool:
        """True when the file's first bytes (up to 64 KiB) show it is in this format."""

    def layout(self, head: bytes, path: Path) -> str | None:
        """The layout of the file among those this reader knows (a tool and its version), named for the
        note that says how a file was read; None for a reader of one layout."""
        return None

    @abstractmethod
    def read(self, src: SourceFile, options: ReadOptions) -> Iterator[ReadEvent | Batch]:
        """Every message of the file in file order, with a Skip for each record that cannot be read.

        Must not raise for bad input: an unreadable file yields one Skip with `fatal=True`. A reader may
        yield runs of messages as a MessageBatch, or as EncodedMessages when `options.json_lines`.
        """

    def message_id(self, src: SourceFile, position: int | str) -> str:
        return f"{self.name}:{src.short}:{position}"

    def attachments(self, path: Path, wanted: AttachmentsWanted, max_bytes: int) -> Attachments:
        """The bytes of the attachments the export holds inside itself, for the ones `wanted` names: by
        the SHA-256 or the name its messages gave them. The default: none — the attachments of most
        formats are files beside the export (Telegram's `photos/…`), which the caller opens itself. A
        value of None means the attachment is there but over `max_bytes`. Must not raise for a damaged
        file (`read` has already reported it): what was found before the damage is returned."""
        return Attachments()


_REGISTRY: dict[str, type[Reader]] = {}
_ENTRY_POINTS_LOADED = False


def register(cls: type[Reader]) -> type[Reader]:
    """Class decorator that makes a reader available by its `name` (and to sniffing)."""
    if cls.name in _REGISTRY and _REGISTRY[cls.name] is not cls:
        raise ValueError(f"a reader named {cls.name!r} is already registered")
    _REGISTRY[cls.name] = cls
    return cls


def _load_entry_points() -> None:
    global _ENTRY_POINTS_LOADED
    if _ENTRY_POINTS_LOADED:
        return
    _ENTRY_POINTS_LOADED = True
    from importlib.metadata import entry_points

    for ep in entry_points(group="huijia.readers"):
        register(ep.load())


def registered_readers() -> dict[str, type[Reader]]:
    """Every reader by name, in sniffing order: the built-ins in `readers.SNIFF_ORDER`, then the others
    in the order they were registered."""
    from huijia.ingest.readers import SNIFF_ORDER  # registers the built-ins

    _load_entry_points()
    rank = {name: index for index, name in enumerate(SNIFF_ORDER)}
    return dict(sorted(_REGISTRY.items(), key=lambda item: rank.get(item[0], len(rank))))
