"""Photos: safe decoding, metadata stripping and hashing (`huijia.media.safe`); faces
(`huijia.media.faces`)."""

from huijia.media.safe import (
    CleanImage,
    Decoded,
    Limits,
    MediaError,
    clean_image,
    decode_image,
    gps_position,
    read_image_file,
)

__all__ = [
    "CleanImage", "Decoded", "Limits", "MediaError", "clean_image", "decode_image", "gps_position",
    "read_image_file",
]  # fmt: skip
