"""Real text for training and testing the label model: text that people wrote, not the generator.

Three sources, each read from JSONL:
- `../shared/data/real-text/` — ordinary public text (chat, parenting questions, news, reviews, listings)
  gathered from other corpora; all of it is labelled `none` (see its README);
- `data/fetched/` — more of the same kind, rebuilt from repository mirrors by
  `scripts/build_extra_corpus.py` (never committed); items may carry a `label`;
- `data/quoted/` — posts quoted verbatim by published pages (offers, requests, broker ads, and the
  pages' own reporting as hard negatives), each with its page address and a label.

Every item has a fixed split. Ordinary text is split by a hash of its id, so the same item is always in
the same split; quoted posts are split by a hash of their page, so that a page's posts (often variants
of one another) never sit on both sides. `test` is never trained on nor tuned on: it is what the
reported numbers come from. `dev` is part of the training side that parameters are chosen on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from huijia.model import LABELS
from huijia.training.evaluate import json_lines

TEST_SHARE = 0.3  # of every ordinary corpus, by item
QUOTED_TEST_SHARE = 0.3  # of the quoted pages, by page
DEV_SHARE = 0.15  # of what is left for training, by item or page


@dataclass(frozen=True, slots=True)
class RealText:
    """One real text with its label and where it came from."""

    id: str
    text: str
    label: str
    kind: str  # chat, parenting, news, review, sale, … or for quoted posts: offer, request, news, court …
    lang: str
    corpus: str  # the file it came from (without .jsonl)
    group: str  # what the split is drawn by: the item id, or the quoted page's address
    ambiguous: bool = False
    price: dict[str, Any] | None = None
    quoted: bool = False

    @property
    def split(self) -> str:
        return split_of(self.group, QUOTED_TEST_SHARE if self.quoted else TEST_SHARE)


@dataclass
class RealCorpus:
    """The real texts found, and the problems met while reading them (named, never silently dropped)."""

    items: list[RealText] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # file name → sha256, recorded in the model

    def split(self, name: str) -> list[RealText]:
        return [item for item in self.items if item.split == name]


def _fraction(key: str) -> float:
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def split_of(group: str, test_share: float) -> str:
    """`test`, `dev` or `train` for a group key; fixed forever for a given key and share."""
    x = _fraction("split:" + group)
    if x < test_share:
        return "test"
    if _fraction("dev:" + group) < DEV_SHARE:
        return "dev"
    return "train"


def repository_root() -> Path:
    """The checkout this package runs from (src/huijia/training → the repository)."""
    return Path(__file__).resolve().parents[3]


def default_roots() -> dict[str, Path]:
    root = repository_root()
    return {
        "shared": root.parent / "shared" / "data" / "real-text",
        "fetched": root / "data" / "fetched",
        "quoted": root / "data" / "quoted",
    }


def load_real(roots: dict[str, Path] | None = None) -> RealCorpus:
    """Every real text under the roots that exist; a missing root is skipped (and said in `problems`)."""
    roots = roots or default_roots()
    corpus = RealCorpus()
    for name in ("shared", "fetched", "quoted"):
        folder = roots.get(name)
        if folder is None:
            continue
        if not folder.is_dir():
            corpus.problems.append(f"{folder}: not found; its real text is not used")
            continue
        for path in sorted(folder.glob("*.jsonl")):
            corpus.files[f"{name}/{path.name}"] = hashlib.sha256(path.read_bytes()).hexdigest()
            corpus.items.extend(_read(path, quoted=(name == "quoted"), problems=corpus.problems))
    corpus.items = _same_text_same_side(corpus.items)
    return corpus


def _text_key(text: str) -> str:
    """A text with case, spaces and punctuation ignored: the same post copied twice has one key."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _same_text_same_side(items: list[RealText]) -> list[RealText]:
    """A text that occurs more than once (quoted by two pages, in two corpora) is split by its text, so
    that one copy can never be in training while another is in the test."""
    counts: dict[str, int] = {}
    for item in items:
        key = _text_key(item.text)
        counts[key] = counts.get(key, 0) + 1
    return [
        replace(item, group="text:" + key) if counts[key := _text_key(item.text)] > 1 else item
        for item in items
    ]


def _read(path: Path, quoted: bool, problems: list[str]) -> Iterator[RealText]:
    seen: set[str] = set()
    for number, record in json_lines(path, path.read_bytes().splitlines(), problems):
        item = _item(record, path, number, quoted, problems)
        if item is None:
            continue
        key = "".join(item.text.split())
        if key in seen:
            continue
        seen.add(key)
        yield item


def _item(record: Any, path: Path, number: int, quoted: bool, problems: list[str]) -> RealText | None:
    where = f"{path}:{number}"
    if not isinstance(record, dict) or not isinstance(record.get("text"), str) or not record["text"].strip():
        problems.append(f"{where}: no `text`; skipped")
        return None
    label = record.get("label")
    if not quoted and label not in LABELS:
        # ordinary corpora's own tags (a court case's charge, toxic / not toxic) are not our labels: a
        # police circular about a missing person is a missing-child notice's kin, everything else is none
        label = "missing_notice" if record.get("kind") == "missing" else "none"
    if label not in LABELS:
        problems.append(f"{where}: `label` must be one of {', '.join(LABELS)}; skipped")
        return None
    corpus = path.stem
    text_key = hashlib.sha256(record["text"].encode("utf-8")).hexdigest()[:12]
    ident = str(record.get("id") or (f"{corpus}:{text_key}" if quoted else f"{corpus}:{number}"))
    if quoted:
        url = record.get("url")
        if not isinstance(url, str) or not url:
            problems.append(f"{where}: a quoted post needs the `url` of its page; skipped")
            return None
        group = url
    else:
        group = ident
    price = record.get("price")
    return RealText(
        id=ident,
        text=record["text"],
        label=label,
        kind=str(record.get("kind") or "other"),
        lang=str(record.get("lang") or ("en" if record["text"].isascii() else "zh")),
        corpus=corpus,
        group=group,
        ambiguous=bool(record.get("ambiguous", False)),
        price=price if isinstance(price, dict) else None,
        quoted=quoted,
    )
