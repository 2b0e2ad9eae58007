"""A labelled corpus of realistic posts composed from the lexicon's real vocabulary, with wide variation.

Every post comes from a *family* (a way of writing one kind of post). Families, not posts, are split
between train and test, so the internal test measures posts written in ways the model never saw. Surface
noise — traditional script, full-width digits, emoji, spacing tricks, nickname tags, dropped
punctuation — is applied across all families. Hard negatives share the vocabulary: news and court
reports that quote ads, welfare-institute notices, 营养费 in injury compensation, IVF, pets and goods,
parenting chat, opinions about trafficking. See docs/datasheet.md.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from huijia.training import slots as s

Facts = dict[str, Any]
Maker = Callable[[random.Random], tuple[str, Facts]]


@dataclass(frozen=True, slots=True)
class Family:
    name: str
    label: str
    make: Maker


FAMILIES: list[Family] = []


def family(name: str, label: str) -> Callable[[Maker], Maker]:
    def register(make: Maker) -> Maker:
        FAMILIES.append(Family(name, label, make))
        return make

    return register


def _contact(r: random.Random) -> str:
    kind = r.randrange(5)
    if kind == 0:
        return f"QQ:{r.randint(10_000_000, 3_999_999_999)}"
    if kind == 1:
        return f"{r.choice(['微信', 'vx', 'V信', '加V', 'wx'])}:{r.choice(['bb', 'lx', 'baby', 'ai', 'home'])}{r.randint(1000, 99999)}"
    if kind == 2:
        return f"{r.choice(['电话', '手机'])}1{r.choice('3589')}{r.randint(100_000_000, 999_999_999)}"
    if kind == 3:
        return f"扣扣{r.randint(10_000_000, 999_999_999)}"
    return ""


def _price(r: random.Random) -> tuple[str, Facts]:
    text, amount, high = r.choice(s.PRICE)
    return text, {"amount": amount, "amount_max": high, "currency": "CNY"}


def _child(r: random.Random) -> tuple[str, str | None]:
    return r.choice(s.CHILD)


def _join(r: random.Random, parts: list[str]) -> str:
    parts = [p for p in parts if p]
    sep = r.choice(["，", "，", ",", " ", "。", "！"])
    return sep.join(parts)


# --- sale offers --------------------------------------------------------------------------------------
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


# --- purchase requests ----------------------------------------------------------------------------------
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
    return text, {"price": None, "gender": gender}


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
    has_price = with_price and "{" not in text and price in text
    return text, {"price": {"amount": amount, "amount_max": None, "currency": currency} if has_price else None,
                  "gender": gender}  # fmt: skip


# --- brokers ----------------------------------------------------------------------------------------------
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
    has_price = price in text
    return text, {"price": {"amount": amount, "amount_max": None, "currency": currency} if has_price else None,
                  "gender": None}  # fmt: skip


# --- missing-child notices -----------------------------------------------------------------------------
@family("missing_full", "missing_notice")
def _missing_full(r: random.Random) -> tuple[str, Facts]:
    gender = r.choice([("男", "male"), ("女", "female")])
    reward = r.choice(["悬赏5万元", "重谢", "必有重谢", "悬赏十万", ""])
    text = _join(r, [
        f"寻找{r.choice(['儿子', '女儿', '孙子', '外孙女'])}{r.choice(s.NAMES)}某某", f"{gender[0]}",
        f"{r.randint(1995, 2024)}年{r.randint(1, 12)}月在{r.choice(s.PLACES)}走失", f"走失时{r.randint(2, 9)}岁",
        f"身穿{r.choice(['红色外套', '蓝色上衣', '黄色毛衣'])}", r.choice(["左脸有胎记", "头顶有两个旋", ""]), reward,
        f"知情者请联系{_contact(r) or '家人'}",
    ])  # fmt: skip
    return text, {"price": None, "gender": gender[1]}


@family("missing_short", "missing_notice")
def _missing_short(r: random.Random) -> tuple[str, Facts]:
    text = r.choice([
        f"急寻！{r.choice(s.PLACES)}一名{r.randint(2, 10)}岁男孩走失，请帮忙转发",
        f"宝贝回家寻亲：{r.randint(1985, 2015)}年被拐，{r.choice(s.PLACES)}人，有胎记",
        f"{r.randint(1990, 2015)}年{r.choice(s.PLACES)}被人抱走的儿子，至今下落不明，家人一直在找",
        f"寻找失散的女儿，{r.randint(1990, 2010)}年在{r.choice(s.PLACES)}火车站丢失，已采血入库",
        "孩子在小区门口不见了，穿红衣服，大家帮忙扩散",
    ])  # fmt: skip
    return text, {"price": None, "gender": None}


@family("missing_en", "missing_notice")
def _missing_en(r: random.Random) -> tuple[str, Facts]:
    text = r.choice([
        f"Missing child: boy aged {r.randint(2, 12)}, last seen in {r.choice(s.PLACES_EN)}. Reward offered. Please share.",
        f"Help find my son, abducted in {r.choice(s.PLACES_EN)} in {r.randint(1990, 2020)}. Any information please contact us",
        "Have you seen this girl? She went missing near the market on Sunday",
        f"Our daughter was taken from a hospital in {r.choice(s.PLACES_EN)}, DNA registered with police",
    ])  # fmt: skip
    return text, {"price": None, "gender": None}


# --- hard negatives and ordinary talk ----------------------------------------------------------------
def _an_offer_text(r: random.Random) -> str:
    return r.choice([_offer_story, _offer_short, _offer_pregnant, _seek_want])(r)[0]


@family("news_quote", "none")
def _news_quote(r: random.Random) -> tuple[str, Facts]:
    text = (
        f"{r.choice(['记者', '本报记者', '志愿者'])}在一个名为“{r.choice(['圆梦之家', '宝贝领养送养公益之家', '爱心家园'])}”"
        f"的QQ群里看到，一名网友发帖称“{_an_offer_text(r)}”。{r.choice(['警方已介入调查', '目前该群已被解散', '律师表示这涉嫌拐卖儿童罪'])}"
    )
    return text, {"price": None, "gender": None}


@family("news_police", "none")
def _news_police(r: random.Random) -> tuple[str, Facts]:
    price, _ = _price(r)
    text = (
        f"{r.choice(s.PLACES)}警方破获一起拐卖儿童案，解救婴儿{r.randint(2, 30)}名，抓获犯罪嫌疑人{r.randint(2, 40)}名。"
        f"经查，该团伙以{price}的价格将婴儿卖给他人"
    )
    return text, {"price": None, "gender": None}


@family("news_court", "none")
def _news_court(r: random.Random) -> tuple[str, Facts]:
    child, gender = _child(r)
    text = (
        f"被告人{r.choice(s.NAMES)}某将其亲生{child}以{r.choice(['4.8万', '88000', '3万', '6万'])}元"
        f"{r.choice(['营养费', '感谢费'])}的名义送给他人，法院以拐卖儿童罪判处其有期徒刑{r.randint(2, 10)}年"
    )
    return text, {"price": None, "gender": gender}


@family("lawful_notice", "none")
def _lawful_notice(r: random.Random) -> tuple[str, Facts]:
    child, _ = _child(r)
    text = r.choice([
        f"{r.choice(s.PLACES)}儿童福利院公告：{r.randint(2015, 2026)}年{r.randint(1, 12)}月在{r.choice(s.PLACES)}"
        f"捡拾一名{child}，约{r.choice(s.AGE)[0]}，请孩子的亲生父母或其他监护人自公告之日起60日内认领",
        "想领养孩子请通过民政局依法办理收养登记，不要通过网络私下领养",
        f"收养登记须知：收养人应当向{r.choice(s.PLACES)}民政部门申请登记，并提交收养评估材料",
    ])  # fmt: skip
    return text, {"price": None, "gender": None}


@family("compensation", "none")
def _compensation(r: random.Random) -> tuple[str, Facts]:
    text = r.choice([
        f"交通事故赔偿项目包括医疗费、误工费、护理费、营养费等，营养费一般按每天{r.randint(20, 50)}元计算",
        f"工伤赔偿里的一次性营养费怎么算？我老婆生孩子住院花了{r.randint(5, 20)}千",
        "生育津贴和产假工资能同时领吗",
    ])  # fmt: skip
    return text, {"price": None, "gender": None}


@family("surrogacy", "none")
def _surrogacy(r: random.Random) -> tuple[str, Facts]:
    text = r.choice([
        f"第三代试管助孕，{r.choice(s.PLACES)}正规医院，可选男女，费用{_price(r)[0]}",
        "做试管婴儿要花多少钱？我们备孕两年了",
        "代孕在国内是违法的，大家不要相信",
    ])  # fmt: skip
    return text, {"price": None, "gender": None}


@family("goods_pets", "none")
def _goods_pets(r: random.Random) -> tuple[str, Facts]:
    text = r.choice([
        f"出售{r.choice(s.GOODS)}，九成新，{r.randint(50, 800)}元，{r.choice(s.PLACES)}自提",
        f"{r.choice(s.PETS)}宝宝出售，{r.choice(['两个月', '三个月', '45天'])}，疫苗已打，{r.randint(8, 50)}00元",
        f"家里的{r.choice(s.PETS)}生了一窝，找好人家领养，免费送",
        f"闲置宝宝{r.choice(s.GOODS)}转让，{r.randint(20, 300)}元",
    ])  # fmt: skip
    return text, {"price": None, "gender": None}


@family("parenting", "none")
def _parenting(r: random.Random) -> tuple[str, Facts]:
    child, gender = _child(r)
    text = r.choice([
        f"我家{child}{r.choice(s.AGE)[0]}了，{r.choice(['晚上总哭怎么办', '奶粉喝多少合适', '打疫苗发烧了正常吗', '长湿疹了'])}",
        f"{child}{r.choice(s.AGE)[0]}，辅食什么时候加？",
        f"今天带{child}去打疫苗了，好乖",
        f"本人{r.choice(s.PREGNANCY)[0]}，孕吐好严重，大家有什么办法",
    ])  # fmt: skip
    return text, {"price": None, "gender": gender}


@family("chat", "none")
def _chat(r: random.Random) -> tuple[str, Facts]:
    return r.choice(s.CHAT), {"price": None, "gender": None}


@family("opinion", "none")
def _opinion(r: random.Random) -> tuple[str, Facts]:
    text = r.choice([
        "买卖孩子是犯法的，大家别上当", "这种卖孩子的就应该严惩", "看到新闻说有人在网上卖孩子，太可怕了",
        "领养孩子一定要走正规渠道", "群里有人发送养的广告，已经举报了", "人贩子抓到就该判死刑",
        "孩子不是商品，请大家保护好自己的孩子",
    ])  # fmt: skip
    return text, {"price": None, "gender": None}


@family("news_en", "none")
def _news_en(r: random.Random) -> tuple[str, Facts]:
    price = r.choice(s.PRICE_EN)[0]
    text = r.choice([
        f"Police rescued {r.randint(3, 400)} babies and arrested {r.randint(3, 1100)} suspects in a crackdown on "
        f"online baby trafficking in {r.choice(s.PLACES_EN)}.",
        f"Some couples offered up to {price} for a baby, the newspaper reported.",
        "The groups cost 10 yuan to join and were closed last week, the internet authorities said.",
        "Reuters spoke to three agents who used the website to sell children.",
        "An official said it was definitely wrong to use websites to adopt children.",
        f"He says he would have to pay fines of about {price} for the third child.",
        "The court sentenced the woman to five years for selling her baby.",
    ])  # fmt: skip
    return text, {"price": None, "gender": None}


@family("other_en", "none")
def _other_en(r: random.Random) -> tuple[str, Facts]:
    text = r.choice([
        f"Selling a baby stroller, barely used, ${r.randint(20, 200)}",
        f"Puppies for sale, 8 weeks old, ${r.randint(3, 15)}00",
        "My daughter is two months old and won't sleep, any tips?",
        "We are going through IVF, any advice on clinics?",
        "Adoption through a licensed agency took us about two years",
        "lol see you tomorrow", "Happy birthday to my baby girl!", "Who wants pizza tonight?",
    ])  # fmt: skip
    return text, {"price": None, "gender": None}


# --- surface noise --------------------------------------------------------------------------------------
EMOJI = ["🙏", "👶", "💰", "❤️", "😭", "🔥", "✅", "🍼"]
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@lru_cache(maxsize=1)
def _traditional() -> Any:
    import opencc

    return opencc.OpenCC("s2t")


def _noise(r: random.Random, text: str) -> str:
    if r.random() < 0.1:
        text = _traditional().convert(text)
    if r.random() < 0.08:
        text = text.translate(FULLWIDTH)
    if r.random() < 0.12:
        text = text + r.choice(EMOJI) * r.randint(1, 3)
    if r.random() < 0.05 and len(text) > 4:
        cut = r.randrange(0, len(text) - 3)
        text = text[:cut] + " ".join(text[cut : cut + 3]) + text[cut + 3 :]
    if r.random() < 0.15:
        text = text.replace("，", " ").replace("。", " ")
    return text


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    label: str
    family: str
    facts: Facts

    def to_json(self, index: int) -> dict[str, Any]:
        return {"id": f"gen-{index}", "text": self.text, "label": self.label, "family": self.family,
                **self.facts}  # fmt: skip


def generate(n: int, seed: int = 0, families: list[Family] | None = None) -> list[Example]:
    """`n` posts, families drawn evenly within each label and labels in fixed shares."""
    r = random.Random(seed)
    pool = families or FAMILIES
    shares = {
        "sale_offer": 0.22,
        "purchase_request": 0.18,
        "broker": 0.12,
        "missing_notice": 0.12,
        "none": 0.36,
    }
    by_label: dict[str, list[Family]] = {}
    for fam in pool:
        by_label.setdefault(fam.label, []).append(fam)
    out: list[Example] = []
    seen: set[str] = set()
    for label, share in shares.items():
        fams = by_label.get(label, [])
        if not fams:
            continue
        want = int(n * share)
        tries = 0
        made = 0
        while made < want and tries < want * 5:
            tries += 1
            fam = fams[made % len(fams)] if r.random() < 0.5 else r.choice(fams)
            text, facts = fam.make(r)
            text = _noise(r, text)
            if text in seen:
                continue
            seen.add(text)
            out.append(Example(text, fam.label, fam.name, facts))
            made += 1
    r.shuffle(out)
    return out


def split_families(seed: int = 0, test_share: float = 0.25) -> tuple[list[Family], list[Family]]:
    """Whole families held out for the internal test: at least one per label, never all of a label."""
    r = random.Random(seed)
    train: list[Family] = []
    test: list[Family] = []
    labels = sorted({f.label for f in FAMILIES})
    for label in labels:
        fams = [f for f in FAMILIES if f.label == label]
        r.shuffle(fams)
        k = max(1, min(len(fams) - 1, round(len(fams) * test_share)))
        test += fams[:k]
        train += fams[k:]
    return train, test
