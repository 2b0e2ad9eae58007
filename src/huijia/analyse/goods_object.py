"""Sale and purchase verbs whose object is goods, from the lexicon's `[goods_object]` tables.

A post that sells or buys goods for a child's sake names the child beside the verb: 儿子结婚要卖房子,
卖了房子给儿子治病, 给儿子买个手机多少钱合适, "we will sell the car so our daughter can go to college". The
verb (卖, 买个, sell) is an offer or request term of the lexicon, and with the child it opened the gate and
read as an offer of the child. Here a verb is void when its object is goods: the goods follow it, past
the words a post puts between (了, 一个, 我家的, a child word naming whom the goods are for; the, my, old, a
possessive), or stand before it after 把/将 (把车卖了). The word lists are lexicon data, in both languages;
this module only reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from huijia.analyse.cues import Cue
from huijia.lexicon import GoodsObject, Lexicon
from huijia.text.fold import fold

TRANSFER_CATEGORIES = frozenset(("offer", "seek"))
FILLERS_MAX = 3  # words between a verb and its object: 卖了家里的房子, "sell all our old furniture"


@dataclass(frozen=True, slots=True)
class _Patterns:
    after: re.Pattern[str]  # matched at the verb's end
    before: re.Pattern[str] | None  # searched in the few characters before the verb
    reach: int  # how far before the verb `before` looks


def _alternatives(words: tuple[str, ...]) -> str:
    folded = sorted(
        {fold(w.rstrip("*")).strip() for w in words if w.strip("*").strip()}, key=len, reverse=True
    )
    return "(?:" + "|".join(re.escape(w) for w in folded) + ")"


def _patterns(table: GoodsObject, language: str) -> _Patterns:
    objects = _alternatives(table.objects)
    fillers = _alternatives(table.fillers) if table.fillers else None
    if language == "en":
        filler = rf"(?:{fillers}|[a-z]+'s|[a-z]+s')" if fillers else r"(?:[a-z]+'s|[a-z]+s')"
        after = re.compile(rf"\s+(?:{filler}\s+){{0,{FILLERS_MAX}}}{objects}\b")
        return _Patterns(after, None, 0)
    filler = f"(?:{fillers})" if fillers else "(?!)"
    after = re.compile(rf"{filler}{{0,{FILLERS_MAX}}}{objects}")
    before = None
    reach = 0
    if table.fronting:
        fronting = _alternatives(table.fronting)
        before = re.compile(rf"{fronting}{filler}{{0,{FILLERS_MAX}}}{objects}{filler}{{0,{FILLERS_MAX}}}$")
        reach = 16
    return _Patterns(after, before, reach)


class GoodsObjects:
    """Which offer and request cues of a text have goods for their object (`voids`)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._by_verb: dict[str, _Patterns] = {}
        for language, table in lexicon.goods_objects.items():
            patterns = _patterns(table, language)
            for verb in table.verbs:
                self._by_verb[fold(verb.rstrip("*")).strip()] = patterns

    def voids(self, cue: Cue, folded: str) -> bool:
        """Whether `cue`, an offer or request term of the lexicon in `folded`, sells or buys goods."""
        if cue.category not in TRANSFER_CATEGORIES:
            return False
        patterns = self._by_verb.get(cue.term)
        if patterns is None:
            return False
        if patterns.after.match(folded, cue.end) is not None:
            return True
        before = patterns.before
        return (
            before is not None
            and before.search(folded, max(0, cue.start - patterns.reach), cue.start) is not None
        )
