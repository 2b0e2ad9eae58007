"""The same photo posted by different people (pure: values in, values out).

Two photos are the same picture when either signal of their `PhotoPrint`s says so:
- `pdq`: the whole-photo PDQ hash of one is within `threshold` bits (default 31, ThreatExchange's and
  HMA's) of one of the other's eight dihedral variants — so mirrored, flipped and rotated copies match,
  as do re-encoded and resized ones;
- `crop`: one of the one's window hashes is within `crop_threshold` bits (default 24) of one of the
  other's — copies cut by up to 20 % at a side, centred-cropped, or carrying a banner. The threshold is
  lower than PDQ's because a pair of photos gets some 36–144 window comparisons instead of eight: on
  the 72 distinct real photos of benchmarks/photo_reuse_quality.py no window pair came within 90 bits.
Photos linked either way form groups (single linkage); a group is reported when two or more distinct
authors posted it.

A whole-photo hash of quality < 50 (a flat or nearly flat picture: a blank frame, a sky, a solid
banner) does not link at all, since most of its bits are noise around the median, and windows below that
quality are not kept in a print; such a photo can only join through a good window of its own.

Scale: candidates come from a multi-index hash (Norouzi et al.'s idea): the 256 bits are cut into 16
chunks of 16 bits, and two hashes within 31 bits agree on some chunk up to one bit (pigeonhole: 16
chunks with two or more differing bits would make 32). Each chunk value is looked up with each of its
16 one-bit neighbours, so a query costs 16 × 17 dictionary probes per hash, and a random unrelated hash
is a candidate with probability about 16 × 17 / 65,536; the candidates are then checked exactly. A
BK-tree was not chosen: at a radius of 31 of 256 bits its triangle-inequality pruning leaves most of
the tree to visit.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from huijia.media.pdq import MATCH_DISTANCE
from huijia.media.photoprint import QUALITY_FLOOR, PhotoPrint

CROP_MATCH_DISTANCE = 24
CHUNKS = 16
CHUNK_BITS = 256 // CHUNKS
Signal = Literal["pdq", "crop"]


@dataclass(frozen=True, slots=True)
class PostedPhoto:
    message_id: str
    author: str | None
    channel: str | None
    print: PhotoPrint
    media: str | None = None  # the photo's SHA-256 where known (the store's media key), to name the picture


@dataclass(frozen=True, slots=True)
class PhotoReuse:
    """One picture posted by two or more authors. `distance`: the largest whole-photo PDQ distance
    (best dihedral variant) between two of its photos; `signal`: "pdq" when whole-photo matches alone
    join the group, "crop" when a window match was needed (then `distance` may well exceed 31)."""

    id: str
    messages: tuple[str, ...]
    authors: tuple[str, ...]
    channels: tuple[str, ...]
    distance: int
    signal: Signal
    media: tuple[str, ...] = ()  # the SHA-256 of each photo of the group, where known

    def to_dict(self) -> dict[str, object]:
        return {
            "type": "photo_reuse",
            "id": self.id,
            "messages": list(self.messages),
            "authors": list(self.authors),
            "distance": self.distance,
            "channels": list(self.channels),
            "signal": self.signal,
            "media": list(self.media),
        }


class MultiIndex:
    """Hashes (rows of bits) looked up by Hamming distance ≤ 2 × CHUNKS − 1 (see the module docstring)."""

    def __init__(self) -> None:
        self._owners: list[int] = []
        self._rows: list[np.ndarray] = []
        self._tables: list[dict[int, list[int]]] = [defaultdict(list) for _ in range(CHUNKS)]
        self._packed: np.ndarray | None = None

    @staticmethod
    def _chunks(bits: np.ndarray) -> list[int]:
        weights = 1 << np.arange(CHUNK_BITS, dtype=np.int64)
        return [int(v) for v in bits.reshape(CHUNKS, CHUNK_BITS).astype(np.int64) @ weights]

    def add(self, owner: int, bits: np.ndarray) -> None:
        row = len(self._rows)
        self._owners.append(owner)
        self._rows.append(bits)
        for table, value in zip(self._tables, self._chunks(bits), strict=True):
            table[value].append(row)
        self._packed = None

    def near(self, bits: np.ndarray, radius: int) -> list[tuple[int, int]]:
        """(owner, distance) of every stored hash within `radius` (≤ 31) bits of `bits`."""
        if radius >= 2 * CHUNKS:
            raise ValueError(f"the index finds distances up to {2 * CHUNKS - 1}")
        if self._packed is None:
            self._packed = np.array(self._rows, dtype=bool).reshape(-1, 256)
        rows: set[int] = set()
        for table, value in zip(self._tables, self._chunks(bits), strict=True):
            for flip in (0, *(1 << b for b in range(CHUNK_BITS))):
                rows.update(table.get(value ^ flip, ()))
        if not rows:
            return []
        picked = np.fromiter(rows, dtype=np.int64)
        distances = np.count_nonzero(self._packed[picked] != bits, axis=1)
        return [(self._owners[r], int(d)) for r, d in zip(picked, distances, strict=True) if d <= radius]


class _Groups:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def whole_photo_distance(a: PhotoPrint, b: PhotoPrint) -> int:
    """PDQ distance of `b` to the nearest dihedral variant of `a`."""
    variants = np.array([v.bits for v in a.dihedral])
    return int(np.count_nonzero(variants != b.pdq.bits, axis=1).min())


def find_photo_reuse(
    photos: Iterable[PostedPhoto],
    threshold: int = MATCH_DISTANCE,
    crop_threshold: int = CROP_MATCH_DISTANCE,
) -> list[PhotoReuse]:
    """Groups of the same picture posted by two or more distinct authors, sorted by id."""
    photos = list(photos)
    whole, windows = MultiIndex(), MultiIndex()
    for i, photo in enumerate(photos):
        if photo.print.pdq.quality >= QUALITY_FLOOR:
            for variant in photo.print.dihedral:
                whole.add(i, variant.bits)
        for window in photo.print.windows:
            windows.add(i, window.bits)
    groups = _Groups(len(photos))
    by_pdq = _Groups(len(photos))
    for i, photo in enumerate(photos):
        if photo.print.pdq.quality >= QUALITY_FLOOR:
            for j, _ in whole.near(photo.print.pdq.bits, threshold):
                if j != i:
                    groups.join(i, j)
                    by_pdq.join(i, j)
        for window in photo.print.windows:
            for j, _ in windows.near(window.bits, crop_threshold):
                if j != i:
                    groups.join(i, j)
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(photos)):
        members[groups.find(i)].append(i)
    found = []
    for group in members.values():
        authors = sorted({a for a in (photos[i].author for i in group) if a is not None})
        if len(authors) < 2:
            continue
        found.append(_reuse([photos[i] for i in group], authors, by_pdq, group))
    return sorted(found, key=lambda reuse: reuse.id)


def _reuse(group: Sequence[PostedPhoto], authors: list[str], by_pdq: _Groups, index: list[int]) -> PhotoReuse:
    distance = max(
        (whole_photo_distance(a.print, b.print) for n, a in enumerate(group) for b in group[n + 1 :]),
        default=0,
    )
    signal: Signal = "pdq" if len({by_pdq.find(i) for i in index}) == 1 else "crop"
    digest = hashlib.sha256("\n".join(sorted(p.print.pdq.hex for p in group)).encode()).hexdigest()
    return PhotoReuse(
        id=f"photo:{digest[:16]}",
        messages=tuple(sorted(p.message_id for p in group)),
        authors=tuple(authors),
        channels=tuple(sorted({p.channel for p in group if p.channel is not None})),
        distance=distance,
        signal=signal,
        media=tuple(sorted({p.media for p in group if p.media is not None})),
    )


@dataclass(frozen=True, slots=True)
class BankMatch:
    """A stored photo that is a banked photo: which entry, which messages carry it, and how close."""

    entry: str  # the bank entry's id, e.g. "bank:12"
    messages: tuple[str, ...]
    distance: int  # the largest whole-photo PDQ distance between the banked photo and a match
    media: tuple[str, ...] = ()  # the SHA-256 of each stored photo that matched

    def to_dict(self) -> dict[str, object]:
        return {
            "type": "bank_match",
            "media": list(self.media),
            "id": self.entry,
            "messages": list(self.messages),
            "distance": self.distance,
        }


def same_pictures(
    photos: Sequence[PostedPhoto],
    banked: Sequence[tuple[str, PhotoPrint]],
    threshold: int = MATCH_DISTANCE,
    crop_threshold: int = CROP_MATCH_DISTANCE,
) -> dict[str, list[int]]:
    """For each banked print (by its entry id), the photos (their places in `photos`) that are the same
    picture by either signal of the module docstring."""
    whole, windows = MultiIndex(), MultiIndex()
    for i, photo in enumerate(photos):
        if photo.print.pdq.quality >= QUALITY_FLOOR:
            for variant in photo.print.dihedral:
                whole.add(i, variant.bits)
        for window in photo.print.windows:
            windows.add(i, window.bits)
    found: dict[str, list[int]] = {}
    for entry, banked_print in banked:
        hits: set[int] = set()
        if banked_print.pdq.quality >= QUALITY_FLOOR:
            hits.update(j for j, _ in whole.near(banked_print.pdq.bits, threshold))
        for window in banked_print.windows:
            hits.update(j for j, _ in windows.near(window.bits, crop_threshold))
        if hits:
            found[entry] = sorted(hits)
    return found


def bank_matches(
    photos: Sequence[PostedPhoto], case_bank: Sequence[tuple[str, PhotoPrint]]
) -> list[BankMatch]:
    """Every stored photo that is a photo banked in a case (HMA's idea: banked once, matched everywhere,
    past photos too)."""
    out = []
    prints = dict(case_bank)
    for entry, places in same_pictures(photos, case_bank).items():
        out.append(
            BankMatch(
                entry,
                tuple(sorted({photos[i].message_id for i in places})),
                max(whole_photo_distance(prints[entry], photos[i].print) for i in places),
                tuple(sorted({m for i in places if (m := photos[i].media) is not None})),
            )
        )
    return sorted(out, key=lambda match: match.entry)


def without_harmless(
    photos: Sequence[PostedPhoto], harmless_bank: Sequence[tuple[str, PhotoPrint]]
) -> list[PostedPhoto]:
    """The photos that are none of the pictures marked harmless (a stock baby photo links no one)."""
    harmless = {i for places in same_pictures(photos, harmless_bank).values() for i in places}
    return [photo for i, photo in enumerate(photos) if i not in harmless]
