"""An uploaded zip that no reader reads as it is — a Telegram export folder zipped with its photos, a folder
of exports — unpacked into a folder beside it, which is then read as any folder is.

A web upload is one file, so a folder can only come zipped. A zip that a reader takes whole (a WhatsApp
export) is left as it is. Unpacking goes through `huijia.ingest.zipsafe`'s limits (entries, the sizes
members claim, compression ratio, names that climb out, encryption): a zip from a suspect's phone is
untrusted input. Each member it refuses is a note; a zip it refuses whole is an UnsafeZipError.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path, PurePosixPath

from huijia.ingest import choose_reader
from huijia.ingest.textfile import SNIFF_BYTES
from huijia.ingest.zipsafe import MAX_MEMBER_BYTES, UnsafeZipError, open_zip
from huijia.model import Notice

__all__ = ["UnsafeZipError", "unpacked"]


def unpacked(path: Path) -> tuple[Path, list[Notice]]:
    """`path` itself when it is no zip or a zip a reader reads whole; else the folder (`NAME.d`) its
    members were written to, with a note for each member refused. Raises UnsafeZipError."""
    if not zipfile.is_zipfile(path):
        return path, []
    with path.open("rb") as fh:
        head = fh.read(SNIFF_BYTES)
    if choose_reader(head, path) is not None:
        return path, []
    checked = open_zip(path)
    folder = path.with_name(path.name + ".d")
    try:
        for name, info in checked.members.items():
            if info.file_size > MAX_MEMBER_BYTES:
                checked.refused.append(f"zip member refused (larger than {MAX_MEMBER_BYTES // 2**20} MiB)")
                continue
            target = folder.joinpath(*PurePosixPath(name.replace("\\", "/")).parts)
            if not target.resolve().is_relative_to(folder.resolve()):  # zipsafe refuses these; twice sure
                checked.refused.append("zip member refused (a path that leaves the folder)")
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            _write_member(checked.zf, info, target)
    finally:
        checked.close()
    return folder, [Notice(path.name, text) for text in checked.refused]


def _write_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path) -> None:
    """A member's bytes to `target`, never more than it declares; raises UnsafeZipError."""
    written = 0
    try:
        with zf.open(info) as source, target.open("wb") as sink:
            while chunk := source.read(1 << 20):
                written += len(chunk)
                if written > info.file_size:
                    break
                sink.write(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise UnsafeZipError(f"zip member {info.filename!r} cannot be read ({type(exc).__name__})") from exc
    if written != info.file_size:
        target.unlink(missing_ok=True)
        raise UnsafeZipError(f"zip member {info.filename!r} inflates to another size than it declares")
