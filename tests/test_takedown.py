"""Takedown notices: made from the linked example exports (docs/link.md), verified by `huijia verify` as
referrals are, and every realistic change caught."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from huijia.cli import main
from huijia.link.groups import GroupRisk, Reason
from huijia.report.package import canonical
from huijia.report.pdf import FontMissing, find_cjk_font
from huijia.report.signing import load_key, load_or_create_key, shown_fingerprint
from huijia.report.takedown import TakedownError, build_notice, make_notice, manifest_for

from .conftest import read

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "link"
CHAT = "湖南宝贝之家二群"
EXPORT = EXAMPLES / f"{CHAT}.txt"
OFFER = "qq-txt:2efe4316:12"


def _invoke(args: list[str], key: Path) -> Result:
    return CliRunner().invoke(main, args, env={"HUIJIA_SIGNING_KEY": str(key)})


@pytest.fixture(scope="module")
def notice(tmp_path_factory: pytest.TempPathFactory, installation_key_file: Path) -> Path:
    """The notice for the example's takedown chat, made once (reading and analysing takes seconds)."""
    path = tmp_path_factory.mktemp("notice") / "notice.zip"
    made = _invoke(["takedown", str(EXAMPLES), "--channel", CHAT, "-o", str(path)], installation_key_file)
    assert made.exit_code == 0, made.output
    assert f"takedown notice for {CHAT} (takedown, risk 0.96)" in made.stderr
    assert "manifest SHA-256" in made.stderr and "signed by sha256:" in made.stderr
    return path


def _files(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def _verify(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["verify", *map(str, args)])


def test_a_notice_carries_the_chat_its_reasons_and_the_cited_evidence_and_verifies(notice: Path) -> None:
    files = _files(notice)
    assert sorted(files) == ["manifest.json", "signature.json", "takedown.json", "takedown.pdf"]
    document = json.loads(files["takedown.json"])
    group = document["group"]
    assert group["chat"] == CHAT and group["recommendation"] == "takedown" and group["risk"] == 0.9612
    (platform,) = group["platforms"]
    assert platform["platform"] == "qq" and platform["chat_id"] is None  # QQ's text export names no number
    assert platform["chat_id_note"].startswith("not in the export")
    codes = [reason["code"] for reason in document["reasons"]]
    assert codes[:2] == ["flagged_posts", "cross_channel_actor"] and "paid_entry" in codes
    both = next(reason for reason in document["reasons"] if reason["code"] == "both_sides")
    assert "交易市场" in both["zh"] and "a market" in both["en"]
    cited = {m for reason in document["reasons"] for m in reason["evidence"]}
    evidence = {item["message"]["key"]: item for item in document["evidence"]}
    assert set(evidence) == cited == {OFFER, "qq-txt:2efe4316:9", "qq-txt:2efe4316:15", "qq-txt:2efe4316:21"}
    offer = evidence[OFFER]
    assert "营养费3万" in offer["message"]["text"] and offer["message"]["author"]["handle"] == "qq:48002"
    assert offer["message"]["sent_at"] == "2025-03-02T09:05:07+08:00"
    assert "template_cluster" in offer["reasons"]
    (seen,) = offer["seen_in"]
    assert (seen["file_name"], seen["line"], seen["byte_offset"]) == (f"{CHAT}.txt", 12, 441)
    (source,) = document["sources"]
    assert source["sha256"] == seen["source_sha256"] and source["size_bytes"] == EXPORT.stat().st_size
    manifest = json.loads(files["manifest.json"])
    assert manifest["format"] == "huijia-takedown/1" and set(manifest["messages"]) == cited
    checked = _verify(notice, EXPORT)
    assert checked.exit_code == 0, checked.output
    assert f"takedown notice for {CHAT}" in checked.stderr
    assert "verified: 4 evidence message(s) and 1 original file(s), 4 record(s) re-read" in checked.stderr
    assert "signer trusted: this installation" in checked.stderr


def test_the_notice_pdf_names_the_chat_and_the_reasons_in_both_languages(notice: Path) -> None:
    try:
        find_cjk_font()
    except FontMissing:
        pytest.skip("no font that renders Chinese here (make test installs fonts-wqy-microhei)")
    pdf = _files(notice)["takedown.pdf"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    compact = "".join(text.split())
    for shown in (CHAT, "下架通知", "Takedownnotice", "营养费3万", "交易市场", "amarket", "进群费"):
        assert shown in compact, shown
    for code in ("flagged_posts", "cross_channel_actor", "both_sides", "paid_entry", "nickname_tags"):
        assert code in compact, code


def test_realistic_changes_to_a_notice_are_caught(notice: Path, tmp_path: Path) -> None:
    files = _files(notice)
    document = json.loads(files["takedown.json"])
    item = next(i for i in document["evidence"] if i["message"]["key"] == OFFER)
    item["message"]["text"] = item["message"]["text"].replace("营养费3万", "营养费30万")
    edited = {k: v for k, v in files.items() if k not in ("manifest.json", "signature.json")}
    edited["takedown.json"] = canonical(document)
    edited["manifest.json"] = canonical(manifest_for(edited, document))
    rehashed = _zip(tmp_path / "rehashed.zip", {**edited, "signature.json": files["signature.json"]})
    result = _verify(rehashed)
    assert result.exit_code == 1 and "signature does not match manifest.json" in result.stderr
    assert f"the text of message {OFFER} does not match the hash the notice gives" in result.stderr
    swapped = _zip(tmp_path / "swapped.zip", {**files, "takedown.pdf": b"%PDF-1.4 a forged reading copy"})
    result = _verify(swapped)
    assert result.exit_code == 1 and "takedown.pdf was changed after export" in result.stderr
    added = _zip(tmp_path / "added.zip", {**files, "photos/baby.jpg": b"\xff\xd8"})
    result = _verify(added)
    assert result.exit_code == 1
    assert "photos/baby.jpg is not a file a takedown notice holds" in result.stderr
    assert "photos/baby.jpg is in the bundle but not in the manifest" in result.stderr
    unsigned = _zip(tmp_path / "unsigned.zip", {k: v for k, v in files.items() if k != "signature.json"})
    result = _verify(unsigned)
    assert result.exit_code == 1 and "not signed" in result.stderr
    as_referral = {("referral.json" if k == "takedown.json" else k): v for k, v in files.items()}
    result = _verify(_zip(tmp_path / "renamed.zip", as_referral))
    assert result.exit_code == 1 and "not a referral's" in result.stderr


def test_a_notice_from_an_unknown_signer_verifies_as_unknown(
    notice: Path, tmp_path: Path, installation_key_file: Path
) -> None:
    files = _files(notice)
    stranger = load_or_create_key(tmp_path / "stranger.key")
    signature = json.loads(files["signature.json"])
    signature.update(
        public_key=stranger.public_b64,
        fingerprint=stranger.fingerprint,
        value=stranger.sign(files["manifest.json"]),
    )
    resigned = _zip(tmp_path / "resigned.zip", {**files, "signature.json": canonical(signature)})
    result = _verify(resigned)
    assert result.exit_code == 3, result.output
    assert "UNKNOWN SIGNER" in result.stderr and shown_fingerprint(stranger.fingerprint) in result.stderr
    receiver = _invoke(["verify", str(notice)], tmp_path / "platform.key")  # the platform's own key
    assert receiver.exit_code == 3
    trust = tmp_path / "trusted.keys"
    own = load_key(installation_key_file)
    assert own is not None
    trust.write_text(own.trusted_line("huijia NGO desk") + "\n", encoding="utf-8")
    trusted = _invoke(["verify", "--trust", str(trust), str(notice), str(EXPORT)], tmp_path / "platform.key")
    assert trusted.exit_code == 0 and "signer trusted: huijia NGO desk" in trusted.stderr


def test_the_original_export_catches_a_notice_made_from_edited_records(
    notice: Path, tmp_path: Path, installation_key_file: Path
) -> None:
    """A sender who holds the key and signs a notice with a changed text: it verifies alone, not against
    the original export; and an edited copy of the export is not the source the notice was made from."""
    found = read(EXPORT)
    messages = {m.id: m for m in found.messages}
    messages[OFFER] = replace(messages[OFFER], text=messages[OFFER].text.replace("3万", "30万"))
    reasons = (Reason("flagged_posts", (OFFER,), 1.0),)
    group = GroupRisk(CHAT, 6, 5, 1, 0.9, "takedown", reasons)
    signer = load_key(installation_key_file)
    assert signer is not None
    data, _ = make_notice(build_notice(group, messages, exported_by="test"), signer, pdf=False)
    forged = tmp_path / "forged.zip"
    forged.write_bytes(data)
    assert _verify(forged).exit_code == 0  # nothing in the notice changed after signing
    result = _verify(forged, EXPORT)
    assert result.exit_code == 1
    assert f"message {OFFER}: its text differs from {CHAT}.txt at line 12" in result.stderr
    copy = tmp_path / f"{CHAT}.txt"
    copy.write_bytes(EXPORT.read_bytes().replace("营养费3万".encode(), "营养费30万".encode()))
    result = _verify(notice, copy)
    assert result.exit_code == 1 and "not one of the source files this takedown notice" in result.stderr


def test_the_builder_refuses_a_group_whose_evidence_it_was_not_given() -> None:
    group = GroupRisk(CHAT, 1, 1, 1, 0.9, "takedown", (Reason("flagged_posts", ("qq-txt:x:1",), 1.0),))
    with pytest.raises(TakedownError, match="qq-txt:x:1"):
        build_notice(group, {}, exported_by="test")


def test_clear_errors_for_an_unknown_chat_a_quiet_one_and_nothing_read(tmp_path: Path) -> None:
    out = str(tmp_path / "n.zip")
    unknown = CliRunner().invoke(main, ["takedown", str(EXAMPLES), "--channel", "湖南宝贝之家", "-o", out])
    assert unknown.exit_code == 2 and f"no chat named '湖南宝贝之家' in the inputs; close names: {CHAT}" in (
        unknown.stderr
    )
    quiet = tmp_path / "parents.jsonl"
    rows = [
        {
            "text": "新人进群费50元",
            "author": "群主",
            "channel": "家长群",
            "sent_at": "2025-03-01T09:00:00+08:00",
        },
        {
            "text": "孩子今天发烧了怎么办",
            "author": "李妈",
            "channel": "家长群",
            "sent_at": "2025-03-01T09:01:00+08:00",
        },
    ]
    quiet.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    refused = CliRunner().invoke(main, ["takedown", str(quiet), "--channel", "家长群", "-o", out])
    assert refused.exit_code == 2 and "recommendation none" in refused.stderr and "--force" in refused.stderr
    assert not Path(out).exists()
    forced = CliRunner().invoke(
        main, ["takedown", str(quiet), "--channel", "家长群", "--no-pdf", "--force", "-o", out]
    )
    assert forced.exit_code == 0, forced.output
    assert "recommendation is none, not takedown" in forced.stderr
    assert _verify(out, quiet).exit_code == 0
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    nothing = CliRunner().invoke(main, ["takedown", str(empty), "--channel", "x", "-o", out])
    assert nothing.exit_code == 2 and "nothing could be read" in nothing.stderr


def test_a_telegram_account_export_gives_the_chat_id_a_qq_text_export_does_not() -> None:
    found = read(Path(__file__).parent / "data" / "telegram" / "account" / "result.json")
    message = next(m for m in found.messages if m.channel == "宝宝群")
    group = GroupRisk("宝宝群", 1, 1, 1, 0.9, "takedown", (Reason("flagged_posts", (message.id,), 1.0),))
    (platform,) = build_notice(group, {message.id: message}, exported_by="test")["group"]["platforms"]
    assert platform == {"platform": "telegram", "chat_id": "11"}
