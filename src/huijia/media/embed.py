"""The faces of image files as JSON-ready records: what `huijia faces embed` writes, one per image."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from huijia.media import MediaError, decode_image, read_image_file
from huijia.media.faces import FaceBackend
from huijia.media.safe import IMAGE_SUFFIXES


def image_paths(inputs: Iterable[Path]) -> list[Path]:
    """Files as given; folders searched (recursively) for image files, in name order."""
    paths: list[Path] = []
    for item in inputs:
        if item.is_dir():
            found = (p for p in item.rglob("*") if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
            paths.extend(sorted(found))
        else:
            paths.append(item)
    return paths


def face_records(paths: Iterable[Path], backend: FaceBackend) -> Iterator[dict[str, Any]]:
    """For each image: its path, size and faces (box, score, vector, landmarks, quality). An image that
    cannot be read gives "faces": [] and an "error" saying why."""
    for path in paths:
        record: dict[str, Any] = {"path": str(path), "faces": []}
        try:
            decoded = decode_image(read_image_file(path))
            record["width"], record["height"] = decoded.image.size
            record["faces"] = [face.to_dict() for face in backend.faces(decoded.image)]
        except (OSError, MediaError) as exc:
            record["error"] = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        yield record
