"""Extractors on phrasings from real posts and reports: prices, child facts, contacts, places, numbers."""

from __future__ import annotations

import pytest

from huijia.analyse.child import extract_child
from huijia.analyse.contacts import extract_contacts
from huijia.analyse.pipeline import stated_price
from huijia.analyse.places import extract_places
from huijia.analyse.price import extract_prices, is_small, main_price, small_price_asked
from huijia.text.fold import fold, squeeze
from huijia.text.numbers import parse_number


@pytest.mark.parametrize(
    ("numeral", "expected"),
    [
        ("3万", (30000, 30000)),
        ("三万", (30000, 30000)),
        ("八万八", (88000, 88000)),
        ("6万8", (68000, 68000)),
        ("4万5千", (45000, 45000)),
        ("4.5万", (45000, 45000)),
        ("1.5w", (15000, 15000)),
        ("30k", (30000, 30000)),
        ("30,000", (30000, 30000)),
        ("十几万", (110000, 190000)),
        ("八九万", (80000, 90000)),
        ("十万", (100000, 100000)),
        ("一百二十万", (1200000, 1200000)),
        ("三千五", (3500, 3500)),
        ("两三", (2, 3)),
    ],
)
def test_numerals_as_posts_write_them(numeral: str, expected: tuple[int, int]) -> None:
    assert parse_number(numeral) == expected


def test_fold_keeps_length_and_reads_traditional_fullwidth_and_invisible_characters() -> None:
    original = "出售男嬰，營養費３萬\u200b，ＱＱ：１２３４５"
    folded = fold(original)
    assert len(folded) == len(original)
    assert folded == "出售男婴,营养费3万 ,qq:12345"


def test_squeeze_undoes_spacing_tricks_and_maps_back() -> None:
    folded = fold("男 宝 出 售，价格私聊")
    squeezed = squeeze(folded)
    assert squeezed is not None
    text, where = squeezed
    assert text.startswith("男宝出售")
    assert [folded[i] for i in where[:4]] == list("男宝出售")


def prices(text: str) -> list[dict[str, object]]:
    return [p.to_dict() for p in extract_prices(fold(text), english=text.isascii())]


@pytest.mark.parametrize(
    ("text", "amount", "amount_max", "currency", "cny", "term"),
    [
        ("本人湖南的，男宝刚满两个月，营养费3万，有意私聊", 30000, None, "CNY", 30000, "营养费"),
        ("Anyone willing to give me 30,000 yuan, the baby will be yours.", 30000, None, "CNY", 30000, None),
        ("营养费八九万，可谈", 80000, 90000, "CNY", 80000, "营养费"),
        ("感谢费两万就行", 20000, None, "CNY", 20000, "感谢费"),
        ("要价6万8", 68000, None, "CNY", 68000, "要价"),
        ("价格3万到5万", 30000, 50000, "CNY", 30000, "价格"),
        ("3-5万都行", 30000, 50000, "CNY", 30000, None),
        ("Baby for sale, $16,000", 16000, None, "USD", 113600, None),
        ("Female baby, 90K", 90000, None, "CNY", 90000, None),
        ("营养费：30000元", 30000, None, "CNY", 30000, "营养费"),
    ],
)
def test_stated_prices(
    text: str, amount: int, amount_max: int | None, currency: str, cny: int, term: str | None
) -> None:
    first = prices(text)[0]
    assert first == {
        "amount": amount,
        "amount_max": amount_max,
        "currency": currency,
        "cny": cny,
        "term": term,
    }


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("在这里生下孩子,男孩80万奈拉,女孩70万奈拉", 800000, "NGN"),
        ("这个孩子卖了2万卢比", 20000, "INR"),
        ("I asked for 50,000 afghanis for my daughter", 50000, "AFN"),
        ("She wanted KSh 50,000 for the baby", 50000, "KES"),
        ("The baby was offered for 30,000 rand", 30000, "ZAR"),
        ("a sum of five million yen was to be paid", 5000000, "JPY"),
        ("they paid 200,000 Egyptian pounds for the boy", 200000, "EGP"),
        # the currency named with its country, as news writes a foreign one
        ("女孩5万肯尼亚先令,男孩8万肯尼亚先令", 50000, "KES"),
        ("they asked 6,500 Mexican pesos for their newborn son", 6500, "MXN"),
        ("孩子卖了15万菲律宾比索", 150000, "PHP"),
    ],
)
def test_currencies_of_the_countries_quoted_pages_report_from(text: str, amount: int, currency: str) -> None:
    first = prices(text)[0]
    assert (first["amount"], first["currency"]) == (amount, currency)
    assert first["cny"] is not None and first["cny"] > 0  # every currency has a rate


def test_pound_price_converted_with_the_dated_rate_table() -> None:
    found = prices("give me 30,000 yuan (£3,400)")
    assert [p["currency"] for p in found] == ["CNY", "GBP"]
    assert found[1]["amount"] == 3400
    assert 25000 < found[1]["cny"] < 40000  # type: ignore[operator]


@pytest.mark.parametrize(
    "text",
    ["宝宝两个月，体重12斤", "QQ 2189419893", "孕7个月，2020年预产", "我家孩子3岁了", "早上8点见"],
)
def test_ages_weights_dates_and_handles_are_not_prices(text: str) -> None:
    assert prices(text) == []


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("I sold my baby for N130k out of frustration", 130_000),
        ("the fee for a boy is between N800000 to a million", 800_000),
        ("I sold the baby for N3.5 million.", 3_500_000),
        ("he sold his child last year for N1.5million", 1_500_000),
        ("I told her I would buy the baby for N950,000.", 950_000),
        ("to raise the money, about N1.3m", 1_300_000),
    ],
)
def test_naira_written_as_a_bare_n_before_the_digits(text: str, amount: int) -> None:
    (price,) = prices(text)
    assert (price["amount"], price["currency"]) == (amount, "NGN")
    assert 0 < price["cny"] < amount  # type: ignore[operator]


@pytest.mark.parametrize(
    "text",
    [
        "staff must wear N95 masks near the baby",  # a mask, not N95 naira
        "Sh500 for the matatu",  # under the floor, as for naira: fare money
        "my son sh2 is fine",
        "I want to adopt a baby girl, DM me on IG @sh2019",  # a handle: Sh needs a grouped or scaled sum
        "Shure SH1500 headphones for my son",
        "call sh0722123456",
        "N500 for the bus",  # under the naira floor: fare money, never a child's price
        "the boy was last seen on 4/8/14 at 1400 hours in the 2300 block of North Charles St.",
        "1.5 million children are missing",  # a count in millions is no sum
        "the baby is 5m from the road",
        "宝宝今天跑了1500m",  # metres, not a round sum
    ],
)
def test_masks_clock_times_streets_and_counts_are_not_prices(text: str) -> None:
    assert prices(text) == []


def test_a_bare_m_after_wan_is_no_million() -> None:
    (price,) = extract_prices(fold("营养费3万 m"), english=False)
    assert (price.amount, price.span) == (30000, (3, 5))


def test_an_n_before_digits_in_a_chinese_post_is_a_handle_not_naira() -> None:
    assert [(p["amount"], p["currency"]) for p in prices("微信n13800138000 男宝 3万")] == [(30000, "CNY")]
    assert prices("男宝送养 n1 000 000") == []  # grouped by spaces too


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("I asked for 50,000. We are still discussing.", 50_000, "CNY"),  # no currency named: yuan
        ("she offered the baby for 3.5 million", 3_500_000, "CNY"),
        ("sold for $1.2 million", 1_200_000, "USD"),
        ("offered for sale at GH¢30,000 each", 30_000, "GHS"),
        ("A woman sold the newborn for 3 million won", 3_000_000, "KRW"),
        ("she offered him for sale for 20,000 riel", 20_000, "KHR"),
        ("to give their newborn son to a woman for 6,500 MXN", 6_500, "MXN"),
    ],
)
def test_sums_in_millions_and_more_currencies_of_english_posts(text: str, amount: int, currency: str) -> None:
    (price,) = prices(text)
    assert (price["amount"], price["currency"]) == (amount, currency)


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        # the signs and codes that papers in Bangladesh, Uganda, Kenya, Malawi, Indonesia, South Africa, the
        # Philippines, Viet Nam and Papua New Guinea put before or after a sum
        ("offering Tk50,000 for a boy and Tk30,000 for a girl", 50_000, "BDT"),
        ("he sold his daughter to a herbalist at Shs 9 million", 9_000_000, "UGX"),
        ("the buyer paid UGX 500,000 for the infant", 500_000, "UGX"),
        ("she wanted Ksh.20,000 for the newborn", 20_000, "KES"),
        ("offering him the boy at a cost of MK1 million", 1_000_000, "MWK"),
        ("the baby was sold for Rp 10 million", 10_000_000, "IDR"),
        ("the women sold the 6-month-old baby to a couple for R2 500", 2_500, "ZAR"),
        ("agreed to sell her baby for P60,000 to an agent", 60_000, "PHP"),
        ("the price for the baby was 4 million VND ($250 USD)", 4_000_000, "VND"),
        ("a boy for 4 million dong", 4_000_000, "VND"),
        ("children are being sold for 50 kina, 400 kina", 50, "PGK"),
        ("the child was sold for 500 000 FCFA", 500_000, "XOF"),
        ("she promises to sell her baby for PLN 6,000", 6_000, "PLN"),
        ("the baby was sold for 5 million đồng", 5_000_000, "VND"),
        # thousands grouped by dots, as Indonesian and West African papers write them
        ("Rp 250.000 for the baby", 250_000, "IDR"),
        ("the child was sold for 500.000 FCFA", 500_000, "XOF"),
        ("the boy was offered for Rp 15.000.000", 15_000_000, "IDR"),
    ],
)
def test_currencies_of_the_countries_the_papers_report_from(text: str, amount: int, currency: str) -> None:
    _first_sum_is(text, amount, currency)


def _first_sum_is(text: str, amount: int, currency: str) -> None:
    first = prices(text)[0]
    assert (first["amount"], first["currency"]) == (amount, currency)
    assert first["cny"] is not None and first["cny"] > 0  # every currency read has a rate


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        # a currency named with its country, by the names CLDR gives (and the papers' own: Lebanese lira)
        ("selling their newborn baby girl for 7 million Lebanese Lira ($4,600 US dollars)", 7_000_000, "LBP"),
        ("the parents sold their son for 10 million Iraqi dinars", 10_000_000, "IQD"),
        ("the suspects sold two children for four million dinars", 4_000_000, "IQD"),
        ("They gave me 600 million rials (about $650)", 600_000_000, "IRR"),
        ("the triplets were sold for 40 million tomans each", 400_000_000, "IRR"),  # a toman is 10 rials
        ("she asked 5,000 Jordanian dinars for the boy", 5_000, "JOD"),
        ("sold for 200,000 Central African CFA francs", 200_000, "XAF"),
        ("she sold her for 30,000 Hong Kong dollars", 30_000, "HKD"),
        ("the baby went for 3,000 Egyptian pounds", 3_000, "EGP"),
        ("男婴以5万伊拉克第纳尔卖出", 50_000, "IQD"),
        # a sign many currencies write gives way to the unit word after the sum
        ("$20 thousand naira for the boy", 20_000, "NGN"),
        ("¥50000日元 卖孩子", 50_000, "JPY"),
        ("£3,000 Egyptian pounds for the girl", 3_000, "EGP"),
    ],
)
def test_currencies_named_with_their_country(text: str, amount: int, currency: str) -> None:
    _first_sum_is(text, amount, currency)


def test_every_currency_name_and_sign_has_a_rate() -> None:
    from huijia.analyse.price import SYMBOLS, UNITS, rates

    assert set(UNITS.values()) | set(SYMBOLS.values()) <= set(rates().to_cny)


def test_a_likeness_in_money_words_is_no_sum() -> None:
    assert prices("I finally had the balls to ask her out. I feel like a million bucks") == []
    assert prices("after two weeks of care the kittens look like a million dollars") == []
    assert prices("Thanks to all of your comments I now feel like FIVE million bucks!") == []
    for text, amount in [
        ("I'll give you a million dollars for her", 1_000_000),
        ("I would like two thousand dollars for her", 2_000),  # a seller's own wording
        ("they want like ten thousand dollars for the boy", 10_000),
    ]:
        assert [(p["amount"], p["currency"]) for p in prices(text)] == [(amount, "USD")]


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("He wanted £5 grand for the baby", "GBP"),  # grand says thousands, not dollars
        ("The $5,000 won't be enough for the baby", "USD"),  # won't is no won
        ("a $5 pound cake for my son's party", "USD"),  # a pound of cake
        ("£2 lakh for the girl", "GBP"),
    ],
)
def test_a_shared_sign_keeps_its_currency_before_a_word_that_is_not_money_only(
    text: str, currency: str
) -> None:
    assert prices(text)[0]["currency"] == currency


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        # the bare name of a currency several countries share is that of the country the text names
        ("Police in Amman said the baby was sold for 3,000 dinars", 3_000, "JOD"),
        ("In Beirut the boy was sold for 50 million lira", 50_000_000, "LBP"),
        ("a Syrian mother in Aleppo sold her son for 2 million lira", 2_000_000, "SYP"),
        ("the broker in Kigali asked 500,000 francs for the baby", 500_000, "RWF"),
        ("in Muscat she asked 2,000 rials for the girl", 2_000, "OMR"),
        ("Omani police: baby sold for 2,000 rials", 2_000, "OMR"),
        # where the sale took place outranks whose nationals took part
        ("In Istanbul, police arrested a Syrian woman who sold her baby for 5,000 lira", 5_000, "TRY"),
        ("In Lebanon, a Syrian refugee mother sold her baby for 2 million lira", 2_000_000, "LBP"),
        # words that only look like a country
        ("she ate swiss roll and sold the baby for 50,000 francs", 50_000, "XOF"),
        ("the guinea pig and the baby were sold for 50,000 francs", 50_000, "XOF"),
        ("在赤道几内亚以5万法郎卖掉孩子", 50_000, "XAF"),
        ("sold at 500,000 franc", 500_000, "XOF"),
        ("在伊朗以3000万里亚尔卖掉孩子", 30_000_000, "IRR"),
        # rupees, by name or by "Rs", are India's unless a place or people of another rupee is nearer
        ("Police in Lahore said the baby was sold for Rs 50,000", 50_000, "PKR"),
        ("In Kathmandu the broker took Rs. 50,000 for the baby", 50_000, "NPR"),
        ("a Sri Lankan man tried to sell his grandchildren for 100,000 rupees", 100_000, "LKR"),
        ("An Indian broker in Karachi asked Rs 40,000", 40_000, "PKR"),
        ("在巴基斯坦，孩子卖了5万卢比", 50_000, "PKR"),
        ("Rs 50,000 for the baby in Mumbai", 50_000, "INR"),
        # shillings, by name or by "Sh", are Kenya's unless Uganda or Tanzania is named nearer
        ("The suspect asked Nanjala for Sh1,200 in exchange for the baby", 1_200, "KES"),
        ("In Kampala she sold the baby for 500,000 shillings", 500_000, "UGX"),
        ("A woman in Dar es Salaam sold her son for Sh1,200,000", 1_200_000, "TZS"),
        ("a Ugandan broker in Nairobi asked Sh50,000 for the boy", 50_000, "KES"),
        ("Police in Hyderabad, Sindh said the baby was sold for Rs 50,000", 50_000, "PKR"),
        ("In Lahore the baby was sold for 2 lakh rupees", 200_000, "PKR"),
        # K: Zambia's kwacha unless Malawi, Papua New Guinea or Myanmar is named nearer
        ("The suspect was given a down payment of K1,500 to convince her to sell the baby", 1_500, "ZMW"),
        ("Police in Lusaka say he tried to sell his four months old boy for K15 million", 15_000_000, "ZMW"),
        ("A young mother in Kokopo sold her newborn baby for K500 to a family", 500, "PGK"),
        ("In Lilongwe a man tried to sell his son for K200,000", 200_000, "MWK"),
        ("A Burmese mother in Yangon sold her daughter for K300,000", 300_000, "MMK"),
        ("A Burmese woman sold her baby for K300,000, police said.", 300_000, "MMK"),
        ("Price: K5,000 for the baby", 5_000, "ZMW"),
        ("in Zambia, the baby was sold for 50,000 kwacha", 50_000, "ZMW"),
        ("the baby was sold for 50,000 kwacha", 50_000, "MWK"),
        # dollars, by name or by $, are the United States' unless another dollar's country is named nearer;
        # ¥ is the yuan unless Japan is
        ("one Singaporean teenager asked for and received $18,000 when she gave up her baby", 18_000, "SGD"),
        ("In Sydney a couple paid $20,000 for the baby", 20_000, "AUD"),
        ("In Toronto she sold the baby for 5,000 dollars", 5_000, "CAD"),
        ("A Texas couple paid a Canadian agency $20,000", 20_000, "USD"),
        # people, cats and mountains named like American places
        ("Phoenix, 23, of Brisbane, sold her baby for $4,000", 4_000, "AUD"),
        ("A Maine coon kitten in Sydney for $2,000", 2_000, "AUD"),
        ("For us parents in Sydney, childcare costs $150 a day", 150, "AUD"),
        ("Carolina, 24, from Toronto, sold her baby for $3,000", 3_000, "CAD"),
        ("Boston terrier puppies, Melbourne, $2,500", 2_500, "AUD"),
        # an American story names its own place first and other countries in passing
        ("An Indiana woman who once lived in Canada tried to sell her baby for $5,000.", 5_000, "USD"),
        ("A Philadelphia mother sold her baby for $5,000 to a couple from Toronto.", 5_000, "USD"),
        ("A US couple paid $10,000 to a surrogate mother in Canada.", 10_000, "USD"),
        ("She was paid 4,600 U.S. dollars in Canada.", 4_600, "USD"),
        ("She gave away her baby in exchange for $8,000.", 8_000, "USD"),
        ("sold for $4,600 US dollars in Canada", 4_600, "USD"),
        ("the baby was sold in China for ¥30,000", 30_000, "CNY"),
        ("日本花王纸尿裤 ￥200，男宝3万", 200, "CNY"),
        ("男宝出生3天，￥50000，在Osaka工作的朋友帮忙", 50_000, "CNY"),
        ("Selling Japanese baby formula ¥200, baby boy ¥30,000", 200, "CNY"),
        # a people named is no place: the place outranks it
        ("Delhi police: a Pakistani woman sold her baby for Rs 50,000", 50_000, "INR"),
        ("毛里求斯是印度洋岛国，孩子以10万卢比卖掉", 100_000, "MUR"),
        ("Rs 2.70 lakh for a girl", 270_000, "INR"),
        # and otherwise that of the country whose news of child sales uses the word most
        ("the suspects sold two children for four million dinars", 4_000_000, "IQD"),
        ("the baby was sold for 500,000 francs", 500_000, "XOF"),
    ],
)
def test_a_shared_currency_name_takes_the_country_the_text_names(
    text: str, amount: int, currency: str
) -> None:
    first = prices(text)[0]
    assert (first["amount"], first["currency"]) == (amount, currency)


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("In Lagos, Nigeria, she asked for 50,000 for the baby boy.", 50_000, "NGN"),
        ("Nigerian police said she sold the baby for 300,000.", 300_000, "NGN"),
        # the place named nearest the sum, before a people named
        ("A Filipino couple in Kenya paid 30,000 for the girl.", 30_000, "KES"),
        ("In Hong Kong a couple paid 200,000 for the baby.", 200_000, "HKD"),
        # a post that names no place: yuan, as every bare sum was before
        ("She asked for 50,000 for the baby.", 50_000, "CNY"),
        # a Chinese post's bare sum is yuan whatever it names
        ("尼日利亚的男宝，50000", 50_000, "CNY"),
    ],
)
def test_a_bare_sum_in_an_english_post_is_the_money_of_the_country_named(
    text: str, amount: int, currency: str
) -> None:
    first = prices(text)[0]
    assert (first["amount"], first["currency"]) == (amount, currency)


def test_a_processor_model_is_no_sum_in_thousands() -> None:
    # i7 3770k was read as 3.77 million; a sum in thousands is written 3.5k or 35k
    assert [(p["amount"], p["currency"]) for p in prices("[USA] [H] i7 3770k [W] paying for 250")] == [
        (250, "USD")
    ]
    assert [p["amount"] for p in prices("asking 3.5k for it, or 35k for the lot")] == [3_500, 35_000]


def test_yen_where_an_english_post_names_japan_and_yuan_in_a_chinese_post() -> None:
    # the sign is no ASCII: the pipeline's "English" is a post with no Chinese character
    def first(text: str, english: bool) -> tuple[float, str]:
        price = extract_prices(fold(text), english=english)[0]
        return price.amount, price.currency

    assert first("In Japan the broker asked ¥2.7 million for the boy", True) == (2_700_000, "JPY")
    assert first("A Japanese broker asked ¥2.7 million for the boy", True) == (2_700_000, "JPY")
    assert first("Japanese people paid ¥1 million for the boy", True) == (1_000_000, "JPY")
    assert first("Selling Japanese baby formula ¥200, baby boy ¥30,000", True) == (200, "CNY")
    assert first("Selling Japanese baby wipes ¥200, baby boy ¥30,000", True) == (200, "CNY")
    assert first("男宝出生3天，￥50000，在Osaka工作的朋友帮忙", False) == (50_000, "CNY")


def test_a_dollar_sum_in_brackets_after_a_sum_is_the_outlets_conversion_to_us_dollars() -> None:
    found = prices("A Hong Kong couple paid HK$40,000 ($5,100) for the baby")
    assert [(p["amount"], p["currency"]) for p in found] == [(40_000, "HKD"), (5_100, "USD")]
    found = prices("In Toronto 3 babies ($5,000 each) were sold")
    assert [(p["amount"], p["currency"]) for p in found] == [(5_000, "CAD")]
    found = prices("A Taiwanese broker sold the baby for NT$300,000, or about $9,500.")
    assert [(p["amount"], p["currency"]) for p in found] == [(300_000, "TWD"), (9_500, "USD")]
    # a dollar sum before is no other currency: the second is a share or a difference, in the same dollars
    found = prices("In Sydney, the twins cost us $60,000 (about $30,000 each)")
    assert [p["currency"] for p in found] == ["AUD", "AUD"]
    # nor a letter and a small number (a vitamin, a room)
    assert [p["currency"] for p in prices("Auckland: vitamin K2 (about $25 a bottle)")] == ["NZD"]
    # a year or a bare number before is no sum converted
    found = prices("In Sydney, babies were sold in 2023, some $10,000 each")
    assert [(p["amount"], p["currency"]) for p in found] == [(10_000, "AUD")]
    # after a letter sign, with "about" in the bracket, and after a long sum
    for text, first in (
        ("In Toronto, Sh50,000 ($500) for the boy", (50_000, "KES")),
        ("In Sydney, N500,000 (about $1,200) for the boy", (500_000, "NGN")),
        ("In Taiwan, NT$1,300,000,000.00, equivalent to roughly $40 million", (1_300_000_000, "TWD")),
    ):
        found = prices(text)
        assert (found[0]["amount"], found[0]["currency"]) == first
        assert found[1]["currency"] == "USD", text


def test_kuwaiti_dinars_by_their_letters_where_paid_or_in_kuwait() -> None:
    first = prices("She usually sold the babies for KD 250 each to childless couples")[0]
    assert (first["amount"], first["currency"]) == (250, "KWD")
    first = prices("In Kuwait the couple paid the broker in cash: KD 3000 for the boy")[0]
    assert (first["amount"], first["currency"]) == (3000, "KWD")
    # a gamer's kill/death ratio, a player's initials, a binding constant
    for text in (
        "my kd 2.5 this season and my son cheered", "KD 2014 MVP season", "The Kd 150 nM binding affinity",
        "My baby boy for sale, KD 2014 shirt included", "My kd 250 games this season",
    ):  # fmt: skip
        assert prices(text) == [], text


@pytest.mark.parametrize(
    "text",
    [
        "my son's K9 unit toy", "the K12 school my daughter goes to", "climbing K2 with the kids",
        "K500 for the baby", "In Malawi the baby K9 unit found 12 children",
        # a vitamin's dose, models, views and goods' worth: grouped or scaled, but not paid or priced
        "Selling vitamin K2 100 mcg for pregnant women and babies, DM me",
        "Vitamin D3 + K2 200mcg drops for my newborn", "The K1,500 series trucks for my son",
        "He got K15 million views on his baby video", "Giving away my newborn's clothes, about K2,000 worth",
        # words that only look like a country's places or people
        "Kasama ko ang anak ko, bayad K500", "Burmese kittens for sale K500 each", "Mandalay Bay K100 buffet",
        "Item for sale: K1,500 series camera", "Burmese cat kittens for sale K300,000",
    ],
)  # fmt: skip
def test_a_k_before_digits_is_money_only_grouped_scaled_or_where_its_country_is_named(text: str) -> None:
    assert prices(text) == []


def test_pounds_before_a_word_for_a_payment_are_money_not_a_weight() -> None:
    # a quoted 1890s election jibe (data/quoted/en_pages_6.jsonl)
    found = prices("Here's our 5 pound Bonus for the baby, madam, and don't you forget it at the elections.")
    assert [(p["amount"], p["currency"]) for p in found] == [(5, "GBP")]
    paid = (
        ("a 10 pound reward for the dog", 10),
        ("I will give you a 20 pound note for her", 20),
        ("he paid a 50 pound fine", 50),
    )
    for text, amount in paid:
        assert [(p["amount"], p["currency"]) for p in prices(text)] == [(amount, "GBP")], text
    # a newborn's weight before the words a proud parent puts after it
    weights = (
        "a 7 pound baby boy",
        "a perfect 7 pound gift from God",
        "her 8 pound bonus baby",
        "a 9 pound bonus after two miscarriages",
        "Baby was 6 pound fine",
        "a 7 pound reward baby",
        "a 7 pound tip-top boy",
        "8 pounds. Note: he eats well",
    )
    for weight in weights:
        assert prices(weight) == [], weight


def test_a_small_sum_in_words_is_money_with_a_word_that_names_money_only() -> None:
    """As "$5" is money however small, so is "five dollars": shown when the post states no other sum."""
    found = prices("I'll give you five dollars for him.")
    assert [(p["amount"], p["currency"]) for p in found] == [(5, "USD")]
    assert prices("a healthy baby of seven pounds") == []  # a weight
    assert prices("we have five kids") == []
    # only a sum wholly in words: "$5 and fifty" is the digits' $5, "a five dollar bill" no six dollars
    for text, amount in (("It costs $5 and fifty cents", 5), ("I paid $20 two times", 20)):
        assert [(p["amount"], p["currency"]) for p in prices(text)] == [(amount, "USD")]
    assert prices("a five dollar bill") == [] and prices("I have a yen for sushi") == []


def test_cents_said_after_dollars_in_words_are_part_of_the_sum() -> None:
    text = "The total cost of adoption is Forty-seven Dollars and Fifty cents ($47.50)"
    first = prices(text)[0]
    assert (first["amount"], first["currency"]) == (47.5, "USD")


def test_tomans_are_ten_rials_at_both_ends_of_a_range() -> None:
    price = prices("the price was between 50,000 and 60,000 tomans")[0]
    assert (price["amount"], price["amount_max"], price["currency"]) == (500_000, 600_000, "IRR")
    assert prices("The 300 Toman brothers played at the wedding") == []  # Toman is a surname too
    # a sign that names another currency keeps its sum: tomans convert only rials
    assert [(p["amount"], p["currency"]) for p in prices("he paid €5 million tomans")] == [(5_000_000, "EUR")]


@pytest.mark.parametrize(
    "text", ["three hundred lei for graduation", "five hundred php scripts", "two hundred cad drawings"]
)
def test_sums_in_words_take_only_words_that_name_money(text: str) -> None:
    assert prices(text) == []


def test_sums_in_words_take_any_currency_word_after_a_scale() -> None:
    first = prices("She agreed to sell the unborn baby for eight million dong ($500)")[0]
    assert (first["amount"], first["currency"]) == (8_000_000, "VND")


def test_the_gate_sees_a_sum_with_a_scale_before_its_currency_name() -> None:
    from huijia.analyse.pipeline import has_money

    assert has_money(fold("sold the baby for 50 million tomans"))
    assert has_money(fold("four million Iraqi dinars for two children"))
    assert not has_money(fold("my son is 5 months old"))


def test_the_gate_sees_naira_printed_with_a_space_after_the_comma_and_shillings_scaled() -> None:
    """Nigerian papers print N10, 000: the gate must see the sum as it sees N10,000, or a post with a
    child and only that sum is turned away and its finding shows no price."""
    from huijia.analyse.pipeline import Analyser, has_money

    text = "So I told the pastor to take the baby away for N10, 000."
    assert has_money(fold(text)) and has_money(fold(text.replace(", ", ",")))
    assert not has_money(fold("my son is 2, 300 days old")) and not has_money(fold("n1, 2345 and n12, 34"))
    price = Analyser(second_reading=False).analyse(text, "m").price
    assert price is not None and (price.amount, price.currency) == (10_000, "NGN")
    # shillings scaled, as East African papers write them
    scaled = "So I told the pastor to take the baby away for Sh1.2 million."
    assert has_money(fold(scaled)) and has_money(fold("the couple sold the boy for sh20m"))
    price = Analyser(second_reading=False).analyse(scaled, "m").price
    assert price is not None and (price.amount, price.currency) == (1_200_000, "KES")


@pytest.mark.parametrize(
    "text",
    [
        "宝宝满月了 qq: shs12345678", "二胎宝宝终于出生了，感谢大家，微信tk2019888",
        "宝宝满月酒请大家吃饭 vx: mk1314520",
        "孕早期TSH 3.2，宝宝会受影响吗", "Newborn screening came back with TSH 25, baby needs retest",
        "Baby shoes with 2 soles", "models between R1000 and R2000 for my son",
    ],
)  # fmt: skip
def test_handles_hormones_and_model_numbers_are_no_sums(text: str) -> None:
    # a currency code glued to a long run of digits is a handle, and in a Chinese post the foreign codes are
    # letters of a handle; TSH is a thyroid test
    assert prices(text) == []


def test_a_dotted_number_a_scale_follows_is_a_decimal() -> None:
    assert [(p["amount"], p["currency"]) for p in prices("$1.250 million for twins")] == [(1_250_000, "USD")]
    assert [(p["amount"], p["currency"]) for p in prices("$1.2bn in the accounts")] == [
        (1_200_000_000, "USD")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "my son wants the R2000 camera", "see page p1200 for the baby's chart",
        "the Golf MK7 and the baby seat", "last seen mar2 2012 near the transit center",
        "R2-D2 toy for my boy",
    ],
)  # fmt: skip
def test_letters_before_digits_that_are_models_pages_and_dates_are_no_sums(text: str) -> None:
    assert prices(text) == []


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("the boy was bought for 150 000 yuan [21 416 dollars] from a woman", 150_000, "CNY"),
        ("tried to sell the baby for 13 000 euro to undercover police officers", 13_000, "EUR"),
        ("faked the death of a day-old baby and sold her for $3 600.", 3_600, "USD"),
        ("男宝一个月，营养费 150 000元", 150_000, "CNY"),
        ("she wants 1 000 000 naira for the baby", 1_000_000, "NGN"),
        # the comma kept before the space, kobo after, as Nigerian posts type a sum
        ("I want to sell him for N40, 000.00. I am suffering", 40_000, "NGN"),
        ("took the child and sold to the soldier for N200, 000,", 200_000, "NGN"),
    ],
)
def test_thousands_grouped_by_spaces(text: str, amount: int, currency: str) -> None:
    first = prices(text)[0]
    assert (first["amount"], first["currency"]) == (amount, currency)


@pytest.mark.parametrize(
    "text",
    [
        "the baby was born 2 020 days after", "call 138 000 0000 now", "room 1 200 on floor 3 500",
        "I have 3, 000 reasons", "在 1, 200 米处",
    ],
)  # fmt: skip
def test_numbers_grouped_by_spaces_without_a_currency_are_not_prices(text: str) -> None:
    assert not any(p["amount"] and p["amount"] >= 1000 for p in prices(text))


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        # the price of goods by the piece on the way to the sum asked (a Kenyan seller, quoted by a newspaper)
        (
            "she indicated that she had used five packets of diapers and with each retailing at Ksh240, "
            "I should give her Ksh1,200 and she would give me the baby",
            1_200, "KES",
        ),
        ("nappies cost 150 rupees each, she wants 20,000 rupees for the baby", 20_000, "INR"),
        ("尿布每包120元，奶粉每罐300元，营养费2万", 20_000, "CNY"),
        # a price of a child, or what each person pays, by the piece is the price
        ("男婴每个10万，办证另加5000元", 100_000, "CNY"),
        ("each baby costs $5,000, papers $500 extra", 5_000, "USD"),
        ("几乎每一位领妈出价都在4万元左右，送养人的补偿要求一般在3万到10万元", 40_000, "CNY"),
        # a child's price by the piece over a total that comes first; a person's share by the piece is no
        # child's price, so the first sum stays
        ("the gang took in 2.4 million yuan, 30,000 yuan for each baby", 30_000, "CNY"),
        ("the gang took in 2.4 million yuan, selling the babies for 30,000 yuan each", 30_000, "CNY"),
        ("团伙共获利60万元，每个婴儿卖价3万元", 30_000, "CNY"),
        ("工钱共计1500元，每人120元", 1_500, "CNY"),
        # — but not goods, a fee or an add-on by the piece in a child's clause, nor a second child's price
        ("Selling my baby for $5,000. Baby clothes $150 each, the stroller $200.", 5_000, "USD"),
        ("For $6,000 you get the baby, and the birth certificate is $500 per child extra.", 6_000, "USD"),
        ("Adoption fee is $25,000, plus $300 per child for the home study.", 25_000, "USD"),
        ("孩子卖5万，宝宝衣服每件200元", 50_000, "CNY"),
        ("出售男婴，价格8万元，娃娃玩具每个300元", 80_000, "CNY"),
        ("男宝6万，女宝每个4万", 60_000, "CNY"),
        # several prices of the child: the first
        ("刚怀上,男女未知,男婴10万、女婴8万,预售8万", 100_000, "CNY"),
        ("If you need a girl, then the price would be Rs 2.70 lakh. If the baby is close to three kilos, "
         "then the price would go up to Rs 3 lakh.", 270_000, "INR"),
    ],
)  # fmt: skip
def test_the_main_price_is_the_sum_asked_not_a_price_of_goods_by_the_piece(
    text: str, amount: int, currency: str
) -> None:
    folded = fold(text)
    price = main_price(extract_prices(folded, english=text.isascii()), folded)
    assert price is not None and (price.amount, price.currency) == (amount, currency)


@pytest.mark.parametrize("text", ["人在广州，男宝30000", "年前生的男宝，30000", "点进来看，女宝20000可谈"])
def test_a_price_is_found_whatever_word_the_post_opens_with(text: str) -> None:
    """The words that say a number is no sum (人, 年, 点 after it: 3人, 3年, 8点) are looked for after the
    number, not at the start of the post."""
    assert [p["currency"] for p in prices(text)] == ["CNY"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本人湖南的，男宝刚满两个月", {"gender": "male", "age_days": 60, "unborn": False, "count": 1}),
        ("出生8天男宝", {"gender": "male", "age_days": 8}),
        ("十天健康婴儿", {"gender": None, "age_days": 10}),
        ("55天女婴", {"gender": "female", "age_days": 55}),
        # a date is not an age: 8 months, 11 days
        ("寻人启事：2019年8月11日在郑州火车站走失男孩，5岁", {"gender": "male", "age_days": 5 * 365}),
        ("3月5号出生的女宝", {"gender": "female", "age_days": None}),
        ("怀孕七个月，男女未知", {"gender": None, "unborn": True, "pregnancy_month": 7, "age_days": None}),
        ("孕32周女宝", {"gender": "female", "unborn": True, "pregnancy_month": 9}),
        ("龙凤胎送养", {"gender": None, "count": 2}),
        ("Mu is five months pregnant", {"unborn": True, "pregnancy_month": 5}),
        (
            "I am an 18-year-old girl with a two month-old baby of perfect physical health",
            {"gender": None, "age_days": 60, "unborn": False},
        ),
    ],
)
def test_child_facts(text: str, expected: dict[str, object]) -> None:
    child = extract_child(fold(text)).to_dict()
    assert {key: child[key] for key in expected} == expected


def test_due_month_takes_its_year_from_the_message_time() -> None:
    assert extract_child(fold("预产期十月"), (2026, 3)).due == "2026-10"
    assert extract_child(fold("预产期二月"), (2026, 11)).due == "2027-02"
    assert extract_child(fold("预产期十月")).due is None  # no year known: not guessed


def contacts(text: str) -> list[tuple[str, str]]:
    return [(c.kind, c.value) for c in extract_contacts(fold(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "QQ:2189419893，微信:baby_73226，电话13812345678",
            [("qq", "2189419893"), ("wechat", "baby_73226"), ("phone", "+8613812345678")],
        ),
        ("加V:lx_123456 手机 139-1234-5678", [("wechat", "lx_123456"), ("phone", "+8613912345678")]),
        ("扣扣 876543210", [("qq", "876543210")]),
        ("电话138****5678", [("phone", "138****5678")]),
        ("wei信 一三八一二三四五六七八", [("phone", "+8613812345678")]),
        ("微信同号15912345678", [("phone", "+8615912345678")]),
        (
            "contact me on telegram @babyhome88 or babyhome@mail.com",
            [("telegram", "@babyhome88"), ("email", "babyhome@mail.com")],
        ),
        ("我家孩子两个月了", []),
    ],
)
def test_contacts(text: str, expected: list[tuple[str, str]]) -> None:
    assert contacts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本人湖南的，男宝", [("湖南省", None, None)]),
        ("广东省广州市天河区，另有河南郑州的", [("广东省", "广州市", "天河区"), ("河南省", "郑州市", None)]),
        ("东莞有偿送养", [("广东省", "东莞市", None)]),
        ("在深圳南山区走失", [("广东省", "深圳市", "南山区")]),
        ("广西南宁市", [("广西壮族自治区", "南宁市", None)]),
        ("a baby boy from Hunan province", [("湖南省", None, None)]),
    ],
)
def test_places(text: str, expected: list[tuple[str | None, ...]]) -> None:
    assert [(p.province, p.city, p.district) for p in extract_places(fold(text))] == expected


def test_foreign_country_in_an_english_post() -> None:
    (place,) = extract_places(fold("babies sold in Nigeria"))
    assert (place.country, place.province) == ("NG", None)


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("selling my baby for thirty thousand yuan", 30000, "CNY"),
        ("he wants forty-five thousand dollars for the girl", 45000, "USD"),
        ("$20 thousand for a newborn", 20000, "USD"),
        ("one hundred and twenty thousand rmb", 120000, "CNY"),
        # fractions of a scale, as quoted pages write them (a Nigerian report: "she could make as much as
        # half a million naira"); read as 1,000,000 before, "half" dropped and "a" read as one
        ("she could make as much as half a million naira", 500000, "NGN"),
        ("a quarter of a million pounds for the twins", 250000, "GBP"),
        ("three quarters of a million dollars", 750000, "USD"),
        ("one and a half million naira for a boy", 1500000, "NGN"),
        ("2 and a half thousand dollars", 2500, "USD"),
        ("a half million pesos", 500000, "PHP"),
        ("a billion dollars", 1_000_000_000, "USD"),
        # never a fraction from inside a number, never a scale read without its fraction
        ("twelve and a half thousand pounds", 12500, "GBP"),
        ("twenty-one and a half thousand dollars", 21500, "USD"),
        ("half million dollars for the baby", 500000, "USD"),
        ("a quarter billion dollars", 250_000_000, "USD"),
        ("two and a half grand", 2500, "USD"),
    ],
)
def test_english_amounts_in_words(text: str, amount: int, currency: str) -> None:
    (price,) = prices(text)
    assert (price["amount"], price["currency"]) == (amount, currency)


def test_two_numbers_in_words_are_not_one_sum() -> None:
    """ "three billion and four billion" was one number, seven billion."""
    assert prices("losses between three billion and four billion dollars this year") == []
    (price,) = prices("a hundred and fifty thousand naira")
    assert price["amount"] == 150000


def test_number_words_without_a_currency_are_not_prices() -> None:
    assert prices("I have two babies and three thousand reasons") == []
    assert prices("We sold a grand piano, the grand total was fine") == []


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("asking 5 grand for the baby", 5000, "USD"),
        ("$5k or best offer", 5000, "USD"),
        ("she wanted 10,000 bucks for her son", 10000, "USD"),
        ("I dey give ₦800,000 for a boy", 800000, "NGN"),
        ("RM 15000 for the baby girl", 15000, "MYR"),
        ("Rs 50,000 for the newborn", 50000, "INR"),
        ("If you need a girl, then the price would be Rs 2.70 lakh.", 270000, "INR"),  # Indian English
        ("three lakh rupees for a boy", 300000, "INR"),
        ("You can have my kids for five grand", 5000, "USD"),
    ],
)
def test_money_words_and_currencies_of_english_posts(text: str, amount: int, currency: str) -> None:
    (price,) = prices(text)
    assert (price["amount"], price["currency"]) == (amount, currency)


@pytest.mark.parametrize(
    "text",
    [
        "宝宝打九价还是四价好，13价疫苗打了3针",  # a vaccine's valency and doses
        "五联疫苗打第2剂",
        "a house in yours 500 metres away",  # no currency: not a price
    ],
)
def test_vaccine_valency_and_doses_are_not_prices(text: str) -> None:
    assert prices(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("有一个小男孩8个月了,想要的话,请拨打电话155××××7043。", [("phone", "155××××7043")]),
        ("电话 138 1234 5678 找我", [("phone", "+8613812345678")]),
        ("固话010-62345678", [("phone", "+861062345678")]),
        ("电话：020-83456789", [("phone", "+862083456789")]),
        ("微信abc_1234", [("wechat", "abc_1234")]),
        # English words that begin with v or wx are not WeChat IDs
        ("very good venture, vintage wxyzabc", []),
        ("I love everything about it", []),
        # other countries' numbers: in international form, checked by phonenumbers; in national form after
        # a word that gives one, the digits as written
        ("Baby girl available, WhatsApp +234 803 123 4567", [("phone", "+2348031234567")]),
        (
            "serious buyers call +44 7911 123456 or +91 98765 43210",
            [("phone", "+447911123456"), ("phone", "+919876543210")],
        ),
        ("call me on 0803-123-4567 for the baby", [("phone", "08031234567")]),
        ("call me at 5pm, text me 2 times, Call 911", []),
        # years, dates, times and counts after such a word are no numbers; the number ends where it ends
        ("contact 2019 2020 reports; contact 2024.05.01; call 10.30 11.45; reach 10 000 000 people", []),
        ("Call 0803 123 4567 2020", [("phone", "08031234567")]),
        ("call (212) 555-1234", [("phone", "2125551234")]),
        # a Chinese landline written in groups, as its Chinese number
        ("电话 0755 8888 6666", [("phone", "+8675588886666")]),
        ("+1 (555) 010-9999 is no number; born 2020-01-05", []),
    ],
)
def test_masked_split_and_landline_numbers_and_no_contact_from_words(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert contacts(text) == expected


@pytest.mark.parametrize(
    ("text", "amount"),
    [("营养费3 w", 30000), ("男宝，5个w，私聊", 50000), ("要十个万", 100000), ("营养费8.8 W可谈", 88000)],
)
def test_a_number_and_its_wan_kept_apart_by_a_space_or_a_measure_word(text: str, amount: int) -> None:
    (price,) = prices(text)
    assert (price["amount"], price["currency"]) == (amount, "CNY")


def test_a_measure_word_before_a_time_unit_is_no_price() -> None:
    assert prices("孩子3个 月，两个月") == []


@pytest.mark.parametrize(
    "text",
    [
        "宝宝一个万能的玩具，送养男宝",  # 万能 is a word, not 万
        "送养男宝，两个万一有人要",  # 万一: "in case"
        "charger 65 w, 送养男宝",  # watts
        "baby boy for adoption, 2 w/ birth certificate",
    ],
)
def test_wan_inside_a_word_and_watts_are_not_prices(text: str) -> None:
    assert prices(text) == []


def test_long_runs_of_numerals_and_letters_are_read_in_linear_time() -> None:
    """Regression: a run of Chinese numerals took exponential time (30 characters hung a scan), and a long
    run of letters before no @ took quadratic time in the e-mail pattern."""
    import time

    from huijia.analyse.pipeline import Analyser

    analyser = Analyser()
    analyser.analyse("送养男宝", "warm-up")
    started = time.perf_counter()
    analyser.analyse("送养男宝，" + "六" * 40, "a")
    analyser.analyse("送养男宝，" + "一" * 50_000, "b")
    extract_contacts("a" * 50_000 + "1")
    assert time.perf_counter() - started < 5  # seconds, on the slowest machine; linear runs take ~0.1


def test_many_sums_in_words_and_digits_are_merged_in_linear_time() -> None:
    """Regression: each sum in digits was compared with each sum in words, copying the text each time: a
    100,000-character text of "$5 and fifty" took 84 seconds."""
    import time

    started = time.perf_counter()
    prices("$5 and fifty " * 7_700)
    prices("five dollars $5 " * 6_250)
    assert time.perf_counter() - started < 5  # seconds, on the slowest machine; linear merging takes ~0.5


@pytest.mark.parametrize(
    ("text", "amount", "amount_max", "currency"),
    [
        # the scale or unit said once, after the second number, is the first one's too when it is small
        ("I give them out between N1.4 and N1.5 million, depending on the sex", 1_400_000, 1_500_000, "NGN"),
        ("Between Rs 15,000 and Rs 20,000. It is negotiable.", 15_000, 20_000, "INR"),
        ("they asked between 2 and 3 lakh rupees", 200_000, 300_000, "INR"),
        ("between $500,000 and $1.5 million", 500_000, 1_500_000, "USD"),
        # a k on the upper end is the lower end's too, as in 500-800k
        ("between 500 and 800k naira", 500_000, 800_000, "NGN"),
    ],
)
def test_a_range_said_with_between_and_is_one_price(
    text: str, amount: float, amount_max: float, currency: str
) -> None:
    prices = extract_prices(fold(text), english=True)
    assert [(p.amount, p.amount_max, p.currency) for p in prices] == [(amount, amount_max, currency)]


def test_between_without_a_currency_or_in_the_wrong_order_is_no_range() -> None:
    assert extract_prices(fold("the baby is between 2 and 3 months old"), english=True) == []
    two = extract_prices(fold("between N5000 and N2000 for the two"), english=True)
    assert [(p.amount, p.amount_max) for p in two] == [(5000, None), (2000, None)]
    # the upper end grouped by spaces is a spaced sum of its own, and no two prices overlap
    spaced = extract_prices(fold("between $150 and $200 000"), english=True)
    assert [(p.amount, p.amount_max) for p in spaced] == [(150, None), (200_000, None)]


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("Adoption.—A good home is offered. Premium £5, which sum includes everything.", 5, "GBP"),
        ("I will give $50 for the baby", 50, "USD"),
        ("baby girl for sale 50 dollars", 50, "USD"),
        ("I paid 20 bucks for the crib", 20, "USD"),
        ("孩子卖了3元", 3, "CNY"),
        # a sign of more than one character, a currency code, and every Chinese currency name
        ("baby girl, HK$50 only", 50, "HKD"),
        ("the boy for US$80", 80, "USD"),
        ("Rs. 80 for the girl", 80, "INR"),
        ("宝宝只要50英镑", 50, "GBP"),
        ("孩子给30欧元就行", 30, "EUR"),
        ("宝宝20港币", 20, "HKD"),
    ],
)
def test_a_small_sum_after_a_currency_sign_or_a_money_word_is_read(
    text: str, amount: int, currency: str
) -> None:
    (price,) = extract_prices(fold(text), english=text.isascii())
    assert (price.amount, price.currency) == (amount, currency)
    assert is_small(price)


@pytest.mark.parametrize(
    "text",
    [
        "born at 7 pounds 3 ounces",
        "我家有3个孩子",
        "she is 5 today",
        "I won 5 games",
        "N95 masks for the baby",  # the bare N of naira
        "Rm 12, the baby room",  # a room
        "php 8 for the baby site",  # a language's version
        "the Audi RS 3 my son wants",  # a car
        "宝宝画3圆",  # circles drawn
    ],
)
def test_a_small_number_without_a_sign_or_a_money_word_is_no_sum(text: str) -> None:
    assert prices(text) == []


def test_a_small_sum_gives_way_to_the_sum_in_words_it_begins() -> None:
    found = extract_prices(fold("$20 thousand for the boy, $5 for the bus"), english=True)
    assert [(p.amount, is_small(p)) for p in found] == [(20_000, False), (5, True)]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("运费¥8，营养费面议", None),  # shipping
        ("奶粉一罐50元/罐一起给", None),  # goods by the piece
        ("postage $5, the baby girl is yours", None),
        ("Premium £5, which sum includes everything", 5),
        ("运费¥8，宝宝给我20块钱就行", 20),
    ],
)
def test_the_small_sum_shown_is_neither_shipping_nor_goods_by_the_piece(text: str, shown: int | None) -> None:
    found = extract_prices(fold(text), english=text.isascii())
    assert all(is_small(p) for p in found)
    asked = small_price_asked(found, fold(text))
    assert (asked.amount if asked else None) == shown


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        # a nurse's monthly terms beside the sum to adopt outright (a Victorian advertisement, as quoted)
        (
            "NURSE CHILD WANTED, OR TO ADOPT -- Terms, Fifteen Shillings a month; or would adopt entirely if "
            "under two months for the small sum of Twelve pounds.",
            12, "GBP",
        ),
        ("生活费每月3000，孩子出生后营养费5万", 50_000, "CNY"),
        ("$200 per week until the birth, then $15,000 for the baby", 15_000, "USD"),
        # a rate alone is still the sum the post states
        ("营养费每月3000", 3_000, "CNY"),
        # the rate said before a sum is no rate of the next sum
        ("营养费每月3000 孩子5万", 50_000, "CNY"),
        ("月薪1万 宝宝3万出", 30_000, "CNY"),
        # a time or an age is no rate
        ("He bought the boy for $4,000 a week before Christmas and resold him for $9,000", 4_000, "USD"),
        ("She sold the boy for $5,000 a year ago and a girl for $3,000 last week", 5_000, "USD"),
        ("男宝3万 一个月大 另付中介费5000", 30_000, "CNY"),
    ],
)  # fmt: skip
def test_a_sum_paid_by_the_week_or_month_gives_way_to_the_sum_asked(
    text: str, amount: float, currency: str
) -> None:
    folded = fold(text)
    found = extract_prices(folded, english=text.isascii())
    main = main_price([p for p in found if not is_small(p)], folded)
    asked = main or small_price_asked([p for p in found if is_small(p)], folded)
    assert asked is not None and (asked.amount, asked.currency) == (amount, currency)


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        # pounds, shillings and pence as British papers printed them, where a word prices or pays the sum
        ("Adoption.—A respectable couple desire the charge of a child. Premium required, 4l.", 4, "GBP"),
        ("Child to adopt, premium 5l. 10s.", 5.5, "GBP"),
        ("Premium £5 10s.", 5.5, "GBP"),
        ("would adopt entirely for 100l.", 100, "GBP"),
        # shillings beside pounds said in words are British; many shillings are Kenya's or Uganda's
        ("She earned 3 pounds a week; the nurse asked 10 shillings", 0.5, "GBP"),
        ("later accepting 300,000 shillings (£2,000) in cash for the baby", 300_000, "KES"),
        # a weight names no pounds as money, and many shillings in words are many
        ("The 7-pound baby was sold for fifteen thousand shillings", 15_000, "KES"),
        ("she weighed seven pounds; the trafficker took 12 shillings", 12, "KES"),
        # cents said alone, in a text that states no other sum
        ("I gave 25 cents and a canary bird for it.", 0.25, "USD"),
        ("she sold the doll for 5 cents in Germany", 0.05, "EUR"),
    ],
)  # fmt: skip
def test_old_british_money_and_cents_are_read(text: str, amount: float, currency: str) -> None:
    found = extract_prices(fold(text), english=True)
    assert (found[0].amount, found[0].currency) == (amount, currency)


@pytest.mark.parametrize(
    "text",
    [
        "Add 2l. of water to the baby's bath",
        "for 2l. of milk a day",
        "a tank of 5000l. of water for the farm",
        "at 2000l. per hour the pump runs",
        "she lives at 12 l. street",
        "she paid for seven pounds of rice",
        "just adding two cents here",
        "I have two cents to my name",
        "listening to 50 cent in the car",
        "last seen at 1655 s. california st, stockton",
        "games from the early 90s. for the kids",
        "just adding my two cents here about the baby",
        "The birth mother does not have to pay a cent.",
        "she was seven pounds at birth",
    ],
)
def test_litres_streets_decades_and_idioms_are_no_sums(text: str) -> None:
    assert extract_prices(fold(text), english=True) == []


@pytest.mark.parametrize("piece", ["5 shillings ", "1l. ", "5 cents ", "pounds 5 shillings ", "每月3000 "])
def test_old_money_cents_shillings_and_rates_are_read_in_linear_time(piece: str) -> None:
    """One look for pounds a text, not one a sum of shillings: 100,000 characters of "5 shillings " took
    48 s when each sum searched the whole text."""
    import time

    text = piece * (100_000 // len(piece))
    started = time.perf_counter()
    stated_price(text)
    assert time.perf_counter() - started < 10  # seconds, on the slowest machine; linear reading takes ~0.5


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("Hyperactive kid for sale. Guaranteed to annoy. Five pounds ($8) or nearest offer.", 5, "GBP"),
        ("kid for sale, 5 pounds ($8) ono", 5, "GBP"),
        # goods by weight after the conversion: the dollars are the sum
        ("she traded her baby girl for 50 pounds ($30) of maize", 30, "USD"),
    ],
)  # fmt: skip
def test_a_conversion_after_pounds_says_they_are_money(text: str, amount: float, currency: str) -> None:
    price = stated_price(text)
    assert price is not None and (price.amount, price.currency) == (amount, currency)


@pytest.mark.parametrize("text", ["she weighed five pounds (2.3 kg)", "born at 7 pounds (3.2 kg)"])
def test_a_weight_converted_to_kilograms_is_no_sum(text: str) -> None:
    assert stated_price(text) is None


@pytest.mark.parametrize(
    ("text", "amount", "amount_max"),
    [
        # a lakh or a grand after a range is both ends' when the low end counts them …
        ("she asked 2-3 lakh rupees for the boy", 200_000, 300_000),
        ("5-10 grand for the baby", 5_000, 10_000),
        # … and only the high end's when the low end is a sum of its own (was 5,000,000,000)
        ("Rs 50,000-1 lakh for the baby", 50_000, 100_000),
        ("Rs 80,000 to 1.5 lakh", 80_000, 150_000),
        ("$900 to 1 grand", 900, 1_000),
    ],
)
def test_a_multiplying_unit_after_a_range_is_the_high_ends_when_the_low_end_is_a_sum(
    text: str, amount: float, amount_max: float
) -> None:
    price = stated_price(text)
    assert price is not None and (price.amount, price.amount_max) == (amount, amount_max)


def test_cents_give_way_to_any_other_sum() -> None:
    found = extract_prices(fold("crude oil jumped 36 cents on Monday to $50 a barrel"), english=True)
    assert [(p.amount, p.currency) for p in found] == [(50, "USD")]


@pytest.mark.parametrize(
    "text", ["家里有3块地", "两块蛋糕", "$20 thousand", "$ 20 thousand", "$20-30 thousand"]
)
def test_pieces_and_sums_scaled_by_words_are_no_small_sums(text: str) -> None:
    assert not any(is_small(p) for p in extract_prices(fold(text), english=text.isascii()))


@pytest.mark.parametrize(
    ("text", "low", "high", "currency"),
    [
        ("$20-30 thousand for a baby boy", 20_000, 30_000, "USD"),
        ("20 to 30 thousand dollars for a girl", 20_000, 30_000, "USD"),
        ("they asked between 5 and 6 hundred pounds", 500, 600, "GBP"),
    ],
)
def test_a_range_whose_scale_word_comes_once_scales_both_ends(
    text: str, low: int, high: int, currency: str
) -> None:
    (price,) = extract_prices(fold(text), english=True)
    assert (price.amount, price.amount_max, price.currency) == (low, high, currency)


def test_a_range_of_counts_with_a_scale_word_is_no_price() -> None:
    assert extract_prices(fold("between 2 and 3 thousand people came"), english=True) == []
    # "and" joins a range only after "between": here $20 is a sum of its own, 30 thousand a crowd
    found = extract_prices(fold("$20 and 30 thousand people attended"), english=True)
    assert [(p.amount, p.amount_max) for p in found] == [(20, None)]


def test_two_sums_joined_by_and_stay_two_sums() -> None:
    found = extract_prices(fold("she was sold for $500 and 600 thousand naira was paid later"), english=True)
    assert [(p.amount, p.amount_max, p.currency) for p in found] == [
        (500, None, "USD"),
        (600_000, None, "NGN"),
    ]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("sold for 1 thousand two hundred dollars", 1_200),
        ("asking $2 thousand five hundred for the girl", 2_500),
        ("$5 hundred and fifty for the boy", 550),
    ],
)
def test_a_number_that_goes_on_in_words_is_read_whole(text: str, amount: int) -> None:
    assert [(p["amount"], p["currency"]) for p in prices(text)] == [(amount, "USD")]


def test_a_word_a_after_a_sum_goes_on_with_no_number() -> None:
    # "a" begins a number ("a hundred dollars") but "$600 a month" is 600 and "$2000 and a car" 2,000
    assert [p["amount"] for p in prices("it costs about $600 a month")] == [600]
    assert [p["amount"] for p in prices("offered the boy for $2000 and a car")] == [2000]
    assert [p["amount"] for p in prices("a hundred dollars for the girl")] == [100]


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("asking $900 to 1 thousand", 900, 1_000),
        ("$1,500-2 thousand for the baby", 1_500, 2_000),
        ("$800,000 to 1.2 million", 800_000, 1_200_000),
    ],
)
def test_a_scale_after_a_range_is_not_the_low_end_s_when_that_is_a_sum_of_its_own(
    text: str, low: int, high: int
) -> None:
    assert [(p["amount"], p["amount_max"]) for p in prices(text)] == [(low, high)]


def test_scale_words_said_together_multiply() -> None:
    found = extract_prices(fold("$2-3 hundred thousand for the boy"), english=True)
    assert [(p.amount, p.amount_max, p.currency) for p in found] == [(200_000, 300_000, "USD")]


def test_billions_are_read_as_millions_are() -> None:
    text = "estimated to total NT$1.3 billion (US$39.4 million), an average of NT$360,000 per child"
    found = extract_prices(fold(text), english=True)
    assert [(p.amount, p.currency) for p in found] == [
        (1_300_000_000, "TWD"),
        (39_400_000, "USD"),
        (360_000, "TWD"),
    ]


@pytest.mark.parametrize(
    "text", ["it has stood for 2 hundred years", "for 3 million years the valley", "sold for 5 thousand days"]
)
def test_a_scaled_count_of_time_is_no_sum(text: str) -> None:
    assert extract_prices(fold(text), english=True) == []


@pytest.mark.parametrize(
    ("text", "age_days"),
    [
        ("女孩四天后发现被强奸，要求对方补偿", None),  # four days later: a span of time, not her age
        ("但两天后,其突然说有个朋友的亲戚快生了,是个男孩", None),
        ("三个月前生了个女儿", 90),  # born three months ago
        ("两个月前出生的男宝", 60),
        ("男宝20天了前天刚打完疫苗", 20),  # 20 days old; 前天 is the day before yesterday
        ("宝宝三个月后打疫苗", None),
        ("男宝出生三天后被送人", 3),  # counted from the birth: the child's age
        ("男宝三个月了，送养", 90),
        ("女宝20天大", 20),
    ],
)
def test_a_span_of_time_before_or_after_is_no_age(text: str, age_days: int | None) -> None:
    assert extract_child(fold(text), None).age_days == age_days


def test_a_long_report_of_many_sums_in_a_shared_currency_is_read_in_linear_time() -> None:
    # the country is looked up once per text and by bisection per sum: 3,000 sums and 3,000 mentions of
    # Baghdad were 3,000 × 3,000 distance checks (this input took 4 s)
    from huijia.analyse.currencies import _nearest

    text = "The baby was sold for 5,000 dinars in Baghdad, Iraq. " * 3000
    found = prices(text)
    assert len(found) == 3000 and {p["currency"] for p in found} == {"IQD"}
    assert _nearest((3, 10, 40), 12) == 2 and _nearest((3, 10, 40), 0) == 3 and _nearest((), 5) is None
