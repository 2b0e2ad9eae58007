"""The review web UI through its HTTP interface: login, sessions, CSRF, throttling, the permission table
cell by cell, decisions, audit of case views, evidence marked on the case page, Chinese and English."""

from __future__ import annotations

import hashlib
import io
import json
import re
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from huijia.media.faces import face_backend
from huijia.model import ACCOUNT_ROLES
from huijia.registry.intake import import_records
from huijia.registry.links import link_queue
from huijia.registry.records import parse_report
from huijia.report.referral import verify_bundle
from huijia.store import connect
from huijia.store.schema import audit_log
from huijia.web import create_app
from huijia.web.permissions import PAGES
from huijia.web.routes.review import MAX_REASON

from .conftest import (
    DATA,
    PASSWORD,
    ROWS,
    add_account,
    chat,
    client,
    csrf_of,
    login,
    sale_offer_key,
    scan,
    web_settings,
)
from .photos import offer_with_photos


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """One scanned database with an account per role, shared by the tests of this module."""
    tmp_path = tmp_path_factory.mktemp("web")
    url = f"sqlite:///{tmp_path / 'h.db'}"
    scan(url, chat(tmp_path / "group.jsonl", ROWS), offer_with_photos(tmp_path / "telegram"))
    engine = connect(url)
    for role in ACCOUNT_ROLES:
        add_account(engine, role, role)
    offer = sale_offer_key(engine)
    # the registry: a report, and the offer's photo taken in as a sighting (for the registry's pages)
    report = parse_report({"id": REPORT_ID, "lost_at": "2024-05-01T10:00+08:00", "sex": "female"})
    import_records(engine, "report", [(2, report)], "registrar", faces=face_backend())
    link_queue(engine, "registrar", faces=face_backend())
    return url, offer


REPORT_ID = "r-web-1"


def sighting_id(url: str) -> str:
    with sa.create_engine(url).connect() as conn:
        return str(conn.execute(sa.text("SELECT id FROM registry_sightings")).scalar_one())


def test_login_sets_a_strict_http_only_session_cookie_and_wrong_passwords_fail(site: tuple[str, str]) -> None:
    url, _ = site
    browser = client(url)
    wrong = browser.post("/login", data={"username": "reviewer", "password": "nope nope nope"})
    assert wrong.status_code == 401 and "用户名或密码错误" in wrong.text
    right = browser.post("/login", data={"username": "reviewer", "password": PASSWORD})
    assert right.status_code == 303
    cookie = right.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert browser.get("/queue").status_code == 200


# expected status per page and role: allowed pages answer, others are refused, strangers go to login
REQUESTS = {
    "queue": ("get", "/queue"),
    "case": ("get", "/case/{offer}"),
    "photo": ("get", "/photo/{photo}"),
    "decide": ("post", "/case/{offer}/decide"),
    "referral": ("post", "/referral"),
    "users": ("get", "/admin/users"),
    "dashboard": ("get", "/dashboard"),
    "upload": ("get", "/upload"),
    "users.add": ("post", "/admin/users"),
    "users.password": ("post", "/admin/users/analyst/password"),
    "registry": ("get", "/registry"),
    "registry.edit": ("post", "/registry/link"),
    "registry.mark": ("post", "/registry/sighting/{sighting}/mark"),
    "registry.photo": ("get", "/registry-photo/{photo}"),
    "users.edit": ("post", "/admin/users/analyst/role"),
    "sessions": ("get", "/admin/sessions"),
    "sessions.end": ("post", "/admin/sessions/999999/end"),
    "locks.unlock": ("post", "/admin/locks/unlock"),
    "audit": ("get", "/admin/audit"),
    "groups": ("get", "/groups"),
    "links": ("get", "/actor/{actor}"),
    "links.decide": ("post", "/links/actor/{actor}/decide"),
    "photo.bank": ("post", "/photo/{photo}/bank"),
    "takedown": ("post", "/group/takedown"),
}


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("role", [None, *ACCOUNT_ROLES])
def test_permission_table_cell_by_cell(site: tuple[str, str], page: str, role: str | None) -> None:
    url, offer = site
    method, path = REQUESTS[page]
    path = path.format(
        offer=offer, photo=stored_photo(url), sighting=sighting_id(url), actor=actor_of(url, offer)
    )
    browser, token = client(url), ""
    if role is not None:
        login(browser, role)
        token = csrf_of(
            browser, "/queue" if role != "registrar" else "/registry"
        )  # every page a signed-in user sees carries the token
    form = {"csrf": token, "key": offer, "action": "confirm", "reason": "test", "username": f"new{role}",
            "role": "analyst", "password": PASSWORD, "report": REPORT_ID, "mark": "possible",
            "lock": "login:account:nobody", "bank": "harmless", "channel": "圆梦之家"}  # fmt: skip
    response = browser.get(path) if method == "get" else browser.post(path, data=form)
    if role is None:
        assert response.status_code == 303 and response.headers["location"].startswith("/login")
    elif role in PAGES[page]:
        assert response.status_code in (200, 303), (page, role, response.status_code)
        if response.status_code == 303:
            assert not response.headers["location"].startswith("/login")
    else:
        assert response.status_code == 403, (page, role, response.status_code)


def actor_of(url: str, key: str) -> str:
    """The id (after `actor:`) of the actor a stored message belongs to."""
    with sa.create_engine(url).connect() as conn:
        found = conn.execute(
            sa.text("SELECT set_id FROM link_members WHERE message_key = :k AND set_id LIKE 'actor:%'"),
            {"k": key},
        ).scalar_one()
    return str(found).split(":", 1)[1]


def photo_offer_key(url: str) -> str:
    """The key of the Telegram offer whose author sent a photo after it (tests.photos)."""
    with sa.create_engine(url).connect() as conn:
        return str(
            conn.execute(
                sa.text("SELECT key FROM messages WHERE channel = '宝宝送养' AND text LIKE '%营养费%'")
            ).scalar_one()
        )


def stored_photo(url: str) -> str:
    with sa.create_engine(url).connect() as conn:
        return str(conn.execute(sa.text("SELECT sha256 FROM media")).scalar_one())


def test_photos_are_shown_blurred_served_clean_and_every_view_is_audited(site: tuple[str, str]) -> None:
    url, _ = site
    offer = photo_offer_key(url)
    photo = stored_photo(url)
    browser = client(url)
    browser.post("/login", data={"username": "reviewer", "password": PASSWORD})
    page = browser.get(f"/case/{offer}").text
    # the seller's photo sent a minute after the offer is in the context, behind the blur toggle
    shown = re.findall(
        r'<label class="photo"[^>]*><input type="checkbox" class="reveal"[^>]*><img src="([^"]+)"', page
    )
    assert shown == [f"/photo/{photo}"]
    served = browser.get(f"/photo/{photo}")
    assert served.status_code == 200 and served.headers["content-type"] == "image/jpeg"
    assert (
        served.headers["cache-control"] == "no-store"
        and served.headers["x-content-type-options"] == "nosniff"
    )
    assert b"SellerPhone" not in served.content and b"Exif" not in served.content
    assert browser.get("/photo/" + "0" * 64).status_code == 404
    assert browser.get("/photo/../../etc/passwd").status_code == 404
    with sa.create_engine(url).connect() as conn:
        views = conn.execute(
            sa.text("SELECT actor, detail FROM audit_log WHERE action = 'photo.view' AND target = :sha"),
            {"sha": photo},
        ).all()
    assert views and views[-1][0] == "reviewer" and offer not in views[-1][1]  # the photo's own message


def test_a_referral_of_the_ticked_cases_downloads_verifies_and_carries_the_photo(
    site: tuple[str, str], tmp_path: Path
) -> None:
    url, offer = site
    photo_offer = photo_offer_key(url)
    browser = client(url)
    browser.post("/login", data={"username": "reviewer", "password": PASSWORD})
    token = csrf_of(browser, "/queue")
    assert f'name="key" value="{offer}"' in browser.get("/queue").text  # a tick box per row
    nothing = browser.post("/referral", data={"csrf": token})
    assert nothing.status_code == 303 and nothing.headers["location"] == "/queue?error=no_cases"
    assert "请先勾选至少一个案件" in browser.get(nothing.headers["location"]).text
    response = browser.post("/referral", data={"csrf": token, "key": [offer, photo_offer]})
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    assert response.headers["content-disposition"].startswith('attachment; filename="huijia-referral-')
    bundle = tmp_path / "referral.zip"
    bundle.write_bytes(response.content)
    assert verify_bundle(bundle).intact
    with zipfile.ZipFile(bundle) as opened:
        referral = json.loads(opened.read("referral.json"))
        assert [c["message"]["key"] for c in referral["cases"]] == [offer, photo_offer]
        photos = referral["cases"][1]["photos"]
        assert [p["original_sha256"] for p in photos] == [stored_photo(url)]
        assert photos[0]["file"] in opened.namelist() and referral["cases"][0]["photos"] == []
    with sa.create_engine(url).connect() as conn:
        exported = conn.execute(
            sa.text("SELECT actor, target FROM audit_log WHERE action = 'referral.export' ORDER BY id DESC")
        ).first()
    assert exported is not None and exported[0] == "reviewer"
    assert exported[1] == response.headers["x-manifest-sha256"]


def test_the_queue_is_paged_and_the_links_keep_the_filters(
    site: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import huijia.web.routes.review as review_routes

    url, _ = site
    monkeypatch.setattr(review_routes, "QUEUE_LIMIT", 1)
    browser = client(url)
    browser.post("/login", data={"username": "reviewer", "password": PASSWORD})
    first = browser.get("/queue?decided=no").text
    assert 'rel="next" href="/queue?decided=no&amp;page=2"' in first and 'rel="prev"' not in first
    second = browser.get("/queue?decided=no&page=2").text
    assert 'rel="prev" href="/queue?decided=no&amp;page=1"' in second
    keys = [re.findall(r'href="/case/([0-9a-f]{32})"', page) for page in (first, second)]
    assert len(keys[0]) == len(keys[1]) == 1 and keys[0] != keys[1]
    from huijia.store.queries import QueueFilter, queue

    in_order = [r["key"] for r in queue(connect(url), QueueFilter(decided=False), limit=2)]
    assert keys[0] + keys[1] == in_order  # no post falls between two pages


def decisions_with_reason(url: str, reason: str) -> int:
    with sa.create_engine(url).connect() as conn:
        query = sa.text("SELECT count(*) FROM decisions WHERE reason = :r")
        return int(conn.execute(query, {"r": reason}).scalar_one())


def test_a_bad_form_gets_a_page_that_names_the_field_and_never_echoes_it(site: tuple[str, str]) -> None:
    url, offer = site
    browser = client(url)
    missing = browser.post("/login", data={"username": "reviewer"})
    assert missing.status_code == 400 and "<code>password</code>" in missing.text
    browser.post("/login", data={"username": "reviewer", "password": PASSWORD})
    token = csrf_of(browser, "/queue")
    note = "这是很长的审核理由" * 600  # 5,400 characters: over the 4,000 limit
    too_long = browser.post(f"/case/{offer}/decide", data={"action": "refer", "reason": note, "csrf": token})
    assert too_long.status_code == 400 and "<code>reason</code>" in too_long.text
    assert "这是很长的审核理由" not in too_long.text
    assert decisions_with_reason(url, note) == 0


def test_a_locked_database_gets_a_clear_page_and_nothing_half_written(site: tuple[str, str]) -> None:
    url, offer = site
    browser = client(url)
    browser.post("/login", data={"username": "reviewer", "password": PASSWORD})
    token = csrf_of(browser, "/queue")
    locker = sa.create_engine(url, connect_args={"timeout": 0.1})
    with locker.connect() as conn:
        conn.exec_driver_sql("BEGIN EXCLUSIVE")  # another process holds the write lock
        refused = browser.post(
            f"/case/{offer}/decide", data={"action": "escalate", "reason": "locked test", "csrf": token}
        )
        conn.exec_driver_sql("ROLLBACK")
    assert refused.status_code == 503 and "未保存任何内容" in refused.text
    assert decisions_with_reason(url, "locked test") == 0


def test_decisions_need_the_csrf_token_and_a_reason(site: tuple[str, str]) -> None:
    url, offer = site
    browser = client(url)
    browser.post("/login", data={"username": "reviewer", "password": PASSWORD})
    token = csrf_of(browser, f"/case/{offer}")
    refused = browser.post(f"/case/{offer}/decide", data={"action": "refer", "reason": "clear offer"})
    assert refused.status_code == 403
    no_reason = browser.post(f"/case/{offer}/decide", data={"action": "refer", "reason": " ", "csrf": token})
    assert no_reason.status_code == 303 and "error=reason_needed" in no_reason.headers["location"]
    # an unknown action or label says so (it was "a reason is required"); a case that is not there is 404
    for bad, said in (({"action": "approve"}, "action_unknown"), ({"label": "bogus"}, "label_unknown")):
        sent = browser.post(
            f"/case/{offer}/decide", data={"action": "refer", "reason": "clear offer", "csrf": token, **bad}
        )
        assert sent.status_code == 303 and sent.headers["location"].endswith(f"error={said}")
        browser.cookies.set("lang", "en")
        assert "No such" in browser.get(sent.headers["location"]).text
        browser.cookies.delete("lang")
    nowhere = browser.post(
        "/case/nothing-here/decide", data={"action": "refer", "reason": "x", "csrf": token}
    )
    assert nowhere.status_code == 404
    done = browser.post(
        f"/case/{offer}/decide", data={"action": "refer", "reason": "clear offer", "csrf": token}
    )
    assert done.status_code == 303
    page = browser.get(f"/case/{offer}").text
    assert "refer → sale_offer: clear offer" in page
    assert f'name="reason" rows="3" cols="60" maxlength="{MAX_REASON}"' in page  # kept to what is taken
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        actions = [r[0] for r in conn.execute(sa.text("SELECT action FROM audit_log ORDER BY id"))]
        targets = [
            r[0] for r in conn.execute(sa.text("SELECT target FROM audit_log WHERE action = 'case.view'"))
        ]
    assert "decision.refer" in actions and "login.ok" in actions and offer in targets


def test_case_page_marks_the_evidence_and_shows_the_playbook_in_the_chosen_language(
    site: tuple[str, str],
) -> None:
    url, offer = site
    browser = client(url)
    browser.post("/login", data={"username": "reviewer", "password": PASSWORD})
    page = browser.get(f"/case/{offer}").text
    assert '<mark class="child" title="child">男宝</mark>' in page
    assert '<mark class="price" title="price">3万</mark>' in page
    assert "合法送养途径" in page  # the birth-parent playbook, in Chinese first
    browser.get("/lang/en")
    english = browser.get(f"/case/{offer}").text
    assert "lawful route" in english and "Decisions" in english


def test_login_is_throttled_and_next_never_leaves_the_site(site: tuple[str, str]) -> None:
    url, _ = site
    add_account(connect(url), "throttled", "reviewer")
    browser = client(url)
    for _ in range(5):
        wrong = browser.post("/login", data={"username": "throttled", "password": "wrong wrong wrong"})
        assert wrong.status_code == 401
    locked = browser.post("/login", data={"username": "throttled", "password": PASSWORD})
    assert locked.status_code == 429 and "15 分钟后再试" in locked.text  # how long the lock lasts
    other = client(url)
    outside = other.post(
        "/login", data={"username": "reviewer", "password": PASSWORD, "next": "//evil.example"}
    )
    assert outside.headers["location"] == "/"  # home: the queue, or the registry for registrars


def test_sessions_expire(site: tuple[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    url, _ = site
    browser = client(url)
    browser.post("/login", data={"username": "reviewer", "password": PASSWORD})
    assert browser.get("/queue").status_code == 200
    import huijia.web.security as security

    monkeypatch.setattr(security, "SESSION_SECONDS", -1)
    assert browser.get("/queue").status_code == 303


def test_dashboard_counts_the_flagged_posts(site: tuple[str, str]) -> None:
    url, _ = site
    browser = client(url)
    browser.post("/login", data={"username": "analyst", "password": PASSWORD})
    page = browser.get("/dashboard")
    assert page.status_code == 200
    flagged = int(re.search(r'<strong id="flagged">(\d+)</strong>', page.text).group(1))  # type: ignore[union-attr]
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        expected = conn.execute(
            sa.text(
                "SELECT count(*) FROM findings WHERE label IN ('sale_offer', 'purchase_request', 'broker')"
            )
        ).scalar_one()
    assert flagged == expected and flagged >= 2
    sex = page.text.split('id="chart-sex_offered"')[1].split("</section>")[0]
    assert ">male<" in sex and 'class="count">1<' in sex  # one boy offered
    prices = page.text.split('id="chart-prices"')[1].split("</section>")[0]
    assert "3–5万" in prices  # the 30,000-yuan offer


def test_price_buckets() -> None:
    from huijia.store.stats import price_bucket

    assert [price_bucket(v) for v in (5000, 30000, 88000, 150000, 420000)] == [
        "0–1万",
        "3–5万",
        "8–10万",
        "15–20万",
        "≥20万",
    ]


def analyst_uploading(url: str, upload_dir: Path, **settings: Any) -> tuple[TestClient, str]:
    """A signed-in analyst on a site that keeps uploads in `upload_dir`, and the session's CSRF token."""
    app = create_app(web_settings(url, "test-secret", upload_dir=upload_dir, **settings))
    browser = TestClient(app, follow_redirects=False)
    browser.post("/login", data={"username": "analyst", "password": PASSWORD})
    return browser, csrf_of(browser, "/upload")


def upload_page_when_done(browser: TestClient, seconds: float = 20) -> str:
    """The upload page once no scan is running any more (or after `seconds`)."""
    deadline = time.time() + seconds
    while time.time() < deadline and 'data-status="running"' in browser.get("/upload").text:
        time.sleep(0.1)
    return browser.get("/upload").text


def test_an_analyst_uploads_an_export_and_it_is_scanned_in_the_background(
    site: tuple[str, str], tmp_path: Path
) -> None:
    url, _ = site
    browser, token = analyst_uploading(url, tmp_path / "uploads")
    export = chat(
        tmp_path / "../evil name.jsonl", [("2024-07-01T08:00:00+08:00", "新人", "出售男婴，两个月，价格3万")]
    )
    with export.open("rb") as fh:
        refused = browser.post("/upload", files={"export": ("x.jsonl", fh)}, data={})
    assert refused.status_code == 403
    with export.open("rb") as fh:
        done = browser.post("/upload", files={"export": ("../evil name.jsonl", fh)}, data={"csrf": token})
    assert done.status_code == 303
    page = upload_page_when_done(browser)
    assert 'data-status="done"' in page and "1 new · flagged 1" in page
    (stored,) = (tmp_path / "uploads").iterdir()
    assert stored.name.endswith("-evil_name.jsonl") and stored.read_bytes() == export.read_bytes()
    with sa.create_engine(url).connect() as conn:  # the audit names the file by its hash, never its name
        (target,) = conn.execute(
            sa.select(audit_log.c.target).where(audit_log.c.action == "upload")
        ).scalars()
    assert target == hashlib.sha256(export.read_bytes()).hexdigest()
    reviewer = client(url)
    reviewer.post("/login", data={"username": "reviewer", "password": PASSWORD})
    assert reviewer.get("/upload").status_code == 403


def test_a_garbage_upload_and_a_duplicate_upload_are_reported_on_the_upload_page(
    site: tuple[str, str], tmp_path: Path
) -> None:
    url, _ = site
    browser, token = analyst_uploading(url, tmp_path / "uploads")
    export = chat(tmp_path / "again.jsonl", [("2024-08-01T08:00:00+08:00", "某人", "今天天气不错")])

    def upload(name: str, data: bytes) -> str:
        sent = browser.post("/upload", files={"export": (name, data)}, data={"csrf": token})
        assert sent.status_code == 303
        return upload_page_when_done(browser)

    garbage = upload("export.txt", bytes(range(256)) * 64)
    assert 'data-status="failed"' in garbage and "Traceback" not in garbage
    assert "export.txt:" in garbage and str(tmp_path) not in garbage  # the problem, under the upload's name
    upload("again.jsonl", export.read_bytes())
    twice = upload("again-copy.jsonl", export.read_bytes())
    assert "这个文件已经导入过" in twice


def test_a_zipped_telegram_export_folder_is_unpacked_and_read_and_a_climbing_member_refused(
    site: tuple[str, str], tmp_path: Path
) -> None:
    """A folder can only be uploaded zipped: its export is read (a WhatsApp zip stays as it is); a member
    named to climb out of the folder is refused with a note and written nowhere."""
    url, _ = site
    browser, token = analyst_uploading(url, tmp_path / "uploads")
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("ChatExport_2024-05-01/result.json", (DATA / "telegram/result.json").read_bytes())
        archive.writestr("../../escaped.txt", "out of the folder")
    sent = browser.post(
        "/upload", files={"export": ("telegram.zip", packed.getvalue())}, data={"csrf": token}
    )
    assert sent.status_code == 303
    page = upload_page_when_done(browser)
    assert 'data-status="done"' in page and "6 read" in page, page
    assert "zip member refused (a path that climbs out of the export (..))" in page
    assert not list(tmp_path.rglob("escaped.txt"))


def test_an_upload_reads_naive_times_in_the_installations_zone(site: tuple[str, str], tmp_path: Path) -> None:
    """HUIJIA_TZ reaches the desk's uploads as it reaches `huijia scan` (the desk read Asia/Shanghai)."""
    url, _ = site
    browser, token = analyst_uploading(url, tmp_path / "uploads", tz="Europe/Berlin")
    line = {
        "chat": "Berlin group",
        "author": "anna",
        "sent_at": "2024-07-01 08:00:00",
        "text": "guten Morgen",
    }
    upload = {"export": ("berlin.jsonl", json.dumps(line).encode() + b"\n")}
    assert browser.post("/upload", files=upload, data={"csrf": token}).status_code == 303
    assert 'data-status="done"' in upload_page_when_done(browser)
    with sa.create_engine(url).connect() as conn:
        stored = conn.execute(
            sa.text("SELECT sent_at FROM messages WHERE text = 'guten Morgen'")
        ).scalar_one()
    assert stored == "2024-07-01T08:00:00+02:00"


def test_an_upload_over_the_limit_is_refused_and_not_kept(site: tuple[str, str], tmp_path: Path) -> None:
    url, _ = site
    app = create_app(web_settings(url, "s", upload_dir=tmp_path / "uploads", max_upload_bytes=10))
    browser = TestClient(app, follow_redirects=False)
    login(browser, "admin")
    token = csrf_of(browser, "/upload")
    response = browser.post("/upload", files={"export": ("big.jsonl", b"x" * 100)}, data={"csrf": token})
    assert response.headers["location"] == "/upload?error=too_large"
    assert list((tmp_path / "uploads").iterdir()) == []
    assert "文件过大 (≤ 10 bytes)" in browser.get("/upload?error=too_large").text  # the limit is said


def test_htmx_is_served_from_the_package_with_the_recorded_hash(site: tuple[str, str]) -> None:
    import hashlib

    from huijia.web.app import STATIC

    url, _ = site
    served = client(url).get("/static/htmx-2.0.11.min.js")
    assert served.status_code == 200
    digest = hashlib.sha256(served.content).hexdigest()
    assert digest in (STATIC / "VENDORED.md").read_text(encoding="utf-8")
    page = client(url).get("/login").text
    assert '<script src="/static/htmx-2.0.11.min.js"' in page and "https://" not in page


def test_queue_filters_by_province_date_range_and_price(site: tuple[str, str]) -> None:
    url, _ = site
    browser = client(url)
    browser.post("/login", data={"username": "reviewer", "password": PASSWORD})

    def shown(query: str) -> list[str]:
        page = browser.get(f"/queue?{query}").text
        return re.findall(r"<td>(sale_offer|purchase_request|broker|missing_notice)</td>", page)

    may_first = shown("since=2024-05-01&until=2024-05-01")  # other tests here add posts of other days
    assert "sale_offer" in may_first and "purchase_request" in may_first
    assert shown("province=湖南省") == ["sale_offer"]  # only the offer names 湖南
    assert shown("since=2024-05-02&until=2024-05-31") == []
    assert shown("since=2024-05-01&until=2024-05-01&price=yes") == ["sale_offer"]
    assert "湖南省" in browser.get("/queue").text  # offered as a choice
    # a filter that is not valid is said, by name, not dropped while the form shows it as applied
    bad = (("since=2099/01/01", "since"), ("since=2099-13-45", "since"), ("label=bogus", "label"),
           ("price=maybe", "price"), ("linked=actor:xyz", "linked"))  # fmt: skip
    for query, field in bad:
        refused = browser.get(f"/queue?{query}")
        assert refused.status_code == 400 and f"<code>{field}</code>" in refused.text, query
        assert "未保存任何内容" not in refused.text  # a GET saves nothing: the form's message is not its
