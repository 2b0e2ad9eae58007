"""A photo's fingerprint for finding the same picture reposted: PDQ, its dihedral variants, and PDQ
hashes of a few sub-windows that survive cropping and banners (pure: a PIL image in, values out).

Dihedral variants (mirror, flips, rotations by 90°, 180°, 270°): transposing the photo transposes
PDQ's 16×16 DCT exactly, so four variants cost nothing. Mirroring would in theory only negate the
columns of odd horizontal frequency (the cosine basis is antisymmetric for odd k), and flipping the rows
of odd vertical frequency — one DCT for all eight; but PDQ's tent filter and sampling grid are not
mirror-symmetric, and on real photos that sign trick misses the mirrored photo's hash by up to 28 bits,
which cost 4–10 % recall at distance 31. So the mirrored, flipped and half-turned photos are sampled
again (`dihedral_coefficients`); all eight variants then equal `pdq_hash` of the transformed photo bit
for bit (the tests check it). `sign_trick_coefficients` keeps the one-DCT version for comparison.

Crop tolerance: PDQ squeezes the whole picture into 64×64, so cutting 20 % off one side stretches what
remains by 25 % and moves most bits. Each photo therefore also keeps the PDQ hashes of six windows:
the whole picture, the picture less 20 % at the left, right, top or bottom, and the central 80 % of each
side. A copy cut by 20 % at one side shows, whole, what the original's matching window shows; a copy
centred-cropped shows the original's central window; a banner laid over the top or bottom 15 % leaves
the window without that 20 % of both the same. Banners added ABOVE or BELOW the picture (the canvas
grows) are taken off first: rows at the top or bottom that are nearly one flat colour with a little
text are trimmed before hashing (`trim_banners`), and the picture less a strip of 8, 12 or 16 % at the
top or the bottom is hashed too, for banners the trim cannot find (`_without_strips`). The windows are
hashed from a copy whose long side is at most `WINDOW_SIDE` pixels (PDQ samples to 64×64 anyway), so
they cost about as much as one hash.

Size: a photo whose long side is over `PRINT_SIDE` pixels is first reduced to it (box filter), since the
four samplings of a phone camera's 8-megapixel photo took 2.7 s and of the reduced one 0.2 s. PDQ's own
filter is a box filter too, so the print's hash moves a few bits from `pdq_hash` of the full photo (4 of
256 on scikit-image's astronaut at 1600×1200 and 3264×2448), well inside the match distance; the store's
`media.pdq` column keeps the reference hash of the full photo.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from huijia.media.pdq import PdqHash, bits_of, block_quality, dct_16, luminance, sample_64

# the dihedral group in a fixed order; each name is a PIL transpose (None: the photo as it is)
DIHEDRAL: tuple[tuple[str, Image.Transpose | None], ...] = (
    ("original", None),
    ("mirror", Image.Transpose.FLIP_LEFT_RIGHT),
    ("flip", Image.Transpose.FLIP_TOP_BOTTOM),
    ("rot180", Image.Transpose.ROTATE_180),
    ("transpose", Image.Transpose.TRANSPOSE),
    ("transverse", Image.Transpose.TRANSVERSE),
    ("rot90", Image.Transpose.ROTATE_90),  # PIL's: 90° counter-clockwise
    ("rot270", Image.Transpose.ROTATE_270),
)
# (left, top, right, bottom) as fractions of the picture; see the module docstring
WINDOWS: tuple[tuple[float, float, float, float], ...] = (
    (0.0, 0.0, 1.0, 1.0),
    (0.2, 0.0, 1.0, 1.0),
    (0.0, 0.0, 0.8, 1.0),
    (0.0, 0.2, 1.0, 1.0),
    (0.0, 0.0, 1.0, 0.8),
    (0.1, 0.1, 0.9, 0.9),
)
WINDOW_SIDE = 256
STRIPS = (0.08, 0.12, 0.16)  # shares of the height an added banner may take (see _without_strips)
PRINT_SIDE = 1024  # larger photos are reduced to this long side before the print (see the docstring)
QUALITY_FLOOR = 50  # PDQ's own advice: a hash below this quality is weak evidence (a flat picture)
ODD = np.arange(1, 17) % 2 == 1  # which of the 16 frequencies (1..16) are odd: those change sign


def dihedral_coefficients(luma: np.ndarray, block: np.ndarray | None = None) -> list[np.ndarray]:
    """The 16×16 DCT coefficients of the photo under each transform in `DIHEDRAL`.

    Transposing the photo transposes the coefficients exactly, so the four transposed variants cost
    nothing. The flips would in theory only change signs (see the module docstring), but PDQ's tent
    filter splits an even window unevenly and its sampling grid is not centred, so the sign trick
    misses the hash of the actually mirrored photo by up to 28 bits of 256 (measured on scikit-image's
    and other real photos), which costs recall; the mirrored, flipped and half-turned photos are
    therefore sampled again (three more 64×64 samplings) and then agree bit for bit.
    """
    plain = dct_16(sample_64(luma) if block is None else block)  # `block`: sample_64(luma), if made
    mirror = dct_16(sample_64(luma[:, ::-1]))
    flip = dct_16(sample_64(luma[::-1, :]))
    rot180 = dct_16(sample_64(luma[::-1, ::-1]))
    return [plain, mirror, flip, rot180, plain.T, rot180.T, mirror.T, flip.T]


def sign_trick_coefficients(coefficients: np.ndarray) -> list[np.ndarray]:
    """The dihedral variants from ONE DCT by the sign rule alone (approximate; see
    `dihedral_coefficients`): kept to measure how far it is off."""
    sign = np.where(ODD, -1.0, 1.0)
    mirror = coefficients * sign[None, :]
    flip = coefficients * sign[:, None]
    rot180 = mirror * sign[:, None]
    return [coefficients, mirror, flip, rot180, coefficients.T, rot180.T, mirror.T, flip.T]


@dataclass(frozen=True, slots=True)
class PhotoPrint:
    """What the store keeps to find a photo again: the PDQ hash of the whole photo (`pdq`, as
    `pdq_hash` gives it), its eight dihedral variants (`dihedral[0]` is `pdq` itself) and the hashes of
    the `WINDOWS` of the photo (banners trimmed) that are good enough to use (quality ≥ QUALITY_FLOOR).
    Serialised as hex: see `to_text` / `from_text`."""

    pdq: PdqHash
    dihedral: tuple[PdqHash, ...]
    windows: tuple[PdqHash, ...]

    @property
    def quality(self) -> int:
        return self.pdq.quality

    @property
    def usable(self) -> bool:
        """Whether the whole-photo hash may link photos on its own (flat pictures may not)."""
        return self.pdq.quality >= QUALITY_FLOOR

    def to_text(self) -> str:
        """`quality:pdq,variant1,…,variant7;window1,…` — hex, 64 digits each; windows as
        `quality/hex`."""
        variants = ",".join(h.hex for h in self.dihedral)
        windows = ",".join(f"{h.quality}/{h.hex}" for h in self.windows)
        return f"{self.pdq.quality}:{variants};{windows}"

    @classmethod
    def from_text(cls, text: str) -> PhotoPrint:
        try:
            head, windows_text = text.split(";")
            quality_text, variants_text = head.split(":")
            quality = int(quality_text)
            variants = tuple(PdqHash.from_hex(h, quality) for h in variants_text.split(","))
            windows = tuple(
                PdqHash.from_hex(h, int(q)) for q, h in (w.split("/") for w in windows_text.split(",") if w)
            )
        except ValueError as exc:
            raise ValueError(f"not a photo print: {text[:80]!r}") from exc
        if len(variants) != len(DIHEDRAL):
            raise ValueError(f"a photo print has {len(DIHEDRAL)} dihedral hashes")
        return cls(variants[0], variants, windows)


def trim_banners(luma: np.ndarray, max_share: float = 0.3) -> np.ndarray:
    """The luminance without a banner strip (a flat background with some text) at the top or bottom.

    From each edge, rows are followed while at least 20 % of their pixels lie within 12 grey levels of
    the edge row's level (text rarely covers more of a banner's row), provided the edge row itself is
    ≥ 90 % that level (a banner's margin is clean); the banner ends after the last clean row (≥ 90 %)
    of that run, and is cut when it covers 4 %–`max_share` of the height. A photo's own sky or floor
    may be cut as well: harmless, as the windows of the untrimmed photo are kept too.
    """
    rows = luma.shape[0]
    low, high = max(1, int(0.04 * rows)), int(max_share * rows)

    def run(order: np.ndarray) -> int:
        edge = luma[order[0]]
        level = float(np.median(edge))
        share = np.mean(np.abs(luma[order[: high + 2]] - level) <= 12, axis=1)
        if share[0] < 0.9:
            return 0
        off = np.flatnonzero(share < 0.2)
        end = int(off[0]) if off.size else share.size
        length = int(np.flatnonzero(share[:end] >= 0.9)[-1]) + 1
        return length if low <= length <= high else 0

    top, bottom = run(np.arange(rows)), run(np.arange(rows)[::-1])
    return luma[top : rows - bottom]


def _window_hashes(luma: np.ndarray) -> list[PdqHash]:
    rows, cols = luma.shape
    out = []
    for left, top, right, bottom in WINDOWS:
        part = luma[round(top * rows) : round(bottom * rows), round(left * cols) : round(right * cols)]
        block = sample_64(part)
        out.append(PdqHash(bits_of(dct_16(block)), block_quality(block)))
    return out


def _without_strips(luma: np.ndarray) -> list[PdqHash]:
    """The whole picture less a strip of each of `STRIPS` at the top, and at the bottom: where a banner
    added above or below the photo took the place `trim_banners` could not find (the photo's own edge the
    banner's colour), one of these is the photo again."""
    rows = luma.shape[0]
    out = []
    for share in STRIPS:
        cut = round(share * rows)
        for part in (luma[cut:], luma[: rows - cut]):
            block = sample_64(part)
            out.append(PdqHash(bits_of(dct_16(block)), block_quality(block)))
    return out


def photo_print(image: Image.Image) -> PhotoPrint:
    """The photo's fingerprint (see the module docstring). `image` as decoded, EXIF orientation applied
    or not — the dihedral variants cover either."""
    if max(image.size) > PRINT_SIDE:
        image = image.copy()
        image.thumbnail((PRINT_SIDE, PRINT_SIDE), Image.Resampling.BOX)
    luma = luminance(image)
    block = sample_64(luma)
    coefficients = dihedral_coefficients(luma, block)
    quality = block_quality(block)
    variants = tuple(PdqHash(bits_of(c), quality) for c in coefficients)
    small = image.convert("RGB")
    if max(small.size) > WINDOW_SIDE:
        small.thumbnail((WINDOW_SIDE, WINDOW_SIDE), Image.Resampling.BOX)
    luma = luminance(small)
    trimmed = trim_banners(luma)
    windows = _window_hashes(luma) + _without_strips(luma)
    if trimmed.shape != luma.shape:
        windows += _window_hashes(trimmed)
    good = tuple(h for h in windows if h.quality >= QUALITY_FLOOR)
    return PhotoPrint(variants[0], variants, good)
