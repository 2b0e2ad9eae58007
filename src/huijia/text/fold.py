"""One same-length folding of text so that cues match whatever form a post is written in.

`fold(text)` maps every character to one character:
- full-width and other compatibility forms to their plain form (NFKC), upper to lower case;
- letters and digits of other scripts that stand for ASCII ones to those (Cyrillic bаby, 𝐛𝐚𝐛𝐲, ٣٠٠٠٠,
  bábý; Unicode TR39 confusables, see `huijia.text.lookalikes`);
- traditional and variant Chinese forms to simplified (OpenCC t2s, tw2s, hk2s, jp2t; Unihan variants, see
  `huijia.text.variants`): 賣/売 → 卖, 兒/児 → 儿, 寶/寳 → 宝;
- the emoji that stand for a child, a pregnancy or money to the Chinese character they stand for (`EMOJI`);
- invisible format characters (zero-width spaces, direction marks, emoji skin tones and variation selectors,
  combining marks laid over Latin letters) and the decorative radicals 丶 and 灬 to spaces.
Chinese numerals are left as they are (numbers.py reads 叁万伍仟 and 3万 alike). Because the length never
changes, an index into the folded text is an index into the original, and every evidence span can point at
the characters the poster really wrote. The table is built once, on first use.

Spacing tricks ("送 养", "送*养", "营养-费", "男，宝，出，售", "b.a.b.y") are undone by `squeeze`, which joins
such runs and keeps a map back to the original indices.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from itertools import pairwise

from huijia.text.lookalikes import lookalikes
from huijia.text.variants import opencc_table, unihan_table

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u00ad\u3000\xa0\u202f"
# Radicals that posts use as decoration between characters, never as words (男丶宝, 凌灬小): spaces, so that
# squeeze sees a separator.
DECORATION = "丶灬"
# Emoji → the character they stand for in a post. A child emoji is 娃 (itself a child term), so 男👶 reads
# 男娃, 送👶 送娃, 👶👶 娃娃; the bottle is 宝 as sellers use it (男🍼 = 男宝) and stays no cue on its own
# (a bottle may be a bottle); the baby sign is 婴 (男🚼 = 男婴, 卖🚼 = 卖婴); the pregnant figures are 孕.
# The boy and girl are 男 and 女, which say the sex next to a child word (👦宝 = 男宝) and are no cue
# alone. Money bag and banknotes are 钱 (a fee term): sellers write the price as 💰3万.
EMOJI = {
    "\U0001f476": "娃",  # 👶 BABY
    "\U0001f9d2": "娃",  # 🧒 CHILD
    "\U0001f47c": "娃",  # 👼 BABY ANGEL
    "\U0001f931": "娃",  # 🤱 BREAST-FEEDING
    "\U0001f6bc": "婴",  # 🚼 BABY SYMBOL
    "\U0001f37c": "宝",  # 🍼 BABY BOTTLE
    "\U0001f930": "孕",  # 🤰 PREGNANT WOMAN
    "\U0001fac3": "孕",  # 🫃 PREGNANT MAN
    "\U0001fac4": "孕",  # 🫄 PREGNANT PERSON
    "\U0001f466": "男",  # 👦 BOY
    "\U0001f467": "女",  # 👧 GIRL
    "\U0001f4b0": "钱",  # 💰 MONEY BAG
    "\U0001f4b4": "钱",  # 💴 BANKNOTE WITH YEN SIGN
    "\U0001f4b5": "钱",  # 💵 BANKNOTE WITH DOLLAR SIGN
    "\U0001f4b6": "钱",  # 💶 BANKNOTE WITH EURO SIGN
    "\U0001f4b7": "钱",  # 💷 BANKNOTE WITH POUND SIGN
}
# The same emoji in an English post (no Chinese in it), as the English words they stand for: "we want a
# 👦" is "we want a boy", not "we want a 男". The bottle stays out (a bottle may be a bottle).
EMOJI_EN = {
    "\U0001f476": "baby", "\U0001f9d2": "child", "\U0001f47c": "baby", "\U0001f931": "baby",
    "\U0001f6bc": "baby", "\U0001f930": "pregnant", "\U0001fac3": "pregnant", "\U0001fac4": "pregnant",
    "\U0001f466": "boy", "\U0001f467": "girl", "\U0001f4b0": "money", "\U0001f4b4": "money",
    "\U0001f4b5": "money", "\U0001f4b6": "money", "\U0001f4b7": "money",
}  # fmt: skip
_EMOJI_EN = re.compile("[" + "".join(EMOJI_EN) + "]")


def english_emoji(text: str) -> list[tuple[int, int, str]]:
    """The emoji of `text` that stand for a word, as (start, end, the English word), spaced from the
    letters around them (new👶 → "new baby"); `fold` keeps every index, so they are the folded text's too.
    """
    swaps = []
    for match in _EMOJI_EN.finditer(text):
        start, end = match.span()
        word = EMOJI_EN[match.group()]
        before = " " if start > 0 and text[start - 1].isalnum() else ""
        after = " " if end < len(text) and (text[end].isalnum() or text[end] in EMOJI_EN) else ""
        swaps.append((start, end, before + word + after))
    return swaps


# Code points that become spaces besides INVISIBLE: emoji skin tones, variation selectors, tag characters,
# and the combining marks that strike through or stack on Latin letters (b̶a̶b̶y̶ → "b a b y", which squeeze
# joins). Combining marks of other scripts (Indic, Arabic, Hebrew) are left alone.
SPACED = (
    (0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE00, 0xFE0F),
    (0xFE20, 0xFE2F), (0x1F3FB, 0x1F3FF), (0xE0000, 0xE007F), (0xE0100, 0xE01EF),
)  # fmt: skip
# Where NFKC changes a character: the BMP outside the ideograph blocks and surrogates, and these blocks of
# the supplementary planes (Unicode 14: Latin modifier letters, mathematical alphanumerics, Arabic
# mathematical letters, enclosed alphanumerics and ideographs, segmented digits, compatibility ideographs).
NFKC_RANGES = (
    (0x80, 0x33FF), (0xA000, 0xD7FF), (0xF900, 0xFFFF), (0x10780, 0x107BF), (0x1D400, 0x1D7FF),
    (0x1EE00, 0x1EEFF), (0x1F100, 0x1F2FF), (0x1FBF0, 0x1FBFF), (0x2F800, 0x2FA1F),
)  # fmt: skip


IDENTITY_UP_TO = 0xA000  # the end of the CJK unified ideographs: Latin, punctuation, kana, hanzi below it


@lru_cache(maxsize=1)
def fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for lo, hi in NFKC_RANGES:
        for code in range(lo, hi + 1):
            folded = unicodedata.normalize("NFKC", chr(code))
            if len(folded) == 1 and folded != chr(code):
                table[code] = folded
    for code, target in lookalikes().items():
        if code not in table or not table[code].isascii():
            table[code] = target
    table.update(opencc_table())
    for code, target in unihan_table().items():
        table.setdefault(code, target)
    table.update((ord(emoji), target) for emoji, target in EMOJI.items())
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code + 32)
    for lo, hi in SPACED:
        table.update(dict.fromkeys(range(lo, hi + 1), " "))
    for ch in INVISIBLE + DECORATION + "\t":
        table[ord(ch)] = " "
    for _ in range(3):  # follow chains (𝝰 → α → a, 﨑 → 崎, Ａ → A → a, ⼂ → 丶 → " ") to the end
        for code, target in table.items():
            lower = target.lower()
            further = table.get(ord(target), lower if len(lower) == 1 else target)
            if further != target:
                table[code] = further
    # Each character the table lacks costs `str.translate` a raised and cleared KeyError; with the usual
    # characters of a post mapped to themselves, folding a Chinese post takes a third less time (3.7 → 2.4
    # µs on 24,448 real posts of 46 characters), for about 3 MB.
    for code in range(0x20, IDENTITY_UP_TO):
        table.setdefault(code, chr(code))
    return table


def fold(text: str) -> str:
    """`text` with each character folded; `len(fold(text)) == len(text)` always."""
    if text.isascii():  # the common English case, without a table lookup per character
        return text.lower().replace("\t", " ") if "\t" in text else text.lower()
    folded = text.translate(fold_table())
    return folded if len(folded) == len(text) else _fold_slow(text)


def _fold_slow(text: str) -> str:
    table = fold_table()
    return "".join(t if len(t := table.get(ord(c), c)) == 1 else c for c in text)


# --- squeeze ----------------------------------------------------------------------------------------------
_HAN = "\u4e00-\u9fff"
# What ends a clause: a separator made of these is read as the poster's punctuation, not as a trick.
_CLAUSE = r",!?;:、。…\"'()\[\]{}<>《》〈〉「」『』【】“”‘’\n\r"
# A trick separator: whitespace, symbols, emoji, * . - _ ~ · • / | — anything but a letter, digit or CJK
# character (those are \w) and the clause punctuation above. Between Latin letters: anything but an ASCII
# letter or digit, a CJK character or clause punctuation.
_TRICK_SEP = rf"(?:[^\w{_CLAUSE}]|_)"
_LATIN_SEP = rf"[^a-z0-9{_HAN}{_CLAUSE}]"
# Each pattern starts with a character class, so a search skips most of a text in C, and none can backtrack
# into a run it has taken (possessive quantifiers), so a search stays linear in the text. CJK and Latin
# runs are searched for apart: one alternation of both costs more than the two searches.
_HAN_RUN = re.compile(
    rf"[{_HAN}](?:"
    # CJK words split by 1–3 trick separators: 送*养, 营养 费, 营 养 费 (the match starts at the last
    # character before the first separator; squeeze takes in the rest of that word)
    rf"(?:{_TRICK_SEP}{{1,3}}+[{_HAN}]++)+"
    # single CJK characters one by one, whatever the separator: 男，宝，出，售
    rf"|(?<![{_HAN}][{_HAN}])(?:[\s\W_]{{1,3}}+[{_HAN}](?![{_HAN}])){{2,}})"
)
# single Latin letters one by one: b.a.b.y, b a b y, s-e-l-l, b_a_b_y (the match starts at the first
# separator, after a letter that stands alone)
_LATIN_RUN = re.compile(
    # a letter after an apostrophe ends the word before it (suspect's d a u g h t e r): no run of its own
    rf"{_LATIN_SEP}(?<![a-z0-9]..)(?<![a-z]['’][a-z].)(?<=[a-z].){_LATIN_SEP}{{0,2}}+[a-z](?![a-z0-9])"
    rf"(?:{_LATIN_SEP}{{1,3}}+[a-z](?![a-z0-9]))+"
)
# A run of single characters (男，宝，出*生*证齐全) may go on with words split by trick separators.
_GOES_ON = re.compile(rf"(?:{_TRICK_SEP}{{1,3}}+[{_HAN}]++)+")
_KEPT = re.compile(rf"[{_HAN}a-z]+")
# Every run above needs a character that is none of these (a separator); one scan in C finds whether the
# text has one at all, where the runs' patterns try each CJK character or letter as a start.
_SEPARABLE = re.compile(rf"[^a-z0-9{_HAN}]")


# Pinyin in brackets after each character, as some sites print Chinese (領(lǐng)養(yǎng), folded
# 领(ling)养(yang)): a note for the reader, not a word of the post, that splits every term. One syllable
# only: 苹果(apple) is a word of the post.
_PINYIN_SYLLABLE = r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?[aeiouv]{1,3}(?:ng|n|r)?"
PINYIN_NOTE = re.compile(rf"(?<=[{_HAN}])\({_PINYIN_SYLLABLE}\)")


def _without_pinyin_notes(folded: str, out: list[str], where: list[int]) -> None:
    """The whole text without its pinyin notes, as one more run."""
    at = 0
    for note in PINYIN_NOTE.finditer(folded):
        out.append(folded[at : note.start()])
        where.extend(range(at, note.start()))
        at = note.end()
    out.append(folded[at:] + "\n")
    where.extend(range(at, len(folded) + 1))


def squeeze(folded: str) -> tuple[str, list[int]] | None:
    """Runs of CJK characters or single Latin letters split by separators, joined up, each run followed by a
    newline, with a map from squeezed to original indices; None when the text has no such run (the usual
    case, found with one regex search). A Latin run comes with the words around it (need a b.a.b.y → need a
    baby), so that terms of several words are found too. A text with pinyin notes (领(ling)养) comes whole
    without them, as one more run."""
    if _SEPARABLE.search(folded) is None:  # nothing but letters, digits and CJK: nothing to squeeze
        return None
    han = _HAN_RUN.search(folded)
    latin = _LATIN_RUN.search(folded)
    noted = "(" in folded and PINYIN_NOTE.search(folded) is not None
    if han is None and latin is None and not noted:
        return None
    out: list[str] = []
    where: list[int] = []
    if noted:
        _without_pinyin_notes(folded, out, where)
    while han is not None:
        start, end = han.span()
        while start > 0 and "\u4e00" <= folded[start - 1] <= "\u9fff":
            start -= 1  # the rest of the word before the first separator
        if goes_on := _GOES_ON.match(folded, end):
            end = goes_on.end()
        for piece in _KEPT.finditer(folded, start, end):
            out.append(piece.group())
            where.extend(range(piece.start(), piece.end()))
        out.append("\n")
        where.append(end)
        han = _HAN_RUN.search(folded, end)
    while latin is not None:
        _latin_run(folded, latin.start() - 1, latin.end(), out, where)  # the match starts after a letter
        latin = _LATIN_RUN.search(folded, latin.end())
    if not out:
        return None  # the runs found were nothing but separators
    return "".join(out), where


CONTEXT = 30  # characters of context on each side of a Latin run, cut at whitespace
SPLIT_LETTERS = (6, 40)  # runs of this many letters, all spaced alike, are also tried with one word break


def _latin_run(folded: str, start: int, end: int, out: list[str], where: list[int]) -> None:
    """Single letters at `start:end` joined up with the words around them. A separator other than the
    run's usual one is a word break (b.u.y a n.e.w.b.o.r.n → buy a newborn), and where the words are spelled
    out each with a separator of its own, a space is one too (b_u_y a b/a/b/y); a run led by the article a or
    I is written both with it joined and as a word of its own (a b a b y → ababy and a baby; a d o p t →
    adopt); a longer run spaced alike throughout is written once more with each possible word break (a b a
    b y b o y → …, a baby boy, …)."""
    letters = [m.start() for m in _KEPT.finditer(folded, start, end)]
    gaps = [folded[a + 1 : b] for a, b in pairwise(letters)]
    counts = Counter(gaps)  # counted once: gaps.count per gap made a long run quadratic
    usual = max(gaps, key=counts.__getitem__)  # the commonest, the first of those on a tie
    if counts[usual] < 2:
        return  # no word of three letters spelled out alike: U.S. a, p.s. I
    left = max(folded.rfind("\n", 0, start) + 1, start - CONTEXT)
    if left > 0 and not folded[left - 1].isspace():
        left = next((i + 1 for i in range(left, start) if folded[i].isspace()), start)
    newline = folded.find("\n", end)
    right = min(len(folded) if newline < 0 else newline, end + CONTEXT)
    if right < len(folded) and not folded[right].isspace():
        right = next((i for i in range(right - 1, end - 1, -1) if folded[i].isspace()), end)
    breaks = {i for i, gap in enumerate(gaps) if gap != usual}
    variants = [breaks]
    spaces = {i for i, gap in enumerate(gaps) if gap.isspace()}
    if spaces and not usual.isspace() and spaces != breaks:
        variants.append(spaces)  # words spelled out each with its own separator: b_u_y a b/a/b/y
    article = folded[start] in "ai" and gaps[0].isspace() and 0 not in breaks and len(letters) > 3
    if article:
        variants.append(breaks | {0})
    if (
        not breaks
        and usual.isspace()
        and SPLIT_LETTERS[0] <= len(letters) <= SPLIT_LETTERS[1]
        and len(where) < 4 * len(folded)  # a bound on the work for a text made of such runs
    ):
        # words spaced out letter by letter with spaces between them too (b a b y b o y): one break at
        # each place (after a leading article too), so that each word at either end is found whole
        # (three letters at least on each side: W E E K E N D is no "we")
        variants += [{0, i} if article else {i} for i in range(3 if article else 2, len(gaps) - 2)]
    for word_breaks in variants:
        out.append(folded[left:start])
        where.extend(range(left, start))
        for i, at in enumerate(letters):
            out.append(folded[at])
            where.append(at)
            if i in word_breaks:
                out.append(" ")
                where.append(at + 1)
        out.append(folded[end:right] + "\n")
        where.extend(range(end, right + 1))


# --- leetspeak --------------------------------------------------------------------------------------------
# A Latin word written with digits or symbols for letters (s3ll, b@by, ca$h, b0y, pr1ce). Only words that
# begin with a letter and hold at least two letters are read, so 30k, 4g and 2nd stay as they are.
_LEET_WORD = re.compile(r"(?<![a-z0-9@$])[a-z](?=[a-z0-9@$]*[0-9@$])[a-z0-9@$]{2,19}(?![a-z0-9@$])")
_LEET_MARK = re.compile(r"[0-9@$]")  # a leet word has one of these
_LEET = str.maketrans("013457@$", "oieastas")


def unleet(folded: str) -> str | None:
    """`folded` with the leetspeak words read as letters, same length (so indices carry over); None when
    it has no such word (the usual case, one regex search)."""
    if _LEET_MARK.search(folded) is None or _LEET_WORD.search(folded) is None:  # the first: one C scan
        return None
    return _LEET_WORD.sub(lambda m: m.group(0).translate(_LEET), folded)
