"""Reading text exports: choosing the encoding deliberately, and walking lines with their byte offsets.

Order of decisions (research/export-formats.md §0.2): a BOM → BOM-less UTF-16 (NUL bytes at odd or even
positions) → strict UTF-8 → UTF-8 lines with a few GB18030 ones among them (read as UTF-8; the JSON Lines
reader reads those lines as GB18030, `other_line`, the others replace and report them) → strict GB18030
(a superset of GBK/GB2312) → charset-normalizer. The chosen encoding is recorded on every message.
Undecodable bytes are replaced, never ignored, and the lines where that happened are reported.

Lines are split on bytes, not on decoded text, so every line keeps its exact byte offset. That is safe for
UTF-8 and the East Asian multi-byte encodings (no multi-byte character contains 0x0A); UTF-16 is decoded
in chunks and offsets are counted in code units instead.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import BinaryIO

SNIFF_BYTES = 64 * 1024
DETECT_BYTES = 1024 * 1024
TEXT_CHUNK_BYTES = 4 * 1024 * 1024  # what iter_chunks reads at a time (tests make it tiny)

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class UndecodableError(ValueError):
    """No encoding could be chosen for a file: it is binary, or text in no encoding we can tell."""


def _utf16_without_bom(sample: bytes) -> str | None:
    pairs = sample[: 4096 - (min(len(sample), 4096) % 2)]
    if len(pairs) < 4:
        return None
    even_nuls = pairs[0::2].count(0)
    odd_nuls = pairs[1::2].count(0)
    half = len(pairs) // 2
    if odd_nuls > half * 0.3 and even_nuls < half * 0.05:
        return "utf-16-le"
    if even_nuls > half * 0.3 and odd_nuls < half * 0.05:
        return "utf-16-be"
    return None


def looks_binary(sample: bytes) -> bool:
    """True when a sample has the control bytes of a binary file (NUL, or many C0 controls)."""
    if not sample:
        return False
    # more than one NUL in a thousand bytes: a stray NUL (a byte flipped, a field an app left zeroed) does
    # not make a text export binary, and is reported where the reader meets it
    if sample.count(0) > max(1, len(sample) // 1000):
        return True
    controls = sum(sample.count(bytes([c])) for c in range(1, 32) if c not in (9, 10, 12, 13, 27))
    return controls > max(1, len(sample) * 0.02)


def _decodes(sample: bytes, codec: str) -> bool:
    """True when the sample decodes strictly, allowing a character cut off at its very end (files are
    sampled, and truncated exports are real)."""
    for cut in range(4):
        if cut >= len(sample) and cut:
            break
        try:
            sample[: len(sample) - cut].decode(codec)
            return True
        except UnicodeDecodeError as exc:
            if exc.end < len(sample) - cut:  # broken before the tail: cutting more will not help
                return False
    return False


def _mostly_utf8_lines(sample: bytes) -> bool:
    """True when most lines with non-ASCII bytes are UTF-8 with characters of three bytes or more (Chinese
    is) and every other one is GB18030. A line that is valid UTF-8 only in two-byte characters proves
    nothing: a GBK 女 (C5 AE) is UTF-8 Ů. The last line may be cut off: `_decodes` allows for that."""
    utf8, others = 0, []
    for line in sample.split(b"\n"):
        if line.isascii():
            continue
        if not _decodes(line, "utf-8"):
            others.append(line)
        elif _WIDE_UTF8.search(line):
            utf8 += 1
    return utf8 > len(others) > 0 and all(_decodes(line, "gb18030") for line in others)


def _utf8_with_a_little_damage(sample: bytes) -> bool:
    """True when, read as UTF-8, the sample keeps eight characters of three bytes or more (Chinese) for
    every one lost: a UTF-8 export that lost a byte here and there, which strict GB18030 would otherwise
    take whole as mojibake. GBK read as UTF-8 is nearly all loss (about one such character in 18)."""
    kept, lost = _read_as_utf8(sample)
    return kept >= 8 * lost


def _read_as_utf8(data: bytes) -> tuple[int, int]:
    """Read as UTF-8: the characters of three bytes or more kept, and the characters lost (U+FFFD)."""
    as_utf8 = data.decode("utf-8", errors="replace")
    return len(_WIDE.findall(as_utf8)), as_utf8.count("\ufffd")


_WIDE = re.compile("[\u0800-\ufffc\ufffe-\U0010ffff]")  # a character of three UTF-8 bytes or more
_WIDE_UTF8 = re.compile(rb"[\xe0-\xf4][\x80-\xbf]{2}")  # the lead and continuation bytes of ≥ U+0800


def other_line(raw: bytes, encoding: str) -> str | None:
    """A line that does not decode in its file's encoding, decoded as GB18030 where the file is UTF-8,
    the line is valid GB18030 (one written by another tool) and read as UTF-8 it is mostly damage; None
    where it is not. A UTF-8 line that lost a byte keeps its other characters, each read as written (as
    GB18030 all of them would be garbled)."""
    if encoding not in ("utf-8", "utf-8-sig"):
        return None
    kept, lost = _read_as_utf8(raw)
    if kept * 4 >= lost:
        return None
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return None


def _damage(sample: bytes, codec: str) -> int:
    return sample.decode(codec, errors="replace").count("\ufffd")


def _gb18030_or_big5(sample: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(sample[:SNIFF_BYTES], cp_isolation=["gb18030", "big5"]).best()
    return "big5" if best is not None and best.encoding == "big5" else "gb18030"


def detect_encoding(sample: bytes) -> str:
    """The encoding of a text file, judged from its first bytes (or all of them).

    A character cut off at the end of the sample is never held against an encoding, whether the cut was
    made by sampling or by a truncated export. Raises UndecodableError for binary data.
    """
    for bom, name in BOMS:
        if sample.startswith(bom):
            return name
    utf16 = _utf16_without_bom(sample)
    if utf16 is not None:
        return utf16
    if looks_binary(sample):
        raise UndecodableError("binary data, not a text export")
    if _decodes(sample, "utf-8"):
        return "utf-8"
    if _mostly_utf8_lines(sample) or _utf8_with_a_little_damage(sample):
        # a UTF-8 file into which another tool wrote a few lines in GBK: read whole as GB18030 (which UTF-8
        # Chinese often decodes to, as mojibake) or as what charset-normalizer guesses, every line would be
        # garbled; as UTF-8 only the odd lines are, and readers read those on their own (`other_line`)
        return "utf-8"
    if _decodes(sample, "gb18030"):
        # Big5 (Taiwan, Hong Kong) bytes are nearly always valid GB18030 too, and read as mojibake:
        # when both decode, let charset-normalizer's language coherence choose.
        if _decodes(sample, "big5"):
            return _gb18030_or_big5(sample)
        return "gb18030"
    # Damaged text: mostly UTF-8 (or mostly GB18030) with a few bad bytes is far likelier than a
    # legacy single-byte code page.
    non_ascii = sum(1 for byte in sample if byte >= 0x80)
    allowed = max(2, non_ascii // 200)
    utf8_damage, gb_damage = _damage(sample, "utf-8"), _damage(sample, "gb18030")
    if utf8_damage <= allowed and utf8_damage <= gb_damage:
        return "utf-8"
    if gb_damage <= allowed:
        return "gb18030"
    from charset_normalizer import from_bytes

    best = from_bytes(sample[:SNIFF_BYTES]).best()
    if best is None:
        raise UndecodableError("text in no encoding that could be recognised")
    return str(best.encoding)


@lru_cache(maxsize=8)
def decode_head(head: bytes) -> str:
    """Best-effort text of a file's first bytes, for sniffing formats. Never raises."""
    try:
        encoding = detect_encoding(head)
    except UndecodableError:
        return ""
    return head.decode(encoding, errors="replace").lstrip("\ufeff")


def is_utf16(encoding: str) -> bool:
    return encoding.replace("_", "-").lower().startswith("utf-16")


Line = tuple[int, int, str, bool]
"""(1-based line number, byte offset of the line's first byte, text without its ending, ended in CRLF)"""


def iter_lines(
    fh: BinaryIO, encoding: str, on_replaced: Callable[[int], None] | None = None
) -> Iterator[Line]:
    """Every line of a binary file, decoded, with its number and byte offset (line by line over
    `iter_chunks`, for readers whose grammar is per line).

    `on_replaced(line_no)` is called for each line in which undecodable bytes were replaced by U+FFFD,
    before the lines of its chunk are yielded.
    """
    for chunk in iter_chunks(fh, encoding, on_replaced):
        text = chunk.text.removesuffix("\n")
        idx = 0
        for line in text.split("\n"):
            number, offset = chunk.position(idx)
            crlf = line.endswith("\r")
            yield number, offset, line[:-1] if crlf else line, crlf
            idx += len(line) + 1


RawLine = tuple[int, int, bytes]
"""(1-based line number, byte offset of the line's first byte, the line's bytes without its newline)"""


def iter_byte_lines(fh: BinaryIO, chunk_bytes: int | None = None) -> Iterator[RawLine]:
    """Every line of an ASCII-compatible file as bytes, with its number and byte offset, undecoded: for
    formats whose parser takes bytes (JSON Lines through orjson), which saves decoding and re-encoding.
    A UTF-8 BOM at the start is skipped (the first line's offset is then 3)."""
    chunk_bytes = chunk_bytes or TEXT_CHUNK_BYTES
    line_no = 1
    offset = 0
    pending: list[bytes] = []
    first = True
    while data := fh.read(chunk_bytes):
        if first:
            first = False
            while len(data) < 3 and (more := fh.read(chunk_bytes)):
                data += more  # a BOM split over tiny reads is still a BOM
            if data.startswith(codecs.BOM_UTF8):
                data = data[3:]
                offset = 3
        lines = data.split(b"\n")
        tail = lines.pop()  # the part after the last newline (b"" when the chunk ends with one)
        if pending and lines:
            pending.append(lines[0])
            lines[0] = b"".join(pending)
            pending = []
        for line in lines:
            yield line_no, offset, line
            offset += len(line) + 1
            line_no += 1
        if tail:
            pending.append(tail)
    if pending:
        yield line_no, offset, b"".join(pending)


class TextChunk:
    """A run of whole lines of a file, decoded, that knows the line number and byte offset of any
    position in it. Readers scan `text` with regular expressions (at C speed) instead of walking lines.
    """

    __slots__ = (
        "_codec",
        "_enc_idx",
        "_enc_off",
        "_line_idx",
        "_line_no",
        "_line_offsets",
        "first_line",
        "offset",
        "text",
    )

    def __init__(
        self, text: str, first_line: int, offset: int, codec: str, line_offsets: list[int] | None = None
    ) -> None:
        self.text = text
        self.first_line = first_line
        self.offset = offset
        self._codec = codec
        self._line_offsets = line_offsets  # byte offset of each line, when re-encoding would be inexact
        self._enc_idx = 0
        self._enc_off = offset
        self._line_idx = 0
        self._line_no = first_line

    @property
    def codec(self) -> str:
        """The codec the bytes were decoded with (`utf-8` for a file with a UTF-8 BOM)."""
        return self._codec

    @property
    def has_replacements(self) -> bool:
        """True when undecodable bytes were replaced, so offsets come from a table, not from re-encoding."""
        return self._line_offsets is not None

    def seek(self, idx: int, line: int, offset: int) -> None:
        """Tell the chunk that `idx` (a line start) is at `line` and byte `offset`, as a reader that
        counted them itself knows; later `position` calls count on from there."""
        self._line_idx = self._enc_idx = idx
        self._line_no = line
        self._enc_off = offset

    def line_at(self, idx: int) -> int:
        """Line number of the character at `idx`. Calls must come in increasing `idx` order."""
        self._line_no += self.text.count("\n", self._line_idx, idx)
        self._line_idx = idx
        return self._line_no

    def position(self, idx: int) -> tuple[int, int]:
        """(line number, byte offset) of `idx`, which must start a line; calls in increasing order."""
        line = self._line_no = self._line_no + self.text.count("\n", self._line_idx, idx)
        self._line_idx = idx
        if self._line_offsets is not None:
            return line, self._line_offsets[line - self.first_line]
        self._enc_off += len(self.text[self._enc_idx : idx].encode(self._codec, errors="surrogatepass"))
        self._enc_idx = idx
        return line, self._enc_off


def iter_chunks(
    fh: BinaryIO,
    encoding: str,
    on_replaced: Callable[[int], None] | None = None,
    chunk_bytes: int | None = None,
) -> Iterator[TextChunk]:
    """The file as TextChunks of whole lines (the last may lack its final newline)."""
    chunk_bytes = chunk_bytes or TEXT_CHUNK_BYTES
    if is_utf16(encoding):
        yield from _iter_utf16_chunks(fh, encoding, on_replaced, chunk_bytes)
        return
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    line = 1
    offset = 0
    rest = b""
    first = True
    while True:
        data = fh.read(chunk_bytes)
        final = not data
        raw = rest + data
        if not final:
            cut = raw.rfind(b"\n") + 1
            if cut == 0:  # a line longer than the chunk: read on
                rest = raw
                continue
            raw, rest = raw[:cut], raw[cut:]
        if not raw:
            break
        start = 0
        if first:
            first = False
            if raw.startswith(codecs.BOM_UTF8):
                start = 3
        try:
            text = raw[start:].decode(codec)
            chunk = TextChunk(text, line, offset + start, codec)
        except UnicodeDecodeError:
            chunk = _replaced_chunk(raw, start, line, offset, codec, on_replaced)
        yield chunk
        line += raw.count(b"\n")
        offset += len(raw)
        if final:
            break


def _replaced_chunk(
    raw: bytes, start: int, line: int, offset: int, codec: str, on_replaced: Callable[[int], None] | None
) -> TextChunk:
    """A chunk holding undecodable bytes: decoded line by line, each bad line reported, exact offsets."""
    pieces = []
    offsets = []
    position = offset + start
    for number, piece in enumerate(raw[start:].split(b"\n"), start=line):
        offsets.append(position)
        position += len(piece) + 1
        try:
            pieces.append(piece.decode(codec))
        except UnicodeDecodeError:
            pieces.append(piece.decode(codec, errors="replace"))
            if on_replaced is not None:
                on_replaced(number)
    return TextChunk("\n".join(pieces), line, offset + start, codec, offsets)


def _iter_utf16_chunks(
    fh: BinaryIO, encoding: str, on_replaced: Callable[[int], None] | None, chunk_bytes: int
) -> Iterator[TextChunk]:
    codec = "utf-16-le" if "le" in encoding.lower() else "utf-16-be"
    decoder = codecs.getincrementaldecoder(codec)(errors="replace")
    line = 1
    offset = 0
    rest = ""
    first = True
    while True:
        data = fh.read(chunk_bytes)
        final = not data
        text = rest + decoder.decode(data, final=final)
        if not final:
            cut = text.rfind("\n") + 1
            text, rest = text[:cut], text[cut:]
            if not text:
                continue
        if not text:
            break
        start = 0
        if first:
            first = False
            if text.startswith("\ufeff"):
                text = text[1:]
                start = 2
        if "\ufffd" in text and on_replaced is not None:
            for number, piece in enumerate(text.split("\n"), start=line):
                if "\ufffd" in piece:
                    on_replaced(number)
        yield TextChunk(text, line, offset + start, codec)
        line += text.count("\n")
        offset += start + len(text.encode(codec, errors="surrogatepass"))
        if final:
            break
