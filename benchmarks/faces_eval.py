"""Cross-age identification on real age-gap faces (issue 5's evaluation).

Probes: every FG-NET photo taken at age ≤ 10. Gallery, per probe: the probe's own person represented
only by their photos taken ≥ 10 years later; every other FG-NET person by all their photos; and the
8,000 adult CACD-VS photos as distractors (a positive pair is one identity, every other photo its own).
A gallery identity scores the best cosine of its photos; the probe's rank is 1 + the number of
identities scoring higher. Reported: rank-1 and rank-30 rates (the Baidu / Baobei Huijia shortlist is
30), over the probes that have such a later photo.

The photos are read in place from the git history of the public mirror named in
../shared/research/anchors-faces.md §5.2 (`Couson/baidu-ai` at c2b16379): research use only. Nothing
is written but the vectors, cached under benchmarks/out/ (never committed); no image is copied.

Usage: python benchmarks/faces_eval.py --mirror PATH/TO/Couson+baidu-ai/repo [--backend sface]
       [--distractors 8000]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from huijia.media import MediaError, decode_image
from huijia.media.faces import face_backend

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
    cache = OUT / f"faces-{backend}-{len(items)}.npy"
    if cache.exists():
        return np.load(cache)
    engine = face_backend(backend)
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


def ranks(items: list[Photo], vectors: np.ndarray) -> tuple[list[int], int]:
    """The true identity's rank for each evaluable probe, and how many probes had no face."""
    identities = sorted({p.identity for p in items})
    index = {identity: i for i, identity in enumerate(identities)}
    ids = np.array([index[p.identity] for p in items])
    ages = np.array([-1 if p.age is None else p.age for p in items])
    has_face = ~np.isnan(vectors[:, 0])
    gallery = np.where(has_face, 1, 0).astype(bool)
    matrix = np.nan_to_num(vectors)
    found: list[int] = []
    no_face = 0
    for i, probe in enumerate(items):
        if probe.age is None or probe.age > 10:
            continue
        own = ids == ids[i]
        later = own & (ages >= probe.age + GAP) & gallery
        if not later.any():
            continue  # nobody to find: not evaluable
        if not has_face[i]:
            no_face += 1
            found.append(len(identities))
            continue
        sims = matrix @ matrix[i]
        usable = gallery & (~own | later)
        best = np.full(len(identities), -np.inf)
        np.maximum.at(best, ids[usable], sims[usable])
        target = best[ids[i]]
        found.append(1 + int((best > target).sum()))
    return found, no_face


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mirror", type=Path, required=True, help="git folder of Couson/baidu-ai")
    parser.add_argument("--backend", default="sface")
    parser.add_argument("--distractors", type=int, default=8000)
    args = parser.parse_args()
    items = photos(args.mirror, args.distractors)
    fgnet = sum(1 for p in items if p.age is not None)
    print(f"photos: {fgnet:,} FG-NET, {len(items) - fgnet:,} CACD-VS distractors")
    started = time.perf_counter()
    vectors = embed_all(args.mirror, items, args.backend)
    print(f"vectors: {int((~np.isnan(vectors[:, 0])).sum()):,} photos with a face "
          f"({time.perf_counter() - started:.0f} s, cached in {OUT})")  # fmt: skip
    found, no_face = ranks(items, vectors)
    n = len(found)
    top1 = sum(r == 1 for r in found) / n
    top30 = sum(r <= SHORTLIST for r in found) / n
    print(f"{args.backend}: {n:,} probes (age ≤ 10, a photo ≥ {GAP} years later), {no_face} without a face")
    print(f"  rank-1 {top1:.1%}   rank-{SHORTLIST} {top30:.1%}   median rank {int(np.median(found))}")


if __name__ == "__main__":
    main()
