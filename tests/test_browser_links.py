"""The link pages in a real browser (Debian's chromium through Playwright): a reviewer goes from the groups
ranked by risk to the riskiest group, its actor, the template with its slots, the network picture and the
reused photos (blurred until clicked), with no Content-Security-Policy violation on the way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from huijia.store import connect
from huijia.store.users import add_user

from .conftest import scan
from .test_browser import CHROMIUM, PASSWORD, assert_no_csp_violations, running_desk, watched_page

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make test installs it)")
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "link"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser-links")
    url = f"sqlite:///{folder / 'h.db'}"
    scan(url, EXAMPLES)
    add_user(connect(url), "reviewer", "reviewer", PASSWORD, by="test")
    with running_desk(url, folder) as address:
        yield address


def test_a_reviewer_follows_the_links_from_a_group_to_its_broker(server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = watched_page(browser)
        page.goto(f"{server}/login")
        page.fill("#username", "reviewer")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.click("header a[href='/groups']")
        first = page.locator("#groups tbody tr").first
        expect(first).to_contain_text("湖南宝贝之家二群")
        first.locator("a").click()
        expect(page.locator("#recommendation")).to_be_visible()
        expect(page.locator("#reason-paid_entry")).to_be_visible()
        expect(page.locator("#export-takedown")).to_be_visible()
        page.locator("#reason-cross_channel_actor a").first.click()  # the broker's post
        page.locator("#case-links a[href^='/actor/']").click()
        expect(page.locator("#authors")).to_contain_text("qq:58006")
        expect(page.locator("#links")).to_contain_text("phone 139****8866 = +8613912348866")
        page.click("text=/^(关系网|Network)$/")
        expect(page.locator("#network circle").first).to_be_visible()
        assert page.locator("#network circle").count() >= 5
        page.go_back()
        page.locator("#timeline tr", has_text="营养费3.5万").locator("a[href^='/case/']").click()
        page.locator("#case-links a[href^='/cluster/']").click()
        expect(page.locator("#template mark.slot").first).to_be_visible()
        expect(page.locator("#slots")).to_contain_text("3.5")
        page.click("header a[href='/photos']")
        photo = page.locator("label.photo img").first
        expect(photo).to_be_visible()
        assert "blur" in photo.evaluate("img => getComputedStyle(img).filter")
        assert_no_csp_violations(page)
        browser.close()
