"""Screenshots of the review UI's main pages for the README, saved under docs/screenshots/.

Scans the bundled examples into a throwaway database, serves the UI on a free loopback port, and drives
Debian's chromium with Playwright (no browser download): sign-in, queue, a case with its photo still
blurred, the same photo revealed, the dashboard, the accounts page, and the registry: its list and a
sighting with its candidates (a report and a sighting made from scikit-image's astronaut photo, a
public-domain NASA portrait). English pages, 1280 px wide.

Usage: python scripts/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import pyotp
import uvicorn

from huijia.analyse.pipeline import Analyser
from huijia.engines.scan import Scanner
from huijia.media.faces import face_backend
from huijia.store import connect
from huijia.store.users import add_user, enrol_totp
from huijia.web import WebSettings, create_app

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "screenshot password"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # the shots admin's TOTP secret


def serve(db_url: str, upload_dir: Path) -> tuple[str, uvicorn.Server, threading.Thread]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    evidence = upload_dir.parent  # the shots' own signing key and checkpoints, not the working folder's
    app = create_app(
        WebSettings(
            db_url,
            "screenshot-secret",
            secure_cookies=False,
            upload_dir=upload_dir,
            signing_key=evidence / "signing.key",
            checkpoints=evidence / "checkpoints",
        )
    )
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 15
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server, thread


def shoot(base: str, out: Path, chromium: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    saved: list[Path] = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"{base}/lang/en")

        def save(name: str, full: bool = True) -> None:
            path = out / f"{name}.png"
            page.screenshot(path=str(path), full_page=full)
            saved.append(path)

        page.goto(f"{base}/login")
        save("login", full=False)
        page.fill("#username", "admin")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/login/code?next=/")  # admins sign in with a TOTP code too
        page.fill("#code", pyotp.TOTP(SECRET).now())
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/queue")
        save("queue")
        page.select_option("select[name=chat]", "Baby adoption (private)")
        page.wait_for_timeout(500)
        page.locator("#queue-rows tbody tr a").first.click()
        page.wait_for_selector("label.photo img")
        save("case-photo-blurred")
        page.locator("label.photo").click()
        page.wait_for_timeout(400)
        save("case-photo-revealed")
        page.goto(f"{base}/dashboard")
        save("dashboard")
        page.goto(f"{base}/admin/users")
        save("users", full=False)
        page.goto(f"{base}/registry?kind=sighting")
        save("registry", full=False)
        page.locator("a[href^='/registry/sighting/']", has_text="Street").first.click()
        page.wait_for_selector("#candidates")
        save("registry-sighting")
        browser.close()
    return saved


def registry_examples(db_url: str) -> None:
    """The queue taken into the registry, and a report and a street sighting of the same face."""
    import io

    import skimage.data
    from PIL import Image

    from huijia.registry.intake import import_records
    from huijia.registry.links import link_queue
    from huijia.registry.records import parse_report, parse_sighting

    engine = connect(db_url)
    link_queue(engine, "screenshots", faces=face_backend())

    def jpeg(image: Image.Image) -> bytes:
        out = io.BytesIO()
        image.save(out, "JPEG", quality=90)
        return out.getvalue()

    face = Image.fromarray(skimage.data.astronaut())
    report = parse_report({"lost_at": "2019-08-11T15:20", "sex": "female", "born": "2012-05-01",
                           "lost_place": "郑州火车站", "lost_lat": "34.746", "lost_lon": "113.625",
                           "marks": "左耳后有痣", "status": "verified", "photos": "child.jpg@7"})  # fmt: skip
    import_records(
        engine,
        "report",
        [(1, report)],
        "screenshots",
        uploads={"child.jpg": jpeg(face)},
        faces=face_backend(),
    )
    seen = parse_sighting({"seen_at": "2026-11-20T18:05", "source": "street", "sex": "female",
                           "age_estimate": "14", "place": "长沙火车站", "lat": "28.19", "lon": "113.01",
                           "photos": "seen.jpg"})  # fmt: skip
    mirrored = face.transpose(Image.Transpose.FLIP_LEFT_RIGHT).resize((400, 400))
    import_records(
        engine,
        "sighting",
        [(1, seen)],
        "screenshots",
        uploads={"seen.jpg": jpeg(mirrored)},
        faces=face_backend(),
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("chromium is not installed (make screenshots installs it)", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="huijia-shots-") as folder:
        db_url = f"sqlite:///{Path(folder) / 'shots.db'}"
        Scanner(connect(db_url), Analyser(), "screenshots").scan([ROOT / "examples"])
        add_user(connect(db_url), "admin", "admin", PASSWORD, by="screenshots")
        enrol_totp(connect(db_url), "admin", SECRET, by="screenshots")
        registry_examples(db_url)
        base, server, thread = serve(db_url, Path(folder) / "uploads")
        try:
            saved = shoot(base, args.out, chromium)
        finally:
            server.should_exit = True
            thread.join(timeout=5)
    for path in saved:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
