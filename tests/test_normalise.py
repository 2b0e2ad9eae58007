"""Evasion-proof normalisation: confusables, CJK variants, emoji, separators inside terms, pinyin spellings,
financial numerals — each on realistic posts, with every cue still pointing at what the poster wrote."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huijia.analyse.cues import Cue, CueMatcher, default_matcher, derived_terms
from huijia.analyse.pipeline import Analyser
from huijia.analyse.price import extract_prices
from huijia.lexicon import load_lexicon
from huijia.text.fold import EMOJI, fold, fold_table, squeeze, unleet
from huijia.text.numbers import parse_number
from huijia.text.pinyin import (
    NOT_INITIALS,
    TWO_LETTER,
    ascii_forms,
    initials,
    mixed_forms,
    syllables,
    written_in_pinyin,
)
from huijia.text.variants import standard_simplified, unihan_table

REAL_TEXT = Path(__file__).resolve().parents[2] / "shared" / "data" / "real-text"
OFFER_ZH = "男宝刚满两个月，营养费3万，有意私聊"
OFFER_EN = "I have a newborn baby boy for adoption, $5,000"


@pytest.fixture(scope="module")
def analyser() -> Analyser:
    return Analyser()


def cues(analyser: Analyser, text: str) -> list[Cue]:
    folded = fold(text)
    return analyser.cues(folded, squeeze(folded))


def categories(analyser: Analyser, text: str) -> set[str]:
    return {c.category for c in cues(analyser, text)}


def evidence(analyser: Analyser, text: str) -> set[tuple[str, str]]:
    """(category, what the poster wrote) for every cue: the original characters under the span."""
    return {(c.category, text[c.start : c.end]) for c in cues(analyser, text)}


# --- 1. confusables -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("bаby", "baby"),  # Cyrillic а
        ("Ѕеll mу bаbу", "sell my baby"),  # Cyrillic Ѕ е у а
        ("𝐛𝐚𝐛𝐲 𝐟𝐨𝐫 𝐬𝐚𝐥𝐞", "baby for sale"),  # mathematical bold
        ("𝘯𝘦𝘸𝘣𝘰𝘳𝘯 𝕓𝕒𝕓𝕪", "newborn baby"),  # sans-serif italic, double-struck
        ("Іnfant", "infant"),  # Cyrillic capital І: a capital I, not an l
        ("αdοption", "adoption"),  # Greek α ο
        ("tаκе mу bаbу", "take my baby"),  # Greek κ: its TR39 prototype is the small capital ĸ
        ("whаtѕаpp", "whatsapp"),
        ("bábý", "baby"),  # accents
        ("٣٠٠٠٠ yuan", "30000 yuan"),  # Arabic-Indic digits, read by value
    ],
)
def test_lookalike_letters_and_digits_fold_to_ascii(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_homoglyph_english_offer_finds_the_same_cues_at_the_same_places(analyser: Analyser) -> None:
    disguised = "I hаvе а nеwbоrn bаbу bоу fоr аdорtіоn, $5,000"  # Cyrillic а е о р у і
    assert disguised != OFFER_EN and len(disguised) == len(OFFER_EN)
    plain = {(c.start, c.end, c.category, c.term) for c in cues(analyser, OFFER_EN)}
    assert {(c.start, c.end, c.category, c.term) for c in cues(analyser, disguised)} == plain
    assert {"child", "standalone"} <= {category for _, _, category, _ in plain}


def test_cjk_characters_numerals_and_punctuation_are_never_read_as_latin() -> None:
    table = fold_table()
    for lo, hi in ((0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)):
        for code in range(lo, hi + 1):
            target = table.get(code, chr(code))
            assert not (target.isascii() and target.isalnum()), (chr(code), target)
    assert fold("〇一二三，。！？、：；（）") == "〇一二三,。!?、:;()"
    assert fold("丨乂口") == "丨乂口"


def test_existing_folding_is_kept() -> None:
    assert fold("出售男嬰，營養費３萬\u200b，ＱＱ：１２３４５") == "出售男婴,营养费3万 ,qq:12345"
    assert fold("ＡＢＣ abc ABC\t①②") == "abc abc abc 12"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_fold_keeps_length_for_any_text(text: str) -> None:
    assert len(fold(text)) == len(text)


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.characters(codec="utf-8") | st.sampled_from("養賣嬰Ａ①😀👶\U00020000\U000e0101\u0336\t"),
        max_size=40,
    )
)
def test_fold_is_the_table_read_character_by_character(text: str) -> None:
    # the list the fast path translates with, and the dict beyond it, fold as the table says, one
    # character at a time
    from huijia.text.fold import _fold_slow

    assert fold(text) == _fold_slow(text)


def test_every_table_entry_is_one_character_and_stays_put() -> None:
    table = fold_table()
    for code, target in table.items():
        assert len(target) == 1, hex(code)
        assert table.get(ord(target), target) == target, (chr(code), target)  # chains are followed


# --- 2. CJK variant forms -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variant", "simplified"),
    [
        ("賣", "卖"), ("売", "卖"), ("兒", "儿"), ("児", "儿"), ("寶", "宝"), ("寳", "宝"), ("嬰", "婴"),
        ("養", "养"), ("営", "营"), ("岀", "出"), ("髙", "高"), ("枱", "台"), ("⻢", "马"),
    ],
)  # fmt: skip
def test_variant_forms_read_as_the_simplified_character(variant: str, simplified: str) -> None:
    assert fold(variant) == simplified


def test_standard_chinese_characters_keep_their_own_reading() -> None:
    # 芸 is also Japanese for 藝, 著 Taiwanese for 着, 么 a variant of 幺: in Chinese they are themselves
    assert fold("芸芸众生 著名 什么 干净 后来 里面 余下") == "芸芸众生 著名 什么 干净 后来 里面 余下"


def test_unihan_table_maps_only_non_standard_characters_and_says_where_it_comes_from() -> None:
    table = unihan_table()
    assert len(table) > 1000
    assert table[ord("寳")] == "宝" and table[ord("岀")] == "出"
    for code, target in table.items():
        assert not standard_simplified(chr(code)), chr(code)
        assert len(target) == 1 and target != chr(code)
    header = Path(__file__).resolve().parents[1] / "src" / "huijia" / "text" / "unihan_variants.tsv"
    head = header.read_text(encoding="utf-8")[:800]
    assert "Unicode 14.0" in head and "Unicode License" in head and "scripts/build_variant_table.py" in head


def test_variant_script_offer_finds_the_same_cues(analyser: Analyser) -> None:
    disguised = "男寳剛滿兩個月，營養費3萬，有意私聊"  # 寳 (Unihan), the rest traditional
    plain = {(c.start, c.end, c.category, c.term) for c in cues(analyser, OFFER_ZH)}
    assert {(c.start, c.end, c.category, c.term) for c in cues(analyser, disguised)} == plain
    assert {("child", "男寳"), ("standalone", "營養費")} <= evidence(analyser, disguised)
    japanese = "出售嬰児，営養費3万"  # 児 and 営 are Japanese forms
    assert {("offer", "出售"), ("child", "嬰児"), ("fee", "営養費")} <= evidence(analyser, japanese)


# --- 3. emoji -------------------------------------------------------------------------------------------


def test_child_emoji_read_as_the_character_they_stand_for() -> None:
    assert fold("男👶出售") == "男娃出售"
    assert fold("👶🏻") == "娃 "  # a skin tone is a space: one code point, one character
    assert fold("🤰5个月") == "孕5个月"
    assert fold("男🍼宝") == "男宝宝"
    assert fold("💰3万") == "钱3万"
    assert fold("❤️") == "❤ "  # the variation selector is a space
    assert fold("👨\u200d👩\u200d👧") == "👨 👩 女"
    for emoji, target in EMOJI.items():
        assert len(emoji) == 1 and len(target) == 1 and "\u4e00" <= target <= "\u9fff"


def test_emoji_offer_finds_the_same_kinds_of_cue(analyser: Analyser) -> None:
    disguised = "男👶🏻刚满两个月，营养费💰3万，有意私聊"
    assert categories(analyser, OFFER_ZH) <= categories(analyser, disguised)
    assert ("child", "男👶") in evidence(analyser, disguised)
    assert "pregnancy" in categories(analyser, "🤰7个月，生了就送")


# --- 4. separators inside terms -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("送*养", "送养"), ("送.养", "送养"), ("送-养", "送养"), ("送~养", "送养"), ("送·养", "送养"),
        ("送丶养", "送养"), ("送\u200b养", "送养"), ("送❤️养", "送养"),
        ("营 养 费", "营养费"), ("营养 费", "营养费"), ("出*生*证", "出生证"), ("男，宝，出，售", "男宝出售"),
        ("b.a.b.y", "baby"), ("b a b y", "baby"), ("b-a-b-y", "baby"), ("b_a_b_y", "baby"),
        ("s.e.l.l", "sell"),
    ],
)  # fmt: skip
def test_squeeze_joins_terms_split_by_separators_and_maps_back(text: str, joined: str) -> None:
    folded = fold(text)
    squeezed = squeeze(folded)
    assert squeezed is not None
    out, where = squeezed
    assert joined in out.split("\n")
    at = out.index(joined)
    assert [fold(text[where[at + i]]) for i in range(len(joined))] == list(joined)


@pytest.mark.parametrize(
    "text",
    [
        "宝，贝",  # two characters across a comma: ordinary punctuation, not a trick
        "今天很好。宝贝在睡觉",
        "I am a b. I said",
        "ok see you",
        "早上好",
    ],
)
def test_sentence_punctuation_between_ordinary_words_joins_nothing_new(text: str, analyser: Analyser) -> None:
    folded = fold(text)
    assert {(c.start, c.category) for c in cues(analyser, text)} == {
        (c.start, c.category) for c in analyser.matcher.find(folded)
    }


@pytest.mark.parametrize(
    ("disguised", "spans"),
    [
        ("男*宝刚满两个月，营.养.费3万，有意私-聊", {("child", "男*宝"), ("standalone", "营.养.费")}),
        (
            "男 宝 刚 满 两 个 月，营 养 费 3 万，有 意 私 聊",
            {("child", "男 宝"), ("standalone", "营 养 费")},
        ),
        ("男，宝，刚，满，两，个，月，营，养，费，3万", {("child", "男，宝"), ("standalone", "营，养，费")}),
    ],
)
def test_spaced_and_symbol_offers_find_the_same_cues_pointing_at_the_original(
    disguised: str, spans: set[tuple[str, str]], analyser: Analyser
) -> None:
    assert categories(analyser, OFFER_ZH) - {"private_contact"} <= categories(analyser, disguised)
    assert spans <= evidence(analyser, disguised)


@pytest.mark.parametrize(
    "disguised",
    [
        "I have a n.e.w.b.o.r.n b.a.b.y b.o.y for a.d.o.p.t.i.o.n, $5,000",
        "I have a n-e-w-b-o-r-n b-a-b-y b-o-y for a-d-o-p-t-i-o-n, $5,000",
        "I have a newborn b a b y boy for a d o p t i o n, $5,000",
        "I have a b̶a̶b̶y̶ boy for adoption, $5,000",  # strikethrough combining marks
    ],
)
def test_spelled_out_english_offer_finds_the_same_cues(disguised: str, analyser: Analyser) -> None:
    wanted = categories(analyser, OFFER_EN)
    assert {"child", "standalone"} <= wanted
    assert wanted <= categories(analyser, disguised)
    assert any(category == "child" and "b" in text for category, text in evidence(analyser, disguised))


def test_a_letter_after_an_apostrophe_ends_its_word_not_a_spaced_out_run(analyser: Analyser) -> None:
    """The s of suspect's is no letter of "d a u g h t e r" after it: read as one, the run gave
    "suspect'sdaughter", and the child word was lost."""
    for text in (
        "Take her [suspect’s d a u g h t e r] with you. Give me $20, you can have her.",
        "It's my sister's b.a.b.y, she can't keep it, $500",
    ):
        assert "child" in categories(analyser, text), text


def test_words_spelled_out_each_with_a_separator_of_its_own_are_found(analyser: Analyser) -> None:
    squeezed = squeeze(fold("Is it true that we can b_u_y a b/a/b/y from you"))
    assert squeezed is not None and "buy a baby" in squeezed[0]
    assert {"child", "seek"} <= categories(analyser, "Is it true that we can b_u_y a b/a/b/y from you?")


def test_words_spaced_letter_by_letter_are_found_whole_at_either_end_of_the_run(analyser: Analyser) -> None:
    # with spaces between the letters and between the words alike, squeeze tries each one word break: the
    # first and the last word of the run are found (a word in the middle of three or more is not)
    found = evidence(analyser, "Looking to a d o p t a b a b y g i r l, will pay")
    assert ("child", "g i r l") in found and "standalone" in {c for c, _ in found}  # adopt*: adoptababygirl
    assert ("child", "b a b y b o y") not in found and ("child", "b a b y") in evidence(
        analyser, "need a b a b y b o y now"
    )


def test_squeeze_map_points_at_the_characters_it_joined() -> None:
    folded = fold("出售 b.u.y a n.e.w.b.o.r.n，营 养*费 3万")
    squeezed = squeeze(folded)
    assert squeezed is not None
    out, where = squeezed
    assert len(out) == len(where)
    for ch, at in zip(out, where, strict=True):
        if ch not in "\n ":
            assert folded[at] == ch


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="送养营费男宝babyselI a.-_*，。 ,!?\n👶1", max_size=60))
def test_squeeze_map_is_valid_for_any_mix_of_words_and_separators(text: str) -> None:
    folded = fold(text)
    squeezed = squeeze(folded)
    if squeezed is None:
        return
    out, where = squeezed
    assert len(out) == len(where) and out.endswith("\n")
    for ch, at in zip(out, where, strict=True):
        assert 0 <= at <= len(folded)
        if ch not in "\n ":
            assert folded[at] == ch


def test_squeeze_stays_linear_on_long_texts() -> None:
    import time

    text = fold("营 养 费" * 20_000 + "啊" * 200_000 + "b a b y " * 20_000)
    start = time.perf_counter()
    squeezed = squeeze(text)
    assert squeezed is not None and time.perf_counter() - start < 5


# --- 5. pinyin ------------------------------------------------------------------------------------------


def test_pinyin_of_terms() -> None:
    assert syllables("营养费") == ("ying", "yang", "fei")
    assert syllables("还在吗") == ("hai", "zai", "ma")  # phrase-aware: not huan
    assert syllables("女宝") == ("nv", "bao")
    assert syllables("b超") is None
    assert initials("收养") == ["sy", "shy"]
    assert initials("女宝") == ["nb", "nvb"]
    assert ascii_forms("送养") == ["sy", "songyang"]  # sy: one of the two two-letter forms kept
    assert ascii_forms("收养") == ["sy", "shouyang"]  # shy is an English word
    assert ascii_forms("男宝") == ["nanbao"]  # nb is not kept: 牛逼, nota bene
    assert ascii_forms("营养费") == ["yyf", "yingyangfei"]
    assert (
        "s养" in mixed_forms("送养") and "营养f" in mixed_forms("营养费") and "sy费" in mixed_forms("送养费")
    )


def test_derived_terms_are_listed_with_their_source_and_follow_the_rules() -> None:
    derived = derived_terms(load_lexicon())
    by_form: dict[str, set[str]] = {}
    for d in derived:
        by_form.setdefault(d.form, set()).add(d.category)
        assert d.how in ("initials", "pinyin", "mixed") and d.source
        if d.form.isascii():
            assert len(d.form) >= 3 or d.form in TWO_LETTER
            assert d.form not in NOT_INITIALS
            if d.how == "initials" and len(d.form) > 2:
                assert not set(d.form) & set("aeiou")
    assert {"songyang", "yingyangfei", "syf", "nvb", "shk", "ycsy", "s宝", "营养fei", "sy费"} <= set(by_form)
    assert "standalone" not in by_form["sy"] and "offer" in by_form["sy"]  # sy alone opens no gate
    assert "standalone" in by_form["ycsy"]  # 有偿送养 holds 送养
    for form, cats in by_form.items():  # alone, neither sy nor a five-letter pinyin (maier) opens the gate
        if form.isascii() and "standalone" in cats:
            assert len(form) > 2 and (form in initials_of_terms() or len(form) >= 6), form


def initials_of_terms() -> set[str]:
    return {i for c in load_lexicon().categories["zh"] for t in c.terms for i in initials(t)}


@pytest.mark.parametrize(
    ("disguised", "wanted"),
    [
        ("男宝刚满两个月，yyf3万，有意私聊", {("standalone", "yyf"), ("fee", "yyf")}),
        ("男宝刚满两个月，yingyangfei3w，有意私聊", {("standalone", "yingyangfei")}),
        ("男宝刚满两个月，营养fei 3万，有意私聊", {("fee", "营养fei")}),
        ("nvb刚满两个月，sy费3万", {("child", "nvb"), ("standalone", "sy费")}),
        (
            "songyang nanbao, shk baoban",
            {("standalone", "songyang"), ("child", "nanbao"), ("documents", "shk")},
        ),
        ("有偿sy男宝，加qq123456", {("offer", "有偿sy")} | {("private_contact", "加qq")}),
    ],
)
def test_pinyin_evasions_fire(disguised: str, wanted: set[tuple[str, str]], analyser: Analyser) -> None:
    assert wanted <= evidence(analyser, disguised)


@pytest.mark.parametrize(
    ("disguised", "plain"),
    [
        ("急求3歲以上女hai", "急求3歲以上女孩"),  # a mixed form
        ("急求3岁以上nv孩", "急求3岁以上女孩"),
        ("男宝songyang，yingyangfei3万", "男宝送养，营养费3万"),
    ],
)
def test_pinyin_and_mixed_forms_are_read_as_the_terms_they_spell(
    disguised: str, plain: str, analyser: Analyser
) -> None:
    """The n-grams, the speech acts and the second reading read the term a pinyin or mixed form spells, as
    the cues do: 女hai gave the label model no 女孩 bigram, and a request fell from 0.61 to 0.21."""
    examined, original = analyser.examine(disguised), analyser.examine(plain)
    assert examined is not None and original is not None
    grams = {name for name in examined.features() if name.startswith("g:")}
    assert grams == {name for name in original.features() if name.startswith("g:")}


@pytest.mark.parametrize(
    "text",
    [
        "Songyang is my daughter's name, she turned 2 today",  # 送养
        "Maile is my daughter's name, she turned 2 today",  # 卖了
        "We visited Nanhai with the kids last week, spent $300",  # 男孩
        "我们上周带孩子去了 Songyang 玩，花了3000",  # a county, apart from the Chinese by spaces
        # a lone initial beside a character: a vitamin, a brand, a letter — no 出养 or 男宝 written out
        "每天吃维C养颜美白",
        "维c养肤，效果很好",
        "收NB574，闲鱼价就行",
        "出y了一批书，10元一本",
        "宝妈们几点去领娃啊",  # 领娃: fetching the child from school
        "他又出yang相了，笑死",
        "孩子出yang留学了，花了50万",  # 出洋, going abroad: a verb's syllable
    ],
)
def test_names_places_and_lone_initials_that_spell_pinyin_are_not_written_out(
    text: str, analyser: Analyser
) -> None:
    """A form all in Latin letters is written out only where `respellings` reads it (touching Chinese, or in
    a run of such forms), and a mixed form only with a whole syllable (女hai): names and places that spell a
    term (Songyang, Maile, Nanhai) and initials beside a character (维C养, 收NB) stay as written, and the
    posts are not flagged."""
    examined = analyser.examine(text)
    assert (
        examined is None
        or examined.reading is None
        or not any(term in examined.reading for term in ("送养", "卖了", "男孩", "出养", "男宝"))
    )
    assert analyser.analyse(text, "m").label == "none"


@pytest.mark.parametrize(
    ("text", "name"),
    [("Songyang is my daughter's name, she turned 2 today", "songyang"),
     ("Maile is my daughter's name, she turned 2 today", "maile"),
     ("Our trip to Nanhai with the kids was lovely", "nanhai")],
)  # fmt: skip
def test_one_pinyin_word_in_an_english_post_is_a_name_not_a_term(
    text: str, name: str, analyser: Analyser
) -> None:
    """A post written in English with one word that spells a term (a girl called Songyang, Maile, the
    Nanhai district) has no cue on that word where nothing else in the post is of the trade: the matcher
    finds 送养, 卖了, 男孩 in it, the analyser drops them. A retrain that moved weights a little had taken
    the first two over the line."""
    folded = text.lower()
    at = folded.index(name)
    assert any(c.start == at for c in analyser.matcher.find(folded))  # the matcher alone reads the term
    examined = analyser.examine(text)
    assert examined is None or not any(c.start == at for c in examined.cues)


@pytest.mark.parametrize(
    "text",
    ["Songyang yi ge xiao de, hen jiankang",  # one form, capitalised, but the post is written in pinyin
     "songyang 3wan, jia wo weixin",  # one form in lower case, with a sum
     "Songyang nanhai",  # one form beside another
     "Songyang: healthy baby, dm me",  # a name-shaped form in a post that asks for contact
     # a phone capitalises the first word: a form beside a child word is a seller's (a review's cases)
     "Songyang baby girl 2 months old healthy",
     "Hello. Songyang baby boy, healthy, 3 months",
     "Baby girl Songyang, 2 months",
     "Songyang nanbao for sale, contact me",  # two pinyin forms in an English post
     "本人songyang男宝，3万"],  # a pinyin form in a Chinese post
)  # fmt: skip
def test_pinyin_forms_stay_in_a_pinyin_post_beside_another_form_or_in_chinese(
    text: str, analyser: Analyser
) -> None:
    examined = analyser.examine(text)
    assert examined is not None
    assert any(c.term == "送养" and c.category == "standalone" for c in examined.cues)


@pytest.mark.parametrize(
    ("text", "pinyin"),
    [("songyang nanbao 3wan, jia wo", True), ("wo xiang songyang yige nanhai", True),
     ("Songyang is my daughter's name, she turned 2 today", False),
     ("healthy baby boy for sale, contact me", False), ("", False),
     # short English words that an initial-and-final grid took for pinyin (hi, give: a review)
     ("Hi Maile, give me a hug baby", False)],
)  # fmt: skip
def test_a_post_is_written_in_pinyin_when_most_of_its_words_read_as_pinyin(text: str, pinyin: bool) -> None:
    assert written_in_pinyin(text.lower()) is pinyin


@pytest.mark.parametrize(
    "text",
    [
        "Zotac 760 2 GB 993 MHz $222.46",  # mhz is 卖孩子's initials, and a unit
        "short link http://t.cn/zjK2gXF and puu.sh/3gXF4.jpg",  # gxf inside IDs
        "Sandy Bridge SNB platform",  # snb: 送男宝 but three letters: no child category
        "I'm so shy, sync the gym rhythm btw",
        "sy2 and ly3 are not words",
    ],
)
def test_pinyin_forms_do_not_fire_on_ordinary_text(text: str) -> None:
    matcher = default_matcher()
    forms = {d.form for d in matcher.derived}
    gated = {"standalone", "child", "pregnancy", "missing_strong"}
    hits = [c for c in matcher.find(fold(text)) if c.term in forms]
    assert not [c for c in hits if c.category in gated], hits


def test_digits_next_to_english_words_are_still_no_boundary() -> None:
    assert not [c for c in default_matcher().find(fold("intel core i7 and 3me")) if c.term in ("i", "me")]


@pytest.mark.thirdparty
@pytest.mark.parametrize("name", ["reddit_chat.jsonl", "tweeteval_tweets.jsonl"])
def test_pinyin_forms_rarely_fire_on_real_english_text(name: str) -> None:
    path = REAL_TEXT / name
    if not path.is_file():
        pytest.skip("../shared/data/real-text is not beside this checkout")
    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    lexicon = load_lexicon()
    with_forms, without = CueMatcher(lexicon), CueMatcher(lexicon, derived=False)
    gained = 0
    for text in texts:
        folded = fold(text)
        new = {(c.start, c.category) for c in with_forms.find(folded)}
        if new - {(c.start, c.category) for c in without.find(folded)}:
            gained += 1
    assert gained / len(texts) < 0.001, gained  # measured: 0 of 4,000 and 1 of 6,000 ("CASUAL-ly")


# --- 6. numerals ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("叁万伍仟", 35000), ("贰拾万", 200000), ("壹佰万", 1000000), ("捌萬", 80000), ("3萬", 30000),
        ("三萬五千", 35000), ("两万", 20000), ("一〇〇〇〇", 10000), ("二○二三", 2023), ("廿五", 25),
        ("廿万", 200000), ("卅万", 300000), ("３万", 30000),
    ],
)  # fmt: skip
def test_financial_and_variant_numerals_parse_after_fold(numeral: str, value: int) -> None:
    folded = fold(numeral)
    assert len(folded) == len(numeral)
    assert parse_number(folded) == (value, value)


def test_fold_leaves_chinese_numerals_as_they_are() -> None:
    assert fold("壹贰叁肆伍陆柒捌玖拾佰仟萬〇两廿") == "壹贰叁肆伍陆柒捌玖拾佰仟万〇两廿"


@pytest.mark.parametrize(
    ("text", "amount"),
    [("营养费叁万伍仟，男宝", 35000), ("營養費叁萬", 30000), ("营养费３万", 30000), ("营养费💰3万", 30000)],
)
def test_prices_in_disguised_numerals_are_read(text: str, amount: int) -> None:
    prices = extract_prices(fold(text), english=False)
    assert [p.amount for p in prices] == [amount]
    start, end = prices[0].span or (0, 0)
    assert re.search(r"[3３叁]", text[start:end])


def test_unicode_names_of_the_emoji_we_map() -> None:
    names = {unicodedata.name(e) for e in EMOJI}
    assert {"BABY", "BABY BOTTLE", "PREGNANT WOMAN", "CHILD", "BOY", "GIRL", "MONEY BAG"} <= names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("baby for s@le, $16,000", "baby for sale, $16,000"),
        ("b0y 3 months, pr1ce 5000", "boy 3 months, price 5000"),
        ("ca$h only", "cash only"),
    ],
)
def test_leetspeak_words_are_read_as_letters_in_place(text: str, expected: str) -> None:
    assert unleet(fold(text)) == expected


def test_numbers_units_and_plain_text_are_not_leetspeak() -> None:
    assert unleet(fold("30k 4g 2nd, 3万, qq 12345678")) is None
    assert unleet(fold("nothing to read here")) is None


def test_a_leetspeak_offer_has_the_cues_of_the_plain_one() -> None:
    analyser = Analyser()
    plain = analyser.examine("newborn boy for adoption, $5000")
    leet = analyser.examine("newb0rn b0y f0r ad0pti0n, $5000")
    assert plain is not None and leet is not None
    assert {c.category for c in leet.cues} >= {c.category for c in plain.cues} - {"address"}


def test_abbreviated_words_give_the_speech_acts_of_the_words_they_stand_for() -> None:
    # "doctor said it is a girl" tells the child's sex and is no report; with the girl written grl the
    # speech acts must still be read from the words written out, not from the letters around them
    analyser = Analyser()
    plain = analyser.examine("Doctor said it is a girl. I can handover baby after a week")
    short = analyser.examine("Doctor said it is a grl. I can handover bby after a week")
    assert plain is not None and short is not None
    assert {c.category for c in short.cues} == {c.category for c in plain.cues}
    assert not {"reporting_style", "care_question"} & {c.category for c in short.cues}


def test_buy_spelled_as_it_sounds_is_read_as_buy() -> None:
    analyser = Analyser()
    found = analyser.examine("Is it true that we can bui a bby from you?")
    assert found is not None
    assert ("seek", "bui") in {(c.category, found.folded[c.start : c.end]) for c in found.cues}


def test_pinyin_notes_after_each_character_are_read_past() -> None:
    # some sites print the pinyin after each character: 領(lǐng)養(yǎng) must still be 领养, and the
    # evidence must still point at what the page shows
    analyser = Analyser()
    text = "自己都養(yǎng)不活,求求好心人領(lǐng)養(yǎng)他"
    examined = analyser.examine(text)
    assert examined is not None and examined.reading is not None
    assert "领养他" in examined.reading and "(" not in examined.reading
    found = [(c.category, text[c.start : c.end]) for c in examined.cues]
    assert ("standalone", "領(lǐng)養") in found
    assert "home_for_child" in {c.category for c in examined.cues}
    # a word of the post in brackets is no pinyin note
    assert squeeze(fold("苹果(apple)很好吃")) is None
