"""The installation's signing key, and checking signatures against the keys a receiver trusts.

Each installation has one Ed25519 key (through `cryptography`), created on first use and kept in a file
outside the database (the setting `HUIJIA_SIGNING_KEY`), readable by its owner only. Evidence packages
and audit checkpoints carry a detached signature made with it, together with the public key. A
signature proves only that the holder of *some* key signed; that the key is the sender's is known by its
fingerprint — shown by the UI, the CLI and every PDF — compared out of band, or by a trusted-keys file.

A trusted-keys file has one key a line, `ed25519 <base64 public key> [name]` as `huijia key show`
prints it, or a bare fingerprint (`sha256:<64 hex>`, spaces allowed) with an optional name; `#` starts a
comment.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ALGORITHM = "ed25519"


class SigningError(ValueError):
    """A key or trusted-keys file that cannot be used; the text names the file and line."""


def fingerprint(public_key: bytes) -> str:
    """The SHA-256 of the raw 32-byte public key, in hex: what people compare out of band."""
    return hashlib.sha256(public_key).hexdigest()


def shown_fingerprint(fingerprint_hex: str) -> str:
    """A fingerprint in groups of four, as people read it aloud: `sha256:3f2a 9b1c …`."""
    return "sha256:" + " ".join(fingerprint_hex[i : i + 4] for i in range(0, len(fingerprint_hex), 4))


@dataclass(frozen=True)
class SigningKey:
    """An installation's private key, and where it was loaded from."""

    private: Ed25519PrivateKey
    path: Path | None = None

    @property
    def public_bytes(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )

    @property
    def public_b64(self) -> str:
        return base64.b64encode(self.public_bytes).decode("ascii")

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_bytes)

    @property
    def audit_key(self) -> bytes:
        """The key that seals audit entries (`huijia.store.audit.seal_with`), derived from this one so
        that one file outside the database holds both."""
        raw = self.private.private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        )
        return hmac.new(raw, b"huijia audit seal/1", hashlib.sha256).digest()

    def sign(self, data: bytes) -> str:
        """The base64 signature of `data`."""
        return base64.b64encode(self.private.sign(data)).decode("ascii")

    def trusted_line(self, name: str = "") -> str:
        """This key as a line of a trusted-keys file."""
        return f"{ALGORITHM} {self.public_b64} {name}".rstrip()


def load_key(path: Path) -> SigningKey | None:
    """The key stored at `path`, or None when there is none. Raises SigningError for a damaged file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SigningError(f"{path}: cannot read the signing key ({exc.strerror or exc})") from exc
    try:
        private = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise SigningError(f"{path}: not a PEM private key") from exc
    if not isinstance(private, Ed25519PrivateKey):
        raise SigningError(f"{path}: not an Ed25519 key")
    return SigningKey(private, path)


def load_or_create_key(path: Path) -> SigningKey:
    """The installation's key: the one at `path`, or a new one written there (mode 0600) on first use."""
    found = load_key(path)
    if found is not None:
        return found
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two processes creating the key at once must not end with two different keys in use
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        found = load_key(path)
        assert found is not None
        return found
    except OSError as exc:
        raise SigningError(f"{path}: cannot create the signing key ({exc.strerror or exc})") from exc
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    return SigningKey(private, path)


def check_signature(public_b64: str, signature_b64: str, data: bytes) -> str | None:
    """The signer's fingerprint when `signature_b64` is a valid signature of `data` by `public_b64`;
    None when it is not (or either is malformed)."""
    try:
        public = base64.b64decode(public_b64, validate=True)
        signature = base64.b64decode(signature_b64, validate=True)
        Ed25519PublicKey.from_public_bytes(public).verify(signature, data)
    except (ValueError, TypeError, InvalidSignature):
        return None
    return fingerprint(public)


_HEX = re.compile(r"[0-9a-f]{64}")


def read_trusted_keys(path: Path) -> dict[str, str]:
    """The fingerprints a trusted-keys file names, each with its name ('' when none)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise SigningError(f"{path}: cannot read the trusted keys ({exc})") from exc
    trusted: dict[str, str] = {}
    for number, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.lower().startswith(f"{ALGORITHM} "):
            parts = line.split(None, 2)
            try:
                public = base64.b64decode(parts[1], validate=True)
                Ed25519PublicKey.from_public_bytes(public)
            except (ValueError, IndexError) as exc:
                raise SigningError(f"{path}, line {number}: not an Ed25519 public key") from exc
            trusted[fingerprint(public)] = parts[2] if len(parts) > 2 else ""
            continue
        if line.lower().startswith("sha256:"):
            body = line[len("sha256:") :]
            hex_part = "".join(ch for ch in body[:80] if not ch.isspace()).lower()
            match = _HEX.match(hex_part)
            if match:
                name = body[_consumed(body, 64) :].strip()
                trusted[match.group()] = name
                continue
        raise SigningError(
            f"{path}, line {number}: expected 'ed25519 <key> [name]' or 'sha256:<fingerprint>'"
        )
    return trusted


def _consumed(text: str, hex_digits: int) -> int:
    """How many characters of `text` hold its first `hex_digits` non-space characters."""
    seen = 0
    for index, ch in enumerate(text):
        if not ch.isspace():
            seen += 1
            if seen == hex_digits:
                return index + 1
    return len(text)
