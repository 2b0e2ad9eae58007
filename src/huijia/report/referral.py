"""A police referral bundle: one ZIP with
- `referral.pdf` — a printable reading copy in Chinese and English, naming the signer's key fingerprint;
- `referral.json` — per case: the original text, time, chat, author name and handle, attachments; the
  finding (label, risk, facts, indicators, evidence spans, model version); the reviewers' decisions; and
  every place the message was seen (source file SHA-256, line, byte offset, the reader's id) — plus the
  source files;
- `photos/…` — the stored clean copies of the photos of each case (its own, and those its author sent in
  the same chat within ten minutes), each named in referral.json with the SHA-256 of the original;
- `audit-checkpoint.json` — the installation's newest signed checkpoint of its audit log, written at export;
- `manifest.json` — the SHA-256 of every other file in the bundle, of every message text, the source
  files' SHA-256, and the manifest's own hash over all of that;
- `signature.json` — the installation's Ed25519 signature over the exact bytes of `manifest.json`, with
  its public key and fingerprint.

`verify_bundle` checks the signature and recomputes everything, so a receiver can tell who signed it (by
the fingerprint, compared out of band or listed in a trusted-keys file) and that nothing was altered
after signing; given the original exports, it re-reads every cited record at its line and offset with the
named reader and compares the text exactly. The threat model is in docs/evidence.md.
"""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from huijia import __version__
from huijia.report.checkpoint import check_document, write_checkpoint
from huijia.report.signing import SigningKey, check_signature
from huijia.store import audit
from huijia.store.media import photos_near
from huijia.store.queries import decisions_of
from huijia.store.schema import findings, media, messages, occurrences, sources

FORMAT = "huijia-referral/1"
SIGNATURE_FORMAT = "huijia-signature/1"
CHECKPOINT_FILE = "audit-checkpoint.json"
# what a bundle from an unknown sender may unpack to before verify refuses it
MAX_ENTRIES, MAX_UNPACKED = 100_000, 4 * 1024**3
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)  # fixed member times: the same cases give the same bytes


class ReferralError(ValueError):
    """A referral that cannot be made; the text says why."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _canonical(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2)


def build_referral(engine: Engine, keys: Iterable[str], exported_by: str) -> dict[str, Any]:
    """The referral document for these message keys (in the order given, duplicates dropped)."""
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        raise ReferralError("no cases chosen")
    cases = []
    source_ids: set[int] = set()
    with engine.connect() as conn:
        for key in wanted:
            message = conn.execute(sa.select(messages).where(messages.c.key == key)).first()
            if message is None:
                raise ReferralError(f"no message {key}")
            finding = conn.execute(sa.select(findings).where(findings.c.message_key == key)).first()
            seen = conn.execute(
                sa.select(occurrences, sources.c.sha256, sources.c.file_name, sources.c.format)
                .join(sources, sources.c.id == occurrences.c.source_id)
                .where(occurrences.c.message_key == key)
                .order_by(sources.c.sha256, occurrences.c.reader_id)
            ).all()
            decided = decisions_of(conn, key)
            photos = photos_near(conn, key)
            source_ids.update(row.source_id for row in seen)
            cases.append(
                {
                    "message": {
                        "key": message.key,
                        "kind": message.kind,
                        "chat": message.channel,
                        "author": {"name": message.author_name, "handle": message.author_handle},
                        "sent_at": message.sent_at,
                        "text": message.text,
                        "reply_to": message.reply_to,
                        "attachments": message.attachments,
                    },
                    "finding": None
                    if finding is None
                    else {
                        "label": finding.label,
                        "risk": finding.risk,
                        "role": finding.role,
                        **finding.facts,
                        "indicators": finding.indicators,
                        "evidence": finding.evidence,
                        "model": finding.model,
                        "raised_by": finding.raised_by,
                    },
                    "photos": [
                        {
                            "file": photo_file(p["sha256"], p["mime"]),
                            "original_sha256": p["sha256"],
                            "message_key": p["message_key"],
                            "width": p["width"],
                            "height": p["height"],
                        }
                        for p in photos
                    ],
                    "decisions": [
                        {
                            "action": d.action,
                            "label": d.label,
                            "reason": d.reason,
                            "by": d.username,
                            "at": d.decided_at.isoformat() if d.decided_at else None,
                        }
                        for d in decided
                    ],
                    "seen_in": [
                        {
                            "source_sha256": row.sha256,
                            "file_name": row.file_name,
                            "format": row.format,
                            "line": row.line,
                            "byte_offset": row.byte_offset,
                            "reader_id": row.reader_id,
                        }
                        for row in seen
                    ],
                }
            )
        source_rows = conn.execute(
            sa.select(sources).where(sources.c.id.in_(source_ids)).order_by(sources.c.sha256)
        ).all()
    return {
        "format": FORMAT,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "exported_by": exported_by,
        "software": f"huijia {__version__}",
        "cases": cases,
        "sources": [
            {
                "sha256": row.sha256,
                "file_name": row.file_name,
                "format": row.format,
                "size_bytes": row.size_bytes,
                "ingested_at": row.ingested_at.isoformat() if row.ingested_at else None,
                "ingested_by": row.ingested_by,
            }
            for row in source_rows
        ],
    }


def photo_file(sha256: str, mime: str) -> str:
    return f"photos/{sha256}.{'png' if mime == 'image/png' else 'jpg'}"


def manifest_for(files: dict[str, bytes], referral: dict[str, Any]) -> dict[str, Any]:
    body = {
        "format": FORMAT,
        "files": {name: _sha256(data) for name, data in sorted(files.items())},
        "messages": {
            case["message"]["key"]: _sha256(case["message"]["text"].encode("utf-8"))
            for case in referral["cases"]
        },
        "sources": sorted(source["sha256"] for source in referral["sources"]),
    }
    return {**body, "manifest_sha256": _sha256(_canonical(body))}


def make_bundle(
    engine: Engine,
    keys: Iterable[str],
    exported_by: str,
    signer: SigningKey,
    checkpoints: Path,
    *,
    pdf: bool = True,
    font: Path | None = None,
) -> tuple[bytes, dict[str, Any]]:
    """The referral ZIP's bytes (with `referral.pdf` unless `pdf` is False) and its manifest, signed with
    `signer`; audited, with a checkpoint of the audit log written to `checkpoints` before (it travels in
    the bundle) and after (it covers the export's own entry)."""
    referral = build_referral(engine, keys, exported_by)
    files = {"referral.json": _canonical(referral)}
    files.update(_photo_files(engine, referral))
    if pdf:
        from huijia.report.pdf import FontMissing, referral_pdf

        try:
            files["referral.pdf"] = referral_pdf(
                referral, _sha256(files["referral.json"]), font, signer=signer.fingerprint
            )
        except FontMissing as exc:
            raise ReferralError(str(exc)) from exc
    checkpoint = write_checkpoint(engine, signer, checkpoints, exported_by)
    files[CHECKPOINT_FILE] = _canonical(checkpoint.document)
    manifest = manifest_for(files, referral)
    manifest_bytes = _canonical(manifest)
    signature = {
        "format": SIGNATURE_FORMAT,
        "algorithm": "ed25519",
        "signed": "manifest.json",
        "public_key": signer.public_b64,
        "fingerprint": signer.fingerprint,
        "value": signer.sign(manifest_bytes),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        entries = [
            *sorted(files.items()),
            ("manifest.json", manifest_bytes),
            ("signature.json", _canonical(signature)),
        ]
        for name, data in entries:
            bundle.writestr(zipfile.ZipInfo(name, _ZIP_TIME), data)
    with engine.begin() as conn:
        audit.append(
            conn,
            exported_by,
            "referral.export",
            manifest["manifest_sha256"],
            {"cases": [case["message"]["key"] for case in referral["cases"]], "signer": signer.fingerprint},
        )
    write_checkpoint(engine, signer, checkpoints, exported_by)
    return buffer.getvalue(), manifest


def write_bundle(
    engine: Engine,
    keys: Iterable[str],
    exported_by: str,
    out: Path,
    signer: SigningKey,
    checkpoints: Path,
    *,
    pdf: bool = True,
    font: Path | None = None,
) -> dict[str, Any]:
    """Write the referral ZIP to `out` (see `make_bundle`). Returns the manifest."""
    data, manifest = make_bundle(engine, keys, exported_by, signer, checkpoints, pdf=pdf, font=font)
    out.write_bytes(data)
    return manifest


def _photo_files(engine: Engine, referral: dict[str, Any]) -> dict[str, bytes]:
    """The clean copies of the cases' photos, by their name in the bundle."""
    wanted = {p["original_sha256"]: p["file"] for case in referral["cases"] for p in case["photos"]}
    if not wanted:
        return {}
    with engine.connect() as conn:
        rows = conn.execute(sa.select(media.c.sha256, media.c.data).where(media.c.sha256.in_(wanted))).all()
    return {wanted[row.sha256]: row.data for row in rows}


@dataclass
class Verification:
    problems: list[str] = field(default_factory=list)
    cases: int = 0
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


def verify_bundle(
    path: Path, originals: Iterable[Path] = (), trusted: dict[str, str] | None = None, partial: bool = False
) -> Verification:
    """Check a referral ZIP: that it holds each entry once and nothing unlisted; the signature over the
    manifest (and whether its key is one of `trusted`, fingerprint → name); every file against the
    manifest, every message text against its hash, the manifest against its own hash; and, for original
    export files given, that they are listed sources and that every record cited from them reads, with
    the named reader, at its recorded line and offset, exactly as the referral gives it. Raises
    ReferralError when the bundle cannot be read at all."""
    result = Verification()
    contents = _read_entries(path, result)
    for name in ("manifest.json", "referral.json"):
        if name not in contents:
            raise ReferralError(f"{path}: {name} is missing: not a referral bundle")
    manifest_bytes = contents.pop("manifest.json")
    signature_bytes = contents.pop("signature.json", None)
    try:
        manifest = orjson.loads(manifest_bytes)
        referral = orjson.loads(contents["referral.json"])
    except orjson.JSONDecodeError as exc:
        raise ReferralError(f"{path}: a JSON file of the bundle is damaged ({exc})") from exc
    if not isinstance(manifest, dict) or not isinstance(referral, dict):
        raise ReferralError(f"{path}: manifest.json or referral.json is not a JSON object")
    result.manifest_sha256 = str(manifest.get("manifest_sha256"))
    _check_signature(signature_bytes, manifest_bytes, trusted or {}, result)
    try:
        _check_contents(manifest, referral, contents, list(originals), partial, result)
    except (AttributeError, KeyError, TypeError, ValueError):  # a list where an object belongs, …
        result.problems.append("manifest.json or referral.json does not have the shape of a referral")
    return result


def _check_contents(
    manifest: dict[str, Any],
    referral: dict[str, Any],
    contents: dict[str, bytes],
    originals: list[Path],
    partial: bool,
    result: Verification,
) -> None:
    body = {k: v for k, v in manifest.items() if k != "manifest_sha256"}
    if _sha256(_canonical(body)) != manifest.get("manifest_sha256"):
        result.problems.append("manifest.json was changed (its own hash does not match)")
    listed = manifest.get("files", {})
    for name in sorted(set(listed) | set(contents)):
        if name not in contents:
            result.problems.append(f"{name} is listed in the manifest but missing")
        elif name not in listed:
            result.problems.append(f"{name} is in the bundle but not in the manifest")
        elif _sha256(contents[name]) != listed[name]:
            result.problems.append(f"{name} was changed after export")
    hashes = manifest.get("messages", {})
    cases = referral.get("cases", [])
    for case in cases:
        result.cases += 1
        message = case.get("message", {})
        key = message.get("key")
        text = message.get("text", "")
        if hashes.get(key) != _sha256(str(text).encode("utf-8")):
            result.problems.append(f"the text of message {key} does not match its hash")
    if len(hashes) != len(cases):
        result.problems.append("the manifest lists other messages than referral.json holds")
    known = set(manifest.get("sources", []))
    if known != {s.get("sha256") for s in referral.get("sources", [])}:
        result.problems.append("the manifest lists other source files than referral.json names")
    _check_carried_checkpoint(contents.get(CHECKPOINT_FILE), result)
    formats = {s.get("sha256"): s.get("format") for s in referral.get("sources", [])}
    given: set[str] = set()
    for original in originals:
        result.sources_checked += 1
        with original.open("rb") as fh:
            digest = hashlib.file_digest(fh, "sha256").hexdigest()
        if digest not in known:
            result.problems.append(f"{original}: not one of the source files this referral was made from")
            continue
        given.add(digest)
        cited = [
            (case["message"], seen)
            for case in cases
            for seen in case.get("seen_in", [])
            if seen.get("source_sha256") == digest
        ]
        result.records_checked += len(cited)
        result.problems.extend(reread_cited(original, str(formats.get(digest)), cited))
    if given and not partial:
        for case in cases:
            if not any(seen.get("source_sha256") in given for seen in case.get("seen_in", [])):
                result.problems.append(
                    f"message {case['message'].get('key')} was not re-read: it cites none of the files given "
                    "(give its source too, or --partial)"
                )


def _read_entries(path: Path, result: Verification) -> dict[str, bytes]:
    """Every entry of the ZIP by name; a name seen twice, or one that is not a plain relative file
    name, is a problem (common tools would extract another copy than the one checked)."""
    try:
        with zipfile.ZipFile(path) as bundle:
            infos = bundle.infolist()
            if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > MAX_UNPACKED:
                raise ReferralError(f"{path}: more entries or bytes than a referral holds (a ZIP bomb?)")
            result.problems.extend(_layout_problems(path, infos, bundle.start_dir))
            contents: dict[str, bytes] = {}
            for info in infos:
                name = info.filename
                if name in contents:
                    result.problems.append(f"{name} is in the bundle more than once")
                    continue
                if name.startswith(("/", "\\")) or ".." in name.split("/") or info.is_dir():
                    result.problems.append(f"{name!r} is not a file name a referral holds")
                    continue
                contents[name] = bundle.read(info)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, EOFError) as exc:
        raise ReferralError(f"{path}: not a readable referral bundle ({exc})") from exc
    return contents


_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # the 30 bytes before each entry's name
_END_RECORD = struct.Struct("<4s4H2LH")  # the 22 bytes that end a ZIP without a comment


def _layout_problems(path: Path, infos: list[zipfile.ZipInfo], start_dir: int) -> list[str]:
    """What in the ZIP's layout a streaming reader could see differently from the central directory that
    Python reads: bytes before the first entry (a second ZIP prepended), gaps or overlaps between
    entries (a local header the directory does not list), anything after the end record (a comment,
    an appended archive). A bundle huijia writes has none of these."""
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
        result.problems.append("the bundle is not signed (no signature.json)")
        return
    try:
        signature = orjson.loads(signature_bytes)
        public_key, value = signature["public_key"], signature["value"]
    except (orjson.JSONDecodeError, KeyError, TypeError):
        result.problems.append("signature.json is damaged")
        return
    signer = check_signature(str(public_key), str(value), manifest_bytes)
    if signer is None:
        result.problems.append("the signature does not match manifest.json: the bundle was altered or forged")
        result.claimed_signer = str(signature.get("fingerprint") or "")
        return
    result.signer = signer
    result.trusted_as = trusted.get(signer)


def _check_carried_checkpoint(data: bytes | None, result: Verification) -> None:
    if data is None:
        return
    try:
        checked = check_document(orjson.loads(data))
    except orjson.JSONDecodeError:
        checked = "not an audit checkpoint"
    if isinstance(checked, str):
        result.problems.append(f"{CHECKPOINT_FILE}: {checked}")
    elif result.signer is not None and checked.fingerprint != result.signer:
        result.problems.append(f"{CHECKPOINT_FILE} is signed by another key than the bundle")
    else:
        result.checkpoint = {"entries": checked.entries, "head": checked.head, "at": checked.at}


def reread_cited(original: Path, fmt: str, cited: list[tuple[dict[str, Any], dict[str, Any]]]) -> list[str]:
    """Read `original` with the reader `fmt` and compare each cited record (message, where it was seen)
    with what the reader finds at that reader id, line and byte offset — its text, author, handle, time,
    chat and reply — : the problems."""
    from huijia.ingest import UnknownFormatError, read_inputs
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
        for event in read_inputs([original], fmt):
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
            for field in _differences(event, message):
                problems.append(
                    f"message {message.get('key')}: its {field} differs from {original.name} at {where}"
                )
    except UnknownFormatError:
        return [f"{original}: the referral names a format this installation cannot read ({fmt})"]
    for reader_id in sorted(set(wanted) - found):
        message, seen = wanted[reader_id]
        problems.append(
            f"message {message.get('key')}: not found in {original.name} at line {seen.get('line')}, "
            f"byte {seen.get('byte_offset')}"
        )
    return problems


def _differences(read: Any, message: dict[str, Any]) -> list[str]:
    """The fields of a referral's message that differ from the record the reader read."""
    author = message.get("author") or {}
    pairs = {
        "text": (read.text, message.get("text")),
        "author name": (read.author.name if read.author else None, author.get("name")),
        "author handle": (read.author.handle if read.author else None, author.get("handle")),
        "time": (read.sent_at, message.get("sent_at")),
        "chat": (read.channel, message.get("chat")),
        "reply": (read.reply_to, message.get("reply_to")),
    }
    return [field for field, (was, given) in pairs.items() if was != given]
