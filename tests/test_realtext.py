"""The real-text harness: fixed splits, the labels and problems of the files read, the report's tallies,
and the evasion rewrites. Small files written here; the real corpora are read by `huijia eval --real`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from huijia.analyse.pipeline import Analyser
from huijia.training import evasions
from huijia.training.realeval import evaluate_real
from huijia.training.realtext import load_real, split_of

OFFER = "本人湖南的，男宝刚满两个月，营养费3万，有意私聊"
NEWS = "2019年，张某在QQ群发布送养信息，以6万元将其出生10天的男婴卖给李某，被法院判处有期徒刑五年。"


def write(path: Path, rows: list[dict[str, object]], extra: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows) + extra, encoding="utf-8")
    return path


def roots(tmp_path: Path) -> dict[str, Path]:
    return {"shared": tmp_path / "shared", "fetched": tmp_path / "fetched", "quoted": tmp_path / "quoted"}


def test_a_split_is_fixed_by_its_key_and_shares_are_near_their_targets() -> None:
    keys = [f"corpus:{i}" for i in range(4000)]
    first = [split_of(k, 0.3) for k in keys]
    assert first == [split_of(k, 0.3) for k in keys]
    assert 0.27 < first.count("test") / len(keys) < 0.33
    assert 0.08 < first.count("dev") / len(keys) < 0.13


def test_files_are_read_with_labels_problems_named_and_quoted_posts_split_by_page(tmp_path: Path) -> None:
    r = roots(tmp_path)
    write(
        r["shared"] / "chat.jsonl", [{"id": "chat:0", "text": "晚上一起吃饭吗", "kind": "chat", "lang": "zh"}]
    )
    write(
        r["fetched"] / "circulars.jsonl",
        [
            {"id": "c:0", "text": "Dana was last seen on April 3, 2014.", "kind": "missing", "lang": "en"},
            {
                "id": "c:1",
                "text": "被告人以6万元卖出男婴",
                "kind": "court",
                "lang": "zh",
                "label": "拐卖儿童",
            },
        ],
    )
    page = "https://example.org/report"
    write(
        r["quoted"] / "zh_pages.jsonl",
        [
            {"text": OFFER, "label": "sale_offer", "kind": "offer", "lang": "zh", "url": page},
            {"text": NEWS, "label": "none", "kind": "news", "lang": "zh", "url": page},
            {"text": "no page", "label": "none"},
            {"text": "bad label", "label": "sale", "url": page},
        ],
        extra="{not json\n",
    )
    corpus = load_real(r)
    labels = {item.text[:6]: item.label for item in corpus.items}
    assert labels == {
        "晚上一起吃饭": "none",
        "Dana w": "missing_notice",
        "被告人以6万": "none",
        OFFER[:6]: "sale_offer",
        NEWS[:6]: "none",
    }
    quoted = [item for item in corpus.items if item.quoted]
    assert len({item.split for item in quoted}) == 1  # one page: one side
    assert len(corpus.problems) == 3
    assert any("zh_pages.jsonl:3" in p and "url" in p for p in corpus.problems)
    assert any("zh_pages.jsonl:5" in p and "not JSON" in p for p in corpus.problems)
    assert set(corpus.files) == {"shared/chat.jsonl", "fetched/circulars.jsonl", "quoted/zh_pages.jsonl"}


def test_a_missing_folder_is_named_not_fatal(tmp_path: Path) -> None:
    corpus = load_real(roots(tmp_path))
    assert corpus.items == [] and len(corpus.problems) == 3


def test_the_report_counts_false_flags_per_kind_and_scores_quoted_posts(tmp_path: Path) -> None:
    r = roots(tmp_path)
    chat = [
        {"id": f"chat:{i}", "text": t, "kind": "chat", "lang": "zh"}
        for i, t in enumerate(["早上好", "今天带孩子去公园了", "收到"])
    ]
    write(r["shared"] / "chat.jsonl", chat)
    page = "https://example.org/a"
    write(
        r["quoted"] / "zh_pages.jsonl",
        [
            {
                "text": OFFER,
                "label": "sale_offer",
                "kind": "offer",
                "lang": "zh",
                "url": page,
                "price": {"amount": 30000, "currency": "CNY"},
            },
            {"text": NEWS, "label": "none", "kind": "news", "lang": "zh", "url": page},
            {
                "text": "有",
                "label": "purchase_request",
                "kind": "bid_reply",
                "lang": "zh",
                "url": page,
                "ambiguous": True,
            },
        ],
    )
    corpus = load_real(r)
    report = evaluate_real(Analyser(), corpus.items, "all")
    assert report.ordinary[("chat", "zh")].n == 3 and report.ordinary[("chat", "zh")].flagged == 0
    assert report.quoted.total == 2 and report.quoted_ambiguous == 1
    assert report.quoted.flagging() == (1.0, 1.0, 1.0, 1)
    assert report.quoted.fields["price (stated)"] == [1, 1]
    assert report.evasion["spacing"][1] == 1  # the flagged offer was rewritten and tried again
    assert 0.0 <= report.brier < 0.1
    data = report.to_json()
    assert data["ordinary"]["chat/zh"]["flagged_per_10k"] == 0.0 and data["quoted"]["n"] == 2
    # no flag in 3 chat messages says little: the exact interval reaches 1 − 0.025^(1/3) of them
    low, high = data["ordinary"]["chat/zh"]["flagged_per_10k_interval"]
    assert low == 0.0 and high == pytest.approx((1 - 0.025 ** (1 / 3)) * 10_000, abs=0.1)
    assert data["quoted_f1_interval"]["all"] == [1.0, 1.0]  # every quoted post right, in every draw
    rendered = report.render()
    assert "95 % interval" in rendered and "F1 1.000 (95 % interval 1.00–1.00, pages drawn)" in rendered


@pytest.mark.parametrize(
    ("rule", "text", "expected"),
    [
        ("pinyin", "送养男宝，营养费3万", "sy nb，yyf3万"),
        ("symbol", "送养男宝", "送*养男*宝"),
        ("spacing", "baby for sale", "b a b y for s a l e"),
        ("emoji", "男宝送养", "男👶送养"),
        ("variant", "送养男宝", "送養男寶"),
    ],
)
def test_evasion_rewrites_change_the_key_terms(rule: str, text: str, expected: str) -> None:
    assert evasions.RULES[rule](text) == expected


def test_homoglyphs_change_latin_letters_only() -> None:
    out = evasions.homoglyph("baby 男宝 3万")
    assert out != "baby 男宝 3万" and out.endswith(" 男宝 3万") and not out[:4].isascii()


def test_one_text_in_two_places_is_never_on_both_sides(tmp_path: Path) -> None:
    """Found in review: a post quoted by two pages was in the test split from one page and in training
    from the other; the same chat line in two corpora likewise."""
    r = roots(tmp_path)
    post = "Does anyone know a family who would like to adopt a 4 year old girl?"
    urls = [f"https://example.org/page{i}" for i in range(40)]
    test_page = next(u for u in urls if split_of(u, 0.5) == "test")
    train_page = next(u for u in urls if split_of(u, 0.5) != "test")
    for name, url in (("en_pages", test_page), ("more_pages", train_page)):
        write(
            r["quoted"] / f"{name}.jsonl", [{"text": post, "label": "sale_offer", "lang": "en", "url": url}]
        )
    write(r["shared"] / "a.jsonl", [{"id": "a:0", "text": "哈哈哈，晚安！", "kind": "chat", "lang": "zh"}])
    write(r["fetched"] / "b.jsonl", [{"id": "b:7", "text": "哈哈哈 晚安", "kind": "chat", "lang": "zh"}])
    corpus = load_real(r)
    quoted = [item for item in corpus.items if item.quoted]
    ordinary = [item for item in corpus.items if not item.quoted]
    assert len(quoted) == 2 and len({item.split for item in quoted}) == 1
    assert len(ordinary) == 2 and len({item.split for item in ordinary}) == 1


def test_cross_validation_scores_every_training_side_text_once_and_never_reads_the_test_split(
    tmp_path: Path,
) -> None:
    from huijia.training.crossval import cross_validate
    from huijia.training.second_reading import VectorCache

    r = roots(tmp_path)
    pages = [f"https://example.org/page{i}" for i in range(60)]
    test_page = next(p for p in pages if split_of(p, 0.3) == "test")
    side_pages = [p for p in pages if split_of(p, 0.3) != "test"][:6]
    offers = [
        OFFER,
        "送养一名女宝宝",
        "女孩,健康,无奈送养。",
        "迫于无奈,现将4岁的儿子送养,小孩健康无任何疾病。",
    ]
    quoted = [
        {
            "text": offers[i % len(offers)] + "。" * i,
            "label": "sale_offer",
            "kind": "offer",
            "lang": "zh",
            "url": p,
        }
        for i, p in enumerate(side_pages)
    ] + [
        {"text": NEWS + str(i), "label": "none", "kind": "news", "lang": "zh", "url": p}
        for i, p in enumerate(side_pages)
    ]
    quoted.append({"text": "卖小孩", "label": "broker", "kind": "broker", "lang": "zh", "url": test_page})
    write(r["quoted"] / "zh_pages.jsonl", quoted)
    chat = ["早上好", "今天带孩子去公园了", "收到", "孩子发烧38度怎么办", "宝宝两个月了，奶粉多少钱一罐"]
    write(
        r["shared"] / "chat.jsonl",
        [{"id": f"chat:{i}", "text": t, "kind": "chat", "lang": "zh"} for i, t in enumerate(chat * 8)],
    )
    corpus = load_real(r)
    side = [item for item in corpus.items if item.split != "test"]
    result = cross_validate(corpus.items, size=600, folds=2, cache=VectorCache(tmp_path / "vectors.tsv"))
    assert sorted(h.item.id for h in result.held) == sorted(item.id for item in side)
    assert all(h.item.group != test_page for h in result.held)
    tp, fp, fn = result.quoted()["all"]
    assert tp + fn == 6 and fp <= 6
    n, flags = result.ordinary()["all"]
    assert n == sum(1 for item in side if not item.quoted) and 0 <= flags <= n
    assert all(0.0 <= risk <= 1.0 for risk in result.risks)
    assert "quoted posts" in result.render(errors=True)
    data = result.to_json()
    assert set(data) == {"quoted", "ordinary"}
    # each figure with its 95 % interval (the rate's exact one holds the rate)
    low, high = data["quoted"]["all"]["f1_interval"]
    assert 0.0 <= low <= high <= 1.0
    low, high = data["ordinary"]["all"]["per_10k_interval"]
    assert low <= flags / n * 10_000 <= high and high > 0
    assert "95 % interval" in result.render()


def test_cross_validation_applies_the_pipelines_guard_rails_to_held_out_flags() -> None:
    """A flag the shipped analyser would overrule (a missing-child notice, a parent's question about
    papers) is no flag in cross-validation either, and keeps the guard's risk; a risk under the flag line
    is left as it is, as the pipeline leaves it."""
    from types import SimpleNamespace

    from huijia.analyse.pipeline import MISSING_GUARD_RISK, PAPERS_GUARD_RISK, default_analyser, guard
    from huijia.training.crossval import HeldOut, _guarded

    analyser = default_analyser()
    expected = {
        "我家宝宝走失了，穿红衣服，请大家帮忙寻找": ("missing_notice", MISSING_GUARD_RISK),
        "出生证明在哪里办": ("none", PAPERS_GUARD_RISK),
        "男宝送养，营养费3万，私聊": None,
    }
    for text, answer in expected.items():
        examined = analyser.examine(text)
        assert examined is not None, text
        assert guard(examined.cues, examined.facts, examined.folded) == answer, text
    item = SimpleNamespace(quoted=False, label="none", ambiguous=False)
    held = [
        HeldOut(item, 0.9, False, False, 0.9, True, MISSING_GUARD_RISK),  # type: ignore[arg-type]
        HeldOut(item, 0.3, False, False, 0.3, True, MISSING_GUARD_RISK),  # type: ignore[arg-type]
        HeldOut(item, 0.9, False, False, 0.9, True, None),  # type: ignore[arg-type]
    ]
    assert _guarded(held, [0.9, 0.3, 0.9]) == [MISSING_GUARD_RISK, 0.3, 0.9]


def test_cross_validation_lets_the_second_reading_lift_only_a_post_that_names_an_act() -> None:
    """Two held-out posts alike in both readings: the one that names no act (`second.LIFTING`) keeps no
    more than its calibrated first risk, as the pipeline reports it."""
    from types import SimpleNamespace

    from huijia.training.crossval import HeldOut, _final_risks, _logit, _sigmoid
    from huijia.training.second_reading import _platt

    def held(label: str, p: float, p2: float, lifts: bool = True) -> HeldOut:
        item = SimpleNamespace(quoted=True, label=label, ambiguous=False)
        return HeldOut(item, p, False, False, p2, True, None, lifts)  # type: ignore[arg-type]

    items = [held("sale_offer", 0.9, 0.95) for _ in range(12)] + [held("none", 0.05, 0.05) for _ in range(40)]
    items += [held("sale_offer", 0.4, 0.95), held("none", 0.4, 0.2), held("sale_offer", 0.3, 0.9)]
    items += [held("none", 0.3, 0.9, lifts=True), held("none", 0.3, 0.9, lifts=False)]
    risks = _final_risks(items)
    lifted, kept = risks[-2], risks[-1]
    # the calibrated first risk, as `_final_risks` fits it (every item quoted: weight 1)
    a, b = _platt(
        [[_logit(h.probability)] for h in items], [int(h.trafficking) for h in items], [1.0] * len(items)
    )
    first = _sigmoid(a * _logit(0.3) + b)
    assert lifted > first
    assert kept == pytest.approx(first)


def test_cross_validation_calibrates_english_posts_read_twice_with_their_own_shift() -> None:
    """As `huijia train` does: where the band's English offers read lower in the second reading than its
    Chinese ones, an English post scores higher than a Chinese post alike in both readings."""
    from types import SimpleNamespace

    from huijia.training.crossval import HeldOut, _final_risks

    def held(label: str, p: float, p2: float, english: bool) -> HeldOut:
        item = SimpleNamespace(quoted=True, label=label, ambiguous=False)
        return HeldOut(item, p, False, False, p2, True, None, True, english)  # type: ignore[arg-type]

    items = [held("sale_offer", 0.95, 0.95, False) for _ in range(12)]
    items += [held("none", 0.02, 0.05, False) for _ in range(40)]
    for english, offer_reading in ((False, 0.9), (True, 0.5)):
        items += [held("sale_offer", 0.4, offer_reading, english) for _ in range(12)]
        items += [held("none", 0.4, 0.5 if not english else 0.2, english) for _ in range(12)]
    items += [held("none", 0.4, 0.5, True), held("none", 0.4, 0.5, False)]
    risks = _final_risks(items)
    assert risks[-2] > 0.5 > risks[-1]


def test_cross_validation_reads_a_bare_post_over_the_band_again_and_only_lowers_it() -> None:
    """As the pipeline does: a bare held-out post over the band is read again and keeps no more than its
    calibrated first risk; the same post not bare keeps that risk whatever its second reading."""
    from types import SimpleNamespace

    from huijia.analyse.second import BARE_TOP
    from huijia.training.crossval import HeldOut, _final_risks
    from huijia.training.second_reading import BAND

    def held(label: str, p: float, p2: float, bare: bool = False) -> HeldOut:
        item = SimpleNamespace(quoted=True, label=label, ambiguous=False)
        return HeldOut(item, p, False, False, p2, True, None, True, False, bare)  # type: ignore[arg-type]

    items = [held("sale_offer", 0.9, 0.95) for _ in range(12)] + [held("none", 0.05, 0.05) for _ in range(40)]
    items += [held("sale_offer", 0.4, 0.95), held("none", 0.4, 0.2), held("sale_offer", 0.3, 0.9)]
    # the same post four times, over the band once calibrated (p 0.85 among these items)
    items += [held("none", 0.85, 0.01), held("none", 0.85, 0.99), held("none", 0.85, 0.01, True)]
    items += [held("none", 0.85, 0.99, True)]
    risks = _final_risks(items)
    first = risks[-4]
    assert BAND[1] <= first < BARE_TOP, "the post sits over the band, under the bare reading's top"
    assert risks[-3] == pytest.approx(first)  # not bare: not read again, whatever its second reading
    assert risks[-2] < first  # bare, and the second reading says no: lowered
    assert risks[-1] == pytest.approx(first)  # bare, and the second reading says yes: never raised
