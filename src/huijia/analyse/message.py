"""The one rule for what is analysed, used by `huijia analyse`, `huijia scan` and `huijia reanalyse`:

- the platform's own notices (joins, recalls, system lines) are not posts: no finding;
- a message is analysed on its first `MAX_CHARS` characters (offsets stay valid), with its sender's
  display name, which may say who posts (…中介…);
- a message that breaks the analyser gets a finding with an `error` field, and the caller is told what
  kind of failure it was (never the text), so one bad message costs nothing else.
"""

from __future__ import annotations

from collections.abc import Callable

from huijia.analyse.pipeline import Analyser
from huijia.model import PLATFORM_KINDS, Finding, Message

MAX_CHARS = 20_000  # longer messages are analysed on their first 20,000 characters


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
    post = text[:MAX_CHARS]  # one object for both calls: `priced` reuses the fold `analyse_gated` made
    try:
        found = analyser.analyse_gated(post, message_id, sent_at, author_name)
        if found is None and priced:
            return analyser.priced(post, message_id)
        return found
    except Exception as exc:
        on_error(f"analysis failed ({type(exc).__name__}); written with an error field")
        return Finding(
            message_id, "none", 0.0, analyser.version, error=f"analysis failed: {type(exc).__name__}"
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
