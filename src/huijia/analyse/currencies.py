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
from bisect import bisect_left
from collections.abc import Iterable
from functools import lru_cache

# Names in common use that CLDR does not give. Lebanon's and Syria's papers call their pound the lira;
# Iranian prices are said in rials or tomans (ten rials, `TOMAN`); the bare names of currencies several
# countries share (dinar, rial, riyal, lira, franc) stand for the currency of the country the text names
# (`SHARED_NAMES`), or else the one named here: the country whose news of child sales uses the word most.
LOCAL_NAMES = {
    "u.s. dollars": "USD", "u.s. dollar": "USD", "american dollars": "USD", "american dollar": "USD",
    "lebanese lira": "LBP", "lebanese liras": "LBP", "syrian lira": "SYP", "syrian liras": "SYP",
    "rials": "IRR", "rial": "IRR", "tomans": "IRR", "dinars": "IQD", "dinar": "IQD", "franc": "XOF",
    "riyal": "SAR", "dirham": "AED", "francs cfa": "XOF", "cfa franc": "XOF", "francs": "XOF",
    "kwanzas": "AOA", "kwanza": "AOA", "forints": "HUF", "forint": "HUF", "quetzals": "GTQ",
    "guaranies": "PYG", "guaranis": "PYG", "lempiras": "HNL", "gourdes": "HTG", "bolivianos": "BOB",
    "meticais": "MZN", "leones": "SLE", "dalasis": "GMD", "ariary": "MGA", "lari": "GEL",
    "somoni": "TJS", "tugriks": "MNT",
    "第纳尔": "IQD", "里亚尔": "IRR", "土曼": "IRR", "里拉": "TRY", "法郎": "XOF",
}  # fmt: skip
# A toman is ten rials: the amount is converted to rials, both ends of a range.
TOMAN = {"tomans": 10.0, "土曼": 10.0}  # not the singular: Toman is a surname too
# Where a sale took place outranks whose nationals took part: "In Istanbul, police arrested a Syrian woman
# who sold her baby for 5,000 lira" is Turkish lira. For each currency: the places (country, cities) and the
# nationality words. A word that only looks like one is left out (guinea pig, swiss roll, 阿曼达, 马里兰,
# 瑞士卷); "Jordan" is also a name, so it counts as a nationality word does.
_COUNTRIES: dict[str, tuple[str, str]] = {
    "IQD": (r"\biraq\b|baghdad|mosul|basra|erbil|伊拉克|巴格达", r"\biraqi"),
    "JOD": (r"\bamman\b|约旦|安曼", r"\bjordan"),
    "KWD": (r"\bkuwait\b|科威特", r"\bkuwaiti"),
    "DZD": (r"\balgeria\b|algiers|阿尔及利亚", r"\balgerian"),
    "TND": (r"\btunisia\b|\btunis\b|突尼斯", r"\btunisian"),
    "LYD": (r"\blibya\b|benghazi|tripoli|利比亚", r"\blibyan"),
    "RSD": (r"\bserbia\b|belgrade|塞尔维亚", r"\bserbian"),
    "IRR": (r"\biran\b|tehran|伊朗|德黑兰", r"\biranian|\bpersian"),
    "OMR": (r"\boman\b|muscat|阿曼(?!达)", r"\bomani"),
    "SAR": (r"saudi arabia|riyadh|jeddah|mecca|沙特", r"\bsaudi\b"),
    "QAR": (r"\bqatar\b|\bdoha\b|卡塔尔", r"\bqatari"),
    "LBP": (r"\blebanon\b|beirut|bekaa|黎巴嫩|贝鲁特", r"\blebanese"),
    "SYP": (r"\bsyria\b|damascus|aleppo|idlib|\bhoms\b|叙利亚|大马士革", r"\bsyrian"),
    "TRY": (r"\bturkey\b|türkiye|istanbul|ankara|izmir|土耳其", r"\bturkish"),
    "RWF": (r"\brwanda\b|kigali|卢旺达", r"\brwandan"),
    "BIF": (r"\bburundi\b|bujumbura|布隆迪", r"\bburundian"),
    "CDF": (
        r"democratic republic of (?:the )?congo|\bdrc\b|kinshasa|\bgoma\b|bukavu|刚果\(金\)|刚果民主共和国",
        r"\bcongolese",
    ),
    "GNF": (
        r"(?<!equatorial )(?<!papua new )\bguinea\b(?!-bissau| pigs?\b)|conakry|(?<!赤道)几内亚(?!比绍)",
        r"\bguinean",
    ),
    "XAF": (
        r"cameroon|\bchad\b|\bgabon\b|central african republic|brazzaville|equatorial guinea"
        r"|喀麦隆|乍得|加蓬|中非共和国|赤道几内亚",
        r"cameroonian|chadian|gabonese",
    ),
    "XOF": (
        r"senegal|\bmali\b|ivory coast|c[oô]te d.ivoire|burkina|\bniger\b|\btogo\b|\bbenin\b"
        r"|塞内加尔|马里(?!兰)|科特迪瓦",
        r"senegalese|malian|ivorian|burkinabe|togolese|beninese|nigerien",
    ),
    "CHF": (r"switzerland|geneva|zurich|瑞士(?!卷)", r"\bswiss\b(?! roll)"),
    # rupees: India's unless the text names Pakistan, Nepal, Sri Lanka or Mauritius nearer the sum
    "INR": (
        r"\bindia\b|delhi|mumbai|bangalore|bengaluru|chennai|kolkata|hyderabad(?!,? \(?sindh)|tamil nadu"
        r"|kerala|bihar|uttar pradesh|rajasthan|gujarat|maharashtra|印度(?!洋|尼)",
        r"\bindian\b",
    ),
    "PKR": (
        r"\bpakistan\b|lahore|karachi|islamabad|rawalpindi|peshawar|faisalabad|multan|quetta|\bsindh\b"
        r"|khyber|balochistan|巴基斯坦",
        r"pakistani",
    ),
    "NPR": (r"\bnepal\b|kathmandu|pokhara|尼泊尔", r"\bnepali|\bnepalese"),
    "LKR": (r"sri lanka\b|colombo|kandy|斯里兰卡", r"sri lankan"),
    "MUR": (r"mauritius|port louis|毛里求斯", r"mauritian"),
    # shillings: Kenya's unless the text names Uganda or Tanzania nearer the sum
    "KES": (
        r"\bkenya\b|nairobi|mombasa|kisumu|nakuru|eldoret|kiambu|machakos|kakamega|肯尼亚|内罗毕",
        r"\bkenyan",
    ),
    "UGX": (
        r"\buganda\b|kampala|mukono|wakiso|\bjinja\b|\bgulu\b|mbarara|masaka|乌干达|坎帕拉",
        r"\bugandan",
    ),
    "TZS": (
        r"\btanzania\b|dar es salaam|dodoma|arusha|mwanza|zanzibar|mbeya|坦桑尼亚|达累斯萨拉姆",
        r"\btanzanian",
    ),
    # K: the kwacha of Zambia and Malawi, the kina of Papua New Guinea, the kyat of Myanmar (their capitals
    # and provincial or regional capitals)
    "ZMW": (
        r"\bzambia\b|lusaka|\bndola\b|\bkitwe\b|\bkabwe\b|chipata|solwezi|\bmongu\b|赞比亚|卢萨卡",
        r"\bzambian",
    ),
    "MWK": (r"\bmalawi\b|lilongwe|blantyre|mzuzu|\bzomba\b|马拉维", r"\bmalawian"),
    "PGK": (
        r"papua new guinea|port moresby|\blae\b|mount hagen|\bmadang\b|kokopo|goroka|wewak"
        r"|巴布亚新几内亚",
        r"papua new guinean",
    ),
    # Burmese people, not Burmese cats, kittens or pythons, sold by the piece
    "MMK": (
        r"\bmyanmar\b|\bburma\b|yangon|rangoon|mandalay(?! bay)|naypyidaw|缅甸|仰光",
        r"\bburmese\b(?! (?:cats?|kittens?|pythons?))",
    ),
    # dollars: the United States' unless the text names another dollar's country first (`by_country`; English
    # names only: a Chinese post names its dollars, 新币, 澳元, 港币, and prices in ￥ whatever it names)
    "USD": (
        r"united states|\busa\b|\bu\.s\.|(?<!south )(?<!latin )(?<!central )(?<!north )\bamerica\b"
        # US before a noun the pronoun never takes ("a US couple"; not "for us parents", "help us families")
        r"|\bus (?=(?:couple|citizens?|government|police|authorities|court|army|soldiers?|embassy|consulate"
        r"|senator|president|state department)\b)"
        # the states and the cities with the most news — not Georgia (a country too), nor the names of
        # people, dogs, cats and ranges they share (Washington Ng, Indiana Jones, Dakota, Carolina,
        # Virginia Tan, Dallas Wong, Hannah Montana, Phoenix, Orlando Bloom, a Boston terrier, a Maine coon,
        # the Sierra Nevada)
        r"|alabama|alaska|arizona|arkansas|california|colorado|connecticut|\bdelaware\b(?!-registered)"
        r"|florida|hawaii|idaho|illinois|\bindiana\b(?! jones)|\biowa\b|kansas|kentucky|louisiana"
        r"|\bmaine\b(?! coons?)|maryland|massachusetts|michigan|minnesota|mississippi|missouri"
        r"|(?<!hannah )\bmontana\b|nebraska|(?<!sierra )\bnevada\b|new hampshire|new jersey|new mexico"
        r"|new york|(?:north|south) carolina|(?:north|south) dakota|\bohio\b|oklahoma|oregon|pennsylvania"
        r"|rhode island|tennessee|texas|\butah\b|vermont|west virginia|washington (?:state|dc|d\.c\.)"
        r"|washington, d\.?c|wisconsin|wyoming|chicago|los angeles|houston|atlanta|seattle|boston(?! terrier)"
        r"|detroit|miami|philadelphia|san antonio|san diego|san francisco|las vegas|denver|baltimore"
        r"|memphis|nashville|new orleans|cleveland|st\.? louis",
        r"\bamerican\b(?! samoa)",
    ),
    "SGD": (r"\bsingapore\b", r"\bsingaporean"),
    "AUD": (
        r"\baustralia\b|sydney|melbourne|brisbane|adelaide|canberra|queensland|new south wales",
        r"\baustralian",
    ),
    "CAD": (
        r"\bcanada\b|toronto|vancouver|montreal|ottawa|calgary|edmonton|ontario|quebec|alberta",
        r"\bcanadian",
    ),
    "NZD": (r"new zealand|auckland|christchurch", r"new zealander"),
    "HKD": (r"hong kong", r"hongkonger"),
    "TWD": (r"\btaiwan\b|taipei|kaohsiung|taichung", r"\btaiwanese"),
    # ¥: China's yuan unless the text names Japan nearer (English names only: a Chinese post that names 日本
    # prices Japanese goods in yuan)
    "CNY": (r"\bchina\b|beijing|shanghai|guangzhou|shenzhen", r"\bchinese\b"),
    # Japanese people, not the Japanese formula, nappies and wipes that Chinese shops price in yuan
    "JPY": (
        r"\bjapan\b|tokyo|osaka|kyoto|yokohama",
        r"\bjapanese(?:-born)? (?=(?:man|men|woman|women|people|couples?|brokers?|nationals?|citizens?"
        r"|famil(?:y|ies)|parents?|adoptive|mothers?|fathers?|police|authorities|prosecutors?|investigators?"
        r"|officials?|court|government|embassy|media|press|newspapers?|buyers?|agency|agencies)\b)",
    ),
}
# The bare names several countries' money shares, and the currencies each may be.
_SHARED = {
    "dinar": ("IQD", "JOD", "KWD", "DZD", "TND", "LYD", "RSD"),
    "rial": ("IRR", "OMR"),
    "riyal": ("SAR", "QAR"),
    "lira": ("TRY", "LBP", "SYP"),
    "franc": ("XOF", "XAF", "RWF", "BIF", "CDF", "GNF", "CHF"),
    "rupee": ("INR", "PKR", "NPR", "LKR", "MUR"),
    "shilling": ("KES", "UGX", "TZS"),
    "kwacha": ("MWK", "ZMW"),
    "k": ("ZMW", "MWK", "PGK", "MMK"),
    "dollar": ("USD", "SGD", "AUD", "CAD", "NZD", "HKD", "TWD"),
    "yen or yuan": ("CNY", "JPY"),
}
SHARED_NAMES = {
    "dinars": "dinar", "dinar": "dinar", "第纳尔": "dinar", "rials": "rial", "rial": "rial", "里亚尔": "rial",
    "riyals": "riyal", "riyal": "riyal", "lira": "lira", "liras": "lira", "里拉": "lira", "francs": "franc",
    "franc": "franc", "法郎": "franc", "rupees": "rupee", "rupee": "rupee", "rs": "rupee", "rs.": "rupee",
    "卢比": "rupee", "lakh": "rupee", "lakhs": "rupee", "lac": "rupee", "crore": "rupee", "crores": "rupee",
    "shillings": "shilling", "shilling": "shilling", "sh": "shilling", "先令": "shilling",
    "kwacha": "kwacha", "k": "k", "$": "dollar", "dollars": "dollar", "dollar": "dollar", "¥": "yen or yuan",
}  # fmt: skip
_PLACES = {code: re.compile(places) for code, (places, _) in _COUNTRIES.items()}
_NATIONALS = {code: re.compile(nationals) for code, (_, nationals) in _COUNTRIES.items()}


def by_country(name: str, folded: str, at: int) -> str | None:
    """The currency a bare shared name (`SHARED_NAMES`: dinars, rials, lira, francs, rupees, Rs, shillings,
    Sh, kwacha, K, dollars and $, ¥) stands for in this text: that of the place named nearest to the sum at
    `at` ("Police in Amman … 3,000 dinars" are Jordanian), else of the nationality named nearest; None when
    the text names none. Dollars go by the place named first, not nearest: an American story names its own
    state or city first and other countries in passing ("An Indiana woman who once lived in Canada tried to
    sell her baby for $5,000"), where a report of rupees or dinars names the police's city beside the sum."""
    family = SHARED_NAMES.get(name)
    if family is None:
        return None
    for mentions in _mentions(folded):
        found = _closest(mentions, _SHARED[family], at, first=family == "dollar")
        if found is not None:
            return found
    return None


def _closest(
    mentions: dict[str, tuple[int, ...]], codes: Iterable[str], at: int, *, first: bool = False
) -> str | None:
    """Of `codes`, the one whose place or people `mentions` has nearest to `at` (the earliest named, with
    `first`); None when it has none of them. A tie goes to the code listed first."""
    best: tuple[int, str] | None = None
    for code in codes:
        positions = mentions.get(code, ())
        distance = (positions[0] if positions else None) if first else _nearest(positions, at)
        if distance is not None and (best is None or distance < best[0]):
            best = (distance, code)
    return None if best is None else best[1]


# Nationality words of the countries `huijia.analyse.places` names in English posts that `_COUNTRIES` does
# not list ("Nigerian police", "a Filipino mother"): a bare sum's money when no place is named.
_MORE_NATIONALS = {
    "NGN": r"\bnigerian", "GHS": r"\bghanaian", "PHP": r"\bfilipin[oa]s?\b", "IDR": r"\bindonesian",
    "MYR": r"\bmalaysian", "VND": r"\bvietnamese", "THB": r"\bthai\b", "BDT": r"\bbangladeshi",
    "ZAR": r"\bsouth african", "GBP": r"\bbritish\b", "MXN": r"\bmexican", "GTQ": r"\bguatemalan",
    "UAH": r"\bukrainian", "RUB": r"\brussian", "KRW": r"\bsouth korean", "BRL": r"\bbrazilian",
    "EUR": r"\b(?:german|french|italian|spanish)\b",
}  # fmt: skip
# Where a post names Hong Kong or Macau, the English place table answers China; their money is their own.
_OWN_MONEY = {"香港特别行政区": "HKD", "澳门特别行政区": "MOP"}


def by_place(folded: str, at: int) -> str | None:
    """The money of the country an English post names nearest a sum that has neither sign nor unit word
    ("In Lagos, Nigeria, she asked for 50,000" is naira): the place named nearest (`_COUNTRIES`' places and
    the countries, provinces and cities of `huijia.analyse.places`), else the nationality named nearest;
    None when the post names none. A report names the country of the sale beside the sum; a bare sum in a
    post that names no place is left to the caller."""
    for mentions in _bare_mentions(folded):
        found = _closest(mentions, mentions, at)
        if found is not None:
            return found
    return None


@lru_cache(maxsize=4)
def _bare_mentions(folded: str) -> tuple[dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]:
    places, nationals = _mentions(folded)
    found: dict[str, list[int]] = {code: list(at) for code, at in places.items() if at}
    for code, rx in _more_places().items():
        found.setdefault(code, []).extend(m.start() for m in rx.finditer(folded))
    more = _positions(_MORE_NATIONAL_PATTERNS, folded)
    return (
        {code: tuple(sorted(at)) for code, at in found.items() if at},
        {code: at for code, at in (nationals | more).items() if at},
    )


@lru_cache(maxsize=1)
def _more_places() -> dict[str, re.Pattern[str]]:
    """The English place table of `huijia.analyse.places`, as one pattern per currency."""
    from babel.numbers import get_territory_currencies

    from huijia.analyse.places import english_places

    names: dict[str, list[str]] = {}
    for name, (country, province, _) in english_places().items():
        money = _OWN_MONEY.get(province or "") or next(iter(get_territory_currencies(country)), None)
        if money is not None:
            names.setdefault(money, []).append(name)
    return {code: _any_word(group) for code, group in names.items()}


def _any_word(words: list[str]) -> re.Pattern[str]:
    longest_first = sorted(words, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in longest_first) + r")\b")


_MORE_NATIONAL_PATTERNS = {code: re.compile(rx) for code, rx in _MORE_NATIONALS.items()}


def _nearest(positions: tuple[int, ...], at: int) -> int | None:
    """The distance from `at` to the nearest of `positions` (sorted), by bisection: a long report may name
    a country thousands of times."""
    if not positions:
        return None
    i = bisect_left(positions, at)
    return min(abs(positions[j] - at) for j in (i - 1, i) if 0 <= j < len(positions))


@lru_cache(maxsize=4)
def _mentions(folded: str) -> tuple[dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]:
    """Where the text names each country's places, and where its nationals: found once per text, however
    many sums it states (a long report of many sales)."""
    return _positions(_PLACES, folded), _positions(_NATIONALS, folded)


def _positions(patterns: dict[str, re.Pattern[str]], folded: str) -> dict[str, tuple[int, ...]]:
    return {code: tuple(m.start() for m in rx.finditer(folded)) for code, rx in patterns.items()}


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
