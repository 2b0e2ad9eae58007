"""Families of missing-child notices: families, volunteers and police searching for a child."""

from __future__ import annotations

import random

from huijia.training import slots as s
from huijia.training.families.parts import _contact, _join
from huijia.training.generate import Facts, family


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
