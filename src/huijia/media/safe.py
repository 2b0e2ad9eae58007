"""Safe decoding of untrusted images, and the clean copy the store keeps.

Photos come from chat exports, uploads and the public. Pillow decodes them, inside limits checked
before any pixel is decoded:

- only raster formats a phone or a chat app writes (JPEG, PNG, GIF, WebP, BMP, TIFF) are opened, so a
  file that merely claims to be an image (or an EPS, which would run Ghostscript) is refused;
- the file size, the pixel count and, for animations, the pixel count over all frames are capped:
  a decompression bomb (a tiny PNG that inflates to gigapixels) is refused from its header;
- a truncated or corrupt file is refused with a reason, never half-decoded.

Each photo also gets a PDQ hash (`huijia.media.pdq`) of the upright original. The stored copy is
re-encoded from the pixels alone, after EXIF orientation has been applied: no EXIF,
XMP, ICC profile or comment survives, so neither the camera, the phone owner nor the place travels with
it. GPS is read out as a structured field beside the copy; the caller keeps it only with the
submitter's consent. The SHA-256 of the original bytes is the chain-of-custody key.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff")  # files of FORMATS
MIME = {"JPEG": "image/jpeg", "PNG": "image/png"}


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = 25 * 1024**2
    max_pixels: int = 50_000_000  # a 50-megapixel camera photo is the largest we expect
    max_frames_pixels: int = 200_000_000  # all frames of an animation together
    stored_side: int = 2048  # the stored copy's longest side; enough for review and face matching


class MediaError(ValueError):
    """An image that cannot be taken, with the reason in words (no content, no path)."""


@dataclass(frozen=True, slots=True)
class CleanImage:
    sha256: str  # of the original bytes: what the export or the submitter gave us
    data: bytes  # the re-encoded copy: pixels only
    mime: str
    width: int  # of the original, after EXIF orientation
    height: int
    original_format: str
    gps: tuple[float, float] | None  # (latitude, longitude) from EXIF, if the photo carried one
    pdq: str  # the PDQ perceptual hash (huijia.media.pdq), to find the same picture reposted
    pdq_quality: int
    photo_print: str = ""  # huijia.media.photoprint's print as text: dihedral variants, crop windows

    @property
    def data_sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True, slots=True)
class Decoded:
    """An image decoded within the limits: upright (EXIF orientation applied), first frame, full size."""

    image: Image.Image  # RGB, or RGBA when the original has transparency
    original_format: str
    gps: tuple[float, float] | None
    has_alpha: bool


def decode_image(data: bytes, limits: Limits = Limits()) -> Decoded:
    """Decode untrusted bytes within `limits`, or raise `MediaError` with the reason."""
    if not data:
        raise MediaError("empty file")
    if len(data) > limits.max_bytes:
        raise MediaError(f"{megabytes(len(data))} is over the {megabytes(limits.max_bytes)} limit")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return _decode(data, limits)
        except MediaError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise MediaError("too many pixels (a decompression bomb?)") from exc
        except UnidentifiedImageError as exc:
            raise MediaError(f"not an image in an accepted format ({', '.join(FORMATS)})") from exc
        except Exception as exc:  # Pillow's plugins signal bad data with many kinds
            # (OSError, SyntaxError, struct.error, IndexError, ...): untrusted bytes must never escape
            raise MediaError(f"corrupt or truncated image ({type(exc).__name__})") from exc


def _decode(data: bytes, limits: Limits) -> Decoded:
    with Image.open(io.BytesIO(data), formats=FORMATS) as image:
        width, height = image.size
        if width <= 0 or height <= 0:
            raise MediaError("image has no pixels")
        if width * height > limits.max_pixels:
            raise MediaError(f"{width}×{height} pixels is over the {limits.max_pixels:,} pixel limit")
        frames = getattr(image, "n_frames", 1)
        if frames * width * height > limits.max_frames_pixels:
            raise MediaError(f"{frames} frames of {width}×{height} pixels is over the animation limit")
        original_format = image.format or "?"
        gps = gps_position(image.getexif())
        image.seek(0)  # the first frame of an animation is the one we keep
        image.load()
        upright = ImageOps.exif_transpose(image)
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    )
    pixels = upright.convert("RGBA" if has_alpha else "RGB")
    pixels.info = {}  # nothing of the original's metadata may reach an encoder
    return Decoded(pixels, original_format, gps, has_alpha)


def read_image_file(path: Path, limits: Limits = Limits()) -> bytes:
    """A photo file's bytes; one over the size limit is refused (`MediaError`) before it is read."""
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise MediaError(f"{megabytes(size)} is over the {megabytes(limits.max_bytes)} limit")
    return path.read_bytes()


def clean_image(data: bytes, limits: Limits = Limits(), decoded: Decoded | None = None) -> CleanImage:
    """Decode `data` within `limits` (unless the caller has: `decoded`) and re-encode it without
    metadata, or raise `MediaError`."""
    from huijia.media.pdq import pdq_hash
    from huijia.media.photoprint import photo_print

    decoded = decoded or decode_image(data, limits)
    perceptual = pdq_hash(decoded.image)
    printed = photo_print(decoded.image).to_text()
    pixels = decoded.image.copy()
    width, height = pixels.size
    pixels.thumbnail((limits.stored_side, limits.stored_side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if decoded.has_alpha or decoded.original_format in ("PNG", "GIF", "BMP"):
        pixels.save(out, "PNG", optimize=False)
        mime = MIME["PNG"]
    else:
        pixels.save(out, "JPEG", quality=90)
        mime = MIME["JPEG"]
    return CleanImage(
        sha256=hashlib.sha256(data).hexdigest(),
        data=out.getvalue(),
        mime=mime,
        width=width,
        height=height,
        original_format=decoded.original_format,
        gps=decoded.gps,
        pdq=perceptual.hex,
        pdq_quality=perceptual.quality,
        photo_print=printed,
    )


def inside_folder(folder: Path, name: str | None) -> Path | None:
    """`name` as a file under `folder`, or None for no name, an absolute path or one that leaves it."""
    if not name or "\x00" in name or name.startswith(("/", "\\")) or "://" in name or len(name) > 1024:
        return None
    try:
        path = (folder / name).resolve()
    except (OSError, ValueError):
        return None
    return path if path.is_relative_to(folder) else None


def megabytes(size: int) -> str:
    return f"{size / 1024**2:.1f} MB"


def gps_position(exif: Image.Exif) -> tuple[float, float] | None:
    """(latitude, longitude) in degrees from an EXIF GPS block, or None when absent or malformed."""
    try:
        block: dict[int, Any] = exif.get_ifd(ExifTags.IFD.GPSInfo)
    except (KeyError, ValueError, TypeError, OSError):
        return None
    tags = ExifTags.GPS
    try:
        lat = _degrees(block[tags.GPSLatitude], block.get(tags.GPSLatitudeRef, "N"))
        lon = _degrees(block[tags.GPSLongitude], block.get(tags.GPSLongitudeRef, "E"))
    except (KeyError, ValueError, TypeError, ZeroDivisionError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return round(lat, 6), round(lon, 6)


def _degrees(dms: Any, ref: Any) -> float:
    degrees, minutes, seconds = (float(part) for part in dms)
    value = degrees + minutes / 60 + seconds / 3600
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "replace")
    return -value if str(ref).strip().upper() in ("S", "W") else value
