"""Serving a stored photo: only its clean copy, every view audited, never cached or sniffed."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.responses import Response
from sqlalchemy.engine import Connection, Engine
from starlette.status import HTTP_404_NOT_FOUND

from huijia.store import audit

PHOTO_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'",
    "Cross-Origin-Resource-Policy": "same-origin",
}

Fetch = Callable[[Connection, str], tuple[str, bytes, list[str]] | None]


def audited_photo(
    engine: Engine, username: str, sha256: str, fetch: Fetch, action: str, owners: str
) -> Response:
    """The photo `fetch` finds for this SHA-256 (mime, bytes, the records it belongs to), or 404; the
    view is audited under `action` with the records named under `owners`."""
    found = None
    if len(sha256) == 64 and all(c in "0123456789abcdef" for c in sha256):
        with engine.connect() as conn:
            found = fetch(conn, sha256)
    if found is None:
        return Response("not found", status_code=HTTP_404_NOT_FOUND)
    mime, data, records = found
    with engine.begin() as conn:
        audit.append(conn, username, action, sha256, {owners: records})
    return Response(data, media_type=mime, headers=PHOTO_HEADERS)
