"""The names of the currencies huijia converts, as English and Chinese text writes them after a sum.

Newspapers name a foreign currency with its country: "7 million Lebanese pounds", "four million Iraqi
dinars", "NT$360,000 (New Taiwan dollars)", 5万伊拉克第纳尔. The names come from the Unicode CLDR, as Babel
ships it (the singular and plural English names and the Chinese name of every currency in the dated rate
table, rates.toml), so that a currency gains its names when it gains a rate. Babel was chosen because it
is the maintained Python carrier of CLDR: hand-typing two hundred currency names would drift from it.

A few names that papers use and CLDR does not are listed by hand (`LOCAL_NAMES`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Names in common use that CLDR does not give. Lebanon's and Syria's papers call their pound the lira;
# Iranian prices are said in rials or tomans (ten rials, `TOMAN`); the bare names of currencies several
# countries share (dinar, rial, riyal, lira, franc) stand for the currency of the country the text names
# (`SHARED_NAMES`), or else the one named here: the country whose news of child sales uses the word most.
LOCAL_NAMES = {
    "lebanese lira": "LBP", "lebanese liras": "LBP", "syrian lira": "SYP", "syrian liras": "SYP",
    "rials": "IRR", "rial": "IRR", "tomans": "IRR", "toman": "IRR", "dinars": "IQD", "dinar": "IQD",
    "riyal": "SAR", "dirham": "AED", "francs cfa": "XOF", "cfa franc": "XOF", "francs": "XOF",
    "kwanzas": "AOA", "kwanza": "AOA", "forints": "HUF", "forint": "HUF", "quetzals": "GTQ",
    "guaranies": "PYG", "guaranis": "PYG", "lempiras": "HNL", "gourdes": "HTG", "bolivianos": "BOB",
    "meticais": "MZN", "leones": "SLE", "dalasis": "GMD", "ariary": "MGA", "lari": "GEL",
    "somoni": "TJS", "tugriks": "MNT",
    "第纳尔": "IQD", "里亚尔": "IRR", "土曼": "IRR", "里拉": "TRY", "法郎": "XOF",
}  # fmt: skip
# A toman is ten rials: the amount is converted to rials, both ends of a range.
TOMAN = {"tomans": 10.0, "toman": 10.0, "土曼": 10.0}
_COUNTRIES = {
    "IQD": r"iraq|baghdad|mosul|basra|erbil|伊拉克|巴格达",
    "JOD": r"jordan|amman|约旦|安曼",
    "KWD": r"kuwait|科威特",
    "DZD": r"algeria|algiers|阿尔及利亚",
    "TND": r"tunisia|突尼斯",
    "LYD": r"libya|benghazi|利比亚",
    "RSD": r"serbia|belgrade|塞尔维亚",
    "IRR": r"\biran|tehran|persian|伊朗|德黑兰",
    "OMR": r"\boman\b|muscat|阿曼",
    "SAR": r"saudi|riyadh|jeddah|沙特",
    "QAR": r"qatar|doha|卡塔尔",
    "LBP": r"leban|beirut|bekaa|黎巴嫩|贝鲁特",
    "SYP": r"syria|damascus|aleppo|idlib|叙利亚|大马士革",
    "TRY": r"turkey|turkish|türkiye|istanbul|ankara|土耳其",
    "RWF": r"rwanda|kigali|卢旺达",
    "BIF": r"burundi|bujumbura|布隆迪",
    "CDF": r"democratic republic of (?:the )?congo|\bdrc\b|kinshasa|goma|bukavu|刚果\(金\)|刚果民主共和国",
    "GNF": r"(?<!equatorial )(?<!papua new )guinea(?!-bissau)|conakry|几内亚",
    "XAF": r"cameroon|\bchad\b|gabon|central african|brazzaville|equatorial guinea|喀麦隆|乍得|加蓬|中非",
    "XOF": r"senegal|\bmali\b|ivory coast|c[oô]te d.ivoire|burkina|\bniger\b|togo|benin"
    r"|塞内加尔|马里|科特迪瓦",
    "CHF": r"switzerland|swiss|geneva|zurich|瑞士",
}
# The bare names several countries' money shares, and the currencies each may be.
_SHARED = {
    "dinar": ("IQD", "JOD", "KWD", "DZD", "TND", "LYD", "RSD"),
    "rial": ("IRR", "OMR"),
    "riyal": ("SAR", "QAR"),
    "lira": ("TRY", "LBP", "SYP"),
    "franc": ("XOF", "XAF", "RWF", "BIF", "CDF", "GNF", "CHF"),
}
SHARED_NAMES = {
    "dinars": "dinar", "dinar": "dinar", "第纳尔": "dinar", "rials": "rial", "rial": "rial", "里亚尔": "rial",
    "riyals": "riyal", "riyal": "riyal", "lira": "lira", "liras": "lira", "里拉": "lira", "francs": "franc",
    "法郎": "franc",
}  # fmt: skip
_COUNTRY_RE = {code: re.compile(pattern) for code, pattern in _COUNTRIES.items()}


def by_country(name: str, folded: str, at: int) -> str | None:
    """The currency a bare shared name (`SHARED_NAMES`: dinars, rials, lira, francs) stands for in this
    text: that of the country named nearest to the sum at `at` ("Police in Amman … 3,000 dinars" are
    Jordanian); None when the text names none of them."""
    family = SHARED_NAMES.get(name)
    if family is None:
        return None
    best: tuple[int, str] | None = None
    for code in _SHARED[family]:
        for match in _COUNTRY_RE[code].finditer(folded):
            distance = abs(match.start() - at)
            if best is None or distance < best[0]:
                best = (distance, code)
    return best[1] if best else None


def cldr_names(codes: Iterable[str]) -> dict[str, str]:
    """Lower-case English (singular and plural) and Chinese (Simplified) CLDR names → currency code, for
    `codes`. A name two currencies share is left out (none do among the rate table's today)."""
    from babel.core import Locale
    from babel.numbers import get_currency_name

    english, chinese = Locale("en"), Locale("zh")
    seen: dict[str, set[str]] = {}
    for code in codes:
        names = {
            get_currency_name(code, count=1, locale=english),
            get_currency_name(code, count=2, locale=english),
            get_currency_name(code, locale=english),
            get_currency_name(code, locale=chinese),
        }
        for name in names:
            if name and name != code:  # Babel answers an unknown code with the code itself
                seen.setdefault(name.lower(), set()).add(code)
    return {name: next(iter(found)) for name, found in seen.items() if len(found) == 1}
