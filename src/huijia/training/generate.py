"""A labelled corpus of realistic posts composed from the lexicon's real vocabulary, with wide variation.

Every post comes from a *family* (a way of writing one kind of post). Families, not posts, are split
between train and test, so the internal test measures posts written in ways the model never saw. Surface
noise — traditional script, full-width digits, emoji, spacing tricks, nickname tags, dropped
punctuation — is applied across all families. Hard negatives share the vocabulary: news and court
reports that quote ads, welfare-institute notices, 营养费 in injury compensation, IVF, pets and goods,
parenting chat, opinions about trafficking. See docs/datasheet.md.

This module is the machinery (the registry of families, surface noise, drawing a corpus, the folds); the
families themselves are in `huijia.training.families`, one module per label.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

Facts = dict[str, Any]
Maker = Callable[[random.Random], tuple[str, Facts]]


@dataclass(frozen=True, slots=True)
class Family:
    name: str
    label: str
    make: Maker


FAMILIES: list[Family] = []
# The order the families are dealt in, which fixes the corpus a seed generates (and so the shipped
# model): the order they were written in, kept when they were moved into `families/` by kind. A new
# family goes at the end.
FAMILY_ORDER: tuple[str, ...] = (
    "offer_story",
    "offer_short",
    "offer_pregnant",
    "offer_first_person",
    "offer_nickname",
    "offer_en",
    "offer_en_pregnant",
    "seek_want",
    "seek_short",
    "seek_story",
    "seek_en",
    "broker_list",
    "broker_ongoing",
    "broker_fee",
    "broker_codes",
    "broker_en",
    "missing_full",
    "missing_short",
    "missing_en",
    "news_quote",
    "news_police",
    "news_court",
    "lawful_notice",
    "compensation",
    "surrogacy",
    "goods_pets",
    "parenting",
    "chat",
    "opinion",
    "news_en",
    "other_en",
    "offer_comment",
    "offer_long_story",
    "offer_twins",
    "offer_proof",
    "offer_en_short",
    "seek_comment",
    "seek_conditions",
    "seek_bid",
    "seek_en_story",
    "broker_matchmaker",
    "broker_inventory",
    "broker_documents",
    "broker_en_group",
    "missing_police",
    "missing_sighting",
    "missing_long",
    "news_summary",
    "news_en_quote",
    "lawful_advice",
    "pet_adopt",
    "child_money_talk",
    "offer_en_translated",
    "seek_en_translated",
    "broker_en_translated",
    "news_en_reports",
    "mixed_language",
    "seek_reply",
    "seek_unborn",
    "offer_requirements",
    "paperwork_questions",
    "offer_spoken",
    "offer_en_spoken",
    "adoption_talk_en",
    "everyday_child_talk",
    "offer_en_plea",
    "broker_en_talk",
    "broker_en_historic",
    "seek_en_spoken",
)


def family(name: str, label: str) -> Callable[[Maker], Maker]:
    def register(make: Maker) -> Maker:
        FAMILIES.append(Family(name, label, make))
        return make

    return register


# --- surface noise --------------------------------------------------------------------------------------
EMOJI = ["🙏", "👶", "💰", "❤️", "😭", "🔥", "✅", "🍼"]
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@lru_cache(maxsize=1)
def _traditional() -> Any:
    import opencc

    return opencc.OpenCC("s2t")


# Filter evasion seen in such groups: pinyin initials, homophones, Latin letters for words.
EVASIONS = {
    "送养": ["s养", "送羊", "送氧"], "领养": ["l养", "领羊", "ling养"], "宝宝": ["bb", "宝b"],
    "营养费": ["营养f", "yyf", "营养fei"], "微信": ["vx", "V信", "威信"], "出生证": ["csz", "出生正"],
    "私聊": ["s聊", "私l"], "卖": ["m", "麦"], "男宝": ["男b", "南宝", "nb"], "女宝": ["女b", "nvb"],
    "孩子": ["hz"], "男婴": ["ny"],
}  # fmt: skip
MIXED = [" pls", " DM", " asap", " ok?", " thx", " bb", " serious only"]


def _noise(r: random.Random, text: str) -> str:
    if r.random() < 0.08:
        for word, variants in EVASIONS.items():
            if word in text and r.random() < 0.6:
                text = text.replace(word, r.choice(variants), 1)
    if r.random() < 0.06:
        text += r.choice(MIXED)
    if r.random() < 0.04 and len(text) > 8:  # a typo: one character dropped
        cut = r.randrange(1, len(text) - 1)
        if not text[cut].isdigit():
            text = text[:cut] + text[cut + 1 :]
    if r.random() < 0.1:
        text = _traditional().convert(text)
    if r.random() < 0.08:
        text = text.translate(FULLWIDTH)
    if r.random() < 0.12:
        text = text + r.choice(EMOJI) * r.randint(1, 3)
    if r.random() < 0.05 and len(text) > 4:
        cut = r.randrange(0, len(text) - 3)
        text = text[:cut] + " ".join(text[cut : cut + 3]) + text[cut + 3 :]
    if r.random() < 0.15:
        text = text.replace("，", " ").replace("。", " ")
    return text


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    label: str
    family: str
    facts: Facts

    def to_json(self, index: int) -> dict[str, Any]:
        return {"id": f"gen-{index}", "text": self.text, "label": self.label, "family": self.family,
                **self.facts}  # fmt: skip


def generate(n: int, seed: int = 0, families: list[Family] | None = None) -> list[Example]:
    """`n` posts, families drawn evenly within each label and labels in fixed shares."""
    r = random.Random(seed)
    pool = families or FAMILIES
    shares = {
        "sale_offer": 0.22,
        "purchase_request": 0.18,
        "broker": 0.12,
        "missing_notice": 0.12,
        "none": 0.36,
    }
    by_label: dict[str, list[Family]] = {}
    for fam in pool:
        by_label.setdefault(fam.label, []).append(fam)
    out: list[Example] = []
    seen: set[str] = set()
    for label, share in shares.items():
        fams = by_label.get(label, [])
        if not fams:
            continue
        want = int(n * share)
        tries = 0
        made = 0
        while made < want and tries < want * 5:
            tries += 1
            fam = fams[made % len(fams)] if r.random() < 0.5 else r.choice(fams)
            text, facts = fam.make(r)
            if fam.label in ("none", "missing_notice"):
                facts = {}  # news and notices state amounts and sexes too; their facts are not scored
            text = _noise(r, text)
            if text in seen:
                continue
            seen.add(text)
            out.append(Example(text, fam.label, fam.name, facts))
            made += 1
    r.shuffle(out)
    return out


def family_folds(folds: int = 4, seed: int = 0) -> list[list[Family]]:
    """The families dealt into `folds` groups, label by label, so that every group holds out some
    families of every label (never all of one) and every family is held out exactly once."""
    r = random.Random(seed)
    groups: list[list[Family]] = [[] for _ in range(folds)]
    offset = 0
    for label in sorted({f.label for f in FAMILIES}):
        fams = [f for f in FAMILIES if f.label == label]
        r.shuffle(fams)
        for i, fam in enumerate(fams):
            groups[(i + offset) % folds].append(fam)
        offset += len(fams)
    return groups


def _register_families() -> None:
    """Import the families (each registers itself with `@family`) and put them in `FAMILY_ORDER`."""
    from huijia.training import families  # noqa: F401

    names = {f.name for f in FAMILIES}
    if names != set(FAMILY_ORDER) or len(names) != len(FAMILIES):
        missing, unknown = set(FAMILY_ORDER) - names, names - set(FAMILY_ORDER)
        raise RuntimeError(f"FAMILY_ORDER and the families differ: missing {missing}, unlisted {unknown}")
    FAMILIES.sort(key=lambda f: FAMILY_ORDER.index(f.name))


_register_families()
