"""`analyse(text) -> Finding`: fold → cues (the gate) → extractors → features → label model → indicators
and evidence. Pure: values in, values out.

The gate examines a message only when it has a standalone term (送养, 领养, 营养费, 走失, adopt…), or a
child or pregnancy term together with a transaction, role or missing-child cue or an amount of money.
Everything else — most chat, and talk about one's own children — is `none` with the fixed risk
`UNGATED_RISK`, at the cost of one translate and one automaton pass (and, for `analyse`, a look for the
sum it states: `Analyser.priced`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from huijia.analyse.child import MALE, extract_child
from huijia.analyse.classify import LinearModel, load_model
from huijia.analyse.contacts import MENTION, extract_contacts
from huijia.analyse.cues import HAN, Cue, CueMatcher, default_matcher, write_out
from huijia.analyse.features import Facts, featurise
from huijia.analyse.goods_object import GoodsObjects
from huijia.analyse.intent import intent_cues
from huijia.analyse.places import extract_places
from huijia.analyse.price import (
    CODES_BEFORE,
    CURRENCY_AFTER,
    CURRENCY_BEFORE,
    SCALE,
    extract_prices,
    is_small,
    names_old_money_or_cents,
    price_asked,
)
from huijia.analyse.role import infer_role
from huijia.analyse.second import (
    DOUBT,
    FLAG_AT,
    MAX_CHARS,
    TRANSFER_ACTS,
    SecondReading,
    asks_a_childs_fee,
    embed,
    lifts,
    over_band,
)
from huijia.lexicon import load_lexicon
from huijia.model import EMPTY_CHILD, INDICATORS, TRAFFICKING_LABELS, Finding, Place, Price, Span
from huijia.text.fold import PINYIN_NOTE, english_emoji, fold, squeeze, unleet
from huijia.text.pinyin import written_in_pinyin

UNGATED_RISK = 0.001
# Latin letters with a vowel (ü written v): a whole pinyin syllable, not an initial (`_spelled_out`)
SYLLABLE_LETTERS = re.compile(r"[a-z]*[aeiouv][a-z]*")
SECOND_READINGS_KEPT = 1024  # second readings cached by text (each text at most MAX_CHARS: ≤ 4 MB)
_LONG_DIGITS = re.compile(r"\d{25,}")
HANDLE_WIDTH = 30
# What makes a handle the post's words rather than a name: a child (`SUBJECT`) named with a word of giving,
# a fee or a contact (@男宝出售中, @新生男宝送养), or a term that stands alone for the trade as an offer or a
# fee (@送养, @营养费两万) — the lexicon's own terms, not pinyin forms (@chy要加油了 is no 出养). Not a word
# of seeking or brokering: nicknames say them (@求宝宝平安, @买个宝宝玩, @宝宝领养计划, @宝贝介绍所).
TRADE_CATEGORIES = frozenset(("offer", "fee", "private_contact"))
# A mention of everyone in a group chat is no name: the post speaks to the group (@所有人 男宝出售)
GROUP_MENTIONS = frozenset(("所有人", "全体成员", "all", "everyone", "here"))
STANDALONE = frozenset(("standalone", "missing_strong"))
REWARD_TERMS = frozenset(("悬赏", "重谢", "酬谢", "reward"))
# Acts of searching or asking for help, as a missing-child notice words them.
SEARCH_ACT = re.compile(
    r"寻找|寻人|寻子|寻女|寻亲|急寻|悬赏|重谢|酬谢|线索|知情|转发|扩散|报警|宝贝回家|打拐dna|认识这个孩子|找回"
    r"|找到家人|找孩子|帮忙|求助|好心人|联系|电话|"
    r"reward|have you seen|last seen|amber alert|please (?:contact|call|share|help)|any information"
    r"|help (?:us )?find|if you (?:see|know|have)|contact"
)
MISSING_GUARD_RISK = 0.2  # the risk reported when the guard overrides a trafficking label
PAPERS_GUARD_RISK = 0.3  # the risk reported for a parent's question or news about their child's papers
# asking where or how to get a paper done (出生证明在哪里办, 准生证怎么办理, 上户口去哪儿办) — not whether
# a paper can be had (能办出生证吗, 有出生证吗: a buyer's question to a broker)
PAPERS_QUESTION = re.compile(r"(?:在|去|到)?哪(?:里|儿|个)|怎么|如何|怎样|需要(?:什么|哪些)|要带什么")
# or telling that the child's paper is done (宝宝的出生证办好了, 户口上好了) — without a private contact or an
# address to a reader, which a broker's "出生证办好了，私聊" has
PAPERS_DONE = re.compile(r"(?:办|上|拿|领|弄)(?:好|完|到|下来)了|已经(?:办|上|拿|领)(?:好|完|到)?了")
NOT_PAPERS_DONE = frozenset(("private_contact", "address"))
# what an offer, a request or a broker brings besides the papers: then the guard does not apply
NOT_PAPERS = frozenset(("offer", "seek", "fee", "broker", "pre_birth", "bargaining", "urgency", "multiple"))
# what a request to buy or adopt brings besides wanting a child: then a woman's wish for a baby of her own
# (`conceiving`) does not clear the post
NOT_CONCEIVING = frozenset(
    ("offer", "fee", "broker", "standalone", "documents", "pre_birth", "bargaining", "urgency", "multiple",
     "private_contact", "buyer_role", "no_vetting", "home_for_child")
)  # fmt: skip
TAKING = re.compile(r"[领收抱买购]|adopt|buy|purchas")
# A request for someone else's child, whatever reason it gives (子宫切除了，求个女宝; 老公精子活力低，想要个
# 男宝，谁家有多的; 想要二胎男孩，谁家有不要的男宝; 有没有人要送的) — not 求子, 求助, or a question whether
# other mothers conceived (有没有姐妹怀上男宝的)
ASKS_OTHERS = re.compile(
    r"求(?:个|一个|领|抱|购)?(?:男宝|女宝|宝宝|孩子|男孩|女孩|娃)(?!的?(?:名字|小名|起名|秘方|偏方|方法|平安|健康|好孕))"
    # a child someone does not want or has to spare, and nothing after it (not 谁家有多的叶酸, 送子观音)
    r"|(?:谁家?有|有没有人?|哪里有)[^，,。！？!?\s]{0,4}?(?:送(?!子)|不要|多的|多余)的?"
    r"(?:男宝|女宝|宝宝|孩子|男孩|女孩|娃)?(?=$|[，,。！？!?\s吗呀啊])"
    # someone asked to give or sell one, or the way to one (我也想要个儿子，有人送吗; 谁有门路;
    # 有没有人愿意给; 哪里能买到; 想要个现成的宝宝)
    r"|有人(?:送|卖)|谁(?:能|可以|愿意)?(?:送|卖)|谁(?:能|可以|愿意)?给我(?:一个|个)?(?:男宝|女宝|宝宝|孩子|儿子|女儿)"
    r"|有没有人愿意(?:给|送)|门路|哪里?能买|能买到|现成的"
)
CONCEIVING_GUARD_RISK = 0.3  # the risk reported for a wish to conceive that the model read as a request
BARE_WISH_RISK = 0.3  # the risk reported for a bare wish to adopt that names no child (好想领养)
# The words of a bare wish to adopt, and the only other cues such a post has: a wish that names no child,
# no sum, no contact and none of a buyer's words of earnest (诚心领养, 重金收养, 真心想要). Real Weibo
# comments under pets put up for adoption and lost-child reposts say it (好想领养, 求领养！！,
# 在长沙的话，我就领养, 替我去领养一只吧): 13 of 60 flags in 268,035 comments, at 0.54-0.87.
BARE_WISH_TERMS = frozenset(
    ("领养", "收养", "抱养", "求", "求领", "求领养", "求收养", "求抱养", "想领", "想领养", "想收", "想收养",
     "想抱", "想抱养", "想要", "领养一个", "收养一个", "抱养一个")
)  # fmt: skip
BARE_WISH_CUES = frozenset(("standalone", "seek", "first_person", "address", "third_person", "goods"))
# What makes a wish to adopt a request after all: the child's sex or age in words the lexicon has no
# child term for (求领养一个女的, 带把的, 男女不限, 3个月以内, 刚出生的最好, 越小越好), a way to answer (有的
# 留言, 谁有, v我), or the couple who want it and why (我们夫妻想收养一个, 我老公不能生)
WISH_DETAILS = re.compile(
    r"男的|女的|带把|男女|个月|\d+天|[一二两三四五六七八九十]天|岁|出生|满月|新生|健康|越小|留言|回复|联系|私"
    r"|谁|加我|v我|call|夫妻|我们|老公|老婆|媳妇|不能生|不孕|不育|怀不上"
)
SUBJECT = frozenset(("child", "pregnancy"))
# What keeps a lone pinyin word of an English post a term, not a name (`Analyser._without_lone_pinyin`)
LONE_PINYIN_KEPT_BY = frozenset(
    ("offer", "seek", "standalone", "fee", "broker", "bargaining", "documents", "pre_birth",
     "private_contact")
)  # fmt: skip
_NAME_SHAPED = re.compile(r"[A-Z][a-z]+")  # a word written as a name: Songyang, Maile
BESIDE = 3  # characters between a pinyin word and a child word that still make them one phrase
WITH_SUBJECT = frozenset(
    ("offer", "seek", "fee", "bargaining", "broker", "documents", "pre_birth", "multiple", "urgency",
     "private_contact", "no_vetting", "story", "buyer_role", "disclaimer", "missing")
)  # fmt: skip
MONEY = re.compile(
    r"\d\s*个?\s*[万w元块k]|[一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾廿]\s*[万萬]|[$£€¥₦₹₱]|yuan|rmb|\d{1,3}(?:,\d{3})+"
    # English money words, as sellers say a sum ("for five grand", "300 bucks", "Rs 20,000", "2 lakh")
    r"|\b(?:bucks|dollars|pounds|euros|naira|rupees|pesos|lakhs?|crores?|dinars|rials|riyals|tomans|francs)\b"
    r"|\brs\.?\s?\d"
    r"|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty|forty|fifty)[\s-]grand\b"
    # naira as Nigerian posts write it: N800000, N1.5million, N3.5 million, and N10, 000 with a space
    # after the comma, as Nigerian papers print it
    r"|\bn\d{4}|\bn\d{1,3}(?:\.\d+)?\s?(?:million|m)\b|\bn\d{1,3}, \d{3}(?!\d)"
    # and shillings scaled, as East African papers write them: Sh10 million, sh20m (grouped ones, Sh1,200,
    # are sums by their commas)
    r"|(?<![a-z])sh\d{1,3}(?:\.\d+)?\s?(?:million|m)\b"
    # and every currency the price extractor knows, next to a number or a scale after it (500 shillings,
    # ksh240, 3000先令, 50 million tomans)
    rf"|\d\s*(?:{SCALE}\s*)?(?:{CURRENCY_AFTER})(?![a-z'’])|(?<![a-z])(?:{CURRENCY_BEFORE})\s*\d"
    rf"|(?<![a-z])(?:{CODES_BEFORE})\s*\d(?!\d{{6}})"
)
# Every sum MONEY finds has a digit, a currency sign or 万, or one of these words, and every sum
# `_CHINESE_NUMERAL_SUM` finds has 元, 块 or 币: a text with none of them (most that name a child, in chat;
# most chat at all) is settled by one scan, where MONEY's many alternatives, tried at each position, cost
# 3 µs on a short Chinese line and 14 on an English one.
_MONEY_WORDS = (
    "yuan", "rmb", "bucks", "dollars", "pounds", "euros", "naira", "rupees", "pesos", "lakh", "crore",
    "grand", "dinars", "rials", "riyals", "tomans", "francs",
)  # fmt: skip
_MAY_NAME_MONEY = re.compile(r"[\d$£€¥₦₹₱万萬元块币]|" + "|".join(_MONEY_WORDS))
_CHINESE_NUMERAL_SUM = re.compile(
    r"[百千佰仟][零一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟]*\s?(?:美|港|澳|日|韩|加|新台)?[元块币]"
)  # a hundred or more: 三元奶粉 and 一元二次方程 name no sum
_SPACE_RUN = re.compile(r"\s{4,}")


def stated_price(text: str, folded: str | None = None) -> Price | None:
    """The sum a text states, chosen as for a gated post: the main price, else a small sum that is not
    the price of goods by the piece or of shipping. None for most texts, settled by one scan
    (`_MAY_NAME_MONEY`; `folded`: the text folded, where the caller has it, as `analyse` does). Chinese
    numerals before 元 or 块 (五千元) name a sum too, though `MONEY`, which opens the gate, needs a digit or
    万 beside a child word."""
    folded = fold(text) if folded is None else folded
    if _MAY_NAME_MONEY.search(folded) is None:
        return None
    if "    " in folded:  # the price patterns take time by the square of a run of spaces; no span is shown
        folded = _SPACE_RUN.sub("   ", folded)
    if (
        MONEY.search(folded) is None
        and _CHINESE_NUMERAL_SUM.search(folded) is None
        and not names_old_money_or_cents(folded)
    ):
        return None
    prices = extract_prices(folded, HAN.search(text) is None)
    main, small = price_asked(
        [p for p in prices if not is_small(p)], [p for p in prices if is_small(p)], folded
    )
    return main or small


def has_money(folded: str) -> bool:
    """Whether `folded` names a sum of money (`MONEY`)."""
    return _MAY_NAME_MONEY.search(folded) is not None and MONEY.search(folded) is not None


EVIDENCE_CATEGORIES = {
    "trafficking": frozenset(
        ("child", "pregnancy", "offer", "seek", "fee", "broker", "documents", "pre_birth", "bargaining",
         "urgency", "no_vetting", "multiple", "story", "seller_role", "buyer_role", "private_contact")
    ),
    "missing_notice": frozenset(("missing", "child")),
    "none": frozenset(
        ("news", "lawful", "surrogacy", "goods", "compensation", "missing", "parenting", "conceiving")
    ),
}  # fmt: skip
BROKER_FEE = re.compile(r"辛苦费|介绍费|中介费|抽成|提成|commission|finder'?s fee|\bcut\b")
FEMALE_WORD = re.compile(r"女宝|女婴|女孩|粉宝|\bgirls?\b")
INDICATOR_OF_CATEGORY = {
    "bargaining": "bargaining",
    "documents": "documents_offered",
    "urgency": "urgency",
    "no_vetting": "no_vetting",
    "multiple": "multiple_children",
    "pre_birth": "pre_birth_sale",
}


@dataclass(frozen=True, slots=True)
class Examined:
    """A gated text with its cues and extracted facts: everything the model looks at."""

    folded: str
    cues: list[Cue]
    facts: Facts
    english: bool = False
    # the folded text with abbreviations and spread-out or leetspeak terms written out, when it has any
    reading: str | None = None
    # sums too small to be the price of a child (`price.is_small`: £5, 50 dollars): not in `facts`
    small_prices: tuple[Price, ...] = ()

    def features(self) -> dict[str, float]:
        return featurise(self.reading or self.folded, self.cues, self.facts, self.english)


class Analyser:
    """One lexicon and one model, applied to any number of texts. The model is loaded on first use, so
    training can examine texts before any model exists."""

    def __init__(
        self,
        model: LinearModel | None = None,
        matcher: CueMatcher | None = None,
        second_reading: bool = True,
    ) -> None:
        self._model = model
        self._version: str | None = None
        self.matcher = matcher or default_matcher()
        self.goods_objects = GoodsObjects(self.matcher.lexicon)
        self.second_reading = second_reading  # read the uncertain band again (analyse.second)
        self.read_twice = 0  # how many posts were read again: the benchmarks report the share
        # The second reading of each text read again lately: a broker posts one ad, word for word, in
        # many groups, and the encoder takes tens of milliseconds a post. Bounded; cleared when full.
        self._second_readings: dict[str, float] = {}
        self._last_folded = ("", "")  # the last text `examine` folded, and its folded form

    @property
    def model(self) -> LinearModel:
        if self._model is None:
            self._model = load_model()
        return self._model

    @property
    def version(self) -> str:
        if self._version is None:
            self._version = f"huijia-analyse {self.model.version} / lexicon {load_lexicon().version}"
            if self.second_reading and self.model.second is not None:
                self._version += " / second reading e5"
        return self._version

    def gate(self, cues: Iterable[Cue], folded: str) -> bool:
        subject = context = False
        for cue in cues:
            category = cue.category
            if category in STANDALONE:
                return True
            if category in SUBJECT:
                subject = True
            elif category in WITH_SUBJECT:
                context = True
        return subject and (context or has_money(folded))

    def _trade_words(self, handle: str) -> bool:
        """Whether an @ handle holds the post's words, not a name: a word of giving, a fee or a contact
        (`TRADE_CATEGORIES`) with a child or as a term that stands alone for the trade, or everyone in
        the group (`GROUP_MENTIONS`). A seller's offer behind @ signs (@男宝出售中 私聊, @送养 @营养费两万)
        is read; a name that holds a child word, a word of seeking or a trade word alone is not
        (@生个儿子玩, @宝宝_Double, @宝贝回家, @求中奖, @宝宝领养计划)."""
        if handle in GROUP_MENTIONS:
            return True
        categories = {cue.category for cue in self.matcher.find(handle) if self.matcher.spelled(cue) is None}
        trade = categories & TRADE_CATEGORIES
        return bool(trade and (categories & SUBJECT or "standalone" in categories))

    def _needs_its_handles(self, written: str, blanked: str) -> bool:
        """Whether a post whose mentions were blanked named its child only inside them while it offers,
        prices or asks a fee outside them (@女婴 两万出, @小王的男宝 出售 3万): then the handles are read."""
        outside = self.matcher.find(blanked)
        if any(cue.category in SUBJECT for cue in outside):
            return False
        if not (has_money(blanked) or any(cue.category in ("offer", "fee") for cue in outside)):
            return False
        return any(
            cue.category in SUBJECT and blanked[cue.start : cue.end].isspace()
            for cue in self.matcher.find(written)
        )

    def cues(
        self,
        folded: str,
        squeezed: tuple[str, list[int]] | None = None,
        unleeted: str | None = None,
        respelled: tuple[str, list[int]] | None = None,
    ) -> list[Cue]:
        """The cues of the folded text, and those that only its other readings show: leetspeak read as
        letters (same length, so its indices are the text's), separators squeezed out and abbreviations
        written out (both mapped back through their `where`). A cue at the same place and of the same
        category is kept once."""
        cues = self.matcher.find(folded)
        other: list[Cue] = self.matcher.find(unleeted) if unleeted is not None else []
        for reading in (squeezed, respelled):
            if reading is not None:
                other += _mapped(self.matcher.find(reading[0]), reading[1])
        return _merged(cues, other)

    def examine(self, text: str, sent_at: str | None = None) -> Examined | None:
        """Cues and facts of a text that passes the gate; None for one that does not."""
        written_folded = fold(text)
        folded = without_mentions(written_folded, self._trade_words)
        if folded is not written_folded and self._needs_its_handles(written_folded, folded):
            folded = written_folded
        self._last_folded = (text, folded)  # for `priced`, when the gate turns the text away
        squeezed = squeeze(folded)
        unleeted = unleet(folded)
        chinese = HAN.search(text) is not None  # the original: emoji fold to Chinese characters
        respellings = self.matcher.respellings(folded, unleeted, chinese)
        if not chinese and not text.isascii():
            respellings += english_emoji(text)  # an English post's 👶 is "baby", not 娃
        respelled = write_out(folded, respellings) if respellings else None
        may_open = self.matcher.may_open_gate  # on each reading, the cheapest first; most messages: none
        if not (
            may_open(folded)
            or (unleeted is not None and may_open(unleeted))
            or (squeezed is not None and may_open(squeezed[0]))
            or (respelled is not None and may_open(respelled[0]))
        ):
            return None
        cues = self.cues(folded, squeezed, unleeted, respelled)
        # 卖了房子给儿子治病, "sell the car so our daughter can go to college": goods sold, no child offered
        cues = [cue for cue in cues if not self.goods_objects.voids(cue, folded)]
        if not chinese:
            cues = self._without_lone_pinyin(cues, folded, text)
        if not self.gate(cues, folded):
            return None
        spread = [
            (start, end, term)
            for start, end, term in _spread_terms(folded, unleeted, cues)
            if not any(s < end and start < e for s, e, _ in respellings)  # the respelling wins
        ]
        swaps = respellings + spread
        swaps += _spelled_out(cues, swaps, self.matcher.spelled)
        if "(" in folded:  # the pinyin notes some sites print after each character, left out
            swaps += [(note.start(), note.end(), "") for note in PINYIN_NOTE.finditer(folded)]
        reading = write_out(folded, swaps) if swaps else None
        cues = self._as_written_out(cues, respellings)
        acts = intent_cues(folded)
        if reading is not None:
            acts = _merged(_mapped(intent_cues(reading[0]), reading[1]), _touching(acts, swaps))
        cues += acts
        english = not chinese
        year_month = _year_month(sent_at)
        # the child and the price as the post means them (a grl → female; yyf3万 → 营养费 3万), with a
        # price's place mapped back onto the letters the post wrote
        written = reading[0] if reading is not None else folded
        # a run of digits too long to be an age, a sum or a date is blanked for the child's facts (their
        # patterns would try it from every digit: a 200,000-digit run took minutes)
        child_text = _LONG_DIGITS.sub(lambda m: " " * len(m.group()), written)
        prices = extract_prices(written, english)
        if reading is not None:
            prices = [_placed(price, reading[1]) for price in prices]
        facts = Facts(
            tuple(p for p in prices if not is_small(p)),
            extract_child(child_text, year_month),
            tuple(extract_contacts(written_folded)),  # a handle may be the contact (@seller123)
            tuple(_original_place(p, text) for p in extract_places(folded)),
        )
        small = tuple(p for p in prices if is_small(p))
        return Examined(folded, cues, facts, english, reading[0] if reading is not None else None, small)

    def _without_lone_pinyin(self, cues: list[Cue], folded: str, text: str) -> list[Cue]:
        """The cues of a post written in English, less its one pinyin word where that word is a name or a
        place (a girl called Songyang or Maile, Songyang county: capitalised, a whole syllable each, no ü)
        and the post asks nothing else of the trade — no other word of giving, seeking, fee or contact,
        no sum, no child word beside it. Not 送养 or 卖了 there, which a retrain's small shift took over the
        line. A seller who writes pinyin to dodge a filter writes it in lower case or initials (nvhai,
        nvb), or writes the post in it ("songyang nanbao 3wan, jia wo"), or two forms, or names a price,
        or puts it beside the child ("Songyang baby girl 2 months"): kept (reviews found each)."""
        spelled = [
            cue
            for cue in cues
            if self.matcher.spelled(cue) is not None and folded[cue.start : cue.end].isascii()
        ]
        if len({(cue.start, cue.end) for cue in spelled}) != 1 or len(text) != len(folded):
            return cues  # (folding keeps places; were it ever not to, the word's case could not be read)
        start, end = spelled[0].start, spelled[0].end
        if not _NAME_SHAPED.fullmatch(text[start:end]) or "v" in folded[start:end]:
            return cues
        others = [cue for cue in cues if (cue.start, cue.end) != (start, end)]
        if any(cue.category in LONE_PINYIN_KEPT_BY for cue in others) or has_money(folded):
            return cues
        # a child word beside it ("Songyang baby girl 2 months", "Baby girl Songyang", "Songyang: newborn"):
        # a phone capitalises a post's first word, so a seller's form reads as a name there
        if any(
            cue.category in SUBJECT and (0 <= cue.start - end <= BESIDE or 0 <= start - cue.end <= BESIDE)
            for cue in others
        ):
            return cues
        if written_in_pinyin(folded):
            return cues
        return others

    def _as_written_out(self, cues: list[Cue], swaps: list[tuple[int, int, str]]) -> list[Cue]:
        """Cues named by the term they stand for, so that the model weighs one term, not each rare
        spelling of it: a pinyin form by the term it spells (yyf → 营养费; sy, as an offer, → 送养), an
        abbreviation the lexicon also lists (bby, dtr) by the word written out (baby, daughter) when
        that is a term of the same category. The cue stays on the letters the post wrote."""
        word_at = {(start, end): word for start, end, word in swaps}
        out = []
        for cue in cues:
            word = self.matcher.spelled(cue)
            if word is None:
                written = word_at.get((cue.start, cue.end))
                if (
                    written is not None
                    and written != cue.term
                    and any(
                        c.category == cue.category and c.term == written for c in self.matcher.find(written)
                    )
                ):
                    word = written
            out.append(cue if word is None else Cue(cue.start, cue.end, cue.category, cue.kind, word))
        return out

    def _read_again(self, second: SecondReading, reading: str) -> float:
        """The second reading's probability for a text as the analyser reads it, from the cache when the
        same text was read lately."""
        reading = reading[:MAX_CHARS]  # all the encoder reads
        found = self._second_readings.get(reading)
        if found is None:
            found = second.probability(embed([reading], second.encoder)[0])
            if len(self._second_readings) >= SECOND_READINGS_KEPT:
                self._second_readings.clear()
            self._second_readings[reading] = found
        return found

    def analyse(
        self, text: str, message_id: str, sent_at: str | None = None, author: str | None = None
    ) -> Finding:
        found = self.analyse_gated(text, message_id, sent_at, author)
        if found is None:
            return self.priced(text, message_id) or Finding(message_id, "none", UNGATED_RISK, self.version)
        return found

    def priced(self, text: str, message_id: str) -> Finding | None:
        """For a text the gate turned away: `none` at `UNGATED_RISK` with the sum the text states; None
        when it states none (most texts, settled by one character scan). A price is null only where none
        is stated (ARCHITECTURE §3.1): a fragment the gate cannot judge ("The price? £70", "Between Rs
        15,000 and Rs 20,000. It is negotiable.") still shows its sum to whoever reads it. `analyse` and
        `huijia analyse` give it; the store keeps no row for an ungated text (`analyse_gated`)."""
        last, folded = self._last_folded
        price = stated_price(text, folded if last is text else None)
        if price is None:
            return None
        # no evidence span, as for a `none` finding the model read: evidence shows why a post was flagged
        return Finding(message_id, "none", UNGATED_RISK, self.version, price=price)

    def analyse_gated(
        self, text: str, message_id: str, sent_at: str | None = None, author: str | None = None
    ) -> Finding | None:
        """The finding for a text that passes the gate; None (meaning `none` at `UNGATED_RISK`, nothing
        found) for one that does not — the hot path of a big scan, which makes no objects at all.
        `author` is the sender's display name, when known: a broker's name (…中介…) says who posts."""
        examined = self.examine(text, sent_at)
        if examined is None:
            return None
        folded, cues, facts = examined.folded, examined.cues, examined.facts
        probabilities = self.model.probabilities(examined.features())
        risk = self.model.risk(probabilities)
        second = self.model.second if self.second_reading else None
        read_again: float | None = None
        doubt = any(c.category in DOUBT for c in cues)
        act = any(c.category in TRANSFER_ACTS for c in cues)
        within = second is not None and second.applies(risk, doubt, act)
        # whether a post over the band is bare is only asked where it could be read again for it
        if second is not None and (
            within or (over_band(second.band, risk, True) and states_nothing(examined))
        ):
            self.read_twice += 1
            # read as folded and written out, so the evasions the fold undoes cannot sway it
            read_again = self._read_again(second, examined.reading or folded)
            # over the band (a bare post), the second reading may only lower the risk
            risk = second.risk(risk, read_again, within and lifts(cues), examined.english)
        label = _decide(probabilities, risk)
        guarded = guard(cues, facts, folded) if label in TRAFFICKING_LABELS else None
        if guarded is not None:
            label, risk = guarded[0], min(risk, guarded[1])
        elif label == "missing_notice" and not _searches_for_a_child(cues, folded):
            label = "none"
        flagged = label in TRAFFICKING_LABELS
        price, small = price_asked(facts.prices, examined.small_prices, folded)
        priced = price is not None or small is not None
        indicators, indicator_spans = _indicators(folded, cues, facts, priced) if flagged else ((), [])
        role, role_cues = infer_role(label, cues, facts.child, author)
        indicator_spans += [Span(c.start, c.end, "role", "", c.category) for c in role_cues]
        if small is not None and small.span is not None and label != "none":  # as `_evidence` shows prices
            indicator_spans.append(Span(*small.span, "price", "", "price"))
        evidence = _evidence(text, cues, facts, label, indicator_spans)
        return Finding(
            message_id,
            label,
            risk,
            self.version,
            role=role,
            child=None if facts.child == EMPTY_CHILD else facts.child,
            price=price or small,
            places=facts.places,
            contacts=facts.contacts,
            indicators=indicators,
            evidence=evidence,
            second_reading=read_again,
        )


# What makes a post more than its words of giving or seeking: a term that stands alone for the trade, a
# private contact, a birth to come, papers, haggling, several children (and `states_nothing`'s facts)
SPECIFIC_CATEGORIES = frozenset(
    ("standalone", "private_contact", "pre_birth", "documents", "bargaining", "multiple")
)


def states_nothing(examined: Examined) -> bool:
    """Whether a gated post states nothing beyond its words: no sum, contact or place, no age, count, due
    date or pregnancy of the child, and no cue of `SPECIFIC_CATEGORIES` nor a fee asked for a child
    (`second.asks_a_childs_fee`). Such a post over the second reading's band is read again
    (`second.over_band`): 人家小孩儿卖个野山菌… is chat, 求个女宝 a request the encoder reads as one."""
    facts = examined.facts
    if facts.prices or examined.small_prices or facts.contacts or facts.places:
        return False
    child = facts.child
    if child.age_days is not None or child.unborn or child.pregnancy_month is not None:
        return False
    if child.due is not None or (child.count is not None and child.count > 1):
        return False
    return not any(cue.category in SPECIFIC_CATEGORIES or asks_a_childs_fee(cue) for cue in examined.cues)


def _spread_terms(folded: str, unleeted: str | None, cues: list[Cue]) -> list[tuple[int, int, str]]:
    """The lexicon terms the post wrote spread out or in leetspeak (送*养, b.a.b.y, 孩 子, b4by), each as
    (start, end, the term), to be written out whole in the text the n-grams and the second reading see —
    as the cues already are. A term matched with another ending (sell* in selling) is not one of them."""
    swaps = []
    for cue in cues:
        span = folded[cue.start : cue.end]
        if span == cue.term:
            continue
        joined = "".join(ch for ch in PINYIN_NOTE.sub("", span) if ch.isalnum())
        if joined == cue.term.replace(" ", "") or (
            unleeted is not None and unleeted[cue.start : cue.end] == cue.term
        ):
            swaps.append((cue.start, cue.end, cue.term))
    return swaps


def without_mentions(folded: str, trade_words: Callable[[str], bool] | None = None) -> str:
    """`folded` with each @ mention blanked to spaces (the same length, so places stay): a handle is a
    name, not the post's words — unless `trade_words` finds the post's words in it (@男宝出售中 私聊,
    @送养 @营养费两万: a seller's offer behind @ signs), or it is longer than a Weibo nickname. Real
    Weibo comments name @卖女孩的小火柴_43224, @生个儿子玩 and @宝贝回家 (the missing-children charity's
    account), and were read as offers, requests and missing-child notices."""
    if "@" not in folded:
        return folded

    def blank(mention: re.Match[str]) -> str:
        handle = mention.group()
        width = sum(2 if HAN.match(ch) else 1 for ch in handle[1:])
        if width > HANDLE_WIDTH or (trade_words is not None and trade_words(handle[1:])):
            return handle
        return " " * len(handle)

    return MENTION.sub(blank, folded)


def _spelled_out(
    cues: list[Cue], swaps: list[tuple[int, int, str]], spelled: Callable[[Cue], str | None]
) -> list[tuple[int, int, str]]:
    """The mixed forms of child words among `cues` whose letters are a whole syllable (女hai, nv孩: a
    Chinese character and pinyin with its vowel), each written out as the longest lexicon term it spells,
    where no other swap has written the place out: so that the n-grams, the speech acts and the second
    reading read 女孩 where the post wrote 女hai, as they read 送养 where it wrote sy. Forms all in Latin
    letters are left to `respellings`, which writes them out only where they touch Chinese: written out
    anywhere, given names and places (Songyang, Maile, Nanhai, Lingbao) became 送养, 卖了, 男孩 and 领宝 in
    ordinary posts, and flagged them; a lone initial beside a character is a vitamin, a brand or a letter
    as often (维C养颜 read as 维出养颜, 收NB574 as 收男宝574); and a syllable beside a verb is another word as
    often (出yang is 出洋, going abroad, as often as 出养)."""
    longest: dict[tuple[int, int], str] = {}
    for cue in cues:
        word = spelled(cue)
        if (
            word is None
            or cue.category != "child"
            or cue.term.isascii()
            or not SYLLABLE_LETTERS.search(cue.term)
        ):
            continue
        if len(word) > len(longest.get((cue.start, cue.end), "")):
            longest[(cue.start, cue.end)] = word
    if not longest:
        return []
    taken = bytearray(max(end for _, end in [*longest, *((s, e) for s, e, _ in swaps)]))  # 1: written out
    for start, end, _ in swaps:
        taken[start:end] = b"\x01" * (end - start)
    out: list[tuple[int, int, str]] = []
    for (start, end), word in sorted(longest.items(), key=lambda item: (item[0][0], -item[0][1])):
        if not any(taken[start:end]):
            out.append((start, end, word))
            taken[start:end] = b"\x01" * (end - start)
    return out


def _placed(price: Price, where: list[int]) -> Price:
    """A price found in another reading of a text, placed back on the text through the reading's map."""
    if price.span is None:
        return price
    return replace(price, span=_back(price.span, where))


def _mapped(cues: list[Cue], where: list[int]) -> list[Cue]:
    """Cues found in another reading of a text, placed back on the text through the reading's map."""
    return [Cue(*_back((c.start, c.end), where), c.category, c.kind, c.term) for c in cues]


def _back(span: tuple[int, int], where: list[int]) -> tuple[int, int]:
    """A span of another reading of a text as a span of the text, through the reading's map."""
    return where[span[0]], where[span[1] - 1] + 1


def _touching(cues: list[Cue], swaps: list[tuple[int, int, str]]) -> list[Cue]:
    """The cues that overlap a respelled span. Those found on the post's own letters elsewhere are read
    from the written-out text instead, where the words around them are whole: "doctor said it is a grl"
    is no report once grl reads girl."""
    return [c for c in cues if any(start < c.end and c.start < end for start, end, _ in swaps)]


def _merged(cues: list[Cue], other: list[Cue]) -> list[Cue]:
    """`cues` and those of `other` at a place and of a category that `cues` lacks."""
    seen = {(c.start, c.end, c.category) for c in cues}
    for cue in other:
        if (cue.start, cue.end, cue.category) not in seen:
            seen.add((cue.start, cue.end, cue.category))
            cues.append(cue)
    return cues


def _decide(probabilities: dict[str, float], risk: float) -> str:
    """Flag when the calibrated risk is at least one half, then name the likeliest trafficking label;
    otherwise the likelier of missing_notice and none. So a flagged post always has risk ≥ 0.5 and an
    unflagged one risk < 0.5, whatever the spread over the labels."""
    if risk >= FLAG_AT:
        pool = TRAFFICKING_LABELS
    else:
        pool = frozenset(label for label in probabilities if label not in TRAFFICKING_LABELS)
    return max(pool, key=lambda label: probabilities.get(label, 0.0))


def guard(cues: list[Cue], facts: Facts, folded: str) -> tuple[str, float] | None:
    """The guard rails that overrule a flag, as (the label, the highest risk it may keep); None where
    none applies: a missing-child notice, a parent's question about papers, a wish for a child of one's
    own, a bare wish to adopt. The pipeline applies them to every flag, and cross-validation to every
    held-out flag, so that its figures are the shipped analyser's."""
    if _reads_as_missing_notice(cues, facts):
        return "missing_notice", MISSING_GUARD_RISK
    if _asks_about_papers(cues, facts, folded):
        return "none", PAPERS_GUARD_RISK
    if _wants_own_child(cues, facts, folded):
        return "none", CONCEIVING_GUARD_RISK
    if _bare_wish_to_adopt(cues, facts, folded):
        return "none", BARE_WISH_RISK
    return None


def _bare_wish_to_adopt(cues: list[Cue], facts: Facts, folded: str) -> bool:
    """A Chinese post that only wishes to adopt (好想领养, 求领养！！, 我要领养) — no child named, no sum, no
    contact, no word of earnest, no other cue (`BARE_WISH_CUES`, `BARE_WISH_TERMS`) — is no request a
    moderator could act on: real comments under pets put up for adoption say it by the thousand, and a
    buyer names the child, the earnest or the way to reach them (求领养男宝, 诚心领养, 求领养，私聊)."""
    if facts.prices or facts.contacts or HAN.search(folded) is None:
        return False
    child = facts.child
    if child.gender or child.age_days is not None or child.unborn or child.count:
        return False
    if WISH_DETAILS.search(folded):
        return False
    adopting = False
    for cue in cues:
        if cue.category not in BARE_WISH_CUES:
            return False
        if cue.category in ("standalone", "seek"):
            if cue.term not in BARE_WISH_TERMS:
                return False
            adopting = adopting or cue.term in ("领养", "收养", "抱养")
    return adopting


def _reads_as_missing_notice(cues: list[Cue], facts: Facts) -> bool:
    """The guard rail behind "no missing-child notice is ever labelled a sale": a post that uses the words
    of a search for a lost or abducted child (走失, 被拐, 寻亲, missing, last seen …) and states no price
    other than a reward is a missing-child notice whatever the model says."""
    if not any(cue.category == "missing_strong" for cue in cues):
        return False
    if not facts.prices or any(cue.term in REWARD_TERMS for cue in cues):
        return True
    # an amount with no word of giving, taking, fees or brokering is a reward whose word was mistyped
    return not any(cue.category in ("offer", "seek", "fee", "broker") for cue in cues)


def _asks_about_papers(cues: list[Cue], facts: Facts, folded: str) -> bool:
    """A parent's question about the papers of their own child (出生证明在哪里办, "where do I get the birth
    certificate"), or news that they are done (宝宝的出生证办好了), is not a broker offering papers: a
    question of where or how, or a paper told done with no private contact, whose only transaction words
    are the papers themselves, with no price, no contact and no child offered or wanted. Real
    parenting chat asks it often; the label model, which learnt 出生证 from brokers' "papers included",
    flagged it."""
    if facts.prices or facts.contacts or not any(cue.category == "documents" for cue in cues):
        return False
    documents = {cue.term for cue in cues if cue.category == "documents"}
    for cue in cues:
        if cue.category in NOT_PAPERS or (cue.category == "standalone" and cue.term not in documents):
            return False
    if PAPERS_QUESTION.search(folded) is not None:
        return True
    return PAPERS_DONE.search(folded) is not None and not any(cue.category in NOT_PAPERS_DONE for cue in cues)


# Wishes for a child of one's own that name no conception (real Weibo comments, 2026-12): "I want one
# too" under another's child (我也想要个儿子[泪]), the pain of a birth (我想要个女儿、但我怕痛), a child like
# the one shown (我想要酱紫的女儿), one wished for with one's spouse (老婆，我想要个儿子). Read by the guard
# only, not as cues the model weighs: a buyer may say them too (我也想要个儿子，有人送吗), and the guard's
# conditions keep such a post flagged where the cue would have lowered its risk.
OWN_WISH = re.compile(
    r"我也想要(?:一个|个)?.{0,3}(?:女儿|儿子|宝宝|孩子|闺女|双胞胎|龙凤胎)"
    r"|想要(?:一个|个)?.{0,3}(?:女儿|儿子|宝宝|孩子|闺女)[、,，\s]*(?:但|可是)?我?(?:怕痛|怕疼)"
    r"|想要(?:这样|这样子|酱紫|这种|这么)(?:的|一对|一个|个)?.{0,3}(?:女儿|儿子|宝宝|孩子|闺女|双胞胎|龙凤胎)"
    r"|(?:老婆|老公|媳妇)[^。！？!?\n]{0,6}?(?:想要|想生|要生)(?:个|一个|二胎)?(?:儿子|女儿|宝宝|孩子|闺女|男孩|女孩)"
)
# What turns such a wish into a request when it stands beside it: a word of asking, taking, paying or
# reaching, or the child's particulars (老公想要个儿子，求个刚出生的男宝; 老婆想要个女儿，两岁以内的都行; 媳妇
# 想要个儿子，谁家生多了的; 我也想要个儿子，有偿; 老婆想要个儿子，有吗; 有人出吗; 帮我找个), or the whole
# group addressed (@所有人). Everyday words beside a wish leave it one (好可爱，我也想要个儿子，羡慕死了;
# 我也想要个女儿，给她买好多漂亮裙子).
ASKS_BESIDE_A_WISH = re.compile(
    r"求|谁|哪|有没有|有吗|有的|有人|以内|都行|收(?:一个|个|养)|领(?:一个|个|养)|抱养|买(?:一个|个|到)|生多"
    r"|私|联系|加我|微|v我|有偿|重谢|酬谢|出吗|帮我?找|帮忙|帮我|弄到|搞到|能弄|能搞|来个|介绍|门路|现成"
    r"|所有人|全体成员"
)


def _wants_own_child(cues: list[Cue], facts: Facts, folded: str) -> bool:
    """A woman who wants a baby of her own — trying to conceive, asking about a pregnancy's health
    (想要个宝宝，我有胰岛素抵抗; "we have been trying to conceive") — is not seeking to buy one: a post with a
    `conceiving` act whose only transaction words are the wish itself (想要个, "want a baby"), with no
    price, no contact, no word of adopting, buying or taking in (领养, 收男宝, adopt, buy) and no offer. A
    buyer who says why (因不孕不育，想领养一个男宝) names the adoption and stays flagged. Real parents'
    questions to doctors asked it; the label model and the second reading, which learnt 想要个宝宝 from
    requests, flagged them."""
    if facts.prices or facts.contacts:
        return False
    wish = None
    if not any(cue.category == "conceiving" for cue in cues):
        wish = OWN_WISH.search(folded)
        if wish is None or not _only_the_wish(folded, wish.start(), wish.end()):
            return False
    if ASKS_OTHERS.search(folded):
        return False
    for cue in cues:
        if wish is not None and wish.start() <= cue.start and cue.end <= wish.end():
            continue  # the wish's own words (我也想要双胞胎: twins wished for, not offered)
        if cue.category in NOT_CONCEIVING:
            return False
        if cue.category in ("seek", "want_child") and TAKING.search(cue.term):
            return False
    return True


def _only_the_wish(folded: str, start: int, end: int) -> bool:
    """Whether nothing beside the wish at start:end asks for, takes or pays for a child
    (`ASKS_BESIDE_A_WISH`)."""
    return ASKS_BESIDE_A_WISH.search(folded[:start] + " " + folded[end:]) is None


def _searches_for_a_child(cues: list[Cue], folded: str) -> bool:
    """`missing_notice` is kept only for a search for a missing child by a family, volunteer or police:
    the words of a child gone missing (走失, 被拐, last seen …), a child, and an act of searching or of
    asking for help (寻找, 请转发, 线索, 悬赏, "have you seen", "contact") — not a report or a question that
    mentions 失踪 or 回家 in passing."""
    categories = {cue.category for cue in cues}
    if "missing_strong" not in categories or "child" not in categories:
        return False
    if "care_question" in categories:
        return False
    return SEARCH_ACT.search(folded) is not None


def _year_month(sent_at: str | None) -> tuple[int, int] | None:
    if sent_at and len(sent_at) >= 7 and sent_at[:4].isdigit() and sent_at[5:7].isdigit():
        return int(sent_at[:4]), int(sent_at[5:7])
    return None


def _original_place(place: Place, text: str) -> Place:
    if place.span is None:
        return place
    start, end = place.span
    return Place(text[start:end], place.country, place.province, place.city, place.district, place.span)


def _indicators(
    folded: str, cues: list[Cue], facts: Facts, priced: bool
) -> tuple[tuple[str, ...], list[Span]]:
    """The indicators of a flagged post; `priced` says the finding shows a price (a small sum too)."""
    found: dict[str, Span | None] = {}
    if priced:
        found["price_stated"] = None
    for cue in cues:
        name = INDICATOR_OF_CATEGORY.get(cue.category)
        if name is not None and name not in found:
            found[name] = Span(cue.start, cue.end, "indicator", "", cue.category)
    if match := BROKER_FEE.search(folded):
        found.setdefault("broker_fee", Span(match.start(), match.end(), "indicator", "", "broker_fee"))
    if facts.child.unborn and "pre_birth_sale" not in found:
        found["pre_birth_sale"] = None
    if facts.child.count and facts.child.count > 1:
        found.setdefault("multiple_children", None)
    if len(facts.prices) >= 2 and MALE.search(folded) and FEMALE_WORD.search(folded):
        found["gender_price_list"] = None
    if not priced and any(c.category == "private_contact" and len(c.term) > 1 for c in cues):
        found["private_contact_only"] = None
    names = tuple(name for name in INDICATORS if name in found)
    return names, [span for span in found.values() if span is not None]


def _evidence(text: str, cues: list[Cue], facts: Facts, label: str, extra: list[Span]) -> tuple[Span, ...]:
    group = "trafficking" if label in TRAFFICKING_LABELS else label
    wanted = EVIDENCE_CATEGORIES[group]
    spans: list[Span] = [
        Span(c.start, c.end, c.kind, text[c.start : c.end], c.category) for c in cues if c.category in wanted
    ]
    spans += [Span(s.start, s.end, s.kind, text[s.start : s.end], s.cue) for s in extra]
    if group != "none":
        for price in facts.prices:
            if price.span:
                spans.append(Span(*price.span, "price", text[price.span[0] : price.span[1]], "price"))
        for contact in facts.contacts:
            if contact.span:
                spans.append(
                    Span(*contact.span, "contact", text[contact.span[0] : contact.span[1]], "contact")
                )
        for place in facts.places:
            if place.span:
                spans.append(Span(*place.span, "place", text[place.span[0] : place.span[1]], "place"))
    # one span per place and kind: the longest wins, nested ones go. In order of start, a span is nested in
    # one kept before it exactly when it ends no later than the furthest end of its kind so far.
    spans.sort(key=lambda s: (s.start, -(s.end - s.start)))
    kept: list[Span] = []
    furthest: dict[str, int] = {}
    for span in spans:
        if span.end <= furthest.get(span.kind, -1):
            continue
        kept.append(span)
        furthest[span.kind] = span.end
    return tuple(kept)


@lru_cache(maxsize=1)
def default_analyser() -> Analyser:
    return Analyser()


def analyse(text: str, message_id: str = "", sent_at: str | None = None) -> Finding:
    """The finding for one text with the bundled model and lexicon."""
    return default_analyser().analyse(text, message_id, sent_at)
