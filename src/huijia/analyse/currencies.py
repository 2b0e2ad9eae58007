"""The names of the currencies huijia converts, as English and Chinese text writes them after a sum.

Newspapers name a foreign currency with its country: "7 million Lebanese pounds", "four million Iraqi
dinars", "NT$360,000 (New Taiwan dollars)", 5万伊拉克第纳尔. The names come from the Unicode CLDR, as Babel
ships it (the singular and plural English names and the Chinese name of every currency in the dated rate
table, rates.toml), so that a currency gains its names when it gains a rate. Babel was chosen because it
is the maintained Python carrier of CLDR: hand-typing two hundred currency names would drift from it.

A few names that papers use and CLDR does not are listed by hand (`LOCAL_NAMES`).
"""

from __future__ import annotations

from collections.abc import Iterable

# Names in common use that CLDR does not give, with the currency they stand for in trafficking news:
# Lebanon's and Syria's papers call their pound the lira; Iranian prices are said in rials or tomans
# (ten rials, `TOMAN`); a bare dinar in this news is Iraq's (a post naming another's says so: "Jordanian
# dinars" is CLDR's); a bare rial is Iran's (Oman's and Yemen's are named with the country).
LOCAL_NAMES = {
    "lebanese lira": "LBP", "lebanese liras": "LBP", "syrian lira": "SYP", "syrian liras": "SYP",
    "rials": "IRR", "rial": "IRR", "tomans": "IRR", "toman": "IRR", "dinars": "IQD", "dinar": "IQD",
    "riyal": "SAR", "dirham": "AED", "francs cfa": "XOF", "cfa franc": "XOF",
}  # fmt: skip
# A toman is ten rials: the amount is multiplied as a lakh's is.
TOMAN = {"tomans": 10.0, "toman": 10.0}


def cldr_names(codes: Iterable[str]) -> dict[str, str]:
    """Lower-case English (singular and plural) and Chinese (Simplified) CLDR names → currency code, for
    `codes`. A name two currencies share is left out (none do among the rate table's today)."""
    from babel.core import Locale
    from babel.numbers import get_currency_name

    english, chinese = Locale("en"), Locale("zh")
    seen: dict[str, set[str]] = {}
    for code in codes:
        names = {
            get_currency_name(code, count=1, locale=english),
            get_currency_name(code, count=2, locale=english),
            get_currency_name(code, locale=english),
            get_currency_name(code, locale=chinese),
        }
        for name in names:
            if name and name != code:  # Babel answers an unknown code with the code itself
                seen.setdefault(name.lower(), set()).add(code)
    return {name: next(iter(found)) for name, found in seen.items() if len(found) == 1}
