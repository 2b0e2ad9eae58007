"""Bidirectional control characters made harmless for display.

An author name ending in U+202E (RIGHT-TO-LEFT OVERRIDE) turns what follows it around on screen:
`telegram:user97361` shows as `16379resu:margelet`, `gpj.exe` as `exe.jpg`. Evidence shown to a
reviewer, or written into a referral, must read as it was written, so each such control is replaced by
a visible marker naming it (`⟦U+202E⟧`): the reader sees that it was there, and it steers nothing.
Pure: the web pages use it, and so can the referral's PDF and CSV.
"""

from __future__ import annotations

BIDI_CONTROLS = frozenset(
    (
        "\u061c",  # ARABIC LETTER MARK
        "\u200e",  # LEFT-TO-RIGHT MARK
        "\u200f",  # RIGHT-TO-LEFT MARK
        *(chr(c) for c in range(0x202A, 0x202F)),  # LRE, RLE, PDF, LRO, RLO
        *(chr(c) for c in range(0x2066, 0x206A)),  # LRI, RLI, FSI, PDI
    )
)
_TABLE = {ord(c): f"⟦U+{ord(c):04X}⟧" for c in BIDI_CONTROLS}


def neutralise_bidi(text: str) -> str:
    """`text` with every bidirectional control replaced by a visible marker such as `⟦U+202E⟧`."""
    return text.translate(_TABLE)


def has_bidi_controls(text: str) -> bool:
    return any(c in BIDI_CONTROLS for c in text)
