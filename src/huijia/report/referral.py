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

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from huijia import __version__
from huijia.report import package
from huijia.report.checkpoint import check_document, write_checkpoint
from huijia.report.package import (
    Kind,
    PackageError,
    Verification,
    canonical,
    sha256,
    signed_zip,
    verify_package,
)
from huijia.report.signing import SigningKey
from huijia.store import audit
from huijia.store.media import photos_near
from huijia.store.queries import decisions_of
from huijia.store.schema import findings, media, messages, occurrences, sources

FORMAT = "huijia-referral/1"
DOCUMENT, PDF = "referral.json", "referral.pdf"
CHECKPOINT_FILE = "audit-checkpoint.json"
_PHOTO = re.compile(r"photos/[0-9a-f]{64}\.(?:jpg|png)")


class ReferralError(PackageError):
    """A referral that cannot be made; the text says why."""


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
    return package.manifest_for(FORMAT, files, referral["cases"], referral["sources"])


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
    files = {DOCUMENT: canonical(referral)}
    files.update(_photo_files(engine, referral))
    if pdf:
        from huijia.report.pdf import FontMissing, referral_pdf

        try:
            files[PDF] = referral_pdf(referral, sha256(files[DOCUMENT]), font, signer=signer.fingerprint)
        except FontMissing as exc:
            raise ReferralError(str(exc)) from exc
    checkpoint = write_checkpoint(engine, signer, checkpoints, exported_by)
    files[CHECKPOINT_FILE] = canonical(checkpoint.document)
    manifest = manifest_for(files, referral)
    data = signed_zip(files, manifest, signer)
    with engine.begin() as conn:
        audit.append(
            conn,
            exported_by,
            "referral.export",
            manifest["manifest_sha256"],
            {"cases": [case["message"]["key"] for case in referral["cases"]], "signer": signer.fingerprint},
        )
    write_checkpoint(engine, signer, checkpoints, exported_by)
    return data, manifest


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


def _holds(name: str) -> bool:
    return name in (DOCUMENT, PDF, CHECKPOINT_FILE) or _PHOTO.fullmatch(name) is not None


def _check_referral(referral: dict[str, Any], contents: dict[str, bytes], result: Verification) -> None:
    _check_carried_checkpoint(contents.get(CHECKPOINT_FILE), result)


REFERRAL = Kind("referral", FORMAT, DOCUMENT, "cases", _holds, _check_referral)


def verify_bundle(
    path: Path, originals: Iterable[Path] = (), trusted: dict[str, str] | None = None, partial: bool = False
) -> Verification:
    """Check a referral ZIP (`huijia.report.package.verify_package`); raises ReferralError when the bundle
    cannot be read at all."""
    try:
        return verify_package(path, (REFERRAL,), originals, trusted, partial)
    except PackageError as exc:
        raise ReferralError(str(exc)) from exc


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
