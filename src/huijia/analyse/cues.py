"""Every lexicon term found in a folded text, in one pass of an Aho–Corasick automaton (pyahocorasick).

Terms that begin or end with a Latin letter or digit match only at word boundaries, so "son" is not found
in "reason" nor "ivf" in "ivfx"; an English term written with a trailing `*` matches any word ending. For
the Latin terms of the Chinese lexicon and the pinyin forms a digit is a boundary too (yyf3w, 加qq12345).

Besides the lexicon's own terms the matcher knows their pinyin spellings (`derived_terms`): initials and
full pinyin of the Chinese terms of the transaction and child categories (送养 → songyang, 营养费 → yyf),
and for the key terms some characters written in pinyin (s养, sy费, 营养fei) — see huijia.text.pinyin for
which forms are kept.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Any, NamedTuple

import ahocorasick

from huijia.lexicon import Lexicon, load_lexicon
from huijia.text.fold import fold
from huijia.text.pinyin import NOT_INITIALS, ascii_forms, initials, mixed_forms, syllables


class Cue(NamedTuple):
    """A lexicon term at `start:end` of the text; `category` is the lexicon category. (A named tuple: a
    message that names a child makes a few of these, and a frozen dataclass costs three times as much to
    make.)"""

    start: int
    end: int
    category: str
    kind: str
    term: str


@dataclass(frozen=True, slots=True)
class Derived:
    """A pinyin spelling the matcher adds for lexicon term `source`: `how` is "initials" (yyf), "pinyin"
    (yingyangfei) or "mixed" (营养f)."""

    form: str
    category: str
    kind: str
    source: str
    how: str


# The categories whose Chinese terms get pinyin spellings. Key terms — those of the KEY_CATEGORIES and any
# that name the adoption or the child (送男宝, 收娃, 求领养) — get three-letter initials and mixed forms
# too; other terms only initials of four letters or more (three-letter strings are too often something
# else: sch, gsd, snb), and no mixed forms (a lone letter next to a common word: 维生素d补 is not 低补).
PINYIN_CATEGORIES = frozenset(
    ("standalone", "child", "offer", "seek", "fee", "broker", "documents", "pre_birth")
)
KEY_CATEGORIES = frozenset(("standalone", "child", "fee", "documents"))
KEY_CHARACTERS = frozenset("养宝婴娃孩")


def _opens_gate(form: str, how: str) -> bool:
    """Whether a form may have the standalone category, which opens the gate alone: not two letters (sy),
    nor a full pinyin of five (maier is 卖儿 and a surname, maizi 卖子 and 麦子)."""
    if how == "initials":
        return len(form) > 2
    return how == "mixed" or len(form) >= 6


def _key_term(term: str, category: str) -> bool:
    if KEY_CHARACTERS.intersection(term):
        return len(term) <= 4
    return category in KEY_CATEGORIES and len(term) >= 3


def derived_terms(lexicon: Lexicon) -> list[Derived]:
    """The pinyin spellings a matcher built with `derived=True` adds to `lexicon`, in lexicon order, each
    with the category of its source term and, unless it is three letters or fewer, of the terms inside it
    (ycsy, from 有偿送养, is an offer and, for 送养, standalone). A two-letter form (sy, ly) or a full
    pinyin of five letters never gets the standalone category: alone it does not open the gate."""
    known = {
        (fold(raw.rstrip("*")).strip(), category.name)
        for categories in lexicon.categories.values()
        for category in categories
        for raw in category.terms
    }
    zh = [(term, c) for c in lexicon.categories.get("zh", ()) for term in c.terms]
    out: list[Derived] = []
    for term, category in zh:
        if category.name not in PINYIN_CATEGORIES:
            continue
        key = _key_term(term, category.name)
        forms = [
            (f, "initials" if f in initials(term) else "pinyin") for f in ascii_forms(term, 3 if key else 4)
        ]
        if key:
            forms += [(f, "mixed") for f in mixed_forms(term)]
        # a form stands for the terms inside its source too, as the source does (ycsy: 有偿送养 and 送养),
        # unless it is three letters or fewer (snb is 送男宝, but Sandy Bridge too: no child word for it)
        inner = [c for t, c in zh if len(t) >= 2 and t != term and t in term and c.name in PINYIN_CATEGORIES]
        for form, how in forms:
            for cat in (category, *(inner if how == "mixed" or len(form) > 3 else ())):
                if (form, cat.name) in known or (cat.name == "standalone" and not _opens_gate(form, how)):
                    continue
                known.add((form, cat.name))
                out.append(Derived(form, cat.name, cat.kind, term, how))
    return out


# English key words written without their vowels, as sellers abbreviate them past a filter (adpt, bby,
# grl, chld, infnt, nwbrn, prgnnt, whtspp): the first letter and the consonants after it. A skeleton of
# three letters or more that is no common abbreviation or unit is almost never anything else: of 60 such
# forms of the lexicon's key words, 56 occur in none of 47,823 real English texts in shared/data, and the
# four that do (cst, ers, bbs, prc) are left out with the rest of `NOT_INITIALS`; so is sns (sons), the
# acronym of social networks, in 12 real texts of 116,521 and in Chinese posts (微博、SNS等社会化媒体).
SKELETON_CATEGORIES = frozenset(
    ("standalone", "child", "pregnancy", "offer", "seek", "fee", "private_contact")
)
NOT_SKELETONS = frozenset(("cst", "ers", "bbs", "prc", "nwb", "sns"))
_VOWELS = frozenset("aeiou")


def skeleton(word: str) -> str:
    """The first letter of a word and the consonants after it: adoption → adptn, baby → bby."""
    return word[:1] + "".join(ch for ch in word[1:] if ch not in _VOWELS)


def english_skeletons(lexicon: Lexicon) -> dict[str, str]:
    """The vowel-less spellings of the English key words of `lexicon` (one-word terms of four letters or
    more), each with its word: {"adpt": "adopt", "grl": "girl", …}."""
    out: dict[str, str] = {}
    for category in lexicon.categories.get("en", ()):
        if category.name not in SKELETON_CATEGORIES:
            continue
        for raw in category.terms:
            word = raw.rstrip("*")
            if len(word) < 4 or not word.isascii() or not word.isalpha():
                continue
            form = skeleton(word)
            if len(form) >= 3 and form != word and form not in NOT_INITIALS and form not in NOT_SKELETONS:
                out.setdefault(form, word)
    return out


# Abbreviations of key English words that are no skeleton of them.
# doo is d00 read as letters (`unleet`): "due in three weeks"; bui is buy as it sounds (none of the 47,823
# real English texts in shared/data has the word).
ABBREVIATIONS = {
    "dtr": "daughter", "bbies": "babies", "nwborn": "newborn", "doo": "due", "ibx": "inbox", "bui": "buy",
}  # fmt: skip
_SHUN = re.compile(r"[a-z]{3,}shun")


def _phonetic(token: str) -> str | None:
    """A word spelled as it sounds: -shun for -tion (adopshun → adoption)."""
    return token[:-4] + "tion" if _SHUN.fullmatch(token) else None


# A term's category, evidence kind, whether it takes any word ending (`sell*`), and whether a number next to
# it is a word boundary: so for the pinyin forms and the Chinese lexicon's Latin terms of three characters
# or more, which posts run into amounts (yyf3w, 营养fei3万, 加qq123456) — when the number itself ends there
# and is on one side only (not in an ID such as zjk2gxf, 3gxf4 or 6058bb6d); not for English words (the "i"
# of i7 is no pronoun).
Entry = tuple[str, str, bool, bool]
DIGITS_BOUND_CATEGORIES = frozenset((*PINYIN_CATEGORIES, "private_contact"))
_NUMBER_THEN_BOUNDARY = re.compile(r"\d[\d.,]*(?:[wk](?![a-z0-9])|(?![a-z0-9]))")
_BOUNDARY_THEN_NUMBER = re.compile(r"(?<![a-z0-9])[\d.,]*\d$")


def _word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


class CueMatcher:
    """All cue terms of a lexicon compiled into one automaton, and the terms that can open the gate into a
    second, small one: most messages have none of those, and are done after one pass that finds nothing.
    """

    def __init__(
        self, lexicon: Lexicon, gate_categories: frozenset[str] = frozenset(), derived: bool = True
    ) -> None:
        self.lexicon = lexicon
        entries: dict[str, list[Entry]] = {}
        for language, categories in lexicon.categories.items():
            for category in categories:
                for raw in category.terms:
                    wildcard = raw.endswith("*")
                    term = fold(raw.rstrip("*")).strip()
                    if term:
                        digits_bound = (
                            language == "zh" and category.name in DIGITS_BOUND_CATEGORIES and len(term) >= 3
                        )
                        entry = (category.name, category.kind, wildcard, digits_bound)
                        entries.setdefault(term, []).append(entry)
        self.derived = derived_terms(lexicon) if derived else []
        # each pinyin form by the first term the lexicon lists for it (sy → 送养, though it may stand
        # for 收养 too: the cues weigh both), written out in Chinese text (`respellings`)
        self._pinyin_source: dict[str, str] = {}
        for extra in self.derived:
            if extra.form.isascii():
                self._pinyin_source.setdefault(extra.form, extra.source)
        for category in lexicon.categories.get("zh", ()) if derived else ():
            if category.name in PINYIN_CATEGORIES:  # forms the lexicon lists itself (yyf, gxf)
                for term in category.terms:
                    for form in ascii_forms(term.rstrip("*"), 3):
                        if form in entries:
                            self._pinyin_source.setdefault(form, term.rstrip("*"))
        listed = {(term, entry[0]) for term, values in entries.items() for entry in values}
        # (form, category) → the lexicon term of that category that the form spells (`spelled`)
        self._spelled: dict[tuple[str, str], str] = {}
        for extra in self.derived:
            if (extra.source, extra.category) in listed:
                self._spelled.setdefault((extra.form, extra.category), extra.source)
        # the forms a run of Latin letters in Chinese text is read as, whole or joined without a space
        # (syhz: sy + hz): initials, the pinyin forms above, and the full pinyin of the initials' terms
        # (yuchanqi for ycq, siliao for sl)
        self._pieces: dict[str, str] = {}
        if derived:
            self._pieces.update(self._pinyin_source)
            for form, term in INITIALS_IN_CHINESE.items():
                self._pieces[form] = term
                readings = syllables(term)
                if readings is not None:
                    self._pieces.setdefault("".join(readings), term)
        self._respellings = {**english_skeletons(lexicon), **ABBREVIATIONS} if derived else {}
        # a set of words tells the usual message, which has none of the forms, from the rest
        self._respelled_forms = frozenset((*self._respellings, *INITIALS_IN_CHINESE))
        for extra in self.derived:
            entry = (extra.category, extra.kind, False, len(extra.form) >= 3)
            entries.setdefault(extra.form, []).append(entry)
        # a word of `NOT_TERMS` written with a mixed form inside is that word still: 蓝bao石 is 蓝宝石 (a
        # sapphire), not the boy code 蓝宝 before 石
        not_words = {
            term: entry for term, values in entries.items() for entry in values if entry[0] == NOT_TERMS
        }
        for extra in self.derived:
            if extra.how != "mixed":
                continue
            for word, entry in not_words.items():
                if extra.source in word and word != extra.source:
                    respelled = entries.setdefault(word.replace(extra.source, extra.form), [])
                    if entry not in respelled:
                        respelled.append(entry)
        self._automaton = _automaton(entries)
        gate_entries = {
            term: [v for v in values if v[0] in gate_categories]
            for term, values in entries.items()
            if any(v[0] in gate_categories for v in values)
        }
        self._gate = _automaton(gate_entries) if gate_entries else None

    def may_open_gate(self, folded: str) -> bool:
        """Whether `folded` has any term of the gate categories (checked before the full pass)."""
        if self._gate is None:
            return True
        # No word-boundary check here: a loose gate only costs a full pass, and stopping at the first
        # hit inside the C iterator keeps the usual message (no hit at all) cheap.
        return next(self._gate.iter(folded), None) is not None

    def find(self, folded: str) -> list[Cue]:
        """Cues in `folded` (the output of `fold`), in order of their end position — but none inside a
        longer word of `NOT_TERMS` (`not_inside`), and none on a mixed form whose initials are slang
        where they stand (有nb专卖: `_slang_inside`)."""
        found = [cue for cue in _matches(self._automaton, folded) if not _slang_inside(cue, folded)]
        words = [(cue.start, cue.end) for cue in found if cue.category == NOT_TERMS]
        if not words:
            return found
        return not_inside([cue for cue in found if cue.category != NOT_TERMS], words)

    def spelled(self, cue: Cue) -> str | None:
        """The lexicon term a pinyin-form cue spells (sy as an offer → 送养, as a request → 收养); None
        for a cue on a term of the lexicon itself."""
        return self._spelled.get((cue.term, cue.category))

    def respellings(
        self, folded: str, unleeted: str | None = None, chinese: bool | None = None
    ) -> list[tuple[int, int, str]]:
        """The abbreviations of key words in `folded`, each as (start, end, the word written out):
        - the vowel-less spellings of English key words (adpt → adopt, grl → girl: `english_skeletons`,
          `ABBREVIATIONS`) and -shun for -tion (adopshun);
        - in Chinese text, the two-letter initials of `INITIALS_IN_CHINESE` (十天健康ye不想要了 →
          十天健康婴儿不想要了) and the pinyin forms of lexicon terms (ly → 领养; sy → 送养, the first
          term it may stand for): a run of Latin tokens only when every token in it is such initials or
          another pinyin form the matcher knows, or several of them joined without a space (syhz → 送养孩子,
          songyanghaizi; so "by the way" next to Chinese is not 抱养), a single form only right next to a
          Chinese character or running into a sum (yyf3万);
        - the same in `unleeted`, the text with leetspeak read as letters (d00 → doo → due).
        `chinese` says whether the post was written in Chinese (default: `folded` has a Chinese character;
        but an emoji folds to one, 👶 → 娃, in an English post too).
        So the cues, the speech acts and the n-grams of the post are read as if it were spelled out."""
        if chinese is None:
            chinese = HAN.search(folded) is not None
        swaps = self._respellings_of(folded, chinese)
        if unleeted is not None:  # d00 → doo (due): the same length, so the same places
            swaps += [
                (start, end, word)
                for start, end, word in self._respellings_of(unleeted, chinese)
                if _word_changed(folded, unleeted, start, end)
                and not any(s < end and start < e for s, e, _ in swaps)
            ]
        return swaps

    def _may_respell(self, folded: str) -> bool:
        """Whether a word of `folded` is one of the respelled forms or ends in -shun: the usual message
        has none. (Its words, then a set lookup each: one regex alternation of the forms, which cannot
        skip ahead to a likely start, cost a few times as much.)"""
        words = _WORD.findall(folded)
        if not self._respelled_forms.isdisjoint(words):
            return True
        return "shun" in folded and any(
            len(word) > 6 and word.endswith("shun") and word.isalpha() for word in words
        )

    def _respellings_of(self, folded: str, chinese: bool) -> list[tuple[int, int, str]]:
        if not self._respellings:
            return []
        if LATIN_LETTER.search(folded) is None:  # the usual Chinese message: one scan in C
            return []
        if not self._may_respell(folded) and not (chinese and _LATIN_RUN.search(folded)):
            return []
        swaps: list[tuple[int, int, str]] = []
        for run in _LATIN_RUN.finditer(folded):
            tokens = list(_TOKEN.finditer(run.group(0)))
            for token in tokens:
                word = self._respellings.get(token.group(0)) or _phonetic(token.group(0))
                if word is not None:
                    swaps.append((run.start() + token.start(), run.start() + token.end(), word))
            if not chinese:
                continue
            pieces = [self._pieces_of(token.group(0)) for token in tokens]
            if not all(pieces):
                continue
            alone = len(pieces) == 1 and len(pieces[0]) == 1
            if alone and not _touches_chinese(folded, run.start(), run.end()):
                continue
            if alone and _reads_as_slang(folded, run.start(), run.end()):
                continue
            for token, split in zip(tokens, pieces, strict=True):
                at = run.start() + token.start()
                swaps += [(at + start, at + end, term) for start, end, term in split]
        return swaps

    def _pieces_of(self, token: str) -> list[tuple[int, int, str]]:
        """`token` as the forms of `_pieces` it is written with, each as (start, end, term): itself if it
        is one, else the fewest forms that join into it without a letter left over (syhz → sy, hz;
        songyanghaizi → songyang, haizi; nvbaoyuchanqi → nvbao, yuchanqi); [] if none does. Sellers run
        the initials of neighbouring terms together, as a rewrite of 送养孩子 term by term does. A joined
        token needs a form of the lexicon's own (`_pinyin_source`: sy, songyang, haizi), not only the
        two-letter initials of `INITIALS_IN_CHINESE`, which join into place names and slang as often
        (zjnb 浙江宁波, zjhz 浙江杭州, cscs 测试); and no form twice in a row (nbnb, yeye, baozoubaozou)."""
        term = self._pieces.get(token)
        if term is not None:
            return [(0, len(token), term)]
        size = len(token)
        if size < 4:
            return []
        # count[i]: the fewest forms that spell token[:i] (0: none does), last[i]: where the last one starts
        count = [0] * (size + 1)
        last = [0] * (size + 1)
        for end in range(2, size + 1):
            for start in range(max(0, end - _LONGEST_PIECE), end - 1):
                reached = start == 0 or count[start] > 0
                better = count[end] == 0 or count[start] + 1 < count[end]
                if reached and better and token[start:end] in self._pieces:
                    count[end], last[end] = count[start] + 1, start
        if count[size] == 0:
            return []
        split: list[tuple[int, int, str]] = []
        end = size
        while end:
            start = last[end]
            split.append((start, end, self._pieces[token[start:end]]))
            end = start
        forms = [token[start:end] for start, end, _ in split]
        if not any(form in self._pinyin_source for form in forms) or any(a == b for a, b in pairwise(forms)):
            return []
        return split[::-1]


def write_out(folded: str, swaps: list[tuple[int, int, str]]) -> tuple[str, list[int]]:
    """`folded` with each (start, end, word) of `swaps` written in place of its letters (the first of
    overlapping ones, the longest first at one place), and a map from the new text's indices to
    `folded`'s, so that what is found in the new text points at the letters the post wrote."""
    out: list[str] = []
    where: list[int] = []
    at = 0
    for start, end, word in sorted(swaps, key=lambda s: (s[0], s[0] - s[1])):
        if start < at:
            continue
        out.append(folded[at:start])
        where.extend(range(at, start))
        out.append(word)
        # spread the word over the letters it stands for, first on first and last on last, so that a
        # span found in the new text ends where the post's letters end (b.a.b.y → baby, shy → 收养)
        size, n = end - start, len(word)
        where.extend(start + (i * size) // n if i < n - 1 else end - 1 for i in range(n))
        at = end
    out.append(folded[at:])
    where.extend(range(at, len(folded)))
    return "".join(out), where


def _automaton(entries: dict[str, list[Entry]]) -> Any:
    automaton: Any = ahocorasick.Automaton()
    for term, values in entries.items():
        automaton.add_word(term, (term, tuple(values)))
    automaton.make_automaton()
    return automaton


def _matches(automaton: Any, folded: str) -> Iterator[Cue]:
    size = len(folded)
    for last, (term, values) in automaton.iter(folded):
        start = last - len(term) + 1
        end = last + 1
        open_start = _word_char(term[0]) and start > 0 and _word_char(folded[start - 1])
        if open_start and not (
            folded[start - 1].isdigit() and _BOUNDARY_THEN_NUMBER.search(folded, max(0, start - 20), start)
        ):
            continue
        open_end = end < size and _word_char(term[-1]) and _word_char(folded[end])
        digit_end = open_end and _NUMBER_THEN_BOUNDARY.match(folded, end) is not None
        for category, kind, wildcard, digits_bound in values:
            if open_start and (not digits_bound or open_end):  # a number on one side only (not 3gxf4)
                continue
            stop = end
            if open_end and not (digit_end and digits_bound):
                if not wildcard:
                    continue
                while stop < size and _word_char(folded[stop]):
                    stop += 1
            yield Cue(start, stop, category, kind, term)


GATE_CATEGORIES = frozenset(("child", "pregnancy", "standalone", "missing_strong"))
# The lexicon table of words in which a shorter term of another category is not that term (求 in 求助,
# 价 in 评价, 卖 in 卖萌, 急 in 急诊, 现有 in 发现有: zh.toml explains). Matched in the same pass as the
# terms, at word boundaries as they are ("wanted to share" is not inside "wanted to shareholders"); no
# cue category: `find` drops its matches and the cues inside them.
NOT_TERMS = "not_terms"


def not_inside(cues: list[Cue], words: list[tuple[int, int]]) -> list[Cue]:
    """The `cues` that lie inside none of the `words` (start, end) of `NOT_TERMS`: 求 in 求助 and 价 in
    评价 are dropped. A cue that only overlaps one is kept — 求个 in 只要求个男宝, 证件齐全 in 求证件齐全,
    私聊 in 亲自私聊 — and so is one as long as the word. Each cue is looked up by bisection: a long text of
    many cues and words costs little more than one of a few."""
    if not words:
        return cues
    words = sorted(words)
    starts = [start for start, _ in words]
    furthest: list[int] = []  # the furthest end of the words up to each of `words`
    for _, end in words:
        furthest.append(max(end, furthest[-1]) if furthest else end)
    longest_from: dict[int, int] = {}  # the furthest end of the words that start at a position
    for start, end in words:
        longest_from[start] = max(end, longest_from.get(start, end))
    kept = []
    for cue in cues:
        before = bisect_left(starts, cue.start)  # the words that start before the cue
        if (before and furthest[before - 1] >= cue.end) or longest_from.get(cue.start, -1) > cue.end:
            continue
        kept.append(cue)
    return kept


# Two-letter pinyin initials that sellers write for a key term inside Chinese text (十天健康ye不想要了,
# 卖xh, 我有一个满月的nb想送人, cs男宝). Alone, two letters are anything (nb is slang, hz hertz, cs a game,
# by an English word), so they are read only in Chinese text: right next to a Chinese character (not in
# Oh!Ye!我要…), or in a run of two or three pinyin forms in a text that has Chinese (sy nb,yyf3万). Each
# is read as the term it stands for (`CueMatcher.respellings`); none of those terms opens the gate alone. In
# 66,328 real Chinese texts of shared/data none of these stands next to a Chinese character more than 12
# times (bb, which means baby there too); sb, yy and by, at 24–31, are left out, and so is shy (收养),
# which chat that mixes English in writes for shy (我有点shy). Three-letter initials of a term whose category
# gets no pinyin forms of its own (`PINYIN_CATEGORIES`) are listed here too: ycq (预产期, a pregnancy's due
# date), in no real text of shared/data but inside IDs.
INITIALS_IN_CHINESE: dict[str, str] = {
    "nb": "男宝", "nvb": "女宝", "hz": "孩子", "ny": "男婴", "nvy": "女婴", "ye": "婴儿", "xh": "小孩",
    "nh": "男孩", "bb": "宝宝", "cs": "出售", "zr": "转让", "sr": "送人", "bc": "补偿",
    "hy": "怀孕", "sl": "私聊", "sx": "私信", "zj": "中介", "ycq": "预产期",
}  # fmt: skip
# Initials that Chinese chat writes as slang, with the words round them that say so: nb is 牛逼 ("awesome")
# after a word of degree (太nb了, 真nb, 好nb啊, 非常nb) and New Balance before 专卖. In the 268,035 real Weibo
# comments of the benchmark's find half nb stands next to a Chinese character 125 times, nearly always as
# 牛逼 (终于有你的nb专卖 was flagged as an offer of a boy). Not a particle after it, nor 了: a seller says
# 刚生的nb呀, 是nb哦, 生了个nb了 (a review found them all unread); nor 好 inside a word (正好nb满月, 还好nb
# 很健康), nor 么 (什么), 就 or 最.
SLANG_BEFORE: dict[str, re.Pattern[str]] = {
    "nb": re.compile(
        r"(?:真|太|很|够|超|挺|蛮|巨|贼|(?<![正还刚只最幸友美良要爱])好|非常|相当|比较|多么|那么|这么)\s*\Z"
    ),
}
SLANG_AFTER: dict[str, re.Pattern[str]] = {"nb": re.compile(r"\s*专卖")}
SLANG_FORMS = frozenset((*SLANG_BEFORE, *SLANG_AFTER))
# A run of Latin words; one may end on an amount (yyf3万, bc5w): sellers run the fee word into the sum.
_AMOUNT = r"\d+(?:\.\d+)?[万千元块wk](?![a-z0-9])"
_LATIN_RUN = re.compile(rf"(?<![a-z0-9])[a-z]{{2,16}}(?: [a-z]{{2,16}}){{0,2}}(?:(?![a-z0-9])|(?={_AMOUNT}))")
_BEFORE_AMOUNT = re.compile(_AMOUNT)
_TOKEN = re.compile(r"[a-z]+")
_LONGEST_PIECE = 16  # the longest form a joined token is split into (as `_LATIN_RUN` reads words)
_WORD = re.compile(r"[a-z0-9]+")  # a word as the respelled forms are bounded: by anything but a-z0-9
LATIN_LETTER = re.compile(r"[a-z]")  # a folded text with none is no Latin script at all
HAN = re.compile(r"[\u4e00-\u9fff]")


def _word_changed(folded: str, unleeted: str, start: int, end: int) -> bool:
    """Whether the word of `unleeted` (its run of letters and digits) holding start:end differs from
    `folded` there: leetspeak read as letters changed it (s0ngyanghaizi → songyanghaizi), so each form
    found in it counts, not only the one with the digit."""
    while start > 0 and unleeted[start - 1].isascii() and unleeted[start - 1].isalnum():
        start -= 1
    while end < len(unleeted) and unleeted[end].isascii() and unleeted[end].isalnum():
        end += 1
    return unleeted[start:end] != folded[start:end]


def _reads_as_slang(folded: str, start: int, end: int) -> bool:
    """Whether initials standing alone at start:end are the chat slang they also spell (`SLANG_BEFORE`,
    `SLANG_AFTER`): 太nb了 is no 男宝."""
    form = folded[start:end]
    before, after = SLANG_BEFORE.get(form), SLANG_AFTER.get(form)
    return bool(
        (before is not None and before.search(folded, max(0, start - 4), start))
        or (after is not None and after.match(folded, end))
    )


def _slang_inside(cue: Cue, folded: str) -> bool:
    """Whether a cue on a mixed form (有nb, for 有男宝) holds initials that are slang where they stand
    (东莞终于有nb了: New Balance has come, `_reads_as_slang`)."""
    for form in SLANG_FORMS:
        at = cue.term.find(form)
        if at >= 0 and _reads_as_slang(folded, cue.start + at, cue.start + at + len(form)):
            return True
    return False


def _touches_chinese(folded: str, start: int, end: int) -> bool:
    """Whether a run stands right next to a Chinese character, or runs into an amount (yyf3万)."""
    return bool(
        (start > 0 and HAN.match(folded[start - 1]))
        or (end < len(folded) and (HAN.match(folded[end]) or _BEFORE_AMOUNT.match(folded, end)))
    )


@lru_cache(maxsize=1)
def default_matcher() -> CueMatcher:
    return CueMatcher(load_lexicon(), GATE_CATEGORIES)
