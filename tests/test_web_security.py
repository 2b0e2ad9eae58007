"""The review UI's defences, each pinned by the probe of the December 2026 security review that found it
missing (docs/research security-review.md, V3–V8, V10 and the headers): server-side sessions that end at
once, body limits before a byte is read, no secret in the audit log, X-Forwarded-For only from trusted
proxies, login locks per account and per address kept in the database, bidirectional text made
harmless, same-site language redirects, security headers, two-factor sign-in and the admin's pages."""

from __future__ import annotations

import asyncio
import base64
import json
import re
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pyotp
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from huijia.store import connect
from huijia.store.users import add_user
from huijia.text.bidi import neutralise_bidi
from huijia.web import create_app
from huijia.web.headers import CSP
from huijia.web.routes.public import PUBLIC_PER_ADDRESS_PER_HOUR

from .conftest import (
    PASSWORD,
    ROWS,
    add_account,
    chat,
    client,
    csrf_of,
    login,
    scan,
    totp_secret_of,
    web_settings,
)

RLO = "\u202e"
SPOOF_AUTHOR = f"<img src=x onerror=alert(1)>{RLO}gpj.exe"


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    tmp_path = tmp_path_factory.mktemp("websec")
    url = f"sqlite:///{tmp_path / 'h.db'}"
    spoof = tmp_path / "spoof.jsonl"
    post = {
        "chat": f"宝宝{RLO}群",
        "author": SPOOF_AUTHOR,
        "handle": "telegram:user97361",
        "sent_at": "2024-06-01T10:00:00+08:00",
        "text": "出售男婴，两个月，价格3万，私聊",
    }
    spoof.write_text(json.dumps(post, ensure_ascii=False) + "\n", encoding="utf-8")
    scan(url, chat(tmp_path / "group.jsonl", ROWS), spoof)
    engine = connect(url)
    for role in ("admin", "reviewer", "analyst", "registrar"):
        add_account(engine, role, role)
    return url


def audit_rows(url: str, action: str) -> list[tuple[Any, ...]]:
    with sa.create_engine(url).connect() as conn:
        return [
            tuple(row)
            for row in conn.execute(
                sa.text("SELECT actor, target, detail FROM audit_log WHERE action = :a ORDER BY id"),
                {"a": action},
            )
        ]


def signed_in(url: str, name: str) -> TestClient:
    browser = client(url)
    assert login(browser, name).status_code == 303
    return browser


def copied(url: str, browser: TestClient) -> TestClient:
    """Another client holding a copy of `browser`'s session cookie (a stolen cookie)."""
    thief = client(url)
    thief.cookies.set("huijia_session", browser.cookies["huijia_session"])
    return thief


# --- V3: sessions are server-side and end at once ---------------------------------------------------


def test_a_copied_cookie_is_refused_after_logout(url: str) -> None:
    add_account(connect(url), "leaver", "reviewer")
    browser = signed_in(url, "leaver")
    thief = copied(url, browser)
    assert thief.get("/queue").status_code == 200
    token = csrf_of(browser, "/queue")
    assert browser.post("/logout", data={"csrf": token}).status_code == 303
    refused = thief.get("/queue")
    assert refused.status_code == 303 and refused.headers["location"].startswith("/login")


def test_the_cookie_holds_only_a_random_token_and_the_database_only_its_hash(url: str) -> None:
    browser = signed_in(url, "reviewer")
    payload = browser.cookies["huijia_session"].split(".")[0]
    content = json.loads(base64.b64decode(payload + "=" * (-len(payload) % 4)))
    assert set(content) == {"sid"}
    with sa.create_engine(url).connect() as conn:
        hashes = conn.execute(sa.text("SELECT token_hash FROM sessions")).scalars().all()
    assert content["sid"] not in hashes and all(len(h) == 64 for h in hashes)


@pytest.mark.parametrize(
    "change",
    [
        ("password", {"password": "a brand new password"}),  # an admin resets the password
        ("active", {"active": "no"}),  # an admin disables the account
        ("role", {"role": "analyst"}),  # an admin changes the role
    ],
)
def test_a_password_reset_a_disabled_account_or_a_new_role_ends_the_sessions_at_once(
    url: str, change: tuple[str, dict[str, str]]
) -> None:
    what, form = change
    name = f"target-{what}"
    add_account(connect(url), name, "reviewer")
    victim = signed_in(url, name)
    thief = copied(url, victim)
    admin = signed_in(url, "admin")
    done = admin.post(f"/admin/users/{name}/{what}", data={"csrf": csrf_of(admin, "/admin/users"), **form})
    assert done.headers["location"] == "/admin/users"
    for browser in (victim, thief):
        assert browser.get("/queue").status_code == 303
    assert audit_rows(url, f"user.{what}" if what != "active" else "user.disable")[-1][:2] == ("admin", name)
    if what == "active":  # a disabled account cannot sign in again
        assert client(url).post("/login", data={"username": name, "password": PASSWORD}).status_code == 401


def test_an_admin_lists_and_ends_sessions(url: str) -> None:
    add_account(connect(url), "watched", "reviewer")
    victim = signed_in(url, "watched")
    admin = signed_in(url, "admin")
    listed = admin.get("/admin/sessions").text
    found = re.search(r"<bdi>watched</bdi>.*?action=\"/admin/sessions/(\d+)/end\"", listed, re.S)
    assert found, listed
    token = csrf_of(admin, "/admin/sessions")
    assert admin.post(f"/admin/sessions/{found.group(1)}/end", data={"csrf": token}).status_code == 303
    assert victim.get("/queue").status_code == 303
    assert audit_rows(url, "session.end")[-1][:2] == ("admin", found.group(1))


@pytest.mark.parametrize("hours", [9, -2])  # older than 8 hours; issued in the future
def test_a_session_too_old_or_from_the_future_is_refused(url: str, hours: int) -> None:
    add_account(connect(url), f"clock{hours}", "reviewer")
    browser = signed_in(url, f"clock{hours}")
    moment = datetime.now(UTC) - timedelta(hours=hours)
    with sa.create_engine(url).begin() as conn:
        table = sa.Table("sessions", sa.MetaData(), autoload_with=conn)
        users = sa.Table("users", sa.MetaData(), autoload_with=conn)
        user_id = conn.execute(sa.select(users.c.id).where(users.c.username == f"clock{hours}")).scalar_one()
        conn.execute(table.update().where(table.c.user_id == user_id).values(issued_at=moment))
    assert browser.get("/queue").status_code == 303


# --- V4: request bodies are capped before they are read ----------------------------------------------


def post_streamed(
    app: FastAPI, path: str, total: int, *, declared: bool, cookie: str = "", chunk: int = 1 << 20
) -> tuple[int, int]:
    """POST a generated multipart body of `total` bytes straight into the ASGI app, declared by
    Content-Length or chunked; (the status, how many body bytes the app pulled)."""
    boundary = "huijiaboundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="export"; filename="big.txt"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    chunks = total // chunk
    pulled, sent, status = 0, 0, 0
    headers = [(b"content-type", f"multipart/form-data; boundary={boundary}".encode())]
    headers.append(
        (b"content-length", str(total).encode()) if declared else (b"transfer-encoding", b"chunked")
    )
    if cookie:
        headers.append((b"cookie", f"huijia_session={cookie}".encode()))

    async def receive() -> dict[str, Any]:
        nonlocal pulled, sent
        if sent >= chunks:
            return {"type": "http.disconnect"}
        body = (head + b"x" * (chunk - len(head))) if sent == 0 else b"x" * chunk
        sent += 1
        pulled += len(body)
        return {"type": "http.request", "body": body, "more_body": sent < chunks}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
        "headers": headers, "client": ("198.51.100.7", 5000), "server": ("testserver", 80),
    }  # fmt: skip
    asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
    return status, pulled


def test_an_anonymous_200_mb_request_writes_nothing_and_reads_nothing(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spool = tmp_path / "tmp"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    app = create_app(web_settings(url, "test-secret", upload_dir=tmp_path / "uploads"))
    big = 200 * 1024**2
    for declared in (True, False):
        assert post_streamed(app, "/upload", big, declared=declared) == (303, 0)  # to the login page
        assert post_streamed(app, "/sighting", big, declared=declared) == ((413 if declared else 411), 0)
    reviewer = signed_in(url, "reviewer")  # signed in, but not allowed to upload
    cookie = reviewer.cookies["huijia_session"]
    assert post_streamed(app, "/upload", big, declared=False, cookie=cookie) == (403, 0)
    assert list(spool.iterdir()) == [] and not (tmp_path / "uploads").exists()


def test_an_analysts_streamed_upload_stops_at_the_cap(url: str, tmp_path: Path) -> None:
    app = create_app(web_settings(url, "s", upload_dir=tmp_path / "up", max_upload_bytes=1024**2))
    analyst = TestClient(app, follow_redirects=False)
    login(analyst, "analyst")
    status, pulled = post_streamed(
        app, "/upload", 200 * 1024**2, declared=False, cookie=analyst.cookies["huijia_session"]
    )
    assert status == 413 and pulled <= 4 * 1024**2  # the 1 MB cap and the form's framing, then no more
    declared = post_streamed(
        app, "/upload", 200 * 1024**2, declared=True, cookie=analyst.cookies["huijia_session"]
    )
    assert declared == (413, 0)


# --- V5: no secret in the audit log -------------------------------------------------------------------


def test_a_password_typed_as_the_username_never_reaches_the_audit_log(url: str) -> None:
    secret = "pw-admin-Secret123!"
    browser = client(url)
    assert browser.post("/login", data={"username": secret, "password": "reviewer"}).status_code == 401
    assert (
        browser.post("/login", data={"username": "reviewer", "password": "not it at all"}).status_code == 401
    )
    with sa.create_engine(url).connect() as conn:
        everything = conn.execute(sa.text("SELECT * FROM audit_log")).all()
        events = conn.execute(sa.text("SELECT key FROM rate_events")).scalars().all()
    assert secret not in repr(everything) and secret.lower() not in repr(everything)
    assert all(secret.lower() not in key.lower() for key in events)
    failures = [target for _, target, _ in audit_rows(url, "login.fail")]
    assert failures[-1] == "reviewer"  # an account that exists is named
    assert re.fullmatch(r"unknown:[0-9a-f]{16}", failures[-2])  # one that does not: a keyed hash


# --- V6, V7: trusted proxies only, limits in the database, locks per account and per address ----------


def test_x_forwarded_for_is_ignored_unless_the_proxy_is_trusted(url: str) -> None:
    public = TestClient(create_app(web_settings(url, "s")), client=("192.0.2.10", 1))
    token = re.search(r'name="csrf" value="([^"]+)"', public.get("/sighting").text)
    assert token
    form = {"csrf": token.group(1), "seen_at": "2026-11-20T18:05", "source": "street"}
    statuses = [
        public.post("/sighting", data=form, headers={"X-Forwarded-For": f"198.18.0.{n}"}).status_code
        for n in range(PUBLIC_PER_ADDRESS_PER_HOUR + 2)
    ]
    assert statuses == [200] * PUBLIC_PER_ADDRESS_PER_HOUR + [429, 429]  # rotating the header changes nothing
    behind = TestClient(
        create_app(web_settings(url, "s", trusted_proxies=("192.0.2.0/24",))),
        client=("192.0.2.10", 1),
    )
    token = re.search(r'name="csrf" value="([^"]+)"', behind.get("/sighting").text)
    assert token
    form["csrf"] = token.group(1)
    # behind a trusted proxy the client is the right-most untrusted address, whatever it claims before
    sent = behind.post("/sighting", data=form, headers={"X-Forwarded-For": "10.9.9.9, 203.0.113.50"})
    assert sent.status_code == 200
    with sa.create_engine(url).connect() as conn:
        keys = conn.execute(
            sa.text("SELECT key FROM rate_events WHERE key LIKE 'sighting:address:%'")
        ).scalars()
        assert set(keys) == {"sighting:address:192.0.2.10", "sighting:address:203.0.113.50"}


def test_logins_of_other_accounts_never_clear_an_address_and_the_lock_is_shared_by_every_worker(
    url: str,
) -> None:
    engine = connect(url)
    for name in ("sprayer", "sprayed-1", "sprayed-2"):
        add_account(engine, name, "reviewer")
    worker_1 = TestClient(
        create_app(web_settings(url, "s")),
        client=("192.0.2.77", 1),
        follow_redirects=False,
    )
    worker_2 = TestClient(
        create_app(web_settings(url, "s")),
        client=("192.0.2.77", 2),
        follow_redirects=False,
    )
    statuses = []
    for round_ in range(6):  # V7: four wrong passwords on others' accounts, then one's own login
        worker = worker_1 if round_ % 2 else worker_2
        for n in range(4):
            form = {"username": f"sprayed-{round_}-{n}", "password": f"guess {round_} {n} wrong"}
            statuses.append(worker.post("/login", data=form).status_code)
        statuses.append(worker.post("/login", data={"username": "sprayer", "password": PASSWORD}).status_code)
    # the address is locked after 20 failures: the own logins in between cleared nothing
    assert statuses[:5] == [401, 401, 401, 401, 303]
    assert statuses.count(401) == 20 and statuses[25:] == [429] * 5
    # one account is locked on its own (5 failures), whoever then signs in from wherever
    fresh = TestClient(
        create_app(web_settings(url, "s")),
        client=("192.0.2.200", 1),
        follow_redirects=False,
    )
    for n in range(5):
        assert (
            fresh.post("/login", data={"username": "sprayed-1", "password": f"wrong {n}"}).status_code == 401
        )
    locked = fresh.post("/login", data={"username": "sprayed-1", "password": PASSWORD})
    assert locked.status_code == 429 and re.search(r"请 1?\d 分钟后再试", locked.text)
    # an admin sees the locks and lifts one; the account signs in again
    admin = signed_in(url, "admin")
    page = admin.get("/admin/sessions").text
    assert "login:account:sprayed-1" in page and "login:address:192.0.2.77" in page
    token = csrf_of(admin, "/admin/sessions")
    admin.post("/admin/locks/unlock", data={"csrf": token, "lock": "login:account:sprayed-1"})
    assert fresh.post("/login", data={"username": "sprayed-1", "password": PASSWORD}).status_code == 303
    assert audit_rows(url, "login.unlock")[-1][:2] == ("admin", "login:account:sprayed-1")


# --- V8: bidirectional controls are shown, never obeyed --------------------------------------------------


def test_right_to_left_overrides_in_names_are_neutralised_and_isolated(url: str) -> None:
    with sa.create_engine(url).connect() as conn:
        key = conn.execute(
            sa.text("SELECT key FROM messages WHERE author_handle = 'telegram:user97361'")
        ).scalar_one()
    reviewer = signed_in(url, "reviewer")
    case = reviewer.get(f"/case/{key}").text
    assert RLO not in case
    assert "<bdi>telegram:user97361</bdi>" in case
    assert "<bdi>&lt;img src=x onerror=alert(1)&gt;[U+202E]gpj.exe</bdi>" in case
    queue = reviewer.get("/queue").text
    shown = re.sub(r'value="[^"]*"', "", queue)  # a filter's value goes back as stored; it is never shown
    assert RLO not in shown and "宝宝[U+202E]群" in queue


def test_neutralise_bidi_marks_every_control() -> None:
    controls = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
    shown = neutralise_bidi(f"a{controls}b")
    assert shown.startswith("a[U+202A][U+202B]") and shown.endswith("[U+061C]b")
    assert not any(c in shown for c in controls)
    assert neutralise_bidi("مرحبا telegram:user97361") == "مرحبا telegram:user97361"  # text itself kept


# --- V10: /lang stays on the site --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("referer", "location"),
    [
        ("https://evil.example/phish", "/"),  # another site
        ("javascript:alert(1)", "/"),
        ("http://testserver/queue?label=broker", "/queue?label=broker"),  # this site: back where it was
        ("http://testserver//evil.example/x", "/"),
        ("", "/"),
    ],
)
def test_the_language_switch_redirects_only_to_this_site(url: str, referer: str, location: str) -> None:
    sent = client(url).get("/lang/en", headers={"referer": referer} if referer else {})
    assert sent.status_code == 303 and sent.headers["location"] == location


@pytest.mark.parametrize(
    ("back", "location"),
    [("/queue?label=broker", "/queue?label=broker"), ("//evil.example", "/"), ("https://evil.example", "/")],
)
def test_the_language_links_carry_their_page_and_only_a_local_one_is_followed(
    url: str, back: str, location: str
) -> None:
    sent = client(url).get("/lang/en", params={"next": back})
    assert sent.status_code == 303 and sent.headers["location"] == location
    assert 'href="/lang/en?next=/sighting"' in client(url).get("/sighting").text


# --- headers and CSP ---------------------------------------------------------------------------------


def test_every_page_carries_the_security_headers_and_no_inline_script_or_style(url: str) -> None:
    admin = signed_in(url, "admin")
    pages = ["/queue", "/dashboard", "/upload", "/registry", "/admin/users", "/admin/sessions",
             "/admin/audit", "/account/second-factor"]  # fmt: skip
    for path in [*pages, "/login", "/sighting"]:
        sent = (admin if path in pages else client(url)).get(path)
        assert sent.status_code == 200, path
        assert sent.headers["content-security-policy"] == CSP
        assert sent.headers["x-content-type-options"] == "nosniff"
        assert sent.headers["referrer-policy"] == "no-referrer"
        assert sent.headers["cache-control"] == "no-store", path
        assert "<style" not in sent.text and " style=" not in sent.text and "hx-on" not in sent.text
        assert re.findall(r"<script[^>]*>", sent.text) == ['<script src="/static/htmx-2.0.11.min.js" defer>']
    css = admin.get("/static/huijia.css")
    assert css.status_code == 200 and "label.photo img" in css.text


# --- two-factor sign-in ----------------------------------------------------------------------------------


def test_admins_enrol_in_two_factor_sign_in_before_anything_else_and_then_need_a_code(url: str) -> None:
    add_user(connect(url), "new-admin", "admin", PASSWORD, by="test")  # not enrolled
    browser = client(url)
    assert login(browser, "new-admin").status_code == 303
    assert browser.get("/admin/users").headers["location"] == "/account/second-factor"
    form = browser.get("/account/second-factor").text
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', form)
    assert secret and "otpauth://totp/huijia:new-admin?secret=" in form
    token = csrf_of(browser, "/account/second-factor")
    wrong = browser.post(
        "/account/second-factor", data={"csrf": token, "secret": secret.group(1), "code": "000000"}
    )
    assert wrong.status_code == 400
    code = pyotp.TOTP(secret.group(1)).now()
    done = browser.post(
        "/account/second-factor", data={"csrf": token, "secret": secret.group(1), "code": code}
    )
    codes = re.findall(r"<li>([0-9a-f]{10})</li>", done.text)
    assert done.status_code == 200 and len(codes) == 10
    with sa.create_engine(url).connect() as conn:
        stored = conn.execute(
            sa.text("SELECT recovery_codes FROM users WHERE username = 'new-admin'")
        ).scalar_one()
    assert not any(c in stored for c in codes)  # only their hashes
    assert browser.get("/admin/users").status_code == 200
    # the next sign-in asks for a code after the password; a wrong one is refused
    again = client(url)
    first = again.post("/login", data={"username": "new-admin", "password": PASSWORD})
    assert first.headers["location"].startswith("/login/code")
    assert again.get("/queue").status_code == 303  # half signed in is not signed in
    token = re.search(r'name="csrf" value="([^"]+)"', again.get("/login/code").text)
    assert token
    assert again.post("/login/code", data={"csrf": token.group(1), "code": "123456"}).status_code == 401
    assert again.post("/login/code", data={"csrf": token.group(1), "code": codes[0]}).status_code == 303
    assert again.get("/admin/users").status_code == 200
    # a recovery code works once
    third = client(url)
    third.post("/login", data={"username": "new-admin", "password": PASSWORD})
    token = re.search(r'name="csrf" value="([^"]+)"', third.get("/login/code").text)
    assert token
    assert third.post("/login/code", data={"csrf": token.group(1), "code": codes[0]}).status_code == 401
    assert audit_rows(url, "user.totp")[-1][:2] == ("new-admin", "new-admin")


def test_tests_derive_codes_from_the_secret(url: str) -> None:
    browser = client(url)
    sent = browser.post("/login", data={"username": "registrar", "password": PASSWORD})
    assert sent.headers["location"].startswith("/login/code")
    token = re.search(r'name="csrf" value="([^"]+)"', browser.get("/login/code").text)
    assert token
    code = pyotp.TOTP(totp_secret_of("registrar")).now()
    assert browser.post("/login/code", data={"csrf": token.group(1), "code": code}).status_code == 303
    assert browser.get("/registry").status_code == 200


# --- the audit log page --------------------------------------------------------------------------------


def test_an_admin_reads_and_filters_the_audit_log(url: str) -> None:
    client(url).post("/login", data={"username": "analyst", "password": "wrong wrong wrong"})
    admin = signed_in(url, "admin")
    page = admin.get("/admin/audit", params={"action": "login", "target": "analyst"}).text
    rows = re.findall(r"<tr><td>\d+</td><td>[^<]+</td><td>(.*?)</td><td>([a-z._]+)</td>", page)
    assert (
        rows and {action for _, action in rows} <= {"login.ok", "login.fail"} and ("—", "login.fail") in rows
    )
    assert admin.get("/admin/audit", params={"since": "yesterday"}).text.count('role="alert"') == 1
    future = admin.get("/admin/audit", params={"since": "2999-01-01"}).text
    assert "<tbody></tbody>" in future
    # a time in another zone, or with a space for the T, is the moment it names (the filter compared text)
    hour_ago = datetime.now(UTC) - timedelta(hours=1)
    in_beijing = hour_ago.astimezone(timezone(timedelta(hours=8))).isoformat(timespec="minutes")
    assert "<tbody></tbody>" not in admin.get("/admin/audit", params={"since": in_beijing}).text
    ahead = (datetime.now(UTC) + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
    assert "<tbody></tbody>" in admin.get("/admin/audit", params={"since": ahead}).text


# --- the second look: re-enrolment, code guessing, attempts at once ---------------------------------------


def test_replacing_the_second_factor_takes_the_current_code_and_ends_the_other_sessions(url: str) -> None:
    add_account(connect(url), "owner", "admin")
    mine, elsewhere = signed_in(url, "owner"), signed_in(url, "owner")
    new_secret = pyotp.random_base32()
    form = {"secret": new_secret, "code": pyotp.TOTP(new_secret).now(), "csrf": csrf_of(mine, "/queue")}
    stolen = mine.post("/account/second-factor", data=form)  # a thief at an unlocked screen
    assert stolen.status_code == 403 and audit_rows(url, "user.totp_refused")
    current = pyotp.TOTP(totp_secret_of("owner")).now()
    replaced = mine.post("/account/second-factor", data={**form, "current": current})
    assert replaced.status_code == 200 and "recovery-codes" in replaced.text
    assert mine.get("/queue").status_code == 200  # the session that made the change goes on
    assert elsewhere.get("/queue").status_code == 303  # every other one ends


def test_a_right_password_does_not_reset_the_count_of_wrong_codes(url: str) -> None:
    add_account(connect(url), "guessed", "admin")
    statuses = []
    for _ in range(4):
        browser = client(url, address=f"198.51.100.{len(statuses)}")
        sent = browser.post("/login", data={"username": "guessed", "password": PASSWORD})
        assert sent.status_code in (303, 429)
        if sent.status_code == 429:
            statuses.append(429)
            continue
        form = browser.get(sent.headers["location"]).text
        token = re.search(r'name="csrf" value="([^"]+)"', form)
        assert token
        for _ in range(2):
            wrong = browser.post("/login/code", data={"code": "000000", "csrf": token.group(1)})
            statuses.append(wrong.status_code)
    assert statuses.count(401) == 5 and statuses[-1] == 429  # five wrong codes, then locked


def test_wrong_passwords_sent_at_once_are_each_counted_before_they_are_checked(url: str) -> None:
    add_account(connect(url), "sprayed", "reviewer")
    start = threading.Barrier(10)

    def attempt(n: int) -> int:
        browser = client(url, address=f"203.0.113.{n}")
        start.wait()
        return browser.post("/login", data={"username": "sprayed", "password": f"wrong {n}"}).status_code

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(attempt, range(10)))
    assert statuses.count(401) == 5 and statuses.count(429) == 5  # the account's limit, not more


def test_invisible_characters_in_names_are_shown_and_form_values_go_back_as_stored(url: str) -> None:
    from huijia.text.bidi import neutralise_hidden

    assert neutralise_hidden("user\u200b97361\U000e0041") == "user[U+200B]97361[U+E0041]"
    browser = signed_in(url, "reviewer")
    queue = browser.get("/queue").text
    # the chat's name is shown with a marker, but the filter's choice sends the name back as stored
    assert f'<option value="宝宝{RLO}群"' in queue
    filtered = browser.get("/queue", params={"chat": f"宝宝{RLO}群"}).text
    assert "出售男婴" in filtered


def test_a_recovery_code_works_once_even_when_sent_twice_at_once(url: str) -> None:
    from huijia.store.users import enrol_totp, get_user, use_recovery_code

    engine = connect(url)
    add_account(engine, "twice", "reviewer")
    (code, *_) = enrol_totp(engine, "twice", pyotp.random_base32(), by="test")
    user = get_user(engine, "twice")
    assert user is not None
    start = threading.Barrier(4)

    def use(_: int) -> bool:
        start.wait()
        return use_recovery_code(engine, user.id, code)

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert sorted(pool.map(use, range(4))) == [False, False, False, True]


def test_a_sign_in_form_sent_from_another_site_is_refused(url: str) -> None:
    browser = client(url)
    form = {"username": "reviewer", "password": PASSWORD}
    for headers in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}, {"Origin": "null"}):
        refused = browser.post("/login", data=form, headers=headers)
        assert refused.status_code == 403, headers
    same = browser.post(
        "/login", data=form, headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
    )
    assert same.status_code == 303


def test_an_accounts_page_error_keeps_every_character_of_the_name(url: str) -> None:
    admin = signed_in(url, "admin")
    form = {
        "username": "a&b#c",
        "role": "reviewer",
        "password": PASSWORD,
        "csrf": csrf_of(admin, "/admin/users"),
    }
    assert admin.post("/admin/users", data=form).headers["location"] == "/admin/users"
    again = admin.post("/admin/users", data=form)
    assert again.status_code == 303
    shown = admin.get(again.headers["location"]).text
    assert "user &#39;a&amp;b#c&#39; exists" in shown
