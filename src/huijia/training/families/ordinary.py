"""Families of hard negatives and ordinary talk: news, court and police text, lawful adoption, compensation,
surrogacy, goods and pets, parenting, chat and opinions that share the trade's words."""

from __future__ import annotations

import random

from huijia.training import slots as s
from huijia.training.families.offers import _offer_en, _offer_pregnant, _offer_short, _offer_story
from huijia.training.families.parts import _child, _price
from huijia.training.families.requests import _seek_want
from huijia.training.generate import Facts, family


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
