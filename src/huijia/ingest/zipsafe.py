"""Opening a zip an export came in, with limits: a zip from a suspect's phone is untrusted input.

A zip bomb (a tiny file that inflates to terabytes), a zip of millions of entries, or a member named
`../../etc/cron.d/x` must end as a clear error or a refused member, never as a full disk or a file
written outside the export. Nothing here extracts to disk: members are read into memory, bounded.
"""

from __future__ import annotations

import hashlib
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MAX_ENTRIES = 50_000
MAX_TOTAL_BYTES = 8 * 1024**3  # what all members together claim to inflate to
MAX_RATIO = 200  # a member that inflates more than this (and past RATIO_FLOOR) is refused
RATIO_FLOOR = 1024 * 1024
MAX_MEMBER_BYTES = 512 * 1024**2


class UnsafeZipError(ValueError):
    """A zip that is refused as a whole; the text says which limit it broke."""


@dataclass
class CheckedZip:
    """A zip's members that passed the checks, by name, and a note for each one refused."""

    zf: zipfile.ZipFile
    members: dict[str, zipfile.ZipInfo] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)

    def read(self, name: str, limit: int = MAX_MEMBER_BYTES) -> bytes:
        """A member's bytes, never more than it declared or than `limit`; raises UnsafeZipError."""
        info = self.members[name]
        if info.file_size > limit:
            raise UnsafeZipError(f"zip member {name!r} is larger than {limit // 2**20} MiB")
        try:
            with self.zf.open(info) as fh:
                data = fh.read(info.file_size + 1)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
            raise UnsafeZipError(f"zip member {name!r} cannot be read ({type(exc).__name__})") from exc
        if len(data) != info.file_size:
            raise UnsafeZipError(f"zip member {name!r} inflates to another size than it declares")
        return data

    def sha256(self, name: str, limit: int = MAX_MEMBER_BYTES) -> str:
        """The SHA-256 of a member's bytes, read in chunks; raises UnsafeZipError like `read`."""
        info = self.members[name]
        if info.file_size > limit:
            raise UnsafeZipError(f"zip member {name!r} is larger than {limit // 2**20} MiB")
        digest = hashlib.sha256()
        size = 0
        try:
            with self.zf.open(info) as fh:
                while chunk := fh.read(1 << 20):
                    size += len(chunk)
                    if size > info.file_size:
                        break
                    digest.update(chunk)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
            raise UnsafeZipError(f"zip member {name!r} cannot be read ({type(exc).__name__})") from exc
        if size != info.file_size:
            raise UnsafeZipError(f"zip member {name!r} inflates to another size than it declares")
        return digest.hexdigest()

    def close(self) -> None:
        self.zf.close()


def _unsafe_name(name: str) -> str | None:
    if "\x00" in name:
        return "a NUL in its name"
    posix = PurePosixPath(name.replace("\\", "/"))
    if posix.is_absolute() or (len(name) > 1 and name[1] == ":"):
        return "an absolute path"
    if ".." in posix.parts:
        return "a path that climbs out of the export (..)"
    return None


def open_zip(path: Path) -> CheckedZip:
    """The zip at `path` with its safe members; raises UnsafeZipError for a zip refused as a whole."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise UnsafeZipError(f"not a readable zip ({type(exc).__name__})") from exc
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        zf.close()
        raise UnsafeZipError(f"zip has {len(infos):,} entries, more than the limit of {MAX_ENTRIES:,}")
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL_BYTES:
        zf.close()
        raise UnsafeZipError(
            f"zip would inflate to {total / 2**30:.1f} GiB,"
            f" more than the limit of {MAX_TOTAL_BYTES // 2**30} GiB"
        )
    checked = CheckedZip(zf)
    for info in infos:
        if info.is_dir():
            continue
        problem = _unsafe_name(info.filename)
        if problem is None and info.flag_bits & 0x1:
            problem = "encryption"
        if (
            problem is None
            and info.file_size > RATIO_FLOOR
            and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        ):
            problem = f"a compression ratio over {MAX_RATIO}:1"
        if problem is None and info.filename in checked.members:
            problem = "a name that occurs twice"
        if problem is not None:
            checked.refused.append(f"zip member refused ({problem}); not read")
            continue
        checked.members[info.filename] = info
    return checked
