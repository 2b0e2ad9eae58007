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
from huijia.report.package import canonical as _canonical
from huijia.report.pdf import FALLBACK_FONTS, FontMissing, find_cjk_font
from huijia.report.referral import manifest_for
from huijia.report.signing import load_or_create_key, shown_fingerprint
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
    assert "verified: 1 case(s) and 1 original file(s), 1 record(s) re-read" in checked.stderr
    assert "signer trusted: this installation" in checked.stderr
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
    assert result.exit_code == 1 and "not a readable referral bundle" in result.stderr


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


# --- signed evidence: the security review's forgeries -------------------------------------------------
def _made(tmp_path: Path) -> tuple[str, Path, Path, dict[str, bytes]]:
    url, export, _ = referred_db(f"sqlite:///{tmp_path / 'h.db'}", tmp_path)
    bundle = tmp_path / "referral.zip"
    made = CliRunner().invoke(main, ["refer", "--db", url, "--referred", "--no-pdf", "-o", str(bundle)])
    assert made.exit_code == 0, made.output
    assert "signed by sha256:" in made.stderr and "manifest SHA-256" in made.stderr
    with zipfile.ZipFile(bundle) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    return url, export, bundle, files


def _zip(path: Path, entries: list[tuple[str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return path


def _forged(files: dict[str, bytes]) -> dict[str, bytes]:
    """The review's forgery: the price and the author's handle changed, every hash recomputed with the
    project's own functions."""
    forged = dict(files)
    forged.pop("manifest.json")
    forged.pop("signature.json")
    referral = json.loads(forged["referral.json"])
    case = referral["cases"][0]
    case["message"]["text"] = case["message"]["text"].replace("营养费3万", "营养费30万")
    case["message"]["author"]["handle"] = "telegram:user00000"
    forged["referral.json"] = _canonical(referral)
    forged["manifest.json"] = _canonical(manifest_for(forged, referral))
    return forged


def test_a_consistently_rehashed_forgery_fails_the_signature(tmp_path: Path) -> None:
    _, export, _, files = _made(tmp_path)
    forged = _forged(files)
    kept_signature = _zip(
        tmp_path / "forged.zip", [*forged.items(), ("signature.json", files["signature.json"])]
    )
    result = CliRunner().invoke(main, ["verify", str(kept_signature), str(export)])
    assert result.exit_code == 1
    assert "signature does not match manifest.json" in result.stderr
    assert "manifest SHA-256" in result.stderr and "claims signer    sha256:" in result.stderr
    unsigned = _zip(tmp_path / "unsigned.zip", list(forged.items()))
    result = CliRunner().invoke(main, ["verify", str(unsigned)])
    assert result.exit_code == 1 and "not signed" in result.stderr


def test_a_forgery_signed_with_another_key_is_an_unknown_signer(tmp_path: Path) -> None:
    _, _, _, files = _made(tmp_path)
    forged = _forged(files)
    stranger = load_or_create_key(tmp_path / "stranger.key")
    manifest = forged["manifest.json"]
    signature = json.loads(files["signature.json"])
    signature.update(
        public_key=stranger.public_b64, fingerprint=stranger.fingerprint, value=stranger.sign(manifest)
    )
    path = _zip(tmp_path / "resigned.zip", [*forged.items(), ("signature.json", _canonical(signature))])
    result = CliRunner().invoke(main, ["verify", str(path)])
    # the carried audit checkpoint is the installation's: signed by another key than the bundle
    assert result.exit_code == 1 and "signed by another key than the bundle" in result.stderr
    del forged["audit-checkpoint.json"], forged["manifest.json"]
    referral = json.loads(forged["referral.json"])
    forged["manifest.json"] = manifest = _canonical(manifest_for(forged, referral))
    signature.update(value=stranger.sign(manifest))
    path = _zip(tmp_path / "resigned2.zip", [*forged.items(), ("signature.json", _canonical(signature))])
    result = CliRunner().invoke(main, ["verify", str(path)])
    assert result.exit_code == 3, result.output
    assert "UNKNOWN SIGNER" in result.stderr
    assert shown_fingerprint(stranger.fingerprint) in result.stderr


def test_another_installation_trusts_the_sender_by_its_key_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, _, bundle, _ = _made(tmp_path)
    line = CliRunner().invoke(main, ["key", "show", "--name", "Yiwu NGO desk"])
    assert line.exit_code == 0 and line.stdout.startswith("ed25519 ")
    monkeypatch.setenv("HUIJIA_SIGNING_KEY", str(tmp_path / "police" / "own.key"))  # the receiver's
    unknown = CliRunner().invoke(main, ["verify", str(bundle)])
    assert unknown.exit_code == 3 and "UNKNOWN SIGNER" in unknown.stderr
    trust = tmp_path / "trusted.keys"
    trust.write_text(f"# keys we accept\n{line.stdout}", encoding="utf-8")
    trusted = CliRunner().invoke(main, ["verify", "--trust", str(trust), str(bundle)])
    assert trusted.exit_code == 0, trusted.output
    assert "signer trusted: Yiwu NGO desk" in trusted.stderr
    fingerprint_only = tmp_path / "fingerprints.keys"
    shown = line.stderr.split("fingerprint ", 1)[1].strip()
    fingerprint_only.write_text(f"{shown} the sender\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["verify", "--trust", str(fingerprint_only), str(bundle)]).exit_code == 0
    bad = tmp_path / "bad.keys"
    bad.write_text("ed25519 not-base64!\n", encoding="utf-8")
    refused = CliRunner().invoke(main, ["verify", "--trust", str(bad), str(bundle)])
    assert refused.exit_code == 2 and "bad.keys, line 1" in refused.stderr


def test_duplicate_and_unexpected_entries_are_refused(tmp_path: Path) -> None:
    _, _, _, files = _made(tmp_path)
    forged = _forged(files)
    entries = [("referral.json", forged["referral.json"]), *files.items()]  # the forged copy first
    with pytest.warns(UserWarning, match="Duplicate name"):
        path = _zip(tmp_path / "twice.zip", entries)
    result = CliRunner().invoke(main, ["verify", str(path)])
    assert result.exit_code == 1 and "referral.json is in the bundle more than once" in result.stderr
    extra = _zip(tmp_path / "extra.zip", [*files.items(), ("notes.txt", b"x")])
    result = CliRunner().invoke(main, ["verify", str(extra)])
    assert result.exit_code == 1 and "notes.txt is in the bundle but not in the manifest" in result.stderr


def test_the_original_export_catches_a_store_edited_before_export(tmp_path: Path) -> None:
    """An insider edits the stored text, then exports: the signature holds, the original export does not."""
    url, export, offer = referred_db(f"sqlite:///{tmp_path / 'h.db'}", tmp_path)
    with sa.create_engine(url).begin() as conn:
        conn.execute(
            sa.text("UPDATE messages SET text = replace(text, '3万', '30万') WHERE key = :k"), {"k": offer}
        )
    bundle = tmp_path / "referral.zip"
    assert (
        CliRunner().invoke(main, ["refer", "--db", url, offer, "--no-pdf", "-o", str(bundle)]).exit_code == 0
    )
    alone = CliRunner().invoke(main, ["verify", str(bundle)])
    assert alone.exit_code == 0  # nothing in the bundle itself was altered after signing
    with_original = CliRunner().invoke(main, ["verify", str(bundle), str(export)])
    assert with_original.exit_code == 1
    assert f"message {offer}: its text differs from group.jsonl at line 2" in with_original.stderr


def test_the_pdf_keeps_every_script_marks_bidi_controls_and_logs_no_text(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    try:
        find_cjk_font()
    except FontMissing:
        pytest.skip("no font that renders Chinese here (make test installs fonts-wqy-microhei)")
    rows = [
        ("2024-05-01T10:00:05+08:00", "Ahmed محمد العلي\u202egpj.exe", "男宝营养费3万 👶 Москва عنوان"),
    ]
    export = chat(tmp_path / "intl.jsonl", rows)
    url = f"sqlite:///{tmp_path / 'h.db'}"
    scan(url, export)
    engine = connect(url)
    with engine.connect() as conn:
        key = conn.execute(sa.text("SELECT key FROM messages")).scalar_one()
    caplog.set_level("DEBUG")
    bundle = tmp_path / "r.zip"
    made = CliRunner().invoke(main, ["refer", "--db", url, key, "-o", str(bundle)])
    assert made.exit_code == 0, made.output
    with zipfile.ZipFile(bundle) as archive:
        pdf = archive.read("referral.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    compact = text.replace(" ", "")
    for kept in ("Москва", "[U+202E]gpj.exe", "营养费3万"):
        assert kept in compact, kept
    assert "محمد" in text or "محمد"[::-1] in text  # the extractor may give right-to-left runs reversed
    emoji_font = any(p.is_file() for p in FALLBACK_FONTS[1:])
    assert ("👶" in text) if emoji_font else ("[U+1F476]" in text)
    logged = capfd.readouterr().err + made.stderr + caplog.text
    for secret in ("م", "👶", "Москва", "\u202e"):
        assert secret not in logged


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import huijia.report.package

    monkeypatch.setattr(huijia.report.package, "MAX_UNPACKED", 1_000_000)  # 4 GiB in use; 1 MB here
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", b"{}")
        archive.writestr("photos/0.jpg", b"\0" * 2_000_000)  # 2 MB unpacked, 2 kB packed
    result = CliRunner().invoke(main, ["verify", str(bomb)])
    assert result.exit_code == 1 and "a ZIP bomb?" in result.stderr


def test_bytes_a_streaming_reader_would_see_first_are_refused(tmp_path: Path) -> None:
    """The review's second look: a forged ZIP (or one forged local header) put in front of a genuine
    bundle; Python reads the directory at the end, Java's ZipInputStream the forged copy at the start."""
    _, _, bundle, files = _made(tmp_path)
    forged_only = _zip(tmp_path / "forged-only.zip", [("referral.json", _forged(files)["referral.json"])])
    prepended = tmp_path / "prepended.zip"
    prepended.write_bytes(forged_only.read_bytes() + bundle.read_bytes())
    result = CliRunner().invoke(main, ["verify", str(prepended)])
    assert result.exit_code == 1 and "bytes before its first entry" in result.stderr
    commented = tmp_path / "commented.zip"
    with zipfile.ZipFile(commented, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.comment = b"forged notes"
    result = CliRunner().invoke(main, ["verify", str(commented)])
    assert result.exit_code == 1 and "a comment or bytes after its end record" in result.stderr
    assert CliRunner().invoke(main, ["verify", str(bundle)]).exit_code == 0


def test_the_original_export_catches_a_case_pinned_on_another_person_or_cut_from_its_source(
    tmp_path: Path,
) -> None:
    url, export, offer = referred_db(f"sqlite:///{tmp_path / 'h.db'}", tmp_path)
    with sa.create_engine(url).begin() as conn:
        request = conn.execute(
            sa.text("SELECT message_key FROM findings WHERE label = 'purchase_request' LIMIT 1")
        ).scalar_one()
        conn.execute(
            sa.text(
                "UPDATE messages SET author_handle = 'telegram:innocent', sent_at = '2020-01-01' "
                "WHERE key = :k"
            ),
            {"k": offer},
        )
        conn.execute(sa.text("DELETE FROM occurrences WHERE message_key = :k"), {"k": request})
    bundle = tmp_path / "referral.zip"
    made = CliRunner().invoke(main, ["refer", "--db", url, offer, request, "--no-pdf", "-o", str(bundle)])
    assert made.exit_code == 0, made.output
    checked = CliRunner().invoke(main, ["verify", str(bundle), str(export)])
    assert checked.exit_code == 1
    assert f"message {offer}: its author handle differs from group.jsonl at line 2" in checked.stderr
    assert f"message {offer}: its time differs" in checked.stderr
    assert f"message {request} was not re-read: it cites none of the files given" in checked.stderr


def test_a_signed_bundle_of_the_wrong_shape_is_altered_not_a_crash(tmp_path: Path) -> None:
    stranger = load_or_create_key(tmp_path / "stranger.key")
    referral = {"cases": [1], "sources": "x"}
    files = {"referral.json": _canonical(referral)}
    manifest = _canonical({"files": ["referral.json"], "messages": {}, "sources": [], "manifest_sha256": "0"})
    signature = {
        "public_key": stranger.public_b64,
        "fingerprint": stranger.fingerprint,
        "value": stranger.sign(manifest),
    }
    path = _zip(
        tmp_path / "odd.zip",
        [*files.items(), ("manifest.json", manifest), ("signature.json", _canonical(signature))],
    )
    result = CliRunner().invoke(main, ["verify", str(path)])
    assert result.exit_code == 1 and "does not have the shape of a referral" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
