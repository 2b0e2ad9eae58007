"""CJK variant forms read as the standard simplified character: 賣/売 → 卖, 兒/児 → 儿, 寶/寳 → 宝, 嬰 → 婴.

- OpenCC (the `opencc` package): traditional → simplified with t2s, then Taiwan and Hong Kong variant forms
  (tw2s, hk2s) and Japanese shinjitai (jp2t, then t2s: 売 → 賣 → 卖, 児 → 兒 → 儿);
- Unihan (unihan_variants.tsv, built by scripts/build_variant_table.py from Unicode 14.0): semantic, Z and
  simplified variants that OpenCC does not know (寳 → 宝, 岀 → 出, 髙 → 高) and CJK radicals (⻢ → 马).

Only single characters that map to single characters are kept. The variant passes never touch a standard
simplified character (one in GB 2312): a Japanese or Taiwanese form that is also an ordinary Chinese
character (芸, 著, 么) keeps its Chinese reading.
"""

from __future__ import annotations

from importlib import resources

CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
VARIANT_CONFIGS = (("tw2s",), ("hk2s",), ("jp2t", "t2s"))


def _convert(configs: tuple[str, ...], chars: list[str]) -> list[str]:
    import opencc

    converted = chars
    for config in configs:
        converter = opencc.OpenCC(config)
        lines = converter.convert("\n".join(converted)).split("\n")
        if len(lines) != len(converted):  # a phrase rule joined lines: one call per character
            lines = [converter.convert(c) for c in converted]
        converted = lines
    return converted


def standard_simplified(ch: str) -> bool:
    """Whether `ch` is a character of GB 2312, the standard simplified set."""
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def opencc_table() -> dict[int, str]:
    """Single-character traditional → simplified pairs from OpenCC's t2s, and variant forms from its Taiwan,
    Hong Kong and Japanese configurations for characters that t2s leaves alone."""
    chars = [chr(c) for lo, hi in CJK_RANGES for c in range(lo, hi + 1)]
    table = {
        ord(a): b for a, b in zip(chars, _convert(("t2s",), chars), strict=True) if len(b) == 1 and b != a
    }
    candidates = [c for c in chars if ord(c) not in table and not standard_simplified(c)]
    for configs in VARIANT_CONFIGS:
        for a, b in zip(candidates, _convert(configs, candidates), strict=True):
            if len(b) == 1 and b != a and ord(a) not in table and standard_simplified(b):
                table[ord(a)] = b
    return table


def unihan_table() -> dict[int, str]:
    """The committed Unihan variant table (unihan_variants.tsv)."""
    text = resources.files(__package__).joinpath("unihan_variants.tsv").read_text(encoding="utf-8")
    table: dict[int, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            source, target = line.split("\t")
            table[ord(source)] = target
    return table
