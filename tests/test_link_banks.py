"""Photo reuse in the store and the photo banks: the broker's photo re-posted mirrored by another sender
is found after a scan; banked as harmless it links no one; banked as a case photo it is matched against
every stored photo; each change is audited and can be taken back."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from huijia.engines.relink import rebuild_links
from huijia.store import connect
from huijia.store.banks import BankError, bank_entries, bank_photo, unbank
from huijia.store.schema import audit_log, link_groups, link_sets, media

from .conftest import add_account, client, csrf_of, login, scan

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "link"


def records(url: str, kind: str) -> list[dict[str, object]]:
    with connect(url).connect() as conn:
        return [row[0] for row in conn.execute(sa.select(link_sets.c.body).where(link_sets.c.kind == kind))]


def photo_hashes(url: str) -> list[str]:
    with connect(url).connect() as conn:
        return list(conn.execute(sa.select(media.c.sha256).order_by(media.c.sha256)).scalars())


def relink(url: str) -> None:
    """What the desk does after each bank change: the links rebuilt."""
    with connect(url).begin() as conn:
        rebuild_links(conn, "reviewer")


@pytest.fixture
def store(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    scan(url, EXAMPLES)
    return url


def test_a_reposted_mirrored_photo_is_found_in_the_store(store: str) -> None:
    reused = records(store, "photo_reuse")
    assert len(reused) == 1
    assert set(reused[0]["authors"]) == {"phone:+8613912348866", "phone:+8613755550101"}  # type: ignore[arg-type]
    assert reused[0]["distance"] <= 31  # type: ignore[operator]
    with connect(store).connect() as conn:
        reasons = conn.execute(
            sa.select(link_groups.c.body).where(link_groups.c.channel == "宝宝互助")
        ).scalar_one()
    assert "photo_reuse" in {r["code"] for r in reasons["reasons"]}


def test_a_harmless_photo_links_no_one_until_taken_out_of_the_bank(store: str) -> None:
    engine = connect(store)
    first = photo_hashes(store)[0]
    entry = bank_photo(engine, "reviewer", first, "harmless", "a stock photo of a cat")
    relink(store)
    assert records(store, "photo_reuse") == []
    unbank(engine, "reviewer", entry, "it is the broker's after all")
    relink(store)
    assert len(records(store, "photo_reuse")) == 1
    assert bank_entries(engine) == []
    with engine.connect() as conn:
        actions = list(
            conn.execute(sa.select(audit_log.c.action).where(audit_log.c.action.like("photo.%"))).scalars()
        )
    assert actions == ["photo.bank", "photo.unbank"]


def test_a_case_photo_is_matched_against_every_stored_photo(store: str) -> None:
    engine = connect(store)
    bank_photo(engine, "reviewer", photo_hashes(store)[0], "case", "confirmed in case 2025-17")
    relink(store)
    matched = records(store, "bank_match")
    assert len(matched) == 1 and len(matched[0]["messages"]) == 2  # type: ignore[arg-type]
    with pytest.raises(BankError):
        bank_photo(engine, "reviewer", photo_hashes(store)[0], "case", "  ")
    with pytest.raises(BankError):
        bank_photo(engine, "reviewer", "0" * 64, "case", "no such photo")


def test_the_desk_banks_a_photo_and_shows_the_photo_pages(store: str) -> None:
    add_account(connect(store), "reviewer", "reviewer")
    browser = client(store)
    login(browser, "reviewer")
    page = browser.get("/photos")
    assert page.status_code == 200 and 'class="photo-group"' in page.text
    assert 'class="reveal"' in page.text  # children's photos blurred until clicked
    token = csrf_of(browser, "/photos")
    sent = browser.post(
        f"/photo/{photo_hashes(store)[0]}/bank",
        data={"csrf": token, "bank": "case", "reason": "案件照片", "back": "/photos"},
    )
    assert sent.status_code == 303 and sent.headers["location"] == "/photos"
    assert len(records(store, "bank_match")) == 1
    shown = browser.get("/photos")
    assert 'id="bank-entries"' in shown.text and "案件照片" in shown.text
    # what was wrong with a refused change is said on the page (every refusal read "a reason is required",
    # and the photos page showed none of them); a photo that is not stored is not found
    for form, said in (
        ({"bank": "museum", "reason": "x"}, "无此图库"),
        ({"bank": "case", "reason": " "}, "请填写理由"),
    ):
        refused = browser.post(f"/photo/{photo_hashes(store)[0]}/bank", data={"csrf": token, **form})
        assert refused.status_code == 303 and said in browser.get(refused.headers["location"]).text
    missing = browser.post(f"/photo/{'0' * 64}/bank", data={"csrf": token, "bank": "case", "reason": "x"})
    assert missing.status_code == 404
