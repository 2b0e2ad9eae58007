"""The photos of a scanned export: which messages have image attachments, and the bytes of the ones the
review needs, from wherever the export keeps them — inside it (the reader's `attachments` hook: a QQ
.mht's embedded images, a web archive's image responses) or as files beside it (Telegram's `photos/…`, a
saved forum page's `_files/…`). Storing them is `huijia.store.media`'s."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from huijia.ingest.base import AttachmentsWanted, registered_readers
from huijia.media import Limits, MediaError, read_image_file
from huijia.media.safe import inside_folder, megabytes
from huijia.model import Message
from huijia.store.media import ImageRef


def image_refs(key: str, message: Message) -> list[ImageRef]:
    author = message.author.identity if message.author is not None else None
    photo_only = not _words(message.text)
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


def photo_bytes(
    export: Path, reader: str, refs: list[ImageRef], limits: Limits
) -> Iterator[tuple[ImageRef, bytes | None, str | None]]:
    """(ref, bytes, problem) for each ref: bytes None with no problem when the export lacks the photo.

    The export's reader gives what the export holds inside itself (`Reader.attachments`: a QQ .mht's
    embedded images by SHA-256, a web archive's by URL); the rest are files named relative to the
    export, which must stay inside its folder."""
    wanted = AttachmentsWanted(
        frozenset(ref.sha256 for ref in refs if ref.sha256), frozenset(ref.name for ref in refs if ref.name)
    )
    reader_class = registered_readers().get(reader)
    inside_export = reader_class().attachments(export, wanted, limits.max_bytes) if reader_class else None
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
