"""Template clusters: one ad re-posted with its slots changed is one cluster with the template and every
value as written; different ads and ordinary talk stay apart; new posts join existing clusters."""

from __future__ import annotations

import numpy as np

from huijia.link import minhash
from huijia.link.templates import TemplateIndex, find_clusters, normalised, template_of

FAMILY_ZH = [
    "本人湖南的，男宝出生20天，身体健康，营养费3万，加V abc12345 详聊",
    "本人湖南的，女宝出生45天，身体健康，营养费3.5万，加V xyz98765 详聊",
    "本人广东的，男宝出生2个月，身体健康，营养费35000元，加V abc12345 详聊",
]
FAMILY_EN = [
    "Baby boy 3 weeks old, healthy and sweet, rehoming fee $5000, message me on telegram @babyhome1",
    "Baby girl 5 weeks old, healthy and sweet, rehoming fee $6500, message me on telegram @babyhome2",
]
OTHERS = [
    "求领养一个女宝，江浙沪地区，价格好说，有意私聊",
    "今天带孩子去公园了，天气真好",
    "孩子发烧三天了，去哪个医院比较好",
    "Looking to adopt through a licensed agency, any advice on home studies?",
]


def test_one_ad_with_changed_slots_is_one_cluster_with_its_values_as_written() -> None:
    texts = FAMILY_ZH + OTHERS
    ids = [f"m{i}" for i in range(len(texts))]
    clusters = find_clusters(ids, texts, [True] * len(texts))
    assert [c.messages for c in clusters] == [("m0", "m1", "m2")]
    template = clusters[0].template
    slots = {slot.name: slot.values for slot in template.slots}
    assert slots["price"] == ("3万", "3.5万", "35000元")
    assert slots["age"] == ("20天", "45天", "2个月")
    assert slots["contact"] == ("abc12345", "xyz98765")
    assert slots["sex"] == ("男", "女")
    assert slots["place"] == ("湖南", "广东")
    assert template.text == "本人{place}的，{sex}宝出生{age}，身体健康，营养费{price}，加V {contact} 详聊"


def test_an_english_family_clusters_on_word_shingles() -> None:
    clusters = find_clusters(["e1", "e2", "o1"], [*FAMILY_EN, OTHERS[3]], [True, False, False])
    assert [c.messages for c in clusters] == [("e1", "e2")]
    names = [slot.name for slot in clusters[0].template.slots]
    assert names == ["sex", "age", "price", "contact"]


def test_a_cluster_without_a_flagged_post_is_not_reported() -> None:
    chain = "【寻人启事】男孩，5岁，在人民公园走失，穿红色外套，有线索请联系110，转发就是力量"
    texts = [chain, chain.replace("5岁", "五岁"), chain + "！"]
    assert find_clusters(["c1", "c2", "c3"], texts, [False] * 3) == []


def test_new_posts_join_the_clusters_that_exist() -> None:
    index = TemplateIndex()
    first = find_clusters(["m0", "m1"], FAMILY_ZH[:2], [True, True], index)
    later = find_clusters(["m2", "n1"], [FAMILY_ZH[2], OTHERS[0]], [False, True], index)
    assert len(first) == 1 and later == []  # the new post joined m0's cluster, outside this batch's pair
    assert [sorted(c) for c in index.clusters()] == [[0, 1, 2]]


def test_signatures_estimate_the_jaccard_similarity() -> None:
    a, b = normalised(FAMILY_ZH[0]), normalised(OTHERS[0])
    c = normalised(FAMILY_ZH[1])
    shingles = [set(minhash.shingle_hashes(t).tolist()) for t in (a, b, c)]
    batch = minhash.signatures([a, b, c])
    assert np.array_equal(batch[1], minhash.signatures([b])[0])  # a batch gives what one at a time gives
    for i, j in ((0, 1), (0, 2)):
        true = len(shingles[i] & shingles[j]) / len(shingles[i] | shingles[j])
        assert abs(minhash.similarity(batch[i], batch[j]) - true) < 0.15


def test_a_template_with_braces_keeps_them_escaped() -> None:
    template = template_of(["价格{私聊} 男宝 3万", "价格{私聊} 男宝 4万"])
    assert template.text.startswith("价格{{私聊}} 男宝 {price}")


def test_values_of_members_past_the_aligned_ones_are_read_through_the_template() -> None:
    texts = [
        f"本人湖南的，男宝出生{10 + i}天，身体健康，营养费{i + 1}万，加V hnbb_8866 详聊" for i in range(45)
    ]
    template = template_of(texts)
    slots = {slot.name: slot.values for slot in template.slots}
    assert (
        len(slots["price"]) == 45 and slots["price"][-1] == "45"
    )  # the unit is the same in all: template text
    assert slots["age"][-1] == "54"


def test_many_templates_made_on_several_cores_are_the_ones_made_here() -> None:
    from huijia.link.templates import PARALLEL_FROM, templates_of

    groups = [
        [
            f"本人{p}的，男宝出生{d}天，营养费{d % 7 + 2}万，加V hn{d}_88 详聊"
            for p in ("湖南", "广东", "江西")
        ]
        for d in range(PARALLEL_FROM + 10)
    ]
    assert templates_of(groups, workers=2) == [template_of(group) for group in groups]


def test_a_post_that_repeats_the_template_is_read_in_linear_time_or_not_at_all() -> None:
    """The members past the aligned ones are fitted by finding the fixed pieces in order: a post that
    repeats the ad many times (which made a pattern with a lazy group per slot backtrack for minutes)
    adds its values or none, at once."""
    labels = ["营养费", "感谢费", "体重", "身高", "出生", "预产", "地点", "联系", "微信", "电话",
              "性别", "血型", "月龄", "疫苗", "手续", "户口", "接送", "定金", "尾款", "备注"]  # fmt: skip
    ad = "".join(f"{label}：{{}}号；" for label in labels)
    texts = [ad.format(*[i + k for k in range(20)]) for i in range(40)]
    crafted = ad.format(*range(20)) * 12 + "完全不同的结尾"
    template = template_of([*texts, crafted])
    assert len(template.slots) == 20 and len(template.slots[0].values) == 40
