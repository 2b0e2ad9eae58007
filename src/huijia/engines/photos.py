"""The photos of a scanned export: which messages have image attachments, and the bytes of the ones the
review needs, from wherever the export keeps them — inside it (the reader's `attachments` hook: a QQ
.mht's embedded images, a web archive's image responses) or as files beside it (Telegram's `photos/…`, a
saved forum page's `_files/…`). Storing them is `huijia.store.media`'s."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

from huijia.ingest.base import Attachments, AttachmentsWanted, registered_readers
from huijia.ingest.warc import image_named
from huijia.media import Limits, MediaError, read_image_file
from huijia.media.safe import inside_folder, megabytes
from huijia.model import ImageRef, Message


def image_refs(key: str, message: Message) -> list[ImageRef]:
    author = message.author.identity if message.author is not None else None
    # a message the reader calls an image is the photo (a WhatsApp line `IMG-….jpg (file attached)` has
    # only the file's name for text); otherwise it is photo-only when nothing but placeholders is left
    photo_only = message.kind == "image" or not _words(message.text)
    return [
        ImageRef(key, i, a.name, a.sha256, message.channel, author, message.sent_at, photo_only)
        for i, a in enumerate(message.attachments)
        if a.kind == "image"
    ]


def _words(text: str) -> str:
    """The text without the placeholders some formats leave for media ([图片], <Media omitted>)."""
    for token in ("[图片]", "[闪照]", "[表情]", "<Media omitted>", "<图片省略>", "<附件：", "image omitted"):
        text = text.replace(token, "")
    return text.strip()


class ExportImages:
    """The images readers hand over while they read (`ReadOptions.attachments`), spooled to a temporary
    folder — never held in memory — until the end of their export's file, so that the scan does not open
    the export again for them. Files are named by a counter, never by what the export called them."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._folder = tempfile.TemporaryDirectory(prefix="huijia-images-")
        self._count = 0
        self._by_hash: dict[str, dict[str, Path | None]] = {}
        self._by_name: dict[str, dict[str, Path | None]] = {}

    def keep(self, source_sha256: str, sha256: str | None, name: str | None, data: bytes | None) -> None:
        path = None
        if data is not None:
            self._count += 1
            path = Path(self._folder.name) / str(self._count)
            path.write_bytes(data)
        if sha256:
            self._by_hash.setdefault(source_sha256, {}).setdefault(sha256, path)
        if name:
            self._by_name.setdefault(source_sha256, {}).setdefault(name, path)

    def handed(self, source_sha256: str, wanted: AttachmentsWanted) -> Attachments:
        """What the reader of this export handed over, for the wanted images (None: over the limit)."""
        by_hash = self._by_hash.get(source_sha256, {})
        by_name = self._by_name.get(source_sha256, {})
        found = Attachments()
        for digest in wanted.hashes:
            if digest in by_hash:
                found.by_hash[digest] = _read(by_hash[digest])
        for name in wanted.names:
            uri = name if name in by_name else image_named(name, by_name)
            if uri is not None:
                found.by_name[name] = _read(by_name[uri])
        return found

    def forget(self, source_sha256: str) -> None:
        """Drop an export's images once its photos are stored."""
        for table in (self._by_hash, self._by_name):
            for path in table.pop(source_sha256, {}).values():
                if path is not None:
                    path.unlink(missing_ok=True)

    def close(self) -> None:
        self._folder.cleanup()


def _read(path: Path | None) -> bytes | None:
    return path.read_bytes() if path is not None else None


def photo_bytes(
    export: Path,
    reader: str,
    refs: list[ImageRef],
    limits: Limits,
    handed: ExportImages | None = None,
    source_sha256: str = "",
) -> Iterator[tuple[ImageRef, bytes | None, str | None]]:
    """(ref, bytes, problem) for each ref: bytes None with no problem when the export lacks the photo.

    What the export holds inside itself (a QQ .mht's embedded images by SHA-256, a web archive's by URL)
    comes from what its reader handed over while reading (`handed`), or, for a reader that does not hand
    images over, from `Reader.attachments`, which opens the export again; the rest are files named
    relative to the export, which must stay inside its folder."""
    wanted = AttachmentsWanted(
        frozenset(ref.sha256 for ref in refs if ref.sha256), frozenset(ref.name for ref in refs if ref.name)
    )
    reader_class = registered_readers().get(reader)
    inside_export: Attachments | None = None
    if reader_class is not None and reader_class.hands_over_attachments and handed is not None:
        inside_export = handed.handed(source_sha256, wanted)
    elif reader_class is not None:
        inside_export = reader_class().attachments(export, wanted, limits.max_bytes)
    embedded = inside_export.by_hash if inside_export else {}
    archived = inside_export.by_name if inside_export else {}
    folder = export.parent.resolve()
    too_big = f"over the {megabytes(limits.max_bytes)} limit"
    for ref in refs:
        inside = ref.name in archived or (ref.sha256 is not None and ref.sha256 in embedded)
        if inside:  # the archive or the .mht holds it; None: it was over the size limit
            data = archived[ref.name] if ref.name in archived else embedded[ref.sha256 or ""]
            yield (ref, None, too_big) if data is None else (ref, data, None)
            continue
        path = inside_folder(folder, ref.name)
        if path is None or not path.is_file():
            yield ref, None, None
            continue
        try:
            yield ref, read_image_file(path, limits), None
        except MediaError as exc:
            yield ref, None, str(exc)
