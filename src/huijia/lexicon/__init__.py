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
    # a giving verb whose recipient follows it (送给, and the terms that begin with it: 送给我): a child there
    # is given something, not given away (这本书送给我女儿, 送给孩子的礼物; `analyse.goods_object`)
    to_child_verbs: tuple[str, ...] = ()
    to_children: tuple[str, ...] = ()  # a child named by kinship (女儿, 儿子): after the verb or a filler
    to_child_fillers: tuple[str, ...] = ()  # words before such a child (我, 我的, 宝贝), two at most
    to_children_owned: tuple[str, ...] = ()  # a child named generically (孩子, 宝宝): only after an owner
    to_child_owners: tuple[str, ...] = ()  # (我的, 我家) or before 的 (送给孩子的礼物), for 送给我宝宝 asks
    to_child_raising: tuple[str, ...] = ()  # after the child: it is to raise one (送给我女儿养, 当儿子)
    to_child_wanted_counts: tuple[str, ...] = ()  # after the child, before a child wanted for it:
    to_child_wanted: tuple[str, ...] = ()  # 送给我儿子一个弟弟 asks for a brother


@dataclass(frozen=True, slots=True)
class Lexicon:
    version: str
    categories: dict[str, tuple[Category, ...]]  # language → categories
    goods_objects: dict[str, GoodsObject] = field(default_factory=dict)  # language → its goods words

    def terms(self, category: str) -> list[str]:
        return [t for cats in self.categories.values() for c in cats if c.name == category for t in c.terms]


GOODS_OBJECT = "goods_object"  # the one table of a lexicon file with lists other than `terms`


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
