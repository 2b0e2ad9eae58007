"""A police referral bundle: one ZIP with
- `referral.pdf` — a printable reading copy in Chinese and English;
- `referral.json` — per case: the original text, time, chat, author name and handle, attachments; the
  finding (label, risk, facts, indicators, evidence spans, model version); the reviewers' decisions; and
  every place the message was seen (source file SHA-256, line, byte offset) — plus the source files;
- `photos/…` — the stored clean copies of the photos of each case (its own, and those its author sent in
  the same chat within ten minutes), each named in referral.json with the SHA-256 of the original;
- `manifest.json` — the SHA-256 of every other file in the bundle, of every message text, the source
  files' SHA-256, and the manifest's own hash over all of that.

`verify_bundle` recomputes everything, so a receiver can tell that nothing was altered after export
(and, given the original exports, that they are the files the evidence came from).
"""

from __future__ import annotations

import hashlib
import io
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
from huijia.store import audit
from huijia.store.media import photos_near
from huijia.store.queries import decisions_of
from huijia.store.schema import findings, media, messages, occurrences, sources

FORMAT = "huijia-referral/1"
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
    *,
    pdf: bool = True,
    font: Path | None = None,
) -> tuple[bytes, dict[str, Any]]:
    """The referral ZIP's bytes (with `referral.pdf` unless `pdf` is False) and its manifest; audited."""
    referral = build_referral(engine, keys, exported_by)
    files = {"referral.json": _canonical(referral)}
    files.update(_photo_files(engine, referral))
    if pdf:
        from huijia.report.pdf import FontMissing, referral_pdf

        try:
            files["referral.pdf"] = referral_pdf(referral, _sha256(files["referral.json"]), font)
        except FontMissing as exc:
            raise ReferralError(str(exc)) from exc
    manifest = manifest_for(files, referral)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in [*sorted(files.items()), ("manifest.json", _canonical(manifest))]:
            bundle.writestr(zipfile.ZipInfo(name, _ZIP_TIME), data)
    with engine.begin() as conn:
        audit.append(
            conn,
            exported_by,
            "referral.export",
            manifest["manifest_sha256"],
            {"cases": [case["message"]["key"] for case in referral["cases"]]},
        )
    return buffer.getvalue(), manifest


def write_bundle(
    engine: Engine,
    keys: Iterable[str],
    exported_by: str,
    out: Path,
    *,
    pdf: bool = True,
    font: Path | None = None,
) -> dict[str, Any]:
    """Write the referral ZIP to `out` (see `make_bundle`). Returns the manifest."""
    data, manifest = make_bundle(engine, keys, exported_by, pdf=pdf, font=font)
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

    @property
    def intact(self) -> bool:
        return not self.problems


def verify_bundle(path: Path, originals: Iterable[Path] = ()) -> Verification:
    """Check a referral ZIP: every file against the manifest, every message text against its hash, the
    manifest against its own hash; and, for original export files given, that they are the listed
    sources. Raises ReferralError when the bundle cannot be read at all."""
    result = Verification()
    try:
        with zipfile.ZipFile(path) as bundle:
            contents = {name: bundle.read(name) for name in bundle.namelist()}
    except (OSError, zipfile.BadZipFile, KeyError) as exc:
        raise ReferralError(f"{path}: not a readable referral bundle ({exc})") from exc
    if "manifest.json" not in contents or "referral.json" not in contents:
        raise ReferralError(f"{path}: manifest.json or referral.json is missing")
    try:
        manifest = orjson.loads(contents.pop("manifest.json"))
        referral = orjson.loads(contents["referral.json"])
    except orjson.JSONDecodeError as exc:
        raise ReferralError(f"{path}: a JSON file of the bundle is damaged ({exc})") from exc
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
    for case in referral.get("cases", []):
        result.cases += 1
        message = case.get("message", {})
        key = message.get("key")
        text = message.get("text", "")
        if hashes.get(key) != _sha256(str(text).encode("utf-8")):
            result.problems.append(f"the text of message {key} does not match its hash")
    known = set(manifest.get("sources", []))
    for original in originals:
        result.sources_checked += 1
        with original.open("rb") as fh:
            digest = hashlib.file_digest(fh, "sha256")
        if digest.hexdigest() not in known:
            result.problems.append(f"{original}: not one of the source files this referral was made from")
    return result
