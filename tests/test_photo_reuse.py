"""Photo reuse on real photos (scikit-image's): every alteration a reposter makes still links the copy
to the original, different photos never link, flat pictures never link, and the index finds what a
brute-force scan finds."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
import skimage.data as skimage_data
from PIL import Image

from huijia.link.photo_reuse import MultiIndex, PostedPhoto, find_photo_reuse
from huijia.media.pdq import dct_16, luminance, pdq_hash, sample_64
from huijia.media.photoprint import DIHEDRAL, PhotoPrint, photo_print, sign_trick_coefficients
from tests.photo_alterations import ALTERATIONS

PHOTOS = ["astronaut", "coffee", "chelsea", "rocket", "camera"]
OTHERS = ["brick", "coins", "grass", "gravel", "hubble_deep_field", "moon", "retina", "immunohistochemistry"]


@cache
def photo(name: str) -> Image.Image:
    pixels = np.asarray(getattr(skimage_data, name)())
    if pixels.ndim == 2:
        pixels = np.stack([pixels] * 3, axis=-1)
    return Image.fromarray(pixels.astype(np.uint8))


@cache
def fingerprint(name: str) -> PhotoPrint:
    return photo_print(photo(name))


def posted(message_id: str, author: str, print_: PhotoPrint, channel: str = "群1") -> PostedPhoto:
    return PostedPhoto(message_id, author, channel, print_)


@pytest.mark.parametrize("name", ["chelsea", "rocket"])
def test_each_dihedral_variant_is_the_hash_of_the_transformed_photo(name: str) -> None:
    print_ = fingerprint(name)
    for (transform, op), variant in zip(DIHEDRAL, print_.dihedral, strict=True):
        actual = pdq_hash(photo(name) if op is None else photo(name).transpose(op))
        assert variant.hex == actual.hex, transform
    assert print_.pdq.hex == pdq_hash(photo(name)).hex


def test_the_one_dct_sign_trick_is_exact_for_transposes_and_close_for_flips() -> None:
    """Why the flips are resampled: from one DCT they come out a little off (see photoprint)."""
    exact = fingerprint("chelsea").dihedral
    tricked = sign_trick_coefficients(dct_16(sample_64(luminance(photo("chelsea")))))
    distances = [
        int(np.count_nonzero(e.bits != (t > np.median(t)).flatten()))
        for e, t in zip(exact, tricked, strict=True)
    ]
    assert distances[0] == distances[4] == 0  # the photo and its transpose
    assert all(d <= 31 for d in distances)


@pytest.mark.parametrize("alteration", sorted(ALTERATIONS))
def test_each_alteration_links_the_copy_to_the_original(alteration: str) -> None:
    for name in PHOTOS:
        copy = photo_print(ALTERATIONS[alteration](photo(name)))
        found = find_photo_reuse([posted("m1", "qq:1", fingerprint(name)), posted("m2", "wxid:b", copy)])
        assert [g.messages for g in found] == [("m1", "m2")], (name, alteration)
        assert found[0].authors == ("qq:1", "wxid:b")


def test_different_photos_and_their_copies_never_link_across() -> None:
    photos = []
    for name in PHOTOS + OTHERS:
        photos.append(posted(f"{name}:0", f"author-{name}-0", fingerprint(name)))
        if name in PHOTOS:
            for n, alteration in enumerate(["mirror", "rot90", "crop20-left", "banner-added-bottom"]):
                copy = photo_print(ALTERATIONS[alteration](photo(name)))
                photos.append(posted(f"{name}:{n + 1}", f"author-{name}-{n + 1}", copy))
    found = find_photo_reuse(photos)
    assert sorted({m.split(":")[0] for g in found for m in g.messages}) == sorted(PHOTOS)
    for group in found:
        assert len({m.split(":")[0] for m in group.messages}) == 1, group
        assert len(group.messages) == 5


def test_groups_need_two_authors_and_are_described() -> None:
    original, mirrored = fingerprint("coffee"), photo_print(ALTERATIONS["mirror"](photo("coffee")))
    assert find_photo_reuse([posted("m1", "qq:1", original), posted("m2", "qq:1", mirrored)]) == []
    cropped = photo_print(ALTERATIONS["crop20-left"](photo("coffee")))
    records = [
        posted("m2", "qq:2", mirrored),
        posted("m1", "qq:1", original),
        posted("m3", "qq:3", cropped, "群2"),
    ]
    [group] = find_photo_reuse(records)
    assert group.messages == ("m1", "m2", "m3") and group.authors == ("qq:1", "qq:2", "qq:3")
    assert group.channels == ("群1", "群2")
    assert group.signal == "crop" and isinstance(group.distance, int) and group.distance > 31
    assert group.id.startswith("photo:") and find_photo_reuse(records[::-1])[0].id == group.id
    [pdq_only] = find_photo_reuse(records[:2])
    assert pdq_only.signal == "pdq" and pdq_only.distance <= 31


def test_flat_pictures_do_not_link() -> None:
    grey = Image.new("RGB", (400, 300), (128, 128, 128))
    noisy = np.asarray(grey, dtype=np.int16) + np.random.default_rng(1).integers(-2, 3, (300, 400, 3))
    prints = [photo_print(grey), photo_print(Image.fromarray(noisy.clip(0, 255).astype(np.uint8)))]
    assert all(p.quality < 50 and not p.usable and p.windows == () for p in prints)
    assert find_photo_reuse([posted("m1", "a", prints[0]), posted("m2", "b", prints[1])]) == []


def test_the_print_survives_its_text_form() -> None:
    print_ = photo_print(ALTERATIONS["banner-added-top"](photo("astronaut")))
    again = PhotoPrint.from_text(print_.to_text())
    assert again.to_text() == print_.to_text() and again.quality == print_.quality
    assert [w.hex for w in again.windows] == [w.hex for w in print_.windows]
    with pytest.raises(ValueError, match="photo print"):
        PhotoPrint.from_text("100:abc;")


def test_the_multi_index_finds_what_a_full_scan_finds() -> None:
    rng = np.random.default_rng(7)
    stored = rng.integers(0, 2, (3000, 256)).astype(bool)
    index = MultiIndex()
    for i, bits in enumerate(stored):
        index.add(i, bits)
    for k in (0, 5, 17, 31, 40):
        query = stored[k * 10].copy()
        query[rng.choice(256, size=k, replace=False)] ^= True
        expected = {int(i) for i in np.flatnonzero(np.count_nonzero(stored != query, axis=1) <= 31)}
        assert {owner for owner, _ in index.near(query, 31)} == expected
        assert (k * 10 in expected) == (k <= 31)


def test_a_group_names_the_files_that_matched_not_the_other_photos_of_the_same_post() -> None:
    """A post may carry several photos: the group (and the bank form built from it) names the reused one."""
    offer = [
        PostedPhoto("m1", "broker", "群A", photo_print(photo("astronaut")), "sha-astronaut"),
        PostedPhoto("m1", "broker", "群A", photo_print(photo("coffee")), "sha-coffee"),
    ]
    repost = PostedPhoto(
        "m2", "copier", "群B", photo_print(ALTERATIONS["mirror"](photo("astronaut"))), "sha-mirror"
    )
    (group,) = find_photo_reuse([*offer, repost])
    assert group.media == ("sha-astronaut", "sha-mirror") and group.messages == ("m1", "m2")
