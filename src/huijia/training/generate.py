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


def _stated(text: str, word: str, gender: str | None) -> str | None:
    """The gender fact only when the post really contains the child word that carries it."""
    return gender if word in text else None


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
    has_price = with_price and price in text
    return text, {"price": {"amount": amount, "amount_max": None, "currency": currency} if has_price else None,
                  "gender": _stated(text, child, gender)}  # fmt: skip


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
    gender = r.choice(
        [("男", "male", ["儿子", "孙子", "外孙"]), ("女", "female", ["女儿", "孙女", "外孙女"])]
    )
    reward = r.choice(["悬赏5万元", "重谢", "必有重谢", "悬赏十万", ""])
    text = _join(r, [
        f"寻找{r.choice(gender[2])}{r.choice(s.NAMES)}某某", f"{gender[0]}",
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


# Filter evasion seen in such groups: pinyin initials, homophones, Latin letters for words.
EVASIONS = {
    "送养": ["s养", "送羊", "送氧"], "领养": ["l养", "领羊", "ling养"], "宝宝": ["bb", "宝b"],
    "营养费": ["营养f", "yyf", "营养fei"], "微信": ["vx", "V信", "威信"], "出生证": ["csz", "出生正"],
    "私聊": ["s聊", "私l"], "卖": ["m", "麦"], "男宝": ["男b", "南宝", "nb"], "女宝": ["女b", "nvb"],
    "孩子": ["hz"], "男婴": ["ny"],
}  # fmt: skip
MIXED = [" pls", " DM", " asap", " ok?", " thx", " bb", " serious only"]


def _noise(r: random.Random, text: str) -> str:
    if r.random() < 0.08:
        for word, variants in EVASIONS.items():
            if word in text and r.random() < 0.6:
                text = text.replace(word, r.choice(variants), 1)
    if r.random() < 0.06:
        text += r.choice(MIXED)
    if r.random() < 0.04 and len(text) > 8:  # a typo: one character dropped
        cut = r.randrange(1, len(text) - 1)
        if not text[cut].isdigit():
            text = text[:cut] + text[cut + 1 :]
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
            if fam.label in ("none", "missing_notice"):
                facts = {}  # news and notices state amounts and sexes too; their facts are not scored
            text = _noise(r, text)
            if text in seen:
                continue
            seen.add(text)
            out.append(Example(text, fam.label, fam.name, facts))
            made += 1
    r.shuffle(out)
    return out


def family_folds(folds: int = 4, seed: int = 0) -> list[list[Family]]:
    """The families dealt into `folds` groups, label by label, so that every group holds out some
    families of every label (never all of one) and every family is held out exactly once."""
    r = random.Random(seed)
    groups: list[list[Family]] = [[] for _ in range(folds)]
    offset = 0
    for label in sorted({f.label for f in FAMILIES}):
        fams = [f for f in FAMILIES if f.label == label]
        r.shuffle(fams)
        for i, fam in enumerate(fams):
            groups[(i + offset) % folds].append(fam)
        offset += len(fams)
    return groups


# --- more ways of writing each kind of post (added with the gate that needs two signals) ---------------
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


@family("missing_police", "missing_notice")
def _missing_police(r: random.Random) -> tuple[str, Facts]:
    text = (
        f"{r.choice(s.PLACES)}警方发布寻人启事：{r.randint(2, 12)}岁{r.choice(['男孩', '女孩'])}于{r.randint(1, 12)}月{r.randint(1, 28)}日"
        f"在{r.choice(['学校门口', '小区', '商场'])}走失，请知情者拨打110"
    )
    return text, {"price": None, "gender": None}


@family("missing_sighting", "missing_notice")
def _missing_sighting(r: random.Random) -> tuple[str, Facts]:
    text = r.choice([
        f"志愿者在{r.choice(s.PLACES)}街头发现一名乞讨儿童，疑似被拐，请家人速联系",
        f"有没有人认识这个孩子？在{r.choice(s.PLACES)}火车站看到他一个人，像是走丢了",
        "Volunteers photographed a child begging at the station, possibly trafficked; family please contact",
    ])  # fmt: skip
    return text, {"price": None, "gender": None}


@family("missing_long", "missing_notice")
def _missing_long(r: random.Random) -> tuple[str, Facts]:
    text = (
        f"我的{r.choice(['儿子', '女儿'])}{r.randint(1990, 2015)}年在{r.choice(s.PLACES)}被人贩子拐走，到现在已经十几年了，"
        f"{r.choice(['求大家帮忙转发', '我们一直没有放弃', '已经在公安采血'])}"
    )
    return text, {"price": None, "gender": None}


@family("news_summary", "none")
def _news_summary(r: random.Random) -> tuple[str, Facts]:
    text = r.choice([
        f"据媒体报道，一些网络群组公然买卖婴儿，男婴售价高达{r.choice(['十几万', '15万', '20万'])}元",
        f"记者暗访发现，{r.choice(s.PLACES)}一些所谓的公益领养群实为买卖婴儿的平台",
        "专家表示，所谓营养费、感谢费实际上是买卖儿童的价格",
        f"{r.choice(s.PLACES)}一女子将刚出生的孩子以{_price(r)[0]}卖掉，已被警方刑拘",
    ])  # fmt: skip
    return text, {"price": None, "gender": None}


@family("news_en_quote", "none")
def _news_en_quote(r: random.Random) -> tuple[str, Facts]:
    text = r.choice([
        f"One post in the group read: \"{_offer_en(r)[0]}\", according to the newspaper.",
        f"A man in the group told Reuters he was brokering the adoption of three girls and charged adoptive parents {r.choice(s.PRICE_EN)[0]}.",
        "About 70 per cent of the parents giving their babies away asked for 30,000 to 50,000 yuan, the founder said.",
        "Chinese state media said that as many as 20,000 children are trafficked in the country each year.",
    ])  # fmt: skip
    return text, {"price": None, "gender": None}


@family("lawful_advice", "none")
def _lawful_advice(r: random.Random) -> tuple[str, Facts]:
    text = r.choice([
        "想领养孩子的可以去当地民政局咨询，按规定办理收养登记",
        "私下送养孩子犯法吗？需要走什么手续",
        "Orphans can be adopted legally through civil affairs offices and licensed agencies",
        "如果实在无力抚养，可以联系当地民政部门或儿童福利机构寻求帮助",
        f"{r.choice(s.PLACES)}民政局提醒：收养子女必须依法办理登记，网上私下送养涉嫌违法",
        "How to adopt a child legally in China: apply to the civil affairs bureau for adoption registration",
        "Anyone who wants to adopt should go through a licensed agency, never through an online group",
    ])  # fmt: skip
    return text, {"price": None, "gender": None}


@family("pet_adopt", "none")
def _pet_adopt(r: random.Random) -> tuple[str, Facts]:
    pet = r.choice(s.PETS)
    text = r.choice([
        f"{pet}找领养，已驱虫，只限同城",
        f"{pet}宝宝送养，两个月，有意私聊",
        f"家里{pet}生了三只，男宝女宝都有，求好心人领养",
        "Kittens need a loving home, free to good family",
    ])  # fmt: skip
    return text, {"price": None, "gender": None}


@family("child_money_talk", "none")
def _child_money_talk(r: random.Random) -> tuple[str, Facts]:
    child, _ = _child(r)
    text = r.choice([
        f"给{child}报了个补习班，一学期{r.randint(3, 12)}000块",
        f"{child}的奶粉一个月要{r.randint(5, 20)}00元，压力好大",
        f"生{child}住院花了{r.choice(['两万', '1万5', '8000'])}，医保能报多少",
        f"男孩子送女朋友什么礼物好？预算{r.randint(2, 9)}00",
        f"孕{r.randint(5, 9)}个月了，最近腿抽筋，{r.choice(['有什么办法', '正常吗'])}",
    ])  # fmt: skip
    return text, {"price": None, "gender": None}


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
    has_price = price in text
    return text, {"price": {"amount": amount, "amount_max": None, "currency": currency} if has_price else None,
                  "gender": _stated(text, child, gender)}  # fmt: skip


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


@family("news_en_reports", "none")
def _news_en_reports(r: random.Random) -> tuple[str, Facts]:
    text = r.choice([
        f"A woman in {r.choice(s.PLACES_EN)} was arrested after selling her newborn son for {r.choice(s.PRICE_EN)[0]} through a QQ group, police said.",
        "According to court documents, the mother received a 48,000-yuan gratitude fee and was later acquitted on appeal.",
        "The volunteer said sellers simply re-register after their accounts are banned.",
        "Buyers in turn stated what kind of child they were looking to purchase and posted money offers.",
        "Orders for unborn babies could also be placed, the report said.",
        f"The broker sold more than {r.randint(5, 20)} infants a year, prosecutors said.",
    ])  # fmt: skip
    return text, {"price": None, "gender": None}


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


@family("paperwork_questions", "none")
def _paperwork_questions(r: random.Random) -> tuple[str, Facts]:
    child, _ = _child(r)
    text = r.choice([
        f"{child}出生证明丢了怎么补办",
        f"给{child}上户口需要什么材料？",
        "新生儿怎么办理出生医学证明，在哪个窗口",
        "How do I get a birth certificate for my newborn? The hospital lost the form",
        f"{child}的户口能不能迁到外婆家",
    ])  # fmt: skip
    return text, {"price": None, "gender": None}


# --- spoken offers and the talk around adoption that is not an offer (added with real negatives) --------
MONTHS_EN = ["January", "March", "May", "June", "August", "October", "December"]


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


@family("adoption_talk_en", "none")
def _adoption_talk_en(r: random.Random) -> tuple[str, Facts]:
    """People considering adoption, placing a baby lawfully, warning of scams, searching for birth parents."""
    text = r.choice([
        "We're starting the home study for a domestic adoption. Anyone been through it with an agency?",
        "I'm 20 weeks and considering placing my baby for adoption. How do I find a licensed agency near me?",
        "PSA: adoption scams are real. Never send money to someone who contacts you about a baby online.",
        "I was adopted as a baby and I'm looking for my birth mother, born 1994 in Ohio. Any advice on DNA tests?",
        "How much did your adoption cost in total? The agency fees alone were $30,000 for us.",
        "Our adopted son turns 5 today! Best decision we ever made.",
        "Is it legal to pay a birth mother's medical expenses in an adoption in Texas?",
        "We've been waiting two years to be matched with an expectant mother. Trying to stay hopeful.",
    ])  # fmt: skip
    return text, {"price": None, "gender": None}


@family("everyday_child_talk", "none")
def _everyday_child_talk(r: random.Random) -> tuple[str, Facts]:
    """A child word and an everyday cue: kindergarten, a fever, a purchase, a review — never an offer."""
    child, _ = _child(r)
    text = r.choice([
        f"送{child}去幼儿园了，终于可以睡个懒觉",
        f"{child}发烧38度5，要不要去医院",
        f"收到宝贝了，质量很好，{child}很喜欢，下次还来买",
        f"这个绘本{child}特别爱看，一百多块钱值了",
        f"{child}打疫苗多少钱？九价要两千多吗",
        "Good night kids, see you tomorrow",
        "Bought this stroller for my baby girl, worth every penny at $250",
        f"带{child}出去玩了一天，好累",
    ])  # fmt: skip
    return text, {"price": None, "gender": None}
