"""What every signed evidence package shares — police referrals (`huijia.report.referral`) and takedown
notices (`huijia.report.takedown`): the manifest of SHA-256 hashes, the detached signature over it, the
ZIP written with fixed entry times, and the checks `huijia verify` makes of any package.

A package is a ZIP of one JSON document of record (`referral.json`, `takedown.json`), a PDF reading copy,
the files its kind carries, `manifest.json` (the SHA-256 of every other file, of every cited message's
text, the source files' SHA-256, and the manifest's own hash over all of that) and `signature.json` (the
installation's Ed25519 signature over the exact bytes of `manifest.json`, with its public key and
fingerprint). Both documents cite messages the same way: an item with a `message` (`key`, `text`,
`author`, `sent_at`, `chat`, `reply_to`) and `seen_in` (the source file's SHA-256, name, reader, line and
byte offset, and the reader's id), so one verifier re-reads both from the original exports.

`verify_package` tells the kinds apart by the document they hold, and checks each against its own layout
(`Kind`): a name the kind never holds is a problem, as is a manifest or document of another format.
The threat model is in docs/evidence.md.
"""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from huijia.report.signing import SigningKey, check_signature

SIGNATURE_FORMAT = "huijia-signature/1"
# what a package from an unknown sender may unpack to before verify refuses it
MAX_ENTRIES, MAX_UNPACKED = 100_000, 4 * 1024**3
ZIP_TIME = (2000, 1, 1, 0, 0, 0)  # fixed member times: the same evidence gives the same bytes
MANIFEST, SIGNATURE = "manifest.json", "signature.json"


class PackageError(ValueError):
    """A package that cannot be made or read at all; the text says why."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical(value: Any) -> bytes:
    """The one byte form of a JSON value that huijia hashes and signs (sorted keys, two-space indent)."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2)


def cited_items(document: dict[str, Any], items: str) -> list[dict[str, Any]]:
    """The items of a document that cite messages (a referral's `cases`, a notice's `evidence`)."""
    found = document.get(items, [])
    return list(found) if isinstance(found, list) else []


def manifest_for(
    fmt: str, files: dict[str, bytes], items: Iterable[dict[str, Any]], sources: Iterable[dict[str, Any]]
) -> dict[str, Any]:
    """The manifest of a package: every file's SHA-256, every cited message text's, the source files'."""
    body = {
        "format": fmt,
        "files": {name: sha256(data) for name, data in sorted(files.items())},
        "messages": {
            item["message"]["key"]: sha256(item["message"]["text"].encode("utf-8")) for item in items
        },
        "sources": sorted(source["sha256"] for source in sources),
    }
    return {**body, "manifest_sha256": sha256(canonical(body))}


def signed_zip(files: dict[str, bytes], manifest: dict[str, Any], signer: SigningKey) -> bytes:
    """The package's bytes: the files in name order, then `manifest.json` and `signature.json` (a detached
    Ed25519 signature over the manifest's exact bytes), each entry with a fixed time."""
    manifest_bytes = canonical(manifest)
    signature = {
        "format": SIGNATURE_FORMAT,
        "algorithm": "ed25519",
        "signed": MANIFEST,
        "public_key": signer.public_b64,
        "fingerprint": signer.fingerprint,
        "value": signer.sign(manifest_bytes),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in [
            *sorted(files.items()),
            (MANIFEST, manifest_bytes),
            (SIGNATURE, canonical(signature)),
        ]:
            bundle.writestr(zipfile.ZipInfo(name, ZIP_TIME), data)
    return buffer.getvalue()


@dataclass
class Verification:
    problems: list[str] = field(default_factory=list)
    kind: str = "referral"  # which kind of package it is: `Kind.name`
    subject: str | None = None  # what it is about, where the kind names one (a notice's chat)
    cases: int = 0  # items that cite messages: a referral's cases, a notice's evidence messages
    sources_checked: int = 0
    records_checked: int = 0  # cited records re-read from the original exports
    manifest_sha256: str | None = None
    signer: str | None = None  # the fingerprint of the key whose signature holds
    claimed_signer: str | None = None  # the fingerprint a signature names that does not hold
    trusted_as: str | None = None  # the signer's name in the trusted keys ('' unnamed); None: unknown
    checkpoint: dict[str, Any] | None = None  # the audit checkpoint it carries: entries, head, at

    @property
    def intact(self) -> bool:
        return not self.problems

    @property
    def trusted(self) -> bool:
        return self.trusted_as is not None


@dataclass(frozen=True)
class Kind:
    """One kind of package, as the verifier knows it: its name, the format its manifest and document
    name, the document of record, the list of items that cite messages, which other names it may hold,
    and what else it checks (a referral's carried checkpoint; a notice's reasons against its evidence)."""

    name: str
    format: str
    document: str
    items: str
    holds: Callable[[str], bool]
    check: Callable[[dict[str, Any], dict[str, bytes], Verification], None] = lambda *_: None
    subject: Callable[[dict[str, Any]], str | None] = lambda _: None


def verify_package(
    path: Path,
    kinds: Sequence[Kind],
    originals: Iterable[Path] = (),
    trusted: dict[str, str] | None = None,
    partial: bool = False,
) -> Verification:
    """Check a package of one of `kinds`: that it holds each entry once, nothing its kind does not hold and
    nothing unlisted; the signature over the manifest (and whether its key is one of `trusted`,
    fingerprint → name); every file against the manifest, every message text against its hash, the
    manifest against its own hash; and, for original export files given, that they are listed sources and
    that every record cited from them reads, with the named reader, at its recorded line and offset,
    exactly as the package gives it. Raises PackageError when the package cannot be read at all."""
    result = Verification()
    contents = _read_entries(path, result)
    if MANIFEST not in contents:
        raise PackageError(f"{path}: {MANIFEST} is missing: not a referral bundle or takedown notice")
    present = [kind for kind in kinds if kind.document in contents]
    if not present:
        wanted = " or ".join(kind.document for kind in kinds)
        raise PackageError(f"{path}: {wanted} is missing: not a {' or '.join(k.name for k in kinds)}")
    kind = present[0]
    result.kind = kind.name
    if len(present) > 1:
        result.problems.append(f"it holds both {' and '.join(k.document for k in present)}: no package does")
    manifest_bytes = contents.pop(MANIFEST)
    signature_bytes = contents.pop(SIGNATURE, None)
    try:
        manifest = orjson.loads(manifest_bytes)
        document = orjson.loads(contents[kind.document])
    except orjson.JSONDecodeError as exc:
        raise PackageError(f"{path}: a JSON file of the {kind.name} is damaged ({exc})") from exc
    if not isinstance(manifest, dict) or not isinstance(document, dict):
        raise PackageError(f"{path}: {MANIFEST} or {kind.document} is not a JSON object")
    result.manifest_sha256 = str(manifest.get("manifest_sha256"))
    _check_signature(signature_bytes, manifest_bytes, trusted or {}, result)
    try:
        subject = kind.subject(document)
        result.subject = subject if isinstance(subject, str) else None
        _check_contents(kind, manifest, document, contents, list(originals), partial, result)
    except (AttributeError, KeyError, TypeError, ValueError):  # a list where an object belongs, …
        result.problems.append(f"{MANIFEST} or {kind.document} does not have the shape of a {kind.name}")
    return result


def _check_contents(
    kind: Kind,
    manifest: dict[str, Any],
    document: dict[str, Any],
    contents: dict[str, bytes],
    originals: list[Path],
    partial: bool,
    result: Verification,
) -> None:
    body = {k: v for k, v in manifest.items() if k != "manifest_sha256"}
    if sha256(canonical(body)) != manifest.get("manifest_sha256"):
        result.problems.append(f"{MANIFEST} was changed (its own hash does not match)")
    for what, fmt in ((MANIFEST, manifest.get("format")), (kind.document, document.get("format"))):
        if fmt != kind.format:
            result.problems.append(f"{what} names the format {fmt!r}, not a {kind.name}'s ({kind.format})")
    listed = manifest.get("files", {})
    for name in sorted(set(listed) | set(contents)):
        if name in contents and not kind.holds(name):
            result.problems.append(f"{name} is not a file a {kind.name} holds")
        if name not in contents:
            result.problems.append(f"{name} is listed in the manifest but missing")
        elif name not in listed:
            result.problems.append(f"{name} is in the bundle but not in the manifest")
        elif sha256(contents[name]) != listed[name]:
            result.problems.append(f"{name} was changed after export")
    hashes = manifest.get("messages", {})
    items = cited_items(document, kind.items)
    for item in items:
        result.cases += 1
        message = item.get("message", {})
        key = message.get("key")
        if hashes.get(key) != sha256(str(message.get("text", "")).encode("utf-8")):
            result.problems.append(f"the text of message {key} does not match its hash")
    if len(hashes) != len(items):
        result.problems.append(f"the manifest lists other messages than {kind.document} holds")
    sources = document.get("sources", [])
    known = set(manifest.get("sources", []))
    if known != {s.get("sha256") for s in sources}:
        result.problems.append(f"the manifest lists other source files than {kind.document} names")
    kind.check(document, contents, result)
    _check_originals(kind, items, sources, known, originals, partial, result)


def _check_originals(
    kind: Kind,
    items: list[dict[str, Any]],
    sources: list[dict[str, Any]],
    known: set[str],
    originals: list[Path],
    partial: bool,
    result: Verification,
) -> None:
    by_sha = {s.get("sha256"): s for s in sources}
    given: set[str] = set()
    for original in originals:
        result.sources_checked += 1
        with original.open("rb") as fh:
            digest = hashlib.file_digest(fh, "sha256").hexdigest()
        if digest not in known:
            result.problems.append(f"{original}: not one of the source files this {kind.name} was made from")
            continue
        given.add(digest)
        cited = [
            (item["message"], seen)
            for item in items
            for seen in item.get("seen_in", [])
            if seen.get("source_sha256") == digest
        ]
        result.records_checked += len(cited)
        source = by_sha.get(digest, {})
        tz = source.get("tz_assumed")
        result.problems.extend(
            reread_cited(original, str(source.get("format")), cited, tz if isinstance(tz, str) else None)
        )
    if given and not partial:
        for item in items:
            if not any(seen.get("source_sha256") in given for seen in item.get("seen_in", [])):
                result.problems.append(
                    f"message {item['message'].get('key')} was not re-read: it cites none of the files given "
                    "(give its source too, or --partial)"
                )


def _read_entries(path: Path, result: Verification) -> dict[str, bytes]:
    """Every entry of the ZIP by name; a name seen twice, or one that is not a plain relative file
    name, is a problem (common tools would extract another copy than the one checked)."""
    try:
        with zipfile.ZipFile(path) as bundle:
            infos = bundle.infolist()
            if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > MAX_UNPACKED:
                raise PackageError(f"{path}: more entries or bytes than a package holds (a ZIP bomb?)")
            result.problems.extend(_layout_problems(path, infos, bundle.start_dir))
            contents: dict[str, bytes] = {}
            for info in infos:
                name = info.filename
                if name in contents:
                    result.problems.append(f"{name} is in the bundle more than once")
                    continue
                if name.startswith(("/", "\\")) or ".." in name.split("/") or info.is_dir():
                    result.problems.append(f"{name!r} is not a file name a bundle holds")
                    continue
                contents[name] = bundle.read(info)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, EOFError) as exc:
        if isinstance(exc, PackageError):
            raise
        raise PackageError(f"{path}: not a readable referral bundle or takedown notice ({exc})") from exc
    return contents


_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # the 30 bytes before each entry's name
_END_RECORD = struct.Struct("<4s4H2LH")  # the 22 bytes that end a ZIP without a comment


def _layout_problems(path: Path, infos: list[zipfile.ZipInfo], start_dir: int) -> list[str]:
    """What in the ZIP's layout a streaming reader could see differently from the central directory that
    Python reads: bytes before the first entry (a second ZIP prepended), gaps or overlaps between
    entries (a local header the directory does not list), anything after the end record (a comment,
    an appended archive). A package huijia writes has none of these."""
    problems: list[str] = []
    position = 0
    with path.open("rb") as fh:
        for info in sorted(infos, key=lambda i: i.header_offset):
            if info.header_offset != position:
                what = (
                    "bytes before its first entry"
                    if position == 0
                    else f"bytes between entries at {position}"
                )
                return [
                    f"the ZIP has {what}, which another reader could take for entries (huijia writes none)"
                ]
            fh.seek(info.header_offset)
            header = fh.read(_LOCAL_HEADER.size)
            if len(header) != _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
                return [f"{info.filename!r}: its local header is missing or damaged"]
            fields = _LOCAL_HEADER.unpack(header)
            name_length, extra_length, flags = fields[10], fields[11], fields[4]
            if flags & 0x08:  # a data descriptor after the data: huijia never writes one
                return [f"{info.filename!r}: written with a data descriptor (not as huijia writes it)"]
            position = (
                info.header_offset + _LOCAL_HEADER.size + name_length + extra_length + info.compress_size
            )
        if position != start_dir:
            problems.append(
                "the ZIP has bytes between its last entry and its directory (not as huijia writes it)"
            )
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - _END_RECORD.size))
        end = fh.read(_END_RECORD.size)
        if len(end) != _END_RECORD.size or end[:4] != b"PK\x05\x06" or _END_RECORD.unpack(end)[-1] != 0:
            problems.append("the ZIP has a comment or bytes after its end record (not as huijia writes it)")
    return problems


def _check_signature(
    signature_bytes: bytes | None, manifest_bytes: bytes, trusted: dict[str, str], result: Verification
) -> None:
    if signature_bytes is None:
        result.problems.append(f"the bundle is not signed (no {SIGNATURE})")
        return
    try:
        signature = orjson.loads(signature_bytes)
        public_key, value = signature["public_key"], signature["value"]
    except (orjson.JSONDecodeError, KeyError, TypeError):
        result.problems.append(f"{SIGNATURE} is damaged")
        return
    signer = check_signature(str(public_key), str(value), manifest_bytes)
    if signer is None:
        result.problems.append(f"the signature does not match {MANIFEST}: the bundle was altered or forged")
        result.claimed_signer = str(signature.get("fingerprint") or "")
        return
    result.signer = signer
    result.trusted_as = trusted.get(signer)


def reread_cited(
    original: Path, fmt: str, cited: list[tuple[dict[str, Any], dict[str, Any]]], tz: str | None = None
) -> list[str]:
    """Read `original` with the reader `fmt` (naive times in the zone `tz`, when the package names the one
    it was read in) and compare each cited record (message, where it was seen) with what the reader finds
    at that reader id, line and byte offset — its text, author, handle, time, chat and reply —: the
    problems."""
    from huijia.ingest import UnknownFormatError, read_inputs
    from huijia.ingest.base import ReadOptions
    from huijia.ingest.timeparse import UnknownTimeZoneError
    from huijia.model import Message, Skip

    wanted: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
    problems: list[str] = []
    for message, seen in cited:
        reader_id = str(seen.get("reader_id"))
        if reader_id in wanted:
            problems.append(f"message {message.get('key')}: {reader_id} is cited twice in {original.name}")
        wanted[reader_id] = (message, seen)
    found: set[str] = set()
    try:
        options = ReadOptions(tz=tz) if tz else None
    except UnknownTimeZoneError:  # a zone unknown here: read as the default would, and say so
        options = None
        problems.append(f"{original.name}: the zone {tz!r} the package names is unknown here")
    try:
        for event in read_inputs([original], fmt, options):
            if isinstance(event, Skip) and event.fatal:
                return [f"{original}: the {fmt} reader cannot read it ({event.reason})"]
            if not isinstance(event, Message) or event.id not in wanted:
                continue
            message, seen = wanted[event.id]
            found.add(event.id)
            where = f"line {seen.get('line')}, byte {seen.get('byte_offset')}"
            if (event.source.line, event.source.offset) != (seen.get("line"), seen.get("byte_offset")):
                problems.append(
                    f"message {message.get('key')}: {original.name} has it at line {event.source.line}, "
                    f"byte {event.source.offset}, not at {where}"
                )
                continue
            for name in _differences(event, message):
                problems.append(
                    f"message {message.get('key')}: its {name} differs from {original.name} at {where}"
                )
    except UnknownFormatError:
        return [f"{original}: the package names a format this installation cannot read ({fmt})"]
    for reader_id in sorted(set(wanted) - found):
        message, seen = wanted[reader_id]
        problems.append(
            f"message {message.get('key')}: not found in {original.name} at line {seen.get('line')}, "
            f"byte {seen.get('byte_offset')}"
        )
    return problems


def _differences(read: Any, message: dict[str, Any]) -> list[str]:
    """The fields of a package's message that differ from the record the reader read."""
    author = message.get("author") or {}
    pairs = {
        "text": (read.text, message.get("text")),
        "author name": (read.author.name if read.author else None, author.get("name")),
        "author handle": (read.author.handle if read.author else None, author.get("handle")),
        "time": (read.sent_at, message.get("sent_at")),
        "chat": (read.channel, message.get("chat")),
        "reply": (read.reply_to, message.get("reply_to")),
    }
    return [name for name, (was, given) in pairs.items() if was != given]
