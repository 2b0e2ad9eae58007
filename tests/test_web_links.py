"""The desk's link pages: groups by risk, a group's reasons, an actor with every link's reason, a template
cluster with its slots, the network, the queue's "same actor" filter, and one decision for a whole cluster."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest
import sqlalchemy as sa

from huijia.store import connect
from huijia.store.schema import audit_log, decisions, link_sets

from .conftest import add_account, client, csrf_of, login, scan

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "link"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('links') / 'h.db'}"
    scan(url, EXAMPLES)
    engine = connect(url)
    for role in ("reviewer", "analyst"):
        add_account(engine, role, role)
    return url


def set_id(url: str, kind: str) -> str:
    with connect(url).connect() as conn:
        found = conn.execute(sa.select(link_sets.c.id).where(link_sets.c.kind == kind)).scalars().all()
    assert found
    return str(found[0]).split(":", 1)[1]


def test_groups_are_ranked_and_a_group_shows_its_reasons(site: str) -> None:
    browser = client(site)
    login(browser, "analyst")
    listed = browser.get("/groups")
    assert listed.status_code == 200
    names = re.findall(r'/group\?channel=([^"]+)"', listed.text)
    assert urllib.parse.unquote(names[0]) == "湖南宝贝之家二群"  # the riskiest first
    group = browser.get("/group", params={"channel": "湖南宝贝之家二群"})
    assert group.status_code == 200
    for code in ("flagged_posts", "paid_entry", "cross_channel_actor", "template_cluster"):
        assert f'id="reason-{code}"' in group.text
    assert "详聊" not in group.text  # an analyst's page names messages, never their text
    assert browser.get("/actor/" + set_id(site, "actor")).status_code == 403


def test_an_actor_page_shows_every_name_contact_and_reason(site: str) -> None:
    browser = client(site)
    login(browser, "reviewer")
    page = browser.get("/actor/" + set_id(site, "actor"))
    assert page.status_code == 200
    for handle in ("qq:48002", "qq:48005", "qq:58006"):
        assert handle in page.text
    assert "wechat hnbb_8866" in page.text and "phone 139****8866 = +8613912348866" in page.text
    with connect(site).connect() as conn:
        viewed = conn.execute(sa.select(audit_log.c.action).where(audit_log.c.action == "actor.view")).all()
    assert viewed
    case = re.search(r'href="/case/([0-9a-f]{32})"', page.text)
    assert case is not None
    shown = browser.get(f"/case/{case.group(1)}")
    assert 'id="case-links"' in shown.text and "/actor/" in shown.text


def test_a_cluster_page_marks_the_slots_and_the_queue_filters_by_it(site: str) -> None:
    browser = client(site)
    login(browser, "reviewer")
    cluster = set_id(site, "cluster")
    page = browser.get(f"/cluster/{cluster}")
    assert page.status_code == 200
    assert '<mark class="slot" title=' in page.text and "3.5" in page.text
    queue = browser.get("/queue", params={"linked": f"cluster:{cluster}"})
    assert queue.status_code == 200
    assert len(re.findall(r'href="/case/[0-9a-f]{32}"', queue.text)) == 2
    network = browser.get("/network", params={"node": f"cluster:{cluster}"})
    assert network.status_code == 200 and network.text.count("<circle") >= 3


def test_one_decision_for_a_whole_cluster_is_kept_per_post(site: str) -> None:
    browser = client(site)
    login(browser, "reviewer")
    cluster = set_id(site, "cluster")
    token = csrf_of(browser, f"/cluster/{cluster}")
    sent = browser.post(
        f"/links/cluster/{cluster}/decide",
        data={"csrf": token, "action": "confirm", "reason": "同一模板，同一微信"},
    )
    assert sent.status_code == 303
    with connect(site).connect() as conn:
        kept = conn.execute(sa.select(decisions.c.message_key, decisions.c.reason)).all()
        batch = conn.execute(
            sa.select(audit_log.c.detail).where(audit_log.c.action == "cluster.decide")
        ).scalar_one()
    assert len(kept) == 2 and {reason for _, reason in kept} == {"同一模板，同一微信"}
    assert '"posts":2' in batch
    refused = browser.post(
        f"/links/cluster/{cluster}/decide", data={"csrf": token, "action": "confirm", "reason": ""}
    )
    assert refused.status_code == 303 and "reason_needed" in refused.headers["location"]


def test_the_group_page_exports_a_takedown_notice_that_verifies(site: str, tmp_path: Path) -> None:
    from huijia.report.verify import verify_any

    browser = client(site)
    login(browser, "reviewer")
    token = csrf_of(browser, "/groups")
    sent = browser.post("/group/takedown", data={"csrf": token, "channel": "湖南宝贝之家二群"})
    assert sent.status_code == 200 and sent.headers["content-type"] == "application/zip"
    notice = tmp_path / "notice.zip"
    notice.write_bytes(sent.content)
    checked = verify_any(notice, originals=[EXAMPLES / "湖南宝贝之家二群.txt"])
    assert checked.intact and checked.signer == sent.headers["x-signer-fingerprint"], checked.problems
    assert checked.kind == "takedown notice" and checked.records_checked == 4
    with connect(site).connect() as conn:
        logged = conn.execute(
            sa.select(audit_log.c.target).where(audit_log.c.action == "takedown.export")
        ).scalar_one()
    assert logged == sent.headers["x-manifest-sha256"]


def test_the_bank_form_returns_only_to_our_own_pages(site: str) -> None:
    with connect(site).connect() as conn:
        photo = conn.execute(sa.text("SELECT sha256 FROM media LIMIT 1")).scalar_one()
    browser = client(site)
    login(browser, "reviewer")
    token = csrf_of(browser, "/photos")
    for back in ("//evil.example", "/\\evil.example", "https://evil.example", "/photos/../../x"):
        sent = browser.post(
            f"/photo/{photo}/bank", data={"csrf": token, "bank": "harmless", "reason": "x", "back": back}
        )
        assert sent.status_code == 303 and sent.headers["location"] == "/photos", back
