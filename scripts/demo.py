"""The end of `make demo`: a demo admin account, then the review UI on 127.0.0.1:$PORT.

The account `demo-admin` gets a new random password and a new TOTP secret on every run, printed once
here (only the password's argon2 hash is stored). Admins sign in with a code from the secret: add it to
an authenticator app, or derive one with `python -c "import pyotp; print(pyotp.TOTP('SECRET').now())"`.
Run from a terminal, the server stays up until Ctrl-C. Run without one (CI, a script,
`make demo < /dev/null`), it starts the server, checks that it answers and that the demo admin can sign
in and open the queue, and stops, so that an unattended `make demo` ends.

Usage: python scripts/demo.py [--db URL]   (PORT from the environment, default 8000)
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pyotp

from huijia.report.installation import key_for_store
from huijia.settings import Settings
from huijia.store import connect
from huijia.store.users import UserError, add_user, enrol_totp, set_password

USERNAME = "demo-admin"


def demo_account(db_url: str | None) -> tuple[str, str]:
    """The demo admin with a new password and a new TOTP secret: (password, secret)."""
    password = secrets.token_urlsafe(12)
    secret = pyotp.random_base32()
    engine = connect(db_url)
    key_for_store(engine, Path(Settings.from_environment().signing_key))  # seals what the demo writes
    try:
        add_user(engine, USERNAME, "admin", password, by="make demo")
    except UserError:  # there from an earlier run: a new password
        set_password(engine, USERNAME, password, by="make demo")
    enrol_totp(engine, USERNAME, secret, by="make demo")
    return password, secret


def wait_until_up(base: str, server: subprocess.Popen[bytes], seconds: float = 30) -> bool:
    deadline = time.time() + seconds
    while time.time() < deadline and server.poll() is None:
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return True
        except httpx.TransportError:
            time.sleep(0.2)
    return False


def smoke(base: str, password: str, secret: str) -> bool:
    """Sign in as the demo admin (password, then a code from the TOTP secret) and open the queue: the
    demo's own check when nobody is watching."""
    with httpx.Client(base_url=base, timeout=10) as client:
        signed = client.post("/login", data={"username": USERNAME, "password": password})
        if signed.status_code != 303 or not signed.headers["location"].startswith("/login/code"):
            return False
        token = re.search(r'name="csrf" value="([^"]+)"', client.get(signed.headers["location"]).text)
        if token is None:
            return False
        code = {"code": pyotp.TOTP(secret).now(), "csrf": token.group(1)}
        second = client.post("/login/code", data=code)
        queue = client.get("/queue")
    return second.status_code == 303 and queue.status_code == 200 and "/case/" in queue.text


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", default=os.environ.get("HUIJIA_DB"))
    args = parser.parse_args()
    port = int(os.environ.get("PORT") or 8000)
    password, secret = demo_account(args.db)
    base = f"http://127.0.0.1:{port}"
    print(f"\nreview UI: {base}  —  sign in as {USERNAME} / {password}, TOTP secret {secret}"
          "  (new ones each run; add the secret to an authenticator app for the code)")  # fmt: skip
    env = {**os.environ, "HUIJIA_SECRET": os.environ.get("HUIJIA_SECRET") or secrets.token_urlsafe(32)}
    huijia = str(Path(sys.executable).with_name("huijia"))
    command = [huijia, "serve", "--port", str(port), "--insecure-cookies"]
    if args.db:
        command += ["--db", args.db]
    server = subprocess.Popen(command, env=env)
    try:
        if not wait_until_up(base, server):
            print(f"the server did not start on port {port} (taken? set PORT=...)", file=sys.stderr)
            return 1
        if sys.stdin.isatty():
            print("serving; Ctrl-C stops it")
            return server.wait()
        working = smoke(base, password, secret)
        verdict = "ok" if working else "FAILED"
        print(f"no terminal: checked that {USERNAME} signs in and sees the queue ({verdict}); stopping. "
              "Run `make demo` in a terminal to keep it serving.")  # fmt: skip
        return 0 if working else 1
    except KeyboardInterrupt:
        return 0
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    sys.exit(main())
