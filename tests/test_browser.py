"""The review UI in a real browser: Debian's chromium driven by Playwright (no browser download). A
reviewer signs in, opens the riskiest case from the queue, sees the evidence marked, decides with a
reason, switches the language, exports a referral and is refused the admin pages; photos stay blurred
until clicked."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from huijia.report.referral import verify_bundle
from huijia.store import connect
from huijia.store.users import add_user
from huijia.web import WebSettings, create_app

from .conftest import ROWS, chat, scan
from .photos import offer_with_photos

PASSWORD = "correct horse battery"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make test installs it)")

# Every Content-Security-Policy violation is recorded by the page itself and fails the test: the pages
# must work under the policy, with no inline script or style (huijia.web.headers).
CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
});
"""


def watched_page(browser: Any) -> Any:
    """A new page that records CSP violations (see `assert_no_csp_violations`)."""
    page = browser.new_page()
    page.add_init_script(CSP_WATCH)
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text) if "Content Security Policy" in m.text else None)
    page.csp_console = messages
    return page


def assert_no_csp_violations(page: Any) -> None:
    assert page.evaluate("window.__cspViolations") == []
    assert page.csp_console == []


@contextmanager
def running_desk(url: str, folder: Path) -> Iterator[str]:
    """The desk over `url`, served by uvicorn on a free local port, for as long as the block runs."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(
        WebSettings(
            url,
            "browser-secret",
            secure_cookies=False,
            upload_dir=folder / "up",
            signing_key=folder / "signing.key",  # module-scoped: the per-test evidence folder is not set yet
            checkpoints=folder / "checkpoints",
        )
    )
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.time() + 10
    while not running.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{folder / 'h.db'}"
    scan(url, chat(folder / "group.jsonl", ROWS), offer_with_photos(folder / "telegram"))
    add_user(connect(url), "reviewer", "reviewer", PASSWORD, by="test")
    with running_desk(url, folder) as address:
        yield address


def test_a_reviewer_triages_a_case_in_the_browser(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = watched_page(browser)
        page.goto(f"{server}/queue")
        expect(page).to_have_url(f"{server}/login?next=/queue")
        page.fill("#username", "reviewer")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        expect(page.locator("#queue-rows tbody")).to_contain_text("sale_offer")  # offers and requests
        page.select_option("select[name=label]", "purchase_request")  # htmx swaps the rows in place
        expect(page.locator("#queue-rows tbody tr").first).to_contain_text("purchase_request")
        expect(page.locator("#queue-rows")).not_to_contain_text("sale_offer")
        expect(page).to_have_url(
            f"{server}/queue?label=purchase_request&chat=&decided=&price=&province=&since=&until="
        )
        page.select_option("select[name=label]", "")
        page.locator("table tbody tr", has_text="男宝").first.locator(
            "a[href^='/case/']"
        ).click()  # the Hunan offer
        expect(page.locator("#post mark.child")).to_have_text("男宝")
        expect(page.locator("#post mark.price")).to_have_text(["营养费", "3万"])
        page.select_option("#action", "refer")
        page.fill("#reason", "价格明确，私聊联系")
        page.click("form[action$='/decide'] button[type=submit]")
        expect(page.locator("body")).to_contain_text("refer → sale_offer: 价格明确，私聊联系")
        assert_no_csp_violations(page)
        page.click("text=English")
        expect(page.locator("h2", has_text="Decisions")).to_be_visible()
        assert_no_csp_violations(page)
        page.screenshot(path=str(tmp_path / "case.png"), full_page=True)
        with page.expect_download() as download:
            page.click("#export-referral")
        bundle = tmp_path / "referral.zip"
        download.value.save_as(bundle)
        refused = page.goto(f"{server}/admin/users")  # a reviewer is refused the admin pages
        assert refused is not None and refused.status == 403
        expect(page.locator("h1")).to_have_text("You may not open this page")
        assert_no_csp_violations(page)
        browser.close()
    assert (tmp_path / "case.png").stat().st_size > 10_000
    verified = verify_bundle(bundle)
    assert verified.intact and verified.cases == 1


def test_photos_stay_blurred_until_the_reviewer_clicks_them(server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = watched_page(browser)
        page.goto(f"{server}/login")
        page.fill("#username", "reviewer")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.select_option("select[name=chat]", "宝宝送养")
        expect(page.locator("#queue-rows tbody tr")).to_have_count(1)
        page.locator("#queue-rows tbody tr a[href^='/case/']").click()
        photo = page.locator("label.photo img")
        expect(photo).to_have_count(1)
        assert photo.evaluate("img => img.complete && img.naturalWidth") == 64
        filter_of = "img => getComputedStyle(img).filter"
        assert "blur" in photo.evaluate(filter_of) and "grayscale" in photo.evaluate(filter_of)
        page.locator("label.photo").click()
        expect(photo).to_have_css("filter", "none")
        page.locator("label.photo").click()  # a second click blurs it again
        assert "blur" in photo.evaluate(filter_of)
        assert_no_csp_violations(page)
        browser.close()
