"""The review desk under parallel load keeps one unbroken audit chain: the security review saw two photo
requests of one page chain to the same predecessor on SQLite."""

from __future__ import annotations

import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import sqlalchemy as sa
import uvicorn

from huijia.store import connect
from huijia.store.audit import verify_chain
from huijia.store.users import add_user
from huijia.web import create_app

from .conftest import PASSWORD, chat, scan, web_settings
from .photos import offer_with_photos


def test_two_hundred_parallel_photo_requests_leave_the_chain_intact(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    scan(url, chat(tmp_path / "group.jsonl", [("2024-05-01T10:00:00+08:00", "a", "早")]),
         offer_with_photos(tmp_path / "telegram"))  # fmt: skip
    add_user(connect(url), "reviewer", "reviewer", PASSWORD, by="test")
    with sa.create_engine(url).connect() as conn:
        photo = conn.execute(sa.text("SELECT sha256 FROM media")).scalar_one()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = web_settings(url, "load-secret", upload_dir=tmp_path / "up")
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=port, log_level="warning", access_log=False
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 10
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base) as signed_in:
            assert (
                signed_in.post("/login", data={"username": "reviewer", "password": PASSWORD}).status_code
                == 303
            )
            cookies = dict(signed_in.cookies)

        def view(_: int) -> int:
            with httpx.Client(base_url=base, cookies=cookies, timeout=60) as browser:
                return browser.get(f"/photo/{photo}").status_code

        with ThreadPoolExecutor(max_workers=20) as pool:
            statuses = list(pool.map(view, range(200)))
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert statuses == [200] * 200
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        views = conn.execute(
            sa.text("SELECT count(*) FROM audit_log WHERE action = 'photo.view'")
        ).scalar_one()
    assert views == 200
    check = verify_chain(engine)
    assert check.intact, check
