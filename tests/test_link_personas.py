"""Personas: senders joined by shared contacts written in the forms sellers use, masked numbers joined
only to a unique owner, hubs never joining anyone, display names kept within their chat."""

from __future__ import annotations

from huijia.analyse.contacts import extract_contacts
from huijia.link.personas import Actor, find_actors, masked_agrees
from huijia.link.posts import LinkPost, author_key, link_contacts
from huijia.text.fold import fold


def post(
    pid: str,
    handle: str | None,
    text: str,
    label: str = "none",
    channel: str = "湖南宝贝之家",
    name: str = "x",
) -> LinkPost:
    return LinkPost(
        id=pid,
        author=author_key("qq", channel, handle, name),
        author_label=handle or name,
        channel=channel,
        label=label,
        contacts=link_contacts(extract_contacts(fold(text))),
        text=text,
    )


def actor_of(actors: list[Actor], message: str) -> Actor:
    return next(a for a in actors if message in a.messages)


def test_one_wechat_id_in_three_spellings_joins_three_names() -> None:
    actors = find_actors(
        [
            post("m1", "qq:1001", "男宝刚满月，营养费3万，加薇 AbC_12345 详聊", "sale_offer"),
            post("m2", "qq:1002", "出个女宝，预产期十月，诚心要的vx:abc_12345", "sale_offer", "广东送养群"),
            post("m3", "qq:1003", "有需要的宝妈联系 微信号：ABC_12345", "broker", "江苏宝宝群"),
            post("m4", "qq:1004", "今天带孩子打疫苗了，好多人"),
        ]
    )
    broker = actor_of(actors, "m1")
    assert set(broker.messages) == {"m1", "m2", "m3"}
    assert set(broker.authors) == {"qq:1001", "qq:1002", "qq:1003"}
    assert {link.why for link in broker.links} == {"wechat abc_12345"}
    assert set(broker.channels) == {"湖南宝贝之家", "广东送养群", "江苏宝宝群"}
    assert actor_of(actors, "m4").messages == ("m4",)


def test_a_mobile_in_spaces_dashes_full_width_and_chinese_numerals_is_one_contact() -> None:
    texts = [
        "女宝两个月 电话138 1234 2046",
        "男宝出生十天，营养费好说，手机+86-138-1234-2046",
        "私聊１３８１２３４２０４６",
        "有意者打 一三八一二三四二零四六",
    ]
    actors = find_actors(
        [post(f"m{i}", f"qq:{2000 + i}", text, "sale_offer") for i, text in enumerate(texts)]
    )
    assert len(actors) == 1
    assert {link.why for link in actors[0].links} == {"phone +8613812342046"}


def test_qq_number_forms_join() -> None:
    actors = find_actors(
        [
            post("m1", "qq:1", "送养男宝，扣扣 2345 6789", "sale_offer"),
            post("m2", "qq:2", "求领女宝，企鹅号：23456789", "purchase_request"),
            post("m3", "qq:3", "QQ:23456789 有意私聊", "broker"),
        ]
    )
    assert len(actors) == 1 and {link.why for link in actors[0].links} == {"qq 23456789"}


def test_a_masked_number_joins_the_one_actor_whose_number_agrees() -> None:
    actors = find_actors(
        [
            post("m1", "qq:1", "男宝满月，营养费五万，电话13812342046", "sale_offer"),
            post("m2", "qq:2", "出女宝，联系138****2046", "sale_offer"),
            post("m3", "qq:3", "孩子的奶粉哪里买便宜 13999990000"),
        ]
    )
    joined = actor_of(actors, "m2")
    assert set(joined.messages) == {"m1", "m2"}
    assert [link.why for link in joined.links] == ["phone 138****2046 = +8613812342046"]


def test_a_masked_number_two_actors_could_own_joins_neither() -> None:
    actors = find_actors(
        [
            post("m1", "qq:1", "男宝满月，电话13812342046", "sale_offer"),
            post("m2", "qq:2", "女宝预产期八月，电话13899992046", "sale_offer"),
            post("m3", "qq:3", "出男宝，联系138****2046", "sale_offer"),
        ]
    )
    assert actor_of(actors, "m3").messages == ("m3",)


def test_masked_agreement_needs_every_visible_digit() -> None:
    assert masked_agrees("138****2046", "+8613812342046")
    assert masked_agrees("138xxxx2046", "+8613812342046")
    assert not masked_agrees("138****2047", "+8613812342046")
    assert not masked_agrees("139****2046", "+8613812342046")
    assert not masked_agrees("1*********6", "+8613812342046")  # two digits show: too few to join anyone


def test_a_number_many_parents_share_is_a_hub_and_joins_no_one() -> None:
    shop = "儿童医院预约电话 0731-84123456"
    posts = [post(f"p{i}", f"qq:{300 + i}", f"{shop} 我家宝宝发烧挂了号") for i in range(5)]
    posts.append(post("s1", "qq:399", f"男宝出生二十天，营养费3万，{shop}", "sale_offer"))
    actors = find_actors(posts)
    assert all(len(actor.authors) == 1 for actor in actors)
    seller = actor_of(actors, "s1")
    assert [(hub.contact.value, hub.senders) for hub in seller.hubs] == [("+8673184123456", 6)]
    assert all(c.value != "+8673184123456" for c in seller.contacts)


def test_a_broker_writing_one_id_under_five_names_is_not_a_hub() -> None:
    posts = [
        post(f"b{i}", f"qq:{500 + i}", f"第{i}个：男宝健康，营养费面议，vx baobei_home88", "sale_offer")
        for i in range(5)
    ]
    actors = find_actors(posts)
    assert len(actors) == 1 and len(actors[0].authors) == 5 and not actors[0].hubs


def test_display_names_stay_within_their_chat_and_handles_do_not() -> None:
    actors = find_actors(
        [
            post("m1", None, "出男宝，私聊", "sale_offer", "群A", name="小王"),
            post("m2", None, "出女宝，私聊", "sale_offer", "群B", name="小王"),
            post("m3", "qq:77", "出男宝", "sale_offer", "群A"),
            post("m4", "qq:77", "出女宝", "sale_offer", "群B"),
        ]
    )
    assert actor_of(actors, "m1") != actor_of(actors, "m2")
    same = actor_of(actors, "m3")
    assert set(same.messages) == {"m3", "m4"}
    assert [link.why for link in same.links] == ["sender qq:77"]


def test_a_senders_own_number_joins_a_post_that_gives_it() -> None:
    whatsapp = LinkPost("w1", "phone:+8613812342046", "phone:+8613812342046", "家长群", "none")
    actors = find_actors([whatsapp, post("m2", "qq:9", "出男宝 电话13812342046", "sale_offer")])
    assert set(actor_of(actors, "m2").messages) == {"w1", "m2"}


def test_masked_joins_do_not_depend_on_the_order_of_the_posts() -> None:
    a = post("a", "qq:1", "男宝满月，电话13812342046", "sale_offer")
    b = post("b", "qq:2", "出女宝，电话13899992046；另一个号1381234****", "sale_offer")
    c = post("c", "qq:3", "出男宝，联系138****2046", "sale_offer")
    forward = {frozenset(x.messages) for x in find_actors([a, b, c])}
    backward = {frozenset(x.messages) for x in find_actors([a, c, b])}
    assert forward == backward
    assert frozenset({"a", "b"}) in forward  # a mask hiding the last digits (1381234****) joins too
