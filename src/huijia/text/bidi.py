"""Bidirectional controls made harmless for display.

A right-to-left override (U+202E) in an author name reverses what follows it on screen and on paper:
`telegram:user97361` reads `16379resu:margelet`, `gpj.exe` reads `exe.jpg`. Wherever user text is shown —
the review desk's pages, the referral PDF, CSV exports — each control that reorders text is replaced by a
visible marker naming it (`[U+202E]`, plain ASCII so that every font prints it): the reader sees the text
in its stored order and that someone tried to reorder it. The stored evidence keeps the characters.
"""

from __future__ import annotations

import re

# embeddings and overrides (LRE RLE PDF LRO RLO), isolates (LRI RLI FSI PDI), marks (LRM RLM ALM)
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_CONTROLS = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")


# invisible in a name or handle: zero-width space, non-joiner, joiner, word joiner, BOM, soft hyphen,
# Mongolian vowel separator, Hangul and halfwidth fillers, Braille blank, and the tag characters that can
# hide a whole ASCII string
_HIDDEN = re.compile(
    "[\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u3164\u115f\u1160\uffa0\u2800\U000e0000-\U000e007f]"
)


def neutralise_hidden(text: str) -> str:
    """`text` with each character that shows as nothing replaced by a visible `[U+200B]`: for names and
    handles, whose exact value is evidence (in a message body a joiner may be part of an emoji)."""
    return _HIDDEN.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def neutralise_bidi(text: str) -> str:
    """`text` with each bidirectional control replaced by a visible `[U+202E]`."""
    return _CONTROLS.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)
