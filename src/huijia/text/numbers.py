"""Numbers as Chinese posts write them: 3万, 三万块, 八万八, 6万8, 4万5千, 4.5万, 1.5w, 30k, 30,000, 十几万,
八九万, 两三个月, and in financial numerals: 叁万伍仟, 贰拾万, 壹佰万, with 〇/○ for zero and 廿/卅/卌 for
twenty/thirty/forty.

A small parser of our own rather than cn2an: posts use colloquial cut-offs (八万八 is 88,000, 6万8 is
68,000), vague and adjacent-digit ranges (十几万, 八九万) and Latin unit letters (w, k) that cn2an rejects,
and the parser must give a range, not one number, for those. Folded text is expected (ASCII digits; fold
turns full-width and other scripts' digits into ASCII and 萬 into 万, but leaves Chinese numerals alone).
"""

from __future__ import annotations

import math
import re

DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "幺": 1, "二": 2, "两": 2, "贰": 2, "俩": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000, "k": 1000}
BIG_UNITS = {"万": 10_000, "萬": 10_000, "w": 10_000, "亿": 100_000_000}
# Twenty, thirty, forty in one character (廿五 = 25, 卅万 = 300,000): read as 二十, 三十, 四十.
TENS = {"廿": ("二", "十"), "卅": ("三", "十"), "卌": ("四", "十")}

DIGIT_CHARS = "".join(DIGITS)
UNIT_CHARS = "十拾百佰千仟万萬亿廿卅卌"
# A numeral as it appears in a post (folded): Arabic with separators and decimals, Chinese digits and units,
# 几 for "some", and the w/k letters only straight after a digit.
NUMERAL = (
    rf"(?=[\d{DIGIT_CHARS}几十拾廿卅卌])"  # one character-class test first: most positions fail here, cheaply
    # a numeral starts where a run of numeral characters starts, never inside one (a long run of 六 would
    # otherwise be tried from every position: quadratic)
    rf"(?<![\d{DIGIT_CHARS}{UNIT_CHARS}几])"
    rf"(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?!\d)|\d++(?:\.\d+)?|[{DIGIT_CHARS}几十拾廿卅卌])"
    # further groups start with a Chinese digit or unit, so a run of digits is never split two ways, and
    # they are possessive: a run is never given back piece by piece (exponential backtracking on 六六六…
    # followed by something that is not a unit)
    rf"(?:[{DIGIT_CHARS}{UNIT_CHARS}几]++(?:\d++(?:\.\d+)?)?)*+"
    rf"(?:(?<=[\d{DIGIT_CHARS}])[wk](?![a-z]))?"
)
NUMERAL_RE = re.compile(NUMERAL)
_TOKEN = re.compile(rf"\d+(?:,\d{{3}})*(?:\.\d+)?|[{DIGIT_CHARS}{UNIT_CHARS}几wk]")


def parse_number(text: str) -> tuple[float, float] | None:
    """(low, high) of a numeral; low == high unless it is a range such as 八九万 or 十几万. None if it
    is not a well-formed number."""
    tokens = _TOKEN.findall(text)
    if not tokens or "".join(tokens) != text:
        return None
    if any(t in TENS for t in tokens):
        tokens = [part for t in tokens for part in TENS.get(t, (t,))]
    # Two adjacent Chinese digits, one apart, mean a range: 八九万, 两三个, 三四十.
    if len(tokens) >= 2 and tokens[0] in DIGITS and tokens[1] in DIGITS:
        first, second = DIGITS[tokens[0]], DIGITS[tokens[1]]
        if second == first + 1 and (len(tokens) == 2 or tokens[2] not in DIGITS):
            low = _value([tokens[0], *tokens[2:]], 0)
            high = _value([tokens[1], *tokens[2:]], 0)
            return None if low is None or high is None else (low, high)
    if "几" in tokens:
        low = _value(tokens, 1)
        high = _value(tokens, 9)
        return None if low is None or high is None else (low, high)
    value = _value(tokens, 0)
    return None if value is None else (value, value)


def _value(tokens: list[str], some: int) -> float | None:
    """The value of numeral tokens; `some` is what 几 stands for."""
    total = 0.0  # completed 万/亿 groups
    section = 0.0  # the group being built
    number: float | None = None  # the last bare digit run
    last_unit = 0
    digits_run = False  # a run of Chinese digits without units: 一三八 is a digit string
    for token in tokens:
        if token[0].isdigit():
            if number is not None:
                return None
            number = float(token.replace(",", ""))
            digits_run = False
        elif token in DIGITS or token == "几":
            digit = some if token == "几" else DIGITS[token]
            if number is not None and (digits_run or last_unit == 0):
                number = number * 10 + digit
                digits_run = True
            else:
                number = float(digit)
        elif token in SMALL_UNITS:
            unit = SMALL_UNITS[token]
            if last_unit and unit >= last_unit and section:  # 千百 in the wrong order
                return None
            section += (1.0 if number is None else number) * unit
            number = None
            last_unit = unit
            digits_run = False
        else:  # a big unit: 万, 亿, w
            unit = BIG_UNITS[token]
            group = section + (number or 0.0)
            if group == 0:
                group = 1.0 if not total else 0.0
            total = (total + group) * unit if total and unit > 10_000 else total + group * unit
            section = 0.0
            number = None
            last_unit = unit
            digits_run = False
    if number is not None:
        if last_unit >= 100 and not digits_run and number < 10 and number.is_integer():
            number *= last_unit / 10  # colloquial cut-off: 八万八 → 88000, 3千5 → 3500
        section += number
    return total + section


def number_spans(text: str) -> list[tuple[int, int, float, float]]:
    """Every numeral in folded text as (start, end, low, high)."""
    out: list[tuple[int, int, float, float]] = []
    for match in NUMERAL_RE.finditer(text):
        value = parse_number(match.group(0))
        if value is not None:
            out.append((match.start(), match.end(), value[0], value[1]))
    return out


# --- English number words: "thirty thousand", "forty-five thousand", "2 million", "ten grand" -------------
EN_SMALL = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
EN_SCALES = {"hundred": 100, "thousand": 1000, "grand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_EN_WORD = "|".join(sorted([*EN_SMALL, *EN_SCALES], key=len, reverse=True))
# "a" and "an" begin a number ("a hundred") but never go on with one: "$600 a month" is 600, not 601
_EN_NEXT_WORD = "|".join(
    sorted([*(w for w in EN_SMALL if w not in ("a", "an")), *EN_SCALES], key=len, reverse=True)
)
# A fraction of a scale: "half a million", "a half million", "one and a half million", "2 and a half
# thousand", "a quarter of a million", "three quarters of a million" (each read as one, never as 1 + …)
_EN_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_EN_WHOLE = (
    rf"(?:(?<![\d.,])\d+|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+(?:{_EN_UNITS}))?"
    rf"|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|{_EN_UNITS})"
)
# never from inside a number: "twelve and a half thousand" is not "a half thousand" (500)
_EN_FRACTION = (
    rf"(?:{_EN_WHOLE}[\s-]+and[\s-]+a[\s-]+half"
    r"|(?<!and )(?<!and a )(?<!and an )(?:(?:an?|one)[\s-]+)?half(?:[\s-]+of)?(?:[\s-]+an?)?"
    r"|(?<!and )(?<!and a )(?:(?:an?|one|three)[\s-]+)?quarters?(?:[\s-]+of[\s-]+an?)?)"
)
_EN_FRACTION_OF = rf"{_EN_FRACTION}(?:[\s-]+(?:hundred|thousand|grand|million|billion))+"
_FRACTION_OF = re.compile(rf"({_EN_FRACTION})[\s-]+(.+)")
EN_NUMBER = (
    rf"(?:{_EN_FRACTION_OF}|(?:\d+(?:\.\d+)?|(?:{_EN_WORD}))(?:[\s-]+(?:and[\s-]+)?(?:{_EN_NEXT_WORD}))*)"
)


def parse_english_number(text: str) -> float | None:
    """The value of an English number in words (digits may lead: "30 thousand"); None if none."""
    fraction = _FRACTION_OF.fullmatch(text.strip())
    if fraction is not None:
        return _fraction_of(fraction.group(1), fraction.group(2))
    total = 0.0
    current = 0.0
    seen = False
    closed = math.inf  # the last scale of a thousand or more: a number goes on only below it
    for word in re.split(r"[\s-]+", text.strip()):
        if word == "and" or not word:
            continue
        if word in EN_SMALL:
            current += EN_SMALL[word]
        elif word in EN_SCALES:
            scale = EN_SCALES[word]
            current = (current or 1.0) * scale
            if scale >= 1000:
                if scale >= closed:
                    return None  # two numbers, "three billion and four billion": no one sum
                closed = scale
                total += current
                current = 0.0
        else:
            try:
                current += float(word)
            except ValueError:
                return None
        seen = True
    return total + current if seen else None


def _fraction_of(fraction: str, scales: str) -> float | None:
    """ "one and a half" "million" → 1,500,000; "a quarter of a" "million" → 250,000."""
    words = re.split(r"[\s-]+", fraction)
    if "half" in words:
        whole = parse_english_number(" ".join(words[: words.index("and")])) if "and" in words else 0.0
        value = (whole or 0.0) + 0.5
    else:
        value = 0.75 if words[0] == "three" else 0.25
    for word in re.split(r"[\s-]+", scales):
        if word not in EN_SCALES:
            return None
        value *= EN_SCALES[word]
    return value
