"""One same-length folding of text so that cues match whatever form a post is written in.

`fold(text)` maps every character to one character: full-width forms to ASCII, upper to lower case,
traditional to simplified Chinese (OpenCC's character table), circled and other compatibility digits to
ASCII digits, and invisible format characters (zero-width spaces, direction marks) to spaces. Because the
length never changes, an index into the folded text is an index into the original, and every evidence
span can point at the characters the poster really wrote.

Spacing tricks ("男 宝", "微-信", "男🍼宝") are undone by `squeeze`, which drops separators between CJK
characters and keeps a map back to the original indices.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u00ad\u3000\xa0\u202f"


def _opencc_table() -> dict[int, str]:
    """Single-character traditional → simplified pairs from OpenCC's t2s conversion."""
    import opencc

    chars = [chr(c) for lo, hi in CJK_RANGES for c in range(lo, hi + 1)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # a phrase rule joined lines: fall back to one call per character
        converter = opencc.OpenCC("t2s")
        converted = [converter.convert(c) for c in chars]
    return {ord(a): b for a, b in zip(chars, converted, strict=True) if len(b) == 1 and b != a}


@lru_cache(maxsize=1)
def fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x80, 0x10000):
        if 0xD800 <= code <= 0xDFFF or any(lo <= code <= hi for lo, hi in CJK_RANGES[:2]):
            continue
        folded = unicodedata.normalize("NFKC", chr(code))
        if len(folded) == 1 and folded != chr(code):
            table[code] = folded.lower() if len(folded.lower()) == 1 else folded
    table.update(_opencc_table())
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code + 32)
    for code, target in list(table.items()):
        if "A" <= target <= "Z":
            table[code] = target.lower()
    for ch in INVISIBLE:
        table[ord(ch)] = " "
    table[ord("\t")] = " "
    return table


def fold(text: str) -> str:
    """`text` with each character folded; `len(fold(text)) == len(text)` always."""
    if text.isascii():  # the common English case, without a table lookup per character
        return text.lower().replace("\t", " ") if "\t" in text else text.lower()
    folded = text.translate(fold_table())
    return folded if len(folded) == len(text) else _fold_slow(text)


def _fold_slow(text: str) -> str:
    table = fold_table()
    return "".join(t if len(t := table.get(ord(c), c)) == 1 else c for c in text)


# Separators a poster puts between characters to dodge filters: spaces, punctuation, symbols, emoji.
_TRICK = re.compile(r"[\u4e00-\u9fff](?:[\s\W_]{1,3}[\u4e00-\u9fff]){2,}")
_SEPARATOR = re.compile(r"[\s\W_]")


def squeeze(folded: str) -> tuple[str, list[int]] | None:
    """Runs of CJK characters split by separators, joined up, with a map from squeezed to original
    indices; None when the text has no such run (the usual case, found with one regex search)."""
    if _TRICK.search(folded) is None:
        return None
    out: list[str] = []
    where: list[int] = []
    for match in _TRICK.finditer(folded):
        for idx in range(match.start(), match.end()):
            ch = folded[idx]
            if not _SEPARATOR.match(ch):
                out.append(ch)
                where.append(idx)
        out.append("\n")
        where.append(match.end())
    return "".join(out), where
