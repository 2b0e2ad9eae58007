"""Two-factor sign-in: TOTP codes (RFC 6238, pyotp: 6 digits, 30 seconds) and one-time recovery codes.
Admins and registrars must enrol (`huijia.store.users.SECOND_FACTOR_ROLES`); anyone else may."""

from __future__ import annotations

import pyotp
from sqlalchemy.engine import Engine

from huijia.store.users import totp_secret, use_recovery_code

ISSUER = "huijia"


def new_secret() -> str:
    return pyotp.random_base32()


def code_ok(secret: str, code: str) -> bool:
    """A code of this secret for now, or the 30 seconds either side (clocks drift)."""
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return False
    try:
        return bool(pyotp.TOTP(secret).verify(code, valid_window=1))
    except (ValueError, TypeError):  # not a base32 secret (a form sent back altered)
        return False


def provisioning_uri(secret: str, username: str) -> str:
    """The otpauth:// URI an authenticator app takes (typed in, or from a QR code of it)."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def second_factor_ok(engine: Engine, user_id: int, code: str) -> bool:
    """A current TOTP code of the account, or one of its unused recovery codes (then used up)."""
    secret = totp_secret(engine, user_id)
    if secret is None:
        return False
    if code_ok(secret, code):
        return True
    return len(code.strip()) == 10 and use_recovery_code(engine, user_id, code)
