"""Face-gallery search at 1,000,000 vectors: latency per query and recall@30 against exact search.

The gallery is real SFace vectors (the FG-NET / CACD-VS vectors `faces_eval.py` cached under
benchmarks/out/, when present; random unit vectors otherwise, and the output says so) plus synthetic
ones drawn around them: a real vector plus Gaussian noise, renormalised, so that the gallery has the
clustered shape of real faces rather than the uniform spread of random vectors. Queries are fresh
draws around real vectors. Ground truth is exact search (`ExactIndex`); the IVF index (faiss
IndexIVFFlat) is timed one query at a time, as the registry asks them.

Goals (issue 5): p95 under 10 ms, recall@30 ≥ 0.95.

Usage: python benchmarks/vector_search.py [--vectors 1000000] [--queries 1000] [--backend sface|fusion]
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import numpy as np

from huijia.media.index import ExactIndex, IvfIndex, choose_index

OUT = Path(__file__).parent / "out"
K = 30


def real_vectors(backend: str = "sface") -> tuple[np.ndarray, str]:
    if backend == "fusion":  # the fusion backend's vectors: both parts' unit vectors, halved and joined
        parts = [sorted(OUT.glob(f"faces-{name}*.npy")) for name in ("sface", "dlib")]
        if all(parts):
            both = np.concatenate([np.load(p[-1]) for p in parts], axis=1) / np.sqrt(2)
            both = both[~np.isnan(both).any(axis=1)]
            return both.astype(np.float32), f"{len(both):,} real fused SFace + dlib vectors (256-d)"
    cached = sorted(OUT.glob("faces-sface*.npy"))
    if cached:
        vectors = np.load(cached[-1])
        vectors = vectors[~np.isnan(vectors[:, 0])]
        return vectors.astype(np.float32), f"{len(vectors):,} real SFace vectors from {cached[-1].name}"
    rng = np.random.default_rng(1)
    vectors = rng.standard_normal((9000, 128)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True), "9,000 RANDOM unit vectors (no cache)"


def around(base: np.ndarray, n: int, spread: float, rng: np.random.Generator) -> np.ndarray:
    """n vectors near randomly chosen base vectors (cosine to the base about 1 / sqrt(1 + spread²·d))."""
    out = np.empty((n, base.shape[1]), dtype=np.float32)
    for start in range(0, n, 100_000):
        stop = min(n, start + 100_000)
        picked = base[rng.integers(0, len(base), stop - start)]
        noisy = picked + rng.standard_normal(picked.shape).astype(np.float32) * spread
        out[start:stop] = noisy / np.linalg.norm(noisy, axis=1, keepdims=True)
    return out


def timed_queries(index: ExactIndex | IvfIndex, queries: np.ndarray) -> tuple[list[list[int]], np.ndarray]:
    results, times = [], []
    for q in queries:
        t0 = time.perf_counter()
        found = index.search(q, K)
        times.append(time.perf_counter() - t0)
        results.append([int(key) for key, _ in found])
    return results, np.array(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--vectors", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument(
        "--backend", default="sface", choices=["sface", "fusion"], help="whose cached vectors (fusion: 256-d)"
    )
    parser.add_argument("--spread", type=float, default=0.12, help="noise per dimension (0.12: cosine ≈ 0.6)")
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    base, what = real_vectors(args.backend)
    spread = args.spread * np.sqrt(128 / base.shape[1])  # the same cosine to the base at any dimension
    gallery = around(base, args.vectors, spread=spread, rng=rng)
    queries = around(base, args.queries, spread=spread, rng=rng)
    print(f"gallery: {args.vectors:,} vectors drawn around {what}; {args.queries:,} queries")
    keys = [str(i) for i in range(args.vectors)]

    exact = ExactIndex(base.shape[1])
    exact.add(keys, gallery)
    truth, exact_ms = timed_queries(exact, queries[: min(200, args.queries)])
    p50, p95 = np.percentile(exact_ms, [50, 95])
    print(f"exact: p50 {p50:.1f} ms, p95 {p95:.1f} ms a query")
    sims = queries @ gallery.T if args.vectors * args.queries <= 2e8 else None
    if sims is None:  # ground truth in blocks of queries
        truth = []
        for start in range(0, args.queries, 50):
            block = queries[start : start + 50] @ gallery.T
            top = np.argpartition(-block, K - 1, axis=1)[:, :K]
            truth.extend(set(row.tolist()) for row in top)
    else:
        top = np.argpartition(-sims, K - 1, axis=1)[:, :K]
        truth = [set(row.tolist()) for row in top]
    del exact

    index = choose_index(base.shape[1], args.vectors)
    assert isinstance(index, IvfIndex)
    t0 = time.perf_counter()
    index.train(gallery[rng.choice(args.vectors, min(args.vectors, 200_000), replace=False)])
    trained = time.perf_counter() - t0
    t0 = time.perf_counter()
    for start in range(0, args.vectors, 100_000):
        index.add(keys[start : start + 100_000], gallery[start : start + 100_000])
    added = time.perf_counter() - t0
    cells = index._index.nlist
    print(f"ivf: {cells} cells; trained in {trained:.0f} s, {args.vectors:,} added in {added:.0f} s")
    for nprobe in (32, 64, 128, 256, 384, 512):
        index.nprobe = nprobe
        found, ms = timed_queries(index, queries)
        recall = np.mean([len(set(f) & t) / K for f, t in zip(found, truth, strict=True)])
        p50, p95 = np.percentile(ms, [50, 95])
        print(f"  nprobe {nprobe:3}: p50 {p50:5.2f} ms  p95 {p95:5.2f} ms  recall@{K} {recall:.3f}"
              "   (goals: p95 < 10 ms, recall ≥ 0.95)")  # fmt: skip
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {rss:,.0f} MB")


if __name__ == "__main__":
    main()
