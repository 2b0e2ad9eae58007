"""The cue vocabulary as versioned data files (zh.toml, en.toml, VERSION), read once."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

LANGUAGES = ("zh", "en")


@dataclass(frozen=True, slots=True)
class Category:
    """A named group of cue terms and the evidence kind its matches are shown as."""

    name: str
    kind: str
    terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Lexicon:
    version: str
    categories: dict[str, tuple[Category, ...]]  # language → categories

    def terms(self, category: str) -> list[str]:
        return [t for cats in self.categories.values() for c in cats if c.name == category for t in c.terms]


class LexiconError(ValueError):
    """A lexicon file that does not have the expected shape."""


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    base = resources.files(__package__)
    version = base.joinpath("VERSION").read_text(encoding="utf-8").strip()
    categories: dict[str, tuple[Category, ...]] = {}
    for language in LANGUAGES:
        name = f"{language}.toml"
        data = tomllib.loads(base.joinpath(name).read_text(encoding="utf-8"))
        cats: list[Category] = []
        for cat_name, body in data.items():
            if not isinstance(body, dict) or not isinstance(body.get("terms"), list):
                raise LexiconError(f"{name}: [{cat_name}] needs a `terms` list")
            terms = tuple(str(t).strip() for t in body["terms"] if str(t).strip())
            cats.append(Category(cat_name, str(body.get("kind", "indicator")), terms))
        categories[language] = tuple(cats)
    return Lexicon(version, categories)
