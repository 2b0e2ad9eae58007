"""Signed checkpoints of the audit chain's head, kept outside the database.

The hash chain (`huijia.store.audit`) shows a changed, removed or inserted entry, but not a cut-off tail,
a wiped log or a chain rehashed by someone who can write the database: each of those is again a valid
chain. A checkpoint records, for one store, how many entries the chain had and the hash of the last one,
signed with the installation's key (`huijia.report.signing`), in a folder outside the database. The chain
must reach every checkpoint with the same hash; one that it does not reach means entries were removed,
one that it reaches with another hash means history was rewritten.

Checkpoints are written by `huijia audit checkpoint`, on every referral export, and by the web server
at least hourly; each referral carries the newest one, so its receiver holds a copy the installation can
no longer change.

What they do not cover (also in docs/evidence.md): entries added after the newest checkpoint and then
removed; checkpoint files deleted together with the entries (keep copies elsewhere: referrals, the
printed head); and anyone who holds the signing key itself.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from huijia.report.signing import SigningKey, check_signature
from huijia.store import audit

FORMAT = "huijia-audit-checkpoint/1"


class CheckpointError(ValueError):
    """A checkpoint that cannot be written; the text says why."""


def store_name(engine: Engine) -> str:
    """The store's URL as checkpoints name it: no password, no query, no driver; a SQLite file by its
    absolute path. Checkpoints belong to a store by its log's first entry; the name is the fallback
    that finds a log wiped or replaced where the store still stands."""
    url = engine.url.set(query={}, drivername=engine.url.get_backend_name())
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        url = url.set(database=str(Path(url.database).resolve()))
    return url.render_as_string(hide_password=True)


def _store_tag(store: str) -> str:
    return hashlib.sha256(store.encode("utf-8")).hexdigest()[:12]


def _canonical(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


@dataclass(frozen=True, slots=True)
class Checkpoint:
    store: str
    entries: int
    head: str
    at: str
    fingerprint: str  # of the key that signed it
    document: dict[str, Any]  # the signed file as written, to carry in a referral
    first_entry: str | None = None
    # how many leading entries it vouches were written before seals (None: it cannot say)
    vouches_unsealed: int = 0


def make_checkpoint(engine: Engine, key: SigningKey, by: str) -> dict[str, Any]:
    """A signed checkpoint document for the chain's head now."""
    with engine.begin() as conn:
        now = audit.head(conn)
    body = {
        "format": FORMAT,
        "store": store_name(engine),
        "entries": now.entries,
        "head": now.hash,
        "first_entry": now.first_entry,  # which store's log this is, wherever it is opened from
        "sealed_from": now.first_sealed,  # seals cannot be stripped from here on
        "at": datetime.now(UTC).isoformat(timespec="microseconds"),
        "by": by,
    }
    return {
        **body,
        "signature": {
            "algorithm": "ed25519",
            "public_key": key.public_b64,
            "fingerprint": key.fingerprint,
            "value": key.sign(_canonical(body)),
        },
    }


def write_checkpoint(engine: Engine, key: SigningKey, folder: Path, by: str) -> Checkpoint:
    """Sign the chain's head and write it as a new file in `folder` (never overwriting one)."""
    document = make_checkpoint(engine, key, by)
    stamp = document["at"].replace(":", "").replace("-", "").replace("+0000", "Z")
    name = f"audit-{_store_tag(document['store'])}-{stamp}-{document['entries']}.json"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(orjson.dumps(document, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2))
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        raise CheckpointError(f"{folder}: cannot write an audit checkpoint ({exc.strerror or exc})") from exc
    return _checkpoint(document)


def _checkpoint(document: dict[str, Any]) -> Checkpoint:
    sealed_from = document.get("sealed_from")
    if "sealed_from" not in document:
        vouches = 0  # written before checkpoints said where sealing began: it vouches for nothing
    else:
        vouches = int(document["entries"]) if sealed_from is None else int(sealed_from) - 1
    return Checkpoint(
        document["store"],
        int(document["entries"]),
        document["head"],
        document["at"],
        document["signature"]["fingerprint"],
        document,
        document.get("first_entry"),
        vouches,
    )


def check_document(document: Any) -> Checkpoint | str:
    """The checkpoint a document holds when its signature is valid; otherwise why not."""
    try:
        signature = document["signature"]
        body = {k: v for k, v in document.items() if k != "signature"}
        if body.get("format") != FORMAT:
            return "not an audit checkpoint"
        signer = check_signature(signature["public_key"], signature["value"], _canonical(body))
        if signer is None or signer != signature.get("fingerprint"):
            return "its signature does not match its contents"
        return _checkpoint(document)
    except (KeyError, TypeError, ValueError, AttributeError):
        return "not an audit checkpoint"


@dataclass
class AuditVerification:
    entries: int = 0
    first_broken: int | None = None  # the id of the first entry whose hash, link or seal does not hold
    why: str = ""  # what does not hold there
    sealed: int = 0  # entries whose seal holds
    checkpoints: int = 0  # trusted checkpoints of this store compared
    newest: Checkpoint | None = None
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return self.first_broken is None and not self.problems


def checkpoints_in(folder: Path, trusted: set[str]) -> tuple[list[Checkpoint], list[str], list[str]]:
    """Every trusted checkpoint in `folder` (oldest first), the problems (forged or damaged checkpoint
    files) and warnings (checkpoints signed by keys not trusted here)."""
    found: list[Checkpoint] = []
    problems: list[str] = []
    warnings: list[str] = []
    if not folder.is_dir():
        return found, problems, warnings
    for path in sorted(folder.glob("audit-*.json")):
        try:
            document = orjson.loads(path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            problems.append(f"checkpoint {path.name} cannot be read")
            continue
        checked = check_document(document)
        if isinstance(checked, str):
            problems.append(f"checkpoint {path.name}: {checked}")
        elif checked.fingerprint not in trusted:
            warnings.append(f"checkpoint {path.name} is signed by a key not trusted here; not used")
        else:
            found.append(checked)
    found.sort(key=lambda c: (c.at, c.entries))
    return found, problems, warnings


def _of_this_store(
    checkpoints: list[Checkpoint], first_entry: str | None, store: str
) -> tuple[list[Checkpoint], list[Checkpoint]]:
    """The checkpoints of this store — by its log's first entry, or by its name when they recorded an
    empty log — and those that name this store but another first entry (a log replaced or wiped)."""
    mine: list[Checkpoint] = []
    replaced: list[Checkpoint] = []
    for checkpoint in checkpoints:
        if first_entry is not None and checkpoint.first_entry == first_entry:
            mine.append(checkpoint)
        elif checkpoint.store == store:
            (mine if checkpoint.first_entry is None else replaced).append(checkpoint)
    return mine, replaced


def verify_audit(
    engine: Engine,
    folder: Path,
    trusted: set[str],
    seal_key: bytes | None = None,
    allow_unsealed: bool = False,
) -> AuditVerification:
    """The chain, walked from the start (with its seals, given the key), and compared with every trusted
    checkpoint of this store: each must be reached with its hash, and entries without a seal are
    accepted only where a checkpoint vouches that they were written before seals (or `allow_unsealed`,
    once, for a store upgraded from before seals)."""
    store = store_name(engine)
    every, problems, warnings = checkpoints_in(folder, trusted)
    with engine.connect() as conn:
        first_entry = audit.first_entry(conn)
    checkpoints, replaced = _of_this_store(every, first_entry, store)
    chain = audit.verify_chain(engine, at={c.entries for c in checkpoints}, seal_key=seal_key)
    result = AuditVerification(
        chain.entries,
        chain.first_broken,
        chain.why,
        chain.sealed if seal_key is not None else 0,
        len(checkpoints),
        checkpoints[-1] if checkpoints else None,
    )
    result.problems.extend(problems)
    result.warnings.extend(warnings)
    for checkpoint in replaced:
        result.problems.append(
            "the log was replaced or wiped: its first entry is not the one the checkpoint of "
            f"{checkpoint.at} recorded for this store"
        )
    if chain.first_broken is not None:
        return result  # the walk stopped: later checkpoints cannot be compared
    for checkpoint in checkpoints:
        reached = chain.heads.get(checkpoint.entries)
        if reached is None:
            result.problems.append(
                f"entries are missing: the checkpoint of {checkpoint.at} counted {checkpoint.entries:,} "
                f"entries, the log has {chain.entries:,}"
            )
        elif reached != checkpoint.head:
            result.problems.append(
                f"the log was rewritten: entry {checkpoint.entries:,} does not have the hash the checkpoint "
                f"of {checkpoint.at} recorded"
            )
    vouched = max((c.vouches_unsealed for c in checkpoints), default=0)
    if chain.unsealed > vouched:
        said = (
            f"entries {vouched + 1:,} to {chain.unsealed:,} carry no seal, and no checkpoint vouches that "
            "they were written before seals: seals may have been stripped"
        )
        if allow_unsealed:
            result.warnings.append(said + " (allowed: run `huijia audit checkpoint` to anchor them)")
        else:
            result.problems.append(said + " (a store from before seals: --allow-unsealed, then checkpoint)")
    elif chain.unsealed:
        result.warnings.append(
            f"{chain.unsealed:,} entries from before seals carry none (a checkpoint vouches)"
        )
    if not checkpoints:
        result.warnings.append(
            "no trusted checkpoint of this store: a removed tail or a wiped log cannot be detected "
            "(run `huijia audit checkpoint`)"
        )
    return result


def audit_table_exists(engine: Engine) -> bool:
    return sa.inspect(engine).has_table("audit_log")
