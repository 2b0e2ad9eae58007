"""MemoTrace (WeChatMsg) HTML export read from the page alone: the messages it carries as a JavaScript
array of object literals.

Layout, as v2.0.5 writes it (github.com/LC044/WeChatMsg, commit 9d59919 of March 2025, the last with
source: `app/util/exporter/exporter_html.py` filling `app/resources/data/template.html`): the template up
to `const chatMessages = [`, one object literal per message — `{ type:1, text: '…',is_send:0,
avatar_path:'…',timestamp:1714617662,is_chatroom:0,displayname:'…'},` — with bare keys, bare numbers and
single-quoted strings (`escape_js_and_html`: HTML `& < >` first, then `\\ \\' \\" \\n \\r \\t`), nearly all
on one line, then `];` and the template's viewer script. The `<title>` is the contact's remark.

This module only scans; `wechat` turns the records into messages. The page is read in chunks, never whole.
"""

from __future__ import annotations

import codecs
import html
import re
from collections.abc import Iterator
from typing import BinaryIO, NamedTuple

LIST_START = "const chatMessages = ["
CONTAINER = 'id="chat-container"'
CHUNK = 1 << 20  # read size, and the lookahead kept past the record being parsed
HEAD_LIMIT = 4 << 20  # the list starts 18 KB into the template: give up looking after this

TITLE = re.compile(r"<title>(.*?)</title>", re.S | re.I)
SPACE = re.compile(r"\s*")
KEY = re.compile(r"\s*([A-Za-z_]\w*)\s*:\s*")
QUOTED = re.compile(r"'([^'\\]*(?:\\.[^'\\]*)*)'", re.S)
BARE = re.compile(r"[^,}'\s]+")
AFTER_VALUE = re.compile(r"\s*([,}])")
RECORD_END = re.compile(r"\s*,?")
NEXT_RECORD = re.compile(r"\{\s*type\s*:|\];")
JS_ESCAPE = re.compile(r"\\(.)", re.S)
JS_ESCAPES = {"n": "\n", "r": "\r", "t": "\t"}

Value = str | int


class Record(NamedTuple):
    number: int
    fields: dict[str, Value]


class Broken(NamedTuple):
    """A record that is not an object literal as MemoTrace writes it (skipped up to the next one)."""

    number: int


class Cut(NamedTuple):
    """The page ends inside the list: `number` records came before the break, `kept` of them read."""

    number: int
    kept: int


class NoList(NamedTuple):
    pass


Event = Record | Broken | Cut | NoList


def is_memotrace_html(head: bytes) -> bool:
    """True for a page MemoTrace's HTML exporter wrote (its template's chat container and message list)."""
    return LIST_START.encode() in head and CONTAINER.encode() in head


def js_string(raw: str) -> str:
    """The text of a single-quoted JavaScript string's inside, escapes undone."""
    return JS_ESCAPE.sub(lambda m: JS_ESCAPES.get(m.group(1), m.group(1)), raw)


def html_text(value: str) -> str:
    """A string `escape_js_and_html` wrote: the JavaScript escapes, then the HTML ones, undone."""
    return html.unescape(js_string(value))


class PageScan:
    """Walks one page: `title` is set once the list is found; iterate for the records."""

    def __init__(self, fh: BinaryIO, encoding: str = "utf-8") -> None:
        self._fh = fh
        self._decoder = codecs.getincrementaldecoder(encoding)("replace")
        self._buf = ""
        self._pos = 0
        self._eof = False
        self.title: str | None = None

    def _more(self) -> bool:
        if self._eof:
            return False
        data = self._fh.read(CHUNK)
        if not data:
            self._eof = True
            self._buf += self._decoder.decode(b"", final=True)
            return False
        if self._pos > CHUNK:
            self._buf, self._pos = self._buf[self._pos :], 0
        self._buf += self._decoder.decode(data)
        return True

    def _ahead(self) -> None:
        while len(self._buf) - self._pos < CHUNK and self._more():
            pass

    def _find_list(self) -> bool:
        while True:
            at = self._buf.find(LIST_START)
            if at >= 0:
                title = TITLE.search(self._buf, 0, at)
                self.title = html.unescape(title.group(1)).strip() if title else None
                self._pos = at + len(LIST_START)
                return True
            if len(self._buf) > HEAD_LIMIT or not self._more():
                return False

    def __iter__(self) -> Iterator[Event]:
        if not self._find_list():
            yield NoList()
            return
        index = kept = 0
        while True:
            self._ahead()
            self._pos = _space(self._buf, self._pos)
            if self._buf.startswith("]", self._pos):
                return
            if self._pos >= len(self._buf):
                yield Cut(index, kept)
                return
            index += 1
            parsed = _record(self._buf, self._pos) if self._buf[self._pos] == "{" else None
            if isinstance(parsed, tuple):
                fields, self._pos = parsed
                kept += 1
                yield Record(index, fields)
                continue
            if parsed == "short" and self._eof:
                yield Cut(index - 1, kept)
                return
            yield Broken(index)
            if not self._resync():
                yield Cut(index, kept)
                return

    def _resync(self) -> bool:
        """Move to the next record's `{ type:` (or the list's end); False when the page ends first."""
        start = self._pos + 1
        while True:
            found = NEXT_RECORD.search(self._buf, start)
            if found is not None:
                self._pos = found.start()
                return True
            start = max(self._pos, len(self._buf) - 16)
            if not self._more():
                return False


def _space(buf: str, pos: int) -> int:
    found = SPACE.match(buf, pos)
    return found.end() if found else pos


def _record(buf: str, pos: int) -> tuple[dict[str, Value], int] | str:
    """(fields, end) of the object literal at `pos`; "short" when the buffer ends inside it, "broken"
    when it is not written as MemoTrace writes one."""
    fields: dict[str, Value] = {}
    p = pos + 1
    while True:
        p = _space(buf, p)
        if p >= len(buf):
            return "short"
        if buf[p] == "}":
            end = RECORD_END.match(buf, p + 1)
            return fields, end.end() if end else p + 1
        key = KEY.match(buf, p)
        if key is None:
            return "short" if buf.find(":", p) < 0 else "broken"
        p = key.end()
        if p >= len(buf):
            return "short"
        if buf[p] == "'":
            quoted = QUOTED.match(buf, p)
            if quoted is None:
                return "short"  # no closing quote before the buffer ends
            value: Value = quoted.group(1)
            p = quoted.end()
        else:
            bare = BARE.match(buf, p)
            if bare is None:
                return "broken"
            token = bare.group(0)
            value = int(token) if re.fullmatch(r"-?\d{1,19}", token) else token
            p = bare.end()
        fields[key.group(1)] = value
        after = AFTER_VALUE.match(buf, p)
        if after is None:
            return "short" if _space(buf, p) >= len(buf) else "broken"
        p = after.end() if after.group(1) == "," else after.start(1)
