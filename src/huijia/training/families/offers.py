"""Families of sale offers: a parent (or someone for them) offering a child, in Chinese and English."""

from __future__ import annotations

import random

from huijia.training import slots as s
from huijia.training.families.parts import _child, _contact, _join, _price, _stated, _stated_price
from huijia.training.generate import Facts, family

MONTHS_EN = ["January", "March", "May", "June", "August", "October", "December"]


@family("offer_story", "sale_offer")
def _offer_story(r: random.Random) -> tuple[str, Facts]:
    child, gender = _child(r)
    age = r.choice(s.AGE)[0]
    price, pf = _price(r)
    parts = [r.choice(s.STORY), f"{age}{child}", r.choice(["身体健康", "很健康", "", "白白胖胖"]),
             f"{r.choice(s.FEE)}{price}", r.choice(s.PRIVATE), _contact(r)]  # fmt: skip
    if r.random() < 0.3:
        parts.insert(0, f"本人{r.choice(s.PLACES)}的")
    return _join(r, parts), {"price": pf, "gender": gender}


@family("offer_short", "sale_offer")
def _offer_short(r: random.Random) -> tuple[str, Facts]:
    child, gender = _child(r)
    age = r.choice(s.AGE)[0]
    place = r.choice(s.PLACES)
    text = r.choice([
        f"送养{child}", f"{child}送养，{age}", f"{place}送{child}", f"有偿送养{age}{child}",
        f"{age}{child}找个好人家", f"{place}{age}{child}送有缘人", f"{child}{age}，{r.choice(s.PRIVATE)}",
        f"急送{child}", f"{age}的{child}想送人", f"{place}S{child}",
    ])  # fmt: skip
    return text, {"price": None, "gender": gender}


@family("offer_pregnant", "sale_offer")
def _offer_pregnant(r: random.Random) -> tuple[str, Facts]:
    preg = r.choice(s.PREGNANCY)[0]
    price, pf = _price(r)
    with_price = r.random() < 0.6
    sex = r.choice([("男女未知", None), ("B超是男孩", "male"), ("是女孩", "female"), ("", None)])
    plan = r.choice(["生下来就送", "预产期十月", "可以先订", "生了就送", "想找人领养", "找个好人家", "待产"])
    parts = [f"本人{preg}", sex[0], plan, f"{r.choice(s.FEE)}{price}" if with_price else "",
             r.choice(s.PLACES), r.choice(s.PRIVATE)]  # fmt: skip
    return _join(r, parts), {"price": pf if with_price else None, "gender": sex[1]}


@family("offer_first_person", "sale_offer")
def _offer_first_person(r: random.Random) -> tuple[str, Facts]:
    child, gender = _child(r)
    age = r.choice(s.AGE)[0]
    price, pf = _price(r)
    text = (
        f"我是{r.choice(s.PLACES)}的，{age}的{child}，{r.choice(s.STORY)}，"
        f"想给孩子找个好人家，{r.choice(s.FEE)}{price}就行，{r.choice(s.DISCLAIMER)}"
    )
    return text, {"price": pf, "gender": gender}


@family("offer_nickname", "sale_offer")
def _offer_nickname(r: random.Random) -> tuple[str, Facts]:
    child, gender = _child(r)
    price, pf = _price(r)
    with_price = r.random() < 0.5
    text = f"【{r.choice(s.PLACES)}送{child}】{r.choice(s.AGE)[0]}，{r.choice(['健康', '顺产', '足月'])}" + (
        f"，{price}" if with_price else ""
    )
    return text, {"price": pf if with_price else None, "gender": gender}


@family("offer_en", "sale_offer")
def _offer_en(r: random.Random) -> tuple[str, Facts]:
    child, gender = r.choice(s.CHILD_EN)
    age = r.choice(s.AGE_EN)[0]
    price, amount, currency = r.choice(s.PRICE_EN)
    pf = {"amount": amount, "amount_max": None, "currency": currency}
    text = r.choice([
        f"I am a {r.randint(17, 35)}-year-old with a {age} {child}. Anyone willing to give me {price}, "
        f"the {child} will be yours.",
        f"Selling my {age} {child}, {price}, DM me",
        f"{child.capitalize()} for adoption, {age}, nutrition fee {price}, contact on WeChat",
        f"Giving up my {age} {child} because {r.choice(s.REASON_EN)}. Looking for a good family, {price}",
        f"{child.capitalize()}, {price}",
    ])  # fmt: skip
    return text, {"price": pf, "gender": gender}


@family("offer_en_pregnant", "sale_offer")
def _offer_en_pregnant(r: random.Random) -> tuple[str, Facts]:
    price, amount, currency = r.choice(s.PRICE_EN)
    text = (
        f"I am {r.choice(['five', 'six', 'seven', '8'])} months pregnant and {r.choice(s.REASON_EN)}. "
        f"Looking for a family to take the baby once born, {price} for the hospital costs"
    )
    return text, {"price": {"amount": amount, "amount_max": None, "currency": currency}, "gender": None}


@family("offer_comment", "sale_offer")
def _offer_comment(r: random.Random) -> tuple[str, Facts]:
    child, gender = _child(r)
    text = r.choice([
        f"我有一个{r.choice(['刚出生的', '两个月的', '满月的', ''])}{child}想送人",
        f"我家有个{r.choice(s.AGE)[0]}的{child}，有人要吗",
        f"谁要{child}，刚生的",
        f"有需要{child}的吗，{r.choice(s.PRIVATE)}",
        f"我的{child}想找个好人家",
        f"{child}送有缘人，{r.choice(s.PLACES)}",
        f"生了个{child}，养不起，想送出去",
        f"有没有人要{child}，{r.choice(s.AGE)[0]}，免费送",
        f"{child}白送，只要对孩子好",
    ])  # fmt: skip
    return text, {"price": None, "gender": _stated(text, child, gender)}


@family("offer_long_story", "sale_offer")
def _offer_long_story(r: random.Random) -> tuple[str, Facts]:
    child, gender = _child(r)
    price, pf = _price(r)
    with_price = r.random() < 0.5
    text = (
        f"本人今年{r.randint(17, 32)}岁，{r.choice(['去年和男朋友在一起', '和老公离婚了', '家里出了变故', '一个人在外打工'])}，"
        f"现在孩子{r.choice(s.AGE)[0]}了，是个{child}，{r.choice(['实在没有能力抚养', '家里不同意留下', '自己还要上班带不了'])}，"
        f"希望找一个有爱心的家庭，"
        + (f"只要{r.choice(s.FEE)}{price}" if with_price else "不要钱也行，只要对孩子好")
    )
    return text, {"price": pf if with_price else None, "gender": gender}


@family("offer_twins", "sale_offer")
def _offer_twins(r: random.Random) -> tuple[str, Facts]:
    price, pf = _price(r)
    text = r.choice([
        f"双胞胎{r.choice(['女儿', '儿子', '宝宝'])}送养，一个{price}",
        f"龙凤胎{r.choice(s.AGE)[0]}，可以分开送，{r.choice(s.FEE)}{price}",
    ])  # fmt: skip
    return text, {"price": pf, "gender": None}


@family("offer_proof", "sale_offer")
def _offer_proof(r: random.Random) -> tuple[str, Facts]:
    child, gender = _child(r)
    price, pf = _price(r)
    text = _join(r, [f"{r.choice(s.AGE)[0]}{child}", r.choice(["有B超单", "可以视频看宝宝", "有出生证", "有照片"]),
                     f"{r.choice(s.FEE)}{price}", r.choice(s.DISCLAIMER)])  # fmt: skip
    return text, {"price": pf, "gender": gender}


@family("offer_en_short", "sale_offer")
def _offer_en_short(r: random.Random) -> tuple[str, Facts]:
    child, gender = r.choice(s.CHILD_EN)
    price, amount, currency = r.choice(s.PRICE_EN)
    with_price = r.random() < 0.5
    text = r.choice([
        f"{child.capitalize()} for sale" + (f", {price}" if with_price else ""),
        f"Have a {child} to give away for a fee" + (f" of {price}" if with_price else ""),
        f"giving away my {child}, need money" + (f", {price}" if with_price else ""),
        f"My {child} needs a new home, I can't keep" + (f", {price} for my expenses" if with_price else " it"),
    ])  # fmt: skip
    pf = {"amount": amount, "amount_max": None, "currency": currency} if with_price else None
    return text, {"price": pf, "gender": gender}


@family("offer_en_translated", "sale_offer")
def _offer_en_translated(r: random.Random) -> tuple[str, Facts]:
    child, gender = r.choice(s.CHILD_EN)
    price, amount, currency = r.choice(s.PRICE_EN)
    with_price = r.random() < 0.6
    text = r.choice([
        f"Healthy {child}, {r.choice(s.AGE_EN)[0]}, nutrition fee {price}, serious inquiries only",
        f"Unmarried and pregnant, due in {r.choice(['March', 'July', 'October'])}, looking for a family, compensation negotiable",
        f"{child.capitalize()} born {r.randint(3, 20)} days ago, looking for a kind family" + (f", {price}" if with_price else ", contact via QQ"),
        f"Paid adoption: {child}, {r.choice(s.AGE_EN)[0]}" + (f", {price}" if with_price else ""),
    ])  # fmt: skip
    return text, {
        "price": _stated_price(text, price, amount, currency),
        "gender": _stated(text, child, gender),
    }


@family("mixed_language", "sale_offer")
def _mixed_language(r: random.Random) -> tuple[str, Facts]:
    child, gender = _child(r)
    price, pf = _price(r)
    text = r.choice([
        f"{child} for adoption，{r.choice(s.AGE)[0]}，{price}",
        f"出售 baby {r.choice(['boy', 'girl'])}，{price}，DM",
        f"送养{child} pls DM，{r.choice(s.FEE)}{price}",
    ])  # fmt: skip
    stated_gender = (
        gender if child in text else ("male" if "boy" in text else "female" if "girl" in text else None)
    )
    return text, {"price": pf, "gender": stated_gender}


@family("offer_requirements", "sale_offer")
def _offer_requirements(r: random.Random) -> tuple[str, Facts]:
    child, gender = _child(r)
    text = r.choice([
        f"孩子出生{r.choice(['十五天', '一个月', '20天'])}，因家庭原因送养，要求对方家庭条件好",
        f"想给{child}找个好家庭，要求对方无不良嗜好，{r.choice(s.PRIVATE)}",
        f"{child}{r.choice(s.AGE)[0]}，对方条件好的优先，{r.choice(s.FEE)}面议",
        f"Healthy {r.choice(s.CHILD_EN)[0]}, looking for adoptive parents, serious buyers message me",
        f"{r.choice(s.CHILD_EN)[0].capitalize()} needs a new family, a loving family only",
    ])  # fmt: skip
    return text, {"price": None, "gender": _stated(text, child, gender)}


@family("offer_spoken", "sale_offer")
def _offer_spoken(r: random.Random) -> tuple[str, Facts]:
    """Short offers as people say them: no price, no trade words, a child who needs a home."""
    child, gender = _child(r)
    text = r.choice([
        f"{r.choice(s.STORY)}，想给{child}找个{r.choice(['好', '安稳的', '条件好的', '靠谱的'])}家",
        f"{r.choice(s.AGE)[0]}{child}不想要了，有要的吗",
        f"我家{child}{r.choice(s.AGE)[0]}，{r.choice(s.STORY)}，谁能养",
        f"送养一个{child}",
        f"有没有人想要{child}的，{r.choice(s.AGE)[0]}，{r.choice(s.PRIVATE)}",
        f"{child}，{r.choice(s.AGE)[0]}，是我亲生的，{r.choice(s.STORY)}",
    ])  # fmt: skip
    return text, {"price": None, "gender": _stated(text, child, gender)}


@family("offer_en_spoken", "sale_offer")
def _offer_en_spoken(r: random.Random) -> tuple[str, Facts]:
    """Spoken English offers: a due date and the child's sex, a parent who cannot raise the child."""
    sex, gender = r.choice([("a boy", "male"), ("a girl", "female"), ("twins", None), ("", None)])
    due = (
        f"due in {r.choice(MONTHS_EN)}"
        if r.random() < 0.5
        else f"due {r.choice(['next month', 'in 3 weeks', 'any day now'])}"
    )
    text = r.choice([
        f"I'm {due}, it's {sex}, can't keep it. Anyone want to adopt? DM me" if sex else f"I'm {due} and can't keep the baby, anyone interested DM me",
        f"I have a {r.choice(s.AGE_EN)[0]} and I can't take care of {r.choice(['him', 'her'])} anymore. Looking for someone to take {r.choice(['him', 'her'])}, message me",
        f"Anyone want a baby? {r.choice(s.REASON_EN).capitalize()}. Inbox me",
        f"Pregnant with {sex or 'my third'} and giving the baby up, {due}, contact me privately",
        "If anyone wants him, come get him, he's two weeks old",
    ])  # fmt: skip
    return text, {"price": None, "gender": _stated(text, sex, gender) if sex else None}


@family("offer_en_plea", "sale_offer")
def _offer_en_plea(r: random.Random) -> tuple[str, Facts]:
    """A parent asking the reader outright to buy or take a child, with the hardship behind it, as parents
    quoted by the press speak (no platform words, often no price)."""
    child, gender = r.choice(s.CHILD_EN)
    price, amount, currency = r.choice(s.PRICE_EN)
    hardship = r.choice([
        "my husband is sick and there is no money for the hospital", "we have had nothing to eat for days",
        "the landlord is throwing us out", "I cannot feed the others", "the debts are too much for us",
    ])  # fmt: skip
    text = r.choice([
        f"Please buy my {child}. {hardship.capitalize()}.",
        f"Who will buy my {child}? {hardship.capitalize()}, I have nothing left to sell.",
        f"I am ready to give my {child} to anyone who pays {price}, {hardship}.",
        f"Take my {child} and give me {price}. {hardship.capitalize()}.",
        f"If someone pays the hospital bill they can have the {child}. {hardship.capitalize()}.",
        f"I have to sell my {child}, {hardship}. Anyone who can pay {price}, come to me.",
    ])  # fmt: skip
    return text, {
        "price": _stated_price(text, price, amount, currency),
        "gender": _stated(text, child, gender),
    }
