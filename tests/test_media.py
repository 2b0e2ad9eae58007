"""Photos: the safe decoder (limits, bombs, corrupt files, metadata stripped, orientation applied), and
the photos `huijia scan` keeps for the review (only those of queued posts, from inside the export)."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from huijia.analyse.pipeline import Analyser
from huijia.engines.scan import Scanner
from huijia.ingest.qq_mht import embedded_files
from huijia.media import Limits, MediaError, clean_image, decode_image
from huijia.media.pdq import MATCH_DISTANCE, PdqHash, pdq_hash
from huijia.store import connect
from huijia.store.sources import delete_source

from .conftest import DATA
from .photos import drawing, jpeg, offer_with_photos, png


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_the_clean_copy_keeps_the_pixels_upright_and_nothing_else() -> None:
    gps = ((28.0, 12.0, 36.0), "N", (112.0, 58.0, 12.0), "E")
    original = jpeg(orientation=6, make="SellerPhone", gps=gps)
    clean = clean_image(original)
    assert (clean.width, clean.height) == (48, 64)  # orientation 6: turned a quarter clockwise
    image = decoded(clean.data)
    assert image.size == (48, 64)
    assert image.getpixel((40, 5))[0] > 150  # the coloured corner went from top left to top right
    assert image.getpixel((5, 60)) == pytest.approx((255, 255, 255), abs=30)
    assert not image.getexif() and "exif" not in image.info and "icc_profile" not in image.info
    assert b"SellerPhone" not in clean.data and b"Exif" not in clean.data
    assert clean.gps == (28.21, 112.97)  # read out as a field, never kept inside the copy
    assert clean.mime == "image/jpeg" and clean.original_format == "JPEG"
    assert clean.sha256 != clean.data_sha256  # keyed by the original bytes: chain of custody


def test_gps_in_the_southern_and_western_hemispheres_is_negative() -> None:
    clean = clean_image(jpeg(gps=((33.0, 52.0, 4.0), "S", (151.0, 12.0, 36.0), "W")))
    assert clean.gps == pytest.approx((-33.867778, -151.21))


def test_transparent_and_palette_images_stay_png_and_large_ones_are_scaled_down() -> None:
    rgba = Image.new("RGBA", (3000, 1000), (255, 0, 0, 0))
    clean = clean_image(png(rgba))
    image = decoded(clean.data)
    assert clean.mime == "image/png" and image.mode == "RGBA"
    assert image.size == (2048, 683) and (clean.width, clean.height) == (3000, 1000)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares `width`×`height` pixels but carries almost no data: a decompression bomb."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def gif_frames(frames: int, size: int) -> bytes:
    out = io.BytesIO()
    images = [Image.new("RGB", (size, size), (i * 8 % 256, 0, 0)) for i in range(frames)]
    images[0].save(out, "GIF", save_all=True, append_images=images[1:])
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "limits", "reason"),
    [
        (b"", Limits(), "empty file"),
        (b"x" * 2048, Limits(max_bytes=1024), "over the 0.0 MB limit"),
        (png_header_only(100_000, 100_000), Limits(), "decompression bomb"),
        (png_header_only(8000, 8000), Limits(), "pixel limit"),
        (jpeg(drawing((400, 300))), Limits(max_pixels=100_000), "pixel limit"),
        (gif_frames(30, 100), Limits(max_frames_pixels=100_000), "animation limit"),
        (jpeg()[:300], Limits(), "corrupt or truncated"),
        (b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n", Limits(), "not an image"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', Limits(), "not an image"),
        ("这不是图片".encode() * 50, Limits(), "not an image"),
    ],
    ids=["empty", "too-big", "bomb", "over-pixels", "over-custom-pixels", "animation", "truncated", "eps",
         "svg", "text"],
)  # fmt: skip
def test_refused_images_get_a_reason_and_no_other_exception(data: bytes, limits: Limits, reason: str) -> None:
    with pytest.raises(MediaError, match=reason):
        clean_image(data, limits)


SEEDS = [jpeg(), png(drawing()), gif_frames(2, 16)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SEEDS), st.lists(st.tuples(st.integers(0, 4000), st.integers(0, 255)), max_size=8),
       st.integers(0, 4000))  # fmt: skip
def test_mutated_images_decode_cleanly_or_are_refused_cleanly(
    seed: bytes, flips: list[tuple[int, int]], cut: int
) -> None:
    data = bytearray(seed)
    for at, value in flips:
        if at < len(data):
            data[at] = value
    try:
        clean = clean_image(bytes(data[: max(cut, 1)] if cut < len(data) else data))
    except MediaError:
        return
    assert decoded(clean.data).size[0] > 0


def scanned(tmp_path: Path) -> tuple[str, Scanner, list[str]]:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    problems: list[str] = []
    scanner = Scanner(connect(url), Analyser(), "tester")
    scanner.scan([offer_with_photos(tmp_path / "export")], on_problem=lambda e: problems.append(e.describe()))
    return url, scanner, problems


def stored(url: str) -> list[tuple[str, str, int]]:
    with sa.create_engine(url).connect() as conn:
        return [
            tuple(row)
            for row in conn.execute(
                sa.text(
                    "SELECT m.text, mm.media_sha256, mm.position FROM message_media mm "
                    "JOIN messages m ON m.key = mm.message_key ORDER BY m.sent_at"
                )
            )
        ]


def test_scan_keeps_only_the_photos_the_review_needs_from_inside_the_export(tmp_path: Path) -> None:
    url, scanner, problems = scanned(tmp_path)
    baby = (tmp_path / "export/photos/baby.jpg").read_bytes()
    import hashlib

    assert stored(url) == [("", hashlib.sha256(baby).hexdigest(), 0)]  # the seller's photo after the offer
    media = scanner.stats.media
    assert (media.stored, media.linked, media.rejected, media.missing) == (1, 1, 1, 2)
    assert any("broken.jpg" in p and "corrupt or truncated" in p for p in problems), problems
    assert not any("secret" in p for p in problems)  # a path leaving the export is not even opened
    with sa.create_engine(url).connect() as conn:
        data, pdq, quality = conn.execute(sa.text("SELECT data, pdq, pdq_quality FROM media")).one()
    assert b"SellerPhone" not in data and not decoded(data).getexif()
    # the PDQ hash of the original picture, for finding it reposted; the clean copy hashes alike
    assert pdq == pdq_hash(decode_image(baby).image).hex and 0 <= quality <= 100
    assert PdqHash.from_hex(pdq).distance(pdq_hash(decoded(data))) <= MATCH_DISTANCE


def test_a_second_scan_adds_no_photo_and_deleting_the_source_removes_them(tmp_path: Path) -> None:
    url, _, _ = scanned(tmp_path)
    again = Scanner(connect(url), Analyser(), "tester")
    again.scan([tmp_path / "export/result.json"])
    assert again.stats.files_already == 1 and len(stored(url)) == 1
    with sa.create_engine(url).connect() as conn:
        sha = conn.execute(sa.text("SELECT sha256 FROM sources")).scalar_one()
    delete_source(connect(url), sha, "tester", "retention limit")
    with sa.create_engine(url).connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM media")).scalar_one() == 0
        assert conn.execute(sa.text("SELECT count(*) FROM message_media")).scalar_one() == 0


def mht_with_photo(path: Path, text: str, photo: bytes) -> Path:
    """A QQ .mht export whose one message is `text` followed by an embedded photo."""
    import base64

    html = (
        "<html><body><table>\r\n"
        "<tr><td><div style=padding-left:10px;><b>消息对象:宝宝送养群</b></div></td></tr>\r\n"
        "<tr><td style=color:#3568BB;>日期: 2024-05-01</td></tr>\r\n"
        "<tr><td><div style=color:#42B475;><div style=float:left;>湖南宝妈</div>10:00:00</div>"
        f"<div style=padding-left:20px;><font color='000000'>{text}</font>"
        '<IMG src="{AAAA-1}.dat"></div></td></tr>\r\n</table></body></html>'
    )
    body = base64.encodebytes(photo).decode("ascii")
    mime = (
        "From:<Save by Tencent MsgMgr>\r\nSubject:Tencent IM Message\r\nMIME-Version:1.0\r\n"
        'Content-Type:multipart/related;\r\n\tcharset="utf-8";\r\n\ttype="text/html";\r\n'
        '\tboundary="----=_NextPart_X"\r\n\r\n'
        "------=_NextPart_X\r\nContent-Type:text/html\r\nContent-Transfer-Encoding:7bit\r\n\r\n"
        f"{html}\r\n\r\n"
        "------=_NextPart_X\r\nContent-Type:image/jpeg\r\nContent-Transfer-Encoding:base64\r\n"
        f"Content-Location:{{AAAA-1}}.dat\r\n\r\n{body}\r\n------=_NextPart_X--\r\n"
    )
    path.write_bytes(mime.encode("utf-8"))
    return path


def test_photos_embedded_in_a_qq_mht_export_are_found_by_their_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader hands the embedded images over while it reads: the scan never opens the export again
    for the photos of its queued posts."""
    import hashlib

    from huijia.ingest.qq_mht import QQMhtReader

    def reopened(*args: object) -> object:
        raise AssertionError("the export was opened again for its photos")

    monkeypatch.setattr(QQMhtReader, "attachments", reopened)
    photo = jpeg()
    path = mht_with_photo(tmp_path / "group.mht", "男宝刚满两个月，营养费3万，有意私聊", photo)
    assert [d for d, _, _ in embedded_files(path, 10**6)] == [hashlib.sha256(photo).hexdigest()]
    assert [b for _, _, b in embedded_files(path, 10)] == [None]  # over the limit: hash only
    url = f"sqlite:///{tmp_path / 'h.db'}"
    scanner = Scanner(connect(url), Analyser(), "tester")
    scanner.scan([path])
    assert scanner.stats.flagged == 1
    assert [sha for _, sha, _ in stored(url)] == [hashlib.sha256(photo).hexdigest()]


def test_a_reader_hands_over_the_images_its_export_holds_inside_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The scan asks the export's reader for what the export embeds (Reader.attachments); it never
    switches on reader names, so a third-party reader's images are fetched the same way."""
    from huijia.engines.photos import photo_bytes
    from huijia.ingest import base
    from huijia.ingest.base import Attachments, AttachmentsWanted, Reader, ReadOptions, SourceFile
    from huijia.ingest.qq_mht import QQMhtReader
    from huijia.model import ImageRef

    mht = DATA / "qq-mht/group.mht"
    digests = [d for d, _type, data in embedded_files(mht, 10**7) if data is not None]
    held = QQMhtReader().attachments(mht, AttachmentsWanted(hashes=frozenset(digests[:1])), 10**7)
    assert list(held.by_hash) == digests[:1] and held.by_hash[digests[0]]
    assert QQMhtReader().attachments(mht, AttachmentsWanted(), 10**7) == Attachments()

    photo = png(drawing((32, 32)))

    class ArchiveReader(Reader):  # a reader from another package, with images inside its files
        name = "test-archive"
        description = "a test format"

        def sniff(self, head: bytes, path: Path) -> bool:
            return False

        def read(self, src: SourceFile, options: ReadOptions):  # type: ignore[no-untyped-def]
            return iter(())

        def attachments(self, path: Path, wanted: AttachmentsWanted, max_bytes: int) -> Attachments:
            return Attachments(by_name={name: photo for name in wanted.names if name == "inside.png"})

    monkeypatch.setitem(base._REGISTRY, "test-archive", ArchiveReader)
    refs = [
        ImageRef("k1", 0, "inside.png", None, "chat", "a", None, True),
        ImageRef("k2", 0, "elsewhere.png", None, "chat", "a", None, True),
    ]
    found = list(photo_bytes(DATA / "qq-mht" / "archive.bin", "test-archive", refs, Limits()))
    assert found == [(refs[0], photo, None), (refs[1], None, None)]  # the second: not in the export


def test_the_photos_a_review_needs_are_the_queued_posts_and_their_authors_photos_around_them() -> None:
    """The pure rule (huijia.link.photos): a queued post's own photos, and photo-only messages by the
    same author in the same chat within ten minutes; not another author's, not a later chat line's."""
    from huijia.link.photos import photos_wanted
    from huijia.model import ImageRef, QueuedPost

    def ref(key: str, author: str, at: str, photo_only: bool = True) -> ImageRef:
        return ImageRef(key, 0, f"{key}.jpg", None, "群", author, at, photo_only)

    offer = QueuedPost("offer", "群", "卖家", "2024-05-01T10:00:00+08:00")
    refs = [
        ref("offer", "卖家", "2024-05-01T10:00:00+08:00", photo_only=False),  # the post's own photo
        ref("after", "卖家", "2024-05-01T10:04:00+08:00"),  # the baby's photo, sent just after
        ref("late", "卖家", "2024-05-01T10:30:00+08:00"),  # too late to go with it
        ref("other", "路人", "2024-05-01T10:01:00+08:00"),  # someone else's
        ref("worded", "卖家", "2024-05-01T10:02:00+08:00", photo_only=False),  # a message of its own
    ]
    assert [r.message_key for r in photos_wanted(refs, [offer])] == ["offer", "after"]
    assert photos_wanted(refs, []) == []
