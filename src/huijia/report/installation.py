"""The installation's key for one store: found where the settings say, made there only when the store has
never been sealed, and refused when the store was sealed with another key.

A command run from another folder, or with the setting unset, would otherwise make a second key beside
it and seal entries with that: the log would read BROKEN for ever after, and referrals would carry a
fingerprint nobody knows.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

from huijia.report.signing import SigningError, SigningKey, load_key, load_or_create_key
from huijia.store import audit


class InstallationKeyError(ValueError):
    """No usable key for this store; the text says what to set."""


def key_for_store(engine: Engine, path: Path) -> tuple[SigningKey, bool]:
    """The key at `path` (made there if the store has no sealed entry yet), set to seal the store's audit
    entries; and whether it was just made. Raises InstallationKeyError."""
    try:
        key = load_key(path)
        made = False
        if key is None:
            if audit.is_sealed(engine):
                raise InstallationKeyError(
                    f"no signing key at {path.resolve()}, but this store's audit entries are sealed: "
                    "set HUIJIA_SIGNING_KEY to the installation's key file (a new key would break the seals)"
                )
            key, made = load_or_create_key(path), True
        audit.seal_with(engine, key.audit_key)
    except SigningError as exc:
        raise InstallationKeyError(str(exc)) from exc
    except audit.SealKeyError as exc:
        raise InstallationKeyError(
            f"{exc}: {path.resolve()} is not the key that sealed them; set HUIJIA_SIGNING_KEY to the "
            "installation's key file"
        ) from exc
    return key, made
