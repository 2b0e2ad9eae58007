"""Forum thread pages → posts: Discuz! X and Baidu Tieba (research/export-formats.md §5.2–5.3).

Pure functions over HTML text (no files): `parse_thread(html, url)` returns the page kind, the thread's
title and one Post per floor. Pages that are not threads — captcha walls, "thread deleted" and
"reply to see" pages — are recognised and named, so that a reader can report them rather than drop them.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from huijia.ingest.jsonstream import as_dict

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)
DISCUZ_TIME = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?")
UID = re.compile(r"uid[=-](\d+)")
FLOOR = re.compile(r"^(\d+)\s*楼$")
BLOCKED_PAGES = {
    "百度安全验证": "a captcha page (百度安全验证), not the thread",
    "抱歉，指定的主题不存在或已被删除或正在被审核": "the thread was deleted or is under review",
    "本帖隐藏的内容需要回复才可以浏览": "content hidden until a reply is posted",
    "您无权进行当前操作": "no permission to view this thread",
}


@dataclass(frozen=True, slots=True)
class Post:
    """One floor of a thread."""

    floor: int | None
    post_id: str | None
    author: str | None
    uid: str | None
    time: tuple[int, int, int, int, int, int] | None
    text: str
    line: int | None
    images: tuple[str, ...] = ()


@dataclass(slots=True)
class Thread:
    kind: str | None  # "discuz", "tieba", "page" (any other page, read whole), None (not readable)
    site: str
    title: str | None = None
    posts: list[Post] = field(default_factory=list)
    problem: str | None = None
    # what was passed over or only partly read, as (source line, what): said, never dropped in silence
    notes: list[tuple[int | None, str]] = field(default_factory=list)


def html_charset(data: bytes, declared: str | None = None) -> str | None:
    """The charset a page declares (HTTP header first, then <meta>), or None."""
    if declared:
        return declared.strip().lower()
    match = META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def _text(node: Any, leave_out: frozenset[Any] = frozenset()) -> str:
    """Visible text of an element: <br> and block ends become line breaks; elements in `leave_out`
    (quotes, "edited by" notices) are passed over, but the text that follows them is kept."""
    parts: list[str] = []

    def walk(el: Any) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in ("script", "style") or el in leave_out:
            return
        if tag == "br":
            parts.append("\n")
        elif el.text and tag:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in ("p", "div", "li") and parts and not parts[-1].endswith("\n"):
            parts.append("\n")

    walk(node)
    text = "".join(parts).replace("\xa0", " ").replace("\r", "")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.strip() for line in text.split("\n"))).strip()


def _time(text: str | None) -> tuple[int, int, int, int, int, int] | None:
    if not text:
        return None
    match = DISCUZ_TIME.search(text)
    if match is None:
        return None
    y, mo, d, h, mi, s = match.groups()
    return int(y), int(mo), int(d), int(h), int(mi), int(s or 0)


def _images(node: Any) -> tuple[str, ...]:
    found = []
    for img in node.iter("img"):
        ref = img.get("zoomfile") or img.get("file") or img.get("src")
        if ref and "smiley" not in ref and "BDE_Smiley" not in (img.get("class") or ""):
            found.append(ref)
    return tuple(found)


def _site(url: str | None, default: str) -> str:
    host = urlsplit(url).hostname if url else None
    return host or default


def parse_thread(page: str, url: str | None = None) -> Thread:
    """Posts of a Discuz! or Tieba thread page; Thread.kind is None for other pages."""
    from lxml import html as lxml_html

    try:
        doc = lxml_html.document_fromstring(page)
    except Exception as exc:  # lxml raises ParserError (and others) for empty or odd documents
        return Thread(None, _site(url, "unknown"), problem=f"not parseable as HTML ({type(exc).__name__})")
    title_el = doc.find(".//title")
    title = (title_el.text or "").strip() if title_el is not None else ""
    has_posts = bool(doc.xpath("//table[starts-with(@id,'pid')] | //div[contains(@class,'l_post')]"))
    for marker, problem in BLOCKED_PAGES.items():
        in_page = marker in page and len(page) < 200_000 and marker != "百度安全验证"
        if (marker in title or in_page) and not has_posts:
            return Thread(None, _site(url, "unknown"), title or None, problem=problem)
    if doc.xpath("//table[starts-with(@id,'pid')][contains(@class,'plhin')] | //div[@id='postlist']"):
        return _discuz(doc, url)
    if doc.xpath("//div[contains(concat(' ', normalize-space(@class), ' '), ' l_post ')]"):
        return _tieba(doc, url)
    return _whole_page(doc, url, title)


def _whole_page(doc: Any, url: str | None, title: str) -> Thread:
    """Any other page: its visible text as one post, so that nothing in a crawl goes unread."""
    body = doc.find(".//body")
    node = body if body is not None else doc
    text = _text(node)
    thread = Thread("page", _site(url, "unknown"), title or None)
    if text:
        thread.posts.append(Post(None, None, None, None, None, text, node.sourceline, _images(node)))
    return thread


def _discuz(doc: Any, url: str | None) -> Thread:
    subject = doc.xpath("string(//span[@id='thread_subject'])").strip() or None
    thread = Thread("discuz", _site(url, "discuz"), subject)
    for table in doc.xpath("//table[starts-with(@id,'pid')]"):
        pid = table.get("id")[3:]
        if not pid.isdigit():
            thread.notes.append(
                (table.sourceline, "a post table whose id is not pid + a number; passed over")
            )
            continue
        link = table.xpath(
            ".//div[contains(@class,'authi')]/a[contains(@class,'xw1')]"
            " | .//div[contains(@class,'authi')]/a[contains(@class,'xi2')]"
        )
        author = link[0].text_content().strip() if link else None
        uid_match = UID.search(link[0].get("href") or "") if link else None
        if author is None:  # anonymous or deleted member: the name (or 匿名) stands in td.pls .pi
            anon = table.xpath("string(.//td[contains(@class,'pls')]//div[contains(@class,'pi')])").strip()
            author = anon.split()[0] if anon else None
        when_el = table.xpath(f".//em[@id='authorposton{pid}']")
        when = None
        time_problem = "no post time on the page"
        if when_el:
            span = when_el[0].find(".//span[@title]")
            when = _time(span.get("title") if span is not None else when_el[0].text_content())
            time_problem = "the post time is not a date and time"
        body = table.xpath(f".//td[@id='postmessage_{pid}']")
        if not body:
            locked = table.xpath("string(.//div[contains(@class,'locked')])").strip()
            text = locked
            images: tuple[str, ...] = ()
            line = table.sourceline
        else:
            node = body[0]
            noise = node.xpath(".//div[contains(@class,'quote')] | .//i[contains(@class,'pstatus')]")
            text = _text(node, frozenset(noise))
            # attached images sit in the post's content area, inside or after the message cell
            area = table.xpath(".//div[contains(@class,'pct')]")
            images = _images(area[0] if area else node)
            line = node.sourceline
        floor_text = table.xpath(f"string(.//a[@id='postnum{pid}']//em)").strip()
        floor = int(floor_text) if floor_text.isdigit() else None
        _note_missing(thread, line, f"post {pid}", author, when, time_problem)
        thread.posts.append(
            Post(floor, pid, author, uid_match.group(1) if uid_match else None, when, text, line, images)
        )
    return thread


def _tieba(doc: Any, url: str | None) -> Thread:
    title = doc.xpath(
        "string(//h3[contains(@class,'core_title_txt')] | //h1[contains(@class,'core_title_txt')])"
    )
    thread = Thread("tieba", _site(url, "tieba.baidu.com"), title.strip() or None)
    for index, div in enumerate(
        doc.xpath("//div[contains(concat(' ', normalize-space(@class), ' '), ' l_post ')]")
    ):
        data: dict[str, Any] = {}
        raw = (div.get("data-field") or "").strip()
        body = div.xpath(".//div[contains(concat(' ', normalize-space(@class), ' '), ' d_post_content ')]")
        if raw in ("", "{}") and not body:
            # an ad slot: Tieba fills an l_post with no data-field and no post content by script
            thread.notes.append(
                (div.sourceline, "an ad slot (a floor with no data and no content) passed over")
            )
            continue
        if raw:
            try:
                loaded = json.loads(html_lib.unescape(raw))
                data = loaded if isinstance(loaded, dict) else {}
            except ValueError:
                thread.notes.append((div.sourceline, "floor's data-field is not JSON; its ids were left out"))
        author_data = as_dict(data.get("author"))
        content = as_dict(data.get("content"))
        name_el = div.xpath(".//a[contains(@class,'p_author_name')]")
        author = (name_el[0].text_content().strip() if name_el else None) or author_data.get("user_name")
        uid = author_data.get("user_id")
        # the viewer's "点击展开，查看完整图片" under a folded image is page furniture, not the post
        hints = frozenset(body[0].xpath(".//*[contains(@class,'replace_tip')]")) if body else frozenset()
        text = _text(body[0], hints) if body else ""
        images = _images(body[0]) if body else ()
        when = None
        floor = content.get("post_no") if isinstance(content.get("post_no"), int) else None
        for span in div.xpath(".//span[contains(@class,'tail-info')]"):
            value = span.text_content().strip()
            when = when or _time(value)
            found = FLOOR.match(value)
            if found and floor is None:
                floor = int(found.group(1))
        when = when or _time(str(content.get("date") or ""))
        post_id = content.get("post_id")
        _note_missing(
            thread,
            (body[0] if body else div).sourceline,
            f"floor {floor if floor is not None else index + 1}",
            author,
            when,
            "no readable post time on the page",
        )
        thread.posts.append(
            Post(
                floor if floor is not None else index + 1,
                None if post_id is None else str(post_id),
                author,
                None if uid is None else str(uid),
                when,
                text,
                (body[0] if body else div).sourceline,
                images,
            )
        )
    return thread


def _note_missing(
    thread: Thread, line: int | None, post: str, author: str | None, when: object, time_problem: str
) -> None:
    """A note for each field a forum post should have and this one has not (the post is kept)."""
    if when is None:
        thread.notes.append((line, f"{post}: {time_problem}; kept without a time"))
    if not author:
        thread.notes.append((line, f"{post}: no author on the page; kept without one"))
