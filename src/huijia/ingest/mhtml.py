"""The page inside a file a browser saved as one ("Save as: Webpage, Single File": Chrome's and Edge's
.mhtml, IE's .mht): a MIME multipart/related document whose first text/html part is the page, followed
(or preceded) by the page's images and styles as parts of their own.

Read as a stream, line by line: only the HTML part is kept (up to a limit), so a saved thread with many
megabytes of images costs no more memory than the page itself. QQ's .mht export is MIME too; its own
marks in the document's headers tell it apart (`qq_mht` reads it).
"""

from __future__ import annotations

import base64
import binascii
import email.parser
import email.policy
import io
import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from typing import BinaryIO

QQ_MARKS = (b"tencent msgmgr", b"tencent im message")
STARTS = (b"from:", b"mime-version:", b"content-type:", b"snapshot-content-location:", b"subject:", b"date:")
# the address of a thread page, which a saved page keeps in its headers
FORUM_ADDRESS = re.compile(
    r"tieba\.baidu\.com/p/|forum\.php\?mod=viewthread|viewthread\.php|/thread-\d+-\d+-\d+\.html", re.I
)
LINE_LIMIT = 1 << 20
HEADER_LINES = 256


@dataclass(frozen=True, slots=True)
class SavedPage:
    """The page of a saved file: its HTML (transfer encoding undone), the charset its part declares, the
    address it was saved from, and what went wrong reading it (cut short, base64 broken), if anything."""

    html: bytes
    charset: str | None
    address: str | None
    problem: str | None = None
    too_large: bool = False


def header_block(head: bytes) -> bytes:
    """The document's own headers: everything before the first blank line."""
    for blank in (b"\r\n\r\n", b"\n\n"):
        at = head.find(blank)
        if at >= 0:
            return head[:at]
    return head[:8192]


def is_mhtml(head: bytes) -> bool:
    """True for a page a browser saved as one file; QQ's .mht export (its marks in the headers) is not."""
    block = header_block(head).lower()
    return (
        block.lstrip().startswith(STARTS)
        and b"multipart/related" in block
        and not any(mark in block for mark in QQ_MARKS)
    )


def _lines(fh: BinaryIO) -> Iterator[bytes]:
    while line := fh.readline(LINE_LIMIT):
        yield line


def _headers(fh: BinaryIO) -> Message:
    lines = []
    for line in _lines(fh):
        if not line.strip():
            break
        lines.append(line)
        if len(lines) >= HEADER_LINES:
            break
    return email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(b"".join(lines))


def _decoded(body: bytes, transfer: str) -> tuple[bytes, str | None]:
    if transfer == "quoted-printable":
        return quopri.decodestring(body), None
    if transfer == "base64":
        compact = b"".join(body.split())
        try:
            return base64.b64decode(compact, validate=False), None
        except (binascii.Error, ValueError):
            whole = compact[: len(compact) // 4 * 4]
            try:
                return base64.b64decode(
                    whole, validate=False
                ), "the page's base64 breaks off; what came before it was read"
            except (binascii.Error, ValueError):
                return b"", "the page's base64 cannot be decoded"
    return body, None


def saved_page(fh: BinaryIO, limit: int) -> SavedPage | None:
    """The first text/html part of a saved file, or None when it holds none (or is no MIME document)."""
    document = _headers(fh)
    boundary = document.get_param("boundary")
    if not isinstance(boundary, str) or not boundary:
        return None
    delimiter = b"--" + boundary.encode("ascii", "replace")
    address = document.get("Snapshot-Content-Location")
    for line in _lines(fh):
        if line.rstrip(b"\r\n") == delimiter:
            break
    else:
        return None
    while True:
        part = _headers(fh)
        if part.get_content_type() == "text/html":
            return _html_part(fh, part, delimiter, limit, str(address) if address else None)
        for line in _lines(fh):
            stripped = line.rstrip(b"\r\n")
            if stripped == delimiter:
                break
            if stripped == delimiter + b"--":
                return None
        else:
            return None


def _html_part(fh: BinaryIO, part: Message, delimiter: bytes, limit: int, address: str | None) -> SavedPage:
    body = bytearray()
    ended = False
    for line in _lines(fh):
        if line.rstrip(b"\r\n") in (delimiter, delimiter + b"--"):
            ended = True
            break
        body += line
        if len(body) > limit:
            return SavedPage(b"", None, address, too_large=True)
    transfer = str(part.get("Content-Transfer-Encoding") or "").strip().lower()
    html, problem = _decoded(bytes(body), transfer)
    if not ended:
        problem = problem or "the file ends inside the saved page; what came before was read"
    location = part.get("Content-Location")
    return SavedPage(
        html, part.get_content_charset(), address or (str(location) if location else None), problem
    )


def looks_like_a_thread(head: bytes, marks: tuple[bytes, ...]) -> bool:
    """Whether the start of a saved file holds a forum thread: its page (as far as the head goes) has one
    of `marks`, or the address it was saved from is a thread's."""
    document = _headers(io.BytesIO(head))
    address = document.get("Snapshot-Content-Location")
    if address and FORUM_ADDRESS.search(str(address)):
        return True  # the page itself may lie past the head, behind its images
    page = saved_page(io.BytesIO(head), len(head))
    if page is None:
        return False
    if page.address and FORUM_ADDRESS.search(page.address):
        return True
    lowered = page.html[:65536].lower()
    return any(mark in lowered for mark in marks)
