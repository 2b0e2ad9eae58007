"""The photo banks (see `huijia.store.schema.photo_banks`): bank a stored photo as confirmed in a case or
as harmless, remove an entry; each change is audited and the links are rebuilt at once, so a banked photo
is matched against every stored photo, past ones too, and a harmless one stops linking (the callers
rebuild the links after each change: `huijia.engines.relink`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from huijia.media import MediaError
from huijia.media.photoprint import photo_print
from huijia.media.safe import decode_image
from huijia.store import audit
from huijia.store.schema import media, photo_banks

BANKS = ("case", "harmless")


class BankError(ValueError):
    """A bank change that cannot be made; the text says why, `code` what kind of fault it is (for the
    desk's translated message): `bank`, `reason`, `missing` or `unreadable`."""

    def __init__(self, text: str, code: str) -> None:
        super().__init__(text)
        self.code = code


def bank_photo(engine: Engine, actor: str, sha256: str, bank: str, reason: str) -> int:
    """Add a stored photo to a bank; the entry's id. The caller rebuilds the links
    (`huijia.engines.relink.rebuild_links`), so that the bank takes effect on every stored photo."""
    if bank not in BANKS:
        raise BankError(f"bank must be one of {', '.join(BANKS)}", "bank")
    if not reason.strip():
        raise BankError("banking a photo needs a reason", "reason")
    with engine.begin() as conn:
        row = conn.execute(
            sa.select(media.c.data, media.c.photo_print).where(media.c.sha256 == sha256)
        ).first()
        if row is None:
            raise BankError("no such stored photo", "missing")
        printed = row.photo_print
        if printed is None:
            try:
                printed = photo_print(decode_image(row.data).image).to_text()
            except MediaError as exc:
                raise BankError(f"the stored photo cannot be read: {exc}", "unreadable") from exc
        inserted = conn.execute(
            photo_banks.insert().values(
                bank=bank, media_sha256=sha256, photo_print=printed, reason=reason.strip(), added_by=actor,
                added_at=datetime.now(UTC),
            )
        ).inserted_primary_key  # fmt: skip
        assert inserted is not None
        entry = int(inserted[0])
        audit.append(conn, actor, "photo.bank", sha256, {"bank": bank, "entry": entry})
    return entry


def unbank(engine: Engine, actor: str, entry: int, reason: str) -> None:
    """Remove an entry (kept, marked removed, audited — the reason stays in the entry, never in the audit
    log, which holds no free text); the links are rebuilt."""
    if not reason.strip():
        raise BankError("removing a bank entry needs a reason", "reason")
    with engine.begin() as conn:
        row = conn.execute(
            sa.select(photo_banks.c.media_sha256, photo_banks.c.bank).where(
                photo_banks.c.id == entry, photo_banks.c.removed_at.is_(None)
            )
        ).first()
        if row is None:
            raise BankError("no such bank entry", "missing")
        conn.execute(
            photo_banks.update()
            .where(photo_banks.c.id == entry)
            .values(removed_by=actor, removed_at=datetime.now(UTC), removed_reason=reason.strip())
        )
        audit.append(conn, actor, "photo.unbank", row.media_sha256, {"bank": row.bank, "entry": entry})


def bank_entries(engine: Engine, sha256: str | None = None) -> list[dict[str, Any]]:
    """The bank entries not removed (of one photo, or all), newest first."""
    query = (
        sa.select(photo_banks.c.id, photo_banks.c.bank, photo_banks.c.media_sha256, photo_banks.c.reason,
                  photo_banks.c.added_by, photo_banks.c.added_at)
        .where(photo_banks.c.removed_at.is_(None))
        .order_by(photo_banks.c.id.desc())
    )  # fmt: skip
    if sha256 is not None:
        query = query.where(photo_banks.c.media_sha256 == sha256)
    with engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]
