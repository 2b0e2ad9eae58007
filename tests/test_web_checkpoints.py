"""The running desk signs the audit log's head at start and then on its clock."""

from __future__ import annotations

import os
import time
from pathlib import Path

from fastapi.testclient import TestClient

from huijia.report.checkpoint import checkpoints_in
from huijia.report.signing import load_key
from huijia.store import connect
from huijia.web import create_app

from .conftest import web_settings


def test_the_desk_writes_signed_checkpoints_while_it_runs(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    folder = Path(os.environ["HUIJIA_CHECKPOINTS"])
    settings = web_settings(url, checkpoint_seconds=0.2)
    with TestClient(create_app(settings)) as browser:
        assert browser.get("/healthz").status_code == 200
        time.sleep(0.7)
    written = sorted(folder.glob("audit-*.json"))
    assert len(written) >= 3  # at start, then every 0.2 s
    time.sleep(0.4)
    assert sorted(folder.glob("audit-*.json")) == written  # stopped with the server
    key = load_key(Path(os.environ["HUIJIA_SIGNING_KEY"]))
    assert key is not None
    found, problems, _ = checkpoints_in(folder, {key.fingerprint})
    assert len(found) == len(written) and not problems


def test_every_signed_in_page_shows_the_signing_key_fingerprint(tmp_path: Path) -> None:
    from huijia.report.signing import shown_fingerprint

    from .conftest import add_account, client, login

    url = f"sqlite:///{tmp_path / 'h.db'}"
    browser = client(url)
    assert "sha256:" not in browser.get("/login").text  # not to strangers
    add_account(connect(url), "rev", "reviewer")
    login(browser, "rev")
    key = load_key(Path(os.environ["HUIJIA_SIGNING_KEY"]))
    assert key is not None
    assert shown_fingerprint(key.fingerprint) in browser.get("/queue").text
