"""Stated prices: 3万元, 营养费八九万, 6万8, 30,000 yuan, $16,000, £3,400, 90K → amount, range, currency, CNY.

A number is a price when it carries a currency (a symbol before it, a unit word after it), or a 万/w/k
multiplier near a fee word, or follows a fee word directly. Ages (2个月, 10 days), weights, dates, times
and long digit strings (phone and QQ numbers) are not prices.
"""

from __future__ import annotations

import math
import re
import tomllib
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import accumulate

from huijia.analyse.cues import HAN
from huijia.analyse.currencies import LOCAL_NAMES, TOMAN, by_country, by_place, cldr_names
from huijia.model import Price
from huijia.text.numbers import EN_NUMBER, NUMERAL, parse_english_number, parse_number

SYMBOLS = {
    "¥": "CNY", "rmb": "CNY", "cny": "CNY", "人民币": "CNY", "us$": "USD", "usd": "USD", "$": "USD",
    "£": "GBP", "gbp": "GBP", "€": "EUR", "eur": "EUR", "hk$": "HKD", "hkd": "HKD", "nt$": "TWD",
    "₦": "NGN", "ngn": "NGN", "₹": "INR", "rs.": "INR", "rs": "INR", "inr": "INR", "rm": "MYR", "myr": "MYR",
    "₱": "PHP", "php": "PHP", "vnd": "VND", "₫": "VND", "s$": "SGD", "a$": "AUD", "c$": "CAD",
    "ksh": "KES", "kes": "KES", "pkr": "PKR", "egp": "EGP", "zar": "ZAR", "ghs": "GHS", "gh₵": "GHS",
    "₩": "KRW", "krw": "KRW", "৳": "BDT", "bdt": "BDT", "gh¢": "GHS",
}  # fmt: skip
# The signs and codes of the countries the quoted pages report from, as their own papers write them:
# Tk50,000 (Bangladesh), Shs 9 million and UGX (Uganda), Ksh.20,000 (Kenya), MK1 million (Malawi), Rp 10
# million (Indonesia), PLN 6,000 (Poland), N130,000 (Nigeria), R4 000 (South Africa), P60,000 (the
# Philippines). Read in English
# posts only: in a Chinese post, letters before digits are a handle (微信tk2019888, vx: mk1314520). Not TSh
# (Tanzania's, but TSH is the thyroid test of every pregnancy forum).
ENGLISH_ONLY_SYMBOLS = {
    "tk": "BDT", "tk.": "BDT", "shs": "UGX", "shs.": "UGX", "ush": "UGX", "ugx": "UGX", "ksh.": "KES",
    "kshs": "KES", "kshs.": "KES", "tzs": "TZS", "mk": "MWK", "mwk": "MWK", "rp": "IDR", "rp.": "IDR",
    "idr": "IDR", "etb": "ETB", "ghc": "GHS", "npr": "NPR", "lkr": "LKR", "thb": "THB", "jpy": "JPY",
    "aud": "AUD", "cad": "CAD", "sgd": "SGD", "mxn": "MXN", "r$": "BRL", "brl": "BRL", "uah": "UAH",
    "aed": "AED", "pln": "PLN", "n": "NGN", "r": "ZAR", "p": "PHP", "sh": "KES", "kd": "KWD", "kwd": "KWD",
    "k": "ZMW",
}  # fmt: skip
SYMBOLS |= ENGLISH_ONLY_SYMBOLS
# Letters that are a currency's sign only straight before a digit, in an English post, for a sum of at least
# LETTER_SIGN_FLOOR: Nigerian posts write naira as N130,000 (N95 is a mask), South African ones rand as
# R4 000, Philippine ones pesos as P60,000, East African ones shillings as Sh1,200 (Kenya's unless another
# shilling's country is named, `currencies.by_country`; Shs is Uganda's). R, P and Sh name models, pages and
# handles too (R2000, p1200, @sh2019): as signs they need a sum grouped in thousands or scaled (R4 000,
# P60,000, P2.5 million, R50k, Sh1.2 million). K is the sign of the kwacha (Zambia, Malawi), the kina
# (Papua New Guinea) and the kyat (Myanmar), as their papers print it (K1,500, K15 million, K500): a sign
# of any sum of SMALL_SUM or more in a text that names one of those countries (`currencies.by_country`), or
# grouped or scaled as R's right after words that pay or price it (`PAID_BEFORE`; Zambia's kwacha when no
# country is named) — K9, K12 and K2 are a dog unit, a school system and a mountain, and the K1,500 series,
# K15 million views and vitamin K2 100mcg no sums.
LETTER_SIGNS = frozenset(("n", "r", "p", "sh", "k"))
GROUPED_ONLY = frozenset(("r", "p", "sh", "k"))
# Signs never read before thousands grouped by spaces: "vitamin K2 100mcg", "KD 2 014"
SPACED_NOT = frozenset(("k", "kd"))
# The words that pay or price a sum said just before it, which a K or KD sum needs where the text names no
# country of its money (`_letter_sign_stands`)
PAID_BEFORE = re.compile(
    r"\b(?:for|paid|pay|payment of|price of|fee of|sum of|cost|costs|asking|asked|gave|given|received"
    r"|charged?|demanded|offered|price|priced)\s*:?\s*$"
)
# A sum after a currency sign or before a word that names money only is money however small ("Premium £5",
# "$50 for the baby", 50 dollars): it is read, but a sum under SMALL_SUM is no price of a child for the
# model to weigh or the guards to count (`is_small`); the finding shows it only when the post states no
# other. A bare small number stays a count or an age.
SIGNS = frozenset("$£€¥₦₹₱₫₩৳")
# Signs many currencies write: $ (dollars of a dozen countries, pesos), ¥ (yuan and yen), £ (pounds of
# Egypt, Lebanon, Syria). A unit word after the sum says whose.
SHARED_SIGNS = frozenset("$¥£")
# The English words that scale the number before them, one table for every pattern that reads them: a sum
# ($20 thousand, $1.2 million), a range whose scale is said once ($20-30 thousand, 20 to 30 thousand
# dollars, between N1.4 and N1.5 million), and scales said together (2-3 hundred thousand). A bare m, mn or
# bn scales only after a currency sign ($5m, N1.3m, $1.2bn): 1500m is metres.
SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "millions": 1e6, "billion": 1e9, "billions": 1e9,
    "mn": 1e6, "m": 1e6, "bn": 1e9,
}  # fmt: skip
BARE_SCALES = frozenset(("m", "mn", "bn"))
_scale_word = r"(?:hundred|thousand|millions?|billions?)"
SCALE = rf"(?:{_scale_word}(?:\s+{_scale_word})*|mn|bn|m)(?![a-z])"
# A small number the words after it scale up ($20 thousand, $20-30 thousand) or a multiplying unit follows
# (2 lakh): no small sum
SCALED_AFTER = re.compile(rf"\s*(?:{_scale_word}|lakhs?|crores?)\b")
# A fee for sending goods, named beside a price (运费¥8, "shipping $5"): never the sum asked
SHIPPING_BEFORE = re.compile(r"(?:运费|邮费|快递费?|shipping|postage|delivery)\W{0,3}$")
SMALL_SUM = 100
# Larger than any sum a text could mean (Zimbabwe's 100-trillion-dollar note is 10^14): a longer number is
# a run of digits, not a price.
LARGEST_SUM = 1e15
LETTER_SIGN_FLOOR = 1000
# Four digits or more before a bare k, in English: a model number (i5-3570k, 2500k), as in 47 real
# hardware-swap posts that were read as millions; a sum in thousands is written 3.5k or 35k
MODEL_NUMBER = re.compile(r"\d{4,}k")


@dataclass(frozen=True, slots=True)
class PriceRates:
    date: str
    to_cny: dict[str, float]


@lru_cache(maxsize=1)
def rates() -> PriceRates:
    data = tomllib.loads(resources.files(__package__).joinpath("rates.toml").read_text(encoding="utf-8"))
    return PriceRates(str(data["date"]), {k: float(v) for k, v in data["to_cny"].items()})


UNITS = {
    "元": "CNY", "块": "CNY", "块钱": "CNY", "圆": "CNY", "yuan": "CNY", "rmb": "CNY", "cny": "CNY",
    "人民币": "CNY", "美元": "USD", "美金": "USD", "dollars": "USD", "dollar": "USD", "usd": "USD",
    "英镑": "GBP", "pounds": "GBP", "pound": "GBP", "gbp": "GBP", "欧元": "EUR", "euros": "EUR",
    "euro": "EUR", "eur": "EUR", "港币": "HKD", "港元": "HKD", "hkd": "HKD", "台币": "TWD", "日元": "JPY",
    "naira": "NGN", "rupees": "INR", "ringgit": "MYR", "pesos": "PHP", "bucks": "USD", "buck": "USD",
    "grand": "USD", "lakh": "INR", "lakhs": "INR", "lac": "INR", "crore": "INR", "crores": "INR",
    # the currencies of the countries the quoted pages report from, as Chinese and English news name them
    "奈拉": "NGN", "卢比": "INR", "比索": "PHP", "韩元": "KRW", "泰铢": "THB", "新台币": "TWD", "澳元": "AUD",
    "加元": "CAD", "新加坡元": "SGD", "新币": "SGD", "林吉特": "MYR", "马币": "MYR", "越南盾": "VND",
    "先令": "KES", "阿富汗尼": "AFN", "埃及镑": "EGP", "兰特": "ZAR", "塞地": "GHS", "塔卡": "BDT",
    "印尼盾": "IDR", "卢布": "RUB", "yen": "JPY", "afghanis": "AFN", "afghani": "AFN", "shillings": "KES",
    "shilling": "KES", "cedis": "GHS", "cedi": "GHS", "rand": "ZAR", "taka": "BDT", "rupiah": "IDR",
    "baht": "THB", "roubles": "RUB", "rubles": "RUB",
    "won": "KRW", "riel": "KHR", "riels": "KHR", "mxn": "MXN", "瑞尔": "KHR", "韩国元": "KRW",
    # the currencies of the countries the quoted pages report from, by name (Viet Nam, Papua New Guinea,
    # Malawi, Ethiopia, West Africa, Eastern Europe, the Gulf, Latin America, Central and South Asia) …
    "vnd": "VND", "dong": "VND", "đong": "VND", "kina": "PGK", "kwacha": "MWK", "birr": "ETB",
    "fcfa": "XOF", "cfa": "XOF", "cfa francs": "XOF", "leva": "BGN", "lei": "RON", "hryvnias": "UAH",
    "hryvnia": "UAH", "zlotys": "PLN", "zloty": "PLN", "lira": "TRY", "liras": "TRY", "riyals": "SAR",
    "dirhams": "AED", "quetzales": "GTQ", "reais": "BRL", "nuevos soles": "PEN", "tenge": "KZT",
    "kyat": "MMK", "nepali rupees": "NPR", "缅币": "MMK",
    # … and by the ISO code written after the sum (50,000 UGX)
    "ugx": "UGX", "tzs": "TZS", "idr": "IDR", "php": "PHP", "inr": "INR", "pkr": "PKR", "kes": "KES",
    "ngn": "NGN", "zar": "ZAR", "ghs": "GHS", "bdt": "BDT", "myr": "MYR", "sgd": "SGD", "aud": "AUD",
    "cad": "CAD", "thb": "THB", "krw": "KRW", "jpy": "JPY", "etb": "ETB", "mwk": "MWK", "npr": "NPR",
    "khr": "KHR", "afn": "AFN", "egp": "EGP",
}  # fmt: skip
# … and by the names the CLDR gives every currency of the rate table, in English and Chinese ("Lebanese
# pounds", "New Taiwan dollars", 伊拉克第纳尔), with the names papers use that it does not ("Lebanese
# lira", rials, tomans, dinars): `huijia.analyse.currencies`. The hand-written names above stand where
# they overlap.
UNITS |= {
    name: code for name, code in (cldr_names(rates().to_cny) | LOCAL_NAMES).items() if name not in UNITS
}
# A sign or code before a sum that names money only: the signs, HK$ or US$, Rs. and the currency codes — not
# the bare N of naira (N95), RM (a room), RS without its dot (an Audi RS 3), PHP (a language's version) or
# KD (a gamer's kill/death ratio)
MONEY_SYMBOLS = frozenset(
    s for s in SYMBOLS if s not in ("rm", "rs", "php", "mk", "tk", "rp", "kd") and (s in SIGNS or len(s) > 1)
)
# Unit words that name money only: every Chinese currency name but 块 and 圆, which count pieces and draw
# circles too (3块地, 画3圆); in English not pounds (a baby's weight), won, rand or grand, which are words
# too; every currency named with its country ("Iraqi dinars")
MONEY_ONLY_UNITS = frozenset(
    u for u in UNITS if (HAN.search(u) and u not in ("块", "圆")) or " " in u
) | frozenset(
    ("yuan", "rmb", "cny", "dollars", "dollar", "usd", "bucks", "euros", "euro", "eur", "gbp", "hkd",
     "rupees", "naira", "ringgit", "pesos", "shillings", "cedis", "afghanis", "rupiah", "baht", "yen",
     "vnd", "kina", "kwacha", "birr", "fcfa", "hryvnias", "zlotys", "riyals", "dirhams", "quetzales",
     "ugx", "tzs", "idr", "inr", "pkr", "kes", "ngn", "ghs", "bdt", "myr", "sgd", "thb", "krw", "jpy",
     "mxn", "etb", "mwk", "npr", "khr", "afn", "egp", "rials", "tomans", "dinars", "lira", "liras",
     "francs")
)  # fmt: skip
# Words that multiply the number before them: "5 grand" is 5,000 (dollars unless a currency is named);
# Indian English counts in lakhs (Rs 2.70 lakh is 270,000 rupees) and crores.
MULTIPLYING_UNITS = {
    "grand": 1000.0, "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "crore": 1e7, "crores": 1e7,
}  # fmt: skip
FEE_TERMS = (
    "营养费用", "营养费", "感谢费", "医药费", "医疗费", "补偿费", "送养费", "辛苦费", "介绍费", "中介费",
    "月子费", "费用", "红包", "补偿", "低补", "补", "要价", "开价", "售价", "报价", "价格", "价钱", "价",
    "要", "给", "收", "出", "nutrition fee", "gratitude fee", "thank-you fee", "fee", "price", "for",
    "pay", "paid", "asking", "cost", "costs",
)  # fmt: skip

# The currency words and signs of the tables, as regex alternations: what comes after a number, what
# before it (the gate looks for them too; the letter signs n, r and p are the price patterns' own)
CURRENCY_AFTER = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
CURRENCY_BEFORE = "|".join(
    re.escape(s)
    for s in sorted(SYMBOLS, key=len, reverse=True)
    if s not in ENGLISH_ONLY_SYMBOLS and s not in LETTER_SIGNS
)
# the codes read in English posts only, for the gate: not before a long run of digits (a handle, shs12345678)
CODES_BEFORE = "|".join(
    re.escape(s)
    for s in sorted(ENGLISH_ONLY_SYMBOLS, key=len, reverse=True)
    if s not in LETTER_SIGNS and s not in SPACED_NOT
)
_symbol = "|".join(
    rf"{s}(?=\d)" if s in LETTER_SIGNS else re.escape(s) for s in sorted(SYMBOLS, key=len, reverse=True)
)
_unit = CURRENCY_AFTER
_range_sep = r"\s*(?:-|~|—|–|到|至|to)\s*"
PRICE_RE = re.compile(
    # the space after a sign only with the sign: a run of spaces tried from each of its places took time
    # by its square (4 s on 20,000 spaces before "dollars")
    rf"(?<![a-z])(?:(?P<symbol>{_symbol})\s*)?(?P<low>{NUMERAL})"
    rf"(?:{_range_sep}(?:(?:{_symbol})\s*)?(?P<high>{NUMERAL}))?"
    rf"(?:\s*(?P<scale>{SCALE}))?"
    rf"\s*(?P<unit>(?:{_unit})(?![a-z'’]))?"
)
NOT_MONEY_AFTER = re.compile(
    # 九价 and 13价 are a vaccine's valency, 3针 and 2剂 doses, 五联 a combined vaccine: never a price
    r"\s*(?:个?月|天|日|岁|周|星期|斤|公斤|kg|年|号|点|多?个(?![万w])|胎|人|次|楼|cm|厘米|g|克|小时|分|%|‰|价|针|剂|联|"
    r"days?|weeks?|months?|years?|yrs?|-?year|-?month|-?day|kids|babies|children|"
    # a police notice's clock and street: at 1400 hours, the 2300 block of
    r"hours?\b|hrs\b|blocks?\b)",
)
# the currency words of English text, for sums in words ("four million Iraqi dinars")
# The unit words a sum in words takes besides those that name money only: the ones it always took
EN_WORDS_UNITS = frozenset(
    ("dollar", "pound", "pounds", "rand", "taka", "roubles", "rubles", "won", "riel", "riels", "afghani",
     "shilling", "cedi", "bucks")
)  # fmt: skip
# — the words that name money only and the slang and multiplying words (grand, lakh), not every unit word:
# lei, dong, php and cad are words and names too ("three hundred lei for graduation")
_english_unit = "|".join(
    re.escape(u)
    for u in sorted(MONEY_ONLY_UNITS | set(MULTIPLYING_UNITS) | EN_WORDS_UNITS, key=len, reverse=True)
    if not HAN.search(u)
)
_any_english_unit = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True) if not HAN.search(u))
EN_WORDS_PRICE = re.compile(
    rf"(?P<symbol>\$|£|€|¥|rs\.?|₹)?\b(?P<n>{EN_NUMBER})\s*"
    # every unit word after a scale: "eight million dong", "two thousand lei"
    rf"(?P<unit>{_english_unit}|(?:(?<=thousand\s)|(?<=million\s)|(?<=billion\s))(?:{_any_english_unit}))?\b"
)
# A bracket opened after a sum, or "or about": the sum that follows is the outlet's conversion, in US dollars
# where "$" says so ("NT$300,000, or about $9,500")
_ABOUT = "about|around|roughly|approximately|nearly|some|equivalent to"
CONVERSION_BEFORE = re.compile(
    # a sum with its currency: after a sign, a code or a letter sign (NT$300,000, rs 5,000, Sh50,000,
    # N500,000) or before a unit (50,000 yuan)
    # — not a dollar sum: "$60,000 (about $30,000 each)" is a share, not a conversion
    rf"(?:(?!\$)(?:{CURRENCY_BEFORE}|{CODES_BEFORE})\s*\d[\d,.]*|(?<![a-z])(?:sh|[nkrp])\d[\d,.]{{3,}}"
    rf"|\d\s*(?:(?:{SCALE}|{CURRENCY_AFTER})\s*)+)\s*"
    rf"(?:\(\s*(?:{_ABOUT})?|,?\s*(?:or|equivalent to)(?:\s+(?:{_ABOUT}))?|,?\s*(?:{_ABOUT}))\s*$"
)
A_BEFORE = re.compile(r"\s*an?\b")
# The cents said after dollars in words: "Forty-seven Dollars and Fifty cents"
CENTS_AFTER = re.compile(rf"\s+and\s+(?P<n>{EN_NUMBER})\s+cents?\b")
# Pounds, shillings and pence as British papers printed them until 1971 — "Premium required, 4l.", "5l. 5s.",
# "5l. 10s. 6d." — in the baby-farming advertisements that historians quote: a sum in pounds where the words
# before it price or pay (`OLD_MONEY_BEFORE`) and no "of" or "per" follows, for 2l. is two litres too
# ("for 2l. of milk", "2000l. per hour"); shillings and pence are twentieths and 240ths of a pound, after
# l. or a pound sign ("Premium £5 10s."). Shillings alone are not read: 1655 s. California St is a street,
# the 90s. a decade.
OLD_MONEY = re.compile(
    r"(?<![\w.£$])(?:(?P<l>\d+)\s?l\.(?:\s?(?P<s>\d{1,2})\s?s\.)?|£\s?(?P<lp>\d+)\s(?P<sp>\d{1,2})\s?s\.)"
    r"(?:\s?(?P<d>\d{1,2})\s?d\.)?(?![a-z\d])(?!\s*(?:of|per)\b)"
)
OLD_MONEY_BEFORE = re.compile(
    r"\b(?:premium|terms|sum|fee|pay|paid|payment|price|cost|charge|charged|reward|wages|for)\b"
    r"[^.;!?]{0,24}$"
)
# Shillings in an English text that names pounds as money and no country of shillings (Kenya, Uganda,
# Tanzania, Somalia) are British, a twentieth of a pound — and fewer than twenty, which make a pound: "300,000
# shillings (£2,000)" are Kenyan shillings and the pounds a paper's conversion. Pounds are money after a
# sign, as l., as sterling, before shillings, or after a word that pays ("the small sum of Twelve pounds");
# not a weight ("the 7-pound baby", "a pound of sugar").
SHILLINGS = frozenset(("shilling", "shillings"))
POUNDS_AS_MONEY = re.compile(
    r"£\s?\d|(?<![\w.])\d+\s?l\.|\bsterling\b|\bpounds?,?\s+(?:and\s+)?[\w-]+\s+shillings?\b"
    r"|\b(?:sum of|for|paid|pay|premium|terms|fee|costs?|price|earned|earns|wages|asked|charged|gave)\s+"
    r"(?:[\w-]+\s+){0,2}pounds\b(?!\s+of\b)"
)
# A pound is money, not a weight, before a word for a payment ("our 5 pound Bonus for the baby", "a 10
# pound reward", "a 20 pound note for her", "a 50 pound fine") — not a baby's weight before words a proud
# parent puts after it ("her 8 pound bonus baby", "a 9 pound bonus after two miscarriages", "a 7 pound
# tip-top boy", "a perfect 7 pound gift from God", "Baby was 6 pound fine", "8 pounds. Note:")
POUND_WORDS = frozenset(("pound", "pounds"))
MONEY_NOUN_AFTER = re.compile(
    r"\s+(?:(?:reward|fee|tip(?![\s-]+top)|payment|cheque|deposit|bribe)\b"
    r"(?!\s+(?:baby|babies|boy|girl|son|daughter)\b)|bonus\s+for\b)"
)
# the singular pound before a banknote, and a fine paid or imposed ("a 50 pound fine", not "was 6 pound
# fine")
NOTE_AFTER_POUND = re.compile(r"\s+notes?\b")
FINE_AFTER_POUND = re.compile(r"\s+fine\b")
FINE_BEFORE = re.compile(r"\b(?:a|paid|pay|pays|paying|fined)\s+$")
SHILLINGS_SAID = re.compile(r"(?P<n>[^,;:.!?()]{1,40}?)\s+shillings?\b")
# Cents said alone ("I gave 25 cents and a canary bird for it"), in a text that states no other sum (oil
# "jumped 36 cents" to $50): hundredths of the dollar the text's place writes, the US dollar where it names
# none, or the euro where the place is in the euro area. "Two cents" is an opinion ("my two cents", "just
# adding two cents", "two cents to my name"), "50 Cent" a rapper.
TWO_CENTS = re.compile(r"\btwo\s+cents\b|\b(?:my|his|her|our|their|your|the)\s+2\s+cents\b")
CENTS = re.compile(rf"(?<![\w.$])(?P<n>\d+|{EN_NUMBER})\s+(?P<word>cents|cent)\b")
OF_AFTER = re.compile(r"\s*of\b")
# A conversion in brackets after a sum says it is money ("Five pounds ($8) or nearest offer"), unless goods
# by weight follow ("50 pounds ($30) of maize")
CONVERTED_AFTER = re.compile(
    rf"\s*\(\s*(?:(?:{_ABOUT})\s+)?(?:us\$|[$€£¥₦₹])\s?\d[\d,.]*(?:\s*(?:k|m|million|thousand))?\s*\)(?!\s*of\b)"
)
# "I feel like a million bucks", "now I feel like five million bucks": a likeness, not a sum ("they want
# like ten thousand dollars" is one)
LIKE_BEFORE = re.compile(r"\b(?:feel|feels|felt|feeling|look|looks|looked|looking)\s+like\s+$")
MULTIPLIED = re.compile(r"[万萬wk亿]")
# A number and its 万 kept apart by a space or a measure word, as posts write them to dodge filters or by
# habit: 营养费3 w, 5个w, 十个万, 8.8 万.
SPLIT_MULTIPLIER = re.compile(
    r"(?<![\d.零一二两三四五六七八九十])(?P<n>\d+(?:\.\d+)?|[零一二两三四五六七八九十]+)"
    # 万 after a space or 个 (not 万能, 万一, 万人); w only after 个 (65 w is a charger's watts)
    # w after a space only after a fee word (营养费3 w), for 65 w is a charger's watts
    r"(?:(?:\s*个\s*|\s+)(?P<m>[万萬])(?![能一人达字])|\s*个\s*(?P<w>w)(?![a-z/])|\s+(?P<ws>w)(?![a-z/]))"
)

# Thousands grouped by spaces, as French, Russian and much African and news English write them (150 000
# yuan, 1 000 000 naira, ¥150 000), or by dots, as Indonesian, West African and continental papers do (Rp
# 250.000, 500.000 FCFA, Rp 15.000.000); a price only with a currency on either side: 2 020 days is not one,
# and a dotted number a scale follows is a decimal ($1.250 million). The comma may stay before the space,
# as a post typed it (N40, 000.00), and kobo or cents may follow.
_NO_SCALE_AFTER = rf"(?!\s*(?:{SCALE}|[kw](?![a-z])|[万萬亿]))"
SPACED_SUM = re.compile(
    rf"(?<![\d.,])(?:(?<![a-z])(?P<symbol>{_symbol})\s*)?"
    rf"(?P<n>\d{{1,3}}(?:,? \d{{3}})+|\d{{1,3}}(?:\.\d{{3}})+{_NO_SCALE_AFTER})"
    r"(?:\.\d\d)?(?![,.]?\d)"
    rf"(?:\s*(?P<unit>(?:{_unit})(?![a-z'’])))?"
)
# what every grouped sum has: one scan before the pattern above
SPACED_GROUP = re.compile(r"\d(?:,? |\.)\d{3}")
# A range in English words, the scale or unit said once at the end for both ends: "between N1.4 and N1.5
# million", "between Rs 15,000 and Rs 20,000", "between 2 and 3 lakh rupees", "between 5 and 6 hundred
# pounds". A sum only with a currency; "and" joins a range only after "between" ("$500 and 600 thousand
# naira" are two sums).
BETWEEN_RANGE = re.compile(
    rf"\bbetween\s+(?:(?P<symbol>{_symbol})\s*)?(?P<low>{NUMERAL})\s+and\s+(?:(?:{_symbol})\s*)?"
    rf"(?P<high>{NUMERAL})(?!,? \d{{3}})"  # not the first group of a spaced sum ($200 000): SPACED_SUM's
    rf"(?:\s*(?P<scale>{SCALE}))?\s*(?P<unit>(?:{_unit})(?![a-z'’]))?"
)
# A price of goods by the piece (尿布每包300元, "each retailing at Ksh240", "50 rupees each"): told on the way
# to the sum asked for the child, which comes after it. A price of a child by the piece (每个男婴10万, "each
# baby $5,000") is the price itself, and so is what each person pays (每一位领妈出价4万).
UNIT_PRICE_BEFORE = re.compile(r"(?:\beach|\bper|\bevery|\bapiece|每|单价)[^.,;!?。，；！？]{0,16}$")
UNIT_PRICE_AFTER = re.compile(r"\s*(?:each\b|apiece\b|a piece\b|per\b|/\s*[a-z个包件盒瓶袋罐箱])")
# A sum paid by the week or the month (a nurse's "Fifteen Shillings a month", 生活费每月3000, "$200 per
# week"): what keeping a child or a pregnant woman costs, told beside the sum asked for the child ("or would
# adopt entirely … for the small sum of Twelve pounds"), which is the price where a post names both.
_PERIOD = r"(?:day|week|fortnight|month|quarter|year)"
# — not a time ("$4,000 a week before Christmas", "$5,000 a year ago") or an age (男宝3万 一个月大).
RATE_AFTER = re.compile(
    rf"\s*(?:(?:a|an|per|each|every)\s+{_PERIOD}s?\b(?!\s+(?:after|before|ago|later|earlier|old)\b)"
    r"|weekly\b|monthly\b|/\s*(?:wk|week|mo|month)\b"
    r"|(?:每|一)个?(?:月|周|星期|礼拜)(?![大了内多左前后以])|/\s*(?:月|周))"
)
# — or said before it, with no other sum between (月薪1万 宝宝3万出: the 3万 is no rate)
RATE_BEFORE = re.compile(
    r"(?:\b(?:weekly|monthly)|每个?(?:月|周|星期|礼拜)|月薪|月租)[^\d.,;!?。，；！？万萬零一二两三四五六七八九十]{0,8}$"
)
# A child's price by the piece, which a post or report names over a total (`main_price`): a sum whose unit
# is a child — "NT$360,000 per child", "$5,000 for each baby", "each baby costs $5,000", 每个婴儿卖价1500元 —
# and whose clause names no goods, fee or add-on of which it could be the price ("the birth certificate is
# $500 per child", "plus $300 per child for the home study", 宝宝衣服每件200元).
_CHILD_UNIT = r"(?:child|children|bab(?:y|ies)|infants?|newborns?|kids?|boys?|girls?|sons?|daughters?)"
CHILD_UNIT_AFTER = re.compile(rf"\s*(?:per|each|a|for each|for every|for one)\s+{_CHILD_UNIT}\b")
# — or "each" after a sum whose clause names the children ("selling the babies for 30,000 yuan each")
EACH_AFTER = re.compile(r"\s*(?:each|apiece)\b")
CHILD_BEFORE = re.compile(rf"\b{_CHILD_UNIT}\b")
CHILD_UNIT_BEFORE = re.compile(
    rf"(?:\b(?:each|every|per|one|a single)\s+{_CHILD_UNIT}\b[^.,;!?]{{0,16}}"
    r"|每(?:个|名|一个|一名)?(?:孩子|婴儿|男婴|女婴|宝宝|小孩|男孩|女孩|娃)[^,，.。;；!！?？]{0,6})$"
)
GOODS_OR_FEE = re.compile(
    r"fee|certificate|papers|documents|home study|paperwork|clothes|clothing|toys?|shoes|formula|diapers"
    r"|nappies|stroller|\bplus\b|\bextra\b|additional|证|费|衣服|玩具|奶粉|尿|鞋|用品|另加|外加"
)
CLAUSE_END = re.compile(r"[.,;!?。，；！？]")
PERSON_IN_CLAUSE = re.compile(
    r"bab(?:y|ies)|child|kid|boy|girl|son\b|daughter|infant|婴|宝|孩|娃|男|女|儿"
    r"|people|person|famil|couple|buyer|parent|mother|father|mom|dad|人(?!民币)|位|家|户|妈|爸|父|母"
)


def _fee_term_before(folded: str, start: int) -> str | None:
    window = folded[max(0, start - 8) : start].rstrip(" :：,，是为约大概")
    for term in FEE_TERMS:
        if window.endswith(term):
            return term
    return None


def _named_fee(term: str | None) -> str | None:
    """The fee word a price gives as its `term`: one of two or more characters (营养费, fee); a single
    character before a number (要, 给, 收) may make it a price but names nothing."""
    return term if term and len(term) > 1 else None


def _toman(unit: str | None, currency: str) -> float:
    """Ten for a sum in tomans read as rials; one for any other, or for tomans a sign names otherwise."""
    return TOMAN.get(unit or "", 1.0) if currency == "IRR" else 1.0


def _unit_factor(unit: str | None, currency: str) -> float:
    """What the unit word after a sum multiplies it by: a multiplying unit's factor (5 grand, 2 lakh), the
    tomans' ten, and a twentieth for British shillings."""
    shilling = 1 / 20 if currency == "GBP" and unit in SHILLINGS else 1.0
    return MULTIPLYING_UNITS.get(unit or "", 1.0) * _toman(unit, currency) * shilling


def _currency(symbol: str | None, unit: str | None, folded: str, at: int, *, english: bool) -> str:
    """The currency of a sum by its sign or its unit word, the sign first — but a word that names money
    only names the currency of a sign many currencies write ("$20 thousand naira", ¥5000日元, "$4,600 US
    dollars"; not "$5 pound cake" or "£5 grand"). A bare name several countries' money shares (dinars,
    rials, lira, francs, rupees and their "Rs") is the money of the country the text names nearest the
    sum (`at`). In an English post a sum with neither is the money of the country named nearest
    (`_named_money`); else yuan."""
    if unit and (not symbol or (symbol in SHARED_SIGNS and unit in MONEY_ONLY_UNITS)):
        named = by_country(unit, folded, at)
        if named is None and english and unit in SHILLINGS and _british_shillings(folded, at):
            return "GBP"  # "Terms, Fifteen Shillings a month … Twelve pounds": a British shilling
        return named or UNITS[unit]
    if symbol == "¥" and not english:
        return "CNY"  # in a Chinese post ￥ is the yuan whatever place it names (日本奶粉 ￥200)
    if symbol == "$" and CONVERSION_BEFORE.search(folded, max(0, at - 60), at):
        # an outlet's conversion of the sum before it: "HK$40,000 ($5,100)", "50,000 yuan ($7,000)"
        return "USD"
    # a sign several countries write as letters (Rs: India's rupees unless the text names another rupee's
    # country) and the dollar sign are shared names too; by_country knows which
    return (
        (symbol and by_country(symbol, folded, at))
        or SYMBOLS.get(symbol or "")
        or UNITS.get(unit or "")
        or (english and _named_money(folded, at))
        or "CNY"
    )


def _british_shillings(folded: str, at: int) -> bool:
    """Whether the shillings said at `at` are British: fewer than twenty, in a text that names pounds as
    money (`POUNDS_AS_MONEY`)."""
    said = SHILLINGS_SAID.match(folded, at)
    if said is None:
        return False
    words = said.group("n").strip()
    count = float(words) if words.isdigit() else parse_english_number(words)
    return count is not None and count < 20 and _names_pounds(folded)


@lru_cache(maxsize=4)
def _names_pounds(folded: str) -> bool:
    """Whether a text names pounds as money: asked once a text, not once a sum of shillings."""
    return POUNDS_AS_MONEY.search(folded) is not None


def _named_money(folded: str, at: int) -> str | None:
    """The money of the country an English post names nearest a bare sum ("In Lagos, Nigeria, she asked
    for 50,000": naira), where the rate table converts it; None (read as yuan) where the post names none.
    Yuan was every bare sum's money before: a Chinese post's bare 3万 is, an English report's is not."""
    money = by_place(folded, at)
    return money if money is not None and money in rates().to_cny else None


def extract_prices(folded: str, english: bool) -> list[Price]:
    """Every stated price in folded text, in order."""
    found: list[Price] = []
    for match in () if english else SPLIT_MULTIPLIER.finditer(folded):
        value = parse_number(match.group("n"))
        term = _fee_term_before(folded, match.start())
        if match.group("ws") and not _named_fee(term):
            continue
        if value is not None and value[0] > 0:
            amount = value[0] * 10_000
            found.append(Price(amount, "CNY", None, amount, _named_fee(term), match.span()))
    for match in SPACED_SUM.finditer(folded) if SPACED_GROUP.search(folded) else ():
        symbol, unit = match.group("symbol"), match.group("unit")
        if not (symbol or unit) or (symbol in ENGLISH_ONLY_SYMBOLS and not english) or symbol in SPACED_NOT:
            continue
        amount = float(match.group("n").replace(" ", "").replace(",", "").replace(".", ""))
        currency = _currency(symbol, unit, folded, match.start(), english=english)
        amount *= _unit_factor(unit, currency)
        term = _named_fee(_fee_term_before(folded, match.start()))
        found.append(Price(amount, currency, None, _to_cny(amount, currency), term, match.span()))
    if english and "between" in folded:
        found += _clear_of(_between_ranges(folded), found)
    if english:
        found += _clear_of(_old_money(folded), found)  # before the bare sum after "for" in "for 100l."
    taken = sorted(p.span for p in found if p.span)  # apart from each other: one look-up a match
    starts = [start for start, _ in taken]
    for match in PRICE_RE.finditer(folded):
        if _inside(match.start(), starts, taken) or _inside(match.start("low"), starts, taken):
            continue
        low_text = match.group("low")
        symbol, unit, scale = match.group("symbol"), match.group("unit"), match.group("scale")
        start, end = match.start("low"), match.end()
        if symbol:
            start = match.start("symbol")
        after = match.end("high") if match.group("high") else match.end("low")
        if scale in BARE_SCALES and not symbol:
            # a bare m is a million only after a currency symbol ($5m, N1.3m): 1500m is metres, and the m
            # after 3万 or 5 dollars is some other word's
            if not (unit or MULTIPLIED.search(low_text)):
                continue
            scale = None
            if not unit:
                end = after
        if (
            not symbol
            and not unit
            and any(NOT_MONEY_AFTER.match(folded, at) for at in (after, match.end("scale")) if at >= 0)
        ):
            continue  # 3 days, 2 hundred years
        if symbol in ENGLISH_ONLY_SYMBOLS and not english:
            continue  # in a Chinese post, tk2019 is a handle
        if english and not (symbol or unit) and MODEL_NUMBER.fullmatch(low_text):
            continue  # i7 3770k, a 2500k: a processor's model, not 3.77 million (a sum says 3.7k or 3,770)
        digits = sum(ch.isdigit() for ch in low_text)
        glued_code = (
            symbol is not None
            and symbol.isalpha()
            and symbol not in LETTER_SIGNS
            and match.end("symbol") == match.start("low")
            and "," not in low_text
        )
        if digits >= 7 and not unit and not MULTIPLIED.search(low_text) and (not symbol or glued_code):
            continue  # phone, QQ or order numbers, and handles (shs12345678)
        term = _fee_term_before(folded, start)
        multiplied = bool(MULTIPLIED.search(match.group("high") or low_text))
        # a bare round sum is a price in a Chinese post (男宝30000); in English, bare numbers are street
        # numbers, clock times and counts unless a fee word comes first ("for 25,000", "asked for 50,000")
        round_sum = not english and _round_sum(low_text)
        if not (symbol or unit or multiplied or _named_fee(term) or round_sum):
            continue
        low = parse_number(low_text)
        high = parse_number(match.group("high")) if match.group("high") else None
        if low is None:
            continue
        lo, hi = low
        if high is not None:
            hi = high[1]
            if not MULTIPLIED.search(low_text) and MULTIPLIED.search(match.group("high") or ""):
                lo *= _multiplier(match.group("high"))  # 3-5万: the unit applies to both ends
        if scale:
            # the scale is both ends' when the low end is the smaller number ($20-30 thousand), only the
            # high end's when the low end is a sum of its own ($900 to 1 thousand, $800,000 to 1.2 million)
            factor = scale_factor(scale)
            lo, hi = (lo * factor if lo <= hi else lo), hi * factor
        money = symbol in MONEY_SYMBOLS or unit in MONEY_ONLY_UNITS
        # … and any unit with a conversion after it (5 pounds ($8)), and pounds paid (`_pounds_paid`)
        money = money or (unit is not None and CONVERTED_AFTER.match(folded, end) is not None)
        money = money or _pounds_paid(unit, folded, start, end)
        money = money and not SCALED_AFTER.match(folded, after)
        if lo < SMALL_SUM and not (multiplied or scale or unit in MULTIPLYING_UNITS or (money and lo >= 1)):
            continue  # a small bare number is a count or an age
        if not _letter_sign_stands(symbol, lo, low_text, bool(scale), folded, start):
            continue
        currency = _currency(symbol, unit, folded, start, english=english)
        factor = _unit_factor(unit, currency)
        # a multiplying unit is both ends' when the low end is the smaller number (2-3 lakh), only the high
        # end's when the low end is a sum of its own (Rs 80,000 to 1.5 lakh, $900 to 1 grand), as a scale is
        lo, hi = (lo * factor if lo <= hi else lo), hi * factor
        amount_max = hi if hi != lo else None
        cny = _to_cny(lo, currency)
        found.append(Price(lo, currency, amount_max, cny, _named_fee(term), (start, end)))
    if english:
        # a sum in words gives way to a sum the patterns read, but it wins over a shorter reading of its
        # own number ("1 thousand" in "1 thousand two hundred dollars", $5 in "$5 hundred and fifty")
        words = _english_word_prices(folded)
        starts = [w.span[0] if w.span else -1 for w in words]
        found = [p for p in found if not _covered(words, starts, p, folded)]
        words = _clear_of(words, [p for p in found if not is_small(p)])
        found = _clear_of(found, words) + words
        if not found:
            found = _cents(folded)
    found = [p for p in found if _within_reason(p)]
    found.sort(key=lambda p: p.span or (0, 0))
    return found


def _pounds_paid(unit: str | None, folded: str, start: int, end: int) -> bool:
    """Whether the pounds of a sum at `start`–`end` are money by the word after them (`MONEY_NOUN_AFTER`:
    "Here's our 5 pound Bonus for the baby"), a banknote or a fine paid after the singular ("a 20 pound
    note", "he paid a 50 pound fine") — not a baby's weight ("a 7 pound baby", "Baby was 6 pound fine")."""
    if unit not in POUND_WORDS:
        return False
    if MONEY_NOUN_AFTER.match(folded, end) is not None:
        return True
    if unit != "pound":
        return False
    if NOTE_AFTER_POUND.match(folded, end) is not None:
        return True
    fine_paid = FINE_BEFORE.search(folded, max(0, start - 12), start) is not None
    return fine_paid and FINE_AFTER_POUND.match(folded, end) is not None


def names_old_money_or_cents(folded: str) -> bool:
    """Whether a text may state a sum that only `_old_money` or `_cents` read (Premium required, 4l.; 25
    cents), which the gate's `MONEY` does not look for."""
    return (_may_hold_old_money(folded) and OLD_MONEY.search(folded) is not None) or (
        "cent" in folded and CENTS.search(folded) is not None
    )


def _may_hold_old_money(folded: str) -> bool:
    """Whether `OLD_MONEY` can match at all: each of its sums ends in l. or s. (one scan, not the pattern,
    for the many texts that have neither)."""
    return "l." in folded or "s." in folded


def _old_money(folded: str) -> list[Price]:
    """Sums in pounds, shillings and pence (`OLD_MONEY`) where the words before them price or pay."""
    found: list[Price] = []
    if not _may_hold_old_money(folded):
        return found
    for match in OLD_MONEY.finditer(folded):
        if OLD_MONEY_BEFORE.search(folded, max(0, match.start() - 40), match.start()) is None:
            continue
        pounds = int(match.group("l") or match.group("lp") or 0)
        shillings = int(match.group("s") or match.group("sp") or 0)
        pence = int(match.group("d") or 0)
        amount = pounds + shillings / 20 + pence / 240
        if amount > 0:
            found.append(Price(amount, "GBP", None, _to_cny(amount, "GBP"), None, match.span()))
    return found


def _cents(folded: str) -> list[Price]:
    """Cents said alone (`CENTS`), as hundredths of the dollar of the place the text names."""
    found: list[Price] = []
    if "cent" not in folded:
        return found
    for match in CENTS.finditer(folded):
        if TWO_CENTS.search(folded, max(0, match.start() - 8), match.end()):
            continue  # "add my two cents": an opinion
        if match.group("n") in ("a", "an", "one"):
            continue  # "does not have to pay a cent": none
        value = parse_english_number(match.group("n"))
        if value is None or not 0 < value < 100 or (match.group("word") == "cent" and value != 1):
            continue  # "50 Cent" is a rapper
        currency = by_country("$", folded, match.start()) or (
            "EUR" if _named_money(folded, match.start()) == "EUR" else "USD"
        )
        amount = value / 100
        found.append(Price(amount, currency, None, _to_cny(amount, currency), None, match.span()))
    return found


def _within_reason(price: Price) -> bool:
    """A sum is a price only below `LARGEST_SUM` — a run of hundreds of digits after ¥ is no price, and
    read as one it became infinite, and an infinite price made the risk of the post it was added to NaN,
    so an offer with "¥999…9" appended was not flagged."""
    return all(
        value is None or (math.isfinite(value) and value < LARGEST_SUM)
        for value in (price.amount, price.amount_max, price.cny)
    )


def _letter_sign_stands(
    symbol: str | None, low: float, low_text: str, scaled: bool, folded: str, at: int
) -> bool:
    """Whether a sum after a letter read as a currency's sign (`LETTER_SIGNS`, and KD) is one: at least
    LETTER_SIGN_FLOOR (N95 is a mask), and for R, P, Sh and K grouped or scaled (R2000 is a model, p1200 a
    page). K and KD name models, doses, views and scores too (the K1,500 series, K15 million views, KD 2014
    MVP): they are money only in a text that names a country whose money they write (K500 in a report from
    Kokopo; Kuwait) or after words that pay or price (`PAID_BEFORE`: "sold them for KD 250", "a down
    payment of K1,500"). Any other sign stands."""
    if symbol == "kd":
        return by_country("dinars", folded, at) == "KWD" or _paid_before(folded, at)
    if symbol not in LETTER_SIGNS:
        return True
    if symbol == "k":
        if low >= SMALL_SUM and by_country(symbol, folded, at) is not None:
            return True
        if not _paid_before(folded, at):
            return False
    if low < LETTER_SIGN_FLOOR:
        return False
    return symbol not in GROUPED_ONLY or scaled or "," in low_text or MULTIPLIED.search(low_text) is not None


def _paid_before(folded: str, at: int) -> bool:
    return PAID_BEFORE.search(folded, max(0, at - 24), at) is not None


def _inside(position: int, starts: list[int], spans: list[tuple[int, int]]) -> bool:
    """Whether `position` falls inside one of `spans` (sorted, apart from each other; `starts` are their
    starts)."""
    at = bisect_right(starts, position) - 1
    return at >= 0 and position < spans[at][1]


def _covers(outer: Price, inner: Price, folded: str) -> bool:
    """Whether `outer` reads more of the text than `inner`, all of it included (trailing spaces aside)."""
    if outer.span is None or inner.span is None:
        return False
    inner_end = inner.span[1]
    while inner_end > 0 and folded[inner_end - 1].isspace():
        inner_end -= 1
    return outer.span[0] <= inner.span[0] and inner_end <= outer.span[1] and outer.span != inner.span


def _covered(words: list[Price], starts: list[int], price: Price, folded: str) -> bool:
    """Whether a sum in words (`words`: in order, apart from each other, starting at `starts`) covers
    `price` (`_covers`): only the last one that starts no later can."""
    if price.span is None:
        return False
    at = bisect_right(starts, price.span[0]) - 1
    return at >= 0 and _covers(words[at], price, folded)


def _clear_of(prices: list[Price], found: list[Price]) -> list[Price]:
    """The `prices` whose span overlaps none of those `found` already."""
    spans = sorted(p.span for p in found if p.span)
    starts = [start for start, _ in spans]
    furthest = list(accumulate((end for _, end in spans), max))  # the furthest end of the spans so far
    clear = []
    for price in prices:
        if not price.span:
            continue
        before = bisect_left(starts, price.span[1])  # the spans that start before this one ends
        if before == 0 or furthest[before - 1] <= price.span[0]:
            clear.append(price)
    return clear


def _between_ranges(folded: str) -> list[Price]:
    """The sums of `BETWEEN_RANGE`: a scale or a multiplying unit said after the second number is the
    first one's too when the first is small ("N1.4 and N1.5 million"), not when it is a sum of its own
    ("$500,000 and $1.5 million")."""
    found: list[Price] = []
    for match in BETWEEN_RANGE.finditer(folded):
        symbol, unit, scale = match.group("symbol"), match.group("unit"), match.group("scale")
        low, high = parse_number(match.group("low")), parse_number(match.group("high"))
        if not (symbol or unit) or low is None or high is None:
            continue
        lo, hi = low[0], high[1]
        low_text, high_text = match.group("low"), match.group("high")
        if not MULTIPLIED.search(low_text) and MULTIPLIED.search(high_text):
            lo *= _multiplier(high_text)  # between 500 and 800k: the k is both ends' (as in 500-800k)
        factor = (scale_factor(scale) if scale else 1.0) * MULTIPLYING_UNITS.get(unit or "", 1.0)
        hi *= factor
        if lo < 1000:
            lo *= factor
        stands = _letter_sign_stands(symbol, lo, low_text, bool(scale), folded, match.start())
        if not stands or lo < 100 or hi <= lo:
            continue
        currency = _currency(symbol, unit, folded, match.start(), english=True)  # English posts only
        toman = _toman(unit, currency)  # a conversion, not a scale: both ends
        lo, hi = lo * toman, hi * toman
        start = match.start("symbol") if symbol else match.start("low")
        found.append(Price(lo, currency, hi, _to_cny(lo, currency), None, (start, match.end())))
    return found


def scale_factor(scale: str) -> float:
    """What the scale words after a number multiply it by: "thousand" 1,000, "hundred thousand" 100,000."""
    factor = 1.0
    for word in scale.split():
        factor *= SCALES[word]
    return factor


def is_small(price: Price) -> bool:
    """A sum too small to be the price of a child (£5, ¥3): shown, never weighed."""
    return price.amount < SMALL_SUM


def main_price(prices: Sequence[Price], folded: str) -> Price | None:
    """The price a post asks: the price of one child where a sum is so marked (`_price_of_a_child`: "a
    total of NT$1.3 billion, an average price of NT$360,000 per child": 360,000), else the first one,
    unless it is the price of goods by the piece or a sum paid by the week or month and another comes
    after it ("with each retailing at Ksh240, I should give her Ksh1,200": 1,200; "Terms, Fifteen
    Shillings a month; or would adopt entirely … for the small sum of Twelve pounds": twelve pounds)."""
    for price in prices:
        if _price_of_a_child(price, folded):
            return price
    for price in prices:
        if not (_price_of_goods_by_the_piece(price, folded) or _rate_per_period(price, folded)):
            return price
    return prices[0] if prices else None


def _rate_per_period(price: Price, folded: str) -> bool:
    """Whether a sum is paid by the week or the month (`RATE_AFTER`, `RATE_BEFORE`)."""
    if price.span is None:
        return False
    start, end = price.span
    return (
        RATE_AFTER.match(folded, end) is not None
        or RATE_BEFORE.search(folded, max(0, start - 16), start) is not None
    )


def price_asked(
    prices: Sequence[Price], small: Sequence[Price], folded: str
) -> tuple[Price | None, Price | None]:
    """The price a text asks, as (main, small): the main price of `prices` (sums that can be a child's),
    else, in second place, the small sum it asks (`small_price_asked`) — never both."""
    main = main_price(prices, folded)
    return main, None if main is not None else small_price_asked(small, folded)


def small_price_asked(prices: Sequence[Price], folded: str) -> Price | None:
    """The small sum (`is_small`) a finding shows when the post states no other: the first that is neither a
    price of goods by the piece (奶粉50元/罐) nor a fee for sending goods (运费¥8), nor a sum paid by the
    week or month that another follows."""
    for price in prices:
        start = price.span[0] if price.span else 0
        if _price_of_goods_by_the_piece(price, folded) or SHIPPING_BEFORE.search(
            folded[max(0, start - 8) : start]
        ):
            continue
        if _rate_per_period(price, folded) and price is not prices[-1]:
            continue  # a nurse's weekly sum beside the one asked for the child
        return price
    return None


def _price_of_a_child(price: Price, folded: str) -> bool:
    """Whether a sum is marked as the price of one child (`CHILD_UNIT_AFTER`, `CHILD_UNIT_BEFORE`, or
    "each" in a clause that names the children) in a clause that names no goods or fee (`GOODS_OR_FEE`)."""
    if price.span is None:
        return False
    start, end = price.span
    before, clause_before, clause_after = _around(folded, start, end, 40)
    each_child = EACH_AFTER.match(folded, end) is not None and CHILD_BEFORE.search(clause_before) is not None
    if (
        not each_child
        and CHILD_UNIT_BEFORE.search(before) is None
        and CHILD_UNIT_AFTER.match(folded, end) is None
    ):
        return False
    return GOODS_OR_FEE.search(clause_before + clause_after) is None


def _price_of_goods_by_the_piece(price: Price, folded: str) -> bool:
    if price.span is None:
        return False
    start, end = price.span
    # the clause the price stands in: whose piece it is may come before the word (男婴每个10万)
    before, clause_before, clause_after = _around(folded, start, end, 16)
    if UNIT_PRICE_BEFORE.search(before) is None and UNIT_PRICE_AFTER.match(folded, end) is None:
        return False
    return PERSON_IN_CLAUSE.search(clause_before + folded[start:end] + clause_after) is None


def _around(folded: str, start: int, end: int, after: int) -> tuple[str, str, str]:
    """What stands before a sum at `start:end` (24 characters), the part of it in the sum's clause, and
    the clause after it (within `after` characters): where a price by the piece says whose piece it is."""
    before = folded[max(0, start - 24) : start]
    return before, CLAUSE_END.split(before)[-1], CLAUSE_END.split(folded[end : end + after], maxsplit=1)[0]


def _to_cny(amount: float, currency: str) -> float | None:
    rate = rates().to_cny.get(currency)
    return None if rate is None else amount * rate


def _english_word_prices(folded: str) -> list[Price]:
    """Amounts written in words ("thirty thousand yuan", "$20 thousand") with a currency."""
    found: list[Price] = []
    for match in EN_WORDS_PRICE.finditer(folded):
        words = match.group("n")
        # "five grand" is money by itself; "grand" alone (a grand piano, the grand total) is not
        slang = words.endswith("grand") and re.match(r"(?!a\b)\w+[\s-]", words.strip()) is not None
        if words.replace(".", "").isdigit() or not (match.group("symbol") or match.group("unit") or slang):
            continue  # plain digits are the main pattern's; words need a currency to be a price
        if LIKE_BEFORE.search(folded, max(0, match.start() - 24), match.start()):
            continue
        value = parse_english_number(words)
        unit = match.group("unit") or ""
        symbol = (match.group("symbol") or "").rstrip(".") or None
        currency = _currency(  # English posts only
            symbol, unit or ("grand" if slang else None), folded, match.start(), english=True
        )
        if value is not None:
            value *= _unit_factor(unit, currency)
        # a sum in words that a sign or a word naming money only marks is money however small, as one in
        # digits is ("I'll give you five dollars for him"); shown, never weighed (`is_small`)
        # — words only ("$5 and fifty" is the digits' sum, and "a five dollar bill" no six dollars)
        all_words = not symbol and not any(ch.isdigit() for ch in words) and not A_BEFORE.match(words)
        # — and pounds paid ("for the small sum of Twelve pounds"; "seven pounds" is a newborn's weight)
        paid_pounds = unit in ("pound", "pounds") and (
            (_paid_before(folded, match.start()) and OF_AFTER.match(folded, match.end()) is None)
            or CONVERTED_AFTER.match(folded, match.end()) is not None
        )  # "the small sum of Twelve pounds", "Five pounds ($8)"; not "paid for seven pounds of rice"
        floor = 1 if all_words and (unit in MONEY_ONLY_UNITS or paid_pounds) else SMALL_SUM
        if value is None or value < floor:
            continue
        end = match.start() + len(match.group(0).rstrip())  # "ten grand " ends at its d
        cents = CENTS_AFTER.match(folded, end) if unit in ("dollars", "dollar") else None
        hundredths = parse_english_number(cents.group("n")) if cents is not None else None
        if cents is not None and hundredths is not None and 0 < hundredths < 100:
            value += hundredths / 100  # "Forty-seven Dollars and Fifty cents"
            end = cents.end()
        cny = _to_cny(value, currency)
        found.append(Price(value, currency, None, cny, None, (match.start(), end)))
    return found


def _round_sum(numeral: str) -> bool:
    """A bare 4–6 digit round number (男宝30000, 一个30000): a price in a post that passed the gate. Years,
    ages, heights and handles are ruled out before this is asked."""
    plain = numeral.replace(",", "")
    return (
        plain.isdigit() and 4 <= len(plain) <= 6 and int(plain) % 100 == 0 and not 1900 <= int(plain) <= 2100
    )


def _multiplier(numeral: str) -> float:
    return {"万": 10_000.0, "萬": 10_000.0, "w": 10_000.0, "k": 1_000.0, "亿": 1e8}.get(numeral[-1], 1.0)
