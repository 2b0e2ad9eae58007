"""The cue vocabulary as versioned data files (zh.toml, en.toml, VERSION), read once."""

from __future__ import annotations

import tomllib
from dataclasses import MISSING, dataclass, field, fields
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
class GoodsObject:
    """The words that tell a transfer verb whose object is goods (卖房子, 把车卖了, 求一个宝宝推车, "sell the
    car", "we buy homes"): such a verb offers or seeks no child, though a child is named beside it. Not a
    cue category: it matches nothing itself, and voids the `verbs` it names (`analyse.goods_object`)."""

    verbs: tuple[str, ...]  # lexicon terms of the offer and seek categories, as the lexicon lists them
    objects: tuple[str, ...]  # goods a post sells or buys
    fillers: tuple[str, ...] = ()  # words between the verb and its object (了, 我家的, 一个; the, my, old)
    not_objects: tuple[str, ...] = ()  # words that begin with an object but name no goods (身体, 楼主, 鸡年)
    fronting: tuple[str, ...] = ()  # words that put the object before the verb (把车卖了, 将房子卖掉)
    after_fronted: tuple[str, ...] = ()  # words between a fronted object and the verb (把车给卖了)
    child_fillers: tuple[str, ...] = ()  # a child word naming whom goods are for (宝宝推车), before these:
    child_goods: tuple[str, ...] = ()  # goods a child word may name the owner of (推车, 衣服, 手机)
    joining: tuple[str, ...] = ()  # words that join a child right after the goods ("my car and my newborn")


@dataclass(frozen=True, slots=True)
class Lexicon:
    version: str
    categories: dict[str, tuple[Category, ...]]  # language → categories
    goods_objects: dict[str, GoodsObject] = field(default_factory=dict)  # language → its goods words

    def terms(self, category: str) -> list[str]:
        return [t for cats in self.categories.values() for c in cats if c.name == category for t in c.terms]


GOODS_OBJECT = "goods_object"  # the one table of a lexicon file that is no cue category


class LexiconError(ValueError):
    """A lexicon file that does not have the expected shape."""


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    base = resources.files(__package__)
    version = base.joinpath("VERSION").read_text(encoding="utf-8").strip()
    categories: dict[str, tuple[Category, ...]] = {}
    goods_objects: dict[str, GoodsObject] = {}
    for language in LANGUAGES:
        name = f"{language}.toml"
        data = tomllib.loads(base.joinpath(name).read_text(encoding="utf-8"))
        cats: list[Category] = []
        for cat_name, body in data.items():
            if cat_name == GOODS_OBJECT:
                goods_objects[language] = _goods_object(name, body)
                continue
            if not isinstance(body, dict) or not isinstance(body.get("terms"), list):
                raise LexiconError(f"{name}: [{cat_name}] needs a `terms` list")
            terms = tuple(str(t).strip() for t in body["terms"] if str(t).strip())
            cats.append(Category(cat_name, str(body.get("kind", "indicator")), terms))
        categories[language] = tuple(cats)
    return Lexicon(version, categories, goods_objects)


def _goods_object(name: str, body: object) -> GoodsObject:
    if not isinstance(body, dict):
        raise LexiconError(f"{name}: [{GOODS_OBJECT}] is not a table")
    lists: dict[str, tuple[str, ...]] = {}
    for key, required in ((f.name, f.default is MISSING) for f in fields(GoodsObject)):
        value = body.get(key, [])
        if not isinstance(value, list):
            raise LexiconError(f"{name}: [{GOODS_OBJECT}] `{key}` is not a list")
        if required and not value:
            raise LexiconError(f"{name}: [{GOODS_OBJECT}] needs a non-empty `{key}` list")
        lists[key] = tuple(str(t).strip() for t in value if str(t).strip())
    unknown = set(body) - set(lists)
    if unknown:
        raise LexiconError(f"{name}: [{GOODS_OBJECT}] has no field {', '.join(sorted(unknown))}")
    return GoodsObject(**lists)
