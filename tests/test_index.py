"""The face-vector index: exact search, faiss IVF search, incremental add / replace / remove, and
persistence. Speed and recall at 1,000,000 vectors are in benchmarks/vector_search.py."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from huijia.media.index import ExactIndex, IvfIndex, choose_index, load_index


def clustered(n: int, seed: int = 0, dimension: int = 128) -> np.ndarray:
    """Unit vectors in 50 clusters, the shape real face galleries have (one cluster per person)."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((50, dimension))
    points = centres[rng.integers(0, 50, n)] + rng.standard_normal((n, dimension)) * 0.4
    return (points / np.linalg.norm(points, axis=1, keepdims=True)).astype(np.float32)


def test_exact_search_is_best_first_and_keys_can_be_replaced_and_removed(tmp_path: Path) -> None:
    vectors = clustered(500)
    index = ExactIndex(128)
    index.add([f"p{i}" for i in range(500)], vectors)
    hits = index.search(vectors[7], 5)
    assert hits[0][0] == "p7" and hits[0][1] == pytest.approx(1.0, abs=1e-5)
    scores = [s for _, s in hits]
    assert scores == sorted(scores, reverse=True)
    assert [k for k, _ in hits] == [f"p{i}" for i in np.argsort(-(vectors @ vectors[7]))[:5]]
    index.add(["p7"], vectors[8:9])  # a new photo for the same key replaces the old vector
    assert len(index) == 500 and index.search(vectors[8], 2)[1][0] in {"p7", "p8"}
    index.remove(["p8", "nobody"])
    assert len(index) == 499 and all(k != "p8" for k, _ in index.search(vectors[8], 50))
    index.save(tmp_path / "exact")
    again = load_index(tmp_path / "exact")
    assert again.search(vectors[3], 10) == index.search(vectors[3], 10)
    with pytest.raises(ValueError, match="dimensions"):
        index.add(["x"], np.ones((1, 64), dtype=np.float32))
    assert ExactIndex(128).search(vectors[0], 5) == []


def test_ivf_search_finds_what_exact_search_finds_and_keeps_up_with_changes(tmp_path: Path) -> None:
    vectors = clustered(6000, seed=1)
    keys = [f"v{i}" for i in range(6000)]
    exact, ivf = ExactIndex(128), IvfIndex(128, cells=64, nprobe=16)
    ivf.train(vectors)
    for start in range(0, 6000, 2000):  # incremental, as reports and sightings arrive
        exact.add(keys[start : start + 2000], vectors[start : start + 2000])
        ivf.add(keys[start : start + 2000], vectors[start : start + 2000])
    queries = clustered(100, seed=2)
    recall = np.mean(
        [len({k for k, _ in ivf.search(q, 30)} & {k for k, _ in exact.search(q, 30)}) / 30 for q in queries]
    )
    assert recall >= 0.9
    gone = [k for k, _ in ivf.search(queries[0], 10)]
    ivf.remove(gone)
    assert len(ivf) == 6000 - 10 and not set(gone) & {k for k, _ in ivf.search(queries[0], 30)}
    ivf.add(["v1"], queries[1:2])  # replaced: found at cosine 1 for its new vector
    assert ivf.search(queries[1], 1) == [("v1", pytest.approx(1.0, abs=1e-5))]
    ivf.save(tmp_path / "ivf")
    again = load_index(tmp_path / "ivf")
    assert isinstance(again, IvfIndex) and len(again) == len(ivf)
    assert again.search(queries[5], 30) == ivf.search(queries[5], 30)


def test_the_index_is_chosen_by_gallery_size(tmp_path: Path) -> None:
    assert isinstance(choose_index(128, 50_000), ExactIndex)
    large = choose_index(128, 1_000_000)
    assert isinstance(large, IvfIndex) and large._index.nlist == 4096
    (tmp_path / "index.json").write_text('{"kind": "other"}')
    with pytest.raises(ValueError, match="not a saved vector index"):
        load_index(tmp_path)
