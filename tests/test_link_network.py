"""The network around a node: actors, contacts, chats, templates and photos a few hops out; a hub is shown
but never walked through; the picture is bounded."""

from __future__ import annotations

from huijia.link.network import MAX_NODES, neighbourhood

BROKER = {
    "type": "actor", "id": "actor:b", "authors": ["qq:1", "qq:2"], "messages": ["m1", "m2"],
    "channels": ["群A", "群B"], "contacts": [{"kind": "wechat", "value": "hnbb_8866"}],
    "hubs": [{"kind": "phone", "value": "+8673184123456", "senders": 6}],
}  # fmt: skip
PARENT = {
    "type": "actor", "id": "actor:p", "authors": ["qq:9"], "messages": ["m9"], "channels": ["群C"],
    "contacts": [], "hubs": [{"kind": "phone", "value": "+8673184123456", "senders": 6}],
}  # fmt: skip
CLUSTER = {"type": "cluster", "id": "cluster:c", "messages": ["m1", "m2"], "template": "男宝{age}"}
PHOTO = {"type": "photo_reuse", "id": "photo:f", "messages": ["m2", "m9"], "distance": 2}


def test_the_network_reaches_contacts_chats_templates_and_photos_but_not_through_hubs() -> None:
    drawn = neighbourhood([BROKER, PARENT, CLUSTER, PHOTO], "actor:b", hops=2)
    assert drawn is not None
    kinds = {node.id: node.kind for node in drawn.nodes}
    assert kinds["chat:群A"] == "chat" and kinds["cluster:c"] == "cluster" and kinds["photo:f"] == "photo"
    assert kinds["contact:phone +8673184123456"] == "hub"
    # the parent is reached through the shared photo (two hops); without it, the hub does not lead there
    assert next(node.hop for node in drawn.nodes if node.id == "actor:p") == 2
    alone = neighbourhood([BROKER, PARENT, CLUSTER], "actor:b", hops=3)
    assert alone is not None and "actor:p" not in {node.id for node in alone.nodes}
    centre = next(node for node in drawn.nodes if node.id == "actor:b")
    assert (centre.x, centre.y) == (400.0, 400.0) and centre.hop == 0


def test_an_unknown_node_is_none_and_a_big_network_is_bounded() -> None:
    assert neighbourhood([BROKER], "actor:nobody") is None
    many = [
        {"type": "actor", "id": f"actor:{i}", "authors": [f"qq:{i}"], "messages": [f"m{i}"],
         "channels": ["大群"],
         "contacts": [], "hubs": []}
        for i in range(200)
    ]  # fmt: skip
    drawn = neighbourhood(many, "chat:大群", hops=1)
    assert drawn is not None and len(drawn.nodes) == MAX_NODES and drawn.left_out == 201 - MAX_NODES
