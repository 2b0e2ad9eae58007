"""Letters and digits of other scripts that stand for ASCII ones: bаby with a Cyrillic а, 𝐛𝐚𝐛𝐲, ѕеll.

Three sources, in this order of preference for a character:
- decimal digits of any script → their ASCII digit (٣٠٠٠٠ → 30000), by value rather than by shape;
- Latin letters with diacritics → the bare letter (bábý → baby, sòng yǎng → song yang);
- Unicode's confusables (TR39 `confusables.txt`, as shipped by the PyPI package confusable-homoglyphs): every
  letter or number whose prototype is one ASCII letter or digit → that character in lower case, and those
  whose prototype is a Latin small capital → that letter (Cyrillic т → ᴛ → t, Greek κ → ĸ → k).

Left alone: anything in a CJK, kana, hangul or bopomofo block (〇 is the ideographic zero, not "o"), and
symbols and punctuation (∣, ×, ╳ are separators a poster puts between letters, not letters).
"""

from __future__ import annotations

import json
import unicodedata
from importlib import resources

# Blocks never mapped to Latin: CJK radicals to CJK compatibility, Yi, hangul, CJK compatibility ideographs
# and forms, the half- and full-width block (NFKC has it), and the ideographic planes.
EAST_ASIAN = (
    (0x2E80, 0x33FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xA000, 0xA4CF), (0xAC00, 0xD7FF),
    (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x3FFFF),
)  # fmt: skip
LETTER_OR_NUMBER = frozenset(("Lu", "Ll", "Lt", "Lm", "Lo", "Nl", "No"))
ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def _east_asian(code: int) -> bool:
    return any(lo <= code <= hi for lo, hi in EAST_ASIAN)


def _prototype(ch: str, prototype: str) -> str:
    """The ASCII character `ch` stands for. TR39 gives l for the whole I/l/1 class and O for O/0, so a
    capital I or a digit is told apart by its name."""
    name = unicodedata.name(ch, "")
    if prototype in "lI1":
        if "DIGIT" in name or "NUMERAL" in name:
            return "1"
        return "i" if "CAPITAL" in name else "l"
    if prototype in "oO0":
        return "0" if "DIGIT" in name or "NUMERAL" in name else "o"
    return prototype.lower()


def _small_capital(ch: str) -> str | None:
    """The letter a Latin small capital stands for (ᴛ → t, ʜ → h, and ĸ, the kra, → k)."""
    name = unicodedata.name(ch, "")
    if name.startswith("LATIN LETTER SMALL CAPITAL ") and len(name.rsplit(" ", 1)[1]) == 1:
        return name[-1].lower()
    return "k" if ch == "ĸ" else None


def confusables() -> dict[int, str]:
    """Single code points whose TR39 prototype is one ASCII letter or digit → that character, lower case;
    and, failing that, those whose prototype is a Latin small capital (Cyrillic т → ᴛ → t, Greek κ → ĸ →
    k), which is how such a letter reads in running text."""
    data = json.loads(
        resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8")
    )
    table: dict[int, str] = {}
    for prototype in ASCII_ALNUM:
        for entry in data.get(prototype, ()):
            ch = entry["c"]
            if len(ch) != 1 or ch.isascii() or _east_asian(ord(ch)):
                continue
            if unicodedata.category(ch) in LETTER_OR_NUMBER:
                table[ord(ch)] = _prototype(ch, prototype)
    for ch, entries in data.items():
        if len(ch) != 1 or ch.isascii() or ord(ch) in table or _east_asian(ord(ch)):
            continue
        if unicodedata.category(ch) not in LETTER_OR_NUMBER:
            continue
        for candidate in (ch, *(entry["c"] for entry in entries if len(entry["c"]) == 1)):
            if letter := _small_capital(candidate):
                table[ord(ch)] = letter
                break
    return table


# Where the accented Latin letters are: Latin-1 to Latin Extended-B, and Latin Extended Additional.
ACCENTED_LATIN = (*range(0xC0, 0x250), *range(0x1E00, 0x1F00))


def lookalikes() -> dict[int, str]:
    """Digits, accented Latin letters and TR39 confusables → lower-case ASCII."""
    table = confusables()
    for code in range(0x80, 0x10000):  # decimal digits of the scripts of the BMP (full-width: NFKC)
        if not 0xD800 <= code <= 0xDFFF and unicodedata.category(ch := chr(code)) == "Nd":
            table[code] = str(unicodedata.decimal(ch))
    for code in ACCENTED_LATIN:
        ch = chr(code)
        base = unicodedata.normalize("NFD", ch)
        if len(base) > 1 and base[0] in ASCII_ALNUM and all(unicodedata.combining(m) for m in base[1:]):
            table[code] = base[0].lower()
    return table
