"""Families of broker posts: placements for several children, fees, documents, groups."""

from __future__ import annotations

import random

from huijia.training import slots as s
from huijia.training.families.parts import _contact, _join, _price, _stated_price
from huijia.training.generate import Facts, family


@family("broker_list", "broker")
def _broker_list(r: random.Random) -> tuple[str, Facts]:
    p1, f1 = _price(r)
    p2, _ = _price(r)
    text = (
        f"现有{r.randint(2, 6)}个宝宝，男宝{p1}，女宝{p2}，{r.choice(s.DOCS)}，有需要的{r.choice(s.PRIVATE)}"
    )
    return text, {"price": f1, "gender": None}


@family("broker_ongoing", "broker")
def _broker_ongoing(r: random.Random) -> tuple[str, Facts]:
    text = _join(r, [f"{r.choice(s.PLACES)}长期有宝宝", r.choice(["男女都有", "男宝女宝都有", "随时有"]),
                     r.choice(s.DOCS), r.choice(["保证健康", "包成功", ""]), _contact(r)])  # fmt: skip
    return text, {"price": None, "gender": None}


@family("broker_fee", "broker")
def _broker_fee(r: random.Random) -> tuple[str, Facts]:
    amount = r.choice([2000, 3000, 5000, 8000])
    text = f"帮忙介绍领养送养，成功后收辛苦费{amount}元，{r.choice(s.DOCS)}，{_contact(r) or '私聊'}"
    return text, {"price": {"amount": amount, "amount_max": None, "currency": "CNY"}, "gender": None}


@family("broker_codes", "broker")
def _broker_codes(r: random.Random) -> tuple[str, Facts]:
    p1, f1 = _price(r)
    p2, _ = _price(r)
    text = f"蓝宝{p1}，粉宝{p2}，{r.choice(s.DOCS)}，{r.choice(s.PRIVATE)}"
    return text, {"price": f1, "gender": None}


@family("broker_en", "broker")
def _broker_en(r: random.Random) -> tuple[str, Facts]:
    price, amount, currency = r.choice(s.PRICE_EN)
    text = r.choice([
        "We have babies available, boys and girls, birth certificate included. Contact our agent on WeChat",
        f"Agent: can arrange adoption of newborns, boy {price}, papers done",
        "Several babies available this month, hukou registration arranged, message me",
        f"I can find you a healthy newborn within a month, my fee is {price}, birth certificate arranged",
    ])  # fmt: skip
    return text, {"price": _stated_price(text, price, amount, currency), "gender": None}


@family("broker_matchmaker", "broker")
def _broker_matchmaker(r: random.Random) -> tuple[str, Facts]:
    text = r.choice([
        "本群专门帮助送养和领养家庭牵线，领养成功收取介绍费",
        f"我这边经常有宝妈送养，想领养的可以找我，{r.choice(['收点辛苦费', '介绍费另算', '保证成功'])}",
        f"群主可以帮忙找宝宝，男宝女宝都能找到，{r.choice(s.DOCS)}",
    ])  # fmt: skip
    return text, {"price": None, "gender": None}


@family("broker_inventory", "broker")
def _broker_inventory(r: random.Random) -> tuple[str, Facts]:
    text = r.choice([
        f"今天到了{r.choice(['两个男宝一个女宝', '三个宝宝', '一对龙凤胎'])}，都是{r.choice(['刚满月', '刚出生', '两个月'])}，需要的抓紧",
        f"本周有{r.randint(2, 5)}个宝宝，先到先得，{r.choice(s.DOCS)}",
    ])  # fmt: skip
    return text, {"price": None, "gender": None}


@family("broker_documents", "broker")
def _broker_documents(r: random.Random) -> tuple[str, Facts]:
    text = _join(r, [r.choice(["代办出生证明", "专业办理出生证", "出生医学证明代办"]), r.choice(["包上户口", "可以落户", "全国可办"]),
                     r.choice(["价格私聊", "有需要的联系", "诚信经营"])])  # fmt: skip
    return text, {"price": None, "gender": None}


@family("broker_en_group", "broker")
def _broker_en_group(r: random.Random) -> tuple[str, Facts]:
    text = r.choice([
        "I run a group that connects birth mothers with families, fee for each match, message me",
        "Our agency can get you a baby within weeks, girls cheaper than boys",
        "Broker here: I handle the papers and the hukou, you just pay",
    ])  # fmt: skip
    return text, {"price": None, "gender": None}


@family("broker_en_translated", "broker")
def _broker_en_translated(r: random.Random) -> tuple[str, Facts]:
    text = r.choice([
        "Blue babies 150,000, pink babies 100,000, birth certificate included",
        "Birth certificates arranged, household registration guaranteed, babies of both sexes",
        "We match birth parents and adopters across the country, our fee is paid on success",
    ])  # fmt: skip
    has_price = text.startswith("Blue")
    return text, {"price": {"amount": 150000, "amount_max": None, "currency": "CNY"} if has_price else None,
                  "gender": None}  # fmt: skip


@family("broker_en_talk", "broker")
def _broker_en_talk(r: random.Random) -> tuple[str, Facts]:
    """A middleman's sales talk to a buyer, as undercover reporters record it: what the babies cost, how
    soon, which sex, papers included."""
    price, amount, currency = r.choice(s.PRICE_EN)
    when = r.choice(["within two weeks", "by next month", "in a few days", "as soon as a mother delivers"])
    text = r.choice([
        f"We can get you a baby {when}. A boy costs {price}, a girl less.",
        f"What sex do you want? A boy is {price}, the hospital papers show you as the mother.",
        f"The girls deliver here and we keep the babies. You pay {price} when you see the child.",
        f"There is a steady supply, madam. Choose the one you like and bring {price}.",
        f"I can arrange a newborn {when}, no questions asked. Bring cash, {price}.",
    ])  # fmt: skip
    return text, {"price": {"amount": amount, "amount_max": None, "currency": currency}, "gender": None}


@family("broker_en_historic", "broker")
def _broker_en_historic(r: random.Random) -> tuple[str, Facts]:
    """The baby-farmer's newspaper advertisement: a home offered to an infant for a premium, in the old
    classified style."""
    pounds = r.choice([5, 8, 10, 12, 15, 20])
    text = r.choice([
        f"Adoption. A respectable married couple offer a good home to a healthy infant. Premium £{pounds}.",
        f"Wanted, a baby to adopt by a childless couple, nice country home. Terms, £{pounds}, write to Box 12.",
        f"Nurse child. A motherly person will take an infant from birth, entirely adopted. Small premium £{pounds}.",
        f"A good home with a mother's care offered to any infant. Premium £{pounds}, which covers all.",
    ])  # fmt: skip
    return text, {"price": {"amount": pounds, "amount_max": None, "currency": "GBP"}, "gender": None}
