"""Photos the tests draw themselves (no real child) and a Telegram export folder that carries them."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from PIL import ExifTags, Image, ImageDraw


def drawing(size: tuple[int, int] = (64, 48), colour: tuple[int, int, int] = (200, 60, 60)) -> Image.Image:
    """A picture whose top-left quarter is `colour` and the rest white, so orientation can be checked."""
    image = Image.new("RGB", size, (255, 255, 255))
    ImageDraw.Draw(image).rectangle((0, 0, size[0] // 2 - 1, size[1] // 2 - 1), fill=colour)
    return image


def jpeg(
    image: Image.Image | None = None,
    orientation: int | None = None,
    gps: tuple[tuple[float, float, float], str, tuple[float, float, float], str] | None = None,
    make: str | None = None,
) -> bytes:
    exif = Image.Exif()
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    if make is not None:
        exif[ExifTags.Base.Make] = make
    if gps is not None:
        lat, lat_ref, lon, lon_ref = gps
        exif[ExifTags.IFD.GPSInfo] = {
            ExifTags.GPS.GPSLatitudeRef: lat_ref,
            ExifTags.GPS.GPSLatitude: lat,
            ExifTags.GPS.GPSLongitudeRef: lon_ref,
            ExifTags.GPS.GPSLongitude: lon,
        }
    out = io.BytesIO()
    (image or drawing()).save(out, "JPEG", quality=95, exif=exif)
    return out.getvalue()


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def telegram_export(folder: Path, messages: list[dict[str, Any]], files: dict[str, bytes]) -> Path:
    """A Telegram Desktop single-chat export: result.json plus the media files beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    records = []
    for i, m in enumerate(messages):
        record = {"id": 100 + i, "type": "message", "date": m["date"], "from": m["from"],
                  "from_id": m["from_id"], "text": m.get("text", "")}  # fmt: skip
        if "photo" in m:
            record["photo"] = m["photo"]
        records.append(record)
    doc = {"name": "宝宝送养", "type": "private_group", "id": 77, "messages": records}
    path = folder / "result.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


NOT_INCLUDED = "(File not included. Change data exporting settings to download.)"
HENGYANG = ((28.0, 12.0, 0.0), "N", (112.0, 58.0, 0.0), "E")
OFFER = "本人广西的，女宝刚满两个月，营养费3万，有意私聊"


def offer_with_photos(folder: Path) -> Path:
    """An offer, then its author's photo a minute later (kept), a bystander's photo (not kept), the
    author's photo two hours later (not kept), a corrupt photo, a missing one and a path leaving the
    export (all three near the offer)."""
    seller = {"from": "湖南宝妈", "from_id": "user1"}
    other = {"from": "路人", "from_id": "user2"}
    return telegram_export(
        folder,
        [
            {"date": "2024-06-01T10:00:00", **seller, "text": OFFER},
            {"date": "2024-06-01T10:01:00", **seller, "photo": "photos/baby.jpg"},
            {"date": "2024-06-01T10:01:30", **other, "photo": "photos/cat.jpg"},
            {"date": "2024-06-01T12:00:00", **seller, "photo": "photos/later.jpg"},
            {"date": "2024-06-01T10:02:00", **seller, "photo": "photos/broken.jpg"},
            {"date": "2024-06-01T10:03:00", **seller, "photo": NOT_INCLUDED},
            {"date": "2024-06-01T10:04:00", **seller, "photo": "../secret.jpg"},
        ],
        {
            "photos/baby.jpg": jpeg(make="SellerPhone", gps=HENGYANG),
            "photos/cat.jpg": jpeg(drawing(colour=(10, 10, 200))),
            "photos/later.jpg": jpeg(drawing(colour=(10, 200, 10))),
            "photos/broken.jpg": jpeg()[:200],
            "../secret.jpg": jpeg(drawing(colour=(1, 2, 3))),
        },
    )
