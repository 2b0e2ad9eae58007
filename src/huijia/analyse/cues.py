"""Every lexicon term found in a folded text, in one pass of an Aho–Corasick automaton (pyahocorasick).

Terms that begin or end with a Latin letter or digit match only at word boundaries, so "son" is not found
in "reason" nor "ivf" in "ivfx"; an English term written with a trailing `*` matches any word ending.
"""

from __future__ import annotations

from collections.abc import Iterator
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
    """All cue terms of a lexicon compiled into one automaton, and the terms that can open the gate into a
    second, small one: most messages have none of those, and are done after one pass that finds nothing.
    """

    def __init__(self, lexicon: Lexicon, gate_categories: frozenset[str] = frozenset()) -> None:
        self.lexicon = lexicon
        entries: dict[str, list[tuple[str, str, bool]]] = {}
        for categories in lexicon.categories.values():
            for category in categories:
                for raw in category.terms:
                    wildcard = raw.endswith("*")
                    term = fold(raw.rstrip("*")).strip()
                    if term:
                        entries.setdefault(term, []).append((category.name, category.kind, wildcard))
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
        """Cues in `folded` (the output of `fold`), in order of their end position."""
        return list(_matches(self._automaton, folded))


def _automaton(entries: dict[str, list[tuple[str, str, bool]]]) -> Any:
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
            yield Cue(start, stop, category, kind, term)


GATE_CATEGORIES = frozenset(("child", "pregnancy", "standalone", "missing_strong"))


@lru_cache(maxsize=1)
def default_matcher() -> CueMatcher:
    return CueMatcher(load_lexicon(), GATE_CATEGORIES)
