"""The link benchmark's planted truth is consistent (benchmarks/link_world.py): different families are not
near-duplicates of one another, each family hangs together, hubs are posted by many people, and the masked
number of the scammer warning agrees with exactly two people's numbers. Not a test of `huijia link`."""

from __future__ import annotations

import itertools
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))

from link_world import TRAFFICKING_INTENTS, make_world

_NUMBERISH = re.compile(r"[A-Za-z_@.+\-]*[0-9０-９〇一二三四五六七八九零][A-Za-z0-9_@.+\-]*")


def _bigrams(text: str) -> set[str]:
    core = re.sub(r"[\W_]+", "", _NUMBERISH.sub("0", text.lower()))
    return {core[i : i + 2] for i in range(len(core) - 1)}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b)


def test_planted_truth_is_consistent() -> None:
    world = make_world(5, 0.3)
    posts = [m for m in world.messages() if m.intent in TRAFFICKING_INTENTS]
    shingles = [(m.family or "text:" + " ".join(m.text.split()), _bigrams(m.text)) for m in posts]
    members: dict[str, list[int]] = defaultdict(list)
    for i, (family, _) in enumerate(shingles):
        members[family].append(i)
    for (fa, a), (fb, b) in itertools.combinations(shingles, 2):
        if fa != fb:
            assert _jaccard(a, b) < 0.6, (fa, fb)
    for family, ids in members.items():  # single-link: every family is one connected group
        reached = {ids[0]}
        grew = True
        while grew:
            grew = False
            for i in ids:
                if i not in reached and any(_jaccard(shingles[i][1], shingles[j][1]) >= 0.4 for j in reached):
                    reached.add(i)
                    grew = True
        assert reached == set(ids), family
    for hub, value in world.hubs.items():
        posters = {m.actor for m in world.messages() if m.hub == hub or value in m.text}
        assert len(posters) >= 3, hub
        if "*" in value:
            agree = [
                a
                for a in world.actors.values()
                if (p := a.contacts.get("phone")) and p[:3] + p[7:] == value.replace("*", "")
            ]
            assert len(agree) == 2
