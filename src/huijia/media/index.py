"""Nearest-neighbour search over face vectors, behind one `VectorIndex` interface.

- `ExactIndex`: every vector in one numpy matrix; a query is one matrix-vector product and a partial
  sort. Exact, and fast enough below about 100,000 vectors (research note §4.1: 1,000,000 vectors take
  76 ms a query here).
- `IvfIndex`: faiss's inverted-file index (IndexIVFFlat, inner product on L2-normalised vectors =
  cosine): k-means cells trained once on a sample, a query scans `nprobe` of them (`default_nprobe`: at
  1,000,000 vectors and 4,096 cells, 64 for 128-d SFace vectors give recall@30 0.960 against exact
  search at p95 0.8 ms a query; the fused 256-d vectors need 384 for 0.964 at p95 7.3 ms).
  Vectors are added and removed incrementally (`add_with_ids`, `remove_ids`), without retraining.

Both keep a key (a photo's SHA-256, a report id) per vector, persist to a folder (`save` / `load_index`)
and answer `search(query, k)` with (key, cosine) pairs, best first. `choose_index` picks by size.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import orjson

EXACT_LIMIT = 100_000  # past this many vectors an IVF index answers faster than a full scan


class VectorIndex(Protocol):
    dimension: int

    def __len__(self) -> int: ...

    def add(self, keys: Sequence[str], vectors: np.ndarray) -> None:
        """Add (or replace) vectors under these keys; vectors are L2-normalised rows."""
        ...

    def remove(self, keys: Sequence[str]) -> None: ...

    def search(self, query: np.ndarray, k: int) -> list[tuple[str, float]]: ...

    def save(self, folder: Path) -> None: ...


def _as_rows(vectors: np.ndarray, dimension: int) -> np.ndarray:
    rows = np.ascontiguousarray(np.atleast_2d(vectors), dtype=np.float32)
    if rows.shape[1] != dimension:
        raise ValueError(f"vectors of {rows.shape[1]} dimensions for an index of {dimension}")
    return rows


class ExactIndex:
    kind = "exact"

    def __init__(self, dimension: int) -> None:
        self.dimension = dimension
        self._vectors = np.zeros((0, dimension), dtype=np.float32)
        self._keys: list[str] = []
        self._row: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, keys: Sequence[str], vectors: np.ndarray) -> None:
        rows = _as_rows(vectors, self.dimension)
        if len(keys) != len(rows):
            raise ValueError("one key per vector")
        self.remove([k for k in keys if k in self._row])
        start = len(self._keys)
        self._vectors = np.vstack([self._vectors, rows])
        self._keys.extend(keys)
        self._row.update((key, start + i) for i, key in enumerate(keys))

    def remove(self, keys: Sequence[str]) -> None:
        gone = {self._row[k] for k in keys if k in self._row}
        if not gone:
            return
        keep = np.array([i for i in range(len(self._keys)) if i not in gone], dtype=np.int64)
        self._vectors = self._vectors[keep]
        self._keys = [self._keys[i] for i in keep]
        self._row = {key: i for i, key in enumerate(self._keys)}

    def items(self) -> tuple[list[str], np.ndarray]:
        """Every key and its vector (to move a grown gallery into another kind of index)."""
        return list(self._keys), self._vectors.copy()

    def search(self, query: np.ndarray, k: int) -> list[tuple[str, float]]:
        if not self._keys or k <= 0:
            return []
        sims = self._vectors @ _as_rows(query, self.dimension)[0]
        k = min(k, len(sims))
        top = np.argpartition(-sims, k - 1)[:k]
        top = top[np.argsort(-sims[top], kind="stable")]
        return [(self._keys[i], float(sims[i])) for i in top]

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        np.save(folder / "vectors.npy", self._vectors)
        _write_meta(folder, {"kind": self.kind, "dimension": self.dimension, "keys": self._keys})

    @classmethod
    def load(cls, folder: Path, meta: dict[str, object]) -> ExactIndex:
        index = cls(int(meta["dimension"]))  # type: ignore[call-overload]
        index._vectors = np.load(folder / "vectors.npy")
        index._keys = list(meta["keys"])  # type: ignore[call-overload]
        index._row = {key: i for i, key in enumerate(index._keys)}
        return index


class IvfIndex:
    """faiss IndexIVFFlat over inner products. `train` once on a sample that looks like the gallery."""

    kind = "ivf"

    def __init__(self, dimension: int, cells: int = 1024, nprobe: int = 64) -> None:
        import faiss

        self.dimension = dimension
        self._quantiser = faiss.IndexFlatIP(dimension)
        # Any: faiss's stubs miss the numpy overloads its Python wrapper adds (remove_ids with an array)
        self._index: Any = faiss.IndexIVFFlat(self._quantiser, dimension, cells, faiss.METRIC_INNER_PRODUCT)
        self._index.nprobe = nprobe
        self._keys: dict[int, str] = {}
        self._ids: dict[str, int] = {}
        self._next = 0

    def __len__(self) -> int:
        return len(self._keys)

    @property
    def nprobe(self) -> int:
        return int(self._index.nprobe)

    @nprobe.setter
    def nprobe(self, value: int) -> None:
        self._index.nprobe = value

    def train(self, sample: np.ndarray) -> None:
        self._index.train(_as_rows(sample, self.dimension))

    def add(self, keys: Sequence[str], vectors: np.ndarray) -> None:
        rows = _as_rows(vectors, self.dimension)
        if len(keys) != len(rows):
            raise ValueError("one key per vector")
        if not self._index.is_trained:
            self.train(rows)
        self.remove([k for k in keys if k in self._ids])
        ids = np.arange(self._next, self._next + len(keys), dtype=np.int64)
        self._next += len(keys)
        self._index.add_with_ids(rows, ids)
        for key, i in zip(keys, ids.tolist(), strict=True):
            self._keys[i] = key
            self._ids[key] = i

    def remove(self, keys: Sequence[str]) -> None:
        ids = [self._ids.pop(k) for k in keys if k in self._ids]
        if ids:
            self._index.remove_ids(np.array(ids, dtype=np.int64))
            for i in ids:
                del self._keys[i]

    def search(self, query: np.ndarray, k: int) -> list[tuple[str, float]]:
        if not self._keys or k <= 0:
            return []
        sims, ids = self._index.search(_as_rows(query, self.dimension), k)
        return [(self._keys[int(i)], float(s)) for s, i in zip(sims[0], ids[0], strict=True) if i >= 0]

    def save(self, folder: Path) -> None:
        import faiss

        folder.mkdir(parents=True, exist_ok=True)
        faiss.write_index(self._index, str(folder / "ivf.faiss"))
        pairs = sorted(self._keys.items())
        meta = {"kind": self.kind, "dimension": self.dimension, "nprobe": self.nprobe, "next": self._next}
        _write_meta(folder, {**meta, "ids": [i for i, _ in pairs], "keys": [k for _, k in pairs]})

    @classmethod
    def load(cls, folder: Path, meta: dict[str, object]) -> IvfIndex:
        import faiss

        index = cls.__new__(cls)
        index.dimension = int(meta["dimension"])  # type: ignore[call-overload]
        index._index = faiss.read_index(str(folder / "ivf.faiss"))
        index._index.nprobe = int(meta["nprobe"])  # type: ignore[call-overload]
        index._keys = dict(zip(meta["ids"], meta["keys"], strict=True))  # type: ignore[call-overload]
        index._ids = {key: i for i, key in index._keys.items()}
        index._next = int(meta["next"])  # type: ignore[call-overload]
        return index


def _write_meta(folder: Path, meta: dict[str, object]) -> None:
    (folder / "index.json").write_bytes(orjson.dumps(meta))


def load_index(folder: Path) -> ExactIndex | IvfIndex:
    meta = orjson.loads((folder / "index.json").read_bytes())
    if meta.get("kind") == "exact":
        return ExactIndex.load(folder, meta)
    if meta.get("kind") == "ivf":
        return IvfIndex.load(folder, meta)
    raise ValueError(f"{folder}: not a saved vector index")


def choose_index(dimension: int, expected_size: int) -> ExactIndex | IvfIndex:
    """Exact search for galleries up to EXACT_LIMIT vectors, an IVF index past that (about √n cells)."""
    if expected_size <= EXACT_LIMIT:
        return ExactIndex(dimension)
    return ivf_for(dimension, expected_size)


def ivf_for(dimension: int, expected_size: int) -> IvfIndex:
    """An IVF index with about 4√n cells (a power of two), never more cells than a fortieth of the
    vectors (faiss wants at least 39 training points per cell)."""
    cells = int(2 ** round(np.log2(4 * np.sqrt(expected_size))))
    while cells > 1 and cells * 39 > expected_size:
        cells //= 2
    return IvfIndex(dimension, cells=cells, nprobe=default_nprobe(dimension))


def default_nprobe(dimension: int) -> int:
    """Cells scanned per query for recall@30 ≥ 0.95 at a million vectors (benchmarks/vector_search.py):
    64 for SFace's 128 dimensions (0.960, p95 0.8 ms); 384 for the fused 256 (0.964, p95 7.3 ms)."""
    return 64 if dimension <= 128 else 384
