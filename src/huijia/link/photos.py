"""Which photos of a scanned export the review needs (pure: values in, values out).

Those attached to a message that reached the review queue (a flagged post or a missing-child notice),
and photo-only messages the same author sent in the same chat within `PHOTOS_NEAR` of one — the usual pattern
is a text offer followed by the baby's photo. Every other photo in the export stays where it is: no more
children's pictures are copied than the review needs.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from huijia.model import PHOTOS_NEAR, ImageRef, QueuedPost, sent_time


def photos_wanted(refs: Iterable[ImageRef], queued: Iterable[QueuedPost]) -> list[ImageRef]:
    """The refs whose photo the review needs, in their order (see the module docstring)."""
    queued = list(queued)
    queued_keys = {post.key for post in queued}
    anchors: dict[tuple[str | None, str | None], list[datetime]] = {}
    for post in queued:
        when = sent_time(post.sent_at)
        if when is not None:
            anchors.setdefault((post.channel, post.author), []).append(when)
    chosen = []
    for ref in refs:
        if ref.message_key in queued_keys:
            chosen.append(ref)
            continue
        when = sent_time(ref.sent_at)
        near = anchors.get((ref.channel, ref.author), [])
        if ref.photo_only and when is not None and any(abs(when - t) <= PHOTOS_NEAR for t in near):
            chosen.append(ref)
    return chosen
