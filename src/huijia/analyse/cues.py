"""Every lexicon term found in a folded text, in one pass of an Aho–Corasick automaton (pyahocorasick).

Terms that begin or end with a Latin letter or digit match only at word boundaries, so "son" is not found
in "reason" nor "ivf" in "ivfx"; an English term written with a trailing `*` matches any word ending.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import ahocorasick

from huijia.lexicon import Lexicon, load_lexicon
from huijia.text.fold import fold


@dataclass(frozen=True, slots=True)
class Cue:
    """A lexicon term at `start:end` of the text; `category` is the lexicon category."""

    start: int
    end: int
    category: str
    kind: str
    term: str


def _word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


class CueMatcher:
    """All cue terms of a lexicon compiled into one automaton."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        entries: dict[str, list[tuple[str, str, bool]]] = {}
        for categories in lexicon.categories.values():
            for category in categories:
                for raw in category.terms:
                    wildcard = raw.endswith("*")
                    term = fold(raw.rstrip("*")).strip()
                    if term:
                        entries.setdefault(term, []).append((category.name, category.kind, wildcard))
        automaton: Any = ahocorasick.Automaton()
        for term, values in entries.items():
            automaton.add_word(term, (term, tuple(values)))
        automaton.make_automaton()
        self._automaton = automaton

    def find(self, folded: str) -> list[Cue]:
        """Cues in `folded` (the output of `fold`), in order of their end position."""
        found: list[Cue] = []
        size = len(folded)
        for last, (term, values) in self._automaton.iter(folded):
            start = last - len(term) + 1
            end = last + 1
            if _word_char(term[0]) and start > 0 and _word_char(folded[start - 1]):
                continue
            open_end = end < size and _word_char(term[-1]) and _word_char(folded[end])
            for category, kind, wildcard in values:
                stop = end
                if open_end:
                    if not wildcard:
                        continue
                    while stop < size and _word_char(folded[stop]):
                        stop += 1
                found.append(Cue(start, stop, category, kind, term))
        return found


@lru_cache(maxsize=1)
def default_matcher() -> CueMatcher:
    return CueMatcher(load_lexicon())
