"""`analyse` and `huijia analyse`/`eval`/`train`: the §3.1 contract, evidence offsets, the gate, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from huijia.analyse.classify import LinearModel, ModelError, load_model
from huijia.analyse.encode import FindingEncoder
from huijia.analyse.message import MAX_CHARS, MAX_WINDOWS, analyse_post
from huijia.analyse.pipeline import PAPERS_GUARD_RISK, UNGATED_RISK, Analyser, analyse
from huijia.cli import main
from huijia.model import INDICATORS, LABELS, ROLES, SPAN_KINDS, Message, Source

OFFER = "本人湖南的，男宝刚满两个月，身体健康，营养费3万，有意私聊QQ:2189419893"
FINDING_KEYS = {
    "id", "label", "risk", "role", "child", "price", "places", "contacts", "indicators", "evidence", "model",
}  # fmt: skip


def test_finding_has_every_field_of_the_contract_with_values_from_the_vocabularies() -> None:
    found = analyse(OFFER, "m1", "2026-03-01T10:00:00+08:00").to_dict()
    assert set(found) == FINDING_KEYS
    assert found["label"] in LABELS
    assert 0.0 <= found["risk"] <= 1.0
    assert found["role"] is None or found["role"] in ROLES
    assert set(found["indicators"]) <= set(INDICATORS)
    assert found["model"].startswith("huijia-analyse ") and " / lexicon " in found["model"]
    # the facts do not depend on the label model
    assert found["price"] == {
        "amount": 30000,
        "amount_max": None,
        "currency": "CNY",
        "cny": 30000,
        "term": "营养费",
    }
    assert found["child"]["gender"] == "male" and found["child"]["age_days"] == 60
    assert found["contacts"] == [{"kind": "qq", "value": "2189419893"}]
    assert found["places"][0]["province"] == "湖南省"


def test_the_finding_gives_the_sum_asked_not_a_price_of_goods_told_before_it() -> None:
    found = analyse("坐月子用的尿布每包120元，奶粉每罐300元，都是我自己出的，男宝送养营养费2万", "m1")
    assert (found.price.amount, found.price.term) == (20000, "营养费")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    [
        OFFER,
        "出售男嬰，營養費三萬，廣東東莞",
        "男 宝 出 售，价格私聊",
        "Selling my two month-old baby boy for $16,000, DM me",
    ],
)
def test_every_evidence_span_points_at_the_original_text(text: str) -> None:
    found = analyse(text, "x")
    assert found.evidence
    for span in found.evidence:
        assert span.kind in SPAN_KINDS
        assert text[span.start : span.end] == span.text
        assert span.text.strip()


def test_traditional_script_and_spacing_tricks_find_the_same_cues() -> None:
    kinds = {s.kind for s in analyse("男 宝 出 售，价格私聊", "x").evidence}
    assert {"child", "transfer"} <= kinds
    assert {s.text for s in analyse("出售男嬰", "x").evidence} >= {"出售", "男嬰"}


@pytest.mark.parametrize("text", ["", "早上好", "今天天气不错，大家吃饭了吗？", "ok see you", "\x00\x07\x1b"])
def test_ordinary_chat_never_reaches_the_model(text: str) -> None:
    found = analyse(text, "x")
    assert (found.label, found.risk, found.evidence, found.price) == ("none", UNGATED_RISK, (), None)


# Fragments quoted by published pages (data/quoted/: a broker's answer in an undercover report, a sum
# in a sting, a Nigerian police account) that pass no gate: no child word beside the money.
UNGATED_WITH_A_PRICE = [
    ("Between Rs 15,000 and Rs 20,000. It is negotiable.", 15000, 20000, "INR"),
    ("'I know one with blonde hair, green eyes, very beautiful, you will love her.' The price? £70",
     70, None, "GBP"),
    ("The barber told her she will take N30,000 while he collects N40,000,", 30000, None, "NGN"),
    ("9.6万全包,其中6万是给院长提成,剩余分给产妇其他人。", 96000, None, "CNY"),
    ("价格：３０００元", 3000, None, "CNY"),  # full-width digits, as the fold reads them
    ("售价五千元", 5000, None, "CNY"),  # Chinese numerals, which the gate's money pattern leaves aside
    ("五千美元", 5000, None, "USD"),
    ("five hundred ＤＯＬＬＡＲＳ", 500, None, "USD"),  # full-width letters, which only the fold reads
]  # fmt: skip


@pytest.mark.parametrize(("text", "amount", "amount_max", "currency"), UNGATED_WITH_A_PRICE)
def test_a_text_the_gate_turns_away_still_shows_the_sum_it_states(
    text: str, amount: float, amount_max: float | None, currency: str
) -> None:
    analyser = Analyser()
    # what `huijia scan`, `reanalyse` and `link` see: nothing, so the store keeps no row for it
    assert analyse_post(analyser, "text", text, "x", None, None, on_error=lambda _: None) is None
    found = analyser.analyse(text, "x")
    assert (found.label, found.risk, found.indicators, found.evidence) == ("none", UNGATED_RISK, (), ())
    assert found.price is not None
    price = found.price
    assert (price.amount, price.amount_max, price.currency) == (amount, amount_max, currency)
    encoded = orjson.loads(FindingEncoder(analyser, on_error=lambda _: None).encode(message(text, "x")))
    assert encoded == found.to_dict()


def test_a_platform_notice_with_a_sum_gets_no_finding() -> None:
    text = "你领取了红包 ¥200"
    notice = Message("n", "system", Source("f.jsonl", "jsonl", "0" * 64, 1, 0), None, None, None, text)
    assert analyse(text, "n").price is not None  # as a person's message, its sum is shown
    assert FindingEncoder(Analyser(), on_error=lambda _: None).finding(notice) is None


def test_a_run_of_digits_after_an_offer_is_no_price_and_cannot_unflag_it() -> None:
    offer = "男宝送养，营养费3万，加V详聊"
    padded = analyse(offer + " ¥" + "9" * 309, "x")  # read as a sum, it was infinite: risk NaN, `none`
    assert padded.label == analyse(offer, "x").label == "sale_offer"
    assert padded.risk == analyse(offer, "x").risk
    assert padded.price is not None and padded.price.amount == 30000


def test_dates_times_and_counts_are_no_sum() -> None:
    dates_times_counts = ["下午3点开会，2024年5月6日", "see you at 5pm on the 3rd", "我们班有45个人"]
    for text in [*dates_times_counts, "我家宝宝喝三元奶粉", "这是一元二次方程"]:
        assert analyse(text, "x").price is None


def message(text: str, mid: str = "m") -> Message:
    return Message(mid, "text", Source("f.jsonl", "jsonl", "0" * 64, 1, 0), None, None, None, text)


def test_encoder_fast_path_writes_the_same_bytes_as_the_full_finding() -> None:
    analyser = Analyser()
    encoder = FindingEncoder(analyser, on_error=lambda _: None)
    for text in ["早上好", "收到", ""]:
        fast = encoder.encode(message(text, "id-1"))
        full = orjson.dumps(analyser.analyse(text, "id-1").to_dict(), option=orjson.OPT_APPEND_NEWLINE)
        assert fast == full


def test_a_message_that_breaks_the_analyser_gets_an_error_finding_and_no_text_in_the_log() -> None:
    class Broken(Analyser):
        def analyse_gated(
            self, text: str, message_id: str, sent_at: str | None = None, author: str | None = None
        ):  # type: ignore[no-untyped-def]
            raise RuntimeError(text)

    logged: list[str] = []
    encoder = FindingEncoder(Broken(load_model()), on_error=logged.append)
    line = orjson.loads(encoder.encode(message("秘密的孩子信息", "m9")))
    assert line["id"] == "m9" and line["label"] == "none" and "RuntimeError" in line["error"]
    assert logged and "秘密" not in logged[0] and "f.jsonl:1" in logged[0]


def test_megabyte_message_is_analysed_without_trouble() -> None:
    found = analyse(("营养费3万，男宝两个月。" + "啊" * 1000) * 1000, "big")
    assert found.label in LABELS


def test_analyse_command_keeps_order_and_ids_of_jsonl_input(tmp_path: Path) -> None:
    source = tmp_path / "posts.jsonl"
    rows = [
        {"id": "p1", "text": OFFER},
        {"id": "p2", "text": "早上好"},
        {"id": "p3", "text": "寻找走失的儿子"},
    ]
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["analyse", str(source)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["p1", "p2", "p3"]
    assert all(set(line) == FINDING_KEYS for line in lines)


def test_analyse_command_reports_bad_lines_and_keeps_the_rest(tmp_path: Path) -> None:
    source = tmp_path / "posts.jsonl"
    source.write_bytes(
        b'{"id": "a", "text": "\xe7\x94\xb7\xe5\xae\x9d"}\n{broken\n{"id": "c", "text": "\xff\xfe ok"}\n'
    )
    result = CliRunner().invoke(main, ["analyse", str(source)])
    assert result.exit_code == 0
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert "a" in ids and "c" in ids
    assert "posts.jsonl:2" in result.stderr


# A forum page crawled as one message: ordinary replies, then the offer.
REPLIES = "楼主说得对，周末带孩子去公园玩了一天，天气很好。" * 900  # 21,600 characters


@pytest.mark.parametrize("where", ["end", "across the first window's end", "middle of a long page"])
def test_an_offer_past_the_first_window_of_a_long_message_is_found_where_it_is(where: str) -> None:
    """A message longer than one reading is read in overlapping windows: an offer anywhere in it is found,
    even one across a window's edge, and every offset points into the whole message."""
    if where == "end":
        text = REPLIES + OFFER
    elif where == "across the first window's end":
        text = REPLIES[: MAX_CHARS - 20] + OFFER + REPLIES
    else:
        text = REPLIES * 3 + OFFER + REPLIES * 2
    assert len(text) > MAX_CHARS
    notes: list[str] = []
    found = analyse_post(Analyser(), "text", text, "long", None, None, notes.append, priced=True)
    assert found is not None and found.label == "sale_offer" and notes == []
    for span in found.evidence:
        assert text[span.start : span.end] == span.text
    assert found.price is not None and found.price.span is not None
    assert text[slice(*found.price.span)] == "3万"
    assert [text[slice(*c.span)] for c in found.contacts if c.span] == ["2189419893"]


def test_the_part_of_a_message_past_the_last_window_is_named_not_dropped_silently(tmp_path: Path) -> None:
    text = REPLIES * (MAX_WINDOWS + 1) + OFFER
    source = tmp_path / "page.jsonl"
    source.write_text(json.dumps({"id": "page", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["analyse", str(source)])
    assert result.exit_code == 0, result.output
    assert "page.jsonl:1: analysed on its first 902,000 of" in result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["page"]


def test_eval_command_scores_a_labelled_file_and_names_bad_lines(tmp_path: Path) -> None:
    labelled = tmp_path / "gold.jsonl"
    labelled.write_text(
        "\n".join(
            [
                json.dumps(
                    {"text": OFFER, "label": "sale_offer", "price": {"amount": 30000, "currency": "CNY"}}
                ),
                json.dumps({"text": "早上好", "label": "none"}),
                json.dumps(  # the sum is on the page around the quote, not in it: not checked
                    {"text": "我想卖掉女儿", "label": "sale_offer", "price": {"amount": 600, "stated": False}}
                ),
                json.dumps({"text": "x", "label": "spam"}),
                "not json",
            ]
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["eval", str(labelled), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["n"] == 3
    assert scores["labels"]["none"]["support"] == 1
    assert scores["fields"]["price (stated)"] == {"right": 1, "checked": 1}
    assert "gold.jsonl:4" in result.stderr and "gold.jsonl:5" in result.stderr


def test_eval_names_a_record_whose_optional_fields_are_malformed_and_scores_the_rest(tmp_path: Path) -> None:
    """A price, sex or time of the wrong shape is named by line and field, never a traceback; a byte order
    mark before the first record is no reason to lose it."""
    good = {"text": OFFER, "label": "sale_offer", "price": {"amount": 30000, "currency": "CNY"}}
    bad = [
        {"text": OFFER, "label": "sale_offer", "price": 30000},
        {"text": OFFER, "label": "sale_offer", "price": "3万"},
        {"text": OFFER, "label": "sale_offer", "price": {"currency": "CNY"}},
        {"text": OFFER, "label": "sale_offer", "price": {"amount": 30000, "currency": "yuan"}},
        {"text": OFFER, "label": "sale_offer", "gender": "boy"},
        {"text": OFFER, "label": "sale_offer", "sent_at": 1714528800},
    ]
    labelled = tmp_path / "gold.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in [good, *bad]]
    labelled.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode())
    result = CliRunner().invoke(main, ["eval", "--no-second-reading", str(labelled), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["n"] == 1 and scores["fields"]["price (stated)"] == {"right": 1, "checked": 1}
    named = [line.split(": ", 1)[1] for line in result.stderr.splitlines() if "gold.jsonl:" in line]
    assert [line.split(" ")[0] for line in named] == [
        "`price`", "`price`", "`price.amount`", "`price.currency`", "`gender`", "`sent_at`",
    ]  # fmt: skip
    only_bad = tmp_path / "bad.jsonl"
    only_bad.write_text(json.dumps(bad[-1]) + "\n", encoding="utf-8")
    refused = CliRunner().invoke(main, ["eval", "--no-second-reading", str(only_bad)])
    assert refused.exit_code != 0 and "bad.jsonl:1: `sent_at` must be" in refused.output
    assert "Traceback" not in refused.output


def test_a_model_file_that_is_not_a_model_is_a_clean_error(tmp_path: Path) -> None:
    bad = tmp_path / "model.json"
    bad.write_text('{"labels": ["none"]}', encoding="utf-8")
    with pytest.raises(ModelError):
        load_model(bad)
    result = CliRunner().invoke(main, ["analyse", "--model", str(bad), str(bad)])
    assert result.exit_code == 2 and "--model" in result.output
    scored = CliRunner().invoke(main, ["eval", "--real", "test", "--model", str(bad)])
    assert scored.exit_code != 0 and f"{bad}: not a huijia model file" in scored.output  # which file
    cv = CliRunner().invoke(main, ["eval", "--real", "cv", "--model", str(bad)])
    assert cv.exit_code == 2 and "--model does not apply" in cv.output  # not ignored without a word


def test_bundled_model_is_plain_json_with_a_row_per_label() -> None:
    model = load_model()
    assert isinstance(model, LinearModel) and model.labels == LABELS
    assert model.trained["seed"] == 0 and model.trained["folds"] >= 2


@pytest.mark.slow
def test_training_is_reproducible_with_a_fixed_seed(tmp_path: Path) -> None:
    from huijia.training.train import train

    first = train(size=1500, seed=3, folds=2).model.to_json()
    second = train(size=1500, seed=3, folds=2).model.to_json()
    assert first == second
    assert set(first["labels"]) == set(LABELS)


@pytest.mark.parametrize(
    "text",
    [
        "寻找儿子，2008年在郑州火车站走失，悬赏10万元",
        "宝贝回家寻亲：1990年出生，被人抱走时约3岁",
        "Missing: boy, 4, abducted from a market in 2004. Reward for information.",
        "我的女儿2007年被人贩子拐走，至今下落不明，求好心人帮忙",
    ],
)
def test_a_missing_child_notice_is_never_flagged_even_with_a_reward(text: str) -> None:
    found = analyse(text, "x")
    assert found.label == "missing_notice"
    assert found.role == "family_searching"
    assert found.risk < 0.5


@pytest.mark.parametrize(
    "text", ["警察叔叔，求求你们找回我的儿子吧。", "求求大家帮我找回我的女儿", "谁能帮我找回孩子"]
)
def test_a_plea_to_get_a_child_back_is_never_flagged(text: str) -> None:
    """A mother's plea to the police (quoted by a published page) was flagged as a request: 求 and a son."""
    assert analyse(text, "x").risk < 0.5


def test_flagged_exactly_when_risk_reaches_one_half() -> None:
    from huijia.model import TRAFFICKING_LABELS

    probes = Path(__file__).parents[1] / "benchmarks" / "data" / "quality_probes.jsonl"
    for line in probes.read_text(encoding="utf-8").splitlines():
        found = analyse(json.loads(line)["text"], "x")
        assert (found.label in TRAFFICKING_LABELS) == (found.risk >= 0.5), found


def test_indicators_only_on_flagged_posts_and_price_list_by_sex_is_seen() -> None:
    found = analyse("现有三个宝宝，男婴12万，女婴8万，手续齐全，可上户口", "x")
    assert found.label in {"broker", "sale_offer"}
    assert {"price_stated", "gender_price_list", "documents_offered"} <= set(found.indicators)
    assert analyse("警方破获一起网络拐卖婴儿案，解救婴儿5名", "x").indicators == ()


ALPHABET = (
    "男女宝婴孩子送养领求卖营养费万元块两三十八九怀孕月天岁走失寻找警方QqVv微信"
    "0123456789 ,，。!?$£¥kKw\u200b\u3000\t\n🙏"
)


@given(st.text(alphabet=ALPHABET, max_size=80) | st.text(max_size=80))
@settings(max_examples=300, deadline=None)
def test_any_text_gets_a_finding_with_valid_spans(text: str) -> None:
    found = analyse(text, "fuzz")
    assert found.label in LABELS and 0.0 <= found.risk <= 1.0
    for span in found.evidence:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text
    json.dumps(found.to_dict(), ensure_ascii=False)


def test_a_parents_question_about_the_papers_is_not_a_broker_offering_them() -> None:
    """Real parenting chat asks where the birth certificate is issued; brokers offer to arrange one."""
    for question in ("出生证明在哪里办", "宝宝出生证明在哪个窗口领", "准生证怎么办理"):
        assert analyse(question).label == "none", question
    for offer in ("出生证明齐全，可以上户", "包办出生证，需要的私聊", "出生证明哪里可以办，有渠道的联系我"):
        assert analyse(offer).label == "broker", offer
    # asked of a broker: the guard leaves it to the model, which puts the bare question at the flag line
    # (0.495–0.506 over the December 2026 retrainings, so its label is no fixed fact), and flags it with
    # the price asked
    assert analyse("能办出生证吗？").risk > PAPERS_GUARD_RISK
    assert analyse("能办出生证吗？价格多少").label in ("broker", "purchase_request")


def test_a_parents_news_that_the_papers_are_done_is_not_a_broker_offering_them() -> None:
    """A parent tells a group the baby's birth certificate is done (宝宝的出生证办好了): no broker, who adds a
    private contact, a child on offer or a fee."""
    for news in ("宝宝的出生证办好了", "宝宝出生证明终于办下来了，跑了三趟", "户口上好了，谢谢大家"):
        assert analyse(news).label == "none", news
    for offer in ("出生证办好了，男宝，私聊", "出生证已经办好了，男宝两个月，营养费3万"):
        assert analyse(offer).label != "none", offer


def test_a_wish_to_conceive_is_not_a_request_to_buy() -> None:
    """Parents ask doctors whether they can have a baby of their own (想要个宝宝，我有胰岛素抵抗); the label
    model and the second reading had learnt 想要个宝宝 from buyers. A buyer who gives infertility as the
    reason names the adoption, a price or a contact, and stays flagged."""
    from huijia.analyse.pipeline import _wants_own_child, default_analyser

    wishes = (
        "备孕好久了，好想要个男宝，谁家有多的叶酸",
        "备孕想要个男宝，哪里有送子观音",
        "备孕想要个宝宝，求个宝宝的名字",
        "想要个男宝，我有多囊，求助",
        "求子！备孕两年了想要个男宝",
        "想要个男宝，多囊，有没有姐妹怀上男宝的",
        "想要个宝宝，我有胰岛素抵抗",
        "我有高血压想要孩子，可以吗",
        "想要个宝宝，备孕三个月了还没怀上",
        "We have been trying to conceive for a year and we want a baby so much",
        "我35岁，一侧卵巢切除了，请问还有生育能力吗？还想再要一个孩子",
    )
    for wish in wishes:
        assert analyse(wish).label == "none", wish
        examined = default_analyser().examine(wish)
        assert examined is not None and _wants_own_child(examined.cues, examined.facts, examined.folded), wish
    buyers = ("因本人不孕不育，想领养一个男宝，价格好说", "本人不孕不育，求一个男宝，有意私聊")
    for request in buyers:
        assert analyse(request).label == "purchase_request", request
        examined = default_analyser().examine(request)
        assert examined is not None, request
        assert not _wants_own_child(examined.cues, examined.facts, examined.folded), request
    # a buyer who gives her body's reasons asks for someone else's child: the guard stays off
    asking = (
        "子宫切除了，求个女宝，谁家有",
        "卵巢早衰，求一个女宝，真心的来",
        "老公精子活力低，想要个男宝，谁家有多的",
        "我们想再生一个生不了，求个女宝",
        "想要二胎男孩，谁家有不要的男宝",
    )
    for request in asking:
        examined = default_analyser().examine(request)
        assert examined is not None, request
        assert not _wants_own_child(examined.cues, examined.facts, examined.folded), request


def test_a_small_sum_is_shown_but_never_weighed() -> None:
    from huijia.analyse.pipeline import default_analyser

    analyser = default_analyser()
    with_small = analyser.examine("运费¥8，男宝送养，营养费3万，私聊")
    without = analyser.examine("运费，男宝送养，营养费3万，私聊")
    assert with_small is not None and without is not None
    assert [p.amount for p in with_small.facts.prices] == [30_000]
    assert [p.amount for p in with_small.small_prices] == [8]
    assert with_small.features() == without.features()  # the model never sees the ¥8
    found = analyser.analyse("运费¥8，男宝送养，营养费3万，私聊", "m1")
    assert found.price is not None and found.price.amount == 30_000
    only_small = analyser.analyse("Adoption. A good home is offered to a baby girl. Premium £5.", "m2")
    assert only_small.price is not None and (only_small.price.amount, only_small.price.currency) == (5, "GBP")
    assert "price_stated" in only_small.indicators
    assert [e.text for e in only_small.evidence if e.kind == "price"] == ["£5"]


@pytest.mark.parametrize(
    "text",
    [
        "男宝送养，刚满月，家里有3块地养不起，营养费私聊 加微信abc123",  # 3 plots of land
        "男宝送养，运费¥8，营养费私聊，加v",  # shipping
        "出生20天女宝找好人家，营养费面议，奶粉一罐50元/罐一起给，私聊",  # formula by the tin
    ],
)
def test_no_price_is_shown_for_a_post_whose_only_small_sum_is_not_the_one_asked(text: str) -> None:
    from huijia.analyse.pipeline import default_analyser

    found = default_analyser().analyse(text, "m")
    assert found.label == "sale_offer"
    assert found.price is None and "private_contact_only" in found.indicators


@given(
    st.sets(st.tuples(st.integers(0, 30), st.integers(1, 8)).map(lambda t: (t[0], t[0] + t[1])), max_size=12)
)
def test_a_term_inside_a_longer_term_is_found_as_pairwise_checking_finds_it(
    spans: set[tuple[int, int]],
) -> None:
    from huijia.analyse.features import _inside_a_longer

    pairwise = {
        c for c in spans if any(o[0] <= c[0] and c[1] <= o[1] and o[1] - o[0] > c[1] - c[0] for o in spans)
    }
    assert _inside_a_longer(spans) == pairwise


def test_days_and_wishes_that_looked_like_babies_and_requests() -> None:
    """Two rules tried and withdrawn in December 2026, kept from coming back: 40天大 as a child word also
    matched 这7天大家 ("these 7 days, everyone") and flagged a group's thanks with a red packet; dropping
    "wanted" before "to" turned away "Male child wanted to complete our family"."""
    analyser = Analyser()
    thanks = analyser.examine("这7天大家辛苦了，红包200元")
    assert thanks is None or not any(c.category == "child" for c in thanks.cues)
    request = analyser.examine("Male child wanted to complete our family, contact 08031234567")
    assert request is not None and any(c.category == "seek" and c.term == "wanted" for c in request.cues)


@pytest.mark.parametrize(
    "text",
    [
        "卖了房子给儿子治病",
        "女儿结婚，我们把车卖了",
        "儿子结婚要卖房子",
        "为了孩子，卖血也愿意",
        "生女儿轻松，不用卖房子",
    ],
)
def test_goods_sold_beside_a_child_are_no_offer_of_it(text: str) -> None:
    """Real chat sells a house or a car for a child's wedding or treatment: 卖 with goods for its object is
    no offer of the child named beside it."""
    assert analyse(text).label == "none"


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("给儿子买个手机多少钱合适", "买个"),
        ("求一个宝宝推车，500以内", "求一个"),
        ("女儿想要个手机，2000块", "想要个"),
        ("孩子上学要钱，只能把车卖了", "卖了"),
        ("We will sell the car so our daughter can go to college.", "sell"),
        ("Sell your house fast, we buy homes for cash, families with kids welcome.", "buy"),
        ("Giving away my son's old toys, free to a family with kids.", "giving away"),
        ("求个男宝推车，二手的也行", "求个"),
        ("selling my car and my baby clothes, $300", "sell"),
    ],
)
def test_a_verb_whose_object_is_goods_is_no_offer_or_request(text: str, verb: str) -> None:
    """卖, 买个, 求一个, sell, buy and give away take goods for their object as often as a child: with the
    goods after them (past 一个, a child word naming whom the goods are for, "my son's old") or fronted by
    把, the lexicon's `[goods_object]` words void them."""
    examined = Analyser().examine(text)
    assert examined is None or not any(
        cue.category in ("offer", "seek") and cue.term == verb for cue in examined.cues
    ), text


@pytest.mark.parametrize(
    ("text", "verb", "label"),
    [
        ("卖孩子，男孩，3万", "卖", "sale_offer"),
        ("求一个男宝，价格好说", "求一个", "purchase_request"),
        ("想要个女儿，有送养的联系我", "想要个", "purchase_request"),
        ("I want to sell my baby, $5000.", "sell", "sale_offer"),
        ("We want to buy a baby boy, will pay well.", "buy", "purchase_request"),
    ],
)
def test_a_verb_whose_object_is_a_child_keeps_its_cue(text: str, verb: str, label: str) -> None:
    examined = Analyser().examine(text)
    assert examined is not None
    assert any(cue.category in ("offer", "seek") and cue.term == verb for cue in examined.cues)
    assert analyse(text).label == label


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        # a word that begins with an object but names no goods: the child's health or papers, the poster,
        # a zodiac year, the shop, an address
        ("求一个身份证明齐全的宝宝", "求一个"),
        ("想要个身体健康的男宝，价格好说", "想要个"),
        ("女婴出售身体健康无病", "出售"),
        ("收个鸡年女宝，私聊", "收个"),
        ("求一个楼主说的那个宝宝，价格多少", "求一个"),
        ("想要个店里的宝宝", "想要个"),
        ("男宝转让地址私聊", "转让"),
        # 货 is the traders' word for a child; after 卖给 comes whom the child goes to
        ("收个货，男宝，3万", "收个"),
        ("男宝出售给房子车子都有的人家，价格面议", "出售"),
        # a zodiac baby, a place; a house after a child word is not the child's
        ("求个羊宝宝，私聊", "求个"),
        ("转让孩子地铁站交接，5万", "转让"),
        ("想要个孩子房子车子都有价格好说", "想要个"),
        # a word that only begins like goods; a phone number, the milk money
        ("Selling my home birth baby girl, $2000", "sell"),
        ("出售婴儿手机号私聊", "出售"),
        ("求个宝宝奶粉钱我出", "求个"),
        # in English, a child joined right after the goods is sold with them
        ("selling my car and my newborn, $3000", "sell"),
        ("I'd sell my kidney or my baby for 5000", "sell"),
    ],
)
def test_a_verb_keeps_its_cue_where_the_goods_are_only_seen_in_passing(text: str, verb: str) -> None:
    examined = Analyser().examine(text)
    assert examined is not None
    assert any(cue.category in ("offer", "seek") and cue.term == verb for cue in examined.cues), text


@pytest.mark.parametrize(
    ("text", "verbs"),
    [
        ("这本书送给我女儿", ("送给", "送给我")),
        ("生日礼物送给我的宝贝女儿", ("送给", "送给我")),
        ("六一儿童节送给孩子的礼物，推荐这几本书", ("送给",)),
        ("买了个玩具送给我家宝宝", ("送给", "送给我")),
        ("送给我家小宝宝的礼物", ("送给", "送给我")),
        # a child in another sentence is not the one given
        ("孩子们都睡了。这本书送给我女儿", ("送给", "送给我")),
        # bought for a child: the child follows 给 as 送给's recipient does
        ("这手机真强！等有钱了再买个给儿子", ("买个",)),
        ("质量不错，打算再买一个给我家宝贝的", ("买一个",)),
    ],
)
def test_a_gift_to_a_child_is_no_offer_or_request(text: str, verbs: tuple[str, ...]) -> None:
    """送给 names the recipient after it: a child there is given a gift, not given away; 送给我 + 女儿 is
    "to my daughter", not "give me a daughter"."""
    examined = Analyser().examine(text)
    assert examined is None or not any(
        cue.category in ("offer", "seek") and cue.term in verbs for cue in examined.cues
    ), text
    assert analyse(text).label == "none"


@pytest.mark.parametrize(
    ("text", "verb", "label"),
    [
        ("把孩子送给好人家，有意私聊", "送给", "sale_offer"),
        ("谁能送给我一个女儿，营养费好说", "送给我", "purchase_request"),
        ("孩子送给我吧，营养费2万", "送给我", "purchase_request"),
        # a child before it in the clause is the one given; a child after it to raise one
        ("有没有人愿意把孩子送给我女儿养，她不能生育", "送给", "purchase_request"),
        ("你的男宝送给我家儿子当儿子吧", "送给", "purchase_request"),
        ("谁家有男宝送给我儿子养，营养费好说", "送给", "purchase_request"),
        # a generic child word right after it may be the one asked for, not the recipient
        ("求好心人送给我宝宝", "送给我", "purchase_request"),
        ("准备送给的宝宝，女宝满月，有意私聊", "送给", "sale_offer"),
        # the child to raise, with no child before it
        ("送给我儿子养，营养费好说", "送给", "purchase_request"),
        # a child before it in the sentence, across a comma
        ("男宝一个，送给我女儿", "送给", "purchase_request"),
        # the child as the one who gets a sibling: the child after it is the one wanted
        ("谁能送给我儿子一个弟弟", "送给", "purchase_request"),
        ("好心人送给我女儿一个妹妹吧，我们不能生了", "送给", "purchase_request"),
        ("谁能送给我家宝宝一个妹妹", "送给", "purchase_request"),
        # a child bought to be a brother or sister: the one wanted
        ("想买个给儿子当弟弟，男宝，营养费好说", "买个", "purchase_request"),
        ("想买个给儿子作个伴，男宝", "买个", "purchase_request"),
    ],
)
def test_a_child_given_away_or_asked_for_keeps_the_giving_verb(text: str, verb: str, label: str) -> None:
    examined = Analyser().examine(text)
    assert examined is not None
    assert any(cue.category in ("offer", "seek") and cue.term == verb for cue in examined.cues), text
    assert analyse(text).label == label


def test_a_welfare_bureaus_appeal_is_the_lawful_route() -> None:
    """A social affairs bureau's appeal to parents who cannot raise a child (社會局呼籲…撥打113求助) points
    them to the lawful route; an offer that names a social worker is still an offer."""
    appeal = Analyser().examine("社會局呼籲，若真無力撫養孩子，請勇敢撥打113求助")
    assert appeal is not None and "lawful" in {cue.category for cue in appeal.cues}
    assert analyse("女宝出生7天，寻找爱心家庭，需营养费，社工可协助办理手续").label == "sale_offer"


@pytest.mark.parametrize(
    "text",
    [
        "求一个男孩，拒绝买卖孩子，只要真心送养的，可以给营养费",
        "出女宝一个，不是买卖孩子，私聊",
        "男宝找好人家，拒绝买卖婴儿，需营养费",
    ],
)
def test_a_disclaimer_of_the_trade_keeps_the_flag(text: str) -> None:
    """Sellers and buyers disclaim the trade (拒绝买卖孩子, 不是买卖孩子): the disclaimer is no report."""
    assert analyse(text).label != "none", text


def test_goods_words_are_read_as_whole_words_and_in_both_apostrophes() -> None:
    from huijia.text.fold import fold

    analyser = Analyser()
    contraction = fold("Selling her she's home with me now, $2000 cash")
    sell = next(c for c in analyser.matcher.find(contraction) if c.term == "sell")
    assert not analyser.goods_objects.voids(sell, contraction)
    curly = fold("Giving away my son’s old toys, free to a family with kids.")
    giving = next(c for c in analyser.matcher.find(curly) if c.term == "giving away")
    assert analyser.goods_objects.voids(giving, curly)


def test_a_goods_object_table_without_its_lists_is_named_in_the_error() -> None:
    from huijia.lexicon import LexiconError, _goods_object

    with pytest.raises(LexiconError, match=r"zh.toml: \[goods_object\] needs a non-empty `objects` list"):
        _goods_object("zh.toml", {"verbs": ["卖"]})
    with pytest.raises(LexiconError, match="has no field object"):
        _goods_object("zh.toml", {"verbs": ["卖"], "objects": ["房子"], "object": ["车"]})


def test_a_child_sold_is_still_an_offer_when_goods_are_named_too() -> None:
    examined = Analyser().examine("本人有一女孩想卖掉，价格面议，房子也卖")
    assert examined is not None
    assert any(cue.category == "offer" and cue.term == "卖掉" for cue in examined.cues)
    assert analyse("本人有一女孩想卖掉，价格面议").label == "sale_offer"
