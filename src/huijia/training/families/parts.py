"""Pieces the families share: contacts, prices and child words drawn from the lexicon's real vocabulary."""

from __future__ import annotations

import random

from huijia.training import slots as s
from huijia.training.generate import Facts


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


def _stated_price(text: str, price: str, amount: int, currency: str) -> dict[str, object] | None:
    """The price fact of a post drawn with `price` (a `PRICE_EN` entry) only when its text states it: some
    templates leave the price out."""
    return {"amount": amount, "amount_max": None, "currency": currency} if price in text else None


def _join(r: random.Random, parts: list[str]) -> str:
    parts = [p for p in parts if p]
    sep = r.choice(["，", "，", ",", " ", "。", "！"])
    return sep.join(parts)
