"""The registry in the web UI: a registrar files a report with photos, verifies it; the public sighting
form (no account, GPS only with consent, rate-limited, lands in moderation); the candidate page with
reasons and marks; registry photos only for registrars and admins, every view audited."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import skimage.data as skimage_data
import sqlalchemy as sa
from fastapi.testclient import TestClient
from PIL import Image

from huijia.store import connect
from huijia.web.routes.public import PUBLIC_PER_ADDRESS_PER_HOUR

from .conftest import add_account, client, csrf_of, login
from .photos import HENGYANG, jpeg

ASTRONAUT = Image.fromarray(skimage_data.astronaut())


def jpeg_of(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92)
    return out.getvalue()


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    engine = connect(url)
    for role in ("registrar", "reviewer", "admin"):
        add_account(engine, role, role)
    return url


def signed_in(url: str, role: str) -> TestClient:
    browser = client(url)
    login(browser, role)
    return browser


def file_report(browser: TestClient) -> str:
    token = csrf_of(browser, "/registry/report/new")
    form = {
        "csrf": token,
        "name": "小红",
        "sex": "female",
        "born": "1990-01-01",
        "lost_at": "2000-06-01T10:00",
        "lost_place": "郑州火车站",
        "lost_lat": "34.75",
        "lost_lon": "113.63",
        "marks": "左耳后有痣",
        "family_contact": "母亲 13900000000",
        "child_age": "10",
        "family_relation": "mother",
    }
    files = [
        ("child_photos", ("astronaut.jpg", jpeg_of(ASTRONAUT), "image/jpeg")),
        ("family_photos", ("mum.jpg", jpeg(), "image/jpeg")),
    ]
    filed = browser.post("/registry/report/new", data=form, files=files)
    assert filed.status_code == 303, filed.text
    return filed.headers["location"].rsplit("/", 1)[-1]


def test_a_registrar_files_and_verifies_a_report_with_photos(url: str) -> None:
    browser = signed_in(url, "registrar")
    assert browser.get("/").headers["location"] == "/registry"  # a registrar's home is the registry
    report = file_report(browser)
    page = browser.get(f"/registry/report/{report}").text
    assert "小红" in page and "母亲 13900000000" in page and "左耳后有痣" in page
    photos = re.findall(
        r'<input type="checkbox" class="reveal"[^>]*><img src="(/registry-photo/[0-9a-f]{64})"', page
    )
    assert len(photos) == 2  # blurred behind the toggle, like the case page
    assert "人脸已纳入比对" in page and "母亲" in page  # the child's face is searched
    served = browser.get(photos[0])
    assert served.status_code == 200 and served.headers["cache-control"] == "no-store"

    token = csrf_of(browser, f"/registry/report/{report}")
    refused = browser.post(
        f"/registry/report/{report}/status", data={"csrf": token, "status": "found", "reason": "找到了"}
    )
    assert refused.status_code == 400 and "cannot become" in refused.text
    verified = browser.post(
        f"/registry/report/{report}/status",
        data={"csrf": token, "status": "verified", "reason": "已与派出所核实"},
    )
    assert verified.status_code == 303
    page = browser.get(f"/registry/report/{report}").text
    assert "draft → verified: 已与派出所核实" in page

    older = ASTRONAUT.resize((300, 300))  # another photo, at another age
    older_file = ("older.jpg", jpeg_of(older), "image/jpeg")
    added = browser.post(
        f"/registry/report/{report}/photos",
        data={"csrf": token, "child_age": "16"},
        files=[("child_photos", older_file)],
    )
    assert added.status_code == 303
    assert browser.get(f"/registry/report/{report}").text.count("/registry-photo/") == 3
    broken = browser.post(
        f"/registry/report/{report}/photos",
        data={"csrf": token},
        files=[("child_photos", ("x.jpg", b"GIF89a broken", "image/jpeg"))],
    )
    assert broken.status_code == 400 and "photos:" in broken.text
    assert browser.get(f"/registry/report/{report}").text.count("/registry-photo/") == 3

    bad = browser.post(
        "/registry/report/new", data={"csrf": token, "lost_at": "2000-06-01T10:00", "sex": "boy"}
    )
    assert bad.status_code == 400 and "sex: one of female, male" in bad.text

    reviewer = signed_in(url, "reviewer")
    assert reviewer.get(photos[0]).status_code == 403  # children's photos: registrars and admins only
    assert reviewer.get("/photo/" + photos[0].rsplit("/", 1)[-1]).status_code == 404  # not a post photo
    assert reviewer.get(f"/registry/report/{report}").status_code == 403
    with sa.create_engine(url).connect() as conn:
        actions = conn.execute(sa.text("SELECT action, actor FROM audit_log")).all()
    assert ("registry.photo.view", "registrar") in actions and (
        "registry.view.report",
        "registrar",
    ) in actions
    with sa.create_engine(url).connect() as conn:
        details = " ".join(conn.execute(sa.text("SELECT detail FROM audit_log")).scalars())
    assert "13900000000" not in details and "小红" not in details


def test_public_sightings_need_no_account_land_in_moderation_and_find_the_report(url: str) -> None:
    registrar = signed_in(url, "registrar")
    report = file_report(registrar)
    public = client(url)
    form_page = public.get("/sighting")
    assert form_page.status_code == 200 and "110" in form_page.text
    token = re.search(r'name="csrf" value="([^"]+)"', form_page.text)
    assert token is not None
    seen = ASTRONAUT.transpose(Image.Transpose.FLIP_LEFT_RIGHT).resize((400, 400))
    photo = jpeg(seen, gps=HENGYANG)
    sent = public.post(
        "/sighting",
        data={
            "csrf": token.group(1),
            "seen_at": "2026-11-20T18:05",
            "sex": "female",
            "age_estimate": "36",
            "source": "street",
            "note": "在火车站乞讨",
            "gps_consent": "yes",
            "submitter_contact": "微信 helper1",
        },
        files=[("child_photos", ("seen.jpg", photo, "image/jpeg"))],
    )
    assert sent.status_code == 200 and "谢谢" in sent.text
    assert (
        public.post("/sighting", data={"seen_at": "2026-11-20", "source": "street"}).status_code == 403
    )  # CSRF

    listed = registrar.get("/registry?kind=sighting&status=new").text
    (sighting,) = re.findall(r'href="/registry/sighting/([0-9a-f-]{36})"', listed)[:1]
    page = registrar.get(f"/registry/sighting/{sighting}").text
    assert "微信 helper1" in page and "(28.2, 112.9" in page.replace("28.200000000000003", "28.2")  # GPS kept
    rows = re.findall(r'<a href="/registry/report/([0-9a-f-]{36})">', page)
    assert rows[0] == report  # the report is the first candidate
    assert "性别一致（女）" in page and "年龄吻合" in page and "DNA" in page  # reasons in the page's language

    token_r = csrf_of(registrar, f"/registry/sighting/{sighting}")
    no_note = registrar.post(
        f"/registry/sighting/{sighting}/mark", data={"csrf": token_r, "report": report, "mark": "dna_check"}
    )
    assert no_note.status_code == 400 and "needs a note" in no_note.text
    marked = registrar.post(
        f"/registry/sighting/{sighting}/mark",
        data={"csrf": token_r, "report": report, "mark": "dna_check", "note": "耳后有痣"},
    )
    assert marked.status_code == 303
    page = registrar.get(f"/registry/sighting/{sighting}").text
    assert "请公安做DNA比对" in page and "registrar: 耳后有痣" in page


def test_without_consent_no_gps_is_kept_and_the_public_form_is_rate_limited(url: str) -> None:
    public = client(url)
    token = re.search(r'name="csrf" value="([^"]+)"', public.get("/sighting").text)
    assert token is not None
    form = {"csrf": token.group(1), "seen_at": "2026-11-20T18:05", "source": "street"}
    for _ in range(PUBLIC_PER_ADDRESS_PER_HOUR):
        sent = public.post(
            "/sighting", data=form, files=[("child_photos", ("a.jpg", jpeg(gps=HENGYANG), "image/jpeg"))]
        )
        assert sent.status_code == 200, sent.text
    refused = public.post("/sighting", data=form)
    assert refused.status_code == 429 and "一小时后" in refused.text
    with sa.create_engine(url).connect() as conn:
        rows = conn.execute(sa.text("SELECT status, lat, lon, created_by FROM registry_sightings")).all()
    assert len(rows) == PUBLIC_PER_ADDRESS_PER_HOUR
    assert all(tuple(row) == ("new", None, None, None) for row in rows)  # no consent: no position
    bad = client(url, address="192.0.2.99")  # another reporter: the first one's address is spent
    token = re.search(r'name="csrf" value="([^"]+)"', bad.get("/sighting").text)
    assert token is not None
    garbage = bad.post(
        "/sighting",
        data={"csrf": token.group(1), "seen_at": "2026-11-20", "source": "street"},
        files=[("child_photos", ("x.jpg", b"not an image", "image/jpeg"))],
    )
    assert garbage.status_code == 400 and "photos:" in garbage.text
