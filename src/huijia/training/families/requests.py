"""Families of purchase requests: people seeking a child, asking for a gender, a price, a due date."""

from __future__ import annotations

import random

from huijia.training import slots as s
from huijia.training.families.parts import _child, _contact, _join, _price, _stated, _stated_price
from huijia.training.generate import Facts, family


@family("seek_want", "purchase_request")
def _seek_want(r: random.Random) -> tuple[str, Facts]:
    child, gender = _child(r)
    price, pf = _price(r)
    with_price = r.random() < 0.5
    parts = [f"{r.choice(s.PLACES)}{r.choice(s.SEEK)}{child}", r.choice(["三个月以内", "刚出生的", "一岁以内", ""]),
             f"{r.choice(['营养费', '感谢费', '价格', '补偿'])}{price}" if with_price else r.choice(["价格好说", "价格可谈", ""]),
             _contact(r)]  # fmt: skip
    return _join(r, parts), {"price": pf if with_price else None, "gender": gender}


@family("seek_short", "purchase_request")
def _seek_short(r: random.Random) -> tuple[str, Facts]:
    child, gender = _child(r)
    text = r.choice([
        f"求{child}", f"有送养{child}的吗", "考虑送养吗", f"想领养一个{child}，价格好说", f"收{child}，私聊",
        f"{r.choice(s.PLACES)}求{child}", f"蹲一个{child}", "有没有宝妈送养的，诚心领养", f"谁有{child}送养",
        f"诚心求一个{child}，私我",
    ])  # fmt: skip
    return text, {"price": None, "gender": _stated(text, child, gender)}


@family("seek_story", "purchase_request")
def _seek_story(r: random.Random) -> tuple[str, Facts]:
    child, gender = _child(r)
    price, pf = _price(r)
    with_price = r.random() < 0.5
    text = (
        f"结婚{r.randint(3, 12)}年一直没有孩子，想抱养一个{r.choice(['刚出生', '三个月以内', '一岁以内'])}的{child}，"
        f"{r.choice(s.PLACES)}附近优先，{r.choice(s.BUYER_PROMISE)}"
        + (f"，{r.choice(s.FEE)}{price}" if with_price else "")
    )
    return text, {"price": pf if with_price else None, "gender": gender}


@family("seek_en", "purchase_request")
def _seek_en(r: random.Random) -> tuple[str, Facts]:
    child, gender = r.choice(s.CHILD_EN)
    price, amount, currency = r.choice(s.PRICE_EN)
    with_price = r.random() < 0.6
    text = r.choice([
        f"Looking to adopt a {child}, will pay {price}" if with_price else f"Looking to adopt a {child} asap",
        f"Wanted: {child}, under {r.randint(2, 6)} months, can pay well",
        f"We are a childless couple and want to buy a newborn, {price} ready" if with_price
        else "We are a childless couple and want to buy a newborn",
        f"Anyone giving away a {child}? We can pay {price}" if with_price else f"Anyone giving away a {child}?",
    ])  # fmt: skip
    return text, {
        "price": _stated_price(text, price, amount, currency),
        "gender": _stated(text, child, gender),
    }


@family("seek_comment", "purchase_request")
def _seek_comment(r: random.Random) -> tuple[str, Facts]:
    child, gender = _child(r)
    text = r.choice([
        f"想要一个{child}，有的联系我", f"求一个刚出生的{child}，有意的宝妈私信", f"我们家想抱养个{child}",
        f"有没有要送{child}的，我们要", f"{r.choice(s.PLACES)}有送养的宝妈吗", "有意送养的宝妈加我",
        f"我想领养一个{child}，哪位宝妈有意向",
    ])  # fmt: skip
    return text, {"price": None, "gender": _stated(text, child, gender)}


@family("seek_conditions", "purchase_request")
def _seek_conditions(r: random.Random) -> tuple[str, Facts]:
    child, gender = _child(r)
    text = (
        f"求领养健康{child}，年龄{r.choice(['三个月以内', '半岁以内', '刚出生'])}，要求：父母身体健康，无遗传病，"
        f"{r.choice(['可以办出生证', '能上户口最好', '需要有出生证明'])}，{_contact(r) or '私聊'}"
    )
    return text, {"price": None, "gender": gender}


@family("seek_bid", "purchase_request")
def _seek_bid(r: random.Random) -> tuple[str, Facts]:
    child, gender = _child(r)
    price, pf = _price(r)
    text = r.choice(
        [f"出价{price}收一个{child}", f"{price}求{child}，{r.choice(s.PLACES)}", f"愿意出{price}领养{child}"]
    )
    return text, {"price": pf, "gender": gender}


@family("seek_en_story", "purchase_request")
def _seek_en_story(r: random.Random) -> tuple[str, Facts]:
    text = r.choice([
        "My wife can't have children, we are looking for a newborn, willing to pay the mother's hospital bills",
        "Childless couple seeking a baby boy, we can pay well and no questions asked",
        "Does anyone know a pregnant girl who does not want her baby? We will take it and pay",
        "We have been waiting for years, please contact us if you have a baby to give",
    ])  # fmt: skip
    return text, {"price": None, "gender": None}


@family("seek_en_translated", "purchase_request")
def _seek_en_translated(r: random.Random) -> tuple[str, Facts]:
    child, gender = r.choice(s.CHILD_EN)
    text = r.choice([
        f"Seeking a {child} under six months, {r.choice(s.PLACES_EN)} preferred, price negotiable",
        f"Sincerely want to adopt a healthy {child}, can pay the nutrition fee",
        f"Urgently need a {child}, will pay well, message me",
        "Anyone willing to give up a newborn? We pay cash",
    ])  # fmt: skip
    return text, {"price": None, "gender": _stated(text, child, gender)}


@family("seek_reply", "purchase_request")
def _seek_reply(r: random.Random) -> tuple[str, Facts]:
    child, gender = _child(r)
    child_en, gender_en = r.choice(s.CHILD_EN)
    text = r.choice([
        f"我要{child}", f"有{child}吗", f"{child}还在吗", f"还有{child}吗", f"这个{child}送给我吧",
        f"Is the {child_en} still available?", f"How much for the {child_en}?", f"I'll take the {child_en}",
        f"Interested in adopting the {child_en}, DM me",
    ])  # fmt: skip
    gender_stated = _stated(text, child, gender) or _stated(text, child_en, gender_en)
    return text, {"price": None, "gender": gender_stated}


@family("seek_unborn", "purchase_request")
def _seek_unborn(r: random.Random) -> tuple[str, Facts]:
    month = r.choice(["这个月", "下个月", "五月", "十月", "年底"])
    text = r.choice([
        f"有没有预产期在{month}的宝妈，我想领养",
        f"求一个快生的，预产期{month}左右，{r.choice(s.PLACES)}附近，诚心",
        f"诚心求未出生的宝宝，男女都行，{r.choice(s.BUYER_PROMISE)}",
        f"Anyone due in {r.choice(['May', 'June', 'October'])} who wants to give the baby up? We will adopt and pay the hospital",
    ])  # fmt: skip
    return text, {"price": None, "gender": None}


@family("seek_en_spoken", "purchase_request")
def _seek_en_spoken(r: random.Random) -> tuple[str, Facts]:
    """A buyer's spoken questions to a seller or a middleman: the price, the sex, whether the child is theirs
    once paid."""
    child, gender = r.choice(s.CHILD_EN)
    price, amount, currency = r.choice(s.PRICE_EN)
    a = "an" if child[0] in "aeiou" else "a"
    text = r.choice([
        f"How much for {a} {child}? We can pay {price}.",
        f"If I pay {price}, is the {child} mine for good?",
        f"Can we buy {a} {child} from you? We want one under three months.",
        f"We are willing to pay {price} for a healthy {child}, no questions asked.",
        f"Is it true you can get us {a} {child}? What does it cost?",
    ])  # fmt: skip
    return text, {
        "price": _stated_price(text, price, amount, currency),
        "gender": _stated(text, child, gender),
    }
