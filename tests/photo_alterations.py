"""What reposters do to a photo, as functions of a PIL image (used by tests/test_photo_reuse.py and
benchmarks/photo_reuse_quality.py)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")  # Debian's fonts-wqy-microhei
BANNER_TEXT = "男宝 营养费3万 加V abc_12345"


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if CJK_FONT.exists():
        return ImageFont.truetype(str(CJK_FONT), size)
    return ImageFont.load_default(size=size)  # Latin only: the CJK glyphs come out as boxes


def banner(width: int, height: int) -> Image.Image:
    """A seller's strip: red text on white, the text half as tall as the strip."""
    strip = Image.new("RGB", (width, height), (250, 250, 250))
    ImageDraw.Draw(strip).text(
        (width * 0.04, height * 0.2), BANNER_TEXT, fill=(200, 20, 20), font=_font(max(8, height // 2))
    )
    return strip


def banner_over(image: Image.Image, top: bool) -> Image.Image:
    """A banner over 15 % of the height, at the top or bottom."""
    out = image.convert("RGB")
    height = int(0.15 * out.height)
    out.paste(banner(out.width, height), (0, 0 if top else out.height - height))
    return out


def banner_added(image: Image.Image, top: bool) -> Image.Image:
    """A banner 15 % of the height added above or below the photo (the canvas grows)."""
    height = int(0.15 * image.height)
    out = Image.new("RGB", (image.width, image.height + height))
    out.paste(image.convert("RGB"), (0, height if top else 0))
    out.paste(banner(image.width, height), (0, 0 if top else image.height))
    return out


def crop(image: Image.Image, left: float, top: float, right: float, bottom: float) -> Image.Image:
    w, h = image.size
    return image.crop((round(left * w), round(top * h), round(right * w), round(bottom * h)))


def jpeg(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


ALTERATIONS: dict[str, Callable[[Image.Image], Image.Image]] = {
    "mirror": lambda im: im.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
    "rot90": lambda im: im.transpose(Image.Transpose.ROTATE_90),
    "rot180": lambda im: im.transpose(Image.Transpose.ROTATE_180),
    "rot270": lambda im: im.transpose(Image.Transpose.ROTATE_270),
    "crop20-left": lambda im: crop(im, 0.2, 0, 1, 1),
    "crop20-right": lambda im: crop(im, 0, 0, 0.8, 1),
    "crop20-top": lambda im: crop(im, 0, 0.2, 1, 1),
    "crop20-bottom": lambda im: crop(im, 0, 0, 1, 0.8),
    "crop20-centred": lambda im: crop(im, 0.1, 0.1, 0.9, 0.9),
    "banner-over-top": lambda im: banner_over(im, top=True),
    "banner-over-bottom": lambda im: banner_over(im, top=False),
    "banner-added-top": lambda im: banner_added(im, top=True),
    "banner-added-bottom": lambda im: banner_added(im, top=False),
    "jpeg40": lambda im: jpeg(im, 40),
    "resize-half": lambda im: im.resize((im.width // 2, im.height // 2), Image.Resampling.BILINEAR),
}
