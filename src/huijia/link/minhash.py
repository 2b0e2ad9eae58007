"""MinHash signatures of many short texts at once, in numpy, and banded LSH over them.

Why not `datasketch`: its `MinHash.update` hashes one shingle at a time in Python (SHA-1, then numpy per
shingle), about 40 µs for a 60-character post; the issue's goal is 7,000 posts/s on two cores for the whole
clustering. Here a batch of texts becomes one array of code points, every character shingle is hashed at
once (a polynomial of its code points, then a 64-bit mixer), and each of the `PERMUTATIONS` hash
functions is a multiply-shift over that array, reduced to its minimum per text with `minimum.reduceat`.
The result is the same estimator (the chance two signatures agree at a position is the Jaccard
similarity of the shingle sets), and deterministic across processes and machines, so stored signatures
stay comparable.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

PERMUTATIONS = 128
BANDS = 32  # 32 bands of 4 rows: texts with Jaccard 0.5 meet in some band with probability 0.87, 0.7: 0.9998
ROWS = PERMUTATIONS // BANDS
SHINGLE = 2  # characters per shingle (a character is a word of English: see templates.normalised)
_CHUNK_CHARS = 200_000  # code points hashed per numpy pass (bounds the hash functions × chars matrix)
_PERM_CHUNK = 16  # hash functions applied per pass

_rng = np.random.Generator(np.random.PCG64(20261203))
# odd multipliers and random offsets for multiply-shift hashing (mod 2**64, top 32 bits kept)
_MULTIPLY = _rng.integers(1, 2**63, size=PERMUTATIONS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_ADD = _rng.integers(0, 2**63, size=PERMUTATIONS, dtype=np.uint64)
_SHINGLE_MULTIPLIERS = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F], dtype=np.uint64)


def _mix(values: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser: spreads the polynomial's bits over all 64."""
    values = values ^ (values >> np.uint64(30))
    values = values * np.uint64(0xBF58476D1CE4E5B9)
    values = values ^ (values >> np.uint64(27))
    values = values * np.uint64(0x94D049BB133111EB)
    mixed: np.ndarray = values ^ (values >> np.uint64(31))
    return mixed


def shingle_hashes(text: str) -> np.ndarray:
    """The 64-bit hashes of a text's character shingles (the whole text when it is shorter)."""
    flat, _ = _batch_shingles([text])
    return flat


def _batch_shingles(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """All the texts' shingle hashes in one array, and where each text's begin: the texts are joined and
    hashed in one pass, and the shingles that would straddle two texts are dropped."""
    padded = [t if len(t) >= SHINGLE else t.ljust(SHINGLE, "\0") for t in texts]
    lengths = np.fromiter((len(t) for t in padded), dtype=np.int64, count=len(padded))
    points = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    count = points.size - SHINGLE + 1
    value = np.zeros(count, dtype=np.uint64)
    for offset in range(SHINGLE):
        value += points[offset : offset + count] * _SHINGLE_MULTIPLIERS[offset]
    ends = np.cumsum(lengths)
    keep = np.ones(count, dtype=bool)
    for back in range(1, SHINGLE):  # a shingle starting in the last SHINGLE-1 places of a text straddles
        straddling = ends - back
        keep[straddling[straddling < count]] = False
    per_text = lengths - SHINGLE + 1
    starts = np.concatenate([[0], np.cumsum(per_text)[:-1]])
    return _mix(value[keep]), starts


def signatures(texts: Sequence[str]) -> np.ndarray:
    """A (len(texts), PERMUTATIONS) uint32 array of MinHash signatures."""
    result = np.empty((len(texts), PERMUTATIONS), dtype=np.uint32)
    start = 0
    while start < len(texts):
        end, chars = start, 0
        while end < len(texts) and (chars == 0 or chars + len(texts[end]) <= _CHUNK_CHARS):
            chars += max(len(texts[end]), SHINGLE)
            end += 1
        result[start:end] = _signatures_of(texts[start:end])
        start = end
    return result


def _signatures_of(texts: Sequence[str]) -> np.ndarray:
    if not texts:
        return np.empty((0, PERMUTATIONS), dtype=np.uint32)
    flat, starts = _batch_shingles(texts)
    out = np.empty((len(texts), PERMUTATIONS), dtype=np.uint32)
    for first in range(0, PERMUTATIONS, _PERM_CHUNK):
        multiply = _MULTIPLY[first : first + _PERM_CHUNK, None]
        add = _ADD[first : first + _PERM_CHUNK, None]
        permuted = ((flat[None, :] * multiply + add) >> np.uint64(32)).astype(np.uint32)
        out[:, first : first + _PERM_CHUNK] = np.minimum.reduceat(permuted, starts, axis=1).T
    return out


def band_keys(signature_rows: np.ndarray) -> np.ndarray:
    """(n, BANDS) uint64 keys: two texts share a band's key when they agree on all its rows."""
    rows = signature_rows.astype(np.uint64).reshape(len(signature_rows), BANDS, ROWS)
    key = np.zeros(rows.shape[:2], dtype=np.uint64)
    for row in range(ROWS):
        key = _mix(key * np.uint64(0x100000001B3) + rows[:, :, row])
    band_salt = np.arange(BANDS, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    salted: np.ndarray = key ^ band_salt[None, :]
    return salted


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The estimated Jaccard similarity of two signatures: the share of positions where they agree."""
    return float(np.count_nonzero(a == b)) / PERMUTATIONS
