"""Sale and purchase verbs whose object is goods, from the lexicon's `[goods_object]` tables.

A post that sells or buys goods for a child's sake names the child beside the verb: 儿子结婚要卖房子,
卖了房子给儿子治病, 给儿子买个手机多少钱合适, "we will sell the car so our daughter can go to college". The
verb (卖, 买个, sell) is an offer or request term of the lexicon, and with the child it opened the gate and
read as an offer of the child. Here a verb is void when its object is goods: the goods follow it, past
the words a post puts between (了, 一个, 我家的; the, my, old, a possessive), or stand before it after 把/将
(把车卖了). A child word between names whom the goods are
for only before goods a child has (宝宝推车, 孩子衣服: `child_goods`), not before a house
(想要个孩子房子车子都有). Not where a word merely begins with an object (身体健康的宝宝, 楼主, 鸡年, 羊宝宝:
`not_objects`). The word lists are lexicon data, in both languages; this module only reads them.

A giving verb whose recipient follows it (送给, and 送给我 which begins with it) gives the child
something when a child comes next (这本书送给我女儿, 送给我的宝贝女儿, 送给孩子的礼物):
`to_child_verbs`. Not where a child stands before it in the sentence, the one given (把孩子送给好人家,
男宝一个，送给我女儿), where the child is to raise one (送给我女儿养) or a child is wanted for it
(送给我儿子一个弟弟); a bare generic child word may be the one asked for (送给我宝宝).

In English a child joined right after the goods keeps the verb ("selling my car and my newborn", "I'd sell
my kidney or my baby"): `joining`. Not in Chinese, where 和 and 跟 also mean "with" and turned ordinary
talk into offers (卖了房子给儿子和女儿治病, 卖掉老家的房子跟儿子住).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from huijia.analyse.cues import Cue
from huijia.lexicon import GoodsObject, Lexicon
from huijia.text.fold import fold

TRANSFER_CATEGORIES = frozenset(("offer", "seek"))
FILLERS_MAX = 3  # words between a verb and its object: 卖了家里的房子, "sell all our old furniture"
# a possessive among the English fillers ("my son's old toys"), but not a contraction ("she's", "it's")
_POSSESSIVE = r"(?!(?:it|he|she|that|there|what|who|here|where|let)['’]s\b)[a-z]+(?:['’]s|s['’])"


@dataclass(frozen=True, slots=True)
class _Patterns:
    after: re.Pattern[str]  # matched at the verb's end
    before: re.Pattern[str] | None  # searched in the characters before the verb
    reach: int  # how far before the verb `before` looks
    joined: re.Pattern[str] | None = None  # a child joined right after the goods (English)


def _written(word: str) -> str:
    """A lexicon word as it is matched in folded text: folded, without its trailing * and spaces."""
    return fold(word.rstrip("*")).strip()


def _alternatives(words: tuple[str, ...]) -> str:
    folded = {_written(w) for w in words if w.strip("*").strip()}
    return "(?:" + "|".join(re.escape(w) for w in sorted(folded, key=len, reverse=True)) + ")"


def _patterns(table: GoodsObject, language: str, children: tuple[str, ...]) -> _Patterns:
    not_objects = f"(?!{_alternatives(table.not_objects)})" if table.not_objects else ""
    objects = not_objects + _alternatives(table.objects)
    fillers = _alternatives(table.fillers) if table.fillers else None
    goods = objects
    if table.child_fillers and table.child_goods:
        gap = r"\s+" if language == "en" else ""  # "our baby high chair": words apart in English, 宝宝推车
        child_goods = _alternatives(table.child_goods)
        goods = f"(?:{_alternatives(table.child_fillers)}{gap}{not_objects}{child_goods}|{objects})"
    if language == "en":
        filler = rf"(?:{fillers}|{_POSSESSIVE})" if fillers else _POSSESSIVE
        after = re.compile(rf"\s+(?:{filler}\s+){{0,{FILLERS_MAX}}}{goods}(?![\w-])")
        joined = None
        if table.joining and children:
            joined = re.compile(
                rf"\s*,?\s*{_alternatives(table.joining)}\s+(?:{filler}\s+){{0,{FILLERS_MAX}}}(?:[\w-]+\s+)?"
                rf"{_alternatives(children)}(?![\w-])(?!['’]|\s+{objects}(?![\w-]))"
            )
        return _Patterns(after, None, 0, joined)
    filler = f"(?:{fillers})" if fillers else "(?!)"
    after = re.compile(rf"{filler}{{0,{FILLERS_MAX}}}{goods}")
    before = None
    reach = 0
    if table.fronting:
        then = f"(?:{_alternatives(table.after_fronted)})?" if table.after_fronted else ""
        before = re.compile(rf"{_alternatives(table.fronting)}{filler}{{0,{FILLERS_MAX}}}{goods}{then}\Z")
        words = (*table.fronting, *table.objects, *table.fillers, *table.after_fronted, *table.child_fillers)
        reach = max(len(w) for w in words) * (FILLERS_MAX + 4)
    return _Patterns(after, before, reach)


@dataclass(frozen=True, slots=True)
class _ToChild:
    after: re.Pattern[str]  # matched right after the giving verb: the child it gives to
    child: re.Pattern[str]  # a child word, looked for before the verb in its sentence


_SENTENCE_ENDS = "。!！?？;；\n"  # not ".": a decimal point (男宝2.5万送给我女儿)
SENTENCE_REACH = 200  # how far back a child before the verb is looked for, at most


def _to_child(table: GoodsObject) -> _ToChild | None:
    """What follows a giving verb whose recipient is a child: a child of kinship after up to two fillers,
    or a generic child word after an owner or before 的; and after it no word of raising one, nor a
    child wanted for it (送给我儿子一个弟弟)."""
    if not table.to_child_verbs or not (table.to_children or table.to_children_owned):
        return None
    ways = []
    if table.to_children:
        fillers = f"{_alternatives(table.to_child_fillers)}{{0,2}}" if table.to_child_fillers else ""
        ways.append(fillers + _alternatives(table.to_children))
    if table.to_children_owned:
        owned = _alternatives(table.to_children_owned)
        ways.append(f"{owned}(?=的|[^，。！？!?,]{{0,4}}礼物)")  # 送给宝宝不错的礼物: the child gets a gift
        if table.to_child_owners:
            ways.append(_alternatives(table.to_child_owners) + owned)
    not_after: list[str] = []
    if table.to_child_raising:
        not_after.append(_alternatives(table.to_child_raising))
    if table.to_child_wanted:
        counts = f"{_alternatives(table.to_child_wanted_counts)}?" if table.to_child_wanted_counts else ""
        not_after.append(counts + _alternatives(table.to_child_wanted))
    after_child = f"(?!{'|'.join(not_after)})" if not_after else ""
    children = _alternatives((*table.to_children, *table.to_children_owned))
    return _ToChild(re.compile(f"(?:{'|'.join(ways)}){after_child}"), re.compile(children))


class GoodsObjects:
    """Which offer and request cues of a text have goods for their object, or a child for the recipient
    of a gift (`voids`)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._by_verb: dict[str, _Patterns] = {}
        self._to_child: list[tuple[str, _ToChild]] = []
        for language, table in lexicon.goods_objects.items():
            to_child = _to_child(table)
            if to_child is not None:
                self._to_child += [(_written(verb), to_child) for verb in table.to_child_verbs]
            children = tuple(
                term
                for category in lexicon.categories.get(language, ())
                if category.name == "child"
                for term in category.terms
            )
            patterns = _patterns(table, language, children)
            for verb in table.verbs:
                self._by_verb[_written(verb)] = patterns

    def _gives_to_a_child(self, cue: Cue, folded: str) -> bool:
        """Whether a giving verb (送给) starts inside `cue` (送给, 送给我, and 要送 in
        我要送给我亲爱的儿子) and its recipient is a child, and no child stands before the cue in its
        sentence (up to `SENTENCE_REACH` characters back) to be the one given."""
        for verb, to_child in self._to_child:
            at = folded.find(verb, cue.start, cue.end + len(verb) - 1)
            if at < 0 or to_child.after.match(folded, at + len(verb)) is None:
                continue
            reach = max(0, cue.start - SENTENCE_REACH)
            start = max(reach, *(folded.rfind(mark, reach, cue.start) + 1 for mark in _SENTENCE_ENDS))
            return to_child.child.search(folded, start, cue.start) is None
        return False

    def voids(self, cue: Cue, folded: str) -> bool:
        """Whether `cue`, an offer or request term of the lexicon in `folded`, sells or buys goods, or gives
        a child something."""
        if cue.category not in TRANSFER_CATEGORIES:
            return False
        if self._gives_to_a_child(cue, folded):
            return True
        patterns = self._by_verb.get(cue.term)
        if patterns is None:
            return False
        found = patterns.after.match(folded, cue.end)
        if found is not None:
            return patterns.joined is None or patterns.joined.match(folded, found.end()) is None
        before = patterns.before
        return (
            before is not None
            and before.search(folded, max(0, cue.start - patterns.reach), cue.start) is not None
        )
