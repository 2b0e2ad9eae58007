"""Saved forum thread pages (.html): Discuz! X and Baidu Tieba, one message per floor.

Also the place where forum posts become Messages, shared with the WARC reader.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from huijia.ingest.base import Reader, ReadOptions, SourceFile, register
from huijia.ingest.forum import Thread, html_charset, parse_thread
from huijia.ingest.memotrace_html import is_memotrace_html
from huijia.ingest.mhtml import is_mhtml, looks_like_a_thread, saved_page
from huijia.ingest.pywxdump_page import is_pywxdump_page
from huijia.ingest.textfile import UndecodableError, detect_encoding
from huijia.model import Attachment, Author, Message, Notice, ReadEvent

MAX_PAGE_BYTES = 64 * 1024 * 1024
FORUM_MARKS = (b"discuz", b"postmessage_", b"j_p_postlist", b"l_post", b"tieba", b"authorposton")


def decode_page(data: bytes, declared: str | None = None) -> tuple[str, str, str | None]:
    """(text, encoding, note) of an HTML page: declared charset, then detection. Raises UndecodableError.

    The note says what the reader had to decide (a declared charset it could not use, bytes replaced),
    or is None."""
    charset = html_charset(data, declared)
    if charset in ("gbk", "gb2312", "gb_2312-80"):
        charset = "gb18030"  # a superset: never lose characters that GBK pages use anyway
    problem = None
    if charset:
        shown = "".join(c for c in charset[:40] if c.isalnum() or c in "-_.:")
        try:
            return data.decode(charset), charset, None
        except LookupError:
            problem = f"declared charset {shown!r} is not known"
        except UnicodeDecodeError:
            problem = f"the page is not valid {shown} as it declares"
    encoding = detect_encoding(data)
    text = data.decode(encoding, errors="replace")
    replaced = "\ufffd" in text and "\ufffd".encode(encoding, errors="ignore") not in data
    if problem is not None:
        problem += f"; read as {encoding}" + (", undecodable bytes replaced" if replaced else "")
    elif replaced:
        problem = f"undecodable bytes replaced (read as {encoding})"
    return text, encoding, problem


def thread_messages(
    reader: Reader,
    src: SourceFile,
    options: ReadOptions,
    thread: Thread,
    *,
    encoding: str,
    position: str | None = None,
    offset: int | None = None,
    use_lines: bool = True,
) -> Iterator[ReadEvent]:
    """Messages for the posts of one thread page. `position` prefixes ids (a WARC record's offset)."""
    where = f"record at byte {position}: " if position is not None else ""
    for line, text in thread.notes:
        yield Notice(src.display, where + text, line if use_lines else None)
    for index, post in enumerate(thread.posts, start=1):
        sent_at = None
        tz_assumed = None
        if post.time is not None:
            try:
                sent_at = options.clock.iso(*post.time)
                tz_assumed = options.tz
            except ValueError:
                yield Notice(
                    src.display,
                    f"floor {post.floor or index}: impossible post time; kept without one",
                    post.line if use_lines else None,
                )
        floor = post.floor if post.floor is not None else index
        ident = f"{position}-{floor}" if position is not None else str(post.line or f"f{floor}")
        handle = f"forum:{thread.site}:{post.uid}" if post.uid else None
        yield Message(
            id=reader.message_id(src, ident),
            kind="text" if post.text or not post.images else "image",
            source=src.source(
                reader.name,
                line=post.line if use_lines else None,
                offset=offset,
                encoding=encoding,
                tz_assumed=tz_assumed,
            ),
            text=post.text,
            channel=thread.title,
            author=Author(post.author, handle) if post.author or handle else None,
            sent_at=sent_at,
            attachments=tuple(Attachment("image", ref) for ref in post.images),
        )


@register
class HtmlPageReader(Reader):
    name = "html"
    description = "Saved forum thread page (.html, or .mhtml saved as one file): Discuz! X or Baidu Tieba"
    extensions = (".html", ".htm", ".mhtml", ".mht")
    examples = ("html/discuz-thread.html", "html/tieba-thread.html")

    def sniff(self, head: bytes, path: Path) -> bool:
        if is_mhtml(head):
            return looks_like_a_thread(head, FORUM_MARKS)
        lowered = head[:65536].lower()
        if lowered.lstrip().startswith((b"warc/", b"filedesc://", b"from:", b"mime-version:")):
            return False  # a web archive (WARC or ARC) or a QQ .mht holds pages but is not one
        from huijia.ingest.telegram_html import is_telegram_html  # it imports this module

        if is_telegram_html(head) or is_memotrace_html(head) or is_pywxdump_page(head):
            return False  # a message on a chat export page can hold the words looked for below
        # crawls often save a page from <head> or <body> on, with no doctype and no <html> tag
        if not any(tag in lowered for tag in (b"<html", b"<!doctype html", b"<head", b"<body")):
            return False
        return any(mark in lowered for mark in FORUM_MARKS)

    def layout(self, head: bytes, path: Path) -> str | None:
        return "saved as one file (MHTML)" if is_mhtml(head) else None

    def read(self, src: SourceFile, options: ReadOptions) -> Iterator[ReadEvent]:
        too_large = f"page larger than {MAX_PAGE_BYTES // 2**20} MiB; not a forum page"
        declared = None
        if is_mhtml(src.head(65536)):
            with src.open(options.on_bytes) as fh:  # streamed: its images are passed over, never kept
                page = saved_page(fh, MAX_PAGE_BYTES)
            if page is None:
                yield src.skip("a page saved as one file (MHTML) with no HTML part", fatal=True)
                return
            if page.too_large:
                yield src.skip(too_large, fatal=True)
                return
            if page.problem is not None:
                yield Notice(src.display, page.problem)
            data, declared = page.html, page.charset
        else:
            if src.size > MAX_PAGE_BYTES:
                yield src.skip(too_large, fatal=True)
                return
            with src.open(options.on_bytes) as fh:
                data = fh.read()
        if not data.strip():
            yield src.skip("empty file", fatal=True)
            return
        try:
            text, encoding, problem = decode_page(data, declared)
        except UndecodableError as exc:
            yield src.skip(str(exc), fatal=True)
            return
        if problem is not None:
            yield Notice(src.display, problem)
        thread = parse_thread(text)
        if thread.kind is None:
            yield src.skip(thread.problem or "not a forum thread page", fatal=True)
            return
        if thread.kind == "page":
            yield Notice(
                src.display, "not a Discuz! or Tieba thread; the page's text was read as one message"
            )
        if not thread.posts:
            yield src.skip(f"a {thread.kind} page with no posts on it", fatal=True)
            return
        yield from thread_messages(self, src, options, thread, encoding=encoding)
