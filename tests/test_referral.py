"""Police referral bundles: what they carry, that they verify, and that any change is caught."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from pypdf import PdfReader

from huijia.cli import main
from huijia.report.pdf import FontMissing, find_cjk_font
from huijia.store import connect
from huijia.store.decisions import decide
from huijia.store.users import add_user

from .conftest import ROWS, chat, sale_offer_key, scan

PASSWORD = "correct horse battery"


def referred_db(db_url: str, tmp_path: Path) -> tuple[str, Path, str]:
    export = chat(tmp_path / "group.jsonl", ROWS)
    scan(db_url, export)
    engine = connect(db_url)
    reviewer = add_user(engine, "reviewer1", "reviewer", PASSWORD, by="test")
    offer = sale_offer_key(engine)
    decide(engine, reviewer, offer, "refer", "price stated, contact by private chat")
    return db_url, export, offer


def test_a_referral_carries_text_facts_decisions_and_custody_and_verifies(
    db_url: str, tmp_path: Path
) -> None:
    url, export, offer = referred_db(db_url, tmp_path)
    bundle = tmp_path / "referral.zip"
    made = CliRunner().invoke(main, ["refer", "--db", url, "--referred", "-o", str(bundle)])
    assert made.exit_code == 0, made.output
    with zipfile.ZipFile(bundle) as archive:
        referral = json.loads(archive.read("referral.json"))
    (case,) = referral["cases"]
    assert case["message"]["key"] == offer and "营养费3万" in case["message"]["text"]
    assert case["message"]["author"]["name"] == "湖南宝妈" and case["message"]["sent_at"].startswith(
        "2024-05-01"
    )
    assert case["finding"]["label"] == "sale_offer" and case["finding"]["price"]["amount"] == 30000
    assert case["decisions"][0]["action"] == "refer" and case["decisions"][0]["by"] == "reviewer1"
    (seen,) = case["seen_in"]
    assert seen["line"] == 2 and seen["file_name"] == "group.jsonl"
    assert referral["sources"][0]["sha256"] == seen["source_sha256"]
    checked = CliRunner().invoke(main, ["verify", str(bundle), str(export)])
    assert checked.exit_code == 0, checked.output
    assert "verified: 1 case(s) and 1 original file(s)" in checked.stderr
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        actions = [row[0] for row in conn.execute(sa.text("SELECT action FROM audit_log ORDER BY id"))]
    assert actions[-1] == "referral.export"


def test_any_change_to_a_bundle_is_caught(tmp_path: Path) -> None:
    url, _, _ = referred_db(f"sqlite:///{tmp_path / 'h.db'}", tmp_path)
    bundle = tmp_path / "referral.zip"
    assert (
        CliRunner().invoke(main, ["refer", "--db", url, "--label", "sale_offer", "-o", str(bundle)]).exit_code
        == 0
    )
    with zipfile.ZipFile(bundle) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}

    def tampered(name: str, data: bytes) -> Path:
        path = tmp_path / f"tampered-{name}.zip"
        with zipfile.ZipFile(path, "w") as archive:
            for member, content in files.items():
                archive.writestr(member, data if member == name else content)
        return path

    altered_text = files["referral.json"].replace("3万".encode(), "5万".encode())
    result = CliRunner().invoke(main, ["verify", str(tampered("referral.json", altered_text))])
    assert result.exit_code == 1
    assert "referral.json was changed" in result.stderr and "does not match its hash" in result.stderr
    manifest = json.loads(files["manifest.json"])
    manifest["files"]["referral.json"] = "0" * 64
    result = CliRunner().invoke(
        main, ["verify", str(tampered("manifest.json", json.dumps(manifest).encode()))]
    )
    assert result.exit_code == 1 and "manifest.json was changed" in result.stderr
    other = tmp_path / "other.jsonl"
    other.write_text('{"text": "x"}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["verify", str(bundle), str(other)])
    assert result.exit_code == 1 and "not one of the source files" in result.stderr
    garbage = tmp_path / "garbage.zip"
    garbage.write_bytes(b"not a zip")
    result = CliRunner().invoke(main, ["verify", str(garbage)])
    assert result.exit_code == 2 and "not a readable referral bundle" in result.stderr


def test_a_referral_with_no_cases_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    result = CliRunner().invoke(main, ["refer", "--db", url, "--referred", "-o", str(tmp_path / "r.zip")])
    assert result.exit_code == 2 and "no cases chosen" in result.stderr


def test_the_referral_pdf_renders_the_chinese_evidence(tmp_path: Path) -> None:
    try:
        find_cjk_font()
    except FontMissing:
        pytest.skip("no font that renders Chinese here (make test installs fonts-wqy-microhei)")
    url, _, _ = referred_db(f"sqlite:///{tmp_path / 'h.db'}", tmp_path)
    bundle = tmp_path / "referral.zip"
    assert CliRunner().invoke(main, ["refer", "--db", url, "--referred", "-o", str(bundle)]).exit_code == 0
    with zipfile.ZipFile(bundle) as archive:
        pdf = archive.read("referral.pdf")
        manifest = json.loads(archive.read("manifest.json"))
    assert pdf.startswith(b"%PDF-") and "referral.pdf" in manifest["files"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    compact = "".join(text.split())
    assert "营养费3万" in compact and "湖南宝妈" in compact and "线索移交" in compact


def test_a_missing_font_is_a_clean_error_and_no_pdf_is_possible(tmp_path: Path) -> None:
    url, _, _ = referred_db(f"sqlite:///{tmp_path / 'h.db'}", tmp_path)
    missing = CliRunner().invoke(
        main, ["refer", "--db", url, "--referred", "--font", str(tmp_path), "-o", str(tmp_path / "r.zip")]
    )
    assert missing.exit_code == 2  # click refuses a folder as the font file
    without = CliRunner().invoke(
        main, ["refer", "--db", url, "--referred", "--no-pdf", "-o", str(tmp_path / "r.zip")]
    )
    assert without.exit_code == 0
    with zipfile.ZipFile(tmp_path / "r.zip") as archive:
        assert "referral.pdf" not in archive.namelist()
