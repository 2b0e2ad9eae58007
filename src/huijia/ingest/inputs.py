"""From files and folders to a stream of Messages (and Skips, and Notices).

`read_inputs` is the one entry point. It expands folders, hashes each file (chain of custody), picks the
reader by sniffing the first bytes unless a format is named, and contains failures: whatever goes wrong
in one file becomes a Skip naming it, and the other files are still read.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from huijia.ingest.base import Reader, ReadOptions, SourceFile, registered_readers
from huijia.ingest.textfile import SNIFF_BYTES
from huijia.model import Batch, EncodedMessages, MessageBatch, Notice, ReadEvent, Skip

READ_AS_SEPARATORS = (": ", " (", ", ")
NUMBERED = re.compile(r"^(.*?)(\d*)((?:\.[^.\d]*)*)$", re.S)


@dataclass(frozen=True, slots=True)
class ReaderChosen(Notice):
    """The note that names the reader sniffing chose for a file (one per file read without a format
    named), and the other readers that would also have taken it. A Notice like any other; its own class
    only so that a caller can tell it from what the reader itself noted."""


def short_description(reader: Reader) -> str:
    """A reader's description up to its first detail: `QQ / TIM message-manager text export`."""
    text = reader.description
    cut = min((i for i in (text.find(sep) for sep in READ_AS_SEPARATORS) if i > 0), default=len(text))
    return text[:cut]


def reader_chosen(
    display: str, reader: Reader, others: list[Reader], layout: str | None = None
) -> ReaderChosen:
    text = f"read as {reader.name} ({short_description(reader)})"
    if layout:
        text += f", layout: {layout}"
    if others:
        text += f"; {', '.join(c.name for c in others)} would also take it (name one with --format)"
    return ReaderChosen(display, text)


log = logging.getLogger(__name__)

# Files that sit beside exports (media folders of Telegram, WeChat and WhatsApp exports) and are never
# messages themselves; inside a folder they are passed over without a notice.
MEDIA_SUFFIXES = frozenset(
    [
        ".jpg",
        ".jpeg",
        ".png",
        ".gif",
        ".webp",
        ".bmp",
        ".heic",
        ".tif",
        ".tiff",
        ".mp4",
        ".mov",
        ".avi",
        ".mkv",
        ".webm",
        ".mp3",
        ".m4a",
        ".ogg",
        ".opus",
        ".wav",
        ".amr",
        ".silk",
        ".aac",
        ".pdf",
        ".doc",
        ".docx",
        ".xls",
        ".xlsx",
        ".zip",
        ".rar",
        ".7z",
        ".dat",
        ".ico",
        ".css",
        ".js",
        ".svg",
        ".woff",
        ".woff2",
        ".ttf",
        ".tgs",
        ".vcf",
    ]
)


ARCHIVE_SUFFIXES = frozenset([".zip", ".rar", ".7z", ".gz", ".tar", ".tgz"])


class UnknownFormatError(ValueError):
    """A format name that no reader has."""


def format_names() -> list[str]:
    return list(registered_readers())


def choose_reader(head: bytes, path: Path) -> Reader | None:
    """The first registered reader whose sniff accepts these first bytes, or None."""
    found = candidate_readers(head, path, stop_at_first=True)
    return found[0] if found else None


def candidate_readers(head: bytes, path: Path, *, stop_at_first: bool = False) -> list[Reader]:
    """Every registered reader whose sniff accepts these first bytes, in sniffing order."""
    found: list[Reader] = []
    for cls in registered_readers().values():
        reader = cls()
        try:
            if reader.sniff(head, path):
                found.append(reader)
                if stop_at_first:
                    break
        except Exception:  # a sniffer must never stop the others from trying
            log.exception("sniffer %s failed on %s", cls.name, path.name)
    return found


@dataclass(frozen=True, slots=True)
class _Input:
    path: Path
    display: str
    in_folder: bool


def _expand(inputs: Iterable[str | Path]) -> Iterator[_Input | Skip]:
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            files = sorted(
                (p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")), key=_natural
            )
            for file in files:
                yield _Input(file, str(file), True)
        elif path.is_file():
            yield _Input(path, str(given), False)
        elif path.exists():
            yield Skip(str(given), "not a regular file", fatal=True)
        else:
            yield Skip(str(given), "no such file or folder", fatal=True)


def _natural(path: Path) -> tuple[str, str, int, str, str]:
    """A sort key that puts numbered pages in page order within a folder: `messages.html` (page 1),
    `messages2.html`, …, `messages10.html`, whatever the names before and after the number."""
    match = NUMBERED.match(path.name)
    assert match is not None  # the pattern matches any name
    stem, digits, suffix = match.groups()
    return (str(path.parent), stem, int(digits) if digits else 1, suffix, path.name)


SourceFilter = Callable[[SourceFile, str], bool]
"""Asked before a file is read, with the file (name, SHA-256) and the reader chosen: read it or not."""


def read_inputs(
    inputs: Iterable[str | Path],
    fmt: str = "auto",
    options: ReadOptions | None = None,
    wanted: SourceFilter | None = None,
) -> Iterator[ReadEvent]:
    """Every message of every input, in order, with a Skip for each thing that could not be read.

    `fmt` is a reader name or `auto` (sniff each file). Raises UnknownFormatError for a bad `fmt`, before
    reading anything; all other problems are yielded as Skips with `fatal=True` for whole files.
    `wanted`, when given, is asked before each file is read (a store passes files it already holds).
    """
    if options is not None and options.json_lines:
        raise ValueError("read_inputs hands on Message objects: read encoded lines with read_input_batches")
    for event in read_input_batches(inputs, fmt, options, wanted):
        if isinstance(event, MessageBatch):
            yield from event
        else:
            assert not isinstance(event, EncodedMessages)
            yield event


def read_input_batches(
    inputs: Iterable[str | Path],
    fmt: str = "auto",
    options: ReadOptions | None = None,
    wanted: SourceFilter | None = None,
) -> Iterator[ReadEvent | Batch]:
    """`read_inputs`, with the runs of messages that a reader read in one go kept together as batches
    (and, when `options.json_lines`, maybe already encoded)."""
    options = options or ReadOptions()
    readers = registered_readers()
    forced: Reader | None = None
    if fmt != "auto":
        if fmt not in readers:
            raise UnknownFormatError(f"unknown format {fmt!r}; known: auto, {', '.join(readers)}")
        forced = readers[fmt]()
    for item in _expand(inputs):
        if isinstance(item, Skip):
            yield item
            continue
        yield from _read_one(item, forced, options, wanted)


def _read_one(
    item: _Input, forced: Reader | None, options: ReadOptions, wanted: SourceFilter | None = None
) -> Iterator[ReadEvent | Batch]:
    try:
        head = _head(item.path)
    except OSError as exc:
        yield Skip(item.display, f"cannot open: {exc.strerror or exc}", fatal=True)
        return
    if not head and forced is None:
        yield Skip(item.display, "empty file", fatal=True)
        return
    candidates = [] if forced is not None else candidate_readers(head, item.path)
    reader = forced or (candidates[0] if candidates else None)
    if reader is None:
        if item.in_folder:
            suffix = item.path.suffix.lower()
            if suffix in ARCHIVE_SUFFIXES:  # an export may be inside: say so rather than pass it over
                yield Notice(item.display, "an archive; passed over (unpack it to read the exports in it)")
            elif suffix not in MEDIA_SUFFIXES:
                yield Notice(item.display, "not a recognised export; passed over")
            return
        yield Skip(item.display, "not a recognised export format (name one with --format)", fatal=True)
        return
    try:
        src = SourceFile.from_path(item.path, item.display)
    except OSError as exc:
        yield Skip(item.display, f"cannot read: {exc.strerror or exc}", fatal=True)
        return
    if wanted is not None and not wanted(src, reader.name):
        return
    if forced is None:  # say which reader sniffing chose (and any others it had), so a wrong guess is seen
        try:
            layout = reader.layout(head, item.path)
        except Exception:  # naming the layout is a courtesy; reading still says what it finds
            log.debug("layout of %s not named", item.display, exc_info=True)
            layout = None
        yield reader_chosen(item.display, reader, candidates[1:], layout)
    try:
        yield from reader.read(src, options)
    except Exception as exc:  # contain it: one broken file must not stop the batch
        log.debug("reader %s failed on %s", reader.name, item.display, exc_info=True)
        yield Skip(
            item.display, f"internal error in the {reader.name} reader: {type(exc).__name__}", fatal=True
        )


def _head(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(SNIFF_BYTES)
