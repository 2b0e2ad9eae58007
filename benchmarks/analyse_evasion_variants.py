"""Whether flags hold under evasions the project's own rules do not write.

`huijia.training.evasions` rewrites real positives in six ways and `huijia train` and
`benchmarks/analyse_quality.py` report how many flags survive. An evaluator's rules will differ in their
details: other separators, other spaces, other look-alike letters, full pinyin rather than initials, other
emoji. This rewrites the same real positives (every non-ambiguous quoted offer, request or broker post the
bundled model flags, both splits: the rules are not the training's, so none was fitted to them) with such
variants and prints, per variant, how many flags are kept and the posts lost:

- sym_alt: a different separator inside each key term (b_u_y, 送/养, b|a|b|y, ❤, ★, ·, …);
- zwsp, shy: zero-width spaces and soft hyphens between the letters of key terms;
- fwspace: ideographic spaces inside Chinese terms, double spaces inside English ones;
- fullwidth, mathbold, accents, cyr_terms: key English words in full-width letters, mathematical bold,
  accented vowels, or Cyrillic and Greek look-alikes on the key words only;
- full_pinyin, upper_initials: Chinese key terms as toneless full pinyin (songyang) or capitalised
  initials (SY, YYF), by pypinyin;
- trad: the whole post in traditional characters (OpenCC s2t);
- emoji_alt: other emoji for the child (🍼, 👶🏻, 👦, 👧, 🧒🏽).

The goal (issue 12): ≥ 80 % of flags kept under each evasion. The quoted posts are the project's own
(`data/quoted/`), read with the rest of the real text by `huijia.training.realtext`.

Usage: python benchmarks/analyse_evasion_variants.py [--show N]
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable

import opencc
from pypinyin import lazy_pinyin

from huijia.analyse.pipeline import default_analyser
from huijia.model import TRAFFICKING_LABELS
from huijia.training import evasions
from huijia.training.realtext import load_real

ZH_TERMS = sorted(
    (*evasions.ZH_TERMS, "卖", "买", "孩", "娃", "宝", "婴", "养", "价格", "多少钱", "联系"), key=len
)[::-1]
EN_TERMS = sorted(
    (*evasions.EN_TERMS, "kid", "kids", "children", "pay", "adoptive", "mother", "month"), key=len
)[::-1]
_ZH = re.compile("|".join(ZH_TERMS))
_EN = re.compile(r"\b(" + "|".join(EN_TERMS) + r")\b", re.IGNORECASE)
SEPARATORS = ("-", "_", "/", "|", "~", "❤", "★", "·", "…", "^")
FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}
ACCENTED = {"a": "á", "e": "é", "i": "í", "o": "ö", "u": "ü", "y": "ý"}
CHILD_ZH = frozenset(("宝宝", "婴儿", "孩子", "小孩", "孩", "娃", "宝", "婴"))
CHILD_EN = frozenset(("baby", "babies", "infant", "child", "kid", "kids", "children", "newborn"))
EMOJI = ("🍼", "👶🏻", "👦", "👧", "🧒🏽")


def _terms(text: str, zh: Callable[[str], str], en: Callable[[str], str]) -> str:
    return _EN.sub(lambda m: en(m.group(0)), _ZH.sub(lambda m: zh(m.group(0)), text))


def sym_alt(text: str) -> str:
    count = [0]

    def one(word: str) -> str:
        count[0] += 1
        return SEPARATORS[count[0] % len(SEPARATORS)].join(word)

    return _terms(text, one, one)


def between(mark: str, english_mark: str | None = None) -> Callable[[str], str]:
    return lambda text: _terms(text, mark.join, (english_mark or mark).join)


def english_letters(table: dict[str, str]) -> Callable[[str], str]:
    return lambda text: _terms(text, lambda w: w, lambda w: "".join(table.get(c, c) for c in w))


def math_bold(text: str) -> str:
    def bold(word: str) -> str:
        return "".join(
            chr(0x1D41A + ord(c) - 97)
            if "a" <= c <= "z"
            else chr(0x1D400 + ord(c) - 65)
            if "A" <= c <= "Z"
            else c
            for c in word
        )

    return _terms(text, lambda w: w, bold)


def full_pinyin(text: str) -> str:
    return _terms(text, lambda w: "".join(lazy_pinyin(w)), lambda w: w)


def upper_initials(text: str) -> str:
    return _terms(text, lambda w: "".join(p[0] for p in lazy_pinyin(w)).upper(), lambda w: w)


_S2T = opencc.OpenCC("s2t")


def emoji_alt(text: str) -> str:
    count = [0]

    def zh(word: str) -> str:
        if word not in CHILD_ZH:
            return word
        count[0] += 1
        return EMOJI[count[0] % len(EMOJI)]

    def en(word: str) -> str:
        if word.lower() not in CHILD_EN:
            return word
        count[0] += 1
        return EMOJI[count[0] % len(EMOJI)]

    return _terms(text, zh, en)


RULES: dict[str, Callable[[str], str]] = {
    "sym_alt": sym_alt,
    "zwsp": between("\u200b"),
    "shy": between("\u00ad"),
    "fwspace": between("\u3000", "  "),
    "fullwidth": english_letters(FULL_WIDTH),
    "mathbold": math_bold,
    "accents": english_letters(ACCENTED),
    "cyr_terms": english_letters(evasions.HOMOGLYPHS),
    "full_pinyin": full_pinyin,
    "upper_initials": upper_initials,
    "trad": _S2T.convert,
    "emoji_alt": emoji_alt,
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--show", type=int, default=3, help="posts lost to show per variant")
    args = parser.parse_args()
    analyser = default_analyser()
    positives = [
        item
        for item in load_real().items
        if item.quoted and not item.ambiguous and item.label in TRAFFICKING_LABELS
    ]
    flagged = [item for item in positives if analyser.analyse(item.text, item.id).label in TRAFFICKING_LABELS]
    if not flagged:
        raise SystemExit(
            "no quoted positive is flagged (or none was found under data/quoted/): nothing to rewrite"
        )
    print(f"{len(positives)} quoted positives, {len(flagged)} flagged by the bundled model")
    for name, rule in RULES.items():
        tried = kept = 0
        lost: list[tuple[float, str]] = []
        for item in flagged:
            variant = rule(item.text)
            if variant == item.text:
                continue
            tried += 1
            finding = analyser.analyse(variant, item.id)
            if finding.label in TRAFFICKING_LABELS:
                kept += 1
            else:
                lost.append((finding.risk, variant[:100].replace("\n", " ")))
        share = kept / tried if tried else 1.0
        print(f"{name:15s} {kept:3d}/{tried:<3d} {share:4.0%}{'' if share >= 0.8 else '  (goal ≥ 80 %)'}")
        for risk, text in lost[: args.show]:
            print(f"    {risk:.2f} {text}")


if __name__ == "__main__":
    main()
