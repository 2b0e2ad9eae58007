"""Template clusters: near-duplicate posts grouped, with the template they share and the slots that change.

A broker re-posts one ad with the price, the due month, the baby's age, the place or the contact changed;
others copy it. InfoShield found such templates, but deletes every non-ASCII character and every digit
first — all of a Chinese post, and the numbers that are the evidence. Here:

- similarity is MinHash (`huijia.link.minhash`) over character shingles of the *normalised* text: folded
  (case, width, look-alike letters), punctuation and spaces dropped, and every run with a digit in it
  (3万, 3.5, 13812342046, abc12345) read as one placeholder — so that a changed price or number does not
  make two copies of one template look different;
- two posts join when their signatures agree on at least `SIMILAR` of positions (an estimate of the
  Jaccard similarity of their shingle sets), found through banded LSH, so a post is compared with a
  handful of candidates, never with every post; clusters are the connected groups;
- the template is read from the original texts: the members are aligned token by token with the first
  member (a patience alignment), the stretches every member shares are the template, and each stretch
  that changes is a slot with every value it takes, named by what the values are (price, contact, age,
  due, place, sex, or text). The numbers are kept as written.

`TemplateIndex` is incremental: new posts join the clusters that exist without re-clustering the rest.
Pure logic: texts in, clusters out.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import re
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np

from huijia.link import minhash
from huijia.text.fold import fold

SIMILAR = 0.5  # share of MinHash positions two posts must agree on to be one template
MIN_UNITS = 4  # a post of fewer normalised units (有, 私聊, +1, 我想要) is too short to be a template
BUCKET_KEEP = 8  # posts remembered per LSH bucket as candidates (the rest are reached through them)
PARALLEL_FROM = 256  # clusters from which templates are made on several cores (`templates_of`)
MAX_WORKERS = 4
ALIGN_MEMBERS = 32  # distinct texts aligned to find a cluster's template (the rest: see template_of)

_NUMBERISH = re.compile(r"[a-z_@.+\-]*[0-9０-９][a-z0-9_@.+\-]*")
_WORD_PLANE = 0xF0000  # Latin words become one character each in Unicode's private-use plane 15
_LATIN_WORD = re.compile(r"[a-z]{2,}")
_NOT_UNIT = re.compile(r"[^\w\U000F0000-\U000FFFFD]|_")  # spaces, punctuation, symbols
_TOKEN = re.compile(r"[A-Za-z0-9_@+][A-Za-z0-9_@+.\-]*[A-Za-z0-9_]|[A-Za-z0-9_]|\s+|.", re.DOTALL)


def normalised(text: str) -> str:
    """What similarity is measured on (see the module docstring): one character per unit — a Chinese
    character, a digit placeholder, or a whole Latin word (as a private-use character named by its
    CRC-32) — so that shingles of two are character bigrams in Chinese and word bigrams in English."""
    worded = _LATIN_WORD.sub(_word_character, _NUMBERISH.sub("0", fold(text)))
    return _NOT_UNIT.sub("", worded)


def _word_character(found: re.Match[str]) -> str:
    return chr(_WORD_PLANE + zlib.crc32(found.group().encode()) % 0xFFFD)


def signed(texts: Sequence[str]) -> tuple[np.ndarray, list[bool]]:
    """The MinHash signatures of the texts' normalised forms, (len(texts), PERMUTATIONS) uint32, and for
    each text whether it is long enough to be a template (`MIN_UNITS`) — each text normalised once."""
    units = [normalised(t) for t in texts]
    return minhash.signatures(units), [len(u) >= MIN_UNITS for u in units]


class TemplateIndex:
    """Posts added so far, their signatures, LSH buckets and clusters (union-find over post numbers)."""

    def __init__(self) -> None:
        self._matrix = np.zeros((0, minhash.PERMUTATIONS), dtype=np.uint32)  # signatures, row per post
        self._buckets: list[dict[int, list[int]]] = [{} for _ in range(minhash.BANDS)]
        self._parent: list[int] = []

    def __len__(self) -> int:
        return len(self._parent)

    def add(self, texts: Sequence[str]) -> range:
        """Add posts; returns their numbers (positions in the index, in order). A post shorter than
        `MIN_UNITS` gets a number but joins no cluster."""
        return self.add_signed(*signed(texts))

    def add_signed(self, rows: np.ndarray, joins: Sequence[bool] | None = None) -> range:
        """Add posts by their signatures (`signed`), as a store keeps them; returns their numbers. A post
        whose `joins` is False (too short) gets a number but no bucket."""
        first = len(self._parent)
        if not len(rows):
            return range(first, first)
        keys = minhash.band_keys(rows).tolist()
        self._grow(first + len(rows))
        self._matrix[first : first + len(rows)] = rows
        needed = SIMILAR * minhash.PERMUTATIONS
        for offset, row in enumerate(rows):
            number = first + offset
            self._parent.append(number)
            if joins is not None and not joins[offset]:
                continue
            candidates: set[int] = set()
            for band, key in enumerate(keys[offset]):
                bucket = self._buckets[band].get(key)
                if bucket is None:
                    self._buckets[band][key] = [number]
                    continue
                candidates.update(bucket)
                if len(bucket) < BUCKET_KEEP:
                    bucket.append(number)
            mine = self._root(number)
            others = sorted(c for c in candidates if self._root(c) != mine)
            if not others:
                continue
            agree = np.count_nonzero(self._matrix[others] == row, axis=1)
            for other, count in zip(others, agree.tolist(), strict=True):
                if count >= needed:
                    self._join(number, other)
        return range(first, first + len(rows))

    def _grow(self, size: int) -> None:
        if size > len(self._matrix):
            grown = np.zeros((max(size, 2 * len(self._matrix)), minhash.PERMUTATIONS), dtype=np.uint32)
            grown[: len(self._matrix)] = self._matrix
            self._matrix = grown

    def _root(self, node: int) -> int:
        parent = self._parent
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def _join(self, a: int, b: int) -> None:
        ra, rb = self._root(a), self._root(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)

    def clusters(self) -> list[list[int]]:
        """Every group of two or more posts, each in order, groups in the order of their first post."""
        groups: dict[int, list[int]] = {}
        for number in range(len(self._parent)):
            groups.setdefault(self._root(number), []).append(number)
        return [members for members in groups.values() if len(members) > 1]


@dataclass(frozen=True, slots=True)
class Slot:
    name: str
    values: tuple[str, ...]  # every distinct value, in the members' order ("" where a member has none)

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "values": list(self.values)}


@dataclass(frozen=True, slots=True)
class Template:
    text: str  # the shared text with {name} where a slot is ("{" and "}" of the posts are doubled)
    slots: tuple[Slot, ...]


@dataclass(frozen=True, slots=True)
class Cluster:
    id: str
    messages: tuple[str, ...]
    flagged: tuple[str, ...]
    template: Template

    def to_dict(self) -> dict[str, object]:
        return {
            "type": "cluster",
            "id": self.id,
            "messages": list(self.messages),
            "template": self.template.text,
            "slots": [slot.to_dict() for slot in self.template.slots],
            "flagged": list(self.flagged),
        }


def cluster_id(first_message: str) -> str:
    """A cluster is named after its first message, so that it keeps its name as posts join it."""
    return "cluster:" + hashlib.sha256(first_message.encode()).hexdigest()[:16]


def tokens(text: str) -> list[str]:
    """Latin words and numbers whole (3.5, abc_123, +86-138…), every other character alone."""
    return _TOKEN.findall(text)


def template_of(texts: Sequence[str]) -> Template:
    """The template the texts share and its slots (see the module docstring).

    The first `ALIGN_MEMBERS` distinct texts are aligned to find the template; every other text gives its
    slot values through the template's fixed pieces, found in order (`_fitted`), which costs a few string
    searches instead of an alignment; a text the pieces do not fit adds no
    values."""
    distinct = list(dict.fromkeys(texts))
    aligned = distinct[:ALIGN_MEMBERS]
    reference = tokens(aligned[0])
    reference_keys = [t.lower() for t in reference]
    maps: list[dict[int, int]] = []
    member_tokens: list[list[str]] = []
    for n, text in enumerate(aligned):
        member = tokens(text) if n else reference
        maps.append(
            _aligned(reference_keys, [t.lower() for t in member])
            if n
            else dict(enumerate(range(len(member))))
        )
        member_tokens.append(member)
    anchors = [i for i in range(len(reference)) if all(i in where for where in maps)]
    parts: list[str] = []
    pieces: list[str] = [""]  # the fixed text before, between and after the slots
    slots: list[tuple[str, list[str]]] = []
    names: dict[str, int] = {}
    previous = -1
    for anchor in [*anchors, len(reference)]:
        values = []
        for member, where in zip(member_tokens, maps, strict=True):
            start = where[previous] + 1 if previous >= 0 else 0
            end = where[anchor] if anchor < len(reference) else len(member)
            values.append("".join(member[start:end]))
        if len(set(values)) == 1:
            parts.append(_escaped(values[0]))
            pieces[-1] += values[0]
        else:
            before = "".join(reference[max(0, previous - 6) : previous + 1])
            after = "".join(reference[anchor : anchor + 6])
            name = slot_name(values, before, after)
            names[name] = names.get(name, 0) + 1
            label = name if names[name] == 1 else f"{name}{names[name]}"
            parts.append(_leading_space(values) + "{" + label + "}" + _trailing_space(values))
            pieces.append("")
            slots.append((label, [v.strip() for v in values]))
        if anchor < len(reference):
            parts.append(_escaped(reference[anchor]))
            pieces[-1] += reference[anchor]
        previous = anchor
    if len(distinct) > len(aligned) and slots:
        for text in distinct[len(aligned) :]:
            found = _fitted(pieces, text)
            if found is not None:
                for (_, values), value in zip(slots, found, strict=True):
                    values.append(value.strip())
    return Template(
        "".join(parts), tuple(Slot(label, tuple(dict.fromkeys(values))) for label, values in slots)
    )


def _aligned(reference: list[str], member: list[str]) -> dict[int, int]:
    """Which token of `member` each token of `reference` matches, in order (a patience alignment).

    The shared beginning and end of a stretch are matched first; in what is left, the tokens that occur
    exactly once in each are the anchors, the longest run of them in the same order in both is kept
    (patience sorting), and each stretch between two anchors is aligned the same way. For the members of a
    template family — one text with a few stretches changed — this finds what difflib finds at a fraction
    of the cost (difflib's longest-match search was most of `huijia link`'s template time)."""
    where: dict[int, int] = {}
    stack = [(0, len(reference), 0, len(member))]
    while stack:
        a0, a1, b0, b1 = stack.pop()
        while a0 < a1 and b0 < b1 and reference[a0] == member[b0]:
            where[a0] = b0
            a0, b0 = a0 + 1, b0 + 1
        while a1 > a0 and b1 > b0 and reference[a1 - 1] == member[b1 - 1]:
            a1, b1 = a1 - 1, b1 - 1
            where[a1] = b1
        if a0 >= a1 or b0 >= b1:
            continue
        count_a = Counter(reference[a0:a1])
        count_b = Counter(member[b0:b1])
        place_b = dict(zip(member[b0:b1], range(b0, b1), strict=True))  # a token's last place
        pairs = [
            (i, place_b[token])
            for i, token in enumerate(reference[a0:a1], a0)
            if count_a[token] == 1 and count_b[token] == 1
        ]
        anchors = _increasing(pairs)
        if not anchors:
            continue  # nothing both share once: the whole stretch differs
        previous = (a0 - 1, b0 - 1)
        for anchor in [*anchors, (a1, b1)]:
            if anchor[0] < a1:
                where[anchor[0]] = anchor[1]
            if anchor[0] - previous[0] > 1 and anchor[1] - previous[1] > 1:
                stack.append((previous[0] + 1, anchor[0], previous[1] + 1, anchor[1]))
            previous = anchor
    return where


def _increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of `pairs` (sorted by their first item) whose second items increase too."""
    tails: list[int] = []  # tails[k]: the index in `pairs` ending the best run of length k + 1
    before: list[int] = [-1] * len(pairs)
    for n, (_, b) in enumerate(pairs):
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if pairs[tails[mid]][1] < b:
                lo = mid + 1
            else:
                hi = mid
        before[n] = tails[lo - 1] if lo else -1
        if lo == len(tails):
            tails.append(n)
        else:
            tails[lo] = n
    run: list[tuple[int, int]] = []
    n = tails[-1] if tails else -1
    while n >= 0:
        run.append(pairs[n])
        n = before[n]
    return run[::-1]


def _fitted(pieces: list[str], text: str) -> list[str] | None:
    """The slot values of `text` read through a template's fixed pieces (case aside), or None when the
    text does not hold them in order: each piece is found left to right, the first at the start and the
    last at the end — linear in the text, where a regular expression with a lazy group per slot can
    backtrack for as long as a crafted post likes."""
    lowered = text.lower()
    first, *middle, last = [piece.lower() for piece in pieces]
    if not lowered.startswith(first) or not lowered.endswith(last) or len(first) + len(last) > len(text):
        return None
    values: list[str] = []
    at, end = len(first), len(text) - len(last)
    for piece in middle:
        found = lowered.find(piece, at, end)
        if found < 0:
            return None
        values.append(text[at:found])
        at = found + len(piece)
    values.append(text[at:end])
    return values


def _escaped(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def _leading_space(values: list[str]) -> str:
    return " " if all(v[:1].isspace() for v in values if v) and any(values) else ""


def _trailing_space(values: list[str]) -> str:
    return " " if all(v[-1:].isspace() for v in values if v) and any(values) else ""


_CONTACT_BEFORE = re.compile(
    r"(?:微信|微|薇|v|vx|wx|wechat|qq|扣扣|企鹅|电话|手机|tel|phone|call|联系|@|t\.me/)\s*[:：]?\s*$"
)
_CONTACT_VALUE = re.compile(r"^\+?[0-9][0-9\s\-]{6,}$|^(?=[a-z0-9_\-]*[0-9])[a-z][a-z0-9_\-]{4,}$|@|^\d{5,}$")
SHORT_VALUE = 16  # a slot value longer than this is free text, whatever words it holds
_MONEY = re.compile(r"万|千|元|块|rmb|¥|￥|\$|usd|dollars?|yuan|(?<![a-z])[kw](?![a-z])")
_MONEY_SIGN = re.compile(r"[¥￥$]")
_PRICE_BEFORE = re.compile(r"(?:费|价|钱|price|fee|cost|for|要)\s*[:：]?\s*$")
_DUE = re.compile(r"预产|due|怀")
_AGE = re.compile(r"[天周月岁]|day|week|month|year|old")
_SEX = re.compile(r"^(?:男|女|男宝|女宝|男孩|女孩|boy|girl|son|daughter)$")


def slot_name(values: Sequence[str], before: str, after: str = "") -> str:
    """What a slot holds, read from its values and the template text just before and after it."""
    present = [v.strip() for v in values if v.strip()]
    lowered = [v.lower() for v in present]
    context = before.lower()
    following = after.lower().strip()
    if any(len(v) > SHORT_VALUE for v in present):
        return "text"
    if present and all(_SEX.match(v) for v in lowered):
        return "sex"
    if _CONTACT_BEFORE.search(context) or (present and all(_CONTACT_VALUE.search(v) for v in lowered)):
        return "contact"
    has_digit = any(any(ch.isdigit() for ch in v) for v in present)
    money_around = _MONEY_SIGN.search(context[-2:]) or _MONEY.match(following[:4])
    if has_digit and (
        any(_MONEY.search(v) for v in lowered) or _PRICE_BEFORE.search(context) or money_around
    ):
        return "price"
    if _DUE.search(context) or any(_DUE.search(v) for v in lowered):
        return "due"
    if (
        any(_AGE.search(v) for v in lowered)
        or re.search(r"出生|生了|age|aged", context)
        or _AGE.match(following)
    ):
        return "age"
    if present and _looks_like_places(present):
        return "place"
    return "text"


def _looks_like_places(values: Sequence[str]) -> bool:
    from huijia.analyse.places import extract_places

    return all(extract_places(fold(v)) for v in values)


def find_clusters(
    ids: Sequence[str],
    texts: Sequence[str],
    flagged: Sequence[bool],
    index: TemplateIndex | None = None,
    workers: int = 1,
) -> list[Cluster]:
    """Every cluster of two or more of these posts with at least one flagged, with its template
    (`workers`: see `templates_of`)."""
    index = index if index is not None else TemplateIndex()
    numbers = index.add(texts)
    return reported_clusters(
        index, numbers.start, ids, flagged, lambda chosen: [texts[i] for i in chosen], workers
    )


def reported_clusters(
    index: TemplateIndex,
    offset: int,
    ids: Sequence[str],
    flagged: Sequence[bool],
    texts_of: Callable[[list[int]], list[str]],
    workers: int = 1,
) -> list[Cluster]:
    """The clusters of the posts numbered from `offset` on (`ids[i]` is post `offset + i`) that hold two or
    more of them and at least one flagged; `texts_of` gives the texts of the chosen posts (by their place
    in `ids`), read only for the clusters reported."""
    chosen = []
    for members in index.clusters():
        local = [n - offset for n in members if n >= offset]
        if len(local) >= 2 and any(flagged[i] for i in local):
            chosen.append(local)
    templates = templates_of([texts_of(local) for local in chosen], workers)
    return [
        Cluster(
            id=cluster_id(ids[local[0]]),
            messages=tuple(ids[i] for i in local),
            flagged=tuple(ids[i] for i in local if flagged[i]),
            template=template,
        )
        for local, template in zip(chosen, templates, strict=True)
    ]


def templates_of(groups: Sequence[Sequence[str]], workers: int = 1) -> list[Template]:
    """`template_of` for each group of texts. With `workers` > 1 and many groups they are shared out among
    that many forked processes (a template costs an alignment per member, in Python). Only a caller that
    runs no threads may ask for it (`huijia link`): forking a threaded process (the desk) is unsafe."""
    workers = min(workers, MAX_WORKERS)
    if len(groups) < PARALLEL_FROM or workers < 2:
        return [template_of(group) for group in groups]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(template_of, groups, chunksize=max(1, len(groups) // (workers * 8))))
