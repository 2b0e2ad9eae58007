#!/usr/bin/env python3
"""Check the WhatsApp reader's locale tables against WhatsApp's own strings, and read real exports.

WhatsApp writes its export in the phone's language, and its app is closed source; what it writes is in the
string resources of its apps, which public repositories hold decompiled. This script reads them from the
mirrors (`fetch github:<repo>`), never from the network, and checks that the reader gives every string the
kind WhatsApp meant: a placeholder its media kind, a deletion `recall`, a missed call `service`, the
encryption notice and the security-code event `system`, an attachment line its file.

Sources (per language in docs/formats.md):
- Android 2.12.550 (2016), `res/values-*/strings.xml`: GigaDroid/Decompiled-Whatsapp;
- Android 2.17.351 (2017), `res/values-*/strings.xml`: HassanSardar/GBWhatsApp_Raw;
- Android 2.19.188 (2019), `whatsapp/assets/app_strings_*.pack` (string packs, the format of
  WhatsApp/StringPacks; pack ids mapped to resource names by the id array in `smali/d/f/Ht.smali` and
  `res/values/public.xml`): adamkhribeche/whatsap;
- iOS (2022), `Localizable.strings` as JSON in starkdmi/whats_json (commit 6ea508f);
- real iOS and Android exports made by that repository's author (2022–2023), in `test/data/`.

Usage: python scripts/whatsapp_strings.py [--mirrors /work/.mirror] [--exports]
Exit status 1 when a string is read as another kind than WhatsApp meant.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import struct
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from huijia.ingest.whatsapp import MARKS, classify  # noqa: E402
from huijia.ingest.whatsapp_locale import is_system_text  # noqa: E402

ANDROID_2016 = "GigaDroid+Decompiled-Whatsapp"
ANDROID_2017 = "HassanSardar+GBWhatsApp_Raw"
ANDROID_2019 = "adamkhribeche+whatsap"
IOS_2022 = "starkdmi+whats_json"
IOS_COMMIT = "6ea508f"
IOS_DIR = "tool/patterns_generator/data/iOS Localizables"

# language: (Android resource suffix, 2019 pack name, iOS file)
LANGUAGES = {
    "en": ("", "", "EN"),
    "es": ("-es", "es", "ES-SP"),
    "pt-BR": ("-pt-rBR", "", "PT-BR"),
    "pt-PT": ("-pt-rPT", "pt", "PT-PT"),
    "de": ("-de", "de", "DE"),
    "fr": ("-fr", "fr", "FR"),
    "it": ("-it", "it", "IT"),
    "ru": ("-ru", "ru", "RU"),
    "id": ("-in", "in", "ID"),
    "tr": ("-tr", "tr", "TR"),
    "nl": ("-nl", "nl", "NL"),
    "vi": ("-vi", "vi", "VI"),
    "th": ("-th", "th", "TH"),
    "uk": ("-uk", "uk", "UKR"),
    "cs": ("-cs", "cs", "CS"),
    "ar": ("-ar", "ar", "AR"),
    "hi": ("-hi", "hi", "HI"),
    "zh-CN": ("-zh-rCN", "zh-rCN", "ZH-Hans"),
    "zh-TW": ("-zh-rTW", "zh-rTW", "ZH-Hant"),
    "zh-HK": ("-zh-rHK", "", "ZH-HK"),
    "ja": ("-ja", "ja", "JA"),
}
# Android resource name → the kind the reader should give a message of that text alone
ANDROID_KINDS = {
    "email_media_omitted": "file",
    "export_media_omitted": "file",
    "revoked_msg_incoming": "recall",
    "revoked_msg_outgoing": "recall",
    "missed_voice_call": "service",
    "video_missed_call": "service",
    "chat_encryption_state_change": "system",
    "group_encryption_state_change": "system",
    "email_file_attached": "attached",
}
# iOS Localizable key → kind
IOS_KINDS = {
    "n*sq0": "image",
    "I4|vp": "video",
    "a86Wu": "voice",
    "2K_mB": "sticker",
    "~.KLq": "video",
    "Sk+0p": "file",
    "StaLC": "file",
    "qBly]": "recall",
    "GHe7G": "recall",
    "S?EA5": "recall",
    "A),w/": "service",
    "f/]I7": "service",
    "PnA`x": "service",
    "_i3PG": "system",
    "G)W)p": "system",
    "zQ+5d": "attached",
}


def git_show(repo: Path, spec: str) -> bytes | None:
    done = subprocess.run(["git", "-C", str(repo), "show", spec], capture_output=True, check=False)
    return done.stdout if done.returncode == 0 else None


def xml_strings(data: bytes | None) -> dict[str, str]:
    if not data:
        return {}
    out = {}
    for name, value in re.findall(r'<string name="([^"]+)"[^>]*>(.*?)</string>', data.decode("utf-8"), re.S):
        text = html.unescape(value)
        if len(text) >= 2 and text[0] == text[-1] == '"':
            text = text[1:-1]
        out[name] = text.replace("\\'", "'")
    return out


def pack_strings(data: bytes, pack_to_res: dict[int, int], names: dict[int, str]) -> dict[str, str]:
    """The strings of a 2019 string pack: header (locale count, locale table start, string data start),
    the locale, its table of (pack id, start, length) entries."""
    _, locale_start, string_start = struct.unpack("<HII", data[:10])
    table = locale_start + struct.unpack("<I", data[17:21])[0]
    count = struct.unpack("<H", data[table : table + 2])[0]
    out = {}
    pos = table + 4
    for _ in range(count):
        pack_id, start, length = struct.unpack("<HIH", data[pos : pos + 8])
        pos += 8
        name = names.get(pack_to_res.get(pack_id, -1))
        if name:
            out[name] = data[string_start + start : string_start + start + length].decode("utf-8")
    return out


def android_2019(mirror: Path) -> dict[str, dict[str, str]]:
    repo = mirror / ANDROID_2019 / "repo"
    smali = (git_show(repo, "HEAD:whatsapp/smali/d/f/Ht.smali") or b"").decode("utf-8")
    found = re.search(r":array_0\s+\.array-data 4(.*?)\.end array-data", smali, re.S)
    public = (git_show(repo, "HEAD:whatsapp/res/values/public.xml") or b"").decode("utf-8")
    if not found or not public:
        return {}
    values = [int(v, 16) for v in re.findall(r"0x[0-9a-f]+", found.group(1))]
    pack_to_res = {values[i + 1]: values[i] for i in range(0, len(values) - 1, 2)}
    names = {
        int(i, 16): n
        for n, i in re.findall(r'<public type="string" name="([^"]+)" id="(0x[0-9a-f]+)"', public)
    }
    out = {"en": xml_strings(git_show(repo, "HEAD:whatsapp/res/values/strings.xml"))}
    for lang, (_, pack, _) in LANGUAGES.items():
        data = git_show(repo, f"HEAD:whatsapp/assets/app_strings_{pack}.pack") if pack else None
        if data:
            out[lang] = pack_strings(data, pack_to_res, names)
    return out


IOS_FILE = "00000012-PHOTO-2024-03-05-10-11-12.jpg"
ANDROID_FILE = "IMG-20240305-WA0003.jpg"


def sample(text: str, kind: str) -> str:
    """A message text that WhatsApp would write for a string of this kind."""
    if kind == "attached":
        return text.replace("%@", IOS_FILE).replace("%s", ANDROID_FILE)
    return text.replace("%1$s", "Ana").replace("%@", "Ana").replace("%s", "Ana")


def read_kind(text: str) -> str:
    """The kind the reader gives a message of this text alone; `attached` when it names the sample file."""
    kind, attachments = classify(text)
    if any(a.name in (IOS_FILE, ANDROID_FILE) for a in attachments):
        return "attached"
    if kind == "text" and is_system_text(text, MARKS):
        return "system"
    return kind


def check(mirror: Path) -> int:
    rows: list[tuple[str, str, str, str, str]] = []
    a2019 = android_2019(mirror)
    for lang, (suffix, _, ios) in LANGUAGES.items():
        sources = {
            "android 2016": xml_strings(
                git_show(mirror / ANDROID_2016 / "repo", f"HEAD:res/values{suffix}/strings.xml")
            ),
            "android 2017": xml_strings(
                git_show(mirror / ANDROID_2017 / "repo", f"HEAD:res/values{suffix}/strings.xml")
            ),
            "android 2019": a2019.get(lang, {}),
        }
        for source, strings in sources.items():
            for name, kind in ANDROID_KINDS.items():
                if name in strings:
                    rows.append((lang, source, strings[name], kind, read_kind(sample(strings[name], kind))))
        raw = git_show(mirror / IOS_2022 / "repo", f"{IOS_COMMIT}:{IOS_DIR}/{ios}.strings")
        table = json.loads(raw) if raw else {}
        for key, kind in IOS_KINDS.items():
            if key in table:
                rows.append((lang, "ios 2022", table[key], kind, read_kind(sample(table[key], kind))))
    wrong = [r for r in rows if r[3] != r[4]]
    by_lang = Counter(r[0] for r in rows)
    for lang in LANGUAGES:
        bad = sum(1 for r in wrong if r[0] == lang)
        print(f"{lang:6} {by_lang[lang]:3} strings, {bad} read as another kind")
    for lang, source, text, want, got in wrong:
        print(f"  {lang} {source}: {text!r} should be {want}, read as {got}")
    return 1 if wrong else 0


def exports(mirror: Path) -> None:
    """Every real export in whats_json's test/data (not its collected chats_unique), read by `huijia read`:
    messages, how many lack a time, and their kinds."""
    repo = mirror / IOS_2022 / "repo"
    names = ["test/data/languages", "test/data/ios", "test/data/android"]
    listing = subprocess.run(
        ["git", "-C", str(repo), "ls-tree", "-r", "-z", "--name-only", "HEAD", *names],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        for name in filter(None, listing.split("\0")):
            data = git_show(repo, f"HEAD:{name}")
            if data is None:
                continue
            path = Path(tmp) / Path(name).name
            path.write_bytes(data)
            done = subprocess.run(
                [sys.executable, "-m", "huijia", "read", "--tz", "UTC", str(path)],
                capture_output=True,
                check=False,
                env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
            )
            messages = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines() if line.strip()]
            kinds = Counter(m["kind"] for m in messages)
            untimed = sum(1 for m in messages if m.get("sent_at") is None)
            print(f"{name}: {len(messages)} messages, {untimed} without time, {dict(sorted(kinds.items()))}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--exports", action="store_true", help="also read the real exports of whats_json")
    args = parser.parse_args()
    status = check(args.mirrors)
    if args.exports:
        exports(args.mirrors)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
