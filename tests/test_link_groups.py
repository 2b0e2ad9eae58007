"""Group risk: a trading group ranks above a big ordinary group with stray false flags; every reason
names its evidence; a chat re-created under a new name is seen."""

from __future__ import annotations

from huijia.link.groups import GroupRisk, score_groups
from huijia.link.personas import find_actors
from huijia.link.posts import LinkPost
from huijia.link.templates import find_clusters


def post(pid: str, chat: str, who: str, label: str = "none", text: str | None = None, at: str = "2025-01-01",
         name: str | None = None) -> LinkPost:  # fmt: skip
    return LinkPost(pid, f"qq:{who}", f"qq:{who}", chat, label, (), text, f"{at}T10:00:00+08:00", name,
                    gated=text is not None)  # fmt: skip


def scored(posts: list[LinkPost]) -> dict[str, GroupRisk]:
    actors = find_actors(posts)
    gated = [p for p in posts if p.gated]
    clusters = find_clusters([p.id for p in gated], [p.text or "" for p in gated], [p.flagged for p in gated])
    return {g.channel: g for g in score_groups(posts, actors, clusters)}


def test_a_trading_group_outranks_a_big_ordinary_group_with_stray_flags() -> None:
    posts = [
        post(f"t{i}", "宝贝之家", f"s{i % 6}", "sale_offer" if i % 3 == 0 else "none") for i in range(60)
    ]
    posts += [post("t-req", "宝贝之家", "b1", "purchase_request")]
    posts += [post(f"o{i}", "小区宝妈群", f"p{i % 400}") for i in range(10_000)]
    posts += [post(f"f{i}", "小区宝妈群", f"p{i}", "sale_offer") for i in range(3)]  # false flags
    groups = scored(posts)
    trading, ordinary = groups["宝贝之家"], groups["小区宝妈群"]
    assert trading.recommendation == "takedown" and trading.risk > 0.9
    assert ordinary.recommendation == "none" and ordinary.risk < 0.3
    codes = {r.code: r.evidence for r in trading.reasons}
    assert {"flagged_posts", "flagged_authors", "both_sides"} <= set(codes)
    assert "t-req" in codes["both_sides"] and "t0" in codes["flagged_posts"]
    assert ordinary.messages == 10_003 and ordinary.flagged == 3


def test_entry_fees_and_nickname_tags_are_reasons() -> None:
    posts = [
        post("a", "领养交流", "1", "none", "新人进群费50元，发红包进群", name="群主"),
        post("b", "领养交流", "2", "sale_offer", "男宝满月 营养费三万 私聊", name="湖南送男宝"),
        post("c", "领养交流", "3", "none", None, name="广东求领女宝"),
    ]
    codes = {r.code: r.evidence for r in scored(posts)["领养交流"].reasons}
    assert codes["paid_entry"] == ("a",)
    assert codes["nickname_tags"] == ("b", "c")


def test_a_group_recreated_under_a_new_name_is_seen() -> None:
    ad = "本人湖南的，男宝出生{}天，身体健康，营养费{}万，加V abc12345 详聊"
    old = [post(f"o{i}", "湖南宝贝之家", f"m{i % 5}", at="2025-01-0" + str(1 + i % 3)) for i in range(20)]
    old.append(post("o-ad", "湖南宝贝之家", "m0", "sale_offer", ad.format(20, 3), at="2025-01-03"))
    new = [post(f"n{i}", "湖南宝贝之家2群", f"m{i % 5}", at="2025-02-0" + str(1 + i % 3)) for i in range(20)]
    new.append(post("n-ad", "湖南宝贝之家2群", "m1", "sale_offer", ad.format(30, 4), at="2025-02-01"))
    groups = scored(old + new)
    codes = {r.code: r.evidence for r in groups["湖南宝贝之家2群"].reasons}
    assert "recreated" in codes and "template_cluster" in codes
    assert "recreated" not in {r.code for r in groups["湖南宝贝之家"].reasons}
