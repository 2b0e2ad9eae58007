"""What a post says about the child: sex, age in days, unborn with pregnancy month or due month, count."""

from __future__ import annotations

import re

from huijia.model import Child
from huijia.text.numbers import NUMERAL, parse_number

# A bare 男/女 counts only as a field of its own, as notices write it ("寻找张某，男，5岁", "性别：女").
MALE = re.compile(
    r"男宝|男婴|男孩|男娃|儿子|孙子|外孙(?!女)|蓝宝|小王子|男丁|男生|性别[:：]?\s*男|(?:^|[,，、;；\s])男(?=$|[,，、;；\s])"
    r"|\b(?:boy|son|male)\b"
)
FEMALE = re.compile(
    r"女宝|女婴|女孩|女娃|女儿|孙女|粉宝|闺女|小公主|千金|性别[:：]?\s*女|(?:^|[,，、;；\s])女(?=$|[,，、;；\s])"
    r"|\b(?:girl|daughter|female)\b"
)
BOTH = re.compile(
    r"龙凤胎|男女都有|男宝女宝都有|男女不限|性别不限|男女未知|性别未知|男女均可|boy or girl|girl or boy"
)
TWINS = re.compile(r"双胞胎|龙凤胎|双胎|\btwins\b")
TRIPLETS = re.compile(r"三胞胎|\btriplets\b")
SEVERAL = re.compile(
    r"(?P<n>两|三|四|2|3|4)个(?:宝宝|孩子|男宝|女宝|小孩|婴儿)"
    r"|\b(?P<en>two|three|2|3) (?:babies|children|kids)\b"
)

_UNIT_DAYS = {"天": 1, "日": 1, "周": 7, "星期": 7, "个月": 30, "月": 30, "岁": 365, "年": 365}
AGE_ZH = re.compile(rf"(?P<n>{NUMERAL}|半)\s*(?P<unit>天|日|周|个?星期|个月|月|岁)(?:大|了|左右|多)?")
AGE_EN = re.compile(
    r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a)[\s-]*"
    r"(?P<unit>day|week|month|year)s?[\s-]*old"
)
EN_NUMBERS = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
PREGNANT_ZH = re.compile(
    rf"(?:怀孕|怀了|孕|身孕|怀胎)\s*(?P<n>{NUMERAL})\s*(?:个?月|周)|(?P<m>{NUMERAL})\s*个?月(?:的)?身孕"
)
PREGNANT_EN = re.compile(
    r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten)[\s-]*months?[\s-]*pregnant"
    r"|pregnant (?:for )?(?P<m>\d+|one|two|three|four|five|six|seven|eight|nine) months"
)
PREGNANT_WEEKS = re.compile(rf"(?:孕|怀孕)\s*(?P<n>{NUMERAL})\s*周|(?P<en>\d+) weeks pregnant")
DUE_ZH = re.compile(rf"(?:预产期|预产|预计)\D{{0,4}}?(?:(?P<y>\d{{4}})年)?(?P<m>{NUMERAL})\s*月")
MONTHS_EN = {
    m: i + 1
    for i, m in enumerate(
        ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
         "november", "december")
    )
}  # fmt: skip
DUE_EN = re.compile(r"due (?:in |on |date )?(?P<m>" + "|".join(MONTHS_EN) + r")(?: (?P<y>\d{4}))?")
UNBORN = re.compile(
    r"怀孕|怀了|身孕|预产|待产|未出生|还没生|没出生|孕\d|孕[一二三四五六七八九十]|肚子里|\bunborn\b|\bpregnant\b|\bexpecting\b"
)


def _count_word(text: str) -> float | None:
    if text in EN_NUMBERS:
        return float(EN_NUMBERS[text])
    value = 0.5 if text == "半" else (parse_number(text) or (None, None))[0]
    return value


def extract_child(folded: str, sent_year_month: tuple[int, int] | None = None) -> Child:
    """The child facts stated in folded text; anything not stated stays None."""
    male, female = _gender_word(MALE, folded), _gender_word(FEMALE, folded)
    gender = None
    if not BOTH.search(folded):
        if male and not female:
            gender = "male"
        elif female and not male:
            gender = "female"
    pregnancy_month: int | None = None
    match = PREGNANT_ZH.search(folded) or PREGNANT_EN.search(folded)
    if match:
        value = _count_word(match.group("n") or match.group("m"))
        if value is not None and 1 <= value <= 10:
            pregnancy_month = int(value)
    if pregnancy_month is None and (weeks := PREGNANT_WEEKS.search(folded)):
        value = _count_word(weeks.group("n") or weeks.group("en"))
        if value is not None and 1 <= value <= 42:
            pregnancy_month = min(10, int(value) // 4 + 1)
    due = _due(folded, sent_year_month)
    unborn = bool(pregnancy_month or due or UNBORN.search(folded))
    age_days = None if unborn else _age_days(folded)
    count = None
    if TRIPLETS.search(folded):
        count = 3
    elif TWINS.search(folded):
        count = 2
    elif several := SEVERAL.search(folded):
        count = int(_count_word(several.group("n") or several.group("en")) or 0) or None
    elif gender or age_days is not None or unborn:
        count = 1
    return Child(
        gender, age_days, True if unborn else None if age_days is None else False, pregnancy_month, due, count
    )


ADULT_BEFORE = re.compile(r"(?:\d{2}|eighteen|nineteen|twenty)[\s-]*years?[\s-]*old\s*$|\d{2}岁的?$")


def _gender_word(pattern: re.Pattern[str], folded: str) -> re.Match[str] | None:
    """The first gender word that is not about an adult ("an 18-year-old girl" is the mother)."""
    for match in pattern.finditer(folded):
        if not ADULT_BEFORE.search(folded[max(0, match.start() - 20) : match.start()]):
            return match
    return None


DAY_OF_MONTH = re.compile(r"\s*\d{1,2}\s*[日号]")


def _in_a_date(folded: str, match: re.Match[str]) -> bool:
    """A date such as 2019年8月11日 is not an age of 8 months or 11 days."""
    unit = match.group("unit")
    before = folded[: match.start()].rstrip()
    if unit == "月":
        return before.endswith("年") or DAY_OF_MONTH.match(folded, match.end()) is not None
    return unit == "日" and before.endswith("月")


# 四天后, 三个月前, 两周之后: a span of time from now or from an event, not an age — right after the unit
# (男宝20天了前天刚打完疫苗 is 20 days old) and unless it is counted from the birth (出生三天后, 生下两个月后,
# 两个月前出生的男宝, 10天前刚出生)
SPAN_AFTER = re.compile(r"(?:以|之)?([后前])")
FROM_BIRTH = ("出生", "生下", "生后", "产后", "生了", "生于", "生完", "刚生")
BORN_AFTER = re.compile(r".{0,2}(?:出生|生的|生下|生了)")


def _a_span_of_time(folded: str, match: re.Match[str]) -> bool:
    span = SPAN_AFTER.match(folded, match.end("unit"))
    if span is None:
        return False
    if span.group(1) == "前" and BORN_AFTER.match(folded, span.end()):
        return False  # 两个月前出生: born two months ago
    return not any(word in folded[max(0, match.start() - 6) : match.start()] for word in FROM_BIRTH)


def _age_days(folded: str) -> int | None:
    for match in AGE_ZH.finditer(folded):
        before = folded[max(0, match.start() - 3) : match.start()]
        if any(word in before for word in ("孕", "怀", "预产")) or _in_a_date(folded, match):
            continue
        if _a_span_of_time(folded, match):
            continue
        value = _count_word(match.group("n"))
        if value is None or value <= 0:
            continue
        unit = match.group("unit").removeprefix("个")
        days = value * _UNIT_DAYS.get(unit, 30 if "月" in unit else 7)
        if days <= 14 * 365:
            return round(days)
    for match in AGE_EN.finditer(folded):
        value = _count_word(match.group("n"))
        days = (
            round(value * {"day": 1, "week": 7, "month": 30, "year": 365}[match.group("unit")])
            if value
            else 0
        )
        if 0 < days < 12 * 365:  # "an 18-year-old girl" is the mother, not the child
            return days
    if "满月" in folded:
        return 30
    return None


def _due(folded: str, sent: tuple[int, int] | None) -> str | None:
    match = DUE_ZH.search(folded)
    month: int | None = None
    year: int | None = None
    if match:
        value = parse_number(match.group("m"))
        month = int(value[0]) if value else None
        year = int(match.group("y")) if match.group("y") else None
    elif en := DUE_EN.search(folded):
        month = MONTHS_EN[en.group("m")]
        year = int(en.group("y")) if en.group("y") else None
    if month is None or not 1 <= month <= 12:
        return None
    if year is None:
        if sent is None:
            return None
        year = sent[0] + (1 if month < sent[1] else 0)
    return f"{year:04d}-{month:02d}"
