"""A takedown notice for one chat: what a platform's trust-and-safety team needs to find the chat, see why
it is reported, check the evidence and act — signed, so that they can tell who sent it and that nothing
changed on the way.

One ZIP, laid out as a referral is (`huijia.report.package`):
- `takedown.json` — the evidence of record: the platform and the chat's identifiers (its name; the
  platform's chat id where the export gives one, else a note that it does not); the group's risk,
  recommendation and reasons, each code explained in Chinese and English with the messages it cites; every
  cited message (id, time, author name and handle, kind, text and the SHA-256 of the text, the SHA-256 of
  attachments the export hashed) with the reasons citing it and where it was read (source file name and
  SHA-256, reader, line, byte offset); the source files (name, SHA-256, reader, size, the zone naive times
  were read in);
- `takedown.pdf` — a reading copy in Chinese and English naming the signer's key fingerprint;
- `manifest.json` and `signature.json` — as in a referral.

What it holds of the chat, and why: the texts of the cited messages, and nothing else of what members
wrote. The receiver is the platform that hosts the chat — it holds these messages already and must read
them to judge them against its rules, so they are given whole and unmasked; no message that no reason
cites, no photo (an attachment is named by kind and, where the export hashed it, by SHA-256, so the
platform can find its own copy), and nothing a store added (decisions, reviewers' names). Police get a
referral, not a notice.

`build_notice` and `make_notice` are pure: values in — the group's `GroupRisk` and the `Message`s it cites
— and a document or bytes out, so the stateless CLI (`huijia takedown`), the store and the review desk make
the same notice. Writing a file, an audit entry or a checkpoint is the caller's business.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from huijia import __version__
from huijia.link.groups import REASON_TEXT, TAKEDOWN, WATCH, GroupRisk
from huijia.link.posts import platform_of
from huijia.model import Message
from huijia.report import package
from huijia.report.package import Kind, PackageError, Verification, canonical, sha256, signed_zip
from huijia.report.signing import SigningKey

FORMAT = "huijia-takedown/1"
DOCUMENT, PDF = "takedown.json", "takedown.pdf"
NO_CHAT_ID = "not in the export: identify the chat by its name, its members' handles and the messages below"
# Telegram's whole-account export: message ids are `telegram:<file>:<chat id>/<message id>`
_TELEGRAM_CHAT = re.compile(r"^telegram:[0-9a-f]+:(-?\d+)/")


class TakedownError(PackageError):
    """A notice that cannot be made; the text says why."""


def build_notice(
    group: GroupRisk,
    messages: Mapping[str, Message],
    *,
    exported_by: str,
    source_sizes: Mapping[str, int] | None = None,
    exported_at: str | None = None,
) -> dict[str, Any]:
    """The notice document for `group`, citing every message its reasons name; `messages` must hold them
    all (by id). `source_sizes`: the size in bytes of each source file by SHA-256, where known."""
    cited: dict[str, list[str]] = {}
    for reason in group.reasons:
        for message_id in reason.evidence:
            cited.setdefault(message_id, [])
            if reason.code not in cited[message_id]:
                cited[message_id].append(reason.code)
    missing = [message_id for message_id in cited if message_id not in messages]
    if missing:
        raise TakedownError(f"the messages {', '.join(missing[:5])} that the reasons cite were not given")
    if not cited:
        raise TakedownError(f"the chat {group.channel!r} has no reason with evidence: nothing to report")
    chosen = sorted((messages[m] for m in cited), key=lambda m: (m.sent_at is None, m.sent_at or "", m.id))
    sources: dict[str, dict[str, Any]] = {}
    for message in chosen:
        src = message.source
        sources.setdefault(
            src.sha256,
            {
                "sha256": src.sha256,
                "file_name": Path(src.file).name,
                "format": src.format,
                "size_bytes": (source_sizes or {}).get(src.sha256),
                "tz_assumed": src.tz_assumed,
            },
        )
        if src.tz_assumed and not sources[src.sha256]["tz_assumed"]:
            sources[src.sha256]["tz_assumed"] = src.tz_assumed
    return {
        "format": FORMAT,
        "exported_at": exported_at or datetime.now(UTC).isoformat(timespec="seconds"),
        "exported_by": exported_by,
        "software": f"huijia {__version__}",
        "group": {
            "chat": group.channel,
            "platforms": _platforms(group.channel, chosen),
            "messages": group.messages,
            "authors": group.authors,
            "flagged": group.flagged,
            "risk": round(group.risk, 4),
            "recommendation": group.recommendation,
            "thresholds": {"takedown": TAKEDOWN, "watch": WATCH},
        },
        "reasons": [
            {
                "code": reason.code,
                "points": round(reason.points, 3),
                "zh": REASON_TEXT.get(reason.code, ("", ""))[0],
                "en": REASON_TEXT.get(reason.code, ("", ""))[1],
                "evidence": list(reason.evidence),
            }
            for reason in group.reasons
        ],
        "evidence": [_evidence(message, cited[message.id]) for message in chosen],
        "sources": sorted(sources.values(), key=lambda s: s["sha256"]),
    }


def _platforms(chat: str, cited: list[Message]) -> list[dict[str, Any]]:
    """Each platform the chat's cited messages come from, with the platform's id for the chat where the
    export gives one (a Telegram whole-account export's chat id), else `None` and a note saying so."""
    found: dict[str, str | None] = {}
    for message in cited:
        if message.channel != chat:  # a `recreated` reason also cites the chat this one replaced
            continue
        platform = platform_of(message.source.format)
        match = _TELEGRAM_CHAT.match(message.id)
        chat_id = match.group(1) if match else None
        if found.get(platform) is None:
            found[platform] = chat_id
    return [
        {"platform": platform, "chat_id": chat_id, **({} if chat_id else {"chat_id_note": NO_CHAT_ID})}
        for platform, chat_id in sorted(found.items())
    ]


def _evidence(message: Message, reasons: list[str]) -> dict[str, Any]:
    author = message.author
    src = message.source
    return {
        "message": {
            "key": message.id,
            "kind": message.kind,
            "chat": message.channel,
            "author": {"name": author.name if author else None, "handle": author.handle if author else None},
            "sent_at": message.sent_at,
            "text": message.text,
            "text_sha256": sha256(message.text.encode("utf-8")),
            "reply_to": message.reply_to,
            "attachments": [{"kind": a.kind, "sha256": a.sha256} for a in message.attachments],
        },
        "reasons": reasons,
        "seen_in": [
            {
                "source_sha256": src.sha256,
                "file_name": Path(src.file).name,
                "format": src.format,
                "line": src.line,
                "byte_offset": src.offset,
                "reader_id": message.id,
            }
        ],
    }


def manifest_for(files: dict[str, bytes], notice: dict[str, Any]) -> dict[str, Any]:
    return package.manifest_for(FORMAT, files, notice["evidence"], notice["sources"])


def make_notice(
    notice: dict[str, Any], signer: SigningKey, *, pdf: bool = True, font: Path | None = None
) -> tuple[bytes, dict[str, Any]]:
    """The notice ZIP's bytes (with `takedown.pdf` unless `pdf` is False) and its manifest, signed with
    `signer`."""
    files = {DOCUMENT: canonical(notice)}
    if pdf:
        from huijia.report.pdf import FontMissing, takedown_pdf

        try:
            files[PDF] = takedown_pdf(notice, sha256(files[DOCUMENT]), font, signer=signer.fingerprint)
        except FontMissing as exc:
            raise TakedownError(str(exc)) from exc
    manifest = manifest_for(files, notice)
    return signed_zip(files, manifest, signer), manifest


def _holds(name: str) -> bool:
    return name in (DOCUMENT, PDF)


def _check_notice(notice: dict[str, Any], contents: dict[str, bytes], result: Verification) -> None:
    """What a notice must say of itself: each message's text hash as the manifest has it, and every
    message a reason cites among the evidence (and nothing else there)."""
    evidence = {item["message"]["key"]: item for item in notice["evidence"]}
    for key, item in evidence.items():
        if item["message"].get("text_sha256") != sha256(str(item["message"].get("text", "")).encode("utf-8")):
            result.problems.append(f"the text of message {key} does not match the hash the notice gives")
    cited = {message_id for reason in notice["reasons"] for message_id in reason["evidence"]}
    for key in sorted(cited - set(evidence)):
        result.problems.append(f"message {key} is cited by a reason but not in the evidence")
    for key in sorted(set(evidence) - cited):
        result.problems.append(f"message {key} is in the evidence but no reason cites it")


def _subject(notice: dict[str, Any]) -> str | None:
    group = notice.get("group")
    return group.get("chat") if isinstance(group, dict) else None


TAKEDOWN_NOTICE = Kind("takedown notice", FORMAT, DOCUMENT, "evidence", _holds, _check_notice, _subject)
