"""Contact handles: QQ numbers, WeChat IDs, phone numbers (E.164 through phonenumbers), e-mail, Telegram,
URLs. Posts dodge filters with keyword variants (扣扣, 企鹅, vx, V信, 薇信, 加V), look-alike letters in
digit runs (O for 0, l for 1), digits written in Chinese, and masks (138****5678); masked values are kept
exactly as written.
"""

from __future__ import annotations

import re

import phonenumbers

from huijia.analyse.cues import HAN
from huijia.model import Contact
from huijia.text.fold import fold

LOOKALIKE = str.maketrans({"o": "0", "l": "1", "i": "1", "z": "2", "s": "5", "b": "6", "g": "9"})
CN_DIGITS = str.maketrans("零〇一二三四五六七八九壹贰叁肆伍陆柒捌玖两幺", "001234567891234567892" + "1")
DIGITLIKE = r"[0-9零〇一二三四五六七八九壹贰叁肆伍陆柒捌玖两幺*＊xX×#?？○●]"  # masks kept as written
SEP = r"[\s\-.·_]?"

CN_MOBILE = rf"[1一幺]{SEP}[3-9三四五六七八九](?:{SEP}{DIGITLIKE}){{9}}"
QQ_KEY = r"(?:qq|扣扣|企鹅|q号|球球|q)"
QQ = re.compile(rf"{QQ_KEY}\s*(?:号|号码)?\s*[:：=]?\s*(?P<v>[1-9](?:{SEP}{DIGITLIKE}){{4,11}})(?![0-9])")
# A key written in Latin letters (v, vx, wx, wechat) must not run straight into letters: "very", "vxing"
# and "wxyz" are words, not a key and an ID. A key in Chinese (微信abc123) may.
WECHAT_KEY_ZH = r"(?:微信号?|wei信|v信|薇信|威信|围信|微|薇|加v|卫星)"
WECHAT_KEY_EN = r"(?:wei ?xin|wechat|weixin|vx|wx|v)"
WECHAT = re.compile(
    rf"(?:(?<![a-z]){WECHAT_KEY_EN}(?![a-z])|{WECHAT_KEY_ZH})"
    rf"\s*(?:号|id)?\s*[:：=]?\s*(?P<v>[a-z][-_a-z0-9]{{5,19}}|{CN_MOBILE})(?![-_a-z0-9])"
)
# A Latin key glued to the ID (vxbabyhome88, wxan_yuan9913): read only when the ID has a digit, since a
# word that merely starts with the letters (wxyz, vxing) has none.
WECHAT_GLUED = re.compile(r"(?<![a-z0-9])(?:vx|wx|wechat|weixin)(?P<v>[a-z][-_a-z0-9]{4,19})(?![-_a-z0-9])")
# Landlines: an area code (0 and 2–3 digits) and 7–8 digits, e.g. 010-62345678, 0755 1234567.
LANDLINE = re.compile(r"(?<![0-9])(?P<v>0[1-9][0-9]{1,2}[\s\-]?[2-9][0-9]{6,7})(?![0-9])")
PHONE = re.compile(rf"(?<![0-9])(?:\+?86{SEP})?(?P<v>1[3-9](?:{SEP}{DIGITLIKE}){{9}})(?![0-9])")
PHONE_WORDS = re.compile(
    r"(?:电话|手机|tel|phone|call|联系方式|号码)\s*[:：]?\s*(?P<v>[一二三四五六七八九零幺两〇]{11})"
)
# A mobile in Chinese numerals with no key word before it (一三八一二三四二零四六): eleven numerals in a row,
# the first a 1 and the second 3–9, is a phone number; ordinary text never runs eleven numerals.
CN_WORD = "零〇一二三四五六七八九壹贰叁肆伍陆柒捌玖两幺"
PHONE_CN_WORDS = re.compile(
    rf"(?<![{CN_WORD}])(?P<v>[一幺壹][三四五六七八九叁肆伍陆柒捌玖](?:[\s\-]?[{CN_WORD}]){{9}})(?![{CN_WORD}])"
)
# A number in international form (+234 803 123 4567, +44 7911 123456), found and checked by phonenumbers'
# matcher for any country; only tried where a + stands before a digit.
INTERNATIONAL_HINT = re.compile(r"\+\s?\(?[1-9]")
# A number of any country in its national form after a word that gives one (call 0803 123 4567, WhatsApp:
# 0722-123-456, call (212) 555-1234): groups of digits as phone numbers are written — 9 to 12 digits from a
# trunk 0, or 10 digits without it — so that years, dates, times and counts after "contact" or "call"
# (contact 2019 2020, call 10.30, reach 10 000 000 people) are none; no country to check it against, so
# its digits as written (in a Chinese text, read as a Chinese number).
PHONE_KEY = re.compile(
    r"(?:(?<![a-z])(?:call|phone|tel|mobile|cell|whats ?app|text|sms|viber|contact|reach)(?![a-z])"
    r"|电话|手机|座机|热线)"
    r"(?:\s+(?:me|us|him|her))?(?:\s+(?:on|at|via))?(?:\s*(?:no\.?|number|#|号码))?\s*[:：]?\s*"
    r"(?P<v>\(?0[0-9]{1,4}\)?(?:[\s\-.]?[0-9]{2,4}){1,4}|\(?[1-9][0-9]{2}\)?[\s\-.]?[0-9]{3}[\s\-.]?[0-9]{4})"
    r"(?![0-9])"
)
_GROUP = re.compile(r"[0-9]+")


def _national_number(raw: str) -> tuple[str, int] | None:
    """The digits of a national number and the length of `raw` they take: 9 to 12 digits from a trunk 0
    (groups after the number are left: "call 0803 123 4567 2020" is 08031234567), or 10 digits."""
    groups = list(_GROUP.finditer(raw))
    if raw.lstrip("(")[:1] != "0":
        digits = "".join(g.group() for g in groups)
        return (digits, len(raw)) if len(digits) == 10 else None
    while groups:
        digits = "".join(g.group() for g in groups)
        if 9 <= len(digits) <= 12:
            return digits, groups[-1].end()
        if len(digits) < 9:
            return None
        groups.pop()
    return None


EMAIL = re.compile(r"(?<![a-z0-9._%+-])[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}")  # starts where a run starts
TELEGRAM = re.compile(r"(?:t\.me/|telegram\s*[:：@]?\s*@?|tg\s*[:：]\s*@?)(?P<v>[a-z][a-z0-9_]{4,31})")
AT_HANDLE = re.compile(r"(?<![\w@.])@(?P<v>[a-z][a-z0-9_]{4,31})\b")
# An @ mention as Weibo, QQ, WeChat and Twitter write it: a handle of letters, digits, Chinese, _ and -,
# right after Chinese too (我转@某某) but not an address's @ (name@qq.com); the pipeline blanks them
MENTION = re.compile(r"(?<![a-z0-9._%+@-])@[\w-]{2,30}(?![\w-])")
# A bare @handle is a Telegram contact ("DM @babyseller"), unless a Chinese text tags this many people or
# more: a Weibo comment that calls friends to a giveaway or a pet for adoption (@Mollybeijing @猫小小tiger
# @温和的白羊 求领养！), whose handles are names, not the way to reach the poster
TAGGING = 3
URL = re.compile(r"https?://[^\s，。、）)\]>\"']+|www\.[a-z0-9-]+\.[a-z.]{2,}[^\s，。、）)\]>\"']*")


def _digits(raw: str) -> str:
    """A digit run as written, separators dropped; look-alikes and Chinese digits read as digits."""
    kept = re.sub(r"[\s\-.·_]", "", raw)
    return kept.translate(CN_DIGITS).translate(LOOKALIKE)


def phone_value(value: str) -> str:
    """A phone number as contacts are compared: E.164 when `phonenumbers` finds it valid (a Chinese number
    without its +86 too), else the digits as written; masked numbers as written."""
    return _phone(value)


def _phone(value: str) -> str:
    if any(ch in value for ch in "*＊xX×#?？○●"):
        return value  # masked: kept as written
    try:
        number = phonenumbers.parse(value, "CN")
    except phonenumbers.NumberParseException:
        return value
    if phonenumbers.is_valid_number(number):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return value


def extract_contacts(folded: str) -> list[Contact]:
    """Every contact handle in folded text, in order, without duplicates."""
    found: list[Contact] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, value: str, start: int, end: int) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        if all(c.kind != kind or c.value != value for c in found):
            found.append(Contact(kind, value, (start, end)))

    for match in EMAIL.finditer(folded):
        add("email", match.group(0), match.start(), match.end())
    for match in URL.finditer(folded):
        add("url", match.group(0), match.start(), match.end())
    for match in TELEGRAM.finditer(folded):
        add("telegram", "@" + match.group("v"), match.start("v"), match.end("v"))
    for match in QQ.finditer(folded):
        add("qq", _digits(match.group("v")), match.start("v"), match.end("v"))
    for match in WECHAT.finditer(folded):
        value = match.group("v")
        if not value[0].isascii() or value[0].isdigit():
            add("phone", _phone(_digits(value)), match.start("v"), match.end("v"))
        else:
            add("wechat", value, match.start("v"), match.end("v"))
    for match in WECHAT_GLUED.finditer(folded):
        if any(ch.isdigit() for ch in match.group("v")):
            add("wechat", match.group("v"), match.start("v"), match.end("v"))
    for match in PHONE.finditer(folded):
        add("phone", _phone(_digits(match.group("v"))), match.start("v"), match.end("v"))
    for match in LANDLINE.finditer(folded):
        add("phone", _phone(_digits(match.group("v"))), match.start("v"), match.end("v"))
    if INTERNATIONAL_HINT.search(folded):
        for found_number in phonenumbers.PhoneNumberMatcher(
            folded, None, leniency=phonenumbers.Leniency.VALID
        ):
            e164 = phonenumbers.format_number(found_number.number, phonenumbers.PhoneNumberFormat.E164)
            add("phone", e164, found_number.start, found_number.end)
    chinese = HAN.search(folded) is not None
    for match in PHONE_KEY.finditer(folded):
        if (number := _national_number(match.group("v"))) is not None:
            digits, length = number
            start = match.start("v")
            add("phone", _phone(digits) if chinese else digits, start, start + length)
    for match in PHONE_WORDS.finditer(folded):
        add("phone", _phone(_digits(match.group("v"))), match.start("v"), match.end("v"))
    for match in PHONE_CN_WORDS.finditer(folded):
        add("phone", _phone(_digits(match.group("v"))), match.start("v"), match.end("v"))
    if not chinese or len(MENTION.findall(folded)) < TAGGING:
        for match in AT_HANDLE.finditer(folded):
            add("telegram", "@" + match.group("v"), match.start("v"), match.end("v"))
    found.sort(key=lambda c: c.span or (0, 0))
    return found


def contacts_in(text: str) -> list[Contact]:
    """The contacts of a text as written (folded here). A text with no digit, no @ and no 一/幺/壹 cannot
    hold one, and most chat has none: it costs one scan, not the patterns. For the messages the analyser's
    gate let through untouched, which it did not read for contacts."""
    if not (any(ch.isdigit() or ch == "@" for ch in text) or any(ch in text for ch in "一幺壹")):
        return []
    return extract_contacts(fold(text))
