"""Pinyin spellings of a Chinese term, as sellers write them to dodge a filter: 送养 → sy, songyang, s养, 送y;
营养费 → yyf, yingyangfei, 营养f, y养费; 女宝 → nvb, nvbao.

Readings come from pypinyin (its own dictionary, phrase-aware: 还在吗 is hai, not huan). Short initials are
the trouble: two letters (sy, bb, nb, cs) are ordinary tokens of English and of Chinese chat, so
`ascii_forms` keeps a form only when it is unlikely to be anything else:
- initials with no vowel letter (an English word nearly always has one) that are not a common English
  word, unit or chat abbreviation without vowels (`NOT_INITIALS`: shy, gym, mhz, btw, wtf …), of at least
  `min_initials` letters (the matcher asks four, three for its key terms); of two letters only those in
  `TWO_LETTER` (see there);
- full pinyin of two syllables or more, five letters or more (songyang, nanbao, yingyangfei).
`mixed_forms` replace one character of the term by its initial or its syllable (s养, 营养fei); they contain
a Chinese character, so they cannot collide with English.
"""

from __future__ import annotations

import re
from functools import lru_cache

HAN_TERM = re.compile(r"[\u4e00-\u9fff]{2,}")
VOWELS = frozenset("aeiou")
VOWELS_AND_V = frozenset("aeiouv")  # v stands for ü
# Two-letter initials that are kept: 送养/收养 (sy) and 领养 (ly), the commonest evasions of all. Each
# occurs in under 1 in 10,000 ordinary texts (92,713 real English and Chinese texts in shared/data: sy in
# 2, ly in 4, mostly inside @handles), against 4,386 for "by" (抱养) or 93 for "hk" (户口). The analyser
# still never lets a two-letter form open the gate alone (huijia.analyse.cues gives it no standalone
# category): it needs a child word next to it.
TWO_LETTER = frozenset(("sy", "ly"))
MIN_INITIALS = 3
MIN_PINYIN = 5
# Vowel-less English words and chat abbreviations that initials could spell.
NOT_INITIALS = frozenset((
    "by", "my", "shy", "spy", "sky", "fly", "why", "cry", "dry", "try", "fry", "ply", "pry", "sly", "sty",
    "wry", "gym", "gyp", "hymn", "lynx", "lynch", "myth", "nymph", "psych", "rhythm", "sync", "synth",
    "crypt", "cyst", "tryst", "glyph", "lymph", "myrrh", "pygmy", "gypsy", "shyly", "slyly", "dryly", "hmm",
    "hmmm", "shh", "shhh", "brr", "psst", "tsk", "pfft", "zzz", "grr", "nth", "ssh", "btw", "tbh", "smh",
    "lmk", "wtf", "wth", "ppl", "pls", "plz", "thx", "tnx", "ffs", "brb", "gtg", "ttyl", "bff", "nsfw",
    "tldr", "jk", "hmu", "wyd", "hbd", "ngl", "nvm", "fml", "ftw", "ftl", "fyi", "rsvp", "tbd", "tba",
    "smth", "sth", "msg", "txt", "pts", "rly", "srsly", "pwn", "stfu", "ggwp", "glhf", "tysm", "ily",
    "ilysm", "hz", "khz", "mhz", "ghz", "thz", "kwh", "mwh", "gwh", "mph", "kph", "rpm", "bpm", "fps",
    "dpi", "ppi", "psi", "nyc", "bbc", "cnn", "nbc", "cbs", "nfl", "nba", "mlb", "nhl", "nhs", "gdp", "cpu",
    "gpu", "ssd", "hdd", "bmw", "usb", "pdf", "html", "www", "http", "mp", "km", "cm", "mm", "kg", "lb",
    "lbs", "gb", "mb", "kb", "tb", "dvd", "cd", "cds", "tv", "sms", "mms", "gps", "atm", "std", "hiv",
    "hpv", "ptsd", "cbd", "thc", "jfk", "fbi", "cia", "nsa", "dhs", "dmv", "irs", "gop", "gwb", "lgbt",
    "lgbtq", "bts", "mvp", "pst", "cst", "gmt", "nyt", "wsj", "npr", "pbs", "mtv", "psn", "wwe", "mls",
    "pga", "bbq", "ppv", "bcc", "fwd", "hwy", "ltd", "llc", "vs", "pp", "pg", "pt", "hq", "vr", "xx", "xxx",
    "bmx", "dj", "djs", "mc", "mr", "mrs", "ms", "jr", "sr", "dr", "st", "rd", "ny", "la", "dc", "sf",
    "yyds", "xswl", "nmsl", "awsl", "zqsg", "dbq", "bhys", "yygq", "kswl", "pyq", "zfb", "xjj", "xgg",
    "ssfd", "hhh", "hhhh", "hhhhh", "nbcs", "bdjw", "wdnmd", "djll", "plmm", "gg", "dd", "jj",
))  # fmt: skip


@lru_cache(maxsize=4096)
def syllables(term: str) -> tuple[str, ...] | None:
    """The toneless pinyin of each character of a Chinese term (ü written v), or None if it has other
    characters or one without a reading."""
    if not HAN_TERM.fullmatch(term):
        return None
    from pypinyin import lazy_pinyin

    readings = tuple(lazy_pinyin(term, v_to_u=False))
    if len(readings) != len(term) or not all(r.isascii() and r.isalpha() for r in readings):
        return None
    return readings


def _initial(syllable: str, long: bool) -> str:
    if long:
        for head in ("zh", "ch", "sh", "nv", "lv"):
            if syllable.startswith(head):
                return head
    return syllable[0]


def initials(term: str) -> list[str]:
    """The initials of a term: first letters (syf) and, where different, with zh/ch/sh and nv/lv kept
    whole (收养 → sy, shy; 女宝 → nb, nvb)."""
    readings = syllables(term)
    if readings is None:
        return []
    forms = ["".join(_initial(r, long) for r in readings) for long in (False, True)]
    return list(dict.fromkeys(forms))


def ascii_forms(term: str, min_initials: int = MIN_INITIALS) -> list[str]:
    """Initials and full pinyin of a term that pass the filters in the module docstring."""
    readings = syllables(term)
    if readings is None:
        return []
    kept = [
        form
        for form in initials(term)
        if form in TWO_LETTER
        or (len(form) >= min_initials and not VOWELS.intersection(form) and form not in NOT_INITIALS)
    ]
    full = "".join(readings)
    if len(full) >= MIN_PINYIN and full not in NOT_INITIALS:
        kept.append(full)
    return list(dict.fromkeys(kept))


def mixed_forms(term: str) -> list[str]:
    """The term with some of its characters written as their initials, or one as its syllable, the rest
    left as they are: 送养 → s养, 送y, song养, 送yang; 送养费 → sy费, s养f, 送yf, …"""
    readings = syllables(term)
    if readings is None or len(readings) > 4:
        return []
    forms = []
    for i, reading in enumerate(readings):
        for written in dict.fromkeys((_initial(reading, True), reading)):
            forms.append(term[:i] + written + term[i + 1 :])
    for mask in range(1, 2 ** len(term) - 1):
        forms.append(
            "".join(r[0] if mask >> i & 1 else c for i, (c, r) in enumerate(zip(term, readings, strict=True)))
        )
    return list(dict.fromkeys(forms))


_LONGEST = 6  # letters of the longest syllable (zhuang, chuang, shuang)
_LATIN_WORD = re.compile(r"[a-z]{2,}")
PINYIN_SHARE = 0.6  # of a post's Latin words that must read as pinyin for the post to be written in it
LONGEST_PINYIN_WORD = 30  # letters; a longer run is no word of a post written in pinyin


def reads_as_pinyin(word: str) -> bool:
    """Whether a lower-case word is a run of pinyin syllables (songyang, nanbao, weixin, she; not daughter).
    One pass over the word's places, each reached or not (a regex of repeated syllables tried every way
    of splitting "aiaiai…s", and took minutes on a word of forty letters)."""
    if not 0 < len(word) <= LONGEST_PINYIN_WORD:
        return False
    known = syllables_of_chinese()
    reached = [True] + [False] * len(word)
    for i in range(len(word)):
        if reached[i]:
            for j in range(i + 1, min(i + _LONGEST, len(word)) + 1):
                if word[i:j] in known:
                    reached[j] = True
    return reached[-1]


@lru_cache(maxsize=1)
def syllables_of_chinese() -> frozenset[str]:
    """Every toneless syllable (ü written v) that pypinyin's dictionary gives a character: about 420,
    read once on first use (0.1 s). Not the interjections without a vowel (m, n, ng, hm, hng), and not
    an initial-and-final grid, which doubles the set with pairs no syllable has (gi, ki, hi) and reads
    "give me a hug" as pinyin (a review)."""
    from pypinyin import Style
    from pypinyin.constants import PINYIN_DICT
    from pypinyin.style import convert

    out = set()
    for readings in PINYIN_DICT.values():
        for reading in readings.split(","):
            plain = convert(reading, Style.NORMAL, strict=True).replace("ü", "v")
            if plain.isascii() and plain.isalpha() and VOWELS_AND_V.intersection(plain):
                out.add(plain)
    return frozenset(out)


def written_in_pinyin(folded: str) -> bool:
    """Whether most words of a folded post without Chinese characters read as pinyin ("songyang nanbao
    3wan jia wo weixin"), not English ("Songyang is my daughter's name")."""
    words = _LATIN_WORD.findall(folded)
    return bool(words) and sum(map(reads_as_pinyin, words)) >= PINYIN_SHARE * len(words)
