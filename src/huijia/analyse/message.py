"""The one rule for what is analysed, used by `huijia analyse`, `huijia scan` and `huijia reanalyse`:

- the platform's own notices (joins, recalls, system lines) are not posts: no finding;
- a message is analysed in readings of `MAX_CHARS` characters, with its sender's display name, which may
  say who posts (…中介…). A longer one (a forum page crawled whole, a pasted thread) is read in windows
  that overlap by `WINDOW_OVERLAP`, so that a post of up to that length lies whole inside one, and the
  window with the highest risk gives the finding, its offsets those of the whole message. Past
  `MAX_WINDOWS` windows the rest is not read, and the caller is told so;
- a message that breaks the analyser gets a finding with an `error` field, and the caller is told what
  kind of failure it was (never the text), so one bad message costs nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from huijia.analyse.pipeline import Analyser
from huijia.model import PLATFORM_KINDS, Finding, Message

MAX_CHARS = 20_000  # the characters of one reading
WINDOW_OVERLAP = 2_000  # what two windows of a longer message share
MAX_WINDOWS = 50  # about a million characters; the rest of a longer message is not read


def analyse_post(
    analyser: Analyser,
    kind: str,
    text: str,
    message_id: str,
    sent_at: str | None,
    author_name: str | None,
    on_error: Callable[[str], None],
    priced: bool = False,
) -> Finding | None:
    """The finding of one message by the rule above; None for a platform notice or a message the gate
    lets through untouched (`none` at the fixed risk). With `priced`, a message the gate turns away that
    states a sum gets a `none` finding with that price (`Analyser.priced`: what `huijia analyse` writes;
    the store keeps no row for it)."""
    if kind in PLATFORM_KINDS:
        return None
    if len(text) <= MAX_CHARS:
        return _read(analyser, text, message_id, sent_at, author_name, on_error, priced)
    best: Finding | None = None
    for n, start in enumerate(range(0, len(text) - WINDOW_OVERLAP, MAX_CHARS - WINDOW_OVERLAP)):
        if n == MAX_WINDOWS:
            on_error(f"analysed on its first {start + WINDOW_OVERLAP:,} of {len(text):,} characters only")
            break
        window = text[start : start + MAX_CHARS]
        found = _read(analyser, window, message_id, sent_at, author_name, on_error, priced)
        if found is not None and (best is None or found.risk > best.risk):
            best = shifted(found, start)
    return best


def _read(
    analyser: Analyser,
    post: str,
    message_id: str,
    sent_at: str | None,
    author_name: str | None,
    on_error: Callable[[str], None],
    priced: bool,
) -> Finding | None:
    """One reading of at most `MAX_CHARS` characters; a failure is contained in an error field."""
    try:
        # the same string object for both calls: `priced` reuses the fold `analyse_gated` made
        found = analyser.analyse_gated(post, message_id, sent_at, author_name)
        if found is None and priced:
            return analyser.priced(post, message_id)
        return found
    except Exception as exc:
        on_error(f"analysis failed ({type(exc).__name__}); written with an error field")
        return Finding(
            message_id, "none", 0.0, analyser.version, error=f"analysis failed: {type(exc).__name__}"
        )


def shifted(found: Finding, offset: int) -> Finding:
    """A window's finding with every offset moved to where the window starts in the whole message."""
    if not offset:
        return found

    def moved(span: tuple[int, int] | None) -> tuple[int, int] | None:
        return None if span is None else (span[0] + offset, span[1] + offset)

    return replace(
        found,
        evidence=tuple(replace(s, start=s.start + offset, end=s.end + offset) for s in found.evidence),
        price=None if found.price is None else replace(found.price, span=moved(found.price.span)),
        places=tuple(replace(p, span=moved(p.span)) for p in found.places),
        contacts=tuple(replace(c, span=moved(c.span)) for c in found.contacts),
    )


def analyse_message(
    analyser: Analyser, message: Message, on_error: Callable[[Message, str], None], priced: bool = False
) -> Finding | None:
    """`analyse_post` for a message as a reader gives it; `on_error` gets the message to say where."""
    author = message.author.name if message.author is not None else None
    return analyse_post(
        analyser, message.kind, message.text, message.id, message.sent_at, author,
        lambda what: on_error(message, what), priced,
    )  # fmt: skip
