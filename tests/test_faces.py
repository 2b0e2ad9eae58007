"""Faces on real photographs that ship inside PyPI packages (scikit-image's astronaut, Eileen Collins,
and cameraman) and on images made from them: detection, boxes in upright pixels, vectors that tell the
same person from another, quality gates, the model files' integrity, and `huijia faces embed`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
import skimage.data as skimage_data
from click.testing import CliRunner
from PIL import ExifTags, Image, ImageFilter

import huijia.media.faces as faces_module
from huijia.cli import main
from huijia.media import decode_image
from huijia.media.faces import (
    FaceModelError,
    YuNetBackend,
    cosine,
    dlib_backend,
    estimated_yaw,
    face_backend,
    sface_backend,
)

# the published thresholds: OpenCV's for SFace's cosine; dlib's Euclidean 0.6 on its raw vectors, whose
# length is about 1.46, is a cosine of about 1 - (0.6 / 1.46)² / 2 = 0.916 on unit vectors
SAME_PERSON = {"sface": 0.363, "dlib": 0.916, "fusion": (0.363 + 0.916) / 2}


@pytest.fixture(scope="module")
def astronaut() -> Image.Image:
    return Image.fromarray(skimage_data.astronaut())


@pytest.fixture(scope="module", params=["sface", "dlib", "fusion"])
def backend(request: pytest.FixtureRequest) -> YuNetBackend:
    found = face_backend(request.param)
    assert isinstance(found, YuNetBackend) and found.name == request.param
    return found


def jpeg_bytes(image: Image.Image, orientation: int | None = None) -> bytes:
    exif = Image.Exif()
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, exif=exif)
    return out.getvalue()


def test_one_face_is_found_on_the_astronaut_with_a_unit_vector(
    backend: YuNetBackend, astronaut: Image.Image
) -> None:
    (face,) = backend.faces(astronaut)
    x, y, w, h = face.box
    assert 160 < x < 200 and 40 < y < 90 and 70 < w < 120 and 90 < h < 140  # her face, not the patch
    assert face.score > 0.8 and face.quality.ok
    assert face.vector.shape == (backend.dimension,) and abs(float(np.linalg.norm(face.vector)) - 1) < 1e-5
    right_eye, left_eye = face.landmarks[0], face.landmarks[1]
    assert x < right_eye[0] < left_eye[0] < x + w and y < right_eye[1] < y + h


def test_the_same_person_scores_high_and_another_person_low(
    backend: YuNetBackend, astronaut: Image.Image
) -> None:
    (face,) = backend.faces(astronaut)
    variants = [
        astronaut.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
        astronaut.resize((300, 300)),
        Image.eval(astronaut, lambda v: int(v * 0.6)),
        Image.open(io.BytesIO(jpeg_bytes(astronaut.resize((256, 256))))),
    ]
    for variant in variants:
        (other,) = backend.faces(variant)
        assert cosine(face.vector, other.vector) > max(0.8, SAME_PERSON[backend.name])
    (cameraman,) = backend.faces(Image.fromarray(skimage_data.camera()).convert("RGB"))
    assert cosine(face.vector, cameraman.vector) < SAME_PERSON[backend.name]


def test_boxes_are_in_the_pixels_of_the_upright_image(backend: YuNetBackend, astronaut: Image.Image) -> None:
    (upright,) = backend.faces(astronaut)
    # stored on its side with EXIF orientation 6, as a phone does: decoded upright, same box
    sideways = jpeg_bytes(astronaut.rotate(90, expand=True), orientation=6)
    (turned,) = backend.faces(decode_image(sideways).image)
    assert all(abs(a - b) <= 4 for a, b in zip(turned.box, upright.box, strict=True))
    assert cosine(turned.vector, upright.vector) > 0.9
    # a large photo is searched at 1,280 px but boxed in its own pixels
    (big,) = backend.faces(astronaut.resize((3072, 3072)))
    slack = 0.08 * 6 * upright.box[2]  # detected at another scale: within 8 % of the face's width
    assert all(abs(a - 6 * b) <= slack for a, b in zip(big.box, upright.box, strict=True)), big.box
    assert cosine(big.vector, upright.vector) > 0.9


def test_no_face_on_a_cat_or_a_coffee_cup(backend: YuNetBackend) -> None:
    assert backend.faces(Image.fromarray(skimage_data.chelsea())) == []
    assert backend.faces(Image.fromarray(skimage_data.coffee())) == []


def test_small_blurred_and_turned_faces_are_kept_with_their_problems(
    backend: YuNetBackend, astronaut: Image.Image
) -> None:
    (small,) = backend.faces(astronaut.resize((128, 128)))
    assert "small" in small.quality.problems and not small.quality.ok
    (blurred,) = backend.faces(astronaut.filter(ImageFilter.GaussianBlur(6)))
    assert "blurred" in blurred.quality.problems
    frontal = ((40.0, 50.0), (70.0, 50.0), (55.0, 65.0), (45.0, 80.0), (65.0, 80.0))
    profile = ((40.0, 50.0), (70.0, 50.0), (72.0, 65.0), (45.0, 80.0), (65.0, 80.0))
    assert abs(estimated_yaw(frontal)) < 0.05 and estimated_yaw(profile) > 1.0


def test_a_model_file_that_is_not_the_expected_one_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(faces_module.MODEL_SHA256, faces_module.SFACE, "0" * 64)
    with pytest.raises(FaceModelError, match="SHA-256"):
        sface_backend()
    monkeypatch.undo()
    monkeypatch.setitem(faces_module.DLIB_SHA256, faces_module.DLIB_RESNET, "0" * 64)
    with pytest.raises(FaceModelError, match="SHA-256"):
        dlib_backend()


def test_faces_embed_writes_one_line_per_image_and_errors_for_unreadable_ones(
    tmp_path: Path, astronaut: Image.Image
) -> None:
    folder = tmp_path / "photos"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "astronaut.jpg").write_bytes(jpeg_bytes(astronaut, orientation=1))
    (folder / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    (folder / "notes.txt").write_text("not an image, not picked up from a folder")
    out = tmp_path / "faces.jsonl"
    result = CliRunner().invoke(main, ["faces", "embed", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [Path(line["path"]).name for line in lines] == ["broken.png", "astronaut.jpg"]
    broken, good = lines
    assert broken["faces"] == [] and "corrupt" in broken["error"]
    assert "broken.png" in result.stderr
    (face,) = good["faces"]
    # the default backend fuses SFace and dlib: two unit vectors of 128, concatenated and halved
    assert set(face) >= {"box", "score", "vector"} and len(face["vector"]) == 256
    assert abs(sum(v * v for v in face["vector"]) - 1) < 1e-3 and face["score"] > 0.8
    single = CliRunner().invoke(main, ["faces", "embed", "--backend", "sface", str(folder / "sub")])
    (alone,) = json.loads(single.stdout)["faces"]
    assert len(alone["vector"]) == 128 and alone["box"] == face["box"]
    sface_half = np.asarray(face["vector"][:128]) * np.sqrt(2)  # the fused vector's SFace part
    assert cosine(sface_half, np.asarray(alone["vector"])) > 0.999
    assert (good["width"], good["height"]) == (512, 512) and "error" not in good
    nothing = CliRunner().invoke(main, ["faces", "embed", str(folder / "broken.png")])
    assert nothing.exit_code == 2 and json.loads(nothing.stdout)["faces"] == []
