"""Rule-based rewrites of a real post in the ways sellers dodge filters, to measure whether a flag holds.

Each rule rewrites the key terms of a post (child, giving and taking, fees, documents, contact words) and
leaves the rest alone, as a seller does who knows which words a filter looks for:
- `homoglyph` — Latin letters swapped for Cyrillic or Greek look-alikes (wеchat, bаby);
- `pinyin` — Chinese key terms written as pinyin initials or abbreviations (送养 → sy, 营养费 → yyf),
  English ones abbreviated (baby → bby, for sale → 4 sale);
- `symbol` — a symbol inside a key term (送*养, b.a.b.y);
- `variant` — traditional and variant character forms (養, 賣, 嬰, 寶, 児);
- `emoji` — an emoji for the child (👶);
- `spacing` — the key terms spaced out (送 养, b a b y).

These are the project's own rules, used only to measure (`benchmarks/analyse_quality.py`); the shipped
normalisation in `huijia.text` is written against the general cases (Unicode confusables, OpenCC and
Unihan variants, separators, pinyin derived from the lexicon), not against this list.
"""

from __future__ import annotations

import re
from collections.abc import Callable

ZH_TERMS = (
    "有偿送养", "送养", "领养", "收养", "抱养", "营养费", "感谢费", "补偿", "出生证", "上户口", "男宝", "女宝",
    "男婴", "女婴", "婴儿", "宝宝", "孩子", "小孩", "出售", "转让", "预产期", "怀孕", "私聊", "微信", "中介",
)  # fmt: skip
EN_TERMS = (
    "adoption", "adopt", "baby", "babies", "newborn", "infant", "child", "son", "daughter", "boy", "girl",
    "sale", "sell", "selling", "buy", "pregnant", "due", "money", "fee", "cash", "whatsapp", "contact",
    "inbox", "dm", "price",
)  # fmt: skip
PINYIN = {
    "有偿送养": "ycsy", "送养": "sy", "领养": "ly", "收养": "shy", "抱养": "by", "营养费": "yyf",
    "感谢费": "gxf", "补偿": "bc", "出生证": "csz", "上户口": "shk", "男宝": "nb", "女宝": "nvb",
    "男婴": "ny", "女婴": "nvy", "婴儿": "ye", "宝宝": "bb", "孩子": "hz", "小孩": "xh", "出售": "cs",
    "转让": "zr", "预产期": "ycq", "怀孕": "hy", "私聊": "sl", "微信": "vx", "中介": "zj",
}  # fmt: skip
EN_ABBREVIATIONS = {
    "adoption": "adopshun", "adopt": "adpt", "baby": "bby", "babies": "bbies", "newborn": "nb",
    "infant": "infnt", "child": "chld", "son": "s0n", "daughter": "dtr", "boy": "b0y", "girl": "grl",
    "sale": "s@le", "sell": "s3ll", "selling": "s3lling", "buy": "bui", "pregnant": "preggo", "due": "d00",
    "money": "$$", "fee": "f33", "cash": "ca$h", "whatsapp": "WA", "contact": "cntct", "inbox": "ibx",
    "dm": "pm", "price": "pr1ce",
}  # fmt: skip
HOMOGLYPHS = {
    "a": "а", "c": "с", "e": "е", "i": "і", "j": "ј", "o": "о", "p": "р", "s": "ѕ", "x": "х", "y": "у",
    "h": "һ", "k": "κ", "v": "ν", "u": "υ", "w": "ԝ",
}  # fmt: skip
VARIANTS = {
    "养": "養", "卖": "賣", "买": "買", "婴": "嬰", "宝": "寶", "儿": "児", "费": "費", "孩": "孩", "证": "證",
    "户": "戶", "领": "領", "谢": "謝", "偿": "償", "产": "産", "怀": "懷", "孕": "孕", "让": "讓", "聊": "聊",
    "私": "私", "补": "補", "营": "營", "转": "轉", "亲": "親", "钱": "錢", "万": "萬", "块": "塊", "价": "價",
}  # fmt: skip
EMOJI_ZH = {
    "宝宝": "👶",
    "婴儿": "👶",
    "男宝": "男👶",
    "女宝": "女👶",
    "孩子": "👶",
    "小孩": "👶",
    "男婴": "男👶",
    "女婴": "女👶",
}
EMOJI_EN = {
    "baby": "👶",
    "babies": "👶👶",
    "newborn": "new👶",
    "infant": "👶",
    "child": "🧒",
    "boy": "👦",
    "girl": "👧",
}

_EN_WORD = re.compile(r"\b(" + "|".join(sorted(EN_TERMS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
_ZH_TERM = re.compile("|".join(sorted(ZH_TERMS, key=len, reverse=True)))


def _replace_terms(text: str, zh: Callable[[str], str], en: Callable[[str], str]) -> str:
    text = _ZH_TERM.sub(lambda m: zh(m.group(0)), text)
    return _EN_WORD.sub(lambda m: en(m.group(0)), text)


def homoglyph(text: str) -> str:
    return "".join(HOMOGLYPHS.get(ch, ch) for ch in text)


def pinyin(text: str) -> str:
    def en(word: str) -> str:
        return EN_ABBREVIATIONS.get(word.lower(), word)

    out = _replace_terms(text, lambda term: PINYIN.get(term, term) + "\0", en)
    out = re.sub(r"\0(?=[a-z])", " ", out).replace("\0", "")  # sy nb, as one writes two abbreviations
    return re.sub(r"\bfor sale\b", "4 sale", out, flags=re.IGNORECASE)


def symbol(text: str) -> str:
    return _replace_terms(text, lambda term: "*".join(term), lambda word: ".".join(word))


def variant(text: str) -> str:
    return "".join(VARIANTS.get(ch, ch) for ch in text)


def emoji(text: str) -> str:
    def en(word: str) -> str:
        return EMOJI_EN.get(word.lower(), word)

    return _replace_terms(text, lambda term: EMOJI_ZH.get(term, term), en)


def spacing(text: str) -> str:
    return _replace_terms(text, lambda term: " ".join(term), lambda word: " ".join(word))


RULES: dict[str, Callable[[str], str]] = {
    "homoglyph": homoglyph,
    "pinyin": pinyin,
    "symbol": symbol,
    "variant": variant,
    "emoji": emoji,
    "spacing": spacing,
}
