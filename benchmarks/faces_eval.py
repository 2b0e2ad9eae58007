"""Cross-age identification on real age-gap faces (issue 5's evaluation).

Probes: every FG-NET photo taken at age ≤ 10. Gallery, per probe: the probe's own person represented
only by their photos taken ≥ 10 years later; every other FG-NET person by all their photos; and the
8,000 adult CACD-VS photos as distractors (a positive pair is one identity, every other photo its own).
A gallery identity scores the best cosine of its photos; the probe's rank is 1 + the number of
identities scoring higher. Reported: rank-1 and rank-30 rates (the Baidu / Baobei Huijia shortlist is
30), over the probes that have such a later photo — for the raw cosine, and calibrated by age (the mean
similarity of different people at the two photos' ages subtracted; see AgeCalibration).

The photos are read in place from the git history of the public mirror named in
../shared/research/anchors-faces.md §5.2 (`Couson/baidu-ai` at c2b16379): research use only. Nothing
is written but the vectors, cached under benchmarks/out/ (never committed); no image is copied.

Three scorings: the raw cosine; calibrated by age (the mean similarity of different people at the two
photos' ages subtracted); centred by age (each vector minus the mean vector of its age bucket, the
registry's ranking, `huijia.registry.ranking.AgeCentering`). Both age methods are fitted on the gallery
leaving out every photo of the probe's own person.

Fusion (`--fuse`): the `fusion` backend's vectors, made from both backends' cached vectors (equal
weights, as shipped); `--weights` prints other weights too, for sensitivity only (choosing one on this
set would overfit it).

Usage: python benchmarks/faces_eval.py --mirror PATH/TO/Couson+baidu-ai/repo [--backend sface|dlib]
       [--distractors 8000] [--fuse] [--weights 0.3,0.5,0.7]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from huijia.media import MediaError, decode_image
from huijia.media.faces import face_backend
from huijia.registry.ranking import AgeCentering, age_bucket

COMMIT = "c2b16379e3187c1bf6a36bacfaa10f2b5fecd445"
OUT = Path(__file__).parent / "out"
FGNET_NAME = re.compile(r"(\d{3})A(\d{2})[a-z]?\.JPG$", re.IGNORECASE)
GAP = 10
SHORTLIST = 30


@dataclass(frozen=True, slots=True)
class Photo:
    path: str
    identity: str
    age: int | None  # FG-NET only


def photos(mirror: Path, distractors: int) -> list[Photo]:
    names = subprocess.run(
        ["git", "-C", str(mirror), "ls-tree", "--name-only", COMMIT, "FGNET/images/", "CACD_VS/"],
        check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    found = []
    for name in names:
        if name.startswith("FGNET/"):
            match = FGNET_NAME.search(name)
            if match:
                found.append(Photo(name, f"fgnet:{match.group(1)}", int(match.group(2))))
        elif name.startswith("CACD_VS/") and name.endswith(".jpg"):
            pair, side = Path(name).stem.split("_")
            positive = int(pair) % 400 < 200  # the first 200 pairs of each fold are the same person
            identity = f"cacd:{pair}" if positive else f"cacd:{pair}_{side}"
            found.append(Photo(name, identity, None))
    fgnet = [p for p in found if p.age is not None]
    cacd = [p for p in found if p.age is None][:distractors]
    return fgnet + cacd


def blobs(mirror: Path, paths: list[str]) -> Iterator[tuple[str, bytes]]:
    """Each file's bytes from the commit, through one `git cat-file --batch` process."""
    with subprocess.Popen(
        ["git", "-C", str(mirror), "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    ) as git:
        assert git.stdin is not None and git.stdout is not None
        for path in paths:
            git.stdin.write(f"{COMMIT}:{path}\n".encode())
            git.stdin.flush()
            header = git.stdout.readline().split()
            if len(header) < 3:
                yield path, b""
                continue
            data = git.stdout.read(int(header[2]))
            git.stdout.read(1)  # the newline after the contents
            yield path, data
        git.stdin.close()


def embed_all(mirror: Path, items: list[Photo], backend: str) -> np.ndarray:
    """One vector per photo (NaN where no face was found), cached by backend and photo list."""
    engine = face_backend(backend)
    cache = OUT / f"faces-{engine.version}-{len(items)}.npy"
    if cache.exists():
        return np.load(cache)
    vectors = np.full((len(items), engine.dimension), np.nan, dtype=np.float32)
    started = time.perf_counter()
    for i, (_path, data) in enumerate(blobs(mirror, [p.path for p in items])):
        try:
            faces = engine.faces(decode_image(data).image)
        except MediaError:
            continue
        if faces:
            vectors[i] = max(faces, key=lambda f: f.box[2] * f.box[3]).vector  # the main face
        if (i + 1) % 1000 == 0:
            print(f"  embedded {i + 1:,} photos in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    OUT.mkdir(parents=True, exist_ok=True)
    np.save(cache, vectors)
    return vectors


ADULT_UNKNOWN = age_bucket(None)  # CACD-VS photos: adults of unknown age


@dataclass
class Gallery:
    """Everything the ranking needs, as arrays over the photos."""

    items: list[Photo]
    vectors: np.ndarray

    def __post_init__(self) -> None:
        identities = sorted({p.identity for p in self.items})
        index = {identity: i for i, identity in enumerate(identities)}
        self.identities = len(identities)
        self.ids = np.array([index[p.identity] for p in self.items])
        self.ages = np.array([-1 if p.age is None else p.age for p in self.items])
        self.buckets = np.array([age_bucket(p.age) for p in self.items])
        self.has_face = ~np.isnan(self.vectors[:, 0])
        self.matrix = np.nan_to_num(self.vectors)


class AgeCalibration:
    """Mean similarity of different people by (probe age bucket, gallery age bucket): children look
    alike (two different 3-year-olds score 0.34 on average, two adults 0.08), so a raw cosine between
    a child's photo and another child's beats the same child grown up. Subtracting the impostor mean
    for the two ages puts the pairs on one scale. Fitted on impostor pairs only; for each probe the
    pairs involving the probe's own person are left out (leave-one-identity-out)."""

    def __init__(self, gallery: Gallery) -> None:
        self.g = gallery
        n = ADULT_UNKNOWN + 1
        self.sum = np.zeros((n, n))
        self.count = np.zeros((n, n))
        self.by_identity: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        probes = np.where(gallery.has_face & (gallery.buckets < ADULT_UNKNOWN))[0]  # FG-NET rows
        for identity in np.unique(gallery.ids[probes]):
            rows = probes[gallery.ids[probes] == identity]
            s, c = self._tally(rows)
            self.by_identity[int(identity)] = (s, c)
            self.sum += s
            self.count += c
        cacd = np.where(gallery.has_face & (gallery.buckets == ADULT_UNKNOWN))[0]
        for chunk in np.array_split(cacd, max(1, len(cacd) // 500)):
            s, c = self._tally(chunk)
            self.sum += s
            self.count += c

    def _tally(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Sums and counts of the impostor similarities from these rows to every photo, by the two
        photos' age buckets (every ordered pair once, from its row)."""
        g = self.g
        n = ADULT_UNKNOWN + 1
        sims = g.matrix[rows] @ g.matrix.T
        valid = g.has_face[None, :] & (g.ids[None, :] != g.ids[rows][:, None])
        s, c = np.zeros((n, n)), np.zeros((n, n))
        for b in np.unique(g.buckets[rows]):
            in_b = g.buckets[rows] == b
            for col in range(n):
                mask = valid[in_b] & (g.buckets == col)[None, :]
                s[b, col] += sims[in_b][mask].sum()
                c[b, col] += mask.sum()
        return s, c

    def means_without(self, identity: int) -> np.ndarray:
        """The means without any pair that involves this person (their rows and, by symmetry, the
        same pairs seen from the other side)."""
        s, c = self.by_identity.get(identity, (np.zeros_like(self.sum), np.zeros_like(self.count)))
        return (self.sum - s - s.T) / np.maximum(self.count - c - c.T, 1)


def ranks(
    gallery: Gallery,
    calibration: AgeCalibration | None = None,
    score: Callable[[int], np.ndarray] | None = None,
) -> tuple[list[int], int]:
    """The true identity's rank for each evaluable probe, and how many probes had no face. `score`
    gives a probe's similarity to every photo (default: the cosine)."""
    g = gallery
    found: list[int] = []
    no_face = 0
    for i, probe in enumerate(g.items):
        if probe.age is None or probe.age > 10:
            continue
        own = g.ids == g.ids[i]
        later = own & (g.ages >= probe.age + GAP) & g.has_face
        if not later.any():
            continue  # nobody to find: not evaluable
        if not g.has_face[i]:
            no_face += 1
            found.append(g.identities)
            continue
        sims = score(i) if score is not None else g.matrix @ g.matrix[i]
        if calibration is not None:
            sims = sims - calibration.means_without(int(g.ids[i]))[g.buckets[i], g.buckets]
        usable = g.has_face & (~own | later)
        best = np.full(g.identities, -np.inf)
        np.maximum.at(best, g.ids[usable], sims[usable])
        found.append(1 + int((best > best[g.ids[i]]).sum()))
    return found, no_face


def centered_ranks(gallery: Gallery) -> tuple[list[int], int]:
    """`ranks` with every vector centred by its age bucket (`huijia.registry.ranking.AgeCentering`, as
    the registry does), the means fitted without any photo of the probe's own person."""
    g = gallery
    ages = [p.age for p in g.items]
    centred: dict[int, np.ndarray] = {}

    def matrix_without(identity: int) -> np.ndarray:
        if identity not in centred:
            centred.clear()
            rows = g.has_face & (g.ids != identity)
            centering = AgeCentering.fit(g.matrix[rows], [a for a, r in zip(ages, rows, strict=True) if r])
            centred[identity] = centering.center(g.matrix, ages)
        return centred[identity]

    return ranks(g, score=lambda i: matrix_without(int(g.ids[i])) @ matrix_without(int(g.ids[i]))[i])


def summary(name: str, found: list[int], no_face: int) -> str:
    n = len(found)
    top1 = sum(r == 1 for r in found) / n
    top30 = sum(r <= SHORTLIST for r in found) / n
    return (
        f"{name}: {n:,} probes (age ≤ 10, a photo ≥ {GAP} years later), {no_face} without a face\n"
        f"  rank-1 {top1:.1%}   rank-{SHORTLIST} {top30:.1%}   median rank {int(np.median(found))}"
    )


def fused(first: np.ndarray, second: np.ndarray, weight: float) -> np.ndarray:
    """The `fusion` backend's vectors from its parts' cached vectors: the two unit vectors scaled by the
    square roots of their weights and concatenated (a fused cosine is the weighted mean of the parts')."""
    return np.concatenate([first * np.sqrt(weight), second * np.sqrt(1 - weight)], axis=1).astype(np.float32)


def report(name: str, items: list[Photo], vectors: np.ndarray) -> None:
    gallery = Gallery(items, vectors)
    print(summary(f"{name}, raw cosine", *ranks(gallery)))
    print(summary(f"{name}, calibrated by age", *ranks(gallery, AgeCalibration(gallery))))
    print(summary(f"{name}, centred by age (the registry's ranking)", *centered_ranks(gallery)))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mirror", type=Path, required=True, help="git folder of Couson/baidu-ai")
    parser.add_argument("--backend", default="sface")
    parser.add_argument("--distractors", type=int, default=8000)
    parser.add_argument("--fuse", action="store_true", help="also sface + dlib fused (z-scored, equal)")
    parser.add_argument("--weights", default="", help="sface weights to try as well, e.g. 0.3,0.7")
    args = parser.parse_args()
    items = photos(args.mirror, args.distractors)
    fgnet = sum(1 for p in items if p.age is not None)
    print(f"photos: {fgnet:,} FG-NET, {len(items) - fgnet:,} CACD-VS distractors")
    started = time.perf_counter()
    vectors = embed_all(args.mirror, items, args.backend)
    print(f"vectors: {int((~np.isnan(vectors[:, 0])).sum()):,} photos with a face "
          f"({time.perf_counter() - started:.0f} s, cached in {OUT})")  # fmt: skip
    report(args.backend, items, vectors)
    if args.fuse:
        sface, dlib = embed_all(args.mirror, items, "sface"), embed_all(args.mirror, items, "dlib")
        weights = [0.5] + [float(w) for w in args.weights.split(",") if w]
        for weight in weights:
            report(f"fusion sface {weight:g} + dlib {1 - weight:g}", items, fused(sface, dlib, weight))


if __name__ == "__main__":
    main()
