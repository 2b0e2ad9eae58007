"""The network around one actor, cluster or group: who is linked to what, a few hops out, laid out for a
server-rendered picture (no script, no CDN). Pure: link records in, nodes and edges with positions out.

Nodes are actors, their contacts (hubs marked), the chats they post in, template clusters and reused or
banked photos; an edge says why two nodes meet (an actor posted a contact, posted in a chat, posted a
member of a cluster, posted the photo).
The layout puts the start in the middle and each hop on a wider ring, so the reader sees distance as
hops.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

MAX_NODES = 80  # a picture past this is unreadable: the rest is counted, not drawn
RING = 130.0  # pixels between rings
CENTRE = 400.0


@dataclass(frozen=True, slots=True)
class Node:
    id: str  # actor:…, cluster:…, chat:NAME, contact:KIND VALUE
    kind: str  # actor | cluster | chat | contact | hub | photo
    label: str
    hop: int
    x: float = 0.0
    y: float = 0.0


@dataclass(frozen=True, slots=True)
class Edge:
    a: str
    b: str
    why: str


@dataclass(frozen=True, slots=True)
class Network:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    left_out: int  # nodes within reach that were not drawn (over MAX_NODES)


def graph(records: Iterable[Mapping[str, Any]]) -> tuple[dict[str, Node], list[Edge]]:
    """Every node and edge the actor and cluster records (as `huijia link` writes them) imply."""
    nodes: dict[str, Node] = {}
    edges: list[Edge] = []
    actor_of_message: dict[str, str] = {}
    clusters = []
    for record in records:
        if record.get("type") == "actor":
            actor = str(record["id"])
            authors = record.get("authors") or []
            nodes[actor] = Node(actor, "actor", " / ".join(str(a) for a in authors[:3]), 0)
            for message in record.get("messages") or []:
                actor_of_message[str(message)] = actor
            for channel in record.get("channels") or []:
                chat = f"chat:{channel}"
                nodes.setdefault(chat, Node(chat, "chat", str(channel), 0))
                edges.append(Edge(actor, chat, "posts in"))
            for contact in record.get("contacts") or []:
                name = f"contact:{contact['kind']} {contact['value']}"
                nodes.setdefault(name, Node(name, "contact", f"{contact['kind']} {contact['value']}", 0))
                edges.append(Edge(actor, name, "gives"))
            for hub in record.get("hubs") or []:
                name = f"contact:{hub['kind']} {hub['value']}"
                nodes.setdefault(name, Node(name, "hub", f"{hub['kind']} {hub['value']} (hub)", 0))
                edges.append(Edge(actor, name, "gives (a hub: joins no one)"))
        elif record.get("type") in ("cluster", "photo_reuse", "bank_match"):
            clusters.append(record)
    for record in clusters:
        if record.get("type") != "cluster":
            photo = str(record["id"])
            banked = record.get("type") == "bank_match"
            nodes[photo] = Node(photo, "photo", "banked photo" if banked else "reused photo", 0)
            posters = (actor_of_message.get(str(m)) for m in record.get("messages") or [])
            for poster in dict.fromkeys(p for p in posters if p is not None):
                edges.append(Edge(poster, photo, "posted the photo"))
            continue
        cluster = str(record["id"])
        nodes[cluster] = Node(cluster, "cluster", str(record.get("template", ""))[:40], 0)
        posters = (actor_of_message.get(str(m)) for m in record.get("messages") or [])
        for poster in dict.fromkeys(p for p in posters if p is not None):
            edges.append(Edge(poster, cluster, "posted the template"))
    return nodes, edges


def neighbourhood(records: Iterable[Mapping[str, Any]], start: str, hops: int = 2) -> Network | None:
    """The nodes within `hops` of `start` (a node id), laid out in rings; None if `start` is not a node."""
    nodes, edges = graph(records)
    if start not in nodes:
        return None
    touching: dict[str, list[Edge]] = {}
    for edge in edges:
        touching.setdefault(edge.a, []).append(edge)
        touching.setdefault(edge.b, []).append(edge)
    hop_of = {start: 0}
    frontier = [start]
    for hop in range(1, hops + 1):
        following = []
        for name in frontier:
            if nodes[name].kind == "hub":
                continue  # a hub joins no one: the walk does not go through it
            for edge in touching.get(name, []):
                other = edge.b if edge.a == name else edge.a
                if other not in hop_of:
                    hop_of[other] = hop
                    following.append(other)
        frontier = following
    chosen = sorted(hop_of, key=lambda n: (hop_of[n], nodes[n].kind, n))[:MAX_NODES]
    kept = set(chosen)
    placed = _rings([(name, hop_of[name]) for name in chosen])
    drawn = tuple(
        Node(name, nodes[name].kind, nodes[name].label, hop_of[name], *placed[name]) for name in chosen
    )
    shown = tuple(
        dict.fromkeys(
            e for e in edges if e.a in kept and e.b in kept and (hop_of[e.a] < hops or hop_of[e.b] < hops)
        )
    )
    return Network(drawn, shown, len(hop_of) - len(chosen))


def _rings(named: list[tuple[str, int]]) -> dict[str, tuple[float, float]]:
    by_hop: dict[int, list[str]] = {}
    for name, hop in named:
        by_hop.setdefault(hop, []).append(name)
    placed = {}
    for hop, names in by_hop.items():
        for i, name in enumerate(names):
            angle = 2 * math.pi * i / len(names) + hop * 0.4
            radius = RING * hop
            placed[name] = (
                round(CENTRE + radius * math.cos(angle), 1),
                round(CENTRE + radius * math.sin(angle), 1),
            )
    return placed
