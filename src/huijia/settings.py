"""Every setting huijia takes from its environment, declared once: name, default, help and variable.

This is the only module that reads environment variables. The command line shows these as the defaults
of its options (`huijia scan --db` falls back to `HUIJIA_DB`), and the library is handed what it needs
(`connect(url)`, `WebSettings(secret=…)`); nothing below them looks at the environment. Settings are read
afresh at each call of `from_environment` — cheap, and a test or a wrapper that changes a variable sees
the change.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from huijia.ingest.timeparse import DEFAULT_TZ


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting: the field of `Settings` it fills, the environment variable, and what it is for."""

    field: str
    variable: str
    help: str
    secret: bool = False  # never shown (help texts, errors, logs)


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "HUIJIA_DB", "database URL (default sqlite:///huijia.db)"),
    Setting("tz", "HUIJIA_TZ", "zone of naive local times in exports (IANA name)"),
    Setting(
        "secret", "HUIJIA_SECRET", "the web UI's session key (otherwise a new one each start)", secret=True
    ),
    Setting("port", "PORT", "the web UI's port"),
    Setting(
        "signing_key",
        "HUIJIA_SIGNING_KEY",
        "the installation's Ed25519 key file, created on first use (keep it outside the database)",
    ),
    Setting("checkpoints", "HUIJIA_CHECKPOINTS", "folder of the signed audit-log checkpoints"),
    Setting("trusted_keys", "HUIJIA_TRUSTED_KEYS", "file of signing keys trusted besides this one's"),
    Setting(
        "trusted_proxies",
        "HUIJIA_TRUSTED_PROXIES",
        "reverse proxies whose X-Forwarded-For the web UI believes (addresses or networks, comma-separated;"
        " none by default)",
    ),
    Setting(
        "max_upload_bytes", "HUIJIA_MAX_UPLOAD_BYTES", "the largest export an analyst may upload (bytes)"
    ),
    Setting("smtp_host", "HUIJIA_SMTP_HOST", "SMTP server for e-mail alerts"),
    Setting("smtp_port", "HUIJIA_SMTP_PORT", "its port"),
    Setting("smtp_from", "HUIJIA_SMTP_FROM", "the alerts' sender address"),
    Setting("smtp_starttls", "HUIJIA_SMTP_STARTTLS", "STARTTLS on the SMTP connection (1/true/yes)"),
    Setting("smtp_user", "HUIJIA_SMTP_USER", "SMTP login"),
    Setting("smtp_password", "HUIJIA_SMTP_PASSWORD", "SMTP password", secret=True),
    Setting("pure_python", "HUIJIA_PURE_PYTHON", "1: read qq-txt without the compiled scanner"),
    Setting(
        "internal_webhooks",
        "HUIJIA_INTERNAL_WEBHOOKS",
        "1: let alert webhooks reach this machine or private networks (refused by default)",
    ),
)


class SettingError(ValueError):
    """An environment variable whose value cannot be used (named, never its value if secret)."""


@dataclass(frozen=True, slots=True)
class Settings:
    db: str | None = None
    tz: str = DEFAULT_TZ
    secret: str | None = None
    port: int = 8000
    signing_key: str = "huijia-signing.key"
    checkpoints: str = "huijia-checkpoints"
    trusted_keys: str | None = None
    trusted_proxies: str = ""
    max_upload_bytes: int = 2 * 1024**3  # a Telegram export folder, zipped, with its photos
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_from: str = "huijia@localhost"
    smtp_starttls: bool = False
    smtp_user: str | None = None
    smtp_password: str | None = None
    pure_python: bool = False
    internal_webhooks: bool = False

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings the environment gives (`os.environ` unless another mapping is given); an empty
        variable counts as unset."""
        environ = os.environ if environ is None else environ
        types = {f.name: f.type for f in fields(cls)}
        values: dict[str, Any] = {}
        for setting in SETTINGS:
            raw = environ.get(setting.variable, "").strip()
            if raw:
                values[setting.field] = _parse(setting, raw, str(types[setting.field]))
        return cls(**values)


def _parse(setting: Setting, raw: str, kind: str) -> Any:
    if kind.startswith("bool"):
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off"):
            return False
        raise SettingError(f"{setting.variable}: not a yes or no ({setting.help})")
    if kind.startswith("int"):
        try:
            return int(raw)
        except ValueError:
            shown = "" if setting.secret else f" {raw!r}"
            raise SettingError(f"{setting.variable}:{shown} is not a whole number ({setting.help})") from None
    return raw
