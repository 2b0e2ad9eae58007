"""How well `huijia link` finds the planted brokers, templates and trafficking groups (issue 15, item 8).

Generates a seeded world of chat exports (benchmarks/link_world.py: QQ text, Telegram result.json, WhatsApp
text, WeChat-style JSONL and CSV; ~12,000 messages in 20 groups at --scale 1) with the truth planted, reads
the files in process to learn `huijia read`'s message ids, then runs `huijia analyse` and `huijia link` on the
folder in child processes and scores LINKS.jsonl (ARCHITECTURE.md §3.4).

What is measured
- **Personas**, pairwise: over a set U of messages, the pairs placed in one `actor` record against the pairs
  written by one planted person (one person = every account of a broker, a parent or a buyer). U = the
  messages of every reported actor, plus every message of each planted person who has a message the
  analyser flags (`huijia analyse` label sale_offer, purchase_request or broker) — the persons `huijia link`
  must report. A message of U in no actor is a pair of none. Precision = right pairs / reported pairs,
  recall = right pairs / planted pairs. The same numbers over the persons who *wrote* a trafficking post
  (planted intent, whatever the analyser said) are shown as "end to end".
- **Clusters**, pairwise, the same way: planted template families (a post re-posted with price, age, due
  month, place or contact changed, by its author and by copiers; forwarded missing-child notices; a shop's
  ad) against `cluster` records; a message outside any family is its own family, except that identical
  texts count as one. U = messages of reported clusters plus those of families with a flagged message.
- **Contact forms**: for each form a contact is written in (mobile with spaces, dashes, +86, full-width or
  Chinese-word digits, masked; a WhatsApp account that is the number; QQ/扣扣/企鹅; 微信/V/vx/加薇/wx and
  another letter case; e-mail; Telegram), the share of posts from a person's *second* accounts, written that
  way, that land in the same actor as the person's first account (persons with a flagged message).
- **Hubs**: a baby shop's and a hospital's numbers posted by many parents (and once by a broker), the police
  hotline and families' numbers in forwarded missing-child notices, a masked number two people's numbers
  agree with. A hub that joins two planted persons in one actor, or appears in a link's `why`, is a failure.
- **Group risk**: every planted trafficking group should rank above every benign one (a parenting group with
  two stray offers, volunteers forwarding notices, adoption-law talk, news quoting ads): the AUC, the lowest
  trafficking and the highest benign risk, and the recommendations.
- Photo reuse is measured by benchmarks/photo_reuse_quality.py; its numbers are shown when it is there.

Goals (issue 15): personas P ≥ 0.95 at R ≥ 0.90; clusters P and R ≥ 0.95; every trafficking group above every
benign one. **Kept aside**: tune on the default seed only; `--kept-aside` uses a seed kept for the final
check (KEPT_ASIDE_SEED; no test uses either). `--oracle` scores the planted truth itself (all 1.0: a check of
the scorer) and `--baseline` joins by handle and identical text only (what `huijia link` must beat);
`--links FILE` scores a LINKS.jsonl you already have for the same seed and scale.

Usage: python benchmarks/link_quality.py [--seed N | --kept-aside] [--scale 1.0] [--json OUT.json]
                                         [--links LINKS.jsonl | --oracle | --baseline] [--keep]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from link_world import TRAFFICKING_INTENTS, Planted, World, make_world, write_world
from read_speed import OUT, run_cli

DEFAULT_SEED = 20261207
KEPT_ASIDE_SEED = 58_771_302  # used only for the final check, never while tuning
FLAGGED = frozenset(TRAFFICKING_INTENTS)
GOALS = {"persona_precision": 0.95, "persona_recall": 0.90, "cluster_precision": 0.95, "cluster_recall": 0.95}
PHOTO_BENCH = Path(__file__).with_name("photo_reuse_quality.py")


# --- the truth's ids ---------------------------------------------------------------------------------------
def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def read_ids(
    world: World, files: dict[str, Path]
) -> tuple[dict[str, Planted], list[dict[str, Any]], list[str]]:
    """`huijia read`'s id of every planted message (read in process, matched in file order and checked by
    text); the records read (for the baseline); and the problems found."""
    from huijia.ingest import read_inputs
    from huijia.model import Message

    by_id: dict[str, Planted] = {}
    records: list[dict[str, Any]] = []
    problems: list[str] = []
    for group in world.groups:
        read = [e for e in read_inputs([files[group.name]]) if isinstance(e, Message) and e.kind != "system"]
        if len(read) != len(group.messages):
            problems.append(f"{group.name}: read {len(read)} messages, planted {len(group.messages)}")
        for message, planted in zip(read, group.messages, strict=False):
            if norm(message.text) != norm(planted.text):
                problems.append(
                    f"{group.name}: {message.id} reads {message.text[:40]!r}, planted {planted.text[:40]!r}"
                )
            by_id[message.id] = planted
            author = message.author
            records.append(
                {
                    "id": message.id,
                    "channel": message.channel,
                    "text": message.text,
                    "handle": author.handle if author else None,
                    "name": author.name if author else None,
                }
            )
    return by_id, records, problems


# --- links: from huijia, or made here -----------------------------------------------------------------------
def load_links(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def oracle_links(by_id: dict[str, Planted], flagged: set[str], world: World) -> list[dict[str, Any]]:
    """The planted truth written as LINKS.jsonl (what a perfect `huijia link` would say)."""
    actors: dict[str, list[str]] = defaultdict(list)
    families: dict[str, list[str]] = defaultdict(list)
    for mid, planted in by_id.items():
        actors[planted.actor].append(mid)
        families[family_of(planted)].append(mid)
    out: list[dict[str, Any]] = []
    for actor, ids in actors.items():
        if flagged & set(ids):
            out.append({"type": "actor", "id": f"actor:{actor}", "messages": ids, "links": []})
    for fam, ids in families.items():
        if len(ids) > 1 and flagged & set(ids):
            out.append({"type": "cluster", "id": f"cluster:{fam}", "messages": ids})
    for group in world.groups:
        out.append(
            {
                "type": "group",
                "channel": group.name,
                "risk": 1.0 if group.trafficking else 0.0,
                "recommendation": "takedown" if group.trafficking else "none",
                "reasons": [],
            }
        )
    return out


def baseline_links(records: list[dict[str, Any]], flagged: set[str]) -> list[dict[str, Any]]:
    """Join by author handle only (or name within one chat), cluster identical texts only: the floor."""
    actors: dict[str, list[str]] = defaultdict(list)
    texts: dict[str, list[str]] = defaultdict(list)
    for rec in records:
        actors[rec["handle"] or f"{rec['channel']}/{rec['name']}"].append(rec["id"])
        texts[norm(rec["text"])].append(rec["id"])
    out: list[dict[str, Any]] = [
        {"type": "actor", "id": f"actor:{key}", "messages": ids, "links": []}
        for key, ids in actors.items()
        if flagged & set(ids)
    ]
    out += [
        {"type": "cluster", "id": f"cluster:{i}", "messages": ids}
        for i, ids in enumerate(texts.values())
        if len(ids) > 1 and flagged & set(ids)
    ]
    return out


# --- scoring ------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Pairwise:
    precision: float
    recall: float
    right: int
    reported: int
    planted: int
    messages: int

    def to_json(self) -> dict[str, float | int]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "right_pairs": self.right,
            "reported_pairs": self.reported,
            "planted_pairs": self.planted,
            "messages": self.messages,
        }


def pairs(sizes: Iterable[int]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes)


def pairwise(predicted: dict[str, str], truth: dict[str, str], universe: Iterable[str]) -> Pairwise:
    """Pairwise precision and recall over `universe`; a message with no predicted group is alone."""
    pred: Counter[str] = Counter()
    true: Counter[str] = Counter()
    both: Counter[tuple[str, str]] = Counter()
    count = 0
    for mid in universe:
        p = predicted.get(mid, f"alone:{mid}")
        t = truth[mid]
        pred[p] += 1
        true[t] += 1
        both[(p, t)] += 1
        count += 1
    right, reported, planted = pairs(both.values()), pairs(pred.values()), pairs(true.values())
    return Pairwise(
        right / reported if reported else 1.0,
        right / planted if planted else 1.0,
        right,
        reported,
        planted,
        count,
    )


def membership(
    links: list[dict[str, Any]], kind: str, known: dict[str, Planted]
) -> tuple[dict[str, str], int, int]:
    """message id -> the id of the record of `kind` holding it; and how many ids were unknown, or repeated."""
    found: dict[str, str] = {}
    unknown = repeated = 0
    for i, rec in enumerate(r for r in links if r.get("type") == kind):
        for mid in rec.get("messages", []):
            if mid not in known:
                unknown += 1
            elif mid in found:
                repeated += 1
            else:
                found[mid] = str(rec.get("id", i))
    return found, unknown, repeated


def family_of(planted: Planted) -> str:
    return planted.family or "text:" + norm(planted.text)


def auc(positives: list[float], negatives: list[float]) -> float:
    if not positives or not negatives:
        return float("nan")
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def score(
    world: World, by_id: dict[str, Planted], flagged: set[str], links: list[dict[str, Any]]
) -> dict[str, Any]:
    report: dict[str, Any] = {"seed": world.seed, "messages": len(by_id), "flagged": len(flagged)}
    truth_actor = {mid: p.actor for mid, p in by_id.items()}
    truth_family = {mid: family_of(p) for mid, p in by_id.items()}
    ids_of_actor: dict[str, list[str]] = defaultdict(list)
    ids_of_family: dict[str, list[str]] = defaultdict(list)
    for mid, p in by_id.items():
        ids_of_actor[p.actor].append(mid)
        ids_of_family[truth_family[mid]].append(mid)

    def universe(pred: dict[str, str], groups: set[str], ids_of: dict[str, list[str]]) -> set[str]:
        return set(pred) | {mid for g in groups for mid in ids_of[g]}

    # personas
    pred_actor, unknown, repeated = membership(links, "actor", by_id)
    flagged_actors = {truth_actor[mid] for mid in flagged}
    written_actors = {p.actor for p in by_id.values() if p.intent in FLAGGED}
    report["personas"] = pairwise(
        pred_actor, truth_actor, universe(pred_actor, flagged_actors, ids_of_actor)
    ).to_json()
    report["personas_end_to_end"] = pairwise(
        pred_actor, truth_actor, universe(pred_actor, written_actors, ids_of_actor)
    ).to_json()
    report["actors_reported"] = sum(1 for r in links if r.get("type") == "actor")
    report["actors_planted"] = len(flagged_actors)
    report["unknown_ids"] = unknown
    report["repeated_ids"] = repeated

    # clusters
    pred_cluster, unknown_c, repeated_c = membership(links, "cluster", by_id)
    flagged_families = {truth_family[mid] for mid in flagged}
    written_families = {truth_family[mid] for mid, p in by_id.items() if p.intent in FLAGGED}
    report["clusters"] = pairwise(
        pred_cluster, truth_family, universe(pred_cluster, flagged_families, ids_of_family)
    ).to_json()
    report["clusters_end_to_end"] = pairwise(
        pred_cluster, truth_family, universe(pred_cluster, written_families, ids_of_family)
    ).to_json()
    report["clusters_reported"] = sum(1 for r in links if r.get("type") == "cluster")
    report["families_planted"] = sum(1 for f in flagged_families if len(ids_of_family[f]) > 1)
    report["unknown_ids"] += unknown_c
    report["repeated_ids"] += repeated_c

    # contact forms: a second account's post, joined to the person's first account?
    first: dict[str, str] = {}
    for mid, p in by_id.items():
        if p.account.primary and p.actor not in first:
            first[p.actor] = mid
    forms: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for mid, p in by_id.items():
        if p.form and not p.account.primary and p.actor in flagged_actors and p.actor in first:
            anchor = pred_actor.get(first[p.actor])
            forms[p.form][1] += 1
            forms[p.form][0] += int(anchor is not None and pred_actor.get(mid) == anchor)
    report["contact_forms"] = {
        f: {"joined": j, "posts": n, "recall": j / n} for f, (j, n) in sorted(forms.items())
    }

    # hubs
    why_digits = [
        digits(link.get("why", "")) for r in links if r.get("type") == "actor" for link in r.get("links", [])
    ]
    hubs = {}
    for hub, value in world.hubs.items():
        members: dict[str, set[str]] = defaultdict(set)
        for mid, p in by_id.items():
            if p.hub == hub and mid in pred_actor:
                members[pred_actor[mid]].add(p.actor)
        joined = any(len(persons) > 1 for persons in members.values())
        core = digits(value) if "*" not in value else ""
        in_why = bool(core) and any(core in w for w in why_digits)
        hubs[hub] = {"joined_persons": joined, "in_why": in_why}
    report["hubs"] = hubs

    # group risk
    risks = {r.get("channel"): r for r in links if r.get("type") == "group"}
    traf = {g.name: float(risks[g.name]["risk"]) for g in world.groups if g.trafficking and g.name in risks}
    ben = {
        g.name: float(risks[g.name]["risk"]) for g in world.groups if not g.trafficking and g.name in risks
    }
    report["groups"] = {
        "auc": auc(list(traf.values()), list(ben.values())),
        "lowest_trafficking": min(traf.items(), key=lambda kv: kv[1], default=None),
        "highest_benign": max(ben.items(), key=lambda kv: kv[1], default=None),
        "all_above": bool(traf) and bool(ben) and min(traf.values()) > max(ben.values()),
        "missing": [g.name for g in world.groups if g.name not in risks],
        "recommendations": {
            kind: dict(
                Counter(
                    risks[g.name].get("recommendation")
                    for g in world.groups
                    if g.name in risks and g.trafficking == (kind == "trafficking")
                )
            )
            for kind in ("trafficking", "benign")
        },
        "risk": {g.name: risks[g.name]["risk"] for g in world.groups if g.name in risks},
    }
    personas, clusters = report["personas"], report["clusters"]
    report["goals_met"] = {
        "personas": personas["precision"] >= GOALS["persona_precision"]
        and personas["recall"] >= GOALS["persona_recall"],
        "clusters": clusters["precision"] >= GOALS["cluster_precision"]
        and clusters["recall"] >= GOALS["cluster_recall"],
        "groups": report["groups"]["all_above"],
    }
    return report


def render(report: dict[str, Any]) -> Iterator[str]:
    yield (
        f"seed {report['seed']}: {report['messages']:,} messages, "
        f"{report['flagged']:,} flagged by the analyser"
    )
    if report["unknown_ids"] or report["repeated_ids"]:
        yield f"  ids not planted: {report['unknown_ids']}, ids in two records: {report['repeated_ids']}"
    yield f"{'':24} {'precision':>9} {'recall':>7} {'pairs right/reported/planted':>30} {'messages':>9}  goal"
    for key, goal in (
        ("personas", "P ≥ 0.95, R ≥ 0.90"),
        ("personas_end_to_end", ""),
        ("clusters", "P, R ≥ 0.95"),
        ("clusters_end_to_end", ""),
    ):
        row = report[key]
        pair_text = f"{row['right_pairs']:,}/{row['reported_pairs']:,}/{row['planted_pairs']:,}"
        yield (
            f"{key:24} {row['precision']:9.3f} {row['recall']:7.3f} {pair_text:>30} "
            f"{row['messages']:9,}  {goal}"
        )
    yield (
        f"actors reported {report['actors_reported']} "
        f"(planted persons with a flag {report['actors_planted']}); "
        f"clusters reported {report['clusters_reported']} "
        f"(planted families with a flag {report['families_planted']})"
    )
    yield "contact form            joined / posts  recall"
    for form, row in report["contact_forms"].items():
        yield f"  {form:20} {row['joined']:>7} / {row['posts']:<5} {row['recall']:6.2f}"
    bad = [h for h, v in report["hubs"].items() if v["joined_persons"] or v["in_why"]]
    yield f"hubs that joined persons or were a link's reason: {len(bad)} of {len(report['hubs'])} {bad or ''}"
    g = report["groups"]
    yield (
        f"groups: AUC {g['auc']:.3f}; lowest trafficking {g['lowest_trafficking']}; highest benign "
        f"{g['highest_benign']}; every trafficking group above every benign one: {g['all_above']}"
    )
    if g["missing"]:
        yield f"  groups with no record: {g['missing']}"
    yield f"  recommendations: {g['recommendations']}"
    yield f"goals met: {report['goals_met']}"


def photo_numbers(out: Path) -> dict[str, Any] | None:
    """benchmarks/photo_reuse_quality.py's own report (written by another engineer), when it is there."""
    if not PHOTO_BENCH.exists():
        return None
    target = out / "photo-reuse.json"
    done = subprocess.run(
        [sys.executable, str(PHOTO_BENCH), "--json", str(target)], capture_output=True, text=True, check=False
    )
    print(done.stdout)
    if done.returncode != 0 or not target.exists():
        return {"error": done.stderr[-500:]}
    data: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
    return data


def flagged_ids(analysed: Path) -> set[str]:
    found = set()
    with analysed.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec.get("label") in FLAGGED:
                found.add(rec["id"])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    seeds = parser.add_mutually_exclusive_group()
    seeds.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"world seed (default {DEFAULT_SEED})")
    seeds.add_argument("--kept-aside", action="store_true", help="the seed kept for the final check")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the number of people and messages")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--links", type=Path, help="score this LINKS.jsonl (same seed and scale) instead")
    which.add_argument(
        "--oracle", action="store_true", help="score the planted truth itself (a scorer check)"
    )
    which.add_argument("--baseline", action="store_true", help="score handle-and-identical-text joins only")
    parser.add_argument("--json", dest="json_out", type=Path, help="also write the numbers here")
    parser.add_argument("--keep", action="store_true", help="keep the generated exports and outputs")
    args = parser.parse_args()
    seed = KEPT_ASIDE_SEED if args.kept_aside else args.seed
    work = OUT / f"link-quality-{seed}"
    shutil.rmtree(work, ignore_errors=True)
    exports = work / "exports"
    world = make_world(seed, args.scale)
    files = write_world(world, exports)
    by_id, records, problems = read_ids(world, files)
    for problem in problems[:20]:
        print("truth/read mismatch:", problem)
    analysed = work / "analysed.jsonl"
    seconds, peak = run_cli("analyse", "--no-progress", str(exports), "-o", str(analysed))
    print(f"huijia analyse: {seconds:.1f} s, peak RSS {peak:.0f} MB")
    flagged = flagged_ids(analysed)
    if args.oracle:
        links = oracle_links(by_id, flagged, world)
    elif args.baseline:
        links = baseline_links(records, flagged)
    elif args.links:
        links = load_links(args.links)
    else:
        out = work / "links.jsonl"
        seconds, peak = run_cli("link", str(exports), "-o", str(out))
        print(
            f"huijia link: {seconds:.1f} s = {len(by_id) / seconds:,.0f} messages/s, peak RSS {peak:.0f} MB"
        )
        links = load_links(out)
    report = score(world, by_id, flagged, links)
    report["truth_problems"] = len(problems)
    report["kept_aside"] = args.kept_aside
    report["photo_reuse"] = photo_numbers(work)
    if report["photo_reuse"] is None:
        print("photo reuse: benchmarks/photo_reuse_quality.py is not there yet")
    for line in render(report):
        print(line)
    if args.json_out:
        args.json_out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
