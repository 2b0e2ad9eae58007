"""The features the classifier sees: which lexicon terms, cue categories and speech acts a post has and in
what order, what the extractors found, whether it asks or quotes, and character bigrams (Chinese) or words
(English). The terms and the n-grams are scaled down so that the cue structure, not the wording of the
training templates or of a few quoted posts, carries the decision.
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from snowballstemmer.english_stemmer import EnglishStemmer

from huijia.analyse.cues import HAN, Cue
from huijia.model import Child, Contact, Place, Price

# Each lexicon term's own feature, scaled down so that a term seen in a few training posts cannot decide
# alone: at 1.0 the model learnt a quoted English offer from its own terms (risk 0.94 in sample, 0.04 when
# its page was held out). Cross-validation over the quoted pages: average precision of the final risk
# 0.73 at 1.0, 0.77 at 0.2–0.3; 0.1 flagged more ordinary text.
TERM_SCALE = 0.3
NGRAM_SCALE = 0.3  # chosen by cross-validation over the quoted pages (0.15 flagged more ordinary text)
# What a model file records of the scales it was trained with: weights learnt at other scales mean other
# things, so a model file is refused where they differ (`classify.LinearModel.from_json`). A file from
# before they were recorded was trained with the terms at 1.0.
SCALES = {"term": TERM_SCALE, "ngram": NGRAM_SCALE}
SCALES_BEFORE_RECORDED = {"term": 1.0, "ngram": 0.3}
# English word features are the words' Snowball stems (snowballstemmer, the Snowball project's own Python
# port of Porter's English stemmer): the quoted pages hold few English offers, and "selling", "sells" and
# "sell", "daughters" and "daughter", "adopted" and "adopting" each met a few times say one thing when
# pooled. Over the training side's cross-validation the label model's average precision on English quoted
# posts rose from 0.692 to 0.705, the final risk's over all from 0.837 to 0.840. What a model file records
# of it (`trained.english_words`); a file from before says nothing and read words as written.
ENGLISH_WORDS = "snowball english stems"
ENGLISH_WORDS_BEFORE_RECORDED = "words as written"
QUOTES = re.compile(r"[“”\"「」『』]")
OPENING_QUOTES = frozenset('“"「『')
ORDERED = frozenset(("child", "pregnancy", "offer", "seek", "standalone", "fee", "broker", "missing_strong"))
ENDS_AS_QUESTION = re.compile(r"(?:吗|么|呢|嘛|没有|[?？])\W*$")
QUESTION = re.compile(r"[?？]|吗|呢$|\bwho\b|\banyone\b")
WORD = re.compile(r"[a-z]+")
# No pairs of categories: with a feature per lexicon term and the speech acts, the ~600 pair features
# mostly cancelled one another (p:offer&address −3.5 against c:offer +2.5) and generalised worse to real
# posts: cross-validation over the quoted pages, Chinese flag F1 0.56 → 0.63 and false flags on ordinary
# dev text 5.0 → 2.5 per 10,000 without them.


SPEECH_ACTS = frozenset(
    ("own_child", "home_for_child", "want_child", "reported_sale", "care_question", "reporting_style",
     "address", "negated", "past_narrative", "lawful_route", "conceiving")
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Facts:
    """What the extractors found in one post."""

    prices: tuple[Price, ...]
    child: Child
    contacts: tuple[Contact, ...]
    places: tuple[Place, ...]


# Transaction terms nest: 找人领养 (offer) contains 领养 (seek), 送男宝 contains 送宝. The longest one says
# who gives and who takes, so a term inside a longer term of this group is not counted.
TRANSACTION = frozenset(("offer", "seek", "standalone", "fee", "broker", "pre_birth", "documents"))


def maximal(cues: list[Cue]) -> list[Cue]:
    group = {(c.start, c.end) for c in cues if c.category in TRANSACTION}
    inside = _inside_a_longer(group)
    return [cue for cue in cues if cue.category not in TRANSACTION or (cue.start, cue.end) not in inside]


def _inside_a_longer(spans: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The spans that lie inside a longer one of `spans`: one that starts before and ends no earlier, or
    starts at the same place and ends later. By start, the longer first at one start: a span is inside
    another when one before it in that order ends no earlier. One pass, so a long text of thousands of
    cues is not checked pair by pair."""
    inside: set[tuple[int, int]] = set()
    furthest = -1
    for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        if end <= furthest:
            inside.add((start, end))
        furthest = max(furthest, end)
    return inside


def featurise(folded: str, cues: list[Cue], facts: Facts, english: bool | None = None) -> dict[str, float]:
    """The features of a gated text. `english` says the original had no Chinese characters (the folded
    text may: an emoji folds to 娃); without it, the folded text decides."""
    cues = maximal(cues)
    features: dict[str, float] = {"bias_term": 1.0}
    present = {cue.category for cue in cues}
    if facts.prices:
        present.add("price")
        top = max(p.cny or 0 for p in facts.prices)
        features["price_cny_log"] = math.log10(1 + top) / 6
        if top >= 5000:
            features["price_large"] = 1.0
    if facts.contacts:
        present.add("contact")
    for category in present:
        features["c:" + category] = 1.0
    counts: dict[str, int] = {}
    for cue in cues:
        counts[cue.category] = counts.get(cue.category, 0) + 1
        if cue.category not in SPEECH_ACTS:
            # each lexicon term weighs what it is worth on real text: 送养 is an offer almost wherever it
            # stands, 带走 and 现有 (inside 表现有) almost never are
            features[f"t:{cue.category}:{cue.term}"] = TERM_SCALE
    for category, n in counts.items():
        if n > 1:
            features["many:" + category] = min(1.0, math.log2(n) / 3)
    # Order says direction: 女宝送养 / 出售男婴 (child next to an offer) vs 收男宝 / 有送养的吗.
    positioned = sorted((c for c in cues if c.category in ORDERED), key=lambda c: c.start)
    for first, second in pairwise(positioned):
        if first.category != second.category and 0 <= second.start - first.end <= 3:
            features[f"seq:{first.category}>{second.category}"] = 1.0
    if ENDS_AS_QUESTION.search(folded):
        features["ends_question"] = 1.0
    child = facts.child
    if child.gender:
        features["child_gender"] = 1.0
    if child.age_days is not None:
        features["child_age"] = 1.0
        if child.age_days <= 365:
            features["child_infant"] = 1.0
    if child.unborn:
        features["child_unborn"] = 1.0
    if child.count and child.count > 1:
        features["child_several"] = 1.0
    if facts.places:
        features["place"] = 1.0
    # No language or length features: real posts are as long and in the same languages as real chat, so
    # those would learn only how the generator writes.
    if english is None:
        english = HAN.search(folded) is None
    if QUOTES.search(folded) and not wholly_quoted(folded):
        features["quote"] = 1.0
    if QUESTION.search(folded):
        features["question"] = 1.0
    for gram in _ngrams(folded, english):
        features[gram] = NGRAM_SCALE
    return features


def wholly_quoted(folded: str) -> bool:
    """Whether the text is one quotation from end to end (“Take her with you. Give me $20, you can have
    her.”): the speaker's own words copied with their marks, which say nothing of a report around them.
    A quotation inside a report ("the mother said “…”") is the report's, and `quote` marks it."""
    text = folded.strip()
    marks = [i for i, ch in enumerate(text) if QUOTES.match(ch)]
    return len(marks) == 2 and text[:1] in OPENING_QUOTES and marks[1] >= len(text) - 2


def _ngrams(folded: str, english: bool) -> set[str]:
    if english:
        words = [stem(word) for word in WORD.findall(folded)]
        return {"w:" + w for w in words} | {"w:" + a + "_" + b for a, b in pairwise(words)}
    chars = [c for c in folded if HAN.match(c)]
    return {"g:" + a + b for a, b in pairwise(chars)}


_STEMMERS = threading.local()  # a Snowball stemmer keeps state while it works: one for each thread
# Words longer than this are kept as written: no English word is, a run of letters that long stems in time
# that grows faster than its length (a million y's took minutes), and the cache would keep each one
LONGEST_STEMMED = 40


def stem(word: str) -> str:
    """The Snowball English stem of a lower-case word (selling → sell, daughters → daughter). The pure
    Python stemmer of the pinned package, imported by its module: `snowballstemmer.stemmer` would take
    PyStemmer's C stemmer instead where that happens to be installed."""
    return word if len(word) > LONGEST_STEMMED else _stem(word)


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    stemmer = getattr(_STEMMERS, "english", None)
    if stemmer is None:
        stemmer = _STEMMERS.english = EnglishStemmer()
    return str(stemmer.stemWord(word))
