"""A planted world of chat groups for the link benchmarks: who really wrote what, which posts are one template.

`make_world(seed, scale)` builds groups on several platforms with messages whose truth is known:
- brokers who post across groups under several accounts (different handles and nicknames), each account
  writing one of the broker's contacts in one form (mobile with spaces, dashes, full-width or Chinese-word
  digits, +86, masked; QQ as QQ/扣扣/企鹅; WeChat as 微信/V/vx/加薇/wx or in another letter case; e-mail;
  Telegram; a WhatsApp account that is the phone number itself);
- parents and buyers, some of them posting again from a second account with their contact in another form;
- template families: one post re-posted with its slots changed (price 3万/3.5万/35000元, due month, the
  child's age, place, contact) by its author and by others who copy it with their own contact;
- benign look-alikes: a baby shop's and a hospital's numbers that many parents post, parents talking about
  their babies, missing-child notices forwarded by many people (with the police hotline and the family's
  number), a "scammer warning" with a masked number that two different people's numbers agree with, lawful
  adoption talk, news that quotes ads;
- trafficking groups (many sale and purchase posts, nickname tags such as 湖南送男宝, paid entry) and benign
  groups (parenting, neighbourhood, lost-child volunteers, adoption law, news).

`write_world(world, folder)` writes each group as a real export of its platform: QQ message-manager text
(qq-txt), Telegram Desktop result.json, WhatsApp "Export chat" text, and WeChat-style JSONL and CSV.
Every message keeps its truth (`Planted`). The vocabulary follows shared/research/anchors-detection.md §10
and the training generator's slot lists, with wording of its own (the analyser was trained on that generator).
"""

from __future__ import annotations

import csv
import json
import random
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from huijia.training import slots as s

CST = timezone(timedelta(hours=8))

# --- contact forms ---------------------------------------------------------------------------------------
PHONE_FORMS = (
    "phone_plain", "phone_spaces", "phone_dashes", "phone_plus86", "phone_fullwidth", "phone_chinese",
    "phone_masked", "phone_account",
)  # fmt: skip
QQ_FORMS = ("qq_QQ", "qq_扣扣", "qq_企鹅")
WECHAT_FORMS = ("wechat_微信", "wechat_V", "wechat_vx", "wechat_加薇", "wechat_wx", "wechat_case")
OTHER_FORMS = ("email", "telegram")
FORMS = PHONE_FORMS + QQ_FORMS + WECHAT_FORMS + OTHER_FORMS
# The form an actor's own first account writes each contact in.
CANONICAL = {
    "phone": "phone_plain",
    "qq": "qq_QQ",
    "wechat": "wechat_微信",
    "email": "email",
    "telegram": "telegram",
}
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
CN_DIGITS = "〇一二三四五六七八九"


def kind_of(form: str) -> str:
    return form.split("_", 1)[0]


def chinese_digits(digits: str, r: random.Random) -> str:
    zero = r.choice("〇零")
    words = "".join(zero if d == "0" else CN_DIGITS[int(d)] for d in digits)
    if r.random() < 0.4:
        return f"{words[:3]} {words[3:7]} {words[7:]}"
    return words


def render(form: str, value: str, r: random.Random) -> str:
    """The contact `value` (digits for phone and QQ, the ID for WeChat, the address, the Telegram name)
    written as `form` inside a post."""
    if form in ("phone_plain", "phone_account"):
        return f"{r.choice(['电话', '手机', '电话/微信同号', 'Tel', '手机号'])}{r.choice(['', ':', '：'])}{value}"
    if form == "phone_spaces":
        return f"{r.choice(['电话', '手机'])} {value[:3]} {value[3:7]} {value[7:]}"
    if form == "phone_dashes":
        return f"{r.choice(['电话', '联系电话', '手机'])}{value[:3]}-{value[3:7]}-{value[7:]}"
    if form == "phone_plus86":
        return r.choice([f"+86 {value[:3]} {value[3:7]} {value[7:]}", f"+86{value}", f"(+86){value}"])
    if form == "phone_fullwidth":
        return f"{r.choice(['电话', '手机', '联系'])}{value.translate(FULLWIDTH)}"
    if form == "phone_chinese":
        return f"{r.choice(['电话', '手机号', '打'])}{chinese_digits(value, r)}"
    if form == "phone_masked":
        return f"{r.choice(['电话', '手机'])}{value[:3]}****{value[7:]}"
    if form == "qq_QQ":
        return r.choice([f"QQ:{value}", f"QQ {value}", f"qq号{value}", f"QQ：{value}"])
    if form == "qq_扣扣":
        return r.choice([f"扣扣{value}", f"扣扣：{value}", f"加扣扣 {value}"])
    if form == "qq_企鹅":
        return r.choice([f"企鹅{value}", f"企鹅号：{value}", f"加企鹅{value}"])
    if form == "wechat_微信":
        return r.choice([f"微信：{value}", f"微信号 {value}", f"微信{value}"])
    if form == "wechat_V":
        return r.choice([f"加V：{value}", f"V:{value}", f"v {value}"])
    if form == "wechat_vx":
        return r.choice([f"vx：{value}", f"VX {value}", f"vx{value}"])
    if form == "wechat_加薇":
        return r.choice([f"加薇{value}", f"加薇：{value}", f"薇{value}"])
    if form == "wechat_wx":
        return r.choice([f"wx：{value}", f"WX:{value}", f"wx {value}"])
    if form == "wechat_case":
        flipped = value.upper() if value != value.upper() else value.lower()
        return f"{r.choice(['微信', 'V', 'vx'])}：{flipped}"
    if form == "email":
        return r.choice([f"邮箱{value}", f"email: {value}", f"发邮件到{value}"])
    if form == "telegram":
        return r.choice([f"TG：@{value}", f"电报 @{value}", f"telegram @{value}", f"t.me/{value}"])
    raise ValueError(form)


# --- vocabulary of posts (own wording; the lexicon's words from training.slots) -----------------------------
CITIES = {
    "湖南": ["长沙", "株洲", "衡阳", "邵阳", "岳阳"], "广东": ["东莞", "佛山", "惠州", "湛江", "广州"],
    "河南": ["郑州", "周口", "商丘", "南阳", "信阳"], "四川": ["成都", "绵阳", "南充", "宜宾"],
    "江西": ["赣州", "上饶", "九江", "吉安"], "福建": ["莆田", "泉州", "漳州", "福州"],
    "广西": ["南宁", "玉林", "桂林", "柳州"], "安徽": ["合肥", "阜阳", "六安", "亳州"],
    "山东": ["临沂", "菏泽", "济宁", "潍坊"], "贵州": ["贵阳", "遵义", "毕节"],
    "云南": ["昆明", "曲靖", "昭通"], "湖北": ["武汉", "襄阳", "荆州", "黄冈"],
}  # fmt: skip
PROVINCES = list(CITIES)
CN_NUM = ["", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
STORY = [
    *s.STORY,
    "孩子爸爸去年出事走了", "我一个人在外面打工带不了", "家里老人不同意", "已经有两个女儿了", "刚毕业工作不稳定",
    "欠了很多债", "对象家里不认这个孩子", "身体不好没法照顾", "婆家想要男孩", "准备出国打工",
]  # fmt: skip
HEALTH = [
    "身体健康无疾病", "能吃能睡很乖", "顺产足月", "出生{w}斤{l}两", "打过疫苗了", "医院体检过一切正常",
    "白白净净很可爱", "吃奶粉长得很快", "双眼皮大眼睛", "哭声响亮",
]  # fmt: skip
TERMS = [
    "人贩子勿扰", "只给真心想要的家庭", "要求双方当面交接", "可以先视频看孩子", "中介勿扰", "不是骗子",
    "希望找个有文化的人家", "要求家庭条件好", "先到先得", "不接受讲价",
]  # fmt: skip
DOCS = [*s.DOCS, "出生证明齐全", "能办CSZ", "可以合法上户", "医院手续我来办"]
ASK = ["有意私聊", "诚心要的联系", "有需要的加我", "详情私聊", "看中的抓紧", "想要的私我", "非诚勿扰"]
OPENERS = [
    "【{place}送养】", "本人{place}的，", "{place}宝妈，", "诚心送养：", "急急急！", "⚠️有缘人看过来，",
    "送养{child}——", "我在{place}，", "【好消息】", "", "",
]  # fmt: skip
FEE = ["营养费", "感谢费", "补偿", "送养费", "营养费用", "补", "红包"]
HOSPITAL = ["县医院", "妇幼保健院", "人民医院", "私人诊所", "家里"]
JOBS = ["在工地上班", "开货车的", "在厂里上班", "做生意亏了", "在饭店打工", "大学还没毕业"]


BRAND_A = ["爱心", "阳光", "圆梦", "幸福", "温馨", "天使", "希望", "彩虹", "真情", "缘分", "福星", "安心"]
BRAND_B = ["宝贝", "送养", "领养", "亲子", "助孕", "家园", "母婴", "公益"]
BRAND_C = ["之家", "平台", "驿站", "小屋", "中心", "联盟", "团队", "服务部"]
SLOGAN_A = ["我们做这行", "本人从事这个", "我这边帮人牵线", "我们平台成立", "团队做领养服务", "我在这个圈子"]
SLOGAN_B = ["已经很多年了", "快十年了", "好几年了", "从来不骗人", "口碑大家都知道", "靠的是信誉"]
SLOGAN_C = ["不满意不收钱", "手续一条龙", "可以先见面再说", "可签协议", "全程保密", "不成功全退",
            "孩子都是亲生父母自愿送的", "随时可以来看宝宝", "外地的可以包车送过去", "只做真心领养的家庭"]  # fmt: skip
HUSBAND = ["老公在外地跑运输", "老公是老师", "我们俩都在体制内", "老公开了个小厂", "老公当过兵", "我们做点小生意",
           "老公在国企上班", "我在医院工作", "我们俩都是农村出来的", "老公身体不好"]  # fmt: skip
HOME = ["县城有两套房", "家里有车有房", "父母都退休了能帮忙带", "家里条件还可以", "住在市区学区房",
        "家里有个小院子", "存款够孩子读书", "家里老人都盼着"]  # fmt: skip


# Nickname tags of trafficking groups: region + 送/领 + sex (research §10.5), and status tags.
def tag_name(r: random.Random) -> str:
    place = r.choice(PROVINCES + [c for cs in CITIES.values() for c in cs])
    pattern = r.choice(["{p}送男宝", "{p}领女宝", "{p}送女宝", "{p}领男宝", "{p}S男宝", "{p}L女宝",
                        "{p}待产", "{p}已定", "{p}领养", "{p}送养", "领{p}男宝", "【{p}】求男宝"])  # fmt: skip
    return pattern.format(p=place)


PERSON_NAMES = [
    "阿华", "小红", "丽丽", "王姐", "陈哥", "静静", "芳芳", "老李", "晓梅", "小燕子", "花开", "平安是福", "随缘",
    "开心每一天", "阳光", "蓝天白云", "雨后彩虹", "知足常乐", "小草", "微笑", "冬冬妈", "乐乐妈妈", "豆豆爸",
    "果果妈", "天天向上", "心如止水", "Amy", "Lily", "Coco", "Jason", "Kevin", "Mandy", "梦想", "向日葵", "木子",
    "张姐", "刘阿姨", "黄师傅", "周周", "一诺妈妈", "糖糖", "大宝二宝", "安安", "悠悠", "朵朵妈", "浩浩爸爸",
]  # fmt: skip
EN_NAMES = ["Alex", "Sam", "Mei", "Grace", "Tony", "Helen", "Vivian", "Leo", "Nina", "Ray", "Joy", "Ken"]


def person_name(r: random.Random) -> str:
    name = r.choice(PERSON_NAMES)
    return name + (str(r.randint(1, 99)) if r.random() < 0.3 else "")


# --- the truth ---------------------------------------------------------------------------------------------
TRAFFICKING_INTENTS = ("sale_offer", "purchase_request", "broker")


@dataclass(slots=True)
class Account:
    """One account of one actor on one platform: the handle the export will give (or None: WhatsApp names)."""

    actor: str
    platform: str  # qq, telegram, whatsapp, wechat
    name: str
    handle: str | None  # as the export writes it: QQ number, Telegram user id, wxid, or phone for WhatsApp
    primary: bool  # the actor's first account (contacts in canonical forms)
    form: str | None = None  # the one contact form a secondary account writes


@dataclass(slots=True)
class Planted:
    """One message and its truth."""

    group: str
    account: Account
    text: str
    when: datetime
    intent: str  # sale_offer, purchase_request, broker, missing_notice, none
    family: str | None = None  # template family (near-duplicate group), None for a one-off
    form: str | None = None  # the contact form written, when the post carries one contact of its author
    hub: str | None = None  # the name of a hub contact in the text (a shop, a hotline, an ambiguous mask)

    @property
    def actor(self) -> str:
        return self.account.actor


@dataclass(slots=True)
class Group:
    name: str
    platform: str
    fmt: str  # qq-txt, telegram, whatsapp, jsonl, csv
    trafficking: bool
    kind: str  # trafficking, small_trafficking, parenting, neighbourhood, volunteers, law, news, parenting_intruder
    start: datetime
    messages: list[Planted] = field(default_factory=list)


@dataclass(slots=True)
class Actor:
    id: str
    role: str  # broker, parent, buyer, copier, member, shop, forwarder, warner, …
    contacts: dict[str, str] = field(default_factory=dict)
    accounts: list[Account] = field(default_factory=list)


@dataclass(slots=True)
class World:
    seed: int
    groups: list[Group]
    actors: dict[str, Actor]
    hubs: dict[str, str]  # hub name -> the contact value
    families: dict[str, str]  # family id -> its intent

    def messages(self) -> list[Planted]:
        return [m for g in self.groups for m in g.messages]


# --- making it --------------------------------------------------------------------------------------------
FMT_OF = {"qq": "qq-txt", "telegram": "telegram", "whatsapp": "whatsapp", "wechat": "jsonl"}


class Maker:
    def __init__(self, seed: int, scale: float) -> None:
        self.r = random.Random(seed)
        self.seed = seed
        self.scale = scale
        self.actors: dict[str, Actor] = {}
        self.groups: list[Group] = []
        self.used: set[str] = set()
        self.hubs: dict[str, str] = {}
        self.families: dict[str, str] = {}
        self.masked_keys: dict[str, int] = {}

    # unique values
    def unique(self, make: Callable[[], str]) -> str:
        while True:
            value = make()
            if value not in self.used:
                self.used.add(value)
                return value

    def phone(self) -> str:
        r = self.r
        while True:
            value = self.unique(
                lambda: f"1{r.choice('3589')}{r.randint(0, 9)}{r.randint(10_000_000, 99_999_999)}"
            )
            key = value[:3] + value[7:]
            if key not in self.masked_keys:  # a masked form of it agrees with no other number
                self.masked_keys[key] = 1
                return value

    def qq(self) -> str:
        return self.unique(lambda: str(self.r.randint(10_000_000, 3_999_999_999)))

    def wechat(self) -> str:
        r = self.r
        stems = [
            "baby",
            "bao",
            "home",
            "ai",
            "xin",
            "lele",
            "mm",
            "yuan",
            "meng",
            "family",
            "love",
            "an",
            "le",
        ]

        def make() -> str:
            stem = r.choice(stems) + r.choice(["", "_", "-"]) + r.choice(stems)
            if r.random() < 0.5:
                stem = stem.capitalize()
            return f"{stem}{r.randint(10, 9999)}"

        return self.unique(make)

    def email(self) -> str:
        r = self.r
        return self.unique(
            lambda: (
                f"{r.choice(['lin', 'wang', 'zhang', 'chen', 'liu', 'yang', 'huang'])}"
                f"{r.choice(['mei', 'hua', 'jun', 'fang', 'lei'])}{r.randint(10, 9999)}"
                f"@{r.choice(['163.com', '126.com', 'sina.com', 'gmail.com', 'outlook.com'])}"
            )
        )

    def telegram(self) -> str:
        r = self.r
        return self.unique(
            lambda: (
                f"{r.choice(['baby', 'happy', 'sun', 'hope', 'help', 'kid'])}_{r.choice(['home', 'care', 'link'])}"
                f"{r.randint(1, 999)}"
            )
        )

    def actor(self, role: str, kinds: tuple[str, ...] = ()) -> Actor:
        actor = Actor(f"{role}{len(self.actors)}", role)
        makers = {"phone": self.phone, "qq": self.qq, "wechat": self.wechat, "email": self.email,
                  "telegram": self.telegram}  # fmt: skip
        for kind in kinds:
            actor.contacts[kind] = makers[kind]()
        self.actors[actor.id] = actor
        return actor

    def account(
        self, actor: Actor, platform: str, name: str | None = None, form: str | None = None
    ) -> Account:
        r = self.r
        handle: str | None
        if platform == "qq":
            handle = self.qq()
        elif platform == "telegram":
            handle = f"user{self.unique(lambda: str(r.randint(100_000_000, 7_999_999_999)))}"
        elif platform == "wechat":
            handle = f"wxid_{self.unique(lambda: ''.join(r.choice('abcdefghijkmnpqrstuvwxyz0123456789') for _ in range(14)))}"
        elif form == "phone_account":
            handle = actor.contacts["phone"]
        else:
            handle = None  # WhatsApp shows a saved name only
        if name is None:
            name = person_name(r) if platform != "telegram" or r.random() < 0.6 else r.choice(EN_NAMES)
        if platform == "whatsapp" and handle is None:  # a saved name: one person's in one export
            base = name
            name = self.unique(lambda: base + r.choice(["", "", str(r.randint(1, 99))]))
        account = Account(actor.id, platform, name, handle, primary=not actor.accounts, form=form)
        actor.accounts.append(account)
        return account

    def when(self, group: Group) -> datetime:
        return group.start + timedelta(seconds=self.r.randint(0, 90 * 86400))

    def post(self, group: Group, account: Account, text: str, intent: str, **kw: str | None) -> Planted:
        planted = Planted(group.name, account, text, self.when(group), intent, **kw)
        group.messages.append(planted)
        return planted

    # --- slot values ---
    def price(self) -> str:
        r = self.r
        wan = r.choice([2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 6.8, 8, 8.8, 10, 12, 15])
        amount = int(wan * 10000)
        forms = [f"{wan:g}万", f"{amount}元", f"{amount}", f"{wan:g}w", f"{wan:g}万元"]
        if wan == int(wan) and int(wan) <= 12:
            forms.append(f"{CN_NUM[int(wan)]}万" if wan != 2 else "两万")
        return r.choice(forms)

    def age(self) -> str:
        r = self.r
        days = r.choice([7, 10, 15, 20, 28, 40, 45, 50, 55, 65, 70, 80])
        months = r.randint(1, 8)
        return r.choice(
            [f"{days}天", f"出生{days}天", f"{CN_NUM[months]}个月", f"{months}个月", "刚满月", "刚出生"]
        )

    def due(self) -> str:
        month = self.r.randint(1, 12)
        return self.r.choice(
            [f"预产期{month}月", f"预产期{CN_NUM[month]}月份", f"{month}月份生", f"{CN_NUM[month]}月底生"]
        )

    def child(self) -> str:
        return self.r.choice(
            ["男宝", "女宝", "男婴", "女婴", "男孩", "女孩", "蓝宝", "粉宝", "宝宝", "儿子", "女儿"]
        )

    def place(self) -> str:
        province = self.r.choice(PROVINCES)
        return self.r.choice(
            [province, province + self.r.choice(CITIES[province]), self.r.choice(CITIES[province])]
        )

    def contact_text(self, actor: Actor, form: str) -> str:
        return render(form, actor.contacts[kind_of(form) if form != "phone_account" else "phone"], self.r)

    # --- post texts ---
    def offer_template(self) -> list[str]:
        """A seller's post as clauses; {slots} are filled per copy."""
        r = self.r
        jin, liang = r.randint(5, 8), r.randint(1, 9)
        unborn = r.random() < 0.3
        clauses = [
            r.choice(OPENERS),
            r.choice(STORY) + r.choice(["", "", "，实在没办法"]),
            r.choice(
                [
                    "孩子爸爸" + r.choice(JOBS),
                    f"在{r.choice(HOSPITAL)}生的",
                    f"这是我第{CN_NUM[r.randint(1, 3)]}胎",
                    "",
                ]
            ),
            "{due}，B超看是" + r.choice(["男孩", "女孩"]) if unborn else "{age}的{child}",
            r.choice(HEALTH).format(w=jin, l=liang),
            r.choice(
                [
                    "想给孩子找个好人家",
                    "希望孩子以后过得好",
                    "找个有缘人",
                    "给孩子找个好归宿",
                    "不想孩子跟着我吃苦",
                ]
            ),
            r.choice(FEE) + "{price}" + r.choice(["", "，可以商量", "，不议价", "左右"]),
            r.choice(DOCS) if r.random() < 0.5 else "",
            r.choice(TERMS),
            r.choice(ASK) + "，{contact}",
        ]
        return [c for c in clauses if c]

    def brand(self) -> str:
        r = self.r
        return r.choice(BRAND_A) + r.choice(BRAND_B) + r.choice(BRAND_C)

    def slogan(self) -> str:
        """A sentence of the broker's own: what makes two brokers' templates two templates."""
        r = self.r
        return r.choice(SLOGAN_A) + r.choice(SLOGAN_B) + "，" + r.choice(SLOGAN_C)

    def broker_template(self) -> list[str]:
        r = self.r
        return [
            f"【{self.brand()}】"
            + r.choice(["现有宝宝", "长期有宝宝", "最新宝宝信息", "各地宝宝信息更新", "🔥今日推荐🔥"]),
            self.slogan(),
            "{age}的{child}" + r.choice(["一个", "，健康", "，顺产"]),
            "{due}的" + r.choice(["男宝", "女宝", "宝宝"]) + r.choice(["可预订", "接受预定", "已有人问"]),
            r.choice(["男宝", "蓝宝"])
            + "{price}，"
            + r.choice(["女宝", "粉宝"])
            + r.choice(["少一点", "便宜些", "价格另议"]),
            r.choice(DOCS),
            r.choice(["全国可送", "{place}可以当面", "包健康", "成功率高", "帮过很多家庭"]),
            r.choice(["需要的联系", "有意向的", "领养家庭请"]) + "{contact}",
        ]

    def request_template(self) -> list[str]:
        r = self.r
        return [
            r.choice(HUSBAND) + "，" + r.choice(HOME),
            r.choice(["本人{place}，", "{place}的，", "我们在{place}，", ""]),
            r.choice(
                [
                    "结婚" + str(r.randint(3, 12)) + "年没有孩子",
                    "两口子身体原因要不了孩子",
                    "家里就想要个男孩",
                ]
            ),
            r.choice(s.BUYER_PROMISE),
            r.choice(["诚心领养", "想领养", "求领养", "想抱养"]) + "一个{child}",
            r.choice(["{age}以内", "越小越好", "刚出生的最好", "{due}的也可以"]),
            r.choice(["营养费好商量", "价格不是问题", "感谢费可以给到{price}", "费用{price}以内"]),
            r.choice(["可以帮忙上户口", "手续我们自己办", "最好有出生证"]),
            r.choice(["有的联系", "请联系", "麻烦私聊"]) + "{contact}",
        ]

    def fill(self, clauses: list[str], contact: str, keep: float = 0.93) -> str:
        r = self.r
        kept = [c for i, c in enumerate(clauses) if i == len(clauses) - 1 or r.random() < keep or "{" in c]
        kept = [c.strip("，,。 ") for c in kept if c.strip("，,。 ")]
        sep = r.choice(["，", "，", "。", " ", ","])
        text = kept[0]
        for clause in kept[1:]:  # no separator after an opener that ends in its own mark
            text += ("" if text[-1] in "：！】—" else sep) + clause
        text = text.format(price=self.price(), age=self.age(), due=self.due(), child=self.child(),
                           place=self.place(), contact=contact)  # fmt: skip
        if r.random() < 0.15:
            text += r.choice(["🙏", "👶", "❤️", "!!", "～", "[玫瑰]"])
        return text

    def one_off_offer(self, actor: Actor, form: str) -> str:
        return self.fill(self.offer_template(), self.contact_text(actor, form))


# Everyday messages of trafficking groups: bids, questions, admin chatter.
TRAFFICKING_CHAT = [
    "有", "蹲", "我要", "多少", "哪里的", "还在吗", "私你了", "已加", "谢谢群主", "新人报道", "进群的先看群公告", "+1",
    "骗子太多了大家小心", "男宝还有吗", "有没有女宝", "价格能少吗", "我也在找", "在哪个医院生的", "能视频吗",
    "已私聊", "同求", "顶", "可以上户口吗", "多大了", "什么时候生", "群主在吗", "我加你了通过一下", "早上好",
    "晚上好", "收到", "好的", "这个群还有人吗", "我是真心想要", "怎么联系", "已经定了吗", "谢谢", "[图片]", "[表情]",
]  # fmt: skip
PAID_ENTRY = [
    "新进群的请先发10元红包给管理员，不发的踢了", "本群为公益群，进群费20元用于群维护，谢谢配合",
    "进群须知：昵称改成 地区+送/领+男女宝，例如 湖南送男宝，进群交5元", "入群请交会费10元，交了的私聊管理拉你进内部群",
    "群公告：送养领养请私聊，群里不要发价格，进群费转给群主",
]  # fmt: skip
PARENT_CHAT = [
    "宝宝晚上老是哭怎么办", "我家男宝两个月了，睡觉总是不踏实", "女宝六个月可以加辅食了吗", "满月酒大家在哪里办的",
    "预产期三月的宝妈有吗", "奶粉喝哪个牌子好", "宝宝湿疹用什么药膏", "今天带孩子打疫苗了", "二胎妈妈好累",
    "我家闺女会翻身了", "宝宝一岁了还不会走路正常吗", "孩子发烧38度要去医院吗", "月嫂多少钱一个月",
    "幼儿园报名开始了", "孩子上户口要带什么材料", "出生证明在哪里办", "刚出院，宝宝黄疸有点高",
    "男宝三个月十三斤正常吗", "有没有一起晒娃的", "小区里有没有推荐的儿童游泳馆",
]  # fmt: skip
NEIGHBOUR_CHAT = [
    "今天停水吗", "快递放门卫了", "楼下的车挡住了", "电梯又坏了", "物业什么时候来修", "明天小区消杀",
    "谁家的猫跑出来了", "菜市场几点开门", "有人拼车去机场吗", "垃圾分类开始了", "今晚广场舞", "收到", "好的",
]  # fmt: skip
LAW_TALK = [
    "想收养孩子的一定要去民政局办收养登记，私下抱养是违法的",
    "福利院的孩子可以依法收养，需要收养能力评估",
    "送养要经过民政部门，收钱就可能构成拐卖儿童罪",
    "请问收养登记需要什么材料？我们夫妻无子女，想走正规渠道",
    "民法典规定收养人要年满三十周岁，无子女或者只有一名子女",
    "私下送养收营养费的，法院判过拐卖儿童罪，大家千万别碰",
    "儿童福利院开放日可以去做义工",
    "收养外国孩子的手续更复杂，要找有资质的机构",
]  # fmt: skip
NEWS = [
    "【新闻】警方破获一起网络拐卖儿童案，嫌疑人在群里发布“男婴送养，营养费8万”，已被刑拘",
    "新闻：法院判决一名母亲以“营养费”名义出卖亲生女儿，构成拐卖儿童罪",
    "公安部：今年以来共找回被拐儿童多少名，打拐专项行动持续开展",
    "记者调查：QQ群里“有偿送养”，一个男婴标价十几万",
    "转：打拐志愿者提醒，网上“送养”“领养”信息多为违法交易",
    "央视报道：团圆系统上线以来，发布儿童失踪信息，找回率超过98%",
]  # fmt: skip
VOLUNTEER_CHAT = [
    "今天又有一个孩子找到了，太好了", "大家帮忙转发一下", "已转", "采血入库了吗", "DNA比对需要去哪里",
    "志愿者明天去火车站发传单", "有线索的请私信管理员", "宝贝回家网站上登记了吗", "加油，一定能找到",
]  # fmt: skip


def real_texts(limit: int, seed: int) -> list[str]:
    """Real parents' questions and chat from ../shared/data/real-text (none of it about selling a child),
    to make benign groups sound like people; empty when the folder is absent."""
    from huijia.training.realtext import default_roots

    root = default_roots()["shared"]
    texts: list[str] = []
    for name in ("cblue_parenting_queries", "weibo_rumor_comments", "toyhom_im_parenting"):
        path = root / f"{name}.jsonl"
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                text = json.loads(line)["text"].strip()
                if 4 <= len(text) <= 120 and "\n" not in text:
                    texts.append(text)
    random.Random(seed).shuffle(texts)
    return texts[:limit]


def make_world(seed: int, scale: float = 1.0) -> World:
    m = Maker(seed, scale)
    r = m.r
    reals = real_texts(int(20000 * scale) + 200, seed)
    real_iter = iter(reals)

    def chat_line(pool: list[str], real_share: float = 0.5) -> str:
        if reals and r.random() < real_share:
            return next(real_iter, r.choice(pool))
        return r.choice(pool)

    # groups
    platforms = ["qq", "qq", "telegram", "telegram", "whatsapp", "whatsapp", "wechat", "wechat", "wechat"]
    traf_names = ["湖南宝贝之家", "圆梦公益3群", "宝贝送养公益之家", "江浙沪领养交流", "爱心送养互助群",
                  "Baby adoption help", "送养领养信息群", "圆梦微公益", "广东宝宝之家"]  # fmt: skip
    benign = [("宝妈育儿交流群", "parenting"), ("幸福小区业主群", "neighbourhood"), ("寻亲志愿者联盟", "volunteers"),
              ("新手爸妈互助群", "parenting"), ("合法收养咨询", "law"), ("阳光花园邻里群", "neighbourhood"),
              ("宝贝回家志愿者", "volunteers"), ("二胎妈妈群", "parenting_intruder"), ("Parents of Shenzhen", "parenting"),
              ("本地新闻群", "news"), ("孕妈交流群", "parenting")]  # fmt: skip
    start = datetime(2019, 1, 1, tzinfo=CST)
    for i, name in enumerate(traf_names):
        platform = platforms[i % len(platforms)]
        fmt = "csv" if platform == "wechat" and i % 3 == 2 else FMT_OF[platform]
        kind = "small_trafficking" if i == len(traf_names) - 1 else "trafficking"
        m.groups.append(Group(name, platform, fmt, True, kind, start + timedelta(days=40 * i)))
    for i, (name, kind) in enumerate(benign):
        platform = platforms[(i + 3) % len(platforms)]
        fmt = "csv" if platform == "wechat" and i % 2 else FMT_OF[platform]
        m.groups.append(Group(name, platform, fmt, False, kind, start + timedelta(days=35 * i)))
    traf = [g for g in m.groups if g.trafficking]
    big_traf = [g for g in traf if g.kind == "trafficking"]
    ben = [g for g in m.groups if not g.trafficking]

    def n(count: float) -> int:
        return max(1, round(count * scale))

    def account_in(
        actor: Actor, group: Group, accounts: dict[tuple[str, str], Account], **kw: str | None
    ) -> Account:
        key = (actor.id, group.platform)
        if key not in accounts:
            accounts[key] = m.account(actor, group.platform, **kw)
        return accounts[key]

    # brokers: a primary account (same handle in the groups of its platform) and secondary accounts, each
    # writing one contact in one form; their template families are re-posted by them and copied by others
    secondary_forms = [f for f in FORMS if f not in ("phone_plain", "qq_QQ", "wechat_微信")] + [
        "phone_spaces", "qq_扣扣", "wechat_V"]  # fmt: skip
    form_cycle = iter(secondary_forms * 100)
    for b in range(n(14)):
        broker = m.actor("broker", ("phone", "qq", "wechat", "email", "telegram"))
        home = r.sample([g for g in big_traf if g.platform != "whatsapp"], 3)
        home_platform = home[0].platform
        primary_groups = [g for g in big_traf if g.platform == home_platform][:2] or home[:1]
        primary = m.account(broker, home_platform, name=tag_name(r) if r.random() < 0.5 else None)
        # contact cards: every contact in its plain form, so the accounts can be tied to it
        kinds = list(broker.contacts)
        brand, slogan = m.brand(), m.slogan()
        card_opener = r.choice(["领养送养找我", "需要宝宝的家庭联系", "联系方式", "找宝宝请联系"])
        m.families[f"fam-card{b}"] = "broker"
        for g in primary_groups:
            r.shuffle(kinds)
            card = "，".join(render(CANONICAL[k], broker.contacts[k], r) for k in kinds)
            m.post(g, primary, f"【{brand}】{slogan}，{card_opener}：{card}", "broker", family=f"fam-card{b}")
            for _ in range(r.randint(3, 8)):
                m.post(g, primary, r.choice(TRAFFICKING_CHAT), "none")
        family_templates = []
        for f in range(r.randint(1, 2)):
            fam = f"fam-broker{b}-{f}"
            m.families[fam] = "broker"
            template = m.broker_template()
            family_templates.append((fam, template))
            for g in primary_groups:
                for _ in range(r.randint(1, 3)):
                    kind = r.choice(kinds)
                    m.post(g, primary, m.fill(template, render(CANONICAL[kind], broker.contacts[kind], r)),
                           "broker", family=fam)  # fmt: skip
        for _ in range(r.randint(1, 3)):
            m.post(r.choice(primary_groups), primary, m.one_off_offer(broker, "phone_plain"), "broker")
        # secondary accounts
        for _ in range(r.randint(5, 7)):
            form = next(form_cycle)
            group = r.choice(traf if r.random() < 0.9 else [g for g in ben if g.kind == "parenting_intruder"])
            platform = "whatsapp" if form == "phone_account" else group.platform
            if form == "phone_account":
                group = r.choice([g for g in m.groups if g.platform == "whatsapp" and g.trafficking])
            account = m.account(broker, platform, name=tag_name(r) if group.trafficking else None, form=form)
            for p in range(r.randint(1, 3)):
                contact = m.contact_text(broker, form)
                if form == "phone_account":
                    contact = r.choice(["加我微信同号", "直接私聊我", "看我头像号码"])
                if family_templates and r.random() < 0.5:
                    fam, template = r.choice(family_templates)
                    text, family = m.fill(template, contact), fam
                else:
                    text, family = m.fill(m.broker_template() if p else m.offer_template(), contact), None
                m.post(group, account, text, "broker", family=family, form=form)
            for _ in range(r.randint(0, 3)):
                m.post(group, account, r.choice(TRAFFICKING_CHAT), "none")
        # copiers: others who re-post a broker's template with their own contact
        for fam, template in family_templates:
            for _ in range(r.randint(0, 3)):
                copier = m.actor("copier", ("wechat",))
                group = r.choice(traf)
                account = m.account(copier, group.platform, name=tag_name(r))
                m.post(
                    group,
                    account,
                    m.fill(template, m.contact_text(copier, "wechat_微信")),
                    "broker",
                    family=fam,
                )

    # parents: an offer (sometimes a family re-posted with the price lowered and the age grown), a few
    # reposting from a second account with their contact in another form
    for p in range(n(90)):
        kind = r.choice(["phone", "qq", "wechat", "wechat", "email"])
        parent = m.actor("parent", (kind,))
        group = r.choice(traf)
        account = m.account(parent, group.platform, name=tag_name(r) if r.random() < 0.7 else None)
        template = m.offer_template()
        copies = r.choice([1, 1, 1, 2, 3, 4])
        second = r.random() < 0.35
        pfam = f"fam-parent{p}" if copies + second > 1 else None
        if pfam:
            m.families[pfam] = "sale_offer"
        for _ in range(copies):
            m.post(group, account, m.fill(template, m.contact_text(parent, CANONICAL[kind])), "sale_offer",
                   family=pfam)  # fmt: skip
        for _ in range(r.randint(0, 4)):
            m.post(group, account, r.choice(TRAFFICKING_CHAT), "none")
        if second:  # a second account elsewhere, the contact written another way
            forms = [f for f in FORMS if kind_of(f) == kind and f != "phone_account"]
            form = r.choice([f for f in forms if f != CANONICAL[kind]] or forms)
            other = r.choice([g for g in traf if g is not group])
            again = m.account(parent, other.platform, name=tag_name(r), form=form)
            m.post(
                other,
                again,
                m.fill(template, m.contact_text(parent, form)),
                "sale_offer",
                family=pfam,
                form=form,
            )

    # buyers
    for b in range(n(45)):
        kind = r.choice(["phone", "wechat", "qq"])
        buyer = m.actor("buyer", (kind,))
        template = m.request_template()
        groups = r.sample(traf, r.choice([1, 1, 2, 3]))
        bfam = f"fam-buyer{b}" if len(groups) > 1 or r.random() < 0.3 else None
        if bfam:
            m.families[bfam] = "purchase_request"
        accounts: dict[tuple[str, str], Account] = {}
        for g in groups:
            account = account_in(buyer, g, accounts, name=tag_name(r))
            for _ in range(2 if bfam and len(groups) == 1 else 1):
                m.post(g, account, m.fill(template, m.contact_text(buyer, CANONICAL[kind])), "purchase_request",
                       family=bfam)  # fmt: skip
            for _ in range(r.randint(0, 3)):
                m.post(g, account, r.choice(TRAFFICKING_CHAT), "none")

    # group admins: paid entry and rules, nickname tags
    for g in traf:
        admin = m.actor("admin", ("wechat",))
        account = m.account(
            admin, g.platform, name=r.choice(["群主", "管理员小王", "【管理】阿华", "公益群主"])
        )
        for _ in range(r.randint(2, 4)):
            m.post(g, account, r.choice(PAID_ENTRY), "broker" if r.random() < 0.3 else "none")

    # ordinary members of trafficking groups: bids, questions (tagged nicknames)
    for g in traf:
        members = [
            m.account(m.actor("member"), g.platform, name=tag_name(r))
            for _ in range(n(40 if g.kind == "trafficking" else 8))
        ]
        for _ in range(n(320 if g.kind == "trafficking" else 25)):
            m.post(g, r.choice(members), chat_line(TRAFFICKING_CHAT, 0.15), "none")

    # benign groups: members chatting, with the look-alikes
    shop = m.actor("shop", ("phone",))
    hospital_number = "0731" + str(r.randint(80_000_000, 89_999_999))
    police = "0755" + str(r.randint(80_000_000, 89_999_999))
    m.hubs.update({"shop": shop.contacts["phone"], "hospital": hospital_number, "police": police})
    members_of: dict[str, list[Account]] = {}
    for g in ben:
        members_of[g.name] = [m.account(m.actor("member"), g.platform) for _ in range(n(60))]
        pool = {"parenting": PARENT_CHAT, "parenting_intruder": PARENT_CHAT, "neighbourhood": NEIGHBOUR_CHAT,
                "volunteers": VOLUNTEER_CHAT, "law": LAW_TALK, "news": NEWS}[g.kind]  # fmt: skip
        for _ in range(n(700)):
            m.post(g, r.choice(members_of[g.name]), chat_line(pool), "none")
        if g.kind in ("volunteers", "law", "news"):
            for _ in range(n(25)):
                m.post(g, r.choice(members_of[g.name]), r.choice(LAW_TALK + NEWS), "none")

    parenting = [g for g in ben if g.kind.startswith("parenting") or g.kind == "neighbourhood"]
    # the shop's number: the shop's own ads (a family) and many parents recommending it
    shop_family = "fam-shop"
    m.families[shop_family] = "none"
    shop_ad = [
        "【{place}贝贝母婴店】",
        "新到一批奶粉尿不湿",
        "满200减30",
        "会员积分送婴儿湿巾",
        "地址在步行街二楼",
        "电话{contact}",
    ]
    for g in parenting[:3]:
        shop_account = m.account(shop, g.platform, name="贝贝母婴店")
        for _ in range(n(3)):
            m.post(g, shop_account, m.fill(shop_ad, shop.contacts["phone"], keep=1.0), "none", family=shop_family,
                   hub="shop")  # fmt: skip
    for g in parenting:
        for account in r.sample(members_of[g.name], min(len(members_of[g.name]), n(6))):
            text = r.choice(
                ["奶粉在贝贝母婴店买的，{c}", "推荐贝贝母婴店，老板人很好 {c}", "尿不湿可以找这家{c}送货上门"]
            )
            m.post(g, account, text.format(c=render(r.choice(["phone_plain", "phone_spaces", "phone_dashes"]),
                                                    shop.contacts["phone"], r)), "none", hub="shop")  # fmt: skip
            text = r.choice(
                ["妇幼保健院产科预约电话{h}", "建档打这个电话{h}", "医院儿科电话{h}，周末也有门诊"]
            )
            m.post(g, r.choice(members_of[g.name]), text.format(h=hospital_number), "none", hub="hospital")
    # a broker who also recommends the shop: the hub must not join him to the parents
    intruder = next(a for a in m.actors.values() if a.role == "broker")
    intruder_account = m.account(
        intruder, "whatsapp" if parenting[0].platform == "whatsapp" else parenting[0].platform
    )
    m.post(parenting[0], intruder_account, f"奶粉去贝贝母婴店买，{render('phone_plain', shop.contacts['phone'], r)}", "none",
           hub="shop")  # fmt: skip
    m.post(parenting[0], intruder_account, m.fill(m.broker_template(), m.contact_text(intruder, "wechat_微信")), "broker",
           form="wechat_微信")  # fmt: skip
    # a benign group with a stray offer or two (it stays a benign group)
    stray_group = next(g for g in ben if g.kind == "parenting_intruder")
    for _ in range(2):
        stray = m.actor("parent", ("wechat",))
        m.post(
            stray_group,
            m.account(stray, stray_group.platform),
            m.one_off_offer(stray, "wechat_V"),
            "sale_offer",
        )

    # missing-child notices forwarded by many people: one family each, with the family's number and the
    # police hotline (both hubs: posted by many unrelated people)
    volunteers = [g for g in ben if g.kind in ("volunteers", "neighbourhood", "parenting")]
    for k in range(n(6)):
        fam = f"fam-notice{k}"
        m.families[fam] = "missing_notice"
        family_phone = m.phone()
        m.hubs[f"notice{k}"] = family_phone
        gender = r.choice(["男", "女"])
        notice = [
            r.choice(["【扩散寻人】", "紧急寻人！", "急！帮忙转发", "寻人启事："]),
            f"{r.choice(s.NAMES)}{r.choice(['子轩', '梓涵', '浩然', '欣怡', '宇航', '诗涵'])}，{gender}，{r.randint(2, 9)}岁",
            f"{r.randint(1, 12)}月{r.randint(1, 28)}日在{m.place()}{r.choice(['菜市场', '小区门口', '公园', '火车站'])}走失",
            f"走失时穿{r.choice(['红色外套', '蓝色羽绒服', '黄色卫衣', '白色裙子'])}",
            f"有线索请联系家人{family_phone}或拨打{police}",
            r.choice(["转发就是力量！", "多转发一次，孩子就多一分希望", "谢谢好心人"]),
        ]
        for _ in range(n(10)):
            g = r.choice(volunteers)
            forwarder = r.choice(members_of[g.name])
            text = m.fill(notice, "", keep=1.0)
            if r.random() < 0.4:
                text = r.choice(["转：", "帮忙扩散 ", "看到的帮转一下：", ""]) + text
            m.post(g, forwarder, text, "missing_notice", family=fam, hub=f"notice{k}")

    # a scammer warning with a masked number that two different people's numbers agree with
    a1 = m.actor("parent", ("wechat",))
    a2 = m.actor("parent", ("wechat",))
    prefix = f"1{r.choice('3589')}{r.randint(0, 9)}"
    suffix = str(r.randint(1000, 9999))
    for actor in (a1, a2):

        def agreeing() -> str:
            return f"{prefix}{r.randint(1000, 9999)}{suffix}"

        actor.contacts["phone"] = m.unique(agreeing)
        m.masked_keys[prefix + suffix] = 2
        g = r.choice(traf)
        account = m.account(actor, g.platform, name=tag_name(r))
        m.post(g, account, m.one_off_offer(actor, "phone_plain"), "sale_offer")
    m.hubs["ambiguous_mask"] = f"{prefix}****{suffix}"
    for g in (*traf[:2], ben[2]):
        warner = m.account(m.actor("warner"), g.platform)
        m.post(
            g,
            warner,
            f"大家小心，{prefix}****{suffix} 这个号是骗子，收了定金就拉黑",
            "none",
            hub="ambiguous_mask",
        )

    for g in m.groups:
        g.messages.sort(key=lambda planted: planted.when)
    return World(seed, m.groups, m.actors, m.hubs, m.families)


# --- writing exports -----------------------------------------------------------------------------------
SAFE = re.compile(r'[\\/:*?"<>|]')


def file_name(group: Group) -> str:
    stem = SAFE.sub("_", group.name)
    return {
        "qq-txt": f"{stem}.txt",
        "telegram": f"{stem}/result.json",
        "whatsapp": f"WhatsApp Chat with {stem}.txt",
        "jsonl": f"{stem}.jsonl",
        "csv": f"{stem}.csv",
    }[group.fmt]


def write_group(group: Group, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = {"qq-txt": _qq, "telegram": _telegram, "whatsapp": _whatsapp, "jsonl": _jsonl, "csv": _csv}[
        group.fmt
    ]
    writer(group, path)


def write_world(world: World, folder: Path) -> dict[str, Path]:
    """Each group as an export under `folder`; returns group name -> file."""
    files = {}
    for group in world.groups:
        path = folder / file_name(group)
        write_group(group, path)
        files[group.name] = path
    return files


def _qq(group: Group, path: Path) -> None:
    bar = "=" * 64
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        fh.write("消息记录（此消息记录为文本格式，不支持重新导入）\r\n\r\n")
        fh.write(f"{bar}\r\n消息分组:我的群聊\r\n{bar}\r\n消息对象:{group.name}\r\n{bar}\r\n\r\n")
        for m in group.messages:
            t = m.when
            fh.write(
                f"{t:%Y-%m-%d} {t.hour}:{t:%M:%S} {m.account.name}({m.account.handle})\r\n{m.text}\r\n\r\n"
            )


def _telegram(group: Group, path: Path) -> None:
    messages = []
    for i, m in enumerate(group.messages):
        text: str | list[str | dict[str, str]] = m.text
        entities = [{"type": "plain", "text": m.text}]
        mention = re.search(r"@\w+", m.text)
        if mention:
            a, b = mention.span()
            text = [m.text[:a], {"type": "mention", "text": m.text[a:b]}, m.text[b:]]
            entities = [{"type": "plain", "text": m.text[:a]}, {"type": "mention", "text": m.text[a:b]},
                        {"type": "plain", "text": m.text[b:]}]  # fmt: skip
        messages.append({
            "id": 1000 + i, "type": "message", "date": m.when.strftime("%Y-%m-%dT%H:%M:%S"),
            "date_unixtime": str(int(m.when.timestamp())), "from": m.account.name, "from_id": m.account.handle,
            "text": text, "text_entities": entities,
        })  # fmt: skip
    export = {
        "name": group.name,
        "type": "private_supergroup",
        "id": 1_000_000_000 + len(group.name),
        "messages": messages,
    }
    path.write_text(json.dumps(export, ensure_ascii=False, indent=1), encoding="utf-8")


def _whatsapp(group: Group, path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        first = group.messages[0].when if group.messages else group.start
        fh.write(f"{first:%Y/%m/%d %H:%M} - 消息和通话已进行端到端加密。\n")
        for m in group.messages:
            author = m.account.name
            if m.account.handle is not None:  # an account shown as its phone number
                h = m.account.handle
                author = f"+86 {h[:3]} {h[3:7]} {h[7:]}"
            fh.write(f"{m.when:%Y/%m/%d %H:%M} - {author}: {m.text}\n")


def _jsonl(group: Group, path: Path) -> None:
    tag = zlib.crc32(group.name.encode()) % 100_000  # stable, and unique enough among a world's groups
    with path.open("w", encoding="utf-8") as fh:
        for i, m in enumerate(group.messages):
            record = {"id": f"wx{tag}-{i}", "channel": group.name, "sent_at": m.when.isoformat(),
                      "author": {"name": m.account.name, "handle": f"wxid:{m.account.handle}"}, "text": m.text}  # fmt: skip
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def _csv(group: Group, path: Path) -> None:
    tag = zlib.crc32(group.name.encode()) % 100_000
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "time", "chat", "author", "handle", "text"])
        for i, m in enumerate(group.messages):
            out.writerow([f"wc{tag}-{i}", f"{m.when:%Y-%m-%d %H:%M:%S}", group.name, m.account.name,
                          f"wxid:{m.account.handle}", m.text])  # fmt: skip
