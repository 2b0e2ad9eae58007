"""Shared helpers: read a fixture and split what came back into messages, skips and notices; a scanned
group chat; a browser on the review UI. Test modules import these from here, never from one another."""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyotp
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from httpx import Response

from huijia.analyse.pipeline import Analyser
from huijia.engines.scan import Scanner
from huijia.ingest import ReadOptions, read_inputs
from huijia.ingest.inputs import ReaderChosen
from huijia.model import Message, Notice, Skip
from huijia.store import connect
from huijia.store.users import SECOND_FACTOR_ROLES, User, add_user, enrol_totp
from huijia.web import WebSettings, create_app

from .pgserver import create_database, find_bindir, running_server

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "exports" / "third_party"


@dataclass
class ReadResult:
    messages: list[Message] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    chosen: list[ReaderChosen] = field(default_factory=list)  # which reader sniffing chose, per file

    def by_id_suffix(self, suffix: str) -> Message:
        found = [m for m in self.messages if m.id.endswith(":" + suffix)]
        assert len(found) == 1, [m.id for m in self.messages]
        return found[0]


def read(*paths: str | Path, fmt: str = "auto", tz: str = "Asia/Shanghai") -> ReadResult:
    result = ReadResult()
    for event in read_inputs([Path(p) for p in paths], fmt, ReadOptions(tz=tz)):
        if isinstance(event, Message):
            result.messages.append(event)
        elif isinstance(event, Skip):
            result.skips.append(event)
        elif isinstance(event, ReaderChosen):
            result.chosen.append(event)
        else:
            result.notices.append(event)
    return result


def data(name: str) -> Path:
    return DATA / name


@pytest.fixture
def shared_exports() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared/data is not beside this checkout")
    return SHARED


# --- evidence: the test run's signing key and each test's checkpoints, never the working directory's ----
@pytest.fixture(scope="session")
def installation_key_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("installation") / "signing.key"


@pytest.fixture(autouse=True)
def evidence_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, installation_key_file: Path) -> Path:
    """The test's own checkpoint folder, under the test run's one installation key (a store shared by
    a module's tests is sealed with one key, as in a real installation); its folder."""
    folder = tmp_path / "evidence"
    monkeypatch.setenv("HUIJIA_SIGNING_KEY", str(installation_key_file))
    monkeypatch.setenv("HUIJIA_CHECKPOINTS", str(folder / "checkpoints"))
    monkeypatch.delenv("HUIJIA_TRUSTED_KEYS", raising=False)
    return folder


# --- databases for the store tests: SQLite and a throwaway PostgreSQL server ---------------------------
_database_names = itertools.count()


@pytest.fixture(scope="session")
def pg_socket() -> Iterator[str]:
    if find_bindir() is None:
        pytest.skip("PostgreSQL is not installed here (make test installs it)")
    with running_server() as socket_dir:
        yield socket_dir


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'huijia.db'}"
    socket_dir = request.getfixturevalue("pg_socket")
    return create_database(socket_dir, f"t{os.getpid()}_{next(_database_names)}")


# A scanned group chat: shared by the store, web, referral and account tests.
def chat(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    """A JSONL export of one group chat: (time, author, text) per message."""
    lines = [
        json.dumps(
            {
                "chat": "圆梦之家",
                "author": a,
                "handle": f"qq:{zlib.crc32(a.encode())}",
                "sent_at": t,
                "text": x,
            },
            ensure_ascii=False,
        )
        for t, a, x in rows
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


ROWS = [
    ("2024-05-01T10:00:00+08:00", "阿华", "早上好"),
    ("2024-05-01T10:00:05+08:00", "湖南宝妈", "本人湖南的，男宝刚满两个月，营养费3万，有意私聊"),
    ("2024-05-01T10:01:00+08:00", "小李", "有"),
    ("2024-05-01T10:01:00+08:00", "小李", "有"),  # the same bid twice in one second: two messages
    ("2024-05-01T10:02:00+08:00", "领妈", "江浙沪求领养女宝，刚出生的，价格好说"),
    ("2024-05-01T10:03:00+08:00", "阿华", "今天天气不错"),
]


def sale_offer_key(engine: sa.engine.Engine) -> str:
    """The key of the one post of ROWS flagged as a sale offer."""
    with engine.connect() as conn:
        return str(
            conn.execute(
                sa.text(
                    "SELECT message_key FROM findings JOIN messages ON key = message_key "
                    "WHERE label = 'sale_offer' AND channel = '圆梦之家'"
                )
            ).scalar_one()
        )


def scan(url: str, *inputs: Path) -> None:
    Scanner(connect(url), Analyser(), "tester").scan(inputs)


# The review UI in tests.
PASSWORD = "correct horse battery"


def web_settings(url: str, secret: str = "test-secret", **more: Any) -> WebSettings:
    """Settings of a review desk for a test: plain-HTTP cookies, and the signing key and checkpoints in the
    test's own folder (`evidence_paths`), never the working directory."""
    return WebSettings(
        url,
        secret,
        secure_cookies=False,
        signing_key=Path(os.environ["HUIJIA_SIGNING_KEY"]),
        checkpoints=Path(os.environ["HUIJIA_CHECKPOINTS"]),
        **more,
    )


def client(url: str, address: str = "testclient") -> TestClient:
    """A browser on a new app over `url` (every app over one database shares its sessions and limits),
    coming from `address`; see `web_settings`."""
    return TestClient(create_app(web_settings(url)), follow_redirects=False, client=(address, 50000))


def csrf_of(browser: TestClient, path: str) -> str:
    """The CSRF token from the sign-out form in the header of any page a signed-in user opens."""
    found = re.search(r'name="csrf" value="([^"]+)"', browser.get(path).text)
    assert found, path
    return found.group(1)


def totp_secret_of(username: str) -> str:
    """The TOTP secret the tests enrol an account with (fixed per name, so any test can derive codes)."""
    return base64.b32encode(hashlib.sha256(username.encode()).digest()[:20]).decode()


def add_account(engine: sa.engine.Engine, username: str, role: str, password: str = PASSWORD) -> User:
    """An account as it must be to work: admins and registrars enrolled in two-factor sign-in."""
    user = add_user(engine, username, role, password, by="test")
    if role in SECOND_FACTOR_ROLES:
        enrol_totp(engine, username, totp_secret_of(username), by="test")
    return user


def login(browser: TestClient, username: str, password: str = PASSWORD, next: str = "/") -> Response:
    """Sign in, with a TOTP code derived from the account's secret when the login asks for one."""
    sent = browser.post("/login", data={"username": username, "password": password, "next": next})
    if sent.status_code == 303 and sent.headers["location"].startswith("/login/code"):
        form = browser.get(sent.headers["location"]).text
        found = re.search(r'name="csrf" value="([^"]+)"', form)
        assert found, form
        code = pyotp.TOTP(totp_secret_of(username)).now()
        sent = browser.post("/login/code", data={"code": code, "csrf": found.group(1), "next": next})
    return sent
