"""`faces`: detection and identity vectors of photos."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from huijia.cli.options import EXIT_NOTHING_READ, EXIT_OK, fail, open_output


@click.group("faces")
def faces_group() -> None:
    """Faces in photos: detection and identity vectors (for the missing-children registry)."""


@faces_group.command("embed")
@click.argument("images", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--backend",
    default="fusion",
    show_default=True,
    type=click.Choice(["fusion", "sface", "dlib"]),
    help="Recogniser on OpenCV YuNet's faces: SFace, dlib's ResNet, or both fused (256-d).",
)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write here.")
def faces_embed_command(images: tuple[Path, ...], backend: str, output: Path | None) -> None:
    """One JSON line per image: its faces, each with box [x, y, w, h] in the upright image's pixels,
    the detector's score, an L2-normalised vector (compare by cosine), landmarks and quality.

    An image that cannot be read gives "faces": [] and an "error" (and a line on stderr)."""
    import orjson

    from huijia.media.embed import face_records, image_paths
    from huijia.media.faces import FaceModelError, face_backend

    try:
        backend_of_faces = face_backend(backend)
    except FaceModelError as exc:
        fail(exc)
    read = 0
    sink = open_output(output)
    try:
        for record in face_records(image_paths(images), backend_of_faces):
            if "error" in record:
                click.echo(f"{record['path']}: {record['error']}", err=True)
            else:
                read += 1
            sink.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
    finally:
        if output:
            sink.close()
    sys.exit(EXIT_OK if read else EXIT_NOTHING_READ)
